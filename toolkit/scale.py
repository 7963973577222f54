"""Corpora larger than memory: read in chunks, analyse chunk by chunk (or partition by partition with Dask), merge exactly.

The in-memory path loads the whole corpus and keeps every token::

    docs = tk.load_corpus(path)
    tokens = tk.prepare(docs)
    hits = tk.find_themes(tokens, lexicon)
    tk.theme_rates(hits, tokens, by=..., lexicon=lexicon, docs=docs)
    tk.count_terms(tokens, by=..., docs=docs)

:func:`analyze` gives the same tables without ever holding more than one
chunk of documents, its tokens and its hits: each chunk is reduced to
integer counts keyed by group values (tokens per group; hits per group,
theme and entry weight; terms per group), the counts are added up, and the
rates, shares and ranks are computed once at the end, built the way
:func:`toolkit.theme_rates` and :func:`toolkit.count_terms` build them.
:func:`analyze_dask` does the same per partition of a Dask DataFrame, on any
Dask scheduler. The chunks are read by :mod:`toolkit.corpus`'s reader layer,
the one :func:`toolkit.load_corpus` and :func:`iter_corpus` (re-exported
here) read with: same sources, options, checks and messages.

Why the results are equal, not just close
-----------------------------------------
Every document is segmented, tokenised, stemmed and matched on its own, so
a chunk's tokens and hits are exactly the whole corpus's tokens and hits of
those documents. Counts are integers and add up exactly, in any grouping of
chunks or partitions. The one float that is summed, ``weighted`` (the sum of
entry weights), is kept as integer counts per distinct weight and summed
exactly at the end: the result is the exact sum, correctly rounded. The
in-memory running sum gives that same value whenever the sum is exact in
float64, which holds for weights such as 1, 0.5 or 0.25 (every shipped
lexicon) up to about 10**15 hits. With weights such as 0.1 a running sum
depends on the order of the hits and can differ from the exact sum in the
last digit or two (relative 1e-16 per hit); the streaming value is the
exact one, the same for every chunk size and partitioning.

Memory
------
Peak memory is that of one chunk plus the merged counts, which grow with the
number of groups and distinct terms (not with the corpus for ``by=[]``,
``by="source"`` and the like; ``by="doc_id"`` asks for one row per document
and theme, so that table grows with the corpus), plus the set of document ids
seen so far (needed to report a duplicate id in a later chunk; about 100 bytes
per document).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

import numpy as np
import pandas as pd

from ._compiled_lexicon import CompiledLexicon, as_compiled
from ._count_engine import all_groups, counts_table, group_codes, group_frame
from ._theme_rates import rates_table
from ._validate import check_choice, check_columns, check_int, renamed
from .corpus import iter_corpus
from .corpus._checks import duplicate_ids_error, empty_texts_message, is_missing, not_text_error
from .corpus._chunks import ChunkReader
from .counting import count_terms
from .errors import ColumnError, CorpusError, EmptyTextWarning
from .lexicon import fold_themes
from .pipeline import prepare
from ._progress import progress_bar as _progress_bar
from .themes import explain_themes, find_themes

__all__ = ["iter_corpus", "analyze", "analyze_dask", "Analysis"]

# names of the count columns of the partial tables (group columns are the user's: keep clear of them)
_THEME, _WEIGHT, _N, _TOKENS, _TERM, _COUNT = "__theme", "__weight", "__n", "__tokens", "__term", "__count"
#: Columns of a tokens table from :func:`toolkit.prepare` (``speaker`` with ``speakers=True``).
_TOKEN_COLUMNS = ("doc_id", "seg_id", "position", "start", "end", "text", "after", "token", "stem", "is_stopword")


# --------------------------------------------------------------------------
# per-chunk counts and their merge
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Spec:
    """The options of one analysis (picklable, sent to Dask workers)."""

    by: tuple
    count_by: tuple
    term: str
    include_stopwords: bool
    ngram: int
    denominator: str
    level: int | None
    unit: str
    overrides: object
    speakers: bool
    themes: tuple


def _as_columns(name: str, value) -> tuple:
    if isinstance(value, str):
        return (value,)
    try:
        cols = tuple(value)
    except TypeError:
        raise TypeError(f"{name}={value!r} is not allowed; use a column name or a list of column names.") from None
    for c in cols:
        if not isinstance(c, str):
            raise TypeError(f"{name}={value!r} is not allowed; use a column name or a list of column names.")
    return cols


def _partial(docs: pd.DataFrame, compiled: CompiledLexicon, spec: _Spec, labels: list[str]) -> dict:
    """Integer counts of one chunk: everything the final tables need, nothing per token."""
    tokens = prepare(docs, unit=spec.unit, overrides=spec.overrides, speakers=spec.speakers, progress=False)
    hits = find_themes(tokens, compiled)
    texts = docs["text"].tolist()
    empty = [lab for lab, t in zip(labels, texts) if not isinstance(t, str) or not t.strip()]
    return {
        "documents": len(docs),
        "tokens": len(tokens),
        "empty": len(empty),
        "empty_shown": empty[:10],
        **_rates_partial(hits, tokens, docs, spec),
        **_counts_partial(tokens, docs, spec),
        **_explain_partial(hits),
    }


def _denominators(tok: pd.DataFrame, by: list[str], docs: pd.DataFrame, content_only: bool):
    """(group codes per token row, the chunk's groups with their denominators) as count_terms/theme_rates see them."""
    counted = ~tok["is_stopword"].to_numpy(dtype=bool) if content_only else np.ones(len(tok), bool)
    if not by:
        return np.zeros(len(tok), np.int64), int(counted.sum())
    codes, groups = group_codes(tok, by, docs)
    denom = np.bincount(codes[counted], minlength=len(groups)) if len(tok) else np.zeros(len(groups), np.int64)
    return codes, groups.assign(**{_TOKENS: denom.astype(np.int64)})


def _rates_partial(hits, tokens, docs, spec: _Spec) -> dict:
    """What theme_rates counts before it divides, for one chunk, keyed by group values."""
    by = list(spec.by)
    tok = group_frame(tokens, by, docs)
    codes, groups = _denominators(tok, by, docs, spec.denominator == "content")
    hit = hits[hits["weight"] > 0]
    themes = fold_themes(hit["theme"].astype(str), spec.level)
    inside = themes.isin(spec.themes).to_numpy()
    hit, themes = hit[inside], themes[inside]
    # each hit's token row, hence its group
    rows = pd.MultiIndex.from_arrays([tok["doc_id"], tok["position"]]).get_indexer(
        pd.MultiIndex.from_arrays([hit["doc_id"], hit["position"]]))
    n = pd.DataFrame({"_g": codes[rows] if len(rows) else np.zeros(0, np.int64),
                      _THEME: themes.to_numpy(dtype=object), _WEIGHT: hit["weight"].to_numpy(dtype="float64")})
    n = n.groupby(["_g", _THEME, _WEIGHT], sort=False).size().rename(_N).reset_index()
    keys = groups[by].take(n["_g"].to_numpy()).reset_index(drop=True) if by else pd.DataFrame(index=n.index)
    n = pd.concat([keys, n.drop(columns="_g")], axis=1)
    return {"rates_hits": n, "rates_denom": groups}


def _counts_partial(tokens, docs, spec: _Spec) -> dict:
    """What count_terms counts before min_count and the rates, for one chunk, keyed by group values."""
    by = list(spec.count_by)
    tok = group_frame(tokens, by, docs)
    _codes, groups = _denominators(tok, by, docs, spec.denominator == "content")
    terms = count_terms(tokens, by=by, term=spec.term, include_stopwords=spec.include_stopwords, ngram=spec.ngram,
                        docs=docs, denominator=spec.denominator)
    terms = terms.loc[terms["count"] > 0, by + ["term", "count"]].reset_index(drop=True)
    terms.columns = by + [_TERM, _COUNT]
    return {"counts_terms": terms, "counts_denom": groups}


def _explain_partial(hits) -> dict:
    """What explain_themes counts, for one chunk."""
    keys = ["theme", "entry", "match"]
    h = hits[keys + ["doc_id", "weight", "matched_text"]].copy()
    h["form"] = h["matched_text"].str.lower().str.split().str.join(" ")
    return {
        "explain_n": h.groupby(keys + ["weight"], sort=False).size().rename("n").reset_index(),
        "explain_forms": h.groupby(keys + ["form"], sort=False).size().rename("n").reset_index(),
        "explain_docs": h.groupby(keys, sort=False)["doc_id"].nunique().rename("n").reset_index(),
    }


def _add(frames: list[pd.DataFrame], keys: list[str], value: str) -> pd.DataFrame:
    """Stack tables of counts and add up the counts of equal keys (missing values are keys too)."""
    frames = [f for f in frames if len(f)] or frames[:1]
    if len(frames) == 1:
        return frames[0]
    return pd.concat(frames, ignore_index=True).groupby(keys, dropna=False, sort=False, as_index=False)[value].sum()


def _combine(parts: list[dict], spec: _Spec) -> dict:
    """Add up partial counts (associative: chunks and partitions merge in any grouping)."""
    if len(parts) == 1:
        return parts[0]
    by, cby = list(spec.by), list(spec.count_by)
    out = {k: sum(p[k] for p in parts) for k in ("documents", "tokens", "empty")}
    out["empty_shown"] = [lab for p in parts for lab in p["empty_shown"]][:10]
    out["rates_hits"] = _add([p["rates_hits"] for p in parts], by + [_THEME, _WEIGHT], _N)
    out["rates_denom"] = (_add([p["rates_denom"] for p in parts], by, _TOKENS) if by
                          else sum(p["rates_denom"] for p in parts))
    out["counts_terms"] = _add([p["counts_terms"] for p in parts], cby + [_TERM], _COUNT)
    out["counts_denom"] = (_add([p["counts_denom"] for p in parts], cby, _TOKENS) if cby
                           else sum(p["counts_denom"] for p in parts))
    keys = ["theme", "entry", "match"]
    out["explain_n"] = _add([p["explain_n"] for p in parts], keys + ["weight"], "n")
    out["explain_forms"] = _add([p["explain_forms"] for p in parts], keys + ["form"], "n")
    out["explain_docs"] = _add([p["explain_docs"] for p in parts], keys, "n")
    return out


class _Accumulator:
    """Merges partials as they come, like a binary counter: O(n log n) work, at most log2(chunks) partials held."""

    def __init__(self, spec: _Spec):
        self.spec = spec
        self.stack: list[tuple[int, dict]] = []

    def add(self, part: dict) -> None:
        weight = 1
        while self.stack and self.stack[-1][0] <= weight:
            w, prev = self.stack.pop()
            part = _combine([prev, part], self.spec)
            weight += w
        self.stack.append((weight, part))

    def result(self) -> dict:
        return _combine([p for _, p in self.stack], self.spec)


# --------------------------------------------------------------------------
# final tables
# --------------------------------------------------------------------------


def _exact_sums(keys: np.ndarray, weights: np.ndarray, ns: np.ndarray, size: int) -> np.ndarray:
    """Sum of weight × n per integer key in range(size), exactly (correctly rounded).

    When the exact total fits the float64 mantissa (weights such as 1, 0.5 or
    0.25, as in every shipped lexicon), every product and partial sum is a
    float exactly, so this is also the value pandas' or numpy's running sum
    gives; otherwise the sums are done in integers and rounded once.
    """
    fractions = {w: Fraction(w) for w in set(weights.tolist())}
    shift = max((f.denominator.bit_length() - 1 for f in fractions.values()), default=0)
    scaled = {w: f.numerator << (shift - (f.denominator.bit_length() - 1)) for w, f in fractions.items()}
    total = sum(int(n) * scaled[w] for w, n in zip(weights.tolist(), ns.tolist()))
    if total < 2**53:
        return np.bincount(keys, weights=weights * ns, minlength=size)[:size] if len(keys) else np.zeros(size)
    sums = [0] * size
    for k, w, n in zip(keys.tolist(), weights.tolist(), ns.tolist()):
        sums[k] += int(n) * scaled[w]
    return np.array([float(Fraction(s, 2**shift)) for s in sums], dtype="float64")


def _group_index(groups: pd.DataFrame, by: list[str]):
    return pd.Index(groups[by[0]]) if len(by) == 1 else pd.MultiIndex.from_frame(groups)


def _codes(index, frame: pd.DataFrame, by: list[str]) -> np.ndarray:
    values = frame[by[0]] if len(by) == 1 else pd.MultiIndex.from_frame(frame[by])
    return index.get_indexer(values).astype(np.int64)


def _final_groups(part_denom, by: list[str]):
    """(sorted groups table, denominator per group) from the merged per-group denominators."""
    if not by:
        return None, np.array([int(part_denom)], dtype=np.int64)
    groups = all_groups(part_denom[by], by, None)  # every group of every chunk, sorted as count_terms sorts
    denom = np.zeros(len(groups), np.int64)
    if len(part_denom):
        np.add.at(denom, _codes(_group_index(groups, by), part_denom, by), part_denom[_TOKENS].to_numpy(np.int64))
    return groups, denom


def _final_rates(part: dict, spec: _Spec) -> pd.DataFrame:
    """theme_rates' table from the merged counts (built as theme_rates builds it)."""
    by = list(spec.by)
    themes = list(spec.themes)
    n_themes = len(themes)
    groups, denom = _final_groups(part["rates_denom"], by)
    n_groups = len(groups) if by else 1
    hits = part["rates_hits"]
    h_group = _codes(_group_index(groups, by), hits, by) if by and len(hits) else np.zeros(len(hits), np.int64)
    h_theme = pd.Index(themes).get_indexer(hits[_THEME]) if len(hits) else np.zeros(0, np.int64)
    cells = h_group * max(n_themes, 1) + h_theme
    size = n_groups * n_themes
    ns = hits[_N].to_numpy(dtype=np.int64)
    counts = np.zeros(size, np.int64)
    np.add.at(counts, cells, ns)
    weighted = _exact_sums(cells, hits[_WEIGHT].to_numpy(dtype="float64"), ns, size)
    return rates_table(counts, weighted, denom, groups, by, themes, n_groups)


def _final_counts(part: dict, spec: _Spec, min_count: int) -> pd.DataFrame:
    """count_terms' table from the merged counts (built as count_terms builds it)."""
    by = list(spec.count_by)
    groups, denom = _final_groups(part["counts_denom"], by)
    n_groups = len(groups) if by else 1
    pairs = part["counts_terms"]
    labels = pd.unique(pairs[_TERM].to_numpy(dtype=object)) if len(pairs) else np.zeros(0, dtype=object)
    kt = pd.Index(labels).get_indexer(pairs[_TERM]).astype(np.int64) if len(pairs) else np.zeros(0, np.int64)
    kg = _codes(_group_index(groups, by), pairs, by) if by and len(pairs) else np.zeros(len(pairs), np.int64)
    counts = pairs[_COUNT].to_numpy(dtype=np.int64)
    if min_count > 1:  # on corpus totals, after the merge
        totals = np.bincount(kt, weights=counts, minlength=len(labels))
        ok = totals[kt] >= min_count
        kg, kt, counts = kg[ok], kt[ok], counts[ok]
    return counts_table(kg, kt, counts, labels, denom, groups, by, n_groups)


def _final_explain(part: dict) -> pd.DataFrame:
    """explain_themes' table (all themes, level None) from the merged counts."""
    keys = ["theme", "entry", "match"]
    n = part["explain_n"]
    if n.empty:
        return explain_themes(pd.DataFrame(columns=["doc_id", "theme", "entry", "match", "matched_text", "weight"]))
    hits = n.groupby(keys, sort=True)["n"].sum()
    cells = hits.index.get_indexer(pd.MultiIndex.from_frame(n[keys]))
    weighted = _exact_sums(cells, n["weight"].to_numpy(dtype="float64"), n["n"].to_numpy(dtype=np.int64), len(hits))
    documents = part["explain_docs"].groupby(keys)["n"].sum()
    forms = {key: g.set_index("form")["n"] for key, g in part["explain_forms"].groupby(keys, sort=False)}
    rows = []
    for i, (key, count) in enumerate(hits.items()):
        f = forms[key].sort_index(kind="stable").sort_values(ascending=False, kind="stable")
        rows.append({
            "theme": key[0], "entry": key[1], "match": key[2], "hits": int(count),
            "weighted": float(weighted[i]), "documents": int(documents[key]),
            "forms": ", ".join(f"{form} ×{c}" for form, c in f.items()),
        })
    out = pd.DataFrame(rows)
    return out.sort_values(["theme", "hits", "entry"], ascending=[True, False, True], kind="stable").reset_index(drop=True)


@dataclass(frozen=True, eq=False)
class Analysis:
    """The result of :func:`analyze` or :func:`analyze_dask`: the corpus's tables and totals.

    Attributes
    ----------
    rates : pandas.DataFrame
        Exactly ``tk.theme_rates(hits, tokens, by=by, lexicon=lexicon,
        level=level, docs=docs, denominator=denominator)`` of the whole
        corpus: one row per group × theme, columns as there.
    counts : pandas.DataFrame
        Exactly ``tk.count_terms(tokens, by=count_by, term=term,
        include_stopwords=include_stopwords, ngram=ngram,
        min_count=min_count, docs=docs, denominator=denominator)``.
    explain : pandas.DataFrame
        Exactly ``tk.explain_themes(hits)``: which entries and forms made
        every theme's hits.
    documents : int
        Documents read (empty ones included).
    tokens : int
        Tokens of the whole corpus (stop words included).

    Examples
    --------
    >>> import pandas as pd
    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "text": ["Kerja sama keamanan.", "Cuaca cerah."]})
    >>> result = analyze(docs, lexicon="security", progress=False)
    >>> result
    Analysis(documents=2, tokens=5, rates: 2 rows, counts: 3 rows, explain: 1 rows)
    >>> result.documents, result.tokens
    (2, 5)
    """

    rates: pd.DataFrame
    counts: pd.DataFrame
    explain: pd.DataFrame
    documents: int
    tokens: int

    def __repr__(self) -> str:
        return (f"Analysis(documents={self.documents}, tokens={self.tokens}, rates: {len(self.rates)} rows, "
                f"counts: {len(self.counts)} rows, explain: {len(self.explain)} rows)")


def _make_spec(lexicon, *, by, count_by, term, include_stopwords, ngram, min_count, level, denominator,
               unit, overrides, speakers) -> tuple[_Spec, CompiledLexicon]:
    check_choice("term", term, ("stem", "token"))
    check_choice("denominator", denominator, ("all", "content"))
    check_choice("unit", unit, ("paragraph", "sentence", "document"))
    check_int("ngram", ngram, 1)
    check_int("min_count", min_count, 1)
    if level is not None:
        check_int("level", level, 1)
    compiled = as_compiled(lexicon, overrides)
    themes = tuple(sorted(set(fold_themes(pd.Series(compiled.themes, dtype="str"), level))))
    spec = _Spec(by=_as_columns("by", by), count_by=_as_columns("count_by", count_by), term=term,
                 include_stopwords=bool(include_stopwords), ngram=int(ngram), denominator=denominator, level=level,
                 unit=unit, overrides=overrides, speakers=bool(speakers), themes=themes)
    return spec, compiled


def _check_group_columns(spec: _Spec, doc_columns) -> None:
    """Fail before reading on: a group column that is neither a tokens nor a docs column."""
    tok_cols = list(_TOKEN_COLUMNS) + (["speaker"] if spec.speakers else [])
    for name, cols in (("by", spec.by), ("count_by", spec.count_by)):
        missing = [c for c in cols if c not in tok_cols and c not in doc_columns]
        if missing:
            raise ColumnError(
                f"{name}={list(cols)!r}: {', '.join(map(repr, missing))} is neither a column of the tokens "
                f"({', '.join(tok_cols)}) nor of the documents ({', '.join(map(str, doc_columns))})."
            )


def _finalize(part: dict, spec: _Spec, min_count: int, origin: str) -> Analysis:
    if part["empty"]:
        message = empty_texts_message(origin, part["empty"], part["documents"], part["empty_shown"])
        warnings.warn(message, EmptyTextWarning, stacklevel=3)
    return Analysis(rates=_final_rates(part, spec), counts=_final_counts(part, spec, min_count),
                    explain=_final_explain(part), documents=int(part["documents"]), tokens=int(part["tokens"]))


@renamed(segment_by="unit")
def analyze(
    source,
    *,
    lexicon="all",
    by="doc_id",
    count_by=(),
    term: Literal["stem", "token"] = "stem",
    include_stopwords: bool = False,
    ngram: int = 1,
    min_count: int = 1,
    level: int | None = 1,
    denominator: Literal["all", "content"] = "all",
    unit: Literal["paragraph", "sentence", "document"] = "paragraph",
    overrides=True,
    speakers: bool = False,
    chunksize: int = 10_000,
    text_col: str | None = None,
    id_col: str | None = None,
    date_col: str | None | bool = None,
    html: bool = False,
    encoding: str = "utf-8",
    progress: bool = True,
) -> Analysis:
    """Theme rates and term counts of a corpus of any size, read in chunks, equal to the in-memory path.

    Reads ``source`` with :func:`iter_corpus`; per chunk runs
    :func:`toolkit.prepare` and :func:`toolkit.find_themes` (the lexicon is
    compiled once) and keeps only integer counts per group; at the end
    computes the tables exactly as the in-memory functions do. Peak memory
    is one chunk plus the merged counts; it does not grow with the corpus
    (beyond the output tables and the set of document ids).

    Parameters
    ----------
    source : str, Path or pandas.DataFrame
        A ``.csv``/``.tsv``/``.jsonl``/``.parquet`` file, a folder of
        ``.txt`` files, a ``.txt`` file or a DataFrame (see
        :func:`iter_corpus`).
    lexicon : str, list, pandas.DataFrame or CompiledLexicon, default "all"
        The themes to find and report (see :func:`toolkit.find_themes`).
    by : str or list of str, default "doc_id"
        Groups of the theme rates: a tokens column (``doc_id``,
        ``speaker`` with ``speakers=True``) or a docs column (``source``,
        ``date``); ``by=[]`` for the whole corpus.
    count_by : str or list of str, default ()
        Groups of the term counts (as ``by`` of :func:`toolkit.count_terms`);
        the default counts over the whole corpus.
    term : {"stem", "token"}, default "stem"
    include_stopwords : bool, default False
    ngram : int, default 1
    min_count : int, default 1
        As for :func:`toolkit.count_terms`; ``min_count`` applies to corpus
        totals.
    level : int or None, default 1
        Theme level of the rates (see :func:`toolkit.theme_rates`).
    denominator : {"all", "content"}, default "all"
        Denominator of both tables' rates.
    unit : {"paragraph", "sentence", "document"}, default "paragraph"
        The segment unit (``by`` of :func:`toolkit.prepare`).
    overrides : bool, dict, DataFrame or Stemmer, default True
        Stemming overrides, for the text and the lexicon.
    speakers : bool, default False
        Attribute quoted speakers (allows ``by="speaker"``).
    chunksize : int, default 10_000
        Documents per chunk: larger is a little faster and needs more memory.
    text_col, id_col, date_col, html, encoding
        As for :func:`toolkit.load_corpus`.
    progress : bool, default True
        Show a progress bar (documents read) when ``tqdm`` is installed.

    Returns
    -------
    Analysis
        ``rates`` (exactly ``tk.theme_rates(hits, tokens, by=by,
        lexicon=lexicon, level=level, docs=docs, denominator=denominator)``
        of the whole corpus), ``counts`` (exactly ``tk.count_terms(tokens,
        by=count_by, term=term, include_stopwords=include_stopwords,
        ngram=ngram, min_count=min_count, docs=docs,
        denominator=denominator)``), ``explain`` (exactly
        ``tk.explain_themes(hits)``), ``documents`` and ``tokens`` (int).
        Columns, dtypes and row order are those of the in-memory tables.
        ``weighted`` is the exact sum of the weights, correctly rounded (see
        the module notes; identical for the shipped lexicons).

    Raises
    ------
    CorpusError, FileNotFoundError
        As :func:`iter_corpus`, when the chunk with the problem is read.
    ColumnError
        A ``by`` or ``count_by`` column is neither a tokens nor a docs column
        (checked on the first chunk, before any work).
    ValueError
        A bad ``term``, ``denominator``, ``unit``, ``ngram``,
        ``min_count``, ``level`` or ``chunksize`` (the message names the
        allowed values).

    Warns
    -----
    EmptyTextWarning
        Once, at the end, naming (up to ten of) the documents whose text is
        empty or missing; they are kept as documents without tokens.

    See Also
    --------
    iter_corpus, analyze_dask, toolkit.theme_rates, toolkit.count_terms

    Examples
    --------
    >>> import pandas as pd
    >>> docs = pd.DataFrame({"doc_id": ["a", "b", "c"],
    ...                      "text": ["Kerja sama keamanan.", "Keamanan dan pertahanan negara.", "Cuaca cerah."],
    ...                      "source": ["kompas", "tempo", "kompas"]})
    >>> result = analyze(docs, lexicon=["security", "cooperation"], by="source", chunksize=2, progress=False)
    >>> result.rates[["source", "theme", "hits", "tokens", "rate_per_1000"]]
       source        theme  hits  tokens  rate_per_1000
    0  kompas  cooperation     1       5          200.0
    1  kompas     security     1       5          200.0
    2   tempo  cooperation     0       4            0.0
    3   tempo     security     2       4          500.0
    >>> result.counts[["term", "count", "tokens", "rank"]].head(3)
         term  count  tokens  rank
    0    aman      2       9     1
    1   cerah      1       9     2
    2  cuaca      1       9     2
    """
    spec, compiled = _make_spec(lexicon, by=by, count_by=count_by, term=term, include_stopwords=include_stopwords,
                                ngram=ngram, min_count=min_count, level=level, denominator=denominator,
                                unit=unit, overrides=overrides, speakers=speakers)
    reader = ChunkReader(source, chunksize=chunksize, text_col=text_col, id_col=id_col, date_col=date_col, html=html,
                         encoding=encoding, empty_warning=False)  # one summary of empty texts, at the end
    acc = _Accumulator(spec)
    bar = _progress_bar(progress, reader.total, "doc", "analyze")
    try:
        first = True
        for docs, rows in reader:
            if first:
                _check_group_columns(spec, docs.columns)
                first = False
            labels = [f"{d} ({reader.row_label} {r})" for d, r in zip(docs["doc_id"].tolist(), rows)]
            acc.add(_partial(docs, compiled, spec, labels))
            if bar is not None:
                bar.update(len(docs))
    finally:
        if bar is not None:
            bar.close()
    return _finalize(acc.result(), spec, min_count, reader.origin)


# --------------------------------------------------------------------------
# Dask
# --------------------------------------------------------------------------


def _dask_partial(pdf: pd.DataFrame, compiled: CompiledLexicon, spec: _Spec, text_col: str, id_col: str,
                  number: int) -> dict:
    """Counts of one partition of a Dask DataFrame of documents (runs on a worker)."""
    where = f"dask DataFrame, partition {number}"
    check_columns(pdf, [id_col, text_col], table_name="the Dask DataFrame",
                  hint="Name the columns with text_col= and id_col=.")
    docs = pdf.reset_index(drop=True)
    if id_col != "doc_id" or text_col != "text":
        renames = {id_col: "doc_id", text_col: "text"}
        clash = [c for c in ("doc_id", "text") if c in docs.columns and c not in renames]
        docs = docs.rename(columns={c: f"{c}_original" for c in clash}).rename(columns=renames)
    for i, (doc_id, text) in enumerate(zip(docs["doc_id"].tolist(), docs["text"].tolist())):
        if is_missing(doc_id) or str(doc_id).strip() == "":
            raise CorpusError(f"{where}, row {i + 1}: the id column {id_col!r} is empty. Every document needs an id.")
        if not is_missing(text) and not isinstance(text, str):
            raise not_text_error(f"{where}: document {doc_id!r}", text_col, text, None)
    return _partial(docs, compiled, spec, [str(d) for d in docs["doc_id"].tolist()])


def _concat_series(parts: list) -> pd.Series:
    return pd.concat(parts) if parts else pd.Series([], dtype="int64")


@renamed(segment_by="unit")
def analyze_dask(
    ddf,
    *,
    lexicon="all",
    by="doc_id",
    count_by=(),
    term: Literal["stem", "token"] = "stem",
    include_stopwords: bool = False,
    ngram: int = 1,
    min_count: int = 1,
    level: int | None = 1,
    denominator: Literal["all", "content"] = "all",
    unit: Literal["paragraph", "sentence", "document"] = "paragraph",
    overrides=True,
    speakers: bool = False,
    text_col: str = "text",
    id_col: str = "doc_id",
    check_ids: bool = True,
    split_every: int = 8,
    progress: bool = True,
) -> Analysis:
    """The analysis of :func:`analyze` on a Dask DataFrame of documents, partition by partition.

    Each partition is reduced to integer counts on a worker (the same code
    as a chunk of :func:`analyze`), the counts are merged in a tree of
    ``split_every`` partitions at a time, and the final tables are computed
    on the client. Runs on whatever Dask scheduler is active: the local
    threads scheduler by default, or a ``dask.distributed.Client`` if one
    has been created (see ``docs/dask.md``). Needs ``pip install
    'toolkit[dask]'``.

    Parameters
    ----------
    ddf : dask.dataframe.DataFrame
        One row per document: the id (``id_col``), the text (``text_col``)
        and any metadata to group by (``source``, ``date``). The in-memory
        equivalent is a docs table from :func:`toolkit.load_corpus`.
    lexicon, by, count_by, term, include_stopwords, ngram, min_count, level, denominator, unit, overrides, speakers
        As for :func:`analyze`.
    text_col, id_col : str, default "text", "doc_id"
        The columns holding the text and the unique document id.
    check_ids : bool, default True
        Check that the ids are unique across partitions (one more pass over
        the id column, in the same computation).
    split_every : int, default 8
        Partition results merged per task of the tree reduction.
    progress : bool, default True
        Show Dask's progress bar (local schedulers; on stderr).

    Returns
    -------
    Analysis
        Equal to the in-memory tables of the computed DataFrame
        (``docs = ddf.compute()``), as for :func:`analyze`.

    Raises
    ------
    ImportError
        Dask is not installed (``pip install 'toolkit[dask]'``).
    TypeError
        ``ddf`` is not a Dask DataFrame.
    ColumnError
        A missing id, text or group column (before anything runs).
    CorpusError
        An empty id, a non-text value in the text column (naming the
        partition and document), or duplicate ids (``check_ids``).

    Warns
    -----
    EmptyTextWarning
        Once, naming (up to ten of) the documents with an empty or missing
        text; they are kept as documents without tokens.

    See Also
    --------
    analyze, iter_corpus

    Examples
    --------
    >>> import pandas as pd
    >>> import dask.dataframe as dd
    >>> docs = pd.DataFrame({"doc_id": ["a", "b", "c"],
    ...                      "text": ["Kerja sama keamanan.", "Keamanan dan pertahanan negara.", "Cuaca cerah."],
    ...                      "source": ["kompas", "tempo", "kompas"]})
    >>> ddf = dd.from_pandas(docs, npartitions=2)
    >>> result = analyze_dask(ddf, lexicon="security", by="source", progress=False)
    >>> result.rates[["source", "theme", "hits", "tokens", "rate_per_1000"]]
       source     theme  hits  tokens  rate_per_1000
    0  kompas  security     1       5          200.0
    1   tempo  security     2       4          500.0
    """
    try:
        import dask
        import dask.dataframe as dd
    except ImportError:
        raise ImportError(
            "analyze_dask needs Dask, an optional extra of the toolkit: pip install 'toolkit[dask]' "
            "(or pip install 'dask[dataframe]')."
        ) from None
    if not isinstance(ddf, dd.DataFrame):
        hint = " For a pandas DataFrame use tk.analyze(frame)." if isinstance(ddf, pd.DataFrame) else ""
        raise TypeError(f"ddf must be a dask.dataframe.DataFrame, not {type(ddf).__name__}.{hint}")
    check_int("split_every", split_every, 2)
    spec, compiled = _make_spec(lexicon, by=by, count_by=count_by, term=term, include_stopwords=include_stopwords,
                                ngram=ngram, min_count=min_count, level=level, denominator=denominator,
                                unit=unit, overrides=overrides, speakers=speakers)
    columns = [str(c) for c in ddf.columns]
    missing = [c for c in (id_col, text_col) if c not in columns]
    if missing:
        raise ColumnError(
            f"the Dask DataFrame lacks the column(s) {', '.join(map(repr, missing))}; it has: {', '.join(columns)}. "
            "Name the columns with text_col= and id_col=."
        )
    doc_columns = [{id_col: "doc_id", text_col: "text"}.get(c, c) for c in columns]
    _check_group_columns(spec, doc_columns)

    lex = dask.delayed(compiled)
    level_parts = [dask.delayed(_dask_partial)(part, lex, spec, text_col, id_col, i + 1)
                   for i, part in enumerate(ddf.to_delayed())]
    while len(level_parts) > 1:
        level_parts = [dask.delayed(_combine)(level_parts[i:i + split_every], spec)
                       for i in range(0, len(level_parts), split_every)]
    wanted = [level_parts[0]]
    if check_ids:  # ids seen more than once, as delayed objects too (one graph, one compute)
        counts = ddf[id_col].value_counts()
        wanted.append(dask.delayed(_concat_series)((counts[counts > 1]).to_delayed()))
    if progress:
        import sys

        from dask.diagnostics import ProgressBar

        with ProgressBar(out=sys.stderr):
            results = dask.compute(*wanted)
    else:
        results = dask.compute(*wanted)
    part = results[0]
    if check_ids and len(results[1]):
        repeated = [f"{k!r} ({v} times)" for k, v in results[1].sort_index().items()]
        raise duplicate_ids_error("dask DataFrame", id_col, repeated, None)
    return _finalize(part, spec, min_count, "dask DataFrame")
