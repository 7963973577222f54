"""Finding themes: lexicon entries matched against tokens, counted with the right denominator.

The hit table has one row per match. Matching runs on all tokens (stop words
included) inside one segment. Overlaps are resolved so that nothing is
counted twice:

1. **Longest match wins**, across all themes: where an entry matches a run
   of tokens, every shorter match overlapping it is dropped (the phrase
   "Organisasi Kerja Sama Shanghai" of multilateralism stops cooperation's
   "kerja sama" there). Between matches of the same length, the higher
   weight wins, then the entry listed first.
2. **Themes share a token only where the lexicons say so**: two entries of
   different top-level themes that match exactly the same tokens are both
   kept (list the same expression in both lexicons to count it for both).
   Within one top-level theme (``security`` with all its sub-themes) a token
   is counted once.
3. **Exclusions** (entries of weight 0) claim their tokens against shorter
   entries of their own top-level theme only, and count for nothing
   (``keamanan penerbangan`` = flight safety stops security's ``keamanan``;
   an exclusion in ``security/aviation`` also stops ``security``).

:mod:`toolkit.themes_reference` states these rules as a short, slow matcher:
read it first. :func:`find_themes` runs the fast engine
(:mod:`toolkit._theme_engine`), which a test proves equal to it; lexicons
are compiled into token tests by :mod:`toolkit._compiled_lexicon`.

:func:`theme_rates` and :func:`explain_themes` are each two steps: a partial
step (:func:`theme_rates_partial`, :func:`explain_themes_partial`: integer
counts of part of a corpus, mergeable, see :mod:`toolkit.parts`) and
``finalize``; :func:`toolkit.analyze` runs the same steps chunk by chunk.
Their specification is :mod:`toolkit.rates_reference` (plain pandas
``groupby``; read it first), which a test proves equal to them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._compiled_lexicon import CompiledLexicon, as_compiled, compile_lexicon
from ._theme_engine import REGEX_TIMEOUT, candidate_spans, empty_hits, hits_table, resolve_overlaps
from ._count_engine import group_codes, group_frame, sum_by
from ._theme_rates import check_detected_documents, hit_token_rows, presence_counts
from ._validate import check_choice, check_columns, renamed
from .lexicon import load_lexicon
from .theme_tree import fold_themes, within_themes
from ._parts_merge import document_hashes
from .parts import ExplainThemesPart, ThemeRatesPart

__all__ = ["CompiledLexicon", "compile_lexicon", "find_themes", "theme_rates", "theme_rates_partial",
           "explain_themes", "explain_themes_partial", "rank_by_hits", "compare_word_and_stem", "HIT_COLUMNS",
           "REGEX_TIMEOUT"]

#: Columns of the hit table, in order.
HIT_COLUMNS = ("doc_id", "seg_id", "position", "start", "end", "theme", "entry", "match", "matched_text",
               "weight", "n_tokens", "lexicon")


def find_themes(tokens: pd.DataFrame, lexicon, *, overrides=True, include_excluded: bool = False) -> pd.DataFrame:
    """Find every theme expression of a lexicon in a tokens table.

    Parameters
    ----------
    tokens : pandas.DataFrame
        A tokens table from :func:`toolkit.prepare` (columns ``doc_id``,
        ``seg_id``, ``position``, ``start``, ``end``, ``text``, ``after``,
        ``token``, ``stem``), in text order. Stop words must not have been
        removed: matching runs on all tokens.
    lexicon : pandas.DataFrame, str, list or CompiledLexicon
        A lexicon table, shipped lexicon name(s) (``"security"``,
        ``["security", "connectivity"]``, ``"all"``) or a compiled lexicon.
    overrides : bool, dict, DataFrame or Stemmer, default True
        Stemming overrides for the entries: use the same as for ``tokens``.
    include_excluded : bool, default False
        Also return the matches of exclusions (weight 0), to audit them.

    Returns
    -------
    pandas.DataFrame
        One row per hit, sorted by document (in ``tokens`` order), then
        ``position``, then ``theme``; RangeIndex. Columns: ``doc_id``,
        ``seg_id``, ``position`` (int, first token of the match), ``start``,
        ``end`` (int, character offsets of the whole match in the document's
        text), ``theme``, ``entry``, ``match`` (str, from the lexicon),
        ``matched_text`` (str, the match exactly as written in the source),
        ``weight`` (float), ``n_tokens`` (int) and ``lexicon`` (str).
        Overlaps are resolved as the module docstring says: longest match
        wins; exactly shared spans count for each top-level theme that
        lists them; exclusions only block their own top-level theme.

    Raises
    ------
    ColumnError
        ``tokens`` lacks a needed column.

    See Also
    --------
    theme_rates, explain_themes, toolkit.load_lexicon

    Examples
    --------
    >>> import pandas as pd, toolkit as tk
    >>> docs = pd.DataFrame({"doc_id": ["a"], "text": [
    ...     "Kedua negara sepakat memperkuat kerja sama keamanan dan memerangi terorisme."]})
    >>> lex = tk.make_lexicon([
    ...     {"theme": "cooperation", "entry": "kerja sama", "match": "phrase", "gloss_en": "cooperation"},
    ...     {"theme": "security", "entry": "keamanan", "match": "word", "gloss_en": "security"},
    ...     {"theme": "security/terrorism", "entry": "terorisme", "match": "stem", "gloss_en": "terrorism"}])
    >>> hits = find_themes(tk.prepare(docs), lex)
    >>> hits[["position", "theme", "entry", "matched_text"]]
       position               theme       entry matched_text
    0         4         cooperation  kerja sama   kerja sama
    1         6            security    keamanan     keamanan
    2         9  security/terrorism   terorisme    terorisme

    The shipped lexicons work the same way: ``find_themes(tokens, "all")``.
    """
    check_columns(tokens, ["doc_id", "seg_id", "position", "start", "end", "text", "token", "stem"],
                  table_name="tokens", hint="Make one with tk.prepare(docs).")
    compiled = as_compiled(lexicon, overrides)
    if len(tokens) == 0 or not compiled.entries:
        return empty_hits(tokens)
    kept = resolve_overlaps(candidate_spans(tokens, compiled), include_excluded=include_excluded)
    return hits_table(tokens, compiled, kept)


def theme_rates(
    hits: pd.DataFrame,
    tokens: pd.DataFrame,
    *,
    by="doc_id",
    lexicon=None,
    level: int | None = 1,
    docs: pd.DataFrame | None = None,
    denominator: str = "all",
    detected: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Theme hits, weighted hits, rates per 1,000 tokens and shares, for every theme and group.

    Parameters
    ----------
    hits : pandas.DataFrame
        From :func:`find_themes` (exclusions left out).
    tokens : pandas.DataFrame
        The tokens table the hits were found in: it gives the denominator.
    by : str or list of str, default "doc_id"
        Group columns: columns of ``tokens`` (``doc_id``, ``seg_id``,
        ``speaker``, ...) or, when ``docs`` is given, of the docs table
        (``source``, ``date``, ...). ``by=[]`` gives one row per theme for
        the whole corpus.
    lexicon : pandas.DataFrame, str, list or CompiledLexicon, optional
        The themes to report: every theme of this lexicon is present, with
        zeros where it has no hit, and hits of other themes are left out.
        Without it, the themes seen in ``hits``.
    level : int or None, default 1
        Theme level to report: 1 folds ``security/terrorism`` into
        ``security``; None keeps the themes as written.
    docs : pandas.DataFrame, optional
        Docs table for group columns that are not in ``tokens``. Its
        documents without tokens (empty texts) are groups too, with 0
        tokens: pass it for per-document rates (the default
        ``by="doc_id"``) so that every document is listed and a join back
        to ``docs`` loses nothing; without it, only documents with tokens
        are.
    denominator : {"all", "content"}, default "all"
        ``"all"``: every token of the group; ``"content"``: tokens that are
        not stop words (needs ``is_stopword``).
    detected : pandas.DataFrame, optional
        Paragraph decisions of :func:`toolkit.detect_themes` for the same
        tokens (``unit="paragraph"`` or ``"sentence"``, top-level themes):
        adds the number of segments of each group and the share of them
        where the theme is present. Needs ``level=1``. (For a chunk's
        tokens and the whole table, use :func:`theme_rates_partial`, which
        leaves out the decisions about other documents.)

    Returns
    -------
    pandas.DataFrame
        One row per group × theme (every combination, zeros included),
        sorted by the group columns then theme, RangeIndex. Columns: the
        group columns, ``theme`` (str), ``hits`` (int, matches),
        ``weighted`` (float, sum of entry weights: the exact sum, correctly
        rounded, whatever the order of the hits), ``tokens`` (int, the
        denominator), ``rate_per_1000`` (float: hits / tokens × 1,000;
        missing (NaN) for a group without tokens, such as an empty document:
        no text, no rate), ``weighted_rate_per_1000`` (float, NaN likewise)
        and ``share`` (float: the theme's hits / all theme hits of the group;
        0 when the group has none). With ``detected``, also ``segments``
        (int: the group's segments), ``segments_present`` (int: those where
        the theme is present) and ``present_share`` (float: their share; NaN
        for a group without segments). A segment belongs to the group of its
        first token.

    See Also
    --------
    theme_rates_partial : the same table in two steps, for corpora read in chunks.
    find_themes, toolkit.count_terms

    Examples
    --------
    >>> import pandas as pd, toolkit as tk
    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "text": ["Kerja sama keamanan.", "Cuaca cerah hari ini."]})
    >>> tokens = tk.prepare(docs)
    >>> hits = find_themes(tokens, ["security", "cooperation"])
    >>> theme_rates(hits, tokens, lexicon=["security", "cooperation"])[
    ...     ["doc_id", "theme", "hits", "tokens", "rate_per_1000", "share"]]
      doc_id        theme  hits  tokens  rate_per_1000  share
    0      a  cooperation     1       3     333.333333    0.5
    1      a     security     1       3     333.333333    0.5
    2      b  cooperation     0       4       0.000000    0.0
    3      b     security     0       4       0.000000    0.0
    >>> with_empty = pd.concat([docs, pd.DataFrame({"doc_id": ["c"], "text": [""]})])  # c: no text, no tokens
    >>> theme_rates(hits, tokens, lexicon="security", docs=with_empty)[["doc_id", "hits", "tokens", "rate_per_1000"]]
      doc_id  hits  tokens  rate_per_1000
    0      a     1       3     333.333333
    1      b     0       4       0.000000
    2      c     0       0            NaN
    """
    if detected is not None:  # the same tokens: a decision about another document is a mistake here
        check_detected_documents(detected, tokens)
    return theme_rates_partial(hits, tokens, by=by, lexicon=lexicon, level=level, docs=docs, denominator=denominator,
                               detected=detected).finalize()


