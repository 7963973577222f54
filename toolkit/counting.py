"""Counting terms by group, with the denominator stated and selectable."""

from __future__ import annotations

import numbers
import re
from typing import Literal

import numpy as np
import pandas as pd

from . import _codes
from ._validate import check_choice, check_columns
from .text import _segment_key

__all__ = ["count_terms", "top_terms"]

_MAX_CELLS = 50_000_000
_LETTER = re.compile(r"[^\W\d_]")
_DIGIT = re.compile(r"\d")


def _number_only(terms) -> np.ndarray:
    """True for each term of digits and no letter ("9", "2019", "1.000"; not "5G", "ke-70", "COVID-19"), or missing.

    A term of neither letters nor digits (a stray combining mark) is not a number: it stays a term.
    """
    codes, uniques = pd.factorize(np.asarray(terms, dtype=object))
    flags = [not isinstance(t, str) or (not _LETTER.search(t) and bool(_DIGIT.search(t))) for t in uniques]
    flags.append(True)  # code -1: missing
    return np.array(flags, dtype=bool)[codes]


def _group_frame(tokens: pd.DataFrame, by: list[str], docs: pd.DataFrame | None, *, param: str = "by"):
    """tokens with every group column attached (taken from docs by doc_id where needed)."""
    missing = [c for c in by if c not in tokens.columns]
    if not missing:
        return tokens
    if docs is None:
        raise KeyError(
            f"{param}={by!r}: {', '.join(missing)} is not a column of tokens; pass docs= to take it from the "
            f"docs table, or use one of: {', '.join(map(str, tokens.columns))}."
        )
    check_columns(docs, ["doc_id"] + missing, table_name="docs")
    doc_index = pd.Index(docs["doc_id"])
    if not doc_index.is_unique:
        raise ValueError("docs has duplicate doc_id values; each document must appear once.")
    codes, uniques = _codes.factorize(tokens["doc_id"])
    where = doc_index.get_indexer(uniques)
    out = tokens.copy()
    for c in missing:
        column = docs[c].reset_index(drop=True)
        values = column.take(np.maximum(where, 0)).to_numpy()
        if (where < 0).any():
            values = pd.Series(values, dtype=column.dtype).where(pd.Series(where >= 0)).to_numpy()
        out[c] = pd.Series(values[codes] if len(codes) else values[:0], index=tokens.index, dtype=column.dtype)
    return out


def _all_groups(tok: pd.DataFrame, by: list[str], docs: pd.DataFrame | None) -> pd.DataFrame:
    if len(by) == 1:  # the distinct values, as pd.unique gives them, from the column's (remembered) codes
        column = tok[by[0]]
        codes, uniques = _codes.codes_with_missing(column)
        first = np.zeros(len(uniques), dtype=np.int64)
        first[codes[::-1]] = np.arange(len(codes) - 1, -1, -1)
        groups = pd.DataFrame({by[0]: pd.unique(column.take(first))})  # pd.unique: its dtype, as before
    else:
        groups = tok[by].drop_duplicates()
    if docs is not None and set(by) <= set(docs.columns):
        groups = pd.concat([groups, docs[by].drop_duplicates()]).drop_duplicates()
    return groups.sort_values(by, kind="stable", na_position="last").reset_index(drop=True)


