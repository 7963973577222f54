"""Corpora larger than memory: read in chunks, analyse chunk by chunk (or partition by partition with Dask), merge exactly.

The in-memory path loads the whole corpus and keeps every token::

    docs = tk.load_corpus(path)
    tokens = tk.prepare(docs)
    hits = tk.find_themes(tokens, lexicon)
    tk.theme_rates(hits, tokens, by=..., lexicon=lexicon, docs=docs)
    tk.count_terms(tokens, by=..., docs=docs)
    tk.explain_themes(hits)

Each of those three table functions is two steps (:mod:`toolkit.parts`): a
partial step that keeps only integer counts keyed by group, term or theme
(:func:`toolkit.theme_rates_partial`, :func:`toolkit.count_terms_partial`,
:func:`toolkit.explain_themes_partial`) and a finalize step that computes the
rates, shares and ranks once. :func:`analyze` is a short loop over the same
two steps: per chunk of documents read by :func:`iter_corpus`'s reader (the
one :func:`toolkit.load_corpus` reads with: same sources, options, checks
and messages) it runs :func:`toolkit.prepare`, :func:`toolkit.find_themes`
and the three partial steps, adds the parts up, and finalizes at the end.
:func:`analyze_dask` does the same per partition of a Dask DataFrame, on any
Dask scheduler.

Why the results are equal, not just close
-----------------------------------------
Every document is segmented, tokenised, stemmed and matched on its own, so
a chunk's tokens and hits are exactly the whole corpus's tokens and hits of
those documents; the parts of the chunks add up to the part of the whole
corpus (integer counts, in any grouping of chunks or partitions), and the
in-memory functions finalize that same part. The one float, ``weighted``,
is kept as hits per distinct weight and summed exactly by both paths.

Memory
------
Peak memory is that of one chunk plus the merged counts, which grow with the
number of groups and distinct terms (not with the corpus for ``by=[]``,
``by="source"`` and the like; ``by="doc_id"`` asks for one row per document
and theme, so that table grows with the corpus), plus the set of document ids
seen so far (needed to report a duplicate id in a later chunk; about 100 bytes
per document) and the merged parts' document hashes (8 bytes per document and
analysis, see :mod:`toolkit.parts`).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import pandas as pd

from ._analysis_options import AnalysisOptions, takes_options
from ._compiled_lexicon import CompiledLexicon, as_compiled
from ._progress import progress_bar as _progress_bar
from ._validate import check_columns, check_int, renamed
from .corpus import iter_corpus
from .corpus._checks import duplicate_ids_error, empty_texts_message, is_missing, not_text_error
from .corpus._chunks import ChunkReader
from .counting import count_terms_partial
from .errors import ColumnError, CorpusError, EmptyTextWarning, ToolkitError
from .parts import CountTermsPart, ExplainThemesPart, ThemeRatesPart, merge_parts
from .pipeline import prepare
from .themes import explain_themes_partial, find_themes, theme_rates_partial

__all__ = ["iter_corpus", "analyze", "analyze_dask", "Analysis"]

#: Columns of a tokens table from :func:`toolkit.prepare` (``speaker`` with ``speakers=True``).
_TOKEN_COLUMNS = ("doc_id", "seg_id", "position", "start", "end", "text", "after", "token", "stem", "is_stopword")


def _check_group_columns(options: AnalysisOptions, doc_columns) -> None:
    """Fail before reading on: a group column that is neither a tokens nor a docs column."""
    tok_cols = list(_TOKEN_COLUMNS) + (["speaker"] if options.speakers else [])
    for name, cols in (("by", options.by), ("count_by", options.count_by)):
        missing = [c for c in cols if c not in tok_cols and c not in doc_columns]
        if missing:
            raise ColumnError(
                f"{name}={list(cols)!r}: {', '.join(map(repr, missing))} is neither a column of the tokens "
                f"({', '.join(tok_cols)}) nor of the documents ({', '.join(map(str, doc_columns))})."
            )


# --------------------------------------------------------------------------
# one chunk's parts, their merge, the result
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Parts:
    """The parts of some documents: the three analyses' counts and the totals (documents, tokens, empty texts)."""

    documents: int
    tokens: int
    empty: int
    empty_shown: tuple  # the first ten empty documents, for the warning
    rates: ThemeRatesPart
    counts: CountTermsPart
    explain: ExplainThemesPart