def theme_rates_partial(
    hits: pd.DataFrame,
    tokens: pd.DataFrame,
    *,
    by="doc_id",
    lexicon=None,
    level: int | None = 1,
    docs: pd.DataFrame | None = None,
    denominator: str = "all",
    detected: pd.DataFrame | None = None,
) -> ThemeRatesPart:
    """The first step of :func:`theme_rates`: integer counts of part of a corpus, to merge and finalize.

    ``theme_rates(hits, tokens, ...)`` is ``theme_rates_partial(hits,
    tokens, ...).finalize()``. Run it on each chunk of documents (its hits,
    tokens and, if used, docs and decisions), add the parts up (``+``,
    ``sum(parts)`` or :func:`toolkit.merge_parts`) and call ``.finalize()``
    once: the table equals :func:`theme_rates` of the whole corpus, for any
    split into chunks of whole documents.

    Parameters
    ----------
    hits : pandas.DataFrame
        From :func:`find_themes`: the hits of some documents.
    tokens : pandas.DataFrame
        All the tokens of those documents.
    by, lexicon, level, docs, denominator, detected
        As for :func:`theme_rates`. ``docs`` and ``detected`` may be those
        of the chunk or the whole tables (a group without tokens adds 0;
        decisions about documents not in ``tokens`` are left out).

    Returns
    -------
    ThemeRatesPart
        Tokens per group and hits per group, theme and entry weight (and,
        with ``detected``, segments and present segments): integers only.
        Merges only with parts made with the same options.

    Raises
    ------
    ColumnError
        A needed column is missing.
    ValueError
        A bad ``denominator``; ``detected`` with a ``level`` other than 1;
        hits or decisions that are not in ``tokens``.

    See Also
    --------
    theme_rates, toolkit.merge_parts, toolkit.analyze

    Examples
    --------
    >>> import pandas as pd, toolkit as tk
    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "text": ["Kerja sama keamanan.", "Cuaca cerah."]})
    >>> tokens = tk.prepare(docs)
    >>> hits = find_themes(tokens, "security")
    >>> parts = [theme_rates_partial(hits[hits["doc_id"] == d], tokens[tokens["doc_id"] == d], by=[],
    ...                              lexicon="security") for d in ["a", "b"]]
    >>> sum(parts).finalize()[["theme", "hits", "tokens", "rate_per_1000"]]
          theme  hits  tokens  rate_per_1000
    0  security     1       5          200.0
    """
    check_choice("denominator", denominator, ("all", "content"))
    by = [by] if isinstance(by, str) else list(by)
    check_columns(hits, ["doc_id", "position", "theme", "weight"], table_name="hits")
    need = ["doc_id", "position"] + (["is_stopword"] if denominator == "content" else [])
    check_columns(tokens, need, table_name="tokens")
    tok = group_frame(tokens, by, docs)
    n = len(tok)
    g_codes, groups = group_codes(tok, by, docs) if by else (np.zeros(n, np.int64), None)
    n_groups = len(groups) if by else 1
    counted = ~tok["is_stopword"].to_numpy(dtype=bool) if denominator == "content" else np.ones(n, bool)
    denom = np.bincount(g_codes[counted], minlength=n_groups) if n else np.zeros(n_groups, np.int64)
    hit, hit_themes, themes = _reported_themes(hits[hits["weight"] > 0], lexicon, level)
    # each hit's group: from its document when every group column is a document-level one, else from its token
    rows = hit_token_rows(tok, hit, all(c == "doc_id" or c not in tokens.columns for c in by))
    h_group = g_codes[rows].astype(np.int64) if len(rows) else np.zeros(0, np.int64)
    h_theme = pd.Index(themes).get_indexer(hit_themes) if len(hit) else np.zeros(0, np.int64)
    weights, w_codes = np.unique(hit["weight"].to_numpy(dtype=float), return_inverse=True)
    (cell_g, cell_t, cell_w), n_hits = sum_by([h_group, h_theme, w_codes.ravel()],
                                              [n_groups, len(themes), len(weights)], np.ones(len(hit), np.int64))
    presence = {}
    if detected is not None:
        segments, decided, present = presence_counts(detected, tok, g_codes, n_groups, level,
                                                     themes if lexicon is not None else None)
        presence = {"segments": segments, "decided": decided, "present": present}
    options = {"by": tuple(by), "lexicon": tuple(themes) if lexicon is not None else None, "level": level,
               "denominator": denominator, "detected": detected is not None}
    return ThemeRatesPart(options, document_hashes(tok["doc_id"]), groups, denom.astype(np.int64), tuple(themes),
                          cell_g, cell_t, weights[cell_w], n_hits, **presence)


