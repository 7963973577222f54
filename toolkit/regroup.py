"""Regrouping tables for reading: totals over groups, the largest groups and the rest pooled, dates in periods.

The functions take a table made by the toolkit (a :func:`toolkit.count_terms`
or :func:`toolkit.theme_rates` table) and return a new table of the same
kind, with the counts added up and the rates recomputed from the sums, so
that a chart of forty sources or six years of daily dates stays readable and
every number in it can be traced to the table.
"""

from __future__ import annotations

import warnings
from typing import Literal

import numpy as np
import pandas as pd

from ._validate import check_choice, check_columns, check_int

__all__ = ["group_totals", "pool_groups", "period_rates"]

# value columns of the two tables: summed (per group or per row) or recomputed from the sums
_COUNT_VALUES = ("term", "count", "tokens", "rate_per_1000", "rank")
_RATE_VALUES = ("theme", "hits", "weighted", "tokens", "rate_per_1000", "weighted_rate_per_1000", "share",
                "segments", "segments_present", "present_share")
_FREQS = {"D": "day", "W": "week", "M": "month"}


def _kind(table: pd.DataFrame) -> str:
    if {"theme", "hits", "tokens"} <= set(table.columns):
        return "rates"
    if {"term", "count", "tokens"} <= set(table.columns):
        return "counts"
    raise ValueError("table is neither a counts table (term, count, tokens: tk.count_terms) nor a rates table "
                     "(theme, hits, tokens: tk.theme_rates); columns: " + ", ".join(map(str, table.columns)) + ".")


def _recompute(out: pd.DataFrame, kind: str, key: str) -> pd.DataFrame:
    """Rates, shares and ranks of ``out`` from its summed counts (``key`` names the group)."""
    tokens = out["tokens"].to_numpy(dtype="float64")
    safe = np.where(tokens > 0, tokens, 1.0)
    if kind == "counts":
        out["rate_per_1000"] = np.where(tokens > 0, out["count"] / safe * 1000, 0.0)
        out = out.sort_values([key, "count", "term"], ascending=[True, False, True], kind="stable",
                              na_position="last")
        out["rank"] = out.groupby(key, sort=False)["count"].rank(method="min", ascending=False).astype("int64")
        return out
    out["rate_per_1000"] = np.where(tokens > 0, out["hits"] / safe * 1000, 0.0)
    if "weighted" in out.columns:
        out["weighted_rate_per_1000"] = np.where(tokens > 0, out["weighted"] / safe * 1000, 0.0)
    group_hits = out.groupby(key, sort=False)["hits"].transform("sum").to_numpy(dtype="float64")
    out["share"] = np.where(group_hits > 0, out["hits"] / np.where(group_hits > 0, group_hits, 1.0), 0.0)
    if "segments" in out.columns:
        segments = out["segments"].to_numpy(dtype="float64")
        out["present_share"] = np.where(segments > 0, out["segments_present"] / np.where(segments > 0, segments, 1),
                                        0.0)
    return out


def _group_ids(table: pd.DataFrame, by: list[str]) -> np.ndarray:
    """Each row's group of ``by``, numbered in order of first appearance (a missing value is a group too)."""
    if not by:
        return np.zeros(len(table), dtype="int64")
    return table.groupby(by, sort=False, dropna=False).ngroup().to_numpy()