def _chunk_parts(docs: pd.DataFrame, compiled: CompiledLexicon, options: AnalysisOptions,
                 labels: list[str]) -> _Parts:
    """The parts of one chunk of documents: its tokens and hits are gone when this returns."""
    tokens = prepare(docs, unit=options.unit, overrides=options.overrides, speakers=options.speakers, progress=False)
    hits = find_themes(tokens, compiled)
    empty = [label for label, t in zip(labels, docs["text"].tolist()) if not isinstance(t, str) or not t.strip()]
    return _Parts(
        documents=len(docs), tokens=len(tokens), empty=len(empty), empty_shown=tuple(empty[:10]),
        rates=theme_rates_partial(hits, tokens, by=list(options.by), lexicon=compiled, level=options.level,
                                  docs=docs, denominator=options.denominator),
        counts=count_terms_partial(tokens, by=list(options.count_by), term=options.term,
                                   include_stopwords=options.include_stopwords, ngram=options.ngram, docs=docs,
                                   denominator=options.denominator),
        explain=explain_themes_partial(hits),
    )


def _merge(parts: list[_Parts]) -> _Parts:
    """Add up the parts of several chunks (associative: chunks and partitions merge in any grouping)."""
    if len(parts) == 1:
        return parts[0]
    return _Parts(documents=sum(p.documents for p in parts), tokens=sum(p.tokens for p in parts),
                  empty=sum(p.empty for p in parts), empty_shown=sum((p.empty_shown for p in parts), ())[:10],
                  rates=merge_parts(p.rates for p in parts), counts=merge_parts(p.counts for p in parts),
                  explain=merge_parts(p.explain for p in parts))


class _Accumulator:
    """Merges parts as they come, like a binary counter: O(n log n) work, at most log2(chunks) parts held."""

    def __init__(self):
        self.stack: list[tuple[int, _Parts]] = []

    def add(self, part: _Parts) -> None:
        weight = 1
        while self.stack and self.stack[-1][0] <= weight:
            w, prev = self.stack.pop()
            part = _merge([prev, part])
            weight += w
        self.stack.append((weight, part))

    def result(self) -> _Parts:
        return _merge([p for _, p in self.stack])  # (a reader gives at least one chunk, empty for an empty source)


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


def _finish(parts: _Parts, options: AnalysisOptions, origin: str) -> Analysis:
    """The tables of the merged parts, and the one warning about empty texts."""
    if parts.empty:
        message = empty_texts_message(origin, parts.empty, parts.documents, list(parts.empty_shown))
        warnings.warn(message, EmptyTextWarning, stacklevel=5)  # the caller of analyze
    return Analysis(rates=parts.rates.finalize(), counts=parts.counts.finalize(min_count=options.min_count),
                    explain=parts.explain.finalize(), documents=parts.documents, tokens=parts.tokens)


# --------------------------------------------------------------------------
# chunks
# --------------------------------------------------------------------------


@renamed(segment_by="unit")
@takes_options
def analyze(
    source,
    *,
    chunksize: int = 10_000,
    text_col: str | None = None,
    id_col: str | None = None,
    date_col: str | None | bool = None,
    html: bool = False,
    encoding: str = "utf-8",
    progress: bool = True,
    options: AnalysisOptions,
) -> Analysis:
    """Theme rates and term counts of a corpus of any size, read in chunks, equal to the in-memory path.

    Reads ``source`` with :func:`iter_corpus`; per chunk runs
    :func:`toolkit.prepare` and :func:`toolkit.find_themes` (the lexicon is
    compiled once) and the partial steps :func:`toolkit.theme_rates_partial`,
    :func:`toolkit.count_terms_partial` and
    :func:`toolkit.explain_themes_partial`, which keep only integer counts;
    adds the parts up and finalizes them at the end, as the in-memory
    functions do. Peak memory is one chunk plus the merged counts; it does
    not grow with the corpus (beyond the output tables and the set of
    document ids).

    Parameters
    ----------
    source : str, Path or pandas.DataFrame
        A ``.csv``/``.tsv``/``.jsonl``/``.parquet`` file, a folder of
        ``.txt`` files, a ``.txt`` file or a DataFrame (see
        :func:`iter_corpus`).
    {options}
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
    iter_corpus, analyze_dask, toolkit.theme_rates, toolkit.count_terms, toolkit.merge_parts

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
    2   cuaca      1       9     2
    """
    compiled = as_compiled(options.lexicon, options.overrides)
    reader = ChunkReader(source, chunksize=chunksize, text_col=text_col, id_col=id_col, date_col=date_col, html=html,
                         encoding=encoding, empty_warning=False)  # one summary of empty texts, at the end
    total = _Accumulator()
    bar = _progress_bar(progress, reader.total, "doc", "analyze")
    try:
        for i, (docs, rows) in enumerate(reader):
            if i == 0:
                _check_group_columns(options, docs.columns)
            labels = [f"{d} ({reader.row_label} {r})" for d, r in zip(docs["doc_id"].tolist(), rows)]
            total.add(_chunk_parts(docs, compiled, options, labels))
            if bar is not None:
                bar.update(len(docs))
    finally:
        if bar is not None:
            bar.close()
    return _finish(total.result(), options, reader.origin)


