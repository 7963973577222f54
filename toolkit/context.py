"""Reading in context: keyword-in-context lines and collocations."""

from __future__ import annotations

import html
import math
from typing import Literal

import numpy as np
import pandas as pd

from . import _codes
from ._tokenize_engine import segment_key, token_spans
from ._validate import check_choice, check_columns, check_int, renamed
from .theme_tree import within_themes
from .stemming import get_stemmer as _default_stemmer
from .text import normalize_token

__all__ = ["kwic", "kwic_themes", "top_segments", "format_kwic", "collocations", "filter_docs"]


def _pattern_elements(pattern: str, on: str, overrides) -> list[str]:
    words = [normalize_token(pattern[a:b]) for a, b in token_spans(pattern)]
    if not words:
        raise ValueError(f"pattern={pattern!r} holds no word.")
    if on == "stem":
        stemmer = _default_stemmer(overrides)
        words = stemmer.stem_words(words)
    return words


def _contexts(tokens: pd.DataFrame, rows: np.ndarray, lengths: np.ndarray, window: int) -> tuple[list, list, list]:
    """Left, match and right strings for matches starting at ``rows`` (same segment only)."""
    texts = tokens["text"].to_numpy()
    afters = tokens["after"].to_numpy() if "after" in tokens.columns else np.full(len(tokens), " ", dtype=object)
    seg = segment_key(tokens)
    n = len(tokens)
    lefts, matches, rights = [], [], []
    for r0, length in zip(rows, lengths):
        r1 = r0 + length - 1
        a = r0
        while a > 0 and r0 - a < window and seg[a - 1] == seg[r0]:
            a -= 1
        b = r1
        while b < n - 1 and b - r1 < window and seg[b + 1] == seg[r0]:
            b += 1
        lefts.append("".join(texts[k] + afters[k] for k in range(a, r0)).strip())
        matches.append("".join(texts[k] + afters[k] for k in range(r0, r1)) + texts[r1])
        rights.append((afters[r1] + "".join(texts[k] + afters[k] for k in range(r1 + 1, b + 1))).strip())
    return lefts, matches, rights


def _pattern_list(pattern, name: str = "pattern") -> list[str]:
    """A pattern, or a non-empty list or tuple of them, as a list of str."""
    if isinstance(pattern, str):
        return [pattern]
    if isinstance(pattern, (list, tuple)) and pattern and all(isinstance(p, str) for p in pattern):
        return list(pattern)
    raise ValueError(f"{name}={pattern!r} is not allowed; give a word or phrase, or a list of them.")


def _match_rows(tokens: pd.DataFrame, words: list[str], on: str) -> np.ndarray:
    """Rows of ``tokens`` where the sequence ``words`` starts (inside one segment, consecutive positions)."""
    values, uniques = _codes.factorize(tokens[on])  # compared as integer codes, not as strings

    def code(word: str) -> int:
        found = np.flatnonzero(uniques == word)
        return int(found[0]) if len(found) else -2  # (-2: no row has it; -1 is a missing value)

    n = len(tokens)
    rows = np.flatnonzero(values == code(words[0]))
    if len(words) > 1:
        seg = segment_key(tokens)
        pos = tokens["position"].to_numpy()
        for m, w in enumerate(words[1:], start=1):
            rows = rows[rows + m < n]
            nxt = rows + m
            rows = rows[(values[nxt] == code(w)) & (seg[nxt] == seg[rows]) & (pos[nxt] == pos[rows] + m)]
    return rows


def _with_docs(lines: pd.DataFrame, docs: pd.DataFrame | None) -> pd.DataFrame:
    """``lines`` with every column of ``docs`` but its text (title, date, source ...), joined by doc_id."""
    if docs is None:
        return lines
    check_columns(docs, ["doc_id"], table_name="docs")
    meta = docs.drop(columns=[c for c in ("text",) if c in docs.columns])
    if not meta["doc_id"].is_unique:
        raise ValueError("docs has duplicate doc_id values; each document must appear once.")
    clash = [c for c in meta.columns if c != "doc_id" and c in lines.columns]
    if clash:
        raise ValueError(f"docs has a column {clash[0]!r}, which the lines already have; rename it in docs "
                         f"(docs.rename(columns={{{clash[0]!r}: 'doc_{clash[0]}'}})).")
    meta = meta.assign(doc_id=meta["doc_id"].astype(_codes.decoded(lines["doc_id"][:0]).dtype))
    return lines.merge(meta, on="doc_id", how="left", sort=False)