def group_totals(table: pd.DataFrame, *, by: str | list[str] | None = None) -> pd.DataFrame:
    """Add up a counts or rates table over its groups: one total per group of ``by``, or for the whole table.

    The group columns other than ``by`` are summed over: for each group of
    ``by`` (every row together when ``by`` is None or ``[]``) and each term
    or theme, the counts (``count``, or ``hits``, ``weighted``,
    ``segments_present``) are summed over the rows, ``tokens`` (and
    ``segments``, ``pooled_groups``) over the distinct groups of the table,
    and rates, shares and ranks are recomputed from those sums as
    :func:`pool_groups` does (so a total rate is the rate of the pooled
    text, not a mean of rates; 0 for a group without tokens). A missing
    group value (a paragraph without a speaker) is a group like any other.

    Parameters
    ----------
    table : pandas.DataFrame
        A counts table (:func:`toolkit.count_terms`: ``term``, ``count``,
        ``tokens``, ...) or a rates table (:func:`toolkit.theme_rates`:
        ``theme``, ``hits``, ``tokens``, ...). Not modified.
    by : str or list of str, optional
        The group columns to keep; they must be group columns of
        ``table``. Default: none (totals of the whole table).

    Returns
    -------
    pandas.DataFrame
        The columns of ``table`` less the group columns not in ``by``. One
        row per group × term (or theme); a group without any term keeps
        one row with a missing term and a count of 0, as in
        :func:`toolkit.count_terms`. Groups in order of first appearance;
        within a group, counts sorted by ``count`` descending then term,
        rates by theme. RangeIndex.

    Raises
    ------
    ValueError
        ``table`` is neither a counts nor a rates table, or ``by`` names a
        column that is not one of its group columns.

    See Also
    --------
    pool_groups, toolkit.plot.top_terms

    Examples
    --------
    >>> import pandas as pd, toolkit as tk
    >>> docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "source": ["Kompas", "Kompas", "Tempo"],
    ...                      "text": ["Keamanan kawasan.", "Keamanan siber dan keamanan laut.", "Ekonomi."]})
    >>> counts = tk.count_terms(tk.prepare(docs), by=["source", "doc_id"], docs=docs)
    >>> group_totals(counts, by="source")
      source     term  count  tokens  rate_per_1000  rank
    0  Kompas     aman      3       7    428.571429     1
    1  Kompas  kawasan      1       7    142.857143     2
    2  Kompas     laut      1       7    142.857143     2
    3  Kompas    siber      1       7    142.857143     2
    4   Tempo  ekonomi      1       1   1000.000000     1
    """
    kind = _kind(table)
    by = [] if by is None else [by] if isinstance(by, str) else list(by)
    values = _COUNT_VALUES if kind == "counts" else _RATE_VALUES
    group_cols = [c for c in table.columns if c not in values and c != "pooled_groups"]
    unknown = [c for c in by if c not in group_cols]
    if unknown:
        raise ValueError(f"by={by!r}: {unknown[0]!r} is not a group column of the table; group columns: "
                         f"{', '.join(map(str, group_cols)) or '(none)'}.")
    item = "term" if kind == "counts" else "theme"
    summed = [c for c in ("count", "hits", "weighted", "segments_present") if c in table.columns]
    per_group = [c for c in ("tokens", "segments", "pooled_groups") if c in table.columns]
    rows = table.assign(_group=_group_ids(table, by))
    distinct = rows.drop_duplicates(group_cols) if group_cols else rows.head(1)  # one row per group of the table
    firsts = rows.drop_duplicates("_group").set_index("_group")[by]
    sums = rows[rows[item].notna()].groupby(["_group", item], sort=False)[summed].sum().reset_index()
    empty = firsts.index.difference(sums["_group"])  # groups without a term or theme: one placeholder row each
    sums = pd.concat([sums, pd.DataFrame({"_group": empty, item: [None] * len(empty), **{c: 0 for c in summed}})],
                     ignore_index=True)
    sums = sums.join(distinct.groupby("_group")[per_group].sum(), on="_group").join(firsts, on="_group")
    sums = _recompute(sums, kind, "_group")
    if kind == "rates":
        sums = sums.sort_values(["_group", "theme"], kind="stable")
    out = sums[[c for c in table.columns if c in by or c not in group_cols]].reset_index(drop=True)
    return out.astype({c: table[c].dtype for c in by + summed + per_group + [item]})