def _reported_themes(hit: pd.DataFrame, lexicon, level) -> tuple[pd.DataFrame, pd.Series, list[str]]:
    """(the hits of the themes to report, their themes folded to ``level``, those themes sorted)."""
    hit_themes = fold_themes(hit["theme"].astype(str), level)
    if lexicon is None:
        return hit, hit_themes, sorted(set(hit_themes))
    names = lexicon.themes if isinstance(lexicon, CompiledLexicon) else (
        lexicon["theme"].tolist() if isinstance(lexicon, pd.DataFrame) else load_lexicon(lexicon)["theme"].tolist())
    themes = sorted(set(fold_themes(pd.Series(names, dtype="str"), level)))
    inside = hit_themes.isin(themes).to_numpy()
    return hit[inside], hit_themes[inside], themes



@renamed(theme="themes")
def explain_themes(hits: pd.DataFrame, *, themes=None, level: int | None = None) -> pd.DataFrame:
    """Which entries and word forms produced each theme's count: the audit trail of every number.

    Parameters
    ----------
    hits : pandas.DataFrame
        From :func:`find_themes`.
    themes : str or list of str, optional
        Only these themes and their sub-themes (``"security"`` keeps
        ``security/terrorism``), selected among the themes folded to
        ``level``.
    level : int or None, default None
        Fold sub-themes to this level (1: ``security/terrorism`` →
        ``security``).

    Returns
    -------
    pandas.DataFrame
        One row per theme × entry (an entry: its text and match type),
        sorted by theme then hits descending then entry (then match),
        RangeIndex. Columns: ``theme``, ``entry``, ``match`` (str),
        ``hits`` (int), ``weighted`` (float, the exact sum of the weights,
        correctly rounded), ``documents`` (int, documents
        with at least one hit of the entry) and ``forms`` (str: each form as
        written, lower-cased, a run of white space read as one space, with
        its count, most frequent first, ties A-Z:
        ``"keamanan ×3, pengamanan ×1"``). Exclusions (weight 0) are listed
        like any entry when the hits hold them (``find_themes(...,
        include_excluded=True)``), with ``weighted`` 0, so you can see what
        they took out; by default the hits hold none.

    See Also
    --------
    explain_themes_partial : the same table in two steps, for corpora read in chunks.

    Examples
    --------
    >>> import pandas as pd, toolkit as tk
    >>> docs = pd.DataFrame({"doc_id": ["a"], "text": ["Pertahanan dan mempertahankan. Kerja sama, kerjasama."]})
    >>> lex = tk.make_lexicon([{"theme": "security/defence", "entry": "pertahanan", "match": "stem"},
    ...                        {"theme": "cooperation", "entry": "kerja sama", "match": "phrase"},
    ...                        {"theme": "cooperation", "entry": "kerjasama", "match": "word"}])
    >>> explain_themes(find_themes(tk.prepare(docs), lex))[["theme", "entry", "hits", "forms"]]
                  theme       entry  hits                            forms
    0       cooperation  kerja sama     1                    kerja sama ×1
    1       cooperation   kerjasama     1                     kerjasama ×1
    2  security/defence  pertahanan     2  mempertahankan ×1, pertahanan ×1
    """
    return explain_themes_partial(hits, themes=themes, level=level).finalize()