def count_terms(
    tokens: pd.DataFrame,
    *,
    by="doc_id",
    term: Literal["stem", "token"] = "stem",
    include_stopwords: bool = False,
    include_numbers: bool = False,
    ngram: int = 1,
    min_count: int = 1,
    docs: pd.DataFrame | None = None,
    denominator: Literal["all", "content"] = "all",
    complete: bool = False,
) -> pd.DataFrame:
    """Count terms (stems, word forms or n-grams of them) per group.

    Parameters
    ----------
    tokens : pandas.DataFrame
        A tokens table from :func:`toolkit.prepare`.
    by : str or list of str, default "doc_id"
        Group columns: any column of ``tokens`` (``doc_id``, ``speaker``) or,
        with ``docs=``, of the docs table (``source``, ``date``). ``by=[]``
        counts over the whole corpus. Segments are numbered within their
        document, so count per segment with ``by=["doc_id", "seg_id"]``.
    term : {"stem", "token"}, default "stem"
        Count stems (every form of a root together) or normalised word forms.
    include_stopwords : bool, default False
        Count stop words too. When False, an n-gram that contains a stop
        word is not counted (n-grams never bridge a removed word).
    include_numbers : bool, default False
        Count number-only terms too (digits and no letter: ``9``,
        ``2019``, ``1.000``; ``5G`` and ``COVID-19`` are words and always
        counted). When False they are left out like stop words (also from
        n-grams) but stay in the denominator. The toolkit's one default:
        :func:`top_terms`, :func:`toolkit.top_content_stems`, the report and
        the command line leave numbers out too.
    ngram : int, default 1
        Length of the counted sequences; n-grams stay inside one segment and
        their words are joined by a space.
    min_count : int, default 1
        Keep terms whose count over the whole table is at least this.
    docs : pandas.DataFrame, optional
        Docs table, for group columns that are not in ``tokens``; groups of
        documents without tokens are then listed too.
    denominator : {"all", "content"}, default "all"
        What ``rate_per_1000`` divides by: ``"all"``, every token of the
        group (running words, stop words and numbers included: the usual
        corpus-linguistics norm); ``"content"``, the group's tokens that are
        not stop words.
    complete : bool, default False
        List every group × term combination, zeros included (for comparing
        a few terms across groups; refused above 50 million rows). No effect
        with ``by=[]``.

    Returns
    -------
    pandas.DataFrame
        Long table, one row per group × term, sorted by the group columns,
        then ``count`` descending, then ``term``; RangeIndex. Columns: the
        group columns, ``term`` (str), ``count`` (int), ``tokens`` (int: the
        group's denominator), ``rate_per_1000`` (float: count / tokens ×
        1,000; missing (NaN) for a group without tokens, such as an empty
        document) and ``rank`` (int, 1-based within the group: 1 + the
        number of the group's terms with a higher count, so ties share the
        lowest rank, 1, 1, 3; computed after every filter, so no filtered
        term leaves a gap). A group in which no term is counted still has
        one row, with ``term`` missing and ``count`` 0, so no group is
        lost: with ``docs=``, every document (or docs group) is listed, an
        empty one with ``tokens`` 0, and a join back to ``docs`` loses
        nothing.

    Raises
    ------
    ColumnError, KeyError
        A needed column is missing (the message lists the columns there are).
    ValueError
        A bad ``term``, ``denominator``, ``ngram`` or ``min_count``.

    See Also
    --------
    top_terms, toolkit.theme_rates

    Examples
    --------
    >>> import pandas as pd, toolkit as tk
    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "text": ["Keamanan dan pertahanan.", "Kerja sama keamanan."]})
    >>> count_terms(tk.prepare(docs))
      doc_id   term  count  tokens  rate_per_1000  rank
    0      a   aman      1       3     333.333333     1
    1      a  tahan      1       3     333.333333     1
    2      b   aman      1       3     333.333333     1
    """
    check_choice("term", term, ("stem", "token"))
    check_choice("denominator", denominator, ("all", "content"))
    for name, value in (("ngram", ngram), ("min_count", min_count)):
        if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
            raise ValueError(f"{name}={value!r} is not allowed; use a whole number of at least 1.")
    by = [by] if isinstance(by, str) else list(by)
    need = ["doc_id", "seg_id", "position", term] + ([] if include_stopwords and denominator == "all" else ["is_stopword"])
    check_columns(tokens, need, table_name="tokens", hint="Make one with tk.prepare(docs).")
    tok = _group_frame(tokens, by, docs)
    n = len(tok)
    stop = tok["is_stopword"].to_numpy(dtype=bool) if "is_stopword" in tok.columns else np.zeros(n, bool)
    content = ~stop
    keep = np.ones(n, bool) if include_stopwords else content.copy()

    # terms as integer codes (n-grams: codes of code sequences, inside one segment)
    column = tok[term] if tok[term].dtype == "str" else tok[term].astype(str)
    t_codes, t_uniques = _codes.factorize(column)
    labels = t_uniques
    present = t_codes >= 0  # a token whose term is missing counts in the denominator, not as a term
    keep &= present
    if not include_numbers and len(t_uniques):
        keep &= ~_number_only(t_uniques)[t_codes]  # (missing terms, code -1, are already out)
    if ngram > 1:
        seg = _segment_key(tok)
        pos = tok["position"].to_numpy()
        valid = np.zeros(n, bool)
        valid[: max(n - ngram + 1, 0)] = True
        t_codes = t_codes.astype(np.int64)
        key = t_codes.copy()
        for m in range(1, ngram):
            idx = np.minimum(np.arange(n) + m, max(n - 1, 0))
            valid &= (seg[idx] == seg) & (pos[idx] == pos + m) & keep[idx]
            key, _ = pd.factorize(key * len(labels) + t_codes[idx])
            key = key.astype(np.int64)
        keep &= valid
        first_row = np.full(int(key.max()) + 1 if n else 0, -1, dtype=np.int64)
        rows_kept = np.flatnonzero(keep)
        first_row[key[rows_kept][::-1]] = rows_kept[::-1]
        used = np.flatnonzero(first_row >= 0)
        gram_labels = np.empty(len(first_row), dtype=object)
        base = np.asarray(t_uniques, dtype=object)
        for code in used.tolist():
            r = int(first_row[code])
            gram_labels[code] = " ".join(base[t_codes[r : r + ngram]])
        t_codes, labels = key, gram_labels
    n_terms = max(len(labels), 1)

    # groups as integer codes, with a table of their values in sorted order
    if by:
        g_codes, groups = _group_codes(tok, by, docs)
        n_groups = len(groups)
        counted_for_denominator = content if denominator == "content" else np.ones(n, bool)
        denom = np.bincount(g_codes[counted_for_denominator], minlength=n_groups) if n else np.zeros(n_groups, np.int64)
    else:
        g_codes = np.zeros(n, np.int64)
        n_groups = 1
        denom = np.array([int(content.sum()) if denominator == "content" else n], dtype=np.int64)

    pair = g_codes[keep].astype(np.int64) * n_terms + t_codes[keep]
    # distinct (group, term) pairs and their counts; a stable sort is fast here because tokens
    # usually come grouped (by document), so the pairs are already in long sorted runs
    pair = pair[np.argsort(pair, kind="stable")]
    first = np.empty(len(pair), dtype=bool)
    first[:1] = True
    np.not_equal(pair[1:], pair[:-1], out=first[1:])
    at = np.flatnonzero(first)
    keys = pair[at]
    counts = np.diff(np.append(at, len(pair)))
    kg, kt = keys // n_terms, keys % n_terms
    if min_count > 1:
        totals = np.bincount(kt, weights=counts, minlength=n_terms)
        ok = totals[kt] >= min_count
        kg, kt, counts = kg[ok], kt[ok], counts[ok]
    if complete and by and len(kt):
        vocab = np.unique(kt)
        cells = n_groups * len(vocab)
        if cells > _MAX_CELLS:
            raise ValueError(f"complete=True would make {cells:,} rows (> {_MAX_CELLS:,}); raise min_count or "
                             "count fewer groups.")
        full_g = np.repeat(np.arange(n_groups), len(vocab))
        full_t = np.tile(vocab, n_groups)
        found = dict(zip((kg * n_terms + kt).tolist(), counts.tolist()))
        counts = np.array([found.get(k, 0) for k in (full_g * n_terms + full_t).tolist()], dtype=np.int64)
        kg, kt = full_g, full_t
    return _counts_table(kg, kt, counts, labels, denom, groups if by else None, by, n_groups)