def pool_groups(table: pd.DataFrame, *, by: str, n: int = 12, others: str | None = None) -> pd.DataFrame:
    """Keep the ``n`` largest groups of a counts or rates table and pool the others into one.

    Groups are ranked by their tokens (the denominator: the group's size),
    largest first; equal sizes are ranked by the group's value as text. The
    ``n`` largest keep their rows unchanged; the rows of all the others are
    added up into one group, whose counts (``count``, or ``hits``,
    ``weighted``, ``segments``, ``segments_present``) and ``tokens`` are the
    sums over its groups, and whose rates, shares and ranks are recomputed
    from those sums (so the pooled rate is the rate of the pooled text, not
    a mean of rates). A missing group value (a paragraph without a speaker)
    is a group like any other: kept when it is among the largest, else
    pooled.

    Parameters
    ----------
    table : pandas.DataFrame
        A counts table (:func:`toolkit.count_terms`: ``term``, ``count``,
        ``tokens``, ...) or a rates table (:func:`toolkit.theme_rates`:
        ``theme``, ``hits``, ``tokens``, ...) with the group column ``by``.
        Not modified.
    by : str
        The group column (one column; to pool combinations of several,
        join them into one column first).
    n : int, default 12
        Groups kept as they are.
    others : str, optional
        The value of ``by`` for the pooled group; default ``"<k> others"``
        (``"28 others"``; ``"1 other"``).

    Returns
    -------
    pandas.DataFrame
        The same columns as ``table`` plus ``pooled_groups`` (int: how many
        groups a row stands for, 1 for a kept group), and ``by`` as object
        dtype. The kept groups' rows first, in the table's order, then the
        pooled group's (one row per term or theme: counts sorted by count
        descending then term, rates by theme). When there are at most ``n``
        groups, the table is returned as it is (with ``pooled_groups`` = 1).
        RangeIndex.

    Raises
    ------
    ColumnError
        ``by`` is not a column of ``table``.
    ValueError
        ``table`` is neither a counts nor a rates table, or a bad ``n``.

    Examples
    --------
    >>> import pandas as pd, toolkit as tk
    >>> docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "source": ["Kompas", "Tempo", None],
    ...                      "text": ["Keamanan kawasan dan keamanan siber.", "Keamanan.", "Cuaca cerah."]})
    >>> tokens = tk.prepare(docs)
    >>> rates = tk.theme_rates(tk.find_themes(tokens, "security"), tokens, by="source", docs=docs)
    >>> pool_groups(rates, by="source", n=1)[["source", "hits", "tokens", "rate_per_1000", "pooled_groups"]]
         source  hits  tokens  rate_per_1000  pooled_groups
    0    Kompas     2       5     400.000000              1
    1  2 others     1       3     333.333333              2
    """
    kind = _kind(table)
    check_columns(table, [by], table_name="table")
    check_int("n", n, 1)
    out = table.copy()
    out[by] = out[by].astype(object)
    key = "_pool_key"
    out[key] = out[by].map(lambda v: ("", "") if pd.isna(v) else ("v", str(v)))
    sizes = out.drop_duplicates(key).set_index(key)["tokens"]
    ranked = sorted(sizes.index, key=lambda k: (-float(sizes[k]), k[0] != "v", k[1]))
    out["pooled_groups"] = 1
    if len(ranked) <= n:
        return out.drop(columns=key).reset_index(drop=True)
    kept, rest = set(ranked[:n]), ranked[n:]
    label = others if others is not None else f"{len(rest)} other{'s' if len(rest) > 1 else ''}"
    pooled = out[~out[key].isin(kept)]
    item = "term" if kind == "counts" else "theme"
    summed = [c for c in ("count", "hits", "weighted", "segments_present") if c in out.columns]
    per_group = [c for c in ("tokens", "segments") if c in out.columns]
    sums = pooled.groupby(item, dropna=False, sort=True)[summed].sum().reset_index()
    group_totals = pooled.drop_duplicates(key)[per_group].sum()
    for c in per_group:
        sums[c] = group_totals[c]
    sums[by] = label
    sums["pooled_groups"] = len(rest)
    sums[key] = [("~", label)] * len(sums)
    if kind == "counts" and sums["term"].notna().any():
        sums = sums[sums["term"].notna()]  # the placeholder row of a group without counted terms
    sums = _recompute(sums, kind, key)
    other_cols = [c for c in out.columns if c not in sums.columns]
    for c in other_cols:  # group columns other than ``by`` have no single value in the pooled group
        sums[c] = pd.NA
    kept_rows = out[out[key].isin(kept)]
    result = pd.concat([kept_rows, sums[out.columns]], ignore_index=True)
    for c in summed + per_group + ["pooled_groups"]:
        result[c] = result[c].astype(table[c].dtype if c in table.columns else "int64")
    return result.drop(columns=key)