# --------------------------------------------------------------------------
# Dask
# --------------------------------------------------------------------------


def _partition_parts(pdf: pd.DataFrame, compiled: CompiledLexicon, options: AnalysisOptions, text_col: str,
                     id_col: str, number: int) -> _Parts:
    """The parts of one partition of a Dask DataFrame of documents (runs on a worker)."""
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
    return _chunk_parts(docs, compiled, options, [str(d) for d in docs["doc_id"].tolist()])


def _concat_series(parts: list) -> pd.Series:
    return pd.concat(parts) if parts else pd.Series([], dtype="int64")


def _check_dask_frame(ddf, options: AnalysisOptions, text_col: str, id_col: str):
    """The dask module, once ``ddf`` is known to be a Dask DataFrame with the id, text and group columns."""
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
    columns = [str(c) for c in ddf.columns]
    missing = [c for c in (id_col, text_col) if c not in columns]
    if missing:
        raise ColumnError(
            f"the Dask DataFrame lacks the column(s) {', '.join(map(repr, missing))}; it has: {', '.join(columns)}. "
            "Name the columns with text_col= and id_col=."
        )
    _check_group_columns(options, [{id_col: "doc_id", text_col: "text"}.get(c, c) for c in columns])
    return dask


@renamed(segment_by="unit")
@takes_options
def analyze_dask(
    ddf,
    *,
    text_col: str = "text",
    id_col: str = "doc_id",
    check_ids: bool = True,
    split_every: int = 8,
    progress: bool = True,
    options: AnalysisOptions,
) -> Analysis:
    """The analysis of :func:`analyze` on a Dask DataFrame of documents, partition by partition.

    Each partition is reduced to its parts on a worker (the same code as a
    chunk of :func:`analyze`), the parts are merged in a tree of
    ``split_every`` partitions at a time, and the tables are finalized on
    the client. Runs on whatever Dask scheduler is active: the local
    threads scheduler by default, or a ``dask.distributed.Client`` if one
    has been created (see ``docs/dask.md``). Needs ``pip install
    'toolkit[dask]'``.

    Parameters
    ----------
    ddf : dask.dataframe.DataFrame
        One row per document: the id (``id_col``), the text (``text_col``)
        and any metadata to group by (``source``, ``date``). The in-memory
        equivalent is a docs table from :func:`toolkit.load_corpus`.
    {options}
    text_col, id_col : str, default "text", "doc_id"
        The columns holding the text and the unique document id.
    check_ids : bool, default True
        Check that the ids are unique across partitions (one more pass over
        the id column, in the same computation). Without it, a repeated id
        of a document with tokens is still found, when the partitions'
        parts merge.
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
    ValueError
        A bad option, as for :func:`analyze`, or ``split_every``.

    Warns
    -----
    EmptyTextWarning
        Once, naming (up to ten of) the documents with an empty or missing
        text; they are kept as documents without tokens.

    See Also
    --------
    analyze, iter_corpus, toolkit.merge_parts

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
    dask = _check_dask_frame(ddf, options, text_col, id_col)
    check_int("split_every", split_every, 2)
    lexicon = dask.delayed(as_compiled(options.lexicon, options.overrides))
    parts = [dask.delayed(_partition_parts)(partition, lexicon, options, text_col, id_col, i + 1)
             for i, partition in enumerate(ddf.to_delayed())]
    while len(parts) > 1:
        parts = [dask.delayed(_merge)(parts[i:i + split_every]) for i in range(0, len(parts), split_every)]
    wanted = [parts[0]]
    if check_ids:  # ids seen more than once, as delayed objects too (one graph, one compute)
        counts = ddf[id_col].value_counts()
        wanted.append(dask.delayed(_concat_series)((counts[counts > 1]).to_delayed()))
    try:
        results = _compute(dask, wanted, progress)
    except ValueError as error:  # parts that share a document: a duplicate id across partitions, even unchecked
        if isinstance(error, ToolkitError):
            raise
        counts = ddf[id_col].value_counts()
        _raise_on_duplicates(dask.compute(counts[counts > 1])[0], id_col)
        raise
    if check_ids:
        _raise_on_duplicates(results[1], id_col)
    return _finish(results[0], options, "dask DataFrame")


def _compute(dask, wanted: list, progress: bool) -> tuple:
    if not progress:
        return dask.compute(*wanted)
    import sys

    from dask.diagnostics import ProgressBar

    with ProgressBar(out=sys.stderr):
        return dask.compute(*wanted)


def _raise_on_duplicates(repeated: pd.Series, id_col: str) -> None:
    """CorpusError naming the ids counted more than once (``repeated``: id → count), if any."""
    if len(repeated):
        shown = [f"{k!r} ({v} times)" for k, v in repeated.sort_index().items()]
        raise duplicate_ids_error("dask DataFrame", id_col, shown, None)
