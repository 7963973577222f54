"""Counting written plainly, with pandas ``groupby``: the specification of :func:`toolkit.count_terms`.

Read this module first. :func:`count_terms_reference` takes a tokens table
and gives the table that :func:`toolkit.count_terms` gives, step by step
with ordinary pandas. The fast kernel (:mod:`toolkit._count_engine`:
integer codes and one sort) must give the same values; a hypothesis test
(``tests/test_counting_reference.py``) proves it on generated tokens tables
(missing terms, numbers, stop words, n-grams, groups from the docs table,
``min_count``, ``complete``). Group columns taken from a categorical column
of the tokens table come out with the values' own dtype (str).
"""

from __future__ import annotations

import re

import pandas as pd

__all__ = ["count_terms_reference"]

_LETTER = re.compile(r"[^\W\d_]")
_DIGIT = re.compile(r"\d")


def count_terms_reference(tokens: pd.DataFrame, *, by="doc_id", term: str = "stem", include_stopwords: bool = False,
                          include_numbers: bool = False, ngram: int = 1, min_count: int = 1,
                          docs: pd.DataFrame | None = None, denominator: str = "all",
                          complete: bool = False, forms: bool = False) -> pd.DataFrame:
    """Count terms per group with pandas ``groupby``: the plain version of :func:`toolkit.count_terms`.

    Each step is one pandas operation: attach group columns from ``docs``;
    keep the terms to count (present; not a stop word, not a number, unless
    asked; n-grams of consecutive kept words in one segment); ``groupby``
    the groups and terms and take the sizes; drop terms below
    ``min_count``; list every group (with ``complete``, every group x
    term); divide by each group's tokens; sort and rank; with ``forms``,
    join each group and term's word forms, most frequent first.

    Parameters
    ----------
    tokens : pandas.DataFrame
        A tokens table (:func:`toolkit.prepare`). Not modified.
    by, term, include_stopwords, include_numbers, ngram, min_count, docs, denominator, complete, forms
        As for :func:`toolkit.count_terms` (not checked here).

    Returns
    -------
    pandas.DataFrame
        The table :func:`toolkit.count_terms` returns: the group columns,
        ``term`` (str), ``count`` (int64), ``tokens`` (int64),
        ``rate_per_1000`` (float64), ``rank`` (int64) and, with ``forms``,
        ``forms`` (str).

    Examples
    --------
    >>> import pandas as pd, toolkit as tk
    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "text": ["Kerja sama keamanan dan pertahanan.",
    ...                                                    "Keamanan negara, 2019."]})
    >>> count_terms_reference(tk.prepare(docs), by=[])
         term  count  tokens  rate_per_1000  rank
    0    aman      2       8          250.0     1
    1  negara      1       8          125.0     2
    2   tahan      1       8          125.0     2
    """
    by = [by] if isinstance(by, str) else list(by)
    tok = _with_group_columns(tokens, by, docs)
    tok["_term"], tok["_kept"] = _terms(tok, term, include_stopwords, include_numbers, ngram)
    counted = tok if denominator == "all" else tok[~tok["is_stopword"].astype(bool)]
    keys = by or (lambda _: 0)  # by=[]: one group, the whole corpus
    sizes = counted.groupby(keys, dropna=False).size()
    found = tok[tok["_kept"]].groupby(keys + ["_term"] if by else ["_term"], dropna=False).size()
    found = found.rename("count").reset_index().rename(columns={"_term": "term"})
    totals = found.groupby("term")["count"].transform("sum")
    found = found[totals >= min_count]
    groups = _all_groups(tok, by, docs)
    if complete and by and len(found):
        terms = pd.DataFrame({"term": found["term"].unique()})
        found = groups.merge(terms, how="cross").merge(found, on=by + ["term"], how="left").fillna({"count": 0})
    if by:  # every group, a group without a counted term with one row (term missing, count 0)
        table = groups.merge(found, on=by, how="left")
    else:  # the corpus has its row even when nothing is counted
        table = found if len(found) else pd.DataFrame({"term": pd.Series([None], dtype="str"), "count": [0]})
    if forms:  # the word forms counted under each term in each group; none where nothing was counted
        table = table.merge(_forms(tok, by), on=by + ["term"], how="left")
    table["count"] = table["count"].fillna(0).astype("int64")
    table["tokens"] = _denominators(table, sizes, by)
    table["rate_per_1000"] = (table["count"] / table["tokens"].where(table["tokens"] > 0) * 1000).astype("float64")
    return _sorted_and_ranked(table, by, forms)


