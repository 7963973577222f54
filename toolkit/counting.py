"""Counting terms by group, with the denominator stated and selectable."""

from __future__ import annotations

import numbers
from typing import Literal

import numpy as np
import pandas as pd

from ._validate import check_choice, check_columns

__all__ = ["count_terms", "top_terms"]

_MAX_CELLS = 50_000_000


def _group_frame(tokens: pd.DataFrame, by: list[str], docs: pd.DataFrame | None, *, param: str = "by"):
    """tokens with every group column attached (from docs where needed)."""
    missing = [c for c in by if c not in tokens.columns]
    if not missing:
        return tokens
    if docs is None:
        raise KeyError(
            f"{param}={by!r}: {', '.join(missing)} is not a column of tokens; pass docs= to take it from the "
            f"docs table, or use one of: {', '.join(map(str, tokens.columns))}."
        )
    check_columns(docs, ["doc_id"] + missing, table_name="docs")
    return tokens.merge(docs[["doc_id"] + missing], on="doc_id", how="left", validate="many_to_one")


def _all_groups(tok: pd.DataFrame, by: list[str], docs: pd.DataFrame | None) -> pd.DataFrame:
    groups = tok[by].drop_duplicates()
    if docs is not None and set(by) <= set(docs.columns):
        groups = pd.concat([groups, docs[by].drop_duplicates()]).drop_duplicates()
    return groups.sort_values(by, kind="stable").reset_index(drop=True)


def count_terms(
    tokens: pd.DataFrame,
    *,
    by="doc_id",
    term: Literal["stem", "token"] = "stem",
    include_stopwords: bool = False,
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
        1,000, 0 for a group without tokens) and ``rank`` (int, 1-based
        within the group, ties share the lowest rank). A group in which no
        term is counted still has one row, with ``term`` missing and
        ``count`` 0, so no group is lost.

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

    stop = tok["is_stopword"].to_numpy(dtype=bool) if "is_stopword" in tok.columns else np.zeros(len(tok), bool)
    content = ~stop
    # denominators
    if by:
        base = tok[content] if denominator == "content" else tok
        denom = base.groupby(by, dropna=False, sort=False).size().rename("tokens")
    # terms
    terms = tok[term].astype(str).to_numpy(dtype=object)
    keep = np.ones(len(tok), bool) if include_stopwords else content.copy()
    if ngram > 1:
        n = len(tok)
        seg = pd.factorize(pd.MultiIndex.from_arrays([tok["doc_id"], tok["seg_id"]]))[0]
        pos = tok["position"].to_numpy()
        valid = np.zeros(n, bool)
        valid[: max(n - ngram + 1, 0)] = True
        joined = terms.copy()
        for m in range(1, ngram):
            idx = np.minimum(np.arange(n) + m, n - 1)
            valid &= (seg[idx] == seg) & (pos[idx] == pos + m) & (np.arange(n) + m < n)
            if not include_stopwords:
                valid &= keep[idx]
            joined = np.char.add(np.char.add(joined.astype(str), " "), terms[idx].astype(str)).astype(object)
        terms = joined
        keep = keep & valid
    frame = tok.loc[keep, by].copy() if by else pd.DataFrame(index=tok.index[keep])
    frame["term"] = terms[keep]
    if by:
        counts = frame.groupby(by + ["term"], dropna=False, sort=False).size().rename("count").reset_index()
    else:
        counts = frame.groupby("term", sort=False).size().rename("count").reset_index()
    if min_count > 1:
        totals = counts.groupby("term")["count"].transform("sum")
        counts = counts[totals >= min_count]
    if by:
        groups = _all_groups(tok, by, docs)
        if complete and len(counts):
            vocab = pd.Series(counts["term"].unique(), name="term")
            cells = len(groups) * len(vocab)
            if cells > _MAX_CELLS:
                raise ValueError(f"complete=True would make {cells:,} rows (> {_MAX_CELLS:,}); raise min_count or "
                                 "count fewer groups.")
            grid = groups.merge(vocab.to_frame(), how="cross")
            counts = grid.merge(counts, on=by + ["term"], how="left")
            counts["count"] = counts["count"].fillna(0)
        else:
            counts = groups.merge(counts, on=by, how="left")
            counts["count"] = counts["count"].fillna(0)
        counts = counts.merge(denom.reset_index(), on=by, how="left")
    else:
        counts["tokens"] = int(content.sum()) if denominator == "content" else len(tok)
    counts["count"] = counts["count"].astype("int64")
    counts["tokens"] = counts["tokens"].fillna(0).astype("int64")
    counts["term"] = counts["term"].astype("str")
    safe = counts["tokens"].where(counts["tokens"] > 0)
    counts["rate_per_1000"] = (counts["count"] / safe * 1000).fillna(0.0)
    counts = counts.sort_values(by + ["count", "term"], ascending=[True] * len(by) + [False, True],
                                kind="stable", na_position="last")
    if by:
        counts["rank"] = counts.groupby(by, dropna=False)["count"].rank(method="min", ascending=False).astype("int64")
    else:
        counts["rank"] = counts["count"].rank(method="min", ascending=False).astype("int64")
    return counts[by + ["term", "count", "tokens", "rate_per_1000", "rank"]].reset_index(drop=True)


def top_terms(counts: pd.DataFrame, *, n: int = 20) -> pd.DataFrame:
    """The ``n`` most frequent terms of each group of a :func:`count_terms` table.

    Parameters
    ----------
    counts : pandas.DataFrame
        From :func:`count_terms`.
    n : int, default 20
        Terms per group; terms tied with the ``n``-th are kept too.

    Returns
    -------
    pandas.DataFrame
        The rows of ``counts`` with ``rank <= n`` and ``count > 0``, in the
        same order, RangeIndex.

    Examples
    --------
    >>> import toolkit as tk
    >>> counts = count_terms(tk.prepare(tk.load_sample()), by=[])
    >>> top_terms(counts, n=3)[["term", "count", "rank"]]
             term  count  rank
    0    tiongkok     15     1
    1  kazakhstan     10     2
    2          xi      7     3
    """
    if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 1:
        raise ValueError(f"n={n!r} is not allowed; use a whole number of at least 1.")
    check_columns(counts, ["term", "count", "rank"], table_name="counts", hint="Make one with tk.count_terms(tokens).")
    return counts[(counts["rank"] <= n) & (counts["count"] > 0)].reset_index(drop=True)