# --------------------------------------------------------------------------- periods


def _parse_dates(values: pd.Series, ids: pd.Series, date_col: str, table_name: str) -> pd.Series:
    """Naive local (wall-clock) timestamps; names the values that are not dates (with their ``ids``)."""
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        return values.dt.tz_localize(None)
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        return values
    parsed = []
    bad = []
    for v, i in zip(values.tolist(), ids.tolist()):
        if v is None or (not isinstance(v, str) and pd.isna(v)) or (isinstance(v, str) and not v.strip()):
            parsed.append(pd.NaT)
            continue
        try:
            ts = pd.Timestamp(v)
        except (ValueError, TypeError, OverflowError):
            bad.append((v, i))
            continue
        if ts is pd.NaT:
            parsed.append(pd.NaT)
            continue
        parsed.append(ts.tz_localize(None) if ts.tzinfo is not None else ts)
    if bad:
        shown = "; ".join(f"{v!r} (doc_id {i!r})" for v, i in bad[:5])
        raise ValueError(f"{table_name} column {date_col!r} holds {len(bad)} value(s) that are not dates: {shown}"
                         f"{' ...' if len(bad) > 5 else ''}. Fix them (ISO dates such as '2019-09-13' read "
                         "best) or drop those documents.")
    return pd.Series(pd.to_datetime(pd.Series(parsed, dtype="object")).to_numpy(), index=values.index)


