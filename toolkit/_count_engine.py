"""The counting kernel behind :func:`toolkit.count_terms` (and the group handling :mod:`toolkit.themes`,
:mod:`toolkit.keyness` and :mod:`toolkit.parts` share): integer codes, one sort, no Python loop over rows.

Its specification is :func:`toolkit.counting_reference.count_terms_reference`,
a plain pandas ``groupby``; ``tests/test_counting_reference.py`` proves the
two equal on generated tokens tables.

Groups and terms become integer codes (:mod:`toolkit._codes`: a categorical
column already is codes); each kept token gives one (group, term) key, and
one sort of the keys gives every count. Tables of group values are decoded
from categoricals, so count tables give their group columns as the values'
own dtype (str for ``doc_id``), as before.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from . import _codes
from ._memory import release_free_memory
from ._tokenize_engine import segment_key
from ._validate import check_columns

__all__ = ["number_only", "group_frame", "all_groups", "group_codes", "count_pairs", "finish_counts", "counts_table",
           "sum_by", "forms_column", "MAX_CELLS"]

MAX_CELLS = 50_000_000  # complete=True refuses more rows than this
_LETTER = re.compile(r"[^\W\d_]")
_DIGIT = re.compile(r"\d")


def number_only(terms) -> np.ndarray:
    """True for each term of digits and no letter ("9", "2019", "1.000"; not "5G", "ke-70", "COVID-19"), or missing.

    A term of neither letters nor digits (a stray combining mark) is not a number: it stays a term.

    Examples
    --------
    >>> number_only(["9", "1.000", "5g", "ke-70", None]).tolist()
    [True, True, False, False, True]
    """
    codes, uniques = pd.factorize(np.asarray(terms, dtype=object))
    flags = [not isinstance(t, str) or (not _LETTER.search(t) and bool(_DIGIT.search(t))) for t in uniques]
    flags.append(True)  # code -1: missing
    return np.array(flags, dtype=bool)[codes]


def group_frame(tokens: pd.DataFrame, by: list[str], docs: pd.DataFrame | None, *, param: str = "by"):
    """``tokens`` with every group column attached (taken from ``docs`` by ``doc_id`` where needed)."""
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
    where[~_used(codes, len(uniques))] = 0  # (categories no token uses need no document)
    out = tokens.copy()
    for c in missing:
        column = docs[c].reset_index(drop=True)
        if not len(column):  # an empty docs table: every value missing, as for a document not in docs
            out[c] = column.reindex(range(len(tokens))).set_axis(tokens.index)
            continue
        values = column.take(np.maximum(where, 0)).to_numpy()
        if (where < 0).any():
            values = pd.Series(values, dtype=column.dtype).where(pd.Series(where >= 0)).to_numpy()
        out[c] = pd.Series(values[codes] if len(codes) else values[:0], index=tokens.index, dtype=column.dtype)
    return out


def all_groups(tok: pd.DataFrame, by: list[str], docs: pd.DataFrame | None) -> pd.DataFrame:
    """The distinct values of the ``by`` columns of ``tok`` (and of ``docs``, when it has them), sorted."""
    return _with_docs_groups(_row_groups(tok, by)[2], by, docs)


def group_codes(tok: pd.DataFrame, by: list[str], docs: pd.DataFrame | None):
    """(each row's group: its place in the sorted groups table, that table), docs' groups without tokens included."""
    key, keys, found = _row_groups(tok, by)
    groups = _with_docs_groups(found, by, docs)
    index = pd.Index(groups[by[0]]) if len(by) == 1 else pd.MultiIndex.from_frame(groups)
    lookup = np.zeros(int(keys.max()) + 1 if len(keys) else 0, dtype=_codes.index_dtype(len(index)))
    lookup[keys] = index.get_indexer(found[by[0]] if len(by) == 1 else pd.MultiIndex.from_frame(found))
    return (lookup[key] if len(key) else np.zeros(0, np.int64)), groups  # int32: cast before multiplying


def _with_docs_groups(found: pd.DataFrame, by: list[str], docs: pd.DataFrame | None) -> pd.DataFrame:
    if docs is not None and set(by) <= set(docs.columns):
        found = pd.concat([found, docs[by].drop_duplicates()]).drop_duplicates()
    return found.sort_values(by, kind="stable", na_position="last").reset_index(drop=True)


def _row_groups(tok: pd.DataFrame, by: list[str]):
    """(a key per row, the keys that occur, their group values: row k of the table for ``keys[k]``).

    Each column is read as integer codes (remembered, or a categorical's
    own), so no column of strings is hashed again; group values are decoded
    from categoricals. (Tables of groups are sorted afterwards: their order
    here does not matter.)
    """
    if len(by) == 1 and isinstance(tok[by[0]].dtype, pd.CategoricalDtype):  # the groups are its categories in use
        column = tok[by[0]]
        key, uniques = _codes.codes_with_missing(column)
        keys = np.flatnonzero(np.bincount(key, minlength=len(uniques)))
        values = pd.Series(uniques[keys], dtype=column.cat.categories.dtype)
        return key, keys, pd.DataFrame({by[0]: values})
    key, size = None, 1
    for c in by:
        codes, uniques = _codes.codes_with_missing(tok[c])
        key = codes if key is None else key.astype(np.int64) * len(uniques) + codes
        size *= max(len(uniques), 1)
        if size > 4 * len(tok) + 1024:  # renumber the combinations seen so far, so that keys stay small
            key, seen = pd.factorize(key)
            size = len(seen)
    first = np.full(size, -1, dtype=np.int64)
    first[key[::-1]] = np.arange(len(key), dtype=_codes.index_dtype(len(key)))[::-1]
    keys = np.flatnonzero(first >= 0)
    keys = keys[np.argsort(first[keys], kind="stable")]  # first appearance, as pd.unique
    values = {c: _codes.decoded(tok[c].take(first[keys]).reset_index(drop=True)) for c in by}
    if len(by) == 1:  # as pd.unique gives them (an object column of strings becomes str), as before
        values = {c: pd.unique(v) for c, v in values.items()}
    return key, keys, pd.DataFrame(values)


def _used(codes: np.ndarray, n: int) -> np.ndarray:
    """Which of ``n`` codes occur in ``codes`` (-1, missing, ignored)."""
    seen = np.zeros(n + 1, dtype=bool)
    seen[codes] = True
    return seen[:n]


# --- the count ---------------------------------------------------------------------------------------------------
def count_pairs(tokens: pd.DataFrame, *, by: list[str], term: str, include_stopwords: bool, include_numbers: bool,
                ngram: int, docs: pd.DataFrame | None, denominator: str):
    """:func:`toolkit.count_terms_partial`'s counts (arguments already checked).

    Returns (group code, term code, count) of every distinct pair, the term
    labels, each group's denominator and the groups table (None for ``by=[]``).
    """
    tok = group_frame(tokens, by, docs)
    out = _count(tok, by, term, include_stopwords=include_stopwords, include_numbers=include_numbers, ngram=ngram,
                 docs=docs, denominator=denominator)
    del tok
    release_free_memory()  # the per-token arrays of _count are gone: their memory goes back before the table
    return out


def finish_counts(kg, kt, counts, labels, denom, groups, by: list[str], *, min_count: int,
                  complete: bool) -> pd.DataFrame:
    """:func:`toolkit.count_terms`' table from the (merged) pairs: ``min_count`` on the totals, ``complete``, ranks."""
    n_groups = len(denom)
    if min_count > 1:
        totals = np.bincount(kt, weights=counts, minlength=len(labels))
        ok = totals[kt] >= min_count
        kg, kt, counts = kg[ok], kt[ok], counts[ok]
    if complete and by and len(kt):
        kg, kt, counts = _complete(kg, kt, counts, n_groups)
    return counts_table(kg, kt, counts, labels, denom, groups, by, n_groups)


def _count(tok: pd.DataFrame, by: list[str], term: str, *, include_stopwords: bool, include_numbers: bool,
           ngram: int, docs: pd.DataFrame | None, denominator: str):
    """(group, term, count) of every distinct pair, the term labels, each group's denominator and the groups.

    The per-token arrays live only in here, so they are gone before the table is built.
    """
    n = len(tok)
    stop = tok["is_stopword"].to_numpy(dtype=bool) if "is_stopword" in tok.columns else np.zeros(n, bool)
    keep = np.ones(n, bool) if include_stopwords else ~stop
    t_codes, labels = _term_codes(tok[term])
    keep &= t_codes >= 0  # a token whose term is missing counts in the denominator, not as a term
    if not include_numbers and len(labels):
        used = _used(t_codes, len(labels))  # (a categorical may list many labels no row uses)
        numbers = np.zeros(len(labels), dtype=bool)
        numbers[used] = number_only(labels[used])
        keep &= ~numbers[t_codes]  # (missing terms, code -1, are already out)
    if ngram > 1:
        t_codes, labels, keep = _ngram_codes(tok, t_codes, labels, keep, ngram)
    counted = ~stop if denominator == "content" else np.ones(n, bool)
    if by:
        g_codes, groups = group_codes(tok, by, docs)
        counted_codes = g_codes if denominator == "all" else g_codes[counted]
        denom = np.bincount(counted_codes, minlength=len(groups)) if n else np.zeros(len(groups), np.int64)
    else:
        g_codes, groups = np.zeros(n, np.int32), None
        denom = np.array([int(counted.sum())], dtype=np.int64)
    return (*_count_pairs(g_codes, t_codes, keep, max(len(labels), 1)), labels, denom, groups)


def _term_codes(column: pd.Series):
    """Integer codes of the terms (-1: missing) and the terms they stand for, as str."""
    is_str_categorical = isinstance(column.dtype, pd.CategoricalDtype) and column.cat.categories.dtype == "str"
    if column.dtype != "str" and not is_str_categorical:
        column = column.astype(str)
    return _codes.factorize(column)


def _ngram_codes(tok: pd.DataFrame, t_codes, t_uniques, keep, ngram: int):
    """Codes of the n-grams starting at each row (inside one segment, every word kept), their labels, and keep."""
    n = len(tok)
    seg = segment_key(tok)
    pos = tok["position"].to_numpy()
    valid = np.zeros(n, bool)
    valid[: max(n - ngram + 1, 0)] = True
    t_codes = t_codes.astype(np.int64)
    key = t_codes.copy()
    for m in range(1, ngram):
        idx = np.minimum(np.arange(n) + m, max(n - 1, 0))
        valid &= (seg[idx] == seg) & (pos[idx] == pos + m) & keep[idx]
        key, _ = pd.factorize(key * len(t_uniques) + t_codes[idx])
        key = key.astype(np.int64)
    keep = keep & valid
    first_row = np.full(int(key.max()) + 1 if n else 0, -1, dtype=np.int64)
    rows_kept = np.flatnonzero(keep)
    first_row[key[rows_kept][::-1]] = rows_kept[::-1]
    labels = np.empty(len(first_row), dtype=object)
    base = np.asarray(t_uniques, dtype=object)
    for code in np.flatnonzero(first_row >= 0).tolist():
        r = int(first_row[code])
        labels[code] = " ".join(base[t_codes[r : r + ngram]])
    return key, labels, keep


def _count_pairs(g_codes, t_codes, keep, n_terms: int):
    """The distinct (group, term) pairs of the kept rows and how often each occurs (one in-place sort)."""
    n_groups = int(g_codes.max()) + 1 if len(g_codes) else 1
    pair = g_codes[keep].astype(np.int32 if n_groups * n_terms < 2**31 else np.int64, copy=False)  # (int32: half)
    pair *= n_terms
    pair += t_codes[keep]
    n_kept = len(pair)
    pair.sort(kind="stable")  # fast: tokens usually come grouped (by document), so the keys are in long sorted runs
    first = np.empty(len(pair), dtype=bool)
    first[:1] = True
    np.not_equal(pair[1:], pair[:-1], out=first[1:])
    at = np.flatnonzero(first)
    del first
    keys = pair[at]
    del pair
    counts = np.empty(len(at), dtype=np.int64)
    np.subtract(at[1:], at[:-1], out=counts[:-1])
    counts[-1:] = n_kept - at[-1:]
    small = _codes.index_dtype(int(keys[-1]) if len(keys) else 0)  # (the last key is at least every code)
    return (keys // n_terms).astype(small), (keys % n_terms).astype(small), counts


def _complete(kg, kt, counts, n_groups: int):
    """Every group x counted term, zeros included (refused above MAX_CELLS rows)."""
    vocab = np.unique(kt)
    cells = n_groups * len(vocab)
    if cells > MAX_CELLS:
        raise ValueError(f"complete=True would make {cells:,} rows (> {MAX_CELLS:,}); raise min_count or "
                         "count fewer groups.")
    full_g = np.repeat(np.arange(n_groups), len(vocab))
    full_t = np.tile(vocab, n_groups)
    n_terms = int(kt.max()) + 1
    found = dict(zip((kg * n_terms + kt).tolist(), counts.tolist()))
    counts = np.array([found.get(k, 0) for k in (full_g * n_terms + full_t).tolist()], dtype=np.int64)
    return full_g, full_t, counts


def counts_table(kg, kt, counts, labels, denom, groups, by: list[str], n_groups: int) -> pd.DataFrame:
    """count_terms' output from integer (group, term) codes and counts.

    A group with no counted term keeps one row (term missing, count 0).
    Rows are ordered by group, count descending, term; ``rank`` is 1 + the
    number of the group's terms with a higher count.
    """
    kg, kt, counts = np.asarray(kg), np.asarray(kt), np.asarray(counts, dtype=np.int64)
    if by or len(kg) == 0:
        seen = np.bincount(kg, minlength=n_groups)[:n_groups] if len(kg) else np.zeros(n_groups, np.int64)
        missing = np.flatnonzero(seen == 0)
        if len(missing):
            kg = np.concatenate((kg, missing))
            kt = np.concatenate((kt, np.full(len(missing), -1, dtype=kt.dtype)))
            counts = np.concatenate((counts, np.zeros(len(missing), np.int64)))
    order = _table_order(kg, kt, counts, labels, n_groups)
    kg = kg[order]
    kt = kt[order]
    counts = counts[order]
    del order
    out = {c: _codes.take(groups[c], kg) for c in by}
    out["term"] = _codes.strings(labels, kt)
    del kt
    tokens_col = denom[kg] if len(kg) else np.zeros(0, np.int64)
    rate = np.full(len(kg), np.nan, dtype=np.float64)  # no tokens, no rate
    np.divide(counts, tokens_col, out=rate, where=tokens_col > 0)
    rate *= 1000
    out["count"] = pd.Series(counts, dtype="int64", copy=False)
    out["tokens"] = pd.Series(tokens_col, dtype="int64", copy=False)
    out["rate_per_1000"] = pd.Series(rate, dtype="float64", copy=False)
    out["rank"] = pd.Series(_ranks(kg, counts), dtype="int64", copy=False)
    return pd.DataFrame(out, copy=False)


def _table_order(kg, kt, counts, labels, n_groups: int) -> np.ndarray:
    """The row order: groups (sorted), count descending, term (code-point order; a missing term last)."""
    label_rank = np.empty(len(labels) + 1, dtype=np.int64)
    plain = pa.array([x if x is not None else "" for x in labels], type=pa.large_string())
    label_rank[pc.sort_indices(plain).to_numpy()] = np.arange(len(labels))  # code-point order, as Python sorts
    label_rank[-1] = len(labels)  # missing term last
    n_ranks = len(labels) + 1
    top = int(counts.max()) + 1 if len(counts) else 1
    if n_groups * top * n_ranks >= 2**62:  # pragma: no cover - astronomically many groups, terms and counts
        return np.lexsort((label_rank[kt], -counts, kg))
    key = kg.astype(np.int64)  # one sort of a combined key (faster than lexsort of three); in place: one entry per row
    key *= top
    key += top - 1
    key -= counts
    key *= n_ranks
    key += label_rank[kt]
    return np.argsort(key, kind="stable")


def _ranks(kg, counts) -> np.ndarray:
    """1 + rows since the first row of the same count in the group (ties share the lowest rank)."""
    m = len(kg)
    idx = np.arange(m, dtype=_codes.index_dtype(m))
    starts = np.ones(m, dtype=bool)
    np.not_equal(kg[1:], kg[:-1], out=starts[1:])  # a new group
    group_start = np.where(starts, idx, 0)
    np.maximum.accumulate(group_start, out=group_start)
    starts[1:] |= counts[1:] != counts[:-1]  # a new count (or group)
    value_start = np.where(starts, idx, 0)
    np.maximum.accumulate(value_start, out=value_start)
    rank = value_start.astype(np.int64)
    rank -= group_start
    rank += 1
    return rank


# --- the word forms behind each term (count_terms(..., forms=True)) ---------------------------------------------
def forms_column(table: pd.DataFrame, tokens: pd.DataFrame, *, by: list[str], term: str, include_stopwords: bool,
                 include_numbers: bool, docs: pd.DataFrame | None) -> pd.Series:
    """The ``forms`` of a unigram count table: per row, the word forms (``token``) counted under its term in its
    group, most frequent first, then in code-point order, joined by ", "; missing where nothing was counted.

    Rows of ``table`` (from ``count_terms``, same options) run through the groups in order and list every
    group, so a row's group code is its group's order of appearance in the table.
    """
    tok = group_frame(tokens, by, docs)
    n = len(tok)
    t_codes, labels = _term_codes(tok[term])
    f_codes, form_labels = _term_codes(tok["token"])
    keep = (t_codes >= 0) & (f_codes >= 0)
    if not include_stopwords:
        keep &= ~tok["is_stopword"].to_numpy(dtype=bool)
    if not include_numbers and len(labels):
        keep &= ~number_only(labels)[t_codes]  # (rows of code -1 are already out)
    g_codes = group_codes(tok, by, docs)[0] if by else np.zeros(n, np.int64)
    seen = pd.DataFrame({"key": g_codes[keep].astype(np.int64) * len(labels) + t_codes[keep],
                         "form": f_codes[keep]}).groupby(["key", "form"]).size().rename("k").reset_index()
    order = np.empty(len(form_labels), dtype=np.int64)  # each form's place in code-point order
    order[np.argsort(np.asarray(form_labels, dtype=object), kind="stable")] = np.arange(len(form_labels))
    seen = seen.assign(place=order[seen["form"]]).sort_values(["key", "k", "place"], ascending=[True, False, True])
    keys = seen["key"].to_numpy()
    firsts, joined = _join_runs(keys, np.asarray(form_labels, dtype=object)[seen["form"].to_numpy()])
    joined = pd.Series(joined, index=keys[firsts])
    row_group = table.groupby(by, dropna=False, sort=False).ngroup().to_numpy() if by else np.zeros(len(table), int)
    row_term = pd.Index(np.asarray(labels, dtype=object)).get_indexer(table["term"])
    row_key = np.where(row_term >= 0, row_group.astype(np.int64) * len(labels) + row_term, -1)
    return pd.Series(joined.reindex(row_key).to_numpy(), index=table.index, dtype="str")


def _join_runs(keys: np.ndarray, words: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(the first row of each run of equal ``keys``, the run's ``words`` joined by ", ") without a Python loop over
    the runs: a run of one word is that word; the k-th words of all longer runs are appended in one step per k.

    Examples
    --------
    >>> firsts, joined = _join_runs(np.array([3, 3, 5, 7, 7, 7]), np.array(list("abcdef"), dtype=object))
    >>> firsts.tolist(), joined.tolist()
    ([0, 2, 3], ['a, b', 'c', 'd, e, f'])
    """
    n = len(keys)
    starts = np.ones(n, dtype=bool)
    np.not_equal(keys[1:], keys[:-1], out=starts[1:])
    firsts = np.flatnonzero(starts)
    joined = words[firsts].copy()  # each run's first word
    run = np.cumsum(starts) - 1  # each row's run
    slot = np.arange(n) - firsts[run]  # each row's place in its run
    later = np.flatnonzero(slot > 0)
    later = later[np.argsort(slot[later], kind="stable")]  # the second words of all runs, then the third ...
    bounds = np.flatnonzero(np.diff(slot[later], prepend=0, append=-1))
    for lo, hi in zip(bounds[:-1], bounds[1:]):
        rows = later[lo:hi]
        joined[run[rows]] = joined[run[rows]] + ", " + words[rows]
    return firsts, joined


def sum_by(columns: list[np.ndarray], sizes: list[int], values: np.ndarray):
    """The distinct rows of integer columns (column k in range(sizes[k])), sorted, and the sum of ``values`` of each.

    Examples
    --------
    >>> (groups, terms), sums = sum_by([np.array([1, 0, 1]), np.array([2, 2, 2])], [2, 3], np.array([5, 1, 2]))
    >>> groups.tolist(), terms.tolist(), sums.tolist()
    ([0, 1], [2, 2], [1, 7])
    """
    sizes = [max(int(s), 1) for s in sizes]
    key = np.zeros(len(values), np.int64)
    for column, size in zip(columns, sizes):
        key = key * size + np.asarray(column, dtype=np.int64)
    order = np.argsort(key, kind="stable")
    key = key[order]
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]]) if len(key) else np.zeros(0, np.int64)
    sums = np.add.reduceat(np.asarray(values, dtype=np.int64)[order], starts) if len(key) else np.zeros(0, np.int64)
    key = key[starts]
    out = []
    for size in reversed(sizes):
        out.append(key % size)
        key = key // size
    return out[::-1], sums