def explain_themes_partial(hits: pd.DataFrame, *, themes=None, level: int | None = None) -> ExplainThemesPart:
    """The first step of :func:`explain_themes`: counts per entry and form of part of a corpus, to merge and finalize.

    ``explain_themes(hits, ...)`` is ``explain_themes_partial(hits,
    ...).finalize()``. Run it on the hits of each chunk of documents, add
    the parts up (``+``, ``sum(parts)`` or :func:`toolkit.merge_parts`) and
    call ``.finalize()`` once: the table equals :func:`explain_themes` of
    all the hits, for any split into chunks of whole documents (a document's
    hits in one chunk, so that ``documents`` adds up).

    Parameters
    ----------
    hits : pandas.DataFrame
        From :func:`find_themes`: the hits of some documents.
    themes, level
        As for :func:`explain_themes`.

    Returns
    -------
    ExplainThemesPart
        Hits per entry and weight, per entry and form, and documents per
        entry. Merges only with parts made with the same options.

    Raises
    ------
    ColumnError
        ``hits`` lacks a needed column.

    See Also
    --------
    explain_themes, toolkit.merge_parts, toolkit.analyze

    Examples
    --------
    >>> import pandas as pd, toolkit as tk
    >>> tokens = tk.prepare(pd.DataFrame({"doc_id": ["a", "b"], "text": ["Keamanan negara.", "Keamanan, keamanan."]}))
    >>> hits = find_themes(tokens, "security")
    >>> part = sum(explain_themes_partial(hits[hits["doc_id"] == d]) for d in ["a", "b"])
    >>> part.finalize()[["entry", "hits", "documents", "forms"]]
          entry  hits  documents        forms
    0  keamanan     3          2  keamanan ×3
    """
    check_columns(hits, ["doc_id", "theme", "entry", "match", "matched_text", "weight"], table_name="hits")
    h = hits[["doc_id", "theme", "entry", "match", "matched_text", "weight"]].copy()
    doc_hashes = document_hashes(h["doc_id"])
    h["theme"] = fold_themes(h["theme"].astype(str), level)
    if themes is not None:
        h = h[within_themes(h["theme"], themes)]
    keys = ["theme", "entry", "match"]
    h = h.dropna(subset=keys)  # a hit without an entry belongs to no row
    h["form"] = h["matched_text"].str.lower().str.split().str.join(" ")
    options = {"themes": (themes,) if isinstance(themes, str) else None if themes is None else tuple(themes),
               "level": level}
    # a hit with a missing weight still counts (and adds 0 to weighted); one with a missing form has no form
    return ExplainThemesPart(
        options, doc_hashes, h.groupby(keys + ["weight"], dropna=False, sort=False).size().rename("n").reset_index(),
        h.groupby(keys + ["form"], sort=False).size().rename("n").reset_index(),
        h.groupby(keys, sort=False)["doc_id"].nunique().rename("n").reset_index())