def _counts_table(kg, kt, counts, labels, denom, groups, by: list[str], n_groups: int) -> pd.DataFrame:
    """count_terms' output from integer (group, term) codes and counts; shared with toolkit.scale."""
    # a group with no counted term keeps one row (term missing, count 0)
    import pyarrow as pa
    import pyarrow.compute as pc

    kg = np.asarray(kg, dtype=np.int64)
    kt = np.asarray(kt, dtype=np.int64)
    counts = np.asarray(counts, dtype=np.int64)
    if by or len(kg) == 0:
        seen = np.bincount(kg, minlength=n_groups)[:n_groups] if len(kg) else np.zeros(n_groups, np.int64)
        missing = np.flatnonzero(seen == 0)
        if len(missing):
            kg = np.concatenate((kg, missing))
            kt = np.concatenate((kt, np.full(len(missing), -1)))
            counts = np.concatenate((counts, np.zeros(len(missing), np.int64)))

    # order: groups (sorted), count descending, term; rank within group (ties share the lowest)
    label_rank = np.empty(len(labels) + 1, dtype=np.int64)
    plain = pa.array([x if x is not None else "" for x in labels], type=pa.large_string())
    order_labels = pc.sort_indices(plain).to_numpy()  # code-point order, as Python and numpy sort strings
    label_rank[order_labels] = np.arange(len(labels))
    label_rank[-1] = len(labels)  # missing term last
    n_ranks = len(labels) + 1
    top = int(counts.max()) + 1 if len(counts) else 1
    # (in-place arithmetic throughout: these arrays have one entry per output row, often millions)
    if n_groups * top * n_ranks < 2**62:  # one sort of a combined key (faster than lexsort of three)
        key = kg * top
        key += top - 1
        key -= counts
        key *= n_ranks
        key += label_rank[kt]
        order = np.argsort(key, kind="stable")
        del key
    else:  # pragma: no cover - astronomically many groups, terms and counts
        order = np.lexsort((label_rank[kt], -counts, kg))
    kg, kt, counts = kg[order], kt[order], counts[order]
    del order
    m = len(kg)
    # rank: 1 + rows since the first row of the same count in the group (ties share the lowest rank)
    new_group = np.empty(m, dtype=bool)
    new_group[:1] = True
    np.not_equal(kg[1:], kg[:-1], out=new_group[1:])
    new_value = np.empty(m, dtype=bool)
    new_value[:1] = True
    np.not_equal(counts[1:], counts[:-1], out=new_value[1:])
    new_value |= new_group
    group_at = np.flatnonzero(new_group)
    value_at = np.flatnonzero(new_value)
    rank = np.repeat(value_at, np.diff(np.append(value_at, m)))
    rank -= np.repeat(group_at, np.diff(np.append(group_at, m)))
    rank += 1

    tokens_col = denom[kg] if m else np.zeros(0, np.int64)
    rate = np.full(m, np.nan, dtype=np.float64)  # no tokens, no rate
    np.divide(counts, tokens_col, out=rate, where=tokens_col > 0)
    rate *= 1000
    out = {}
    if by:
        for c in by:
            out[c] = _codes.take(groups[c], kg)
    out["term"] = _codes.strings(labels, kt)
    out["count"] = pd.Series(counts, dtype="int64", copy=False)
    out["tokens"] = pd.Series(tokens_col, dtype="int64", copy=False)
    out["rate_per_1000"] = pd.Series(rate, dtype="float64", copy=False)
    out["rank"] = pd.Series(rank, dtype="int64", copy=False)
    return pd.DataFrame(out, copy=False)