def _with_group_columns(tokens: pd.DataFrame, by: list[str], docs: pd.DataFrame | None) -> pd.DataFrame:
    """A copy of tokens with plain columns (categoricals decoded) and the group columns only docs has."""
    tok = tokens.reset_index(drop=True).copy()
    for c in tok.columns:
        if isinstance(tok[c].dtype, pd.CategoricalDtype):
            tok[c] = tok[c].astype(tok[c].cat.categories.dtype)
    missing = [c for c in by if c not in tok.columns]
    if missing:
        tok = tok.merge(docs[["doc_id"] + missing], on="doc_id", how="left")
    return tok


def _terms(tok: pd.DataFrame, term: str, include_stopwords: bool, include_numbers: bool, ngram: int):
    """(the term starting at each row: a word, or n words joined by a space; whether the row is counted)."""
    words = tok[term].astype("str")
    kept = words.notna()
    if not include_stopwords:
        kept &= ~tok["is_stopword"].astype(bool)
    if not include_numbers:
        kept &= ~pd.Series([isinstance(w, str) and _is_number(w) for w in words], index=words.index, dtype=bool)
    terms, word_kept = words, kept.copy()
    segment = tok["doc_id"].astype(object).fillna("\0missing").astype(str) + "\0" + tok["seg_id"].astype(str)
    for m in range(1, ngram):  # the word m rows on: same segment, m positions on, counted itself
        follows = (segment.shift(-m) == segment) & (tok["position"].shift(-m) == tok["position"] + m)
        kept &= follows & word_kept.shift(-m, fill_value=False)
        terms = terms + " " + words.shift(-m).fillna("")
    return terms.where(kept), kept


def _forms(tok: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Per group and term: its word forms (``token``), most frequent first, then A-Z, joined by ", "."""
    seen = tok[tok["_kept"] & tok["token"].notna()].groupby(by + ["_term", "token"], dropna=False).size()
    seen = seen.rename("k").reset_index().sort_values(["k", "token"], ascending=[False, True], kind="stable")
    joined = seen.groupby(by + ["_term"], dropna=False, sort=False)["token"].agg(", ".join)
    return joined.rename("forms").reset_index().rename(columns={"_term": "term"})


def _is_number(word: str) -> bool:
    """Digits and no letter ("9", "2019", "1.000"; not "5G" or "ke-70")."""
    return not _LETTER.search(word) and bool(_DIGIT.search(word))


def _all_groups(tok: pd.DataFrame, by: list[str], docs: pd.DataFrame | None) -> pd.DataFrame:
    """Every group of the tokens, and of docs when it has the group columns, sorted by value (missing last)."""
    if not by:
        return pd.DataFrame(index=[0])
    groups = tok[by].drop_duplicates()
    if docs is not None and set(by) <= set(docs.columns):
        groups = pd.concat([groups, docs[by].drop_duplicates()]).drop_duplicates()
    return groups.sort_values(by, kind="stable", na_position="last").reset_index(drop=True)


def _denominators(table: pd.DataFrame, sizes: pd.Series, by: list[str]) -> pd.Series:
    if not by:
        return pd.Series(int(sizes.sum()), index=table.index, dtype="int64")
    keys = pd.MultiIndex.from_frame(table[by]) if len(by) > 1 else pd.Index(table[by[0]])
    return pd.Series(sizes.reindex(keys).fillna(0).to_numpy(), index=table.index).astype("int64")


def _sorted_and_ranked(table: pd.DataFrame, by: list[str], forms: bool) -> pd.DataFrame:
    """Groups in sorted order, count descending, term (missing last); rank 1 + terms with a higher count."""
    table = table.assign(_group=table.groupby(by, dropna=False, sort=False).ngroup() if by else 0)
    table = table.sort_values(["_group", "count", "term"], ascending=[True, False, True], na_position="last",
                              kind="stable")
    table["rank"] = table.groupby("_group")["count"].rank(method="min", ascending=False).astype("int64")
    table = table[by + ["term", "count", "tokens", "rate_per_1000", "rank"] + (["forms"] if forms else [])]
    return (table.astype({"forms": "str"}) if forms else table).reset_index(drop=True)
