"""Term charts: the most frequent terms (bars, two groups side by side, small multiples), keyness and a word cloud."""

from __future__ import annotations

import math
import numbers
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd

from .._validate import check_choice, check_columns, check_int
from ..regroup import group_totals, pool_groups
from ._docs import _doc
from ._style import (
    _COUNT_COLUMNS,
    _OUTSIDE,
    GROUP_COLOURS,
    KEYNESS_COLOURS,
    MAX_FIGURE_INCHES,
    NEUTRAL_COLOUR,
    _axes,
    _char_inches,
    _check_ax,
    _glossed,
    _group_name,
    _group_text,
    _label_chars,
    _new_axes,
    _nothing,
    _panels,
    _resolve_glosses,
    _row_heights,
    _row_inches,
    _rows,
    _set_title,
    _term_axis_label,
    _wrap,
)

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

__all__ = ["top_terms", "keyness", "wordcloud"]


# --------------------------------------------------------------------------- top terms


def _group_values(column: pd.Series) -> list:
    """The distinct values of a group column, in table order; a missing value is listed once, as None."""
    return list(dict.fromkeys(None if pd.isna(v) else v for v in column.tolist()))


def _rows_of(table: pd.DataFrame, by: str, group) -> pd.Series:
    """Rows of ``table`` whose ``by`` is ``group`` (None: rows without a value)."""
    return table[by].isna() if group is None else table[by].astype(object) == group


def _choose_groups(counts: pd.DataFrame, by: str, groups, max_groups) -> tuple[pd.DataFrame, list]:
    """The table to draw from and its groups: those named, both of two, or the largest and the others pooled."""
    available = _group_values(counts[by])
    shown = ", ".join(_group_text(g, by) for g in available[:8]) + (" ..." if len(available) > 8 else "")
    if groups is None:
        if len(available) <= 2:
            return counts, sorted(available, key=lambda g: (g is None, str(g)))
        table = pool_groups(counts, by=by, n=max_groups) if max_groups is not None else counts
        return table, _group_values(table[by])
    groups = [groups] if isinstance(groups, str) or not isinstance(groups, (list, tuple)) else list(groups)
    groups = [None if g is None or (isinstance(g, float) and math.isnan(g)) else g for g in groups]
    if not groups:
        raise ValueError(f"groups={groups!r} is not allowed; give one or more values of {by!r}: {shown}.")
    missing = [g for g in groups if g not in available]
    if missing:
        raise ValueError(f"groups={groups!r}: {missing[0]!r} is not a value of {by!r}; values: {shown}.")
    return counts, groups


def _top_rows(frame: pd.DataFrame, columns: list, n: int) -> pd.DataFrame:
    """The ``n`` terms with the largest summed value over ``columns`` (ties: alphabetical)."""
    frame = frame.assign(_total=frame[columns].sum(axis=1))
    return frame.sort_values(["_total", "term"], ascending=[False, True], kind="stable").head(n)


def _term_bars(ax, values: pd.Series, labels: list[str], *, fmt: str, colour: str = NEUTRAL_COLOUR) -> None:
    """Horizontal bars, first row at the top, each labelled with its value."""
    y = _rows(ax, labels)
    bars = ax.barh(y, values.to_numpy(), color=colour, height=0.7)
    ax.bar_label(bars, labels=[fmt.format(v) for v in values], padding=3, fontsize="small")


def _ranked(series: list) -> list[pd.Series]:
    """Each group's terms with a value above 0, largest first (ties: alphabetical)."""
    return [values[values > 0].sort_index().sort_values(ascending=False, kind="stable") for _, values in series]