def _group_codes(tok: pd.DataFrame, by: list[str], docs: pd.DataFrame | None):
    """Per-row group codes and the table of groups (sorted by value), including docs' groups without tokens."""
    groups = _all_groups(tok, by, docs)
    if len(by) == 1:  # factorise the column (fast on Arrow strings), then map its few distinct values
        index = pd.Index(groups[by[0]])
        row_codes, uniques = _codes.codes_with_missing(tok[by[0]])
        where = index.get_indexer(uniques).astype(_codes.index_dtype(len(index)))
        codes = where[row_codes] if len(row_codes) else np.zeros(0, np.int64)
    else:
        index = pd.MultiIndex.from_frame(groups)
        codes = index.get_indexer(pd.MultiIndex.from_frame(tok[by]))
    return codes, groups  # int32 when there are fewer than 2**31 groups: cast before multiplying


def top_terms(counts: pd.DataFrame, *, n: int = 20) -> pd.DataFrame:
    """The ``n`` most frequent terms of each group of a :func:`count_terms` table.

    Ranks are recomputed on the rows given, so a table filtered after
    counting (terms removed by hand, one group picked) still ranks without
    gaps: ``rank`` is 1 + the number of terms of the group with a higher
    count (ties share the lowest rank: 1, 1, 3). Number-only terms are left
    out by :func:`count_terms` unless ``include_numbers=True``.

    Parameters
    ----------
    counts : pandas.DataFrame
        From :func:`count_terms`; its group columns are the columns before
        ``term``. Not modified.
    n : int, default 20
        Terms per group; terms tied with the ``n``-th are kept too.

    Returns
    -------
    pandas.DataFrame
        The rows of ``counts`` with ``count > 0`` and (recomputed) ``rank <=
        n``, in the same order, RangeIndex; the columns of ``counts``, with
        ``rank`` (int) replaced or added at the end.

    Examples
    --------
    >>> import toolkit as tk
    >>> counts = count_terms(tk.prepare(tk.load_sample()), by=[])
    >>> top_terms(counts, n=3)[["term", "count", "rank"]]
             term  count  rank
    0    tiongkok     15     1
    1  kazakhstan     10     2
    2          xi      7     3
    >>> top_terms(counts[counts["term"] != "tiongkok"], n=2)[["term", "count", "rank"]]
             term  count  rank
    0  kazakhstan     10     1
    1          xi      7     2
    """
    if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 1:
        raise ValueError(f"n={n!r} is not allowed; use a whole number of at least 1.")
    check_columns(counts, ["term", "count"], table_name="counts", hint="Make one with tk.count_terms(tokens).")
    groups = list(counts.columns[: list(counts.columns).index("term")])
    kept = counts[(counts["count"] > 0) & counts["term"].notna()]
    counted = kept.groupby(groups, dropna=False, sort=False)["count"] if groups else kept["count"]
    rank = counted.rank(method="min", ascending=False).astype("int64")
    return kept.assign(rank=rank)[rank <= n].reset_index(drop=True)