@renamed(theme="themes")
def rank_by_hits(hits: pd.DataFrame, *, by="doc_id", themes=None) -> pd.DataFrame:
    """Documents (or paragraphs, speakers ...) ranked by their number of theme hits.

    Parameters
    ----------
    hits : pandas.DataFrame
        From :func:`find_themes`.
    by : str or list of str, default "doc_id"
        The unit: ``"doc_id"``, ``["doc_id", "seg_id"]`` (paragraphs), or
        any other column of ``hits``.
    themes : str or list of str, optional
        Count only these themes and their sub-themes.

    Returns
    -------
    pandas.DataFrame
        The ``by`` columns and ``hits`` (int), most hits first, ties in
        ascending order of the ``by`` columns; RangeIndex. Units without a
        hit are not listed (see :func:`theme_rates` for rates with zeros).

    Examples
    --------
    >>> import pandas as pd, toolkit as tk
    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "text": ["Keamanan.", "Keamanan dan pertahanan."]})
    >>> hits = find_themes(tk.prepare(docs), tk.make_lexicon([
    ...     {"theme": "security", "entry": "keamanan", "match": "word"},
    ...     {"theme": "security/defence", "entry": "pertahanan", "match": "word"}]))
    >>> rank_by_hits(hits)
      doc_id  hits
    0      b     2
    1      a     1
    """
    by = [by] if isinstance(by, str) else list(by)
    check_columns(hits, by + ["theme", "weight"], table_name="hits")
    h = hits[hits["weight"] > 0]
    if themes is not None:
        h = h[within_themes(h["theme"], themes)]
    counts = h.groupby(by, sort=True).size().rename("hits").reset_index()
    counts["hits"] = counts["hits"].astype("int64")
    return counts.sort_values(["hits"] + by, ascending=[False] + [True] * len(by), kind="stable").reset_index(drop=True)