@renamed(on="term")
def kwic(
    tokens: pd.DataFrame,
    pattern,
    *,
    term: Literal["stem", "token"] = "stem",
    window: int = 6,
    overrides=True,
    docs: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Keyword in context: every place a word or phrase occurs, with the words around it.

    Parameters
    ----------
    tokens : pandas.DataFrame
        A tokens table from :func:`toolkit.prepare`, in text order.
    pattern : str or list of str
        A word or a phrase, or a list of them (each is looked for; a token
        run found by two patterns gives two lines). A pattern is normalised
        like tokens; with ``term="stem"`` each word is also stemmed, so
        ``"keamanan"`` finds keamanan, mengamankan, aman ... (every form of
        the stem *aman*).
    term : {"stem", "token"}, default "stem"
        Match stems, or exact (normalised) word forms.
    window : int, default 6
        Tokens of context on each side, taken from the same segment.
    overrides : bool, dict, DataFrame or Stemmer, default True
        Stemming overrides for the pattern (use the same as for the tokens).
    docs : pandas.DataFrame, optional
        The docs table: its columns other than ``text`` (``title``,
        ``date``, ``source`` ... whatever it has) are added to each line,
        by ``doc_id``.

    Returns
    -------
    pandas.DataFrame
        One row per occurrence, in text order (then pattern order),
        RangeIndex: ``doc_id``, ``seg_id``, ``position`` (int, first
        token), ``start``, ``end`` (int, offsets of the match in the
        document's text), ``pattern`` (str, the pattern as given; only
        when ``pattern`` is a list), ``left``, ``match``, ``right`` (str:
        the original text, as written, with its punctuation; not stems),
        then the columns of ``docs`` when given. Context stays inside the
        segment and starts at its first word: punctuation before that word
        (an opening quote) is not in the tokens table. Show it with
        :func:`format_kwic`.

    Raises
    ------
    ValueError
        A pattern without a word, a bad ``window``, or a ``docs`` column
        that clashes with a KWIC column.

    See Also
    --------
    filter_docs : the documents where patterns occur.

    Examples
    --------
    >>> import toolkit as tk
    >>> lines = kwic(tk.prepare(tk.load_sample()), "kerja sama", window=3)
    >>> len(lines)
    6
    >>> lines.loc[0, ["left", "match", "right"]].tolist()
    ['Kazakhstan menyepakati perjanjian', 'kerja sama', 'strategis yang komprehensif']
    >>> docs = tk.load_sample()
    >>> lines = kwic(tk.prepare(docs), ["Jalur Sutra", "terorisme"], window=2, docs=docs)
    >>> lines[["pattern", "match", "publisher", "dateline"]]
           pattern        match       publisher dateline
    0  Jalur Sutra  Jalur Sutra  Beritasatu.com  Beijing
    1    terorisme    terorisme  Beritasatu.com  Beijing
    """
    check_choice("term", term, ("stem", "token"))
    check_int("window", window, 0)
    check_columns(tokens, ["doc_id", "seg_id", "position", "start", "end", "text", term], table_name="tokens",
                  hint="Make one with tk.prepare(docs).")
    patterns = _pattern_list(pattern)
    elements = [_pattern_elements(p, term, overrides) for p in patterns]
    found = [_match_rows(tokens, words, term) for words in elements]
    rows = np.concatenate(found).astype(np.int64)
    which = np.repeat(np.arange(len(patterns)), [len(f) for f in found])
    order = np.lexsort((which, rows))
    rows, which = rows[order], which[order]
    lengths = np.array([len(words) for words in elements], dtype=np.int64)[which]
    left, match, right = _contexts(tokens, rows, lengths, window)
    last = rows + lengths - 1
    out = pd.DataFrame(
        {
            "doc_id": tokens["doc_id"].to_numpy()[rows] if len(rows) else pd.Series([], dtype=tokens["doc_id"].dtype),
            "seg_id": tokens["seg_id"].to_numpy()[rows].astype("int64"),
            "position": tokens["position"].to_numpy()[rows].astype("int64"),
            "start": tokens["start"].to_numpy()[rows].astype("int64"),
            "end": tokens["end"].to_numpy()[last].astype("int64"),
            "pattern": pd.Series(np.asarray(patterns, dtype=object)[which], dtype="str"),
            "left": pd.Series(left, dtype="str"),
            "match": pd.Series(match, dtype="str"),
            "right": pd.Series(right, dtype="str"),
        }
    )
    if isinstance(pattern, str):
        out = out.drop(columns="pattern")
    return _with_docs(out, docs)


@renamed(on="term")
def filter_docs(
    docs: pd.DataFrame,
    tokens: pd.DataFrame,
    *,
    any_of=(),
    all_of=(),
    term: Literal["stem", "token"] = "stem",
    overrides=True,
) -> pd.DataFrame:
    """The documents in which words or phrases occur: any of some, all of others.

    Patterns are matched as by :func:`kwic` (normalised; stemmed with
    ``term="stem"``, so ``"keamanan"`` also finds *mengamankan*; a phrase
    matches consecutive words inside one segment). The input is not
    modified.

    Parameters
    ----------
    docs : pandas.DataFrame
        The docs table (``doc_id`` and any metadata).
    tokens : pandas.DataFrame
        Its tokens table (:func:`toolkit.prepare`).
    any_of : str or list of str, optional
        Keep a document where at least one of these occurs.
    all_of : str or list of str, optional
        Keep a document where every one of these occurs. With both, a
        document must pass both tests.
    term : {"stem", "token"}, default "stem"
        Match stems, or exact (normalised) word forms.
    overrides : bool, dict, DataFrame or Stemmer, default True
        Stemming overrides for the patterns (use the same as for the tokens).

    Returns
    -------
    pandas.DataFrame
        The rows of ``docs`` that match, with all their columns, in the
        order of ``docs``; RangeIndex.

    Raises
    ------
    ValueError
        Neither ``any_of`` nor ``all_of`` is given, or a pattern holds no word.

    See Also
    --------
    kwic : the lines where the patterns occur.

    Examples
    --------
    >>> import pandas as pd, toolkit as tk
    >>> docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "text": [
    ...     "Kerja sama keamanan maritim.", "Pelabuhan baru dibuka.", "Polisi mengamankan pelabuhan."]})
    >>> tokens = tk.prepare(docs)
    >>> filter_docs(docs, tokens, any_of=["keamanan", "kerja sama"])["doc_id"].tolist()
    ['a', 'c']
    >>> filter_docs(docs, tokens, any_of="pelabuhan", all_of="keamanan", term="token")["doc_id"].tolist()
    []
    >>> filter_docs(docs, tokens, all_of=["pelabuhan", "aman"])["doc_id"].tolist()
    ['c']
    """
    check_choice("term", term, ("stem", "token"))
    check_columns(docs, ["doc_id"], table_name="docs")
    check_columns(tokens, ["doc_id", "seg_id", "position", term], table_name="tokens",
                  hint="Make one with tk.prepare(docs).")
    if not any_of and not all_of:
        raise ValueError("give any_of= or all_of= (a word or phrase, or a list of them): the documents to keep.")
    doc_codes, doc_ids = _codes.factorize(tokens["doc_id"])

    def where(pattern: str) -> set:
        return set(doc_ids[doc_codes[_match_rows(tokens, _pattern_elements(pattern, term, overrides), term)]].tolist())

    keep = np.ones(len(docs), dtype=bool)
    if any_of:
        keep &= docs["doc_id"].isin(set().union(*(where(p) for p in _pattern_list(any_of, "any_of")))).to_numpy()
    for p in _pattern_list(all_of, "all_of") if all_of else []:
        keep &= docs["doc_id"].isin(where(p)).to_numpy()
    return docs[keep].reset_index(drop=True)


@renamed(theme="themes")
def kwic_themes(hits: pd.DataFrame, tokens: pd.DataFrame, *, themes=None, window: int = 6,
                docs: pd.DataFrame | None = None) -> pd.DataFrame:
    """Keyword in context for theme hits: each hit of :func:`toolkit.find_themes` with its context.

    Parameters
    ----------
    hits : pandas.DataFrame
        From :func:`toolkit.find_themes`.
    tokens : pandas.DataFrame
        The tokens table the hits were found in.
    themes : str or list of str, optional
        Only these themes and their sub-themes.
    window : int, default 6
    docs : pandas.DataFrame, optional
        The docs table: its columns other than ``text`` are added to each
        line, as in :func:`kwic`.

    Returns
    -------
    pandas.DataFrame
        One row per hit, in hit order, RangeIndex: ``doc_id``, ``seg_id``,
        ``position``, ``start``, ``end``, ``theme``, ``entry``, ``left``,
        ``match``, ``right`` (original text), then the columns of ``docs``
        when given.

    Examples
    --------
    >>> import toolkit as tk
    >>> tokens = tk.prepare(tk.load_sample())
    >>> lines = kwic_themes(tk.find_themes(tokens, "security"), tokens, themes="security", window=2)
    >>> lines.loc[lines["entry"] == "tiga kekuatan jahat", "match"].tolist()
    ['tiga kekuatan jahat', 'tiga kekuatan jahat']
    """
    check_int("window", window, 0)
    check_columns(hits, ["doc_id", "position", "n_tokens", "theme", "entry"], table_name="hits")
    check_columns(tokens, ["doc_id", "seg_id", "position", "start", "end", "text"], table_name="tokens")
    h = hits
    if themes is not None:
        h = h[within_themes(h["theme"], themes)]
    index = pd.Series(np.arange(len(tokens)), index=pd.MultiIndex.from_arrays([tokens["doc_id"], tokens["position"]]))
    rows = index.reindex(pd.MultiIndex.from_arrays([h["doc_id"], h["position"]])).to_numpy()
    if np.isnan(rows.astype(float)).any():
        raise ValueError("hits point at tokens that are not in the tokens table: pass the tokens the hits came from.")
    rows = rows.astype(int)
    left, match, right = _contexts(tokens, rows, h["n_tokens"].to_numpy(), window)
    out = h[["doc_id", "seg_id", "position", "start", "end", "theme", "entry"]].reset_index(drop=True)
    out["doc_id"] = _codes.decoded(out["doc_id"])  # str, as kwic gives it
    out["left"] = pd.Series(left, dtype="str")
    out["match"] = pd.Series(match, dtype="str")
    out["right"] = pd.Series(right, dtype="str")
    return _with_docs(out, docs)


def top_segments(hits: pd.DataFrame, docs: pd.DataFrame, *, n: int = 5, themes=None,
                 unit: Literal["paragraph", "sentence", "document"] = "paragraph") -> pd.DataFrame:
    """The ``n`` paragraphs (or sentences) with most theme hits, with their text: the passages behind a count.

    Segments are ranked as by ``tk.rank_by_hits(hits, by=["doc_id",
    "seg_id"], themes=themes)`` (hits that count; most first, ties in order
    of document and paragraph), and their text is taken from ``docs`` as
    :func:`toolkit.segment` cuts it. To read one document's, pass its hits:
    ``top_segments(hits[hits["doc_id"] == "a"], docs)``.

    Parameters
    ----------
    hits : pandas.DataFrame
        From :func:`toolkit.find_themes`. Not modified.
    docs : pandas.DataFrame
        The docs table the hits come from (``doc_id``, ``text``). Not modified.
    n : int, default 5
        How many segments.
    themes : str or list of str, optional
        Count only these themes and their sub-themes.
    unit : {"paragraph", "sentence", "document"}, default "paragraph"
        The segments the tokens were made of (the ``unit`` given to
        :func:`toolkit.prepare`), so that ``seg_id`` finds the same text.

    Returns
    -------
    pandas.DataFrame
        At most ``n`` rows, most hits first; RangeIndex. Columns ``doc_id``
        (str), ``seg_id`` (int), ``hits`` (int), ``start`` and ``end`` (int:
        the segment's character offsets in the document's text) and
        ``text`` (str). Segments without a hit are not listed.

    Raises
    ------
    ColumnError, KeyError
        ``docs`` or ``hits`` lacks a needed column.
    ValueError
        A bad ``n`` or ``unit``; or a ranked segment that is not in ``docs``
        as cut by ``unit``, or that does not hold its hits (the tokens were
        prepared with another ``unit``, or ``docs`` is another table).

    See Also
    --------
    toolkit.rank_by_hits, kwic_themes

    Examples
    --------
    >>> import pandas as pd, toolkit as tk
    >>> docs = pd.DataFrame({"doc_id": ["a"], "text": ["Kerja sama ekonomi.\\n\\nKeamanan dan terorisme."]})
    >>> hits = tk.find_themes(tk.prepare(docs), ["security", "cooperation"])
    >>> top_segments(hits, docs, n=1)
      doc_id  seg_id  hits  start  end                    text
    0      a       1     2     21   44  Keamanan dan terorisme.
    """
    from .text import segment
    from .themes import rank_by_hits

    check_int("n", n, 1)
    check_choice("unit", unit, ("paragraph", "sentence", "document"))
    check_columns(docs, ["doc_id", "text"], table_name="docs")
    ranked = rank_by_hits(hits, by=["doc_id", "seg_id"], themes=themes).head(n)
    ranked["doc_id"] = _codes.decoded(ranked["doc_id"]).astype("str")
    segments = segment(docs[docs["doc_id"].astype("str").isin(ranked["doc_id"])], unit=unit)
    segments = segments[["doc_id", "seg_id", "start", "end", "text"]].astype({"doc_id": "str"})
    out = ranked.merge(segments, on=["doc_id", "seg_id"], how="left")
    _check_segments_hold_hits(out, hits, unit)
    return out


def _check_segments_hold_hits(out: pd.DataFrame, hits: pd.DataFrame, unit: str) -> None:
    """Raise ValueError when a ranked segment is not in the docs as cut by ``unit``, or does not hold its hits
    (the tokens were prepared with another unit, or the docs are not the ones the hits come from)."""
    if out.empty or not {"start", "end"} <= set(hits.columns):
        return
    mine = hits[hits["doc_id"].astype("str").isin(out["doc_id"])]
    spans = (mine.assign(doc_id=mine["doc_id"].astype("str")).groupby(["doc_id", "seg_id"], observed=True)
             .agg(lo=("start", "min"), hi=("end", "max")).reset_index())
    checked = out.merge(spans, on=["doc_id", "seg_id"], how="left")
    bad = checked[checked["start"].isna() | (checked["lo"] < checked["start"]) | (checked["hi"] > checked["end"])]
    if len(bad):
        row = bad.iloc[0]
        where = "is not there" if pd.isna(row["start"]) else f"spans characters {int(row['start'])}-{int(row['end'])}"
        raise ValueError(
            f"top_segments: document {row['doc_id']!r}, segment {row['seg_id']}: its hits lie at characters "
            f"{int(row['lo'])}-{int(row['hi'])}, but that segment of the docs cut with unit={unit!r} {where}. Pass the "
            "unit= the tokens were prepared with, and the docs table the hits come from.")


def format_kwic(lines: pd.DataFrame, *, max_rows: int = 200):
    """A readable HTML view of KWIC lines for Jupyter: left context right-aligned, match in bold.

    Parameters
    ----------
    lines : pandas.DataFrame
        From :func:`kwic` or :func:`kwic_themes`.
    max_rows : int, default 200
        Rows shown (the table itself is not cut).

    Returns
    -------
    IPython.display.HTML or str
        An object Jupyter shows as a table (a plain HTML string when IPython
        is not installed).

    Examples
    --------
    >>> import pandas as pd
    >>> view = format_kwic(pd.DataFrame({"doc_id": ["a"], "seg_id": [0], "left": ["kedua negara"],
    ...                                  "match": ["kerja sama"], "right": ["keamanan"]}))
    >>> "<b>kerja sama</b>" in getattr(view, "data", view)
    True
    """
    check_int("max_rows", max_rows, 1)
    check_columns(lines, ["left", "match", "right"], table_name="lines")
    show = lambda v: "" if v is None or (isinstance(v, float) and math.isnan(v)) else str(v)  # noqa: E731
    extra = [c for c in ("doc_id", "seg_id", "pattern", "theme") if c in lines.columns]
    head = "".join(f"<th>{html.escape(c)}</th>" for c in extra)
    body = []
    for row in lines.head(max_rows).itertuples(index=False):
        cells = "".join(f"<td style='color:#666'>{html.escape(str(getattr(row, c)))}</td>" for c in extra)
        body.append(
            f"<tr>{cells}<td style='text-align:right;white-space:nowrap'>{html.escape(show(row.left))}</td>"
            f"<td style='text-align:center;white-space:nowrap'><b>{html.escape(show(row.match))}</b></td>"
            f"<td style='text-align:left;white-space:nowrap'>{html.escape(show(row.right))}</td></tr>"
        )
    more = f"<p>{len(lines) - max_rows} more lines not shown.</p>" if len(lines) > max_rows else ""
    markup = (
        "<table style='font-family:monospace'><thead><tr>" + head
        + "<th style='text-align:right'>left</th><th>match</th><th style='text-align:left'>right</th></tr></thead>"
        + "<tbody>" + "".join(body) + "</tbody></table>" + more
    )
    try:
        from IPython.display import HTML
    except ImportError:  # pragma: no cover
        return markup
    return HTML(markup)


@renamed(on="term")
def collocations(
    tokens: pd.DataFrame,
    *,
    measure: Literal["pmi", "likelihood_ratio"] = "pmi",
    min_count: int = 3,
    term: Literal["stem", "token"] = "stem",
    include_stopwords: bool = False,
    window: int = 2,
) -> pd.DataFrame:
    """Word pairs that occur together more often than chance, scored with NLTK's association measures.

    Pairs are counted inside segments with NLTK's
    :class:`~nltk.collocations.BigramCollocationFinder` (``window=2``:
    adjacent words; larger windows also pair words up to ``window - 1``
    apart) and scored with :class:`~nltk.metrics.BigramAssocMeasures`:
    ``pmi`` is log2 of observed over expected co-occurrence; ``likelihood_ratio``
    is Dunning's log-likelihood G² over the 2×2 contingency table. As in
    NLTK, the total N is every word of the sequences, stop words included
    (the stop-word filter removes candidate pairs, not words).

    Parameters
    ----------
    tokens : pandas.DataFrame
        From :func:`toolkit.prepare`.
    measure : {"pmi", "likelihood_ratio"}, default "pmi"
    min_count : int, default 3
        Keep pairs seen at least this often (PMI overrates rare pairs).
    term : {"stem", "token"}, default "stem"
    include_stopwords : bool, default False
        When False, a pair with a stop word is not a candidate (a stem
        counts as a stop word when any of its tokens is flagged).
    window : int, default 2

    Returns
    -------
    pandas.DataFrame
        One row per pair, sorted by ``score`` descending then the words,
        RangeIndex: ``word1``, ``word2`` (str), ``count`` (int, pair
        frequency), ``count1``, ``count2`` (int, word frequencies),
        ``score`` (float) and ``measure`` (str).

    Examples
    --------
    >>> import toolkit as tk
    >>> pairs = collocations(tk.prepare(tk.load_sample()), min_count=2, include_stopwords=True)
    >>> ("kerja", "sama") in set(zip(pairs["word1"], pairs["word2"]))
    True
    """
    from nltk.collocations import BigramCollocationFinder
    from nltk.metrics import BigramAssocMeasures

    check_choice("measure", measure, ("pmi", "likelihood_ratio"))
    check_choice("term", term, ("stem", "token"))
    check_int("min_count", min_count, 1)
    check_int("window", window, 2)
    check_columns(tokens, ["doc_id", "seg_id", term] + ([] if include_stopwords else ["is_stopword"]),
                  table_name="tokens", hint="Make one with tk.prepare(docs).")
    sequences = [group.tolist() for _, group in tokens.groupby(["doc_id", "seg_id"], sort=False)[term]]
    finder = BigramCollocationFinder.from_documents(sequences) if window == 2 else \
        BigramCollocationFinder.from_words([w for seq in sequences for w in seq + [None] * (window - 1)],
                                           window_size=window)
    finder.apply_word_filter(lambda w: w is None)
    if not include_stopwords:
        stops = set(tokens.loc[tokens["is_stopword"].astype(bool), term])
        finder.apply_word_filter(lambda w: w in stops)
    finder.apply_freq_filter(min_count)
    scorer = getattr(BigramAssocMeasures, measure)
    scored = finder.score_ngrams(scorer)
    rows = [
        {"word1": w1, "word2": w2, "count": finder.ngram_fd[(w1, w2)], "count1": finder.word_fd[w1],
         "count2": finder.word_fd[w2], "score": float(score), "measure": measure}
        for (w1, w2), score in scored
    ]
    out = pd.DataFrame(rows, columns=["word1", "word2", "count", "count1", "count2", "score", "measure"])
    if len(out):
        out = out.sort_values(["score", "word1", "word2"], ascending=[False, True, True], kind="stable")
    out = out.reset_index(drop=True)
    for c in ("count", "count1", "count2"):
        out[c] = out[c].astype("int64")
    out["score"] = out["score"].astype("float64")
    return out
