"""Keyness: which terms a target group uses more (or less) than a reference."""

from __future__ import annotations

import math
from typing import Literal

import numpy as np
import pandas as pd

from ._count_engine import group_frame, number_only
from ._validate import check_choice, check_columns, check_int

__all__ = ["keyness"]


def _g2(a, b, c, d):
    """Dunning's log-likelihood G² over the full 2×2 table (all four cells), vectorised."""
    n = a + b + c + d
    total = np.zeros_like(a, dtype=float)
    for obs, row, col in ((a, a + b, a + c), (b, a + b, b + d), (c, c + d, a + c), (d, c + d, b + d)):
        expected = row * col / n
        with np.errstate(divide="ignore", invalid="ignore"):
            term = np.where(obs > 0, obs * np.log(obs / expected), 0.0)
        total += term
    return 2 * total


def _chi2_yates(a, b, c, d):
    """Pearson's chi-squared with Yates' continuity correction for a 2×2 table, vectorised."""
    n = a + b + c + d
    num = n * np.maximum(np.abs(a * d - b * c) - n / 2, 0) ** 2
    den = (a + b) * (c + d) * (a + c) * (b + d)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(den > 0, num / den, 0.0)


def keyness(
    tokens: pd.DataFrame,
    *,
    target,
    reference=None,
    by: str = "doc_id",
    measure: Literal["g2", "chi2"] = "g2",
    term: Literal["stem", "token"] = "stem",
    include_stopwords: bool = False,
    include_numbers: bool = False,
    min_count: int = 1,
    docs: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Compare a target group's term frequencies with a reference: keyness scores and effect sizes.

    For each term, the 2×2 table is: ``a`` = count in the target, ``b`` =
    count in the reference, ``c`` = other tokens of the target, ``d`` =
    other tokens of the reference (token totals are the counted tokens:
    content tokens unless ``include_stopwords``). Number-only terms ("9",
    "2019") count in those totals but are not compared, as in
    :func:`toolkit.count_terms`, unless ``include_numbers``.

    - ``g2``: Dunning's log-likelihood, G² = 2 Σ O ln(O / E) over all four
      cells of the table (the "full" variant, as in Dunning 1993 and
      NLTK's ``likelihood_ratio``; cells with O = 0 add 0).
    - ``chi2``: Pearson's chi-squared with Yates' continuity correction,
      N (max(0, |ad − bc| − N/2))² / ((a+b)(c+d)(a+c)(b+d)).

    Scores are signed: positive when the term is relatively more frequent
    in the target, negative when less. The p-value is that of the unsigned
    score on a chi-squared distribution with 1 degree of freedom. The effect
    size is Hardie's log ratio, log2 of the ratio of relative frequencies,
    with 0.5 put in place of a zero count.

    Parameters
    ----------
    tokens : pandas.DataFrame
        From :func:`toolkit.prepare`.
    target : scalar or list
        The value(s) of ``by`` that make the target (a speaker, a source, a
        document id ...).
    reference : scalar or list, optional
        The value(s) that make the reference; by default every other group
        (rows where ``by`` is missing are left out of both).
    by : str, default "doc_id"
        The column that defines groups (of ``tokens``, or of ``docs``).
    measure : {"g2", "chi2"}, default "g2"
    term : {"stem", "token"}, default "stem"
    include_stopwords : bool, default False
    include_numbers : bool, default False
        Compare number-only terms too (digits and no letter: "9", "2019";
        "5G" and "COVID-19" are words either way).
    min_count : int, default 1
        Keep terms seen at least this often in target and reference together.
    docs : pandas.DataFrame, optional
        Docs table, when ``by`` is a document metadata column.

    Returns
    -------
    pandas.DataFrame
        One row per term, sorted by ``score`` descending then ``term``,
        RangeIndex. Columns: ``term`` (str), ``target_count``,
        ``reference_count`` (int), ``target_per_1000``,
        ``reference_per_1000`` (float), ``score`` (float, signed),
        ``p_value`` (float), ``log_ratio`` (float, signed) and ``measure``
        (str). The token totals are in ``result.attrs["target_tokens"]`` and
        ``result.attrs["reference_tokens"]``.

    Raises
    ------
    ValueError
        A bad option, or a target or reference with no tokens.

    Examples
    --------
    >>> import pandas as pd, toolkit as tk
    >>> docs = pd.DataFrame({"doc_id": ["xi", "tokayev"], "text": [
    ...     "Keamanan keamanan terorisme ekonomi.", "Ekonomi ekonomi perdagangan keamanan."]})
    >>> k = keyness(tk.prepare(docs), target="xi")
    >>> k[["term", "target_count", "reference_count", "score", "log_ratio"]].round(3)
            term  target_count  reference_count  score  log_ratio
    0  terorisme             1                0  1.530        1.0
    1       aman             2                1  0.541        1.0
    2    ekonomi             1                2 -0.541       -1.0
    3     dagang             0                1 -1.530       -1.0
    """
    check_choice("measure", measure, ("g2", "chi2"))
    check_choice("term", term, ("stem", "token"))
    check_int("min_count", min_count, 1)
    check_columns(tokens, [term] + ([] if include_stopwords else ["is_stopword"]), table_name="tokens")
    tok = group_frame(tokens, [by], docs)
    if not include_stopwords:
        tok = tok[~tok["is_stopword"].astype(bool)]
    targets = list(target) if isinstance(target, (list, tuple, set)) else [target]
    groups = tok[by]
    in_target = groups.isin(targets)
    if reference is None:
        in_reference = ~in_target & groups.notna()
    else:
        refs = list(reference) if isinstance(reference, (list, tuple, set)) else [reference]
        overlap = set(targets) & set(refs)
        if overlap:
            raise ValueError(f"target and reference share {sorted(overlap)!r}; a group can only be on one side.")
        in_reference = groups.isin(refs)
    n1, n2 = int(in_target.sum()), int(in_reference.sum())
    if n1 == 0:
        raise ValueError(f"target={target!r} has no tokens in column {by!r} (values there include: "
                         f"{', '.join(map(str, groups.dropna().unique()[:10]))}).")
    if n2 == 0:
        if reference is None:
            raise ValueError(f"every token with a value in column {by!r} belongs to target={target!r}: there is "
                             "no other group to compare with; name a reference= or group by another column.")
        raise ValueError(f"reference={reference!r} has no tokens in column {by!r}.")
    t_counts = tok.loc[in_target, term].value_counts()
    r_counts = tok.loc[in_reference, term].value_counts()
    table = pd.concat([t_counts.rename("target_count"), r_counts.rename("reference_count")], axis=1).fillna(0)
    table.index.name = "term"
    table = table.reset_index()
    table = table[(table["target_count"] + table["reference_count"]) >= min_count]
    if not include_numbers:
        table = table[~number_only(table["term"].to_numpy(dtype=object))]
    a = table["target_count"].to_numpy(dtype=float)
    b = table["reference_count"].to_numpy(dtype=float)
    c, d = n1 - a, n2 - b
    raw = _g2(a, b, c, d) if measure == "g2" else _chi2_yates(a, b, c, d)
    sign = np.sign(a / n1 - b / n2)
    table["target_count"] = table["target_count"].astype("int64")
    table["reference_count"] = table["reference_count"].astype("int64")
    table["target_per_1000"] = a / n1 * 1000
    table["reference_per_1000"] = b / n2 * 1000
    table["score"] = sign * raw
    table["p_value"] = [math.erfc(math.sqrt(max(x, 0.0) / 2)) for x in raw]
    a0, b0 = np.where(a == 0, 0.5, a), np.where(b == 0, 0.5, b)
    table["log_ratio"] = np.log2((a0 / n1) / (b0 / n2))
    table["measure"] = measure
    table["term"] = table["term"].astype("str")
    out = table.sort_values(["score", "term"], ascending=[False, True], kind="stable").reset_index(drop=True)
    out.attrs["target_tokens"] = n1
    out.attrs["reference_tokens"] = n2
    return out