def _panel_figure(ranked: list, *, n: int, cols: int, gmap: dict):
    """A new figure for small multiples of ``n`` terms per panel, or fewer (at least 3) when the panels would not
    fit in MAX_FIGURE_INCHES; returns the Axes, the number of columns and the number of terms per panel."""
    labels = [[_wrap(_glossed(t, gmap)) for t in top.index[:n]] for top in ranked]
    longest = max((len(line) for group in labels for label in group for line in label.split("\n")), default=8)
    panel_width = longest * _char_inches("ytick.labelsize") + 2.6
    cols = max(1, min(cols, int(MAX_FIGURE_INCHES[0] // panel_width)))
    rows = math.ceil(len(ranked) / cols)
    tallest = max((_row_heights(group).sum() for group in labels), default=1.0)
    room = (MAX_FIGURE_INCHES[1] - 1.4) / rows - 1.2  # inches for one panel's rows
    if tallest * _row_inches() > room:
        per_row = tallest / max(max((len(group) for group in labels), default=1), 1)
        n = max(3, int(room / (per_row * _row_inches())))
        tallest = min(tallest, n * per_row)
    ax = _new_axes(cols * panel_width + 0.6, rows * (tallest * _row_inches() + 1.2) + 1.4)
    return ax, cols, n


def _small_multiples(ax, series: list, *, n: int, value: str, gmap: dict):
    """One panel per group: its own top terms, on a shared scale (``series``: (title, values)).

    A new figure shows ``n`` terms per panel, or fewer when the panels would
    not fit in MAX_FIGURE_INCHES (at least 3); returns the Axes, the labels,
    their terms and the number of terms per panel.
    """
    fmt = "{:.0f}" if value == "count" else "{:.1f}"
    ranked = _ranked(series)
    cols = min(3, len(series))
    if ax is None:
        ax, cols, n = _panel_figure(ranked, n=n, cols=cols, gmap=gmap)
    tops = [top.head(n) for top in ranked]
    labels = [[_wrap(_glossed(t, gmap)) for t in top.index] for top in tops]
    limit = max((float(top.max()) for top in tops if len(top)), default=1.0) * 1.3
    panels = _panels(ax, len(series), cols)
    for panel, (name, _), top, group_labels in zip(panels, series, tops, labels):
        panel.set_title(name, fontsize="medium")
        panel.set_xlim(0, limit)
        panel.tick_params(labelsize="small")
        if top.empty:
            _nothing(panel, "No terms.")
            panel.set_yticks([])
            continue
        _term_bars(panel, top, group_labels, fmt=fmt)
    terms = [t for top in tops for t in top.index]
    return ax, [label for group in labels for label in group], terms, n


def _term_values(totals: pd.DataFrame, value: str) -> pd.Series:
    """``value`` of each term counted at least once in ``totals`` (:func:`toolkit.group_totals`), by term."""
    rows = totals[(totals["count"] > 0) & totals["term"].notna()]
    return pd.Series(rows[value].to_numpy(dtype="float64"), index=pd.Index(rows["term"], name="term"))


def _term_series(counts: pd.DataFrame, by, groups, max_groups, value) -> tuple[list, list, str]:
    """What top_terms draws: a list of (name, values by term), one per group (one for the pooled table when ``by``
    is None), the groups, and the value shown."""
    if by is None:
        value = value or "count"
        return [("", _term_values(group_totals(counts), value))], [], value
    table, groups = _choose_groups(counts, by, groups, max_groups)
    value = value or ("rate_per_1000" if len(groups) >= 2 else "count")
    totals = group_totals(table, by=by)
    series = []
    for g in groups:
        rows = totals[_rows_of(totals, by, g)]
        tokens = int(rows["tokens"].iloc[0])
        name = f"{_group_text(g, by)} ({tokens:,} token{'' if tokens == 1 else 's'})"
        series.append((name, _term_values(rows, value)))
    return series, groups, value


def _top_terms_by(counts: pd.DataFrame, by, groups) -> str | None:
    """The group column: ``by``, or the table's only group column when ``groups`` are named without it."""
    group_cols = [c for c in counts.columns if c not in _COUNT_COLUMNS]
    if by is None and groups is not None:
        if len(group_cols) != 1:
            raise ValueError(f"groups={groups!r} needs by=: the column that holds them (group columns of counts: "
                             f"{', '.join(group_cols) or '(none)'}).")
        by = group_cols[0]
    if by is not None and by not in group_cols:
        raise ValueError(f"by={by!r} is not a group column of counts; group columns: "
                         f"{', '.join(group_cols) or '(none: counted with by=[])'}.")
    return by


def _paired_bars(ax, frame: pd.DataFrame, series: list, labels: list, *, fmt: str, by: str) -> None:
    """Two groups' bars side by side, one colour each, with a legend of the groups."""
    y = _rows(ax, labels)
    h = 0.4
    for i, (name, _) in enumerate(series):
        bars = ax.barh(y + (i - 0.5) * h, frame[i].to_numpy(), height=h, color=GROUP_COLOURS[i], label=name)
        ax.bar_label(bars, labels=[fmt.format(v) for v in frame[i]], padding=2, fontsize="x-small")
    ax.legend(title=_group_name([by]).capitalize(), **_OUTSIDE)


def _term_chart(ax, series: list, *, n: int, value: str, gmap: dict, by, title: str, xlabel: str):
    """One series of bars, or two side by side: the ``n`` terms with the largest summed value."""
    frame = pd.concat([s.rename(i) for i, (_, s) in enumerate(series)], axis=1).fillna(0.0)
    frame.index.name = "term"
    frame = _top_rows(frame.reset_index(), list(range(len(series))), n)
    labels = [_wrap(_glossed(t, gmap)) for t in frame["term"]]
    rows = _row_heights(labels).sum() * (1.0 if len(series) == 1 else 1.6)
    ax = _axes(ax, rows=rows, min_width=6.4 if len(series) == 1 else 10.0)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(_term_axis_label("Term", labels, frame["term"]))
    _set_title(ax, title)
    if frame.empty:
        _nothing(ax, "No terms to show.")
        return ax
    fmt = "{:.0f}" if value == "count" else "{:.1f}"
    if len(series) == 1:
        _term_bars(ax, frame[0], labels, fmt=fmt)
    else:
        _paired_bars(ax, frame, series, labels, fmt=fmt, by=by)
    ax.margins(x=0.12)
    ax.set_xlim(left=0)
    return ax


def _top_terms_title(by, groups: list, count: int, unit: str) -> str:
    if by is None or not groups:
        return f"Most frequent terms ({unit})"
    if count == 1:
        return f"Most frequent terms, {_group_name([by])} = {_group_text(groups[0], by)} ({unit})"
    return f"Most frequent terms: {_group_text(groups[0], by)} vs {_group_text(groups[1], by)} ({unit})"


@_doc(glosses="tick labels (wrapped, never cut short)")
def top_terms(
    counts: pd.DataFrame,
    *,
    n: int = 20,
    by: str | None = None,
    groups: list | None = None,
    max_groups: int | None = 8,
    value: Literal["count", "rate_per_1000"] | None = None,
    glosses=None,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """Horizontal bars of the most frequent terms: one series, two groups side by side, or one panel per group.

    Parameters
    ----------
    counts : pandas.DataFrame
        From :func:`toolkit.count_terms`: group columns, ``term``,
        ``count``, ``tokens``, ``rate_per_1000``. Not modified.
    n : int, default 20
        Number of terms shown (per panel), the top ``n`` by value, ties
        broken alphabetically. Small multiples in a new figure show fewer
        (at least 3) when ``n`` rows per panel would not fit in
        :data:`MAX_FIGURE_INCHES`; the title says how many.
    by : str, optional
        The group column that holds the groups to compare (``"speaker"``,
        ``"source"``). Without it, every group of the table is pooled:
        counts are summed and rates are divided by the groups' summed
        tokens.
    groups : list, optional
        Values of ``by`` to show (None stands for the rows without a value,
        labelled ``(no speaker)``). One value: that group's top terms. Two:
        their bars side by side, for the ``n`` terms with the largest summed
        value in the two. More: small multiples, one panel per group with
        its own top ``n`` terms, on a shared scale. Default: every group of
        ``by``, as above; when it has more than ``max_groups`` groups, the
        ``max_groups`` largest (by tokens) and one panel for all the others
        pooled (:func:`toolkit.pool_groups`).
    max_groups : int or None, default 8
        Most groups drawn as panels when ``groups`` is not given (None: all).
    value : {"count", "rate_per_1000"}, optional
        Bar length. Default: ``"count"`` for one series,
        ``"rate_per_1000"`` when comparing groups (their sizes differ).
    {glosses}
    {ax}
        Small multiples are drawn inside it.
    {title}

    Returns
    -------
    matplotlib.axes.Axes
        Bars in ``ax.containers`` (one container per group), in row order
        from the top; each bar is labelled with its value. Small multiples:
        ``ax`` holds the title and axis labels, and the panels are
        ``ax.child_axes`` (one per group, titled with the group and its
        number of tokens).

    Raises
    ------
    ColumnError
        ``counts`` lacks a needed column.
    ValueError
        A bad ``n``, ``max_groups``, ``value``, ``by`` or ``groups`` (the
        message lists the groups there are).

    See Also
    --------
    toolkit.count_terms, toolkit.group_totals, toolkit.pool_groups, keyness

    Examples
    --------
    >>> import pandas as pd, toolkit as tk
    >>> from matplotlib.figure import Figure
    >>> docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "text": [
    ...     "Keamanan dan pertempuran. Pertempuran kawasan.", "Kerja sama ekonomi dan keamanan.", "Ekonomi."]})
    >>> counts = tk.count_terms(tk.prepare(docs))
    >>> ax = top_terms(counts, n=3, glosses="all", ax=Figure().subplots())
    >>> ax.get_title(), [t.get_text() for t in ax.get_yticklabels()]
    ('Most frequent terms (count)', ['aman', 'ekonomi (economy, economic)', 'tempur (combat)'])
    >>> [float(bar.get_width()) for bar in ax.patches]
    [2.0, 2.0, 2.0]
    >>> ax = top_terms(counts, by="doc_id", groups=["a", "b"], n=2, ax=Figure().subplots())
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['a (5 tokens)', 'b (5 tokens)']
    >>> ax = top_terms(counts, by="doc_id", n=2, ax=Figure().subplots())   # three groups: three panels
    >>> [panel.get_title() for panel in ax.child_axes]
    ['a (5 tokens)', 'b (5 tokens)', 'c (1 token)']
    """
    check_int("n", n, 1)
    if max_groups is not None:
        check_int("max_groups", max_groups, 1)
    if value is not None:
        check_choice("value", value, ("count", "rate_per_1000"))
    check_columns(counts, ["term", "count", "tokens"], table_name="counts",
                  hint="Make one with tk.count_terms(tokens).")
    by = _top_terms_by(counts, by, groups)
    gmap = _resolve_glosses(glosses)
    series, groups, value = _term_series(counts, by, groups, max_groups, value)
    unit = "count" if value == "count" else "per 1,000 tokens"
    xlabel = "Occurrences (count)" if value == "count" else "Occurrences per 1,000 tokens"
    if len(series) <= 2:
        return _term_chart(ax, series, n=n, value=value, gmap=gmap, by=by, xlabel=xlabel,
                           title=title or _top_terms_title(by, groups, len(series), unit))
    _check_ax(ax)
    ax, labels, terms, shown = _small_multiples(ax, series, n=n, value=value, gmap=gmap)
    _set_title(ax, title or f"Most frequent terms by {_group_name([by])}, top {shown} in each ({unit})")
    ax.set_xlabel(xlabel, labelpad=4)
    ax.set_ylabel(_term_axis_label("Term", labels, terms), labelpad=4)
    return ax


# --------------------------------------------------------------------------- keyness


_MEASURE_NAMES = {"g2": "G²", "chi2": "χ² (Yates)"}


def _key_side(data: pd.DataFrame, value: str, n: int, sign: int, name: str) -> tuple[pd.DataFrame, str]:
    """One side's strongest terms: by value, then frequency; ties at the cut all kept, or all left out.

    Returns the rows, strongest first, and a note on a tied set left out ("" when none); ``name`` names
    the value in the note.
    """
    side = data[np.sign(data[value]) == sign]
    counted = {"target_count", "reference_count"} <= set(side.columns)
    side = side.assign(_strength=side[value].abs(),
                       _freq=side["target_count"] + side["reference_count"] if counted else 0)
    side = side.sort_values(["_strength", "_freq", "term"], ascending=[False, False, True], kind="stable")
    if len(side) <= n:
        return side, ""
    last = side.iloc[n - 1]
    tied = ((side["_strength"] == last["_strength"]) & (side["_freq"] == last["_freq"])).to_numpy()
    if not tied[n:].any():
        return side.head(n), ""
    if tied.sum() + (~tied[:n]).sum() <= 2 * n:
        return side[(np.arange(len(side)) < n) | tied], ""
    each = f" ({int(last['_freq'])} occurrence{'' if last['_freq'] == 1 else 's'} each)" if counted else ""
    return side.iloc[:n][~tied[:n]], (f"{int(tied.sum())} terms tie at {name} = {float(last[value]):.3g}{each}: "
                                      "not shown")


def _keyness_legend(ax, target: str, reference: str, vals, significant, alpha) -> None:
    """One legend entry per colour drawn: side × (full, pale)."""
    from matplotlib.patches import Patch

    handles = []
    for colour, name, on_side in ((KEYNESS_COLOURS[0], target, vals > 0), (KEYNESS_COLOURS[1], reference, vals < 0)):
        for sig, opacity in ((True, 1.0), (False, 0.4)):
            if not (on_side & (significant == sig)).any():
                continue
            label = f"More in {name}"
            if alpha is not None:
                label += f", p < {alpha:g}" if sig else f", p ≥ {alpha:g} (may be chance)"
            handles.append(Patch(facecolor=colour, alpha=opacity, label=label))
    ax.legend(handles=handles, **_OUTSIDE)


def _keyness_xlabel(ax, value: str, measure_name: str, target: str, reference: str, notes: list[str]) -> str:
    """What the bars measure and which way, then a line for each tied set left out; wrapped to the axes."""
    sides = f"(right: more in {target}; left: more in {reference})"
    text = (f"Keyness, signed {measure_name} {sides}" if value == "score" else
            f"Log ratio, log2 of relative frequencies {sides}")
    return _wrap(text, _label_chars(ax, 0.7)) + "".join("\n" + _wrap(note, _label_chars(ax, 0.7)) for note in notes)


def _keyness_bars(ax, rows: pd.DataFrame, labels: list, *, value: str, alpha) -> tuple[np.ndarray, np.ndarray]:
    """Signed bars, first row at the top: blue to the right, vermillion to the left, pale when not significant."""
    vals = rows[value].to_numpy(dtype="float64")
    significant = (rows["p_value"].to_numpy() < alpha) if alpha is not None else np.ones(len(rows), bool)
    colours = [KEYNESS_COLOURS[0] if v > 0 else KEYNESS_COLOURS[1] for v in vals]
    bars = ax.barh(_rows(ax, labels), vals, color=colours, height=0.7)
    for bar, sig in zip(bars, significant):
        if not sig:
            bar.set_alpha(0.4)
    ax.axvline(0, color="0.3", linewidth=0.8)
    return vals, significant


@_doc(glosses="tick labels (wrapped, never cut short)")
def keyness(
    table: pd.DataFrame,
    *,
    n: int = 15,
    value: Literal["score", "log_ratio"] = "score",
    target: str | None = None,
    reference: str | None = None,
    alpha: float | None = 0.05,
    glosses=None,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """Signed keyness bars: terms of the target to the right, of the reference to the left.

    Shows the ``n`` terms with the largest positive value (more frequent in
    the target; blue, top) and the ``n`` with the most negative value (more
    frequent in the reference; vermillion, bottom), strongest at the
    outer ends. Terms with equal values are ranked by how often they occur
    in both groups together (more often first), never by their spelling;
    terms that still tie with the ``n``-th are all shown (a side may then
    have more than ``n`` bars), unless that would make more than ``2 × n``:
    then the whole tied set is left out, and the x label says how many
    terms tie at which value. Terms whose p-value is ``alpha`` or more are
    drawn pale; the legend has one entry for each colour drawn.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`toolkit.keyness`: ``term``, ``score``, ``log_ratio``,
        ``p_value``, ``measure``, and ``target_count``,
        ``reference_count`` for the tie-break. Not modified.
    n : int, default 15
        Terms per side (before ties).
    value : {"score", "log_ratio"}, default "score"
        Bar length: the signed score (G² or χ²) or the log ratio (effect
        size: log2 of the ratio of relative frequencies).
    target, reference : str, optional
        Names for the labels; default ``table.attrs["target"]`` and
        ``table.attrs["reference"]`` when set, else "target" and
        "reference".
    alpha : float or None, default 0.05
        Significance level for the pale bars; None draws every bar full.
    {glosses}
    {ax}
    {title}

    Returns
    -------
    matplotlib.axes.Axes
        One bar per term in ``ax.patches``, top to bottom.

    Examples
    --------
    >>> import pandas as pd, toolkit as tk
    >>> from matplotlib.figure import Figure
    >>> docs = pd.DataFrame({"doc_id": ["xi", "tokayev"], "text": [
    ...     "Keamanan keamanan terorisme ekonomi.", "Ekonomi ekonomi perdagangan keamanan."]})
    >>> k = tk.keyness(tk.prepare(docs), target="xi")
    >>> ax = keyness(k, target="Xi", reference="Tokayev", ax=Figure().subplots())
    >>> ax.get_title(), [t.get_text() for t in ax.get_yticklabels()]
    ('Key terms: Xi vs Tokayev (G²)', ['terorisme', 'aman', 'ekonomi', 'dagang'])
    >>> [bool(bar.get_width() > 0) for bar in ax.patches]
    [True, True, False, False]
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['More in Xi, p ≥ 0.05 (may be chance)', 'More in Tokayev, p ≥ 0.05 (may be chance)']
    """
    check_int("n", n, 1)
    check_choice("value", value, ("score", "log_ratio"))
    need = ["term", value] + (["p_value"] if alpha is not None else [])
    check_columns(table, need, table_name="table", hint="Make one with tk.keyness(tokens, target=...).")
    if alpha is not None and not (isinstance(alpha, numbers.Real) and 0 < alpha < 1):
        raise ValueError(f"alpha={alpha!r} is not allowed; use a number between 0 and 1, or None.")
    target = target or table.attrs.get("target") or "target"
    reference = reference or table.attrs.get("reference") or "reference"
    data = table[table[value].notna()]
    measure = str(table["measure"].iloc[0]) if "measure" in table.columns and len(table) else "g2"
    measure_name = _MEASURE_NAMES.get(measure, measure)
    shown = measure_name if value == "score" else "log ratio"
    pos, pos_note = _key_side(data, value, n, 1, shown)
    neg, neg_note = _key_side(data, value, n, -1, shown)
    rows = pd.concat([pos, neg.iloc[::-1]])
    gmap = _resolve_glosses(glosses)
    labels = [_wrap(_glossed(t, gmap)) for t in rows["term"]]
    ax = _axes(ax, rows=_row_heights(labels).sum(), min_width=10.0, extra_height=2.0)
    _set_title(ax, title or f"Key terms: {target} vs {reference} ({shown})")
    notes = [f"More in {side}: {note}." for note, side in ((pos_note, target), (neg_note, reference)) if note]
    ax.set_xlabel(_keyness_xlabel(ax, value, measure_name, target, reference, notes))
    ax.set_ylabel(_term_axis_label("Term", labels, rows["term"]))
    if rows.empty:
        _nothing(ax, "No key terms to show.")
        return ax
    vals, significant = _keyness_bars(ax, rows, labels, value=value, alpha=alpha)
    _keyness_legend(ax, target, reference, vals, significant, alpha)
    limit = float(np.abs(vals).max()) * 1.1
    ax.set_xlim(-limit if len(neg) else -0.05 * limit, limit if len(pos) else 0.05 * limit)
    return ax


# --------------------------------------------------------------------------- word cloud

_WORDCLOUD_MISSING = (
    "tk.plot.wordcloud needs the optional package 'wordcloud', which is not installed (the toolkit does not "
    "depend on it). Install it with `pip install wordcloud`, or use tk.plot.top_terms(counts): bars show the "
    "same counts in a form that can be read and compared."
)


@_doc(glosses="the words")
def wordcloud(
    counts: pd.DataFrame,
    *,
    n: int = 100,
    value: Literal["count", "rate_per_1000"] = "count",
    glosses=None,
    seed: int = 0,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """A word cloud of the most frequent terms (optional: needs the ``wordcloud`` package).

    Word clouds are eye-catching but hard to read exactly (word length and
    placement distort size); for comparisons use :func:`top_terms`. The
    ``wordcloud`` package is not a dependency of the toolkit: without it
    this function raises ImportError saying how to install it.

    Parameters
    ----------
    counts : pandas.DataFrame
        From :func:`toolkit.count_terms` (every group pooled). Not modified.
    n : int, default 100
        Number of terms.
    value : {"count", "rate_per_1000"}, default "count"
    {glosses}
    seed : int, default 0
        Seed of the word placement.
    {ax}
    {title}

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ImportError
        The ``wordcloud`` package is not installed.

    Examples
    --------
    >>> import importlib.util, toolkit as tk
    >>> counts = tk.count_terms(tk.prepare(tk.load_sample()), by=[])
    >>> if importlib.util.find_spec("wordcloud") is None:
    ...     try:
    ...         wordcloud(counts)
    ...     except ImportError as err:
    ...         print("pip install wordcloud" in str(err))
    ... else:
    ...     print(wordcloud(counts).get_title().startswith("Word cloud"))
    True
    """
    try:
        from wordcloud import WordCloud
    except ImportError:
        raise ImportError(_WORDCLOUD_MISSING) from None
    check_int("n", n, 1)
    check_choice("value", value, ("count", "rate_per_1000"))
    check_columns(counts, ["term", "count", "tokens"], table_name="counts",
                  hint="Make one with tk.count_terms(tokens).")
    values = _term_values(group_totals(counts), value).sort_values(ascending=False, kind="stable").head(n)
    gmap = _resolve_glosses(glosses)
    frequencies = {_glossed(t, gmap): float(v) for t, v in values.items() if v > 0}
    ax = _axes(ax)
    _set_title(ax, title or f"Word cloud of the {len(frequencies)} most frequent terms")
    ax.set_xlabel("Word size: " + ("count" if value == "count" else "rate per 1,000 tokens")
                  + " (approximate: use top_terms to compare)", fontsize="small")
    ax.set_xticks([])
    ax.set_yticks([])
    if not frequencies:
        _nothing(ax, "No terms to show.")
        return ax
    cloud = WordCloud(width=1200, height=700, background_color="white", random_state=seed,
                      color_func=lambda *args, **kwargs: NEUTRAL_COLOUR, prefer_horizontal=1.0)
    cloud.generate_from_frequencies(frequencies)
    ax.imshow(cloud.to_array(), interpolation="bilinear")
    return ax