def compare_word_and_stem(tokens: pd.DataFrame, lexicon, *, overrides=True) -> pd.DataFrame:
    """What stem matching would add: each entry's hits as shipped and with every ``word`` entry read as a stem.

    Parameters
    ----------
    tokens : pandas.DataFrame
        From :func:`toolkit.prepare`.
    lexicon : pandas.DataFrame, str or list
        A lexicon table or shipped lexicon name(s).
    overrides : bool, dict, DataFrame or Stemmer, default True

    Returns
    -------
    pandas.DataFrame
        One row per entry whose number of hits changes, sorted by theme and
        entry, RangeIndex: ``theme``, ``entry`` (str), ``hits_shipped``,
        ``hits_as_stem`` (int) and ``forms`` (str: the forms found when read
        as a stem, with counts, as in :func:`explain_themes`).

    Examples
    --------
    >>> import pandas as pd, toolkit as tk
    >>> docs = pd.DataFrame({"doc_id": ["a"], "text": ["Keamanan terjaga, kota aman dan diamankan."]})
    >>> lex = tk.make_lexicon([{"theme": "security", "entry": "keamanan", "match": "word"}])
    >>> compare_word_and_stem(tk.prepare(docs), lex)[["entry", "hits_shipped", "hits_as_stem", "forms"]]
          entry  hits_shipped  hits_as_stem                               forms
    0  keamanan             1             3  aman ×1, diamankan ×1, keamanan ×1
    """
    if not isinstance(lexicon, pd.DataFrame):
        lexicon = load_lexicon(lexicon)
    as_stems = lexicon.assign(match=lexicon["match"].replace({"word": "stem"}))
    shipped = explain_themes(find_themes(tokens, lexicon, overrides=overrides))
    stemmed = explain_themes(find_themes(tokens, as_stems, overrides=overrides))
    table = stemmed[["theme", "entry", "hits", "forms"]].merge(
        shipped[["theme", "entry", "hits"]], on=["theme", "entry"], how="outer", suffixes=("_as_stem", "_shipped"))
    for c in ("hits_as_stem", "hits_shipped"):
        table[c] = table[c].fillna(0).astype("int64")
    table["forms"] = table["forms"].fillna("").astype("str")
    changed = table[table["hits_as_stem"] != table["hits_shipped"]]
    return changed.sort_values(["theme", "entry"], kind="stable")[
        ["theme", "entry", "hits_shipped", "hits_as_stem", "forms"]].reset_index(drop=True)