def period_rates(rates: pd.DataFrame, *, date_col: str = "date", freq: Literal["D", "W", "M"] = "M") -> pd.DataFrame:
    """Theme rates per day, week or month, from a rates table grouped by date (and document).

    The groups of ``rates`` are gathered into calendar periods: for each
    period and theme, ``hits`` and ``tokens`` are the sums over the
    period's groups, and ``rate_per_1000 = hits / tokens × 1,000`` (the
    rate of the period's pooled text). Every period from the first date to
    the last is listed, so a period without documents is a row with 0
    documents, 0 tokens and a missing rate (a gap, not a zero).

    Dates are datetimes, time-zone-aware datetimes or strings; a
    time-zone-aware date counts by its local, wall-clock date (the date
    printed on the article). Weeks start on Monday. Groups without a date
    are left out with a warning that names their documents.

    Parameters
    ----------
    rates : pandas.DataFrame
        From :func:`toolkit.theme_rates` with ``date_col`` among its group
        columns: ``by=["doc_id", "date"]`` (with ``docs=``) gives the number
        of documents per period too; ``by="date"`` does not. Not modified.
    date_col : str, default "date"
    freq : {"D", "W", "M"}, default "M"
        Day, week (Monday to Sunday) or calendar month.

    Returns
    -------
    pandas.DataFrame
        One row per period × theme, sorted by period then theme,
        RangeIndex. Columns: ``period`` (pandas Period), ``start``
        (datetime64: the period's first day), ``theme`` (str),
        ``documents`` (Int64: distinct ``doc_id`` of the period; missing
        when ``doc_id`` is not a group column), ``tokens`` (int), ``hits``
        (int), ``rate_per_1000`` (float; NaN for a period without tokens).

    Raises
    ------
    ColumnError
        ``rates`` lacks ``date_col``, ``theme``, ``hits`` or ``tokens``.
    ValueError
        A bad ``freq``, or dates that cannot be read (the message names the
        values and their documents).

    Warns
    -----
    UserWarning
        Groups without a date, naming (up to five of) their documents.

    Examples
    --------
    >>> import pandas as pd, toolkit as tk
    >>> docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "date": ["2024-01-05", "2024-01-20", "2024-03-02"],
    ...                      "text": ["Kerja sama keamanan.", "Cuaca cerah.", "Keamanan kawasan."]})
    >>> tokens = tk.prepare(docs)
    >>> rates = tk.theme_rates(tk.find_themes(tokens, "security"), tokens, by=["doc_id", "date"], docs=docs)
    >>> period_rates(rates)
        period      start     theme  documents  tokens  hits  rate_per_1000
    0  2024-01 2024-01-01  security          2       5     1          200.0
    1  2024-02 2024-02-01  security          0       0     0            NaN
    2  2024-03 2024-03-01  security          1       2     1          500.0
    """
    check_choice("freq", freq, tuple(_FREQS))
    check_columns(rates, [date_col, "theme", "hits", "tokens"], table_name="rates",
                  hint="Make one with tk.theme_rates(hits, tokens, by=['doc_id', date_col], docs=docs).")
    group_cols = [c for c in rates.columns if c not in _RATE_VALUES and c != "pooled_groups"]
    has_docs = "doc_id" in group_cols
    groups = rates.drop_duplicates(group_cols)
    ids = groups["doc_id"] if has_docs else groups[date_col]
    dates = _parse_dates(groups[date_col], ids, date_col, "rates")
    undated = ids[dates.isna().to_numpy()]
    if len(undated):
        shown = ", ".join(map(repr, undated.tolist()[:5])) + (" ..." if len(undated) > 5 else "")
        noun = "document(s)" if has_docs else "group(s)"
        warnings.warn(f"{len(undated)} {noun} have no {date_col!r} and are left out of the periods: {shown}.",
                      UserWarning, stacklevel=2)
    themes = sorted(pd.unique(rates["theme"].astype(str)))
    columns = ["period", "start", "theme", "documents", "tokens", "hits", "rate_per_1000"]
    if dates.notna().sum() == 0 or not themes:
        empty = pd.DataFrame({c: [] for c in columns})
        return empty.astype({"theme": "str", "documents": "Int64", "tokens": "int64", "hits": "int64",
                             "rate_per_1000": "float64"})
    period_of = pd.Series(dates.dt.to_period(freq).to_numpy(), index=groups.index)
    dated = groups[dates.notna().to_numpy()].assign(_period=period_of[dates.notna().to_numpy()])
    periods = pd.period_range(dated["_period"].min(), dated["_period"].max(), freq=dated["_period"].iloc[0].freq)
    tokens = dated.groupby("_period")["tokens"].sum().reindex(periods, fill_value=0)
    docs = (dated.groupby("_period")["doc_id"].nunique().reindex(periods, fill_value=0) if has_docs else None)
    keyed = rates.merge(dated[group_cols + ["_period"]], on=group_cols, how="inner")
    hits = (keyed.assign(theme=keyed["theme"].astype(str)).groupby(["_period", "theme"])["hits"].sum()
            .unstack("theme").reindex(index=periods, columns=themes).fillna(0).astype("int64"))
    grid_p = np.repeat(np.arange(len(periods)), len(themes))
    grid_t = np.tile(np.arange(len(themes)), len(periods))
    tok = tokens.to_numpy()[grid_p]
    counts = hits.to_numpy().ravel()
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = np.where(tok > 0, counts / np.where(tok > 0, tok, 1) * 1000, np.nan)
    return pd.DataFrame({
        "period": pd.Series(periods[grid_p]),
        "start": pd.Series(periods[grid_p].start_time),
        "theme": pd.Series(np.asarray(themes, dtype=object)[grid_t], dtype="str"),
        "documents": pd.Series(docs.to_numpy()[grid_p] if docs is not None else [pd.NA] * len(grid_p),
                               dtype="Int64"),
        "tokens": pd.Series(tok, dtype="int64"),
        "hits": pd.Series(counts, dtype="int64"),
        "rate_per_1000": pd.Series(rate, dtype="float64"),
    })
