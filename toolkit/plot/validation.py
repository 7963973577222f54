"""The validation chart: precision and recall per theme, with their intervals."""

from __future__ import annotations

import numbers
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .._validate import check_columns
from ._docs import _doc
from ._style import _OUTSIDE, _axes, _label_chars, _nothing, _set_title, _wrap, theme_colours

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

__all__ = ["validation"]

_VALIDATION_MEASURES = (("precision", "o", -0.17, "Precision", True), ("recall", "s", 0.17, "Recall", False))
_UNDEFINED = {"precision": "precision undefined (nothing detected)",
              "recall": "recall undefined (no coded positives)"}


def _count_text(value) -> str:
    value = float(value)
    return f"{value:,.0f}" if value.is_integer() else f"{value:,.1f}"


def _validation_labels(result: pd.DataFrame, *, one_line: bool = False) -> list[str]:
    labels = []
    for _, row in result.iterrows():
        parts = []
        if "n" in result.columns and pd.notna(row["n"]):
            parts.append(f"n = {_count_text(row['n'])}")
        if "positives" in result.columns and pd.notna(row["positives"]):
            parts.append(f"{_count_text(row['positives'])} positive")
        labels.append(str(row["theme"]) + ((" (" if one_line else "\n(") + ", ".join(parts) + ")" if parts else ""))
    return labels


def _draw_measure(ax, result: pd.DataFrame, measure: str, y, colours: dict, marker: str, filled: bool) -> None:
    """One marker (with its interval whisker) per theme; a note where the measure is undefined."""
    x = pd.to_numeric(result[measure], errors="coerce").to_numpy(dtype="float64")
    has_ci = f"{measure}_low" in result.columns and f"{measure}_high" in result.columns
    low = pd.to_numeric(result[f"{measure}_low"], errors="coerce").to_numpy(dtype="float64") if has_ci else None
    high = pd.to_numeric(result[f"{measure}_high"], errors="coerce").to_numpy(dtype="float64") if has_ci else None
    for i, theme in enumerate(result["theme"].astype(str)):
        if not np.isfinite(x[i]):
            note = ax.text(0.01, y[i], _UNDEFINED[measure], ha="left", va="center", fontsize="small",
                           color="0.35", style="italic")
            note.set_gid(f"undefined:{measure}:{theme}")
            continue
        xerr = None
        if has_ci and np.isfinite(low[i]) and np.isfinite(high[i]):
            xerr = [[max(x[i] - low[i], 0.0)], [max(high[i] - x[i], 0.0)]]
        colour = colours[theme]
        bars = ax.errorbar([x[i]], [y[i]], xerr=xerr, fmt=marker, color=colour, ecolor=colour,
                           mfc=colour if filled else "white", mec=colour, mew=1.5, ms=7, elinewidth=1.5,
                           capsize=3, zorder=3)
        bars.lines[0].set_gid(f"{measure}:{theme}")



def _measure_legend(ax) -> None:
    """A legend of the two markers, in grey: the colours are the themes'."""
    from matplotlib.lines import Line2D

    handles = [Line2D([], [], marker=marker, linestyle="none", color="0.3", mfc="0.3" if filled else "white",
                      mec="0.3", mew=1.5, ms=7, label=label)
               for _, marker, _, label, filled in _VALIDATION_MEASURES]
    ax.legend(handles=handles, **_OUTSIDE)


@_doc()
def validation(result: pd.DataFrame, *, ax: Axes | None = None, title: str | None = None) -> Axes:
    """Precision and recall per theme with their bootstrap intervals (a dot-and-whisker chart).

    One row per theme, top to bottom in table order, labelled with the
    number of coded units and positives (under the theme; beside it when
    there are more than 12 themes, so the rows can be lower); precision is a filled circle,
    recall an open square (both in the theme's colour, so the two differ by
    shape, not colour), each with a whisker for its interval. A measure
    that is undefined (NaN: precision when nothing was detected, recall
    when the coders found no positive) has no marker; the row says so in
    grey italics instead.

    Parameters
    ----------
    result : pandas.DataFrame
        From :func:`toolkit.validate_themes`: ``theme``, ``precision``,
        ``recall``, and (for whiskers) ``precision_low``,
        ``precision_high``, ``recall_low``, ``recall_high``; ``n`` and
        ``positives`` for the labels. ``result.attrs["ci"]`` names the
        interval in the axis label. Not modified.
    {ax}
    {title}

    Returns
    -------
    matplotlib.axes.Axes
        One :class:`~matplotlib.container.ErrorbarContainer` per drawn
        marker in ``ax.containers`` (its marker line's ``get_gid()`` is
        ``"precision:<theme>"`` or ``"recall:<theme>"``); notes for
        undefined values in ``ax.texts`` (gid ``"undefined:<measure>:<theme>"``).

    Examples
    --------
    >>> import pandas as pd
    >>> from matplotlib.figure import Figure
    >>> result = pd.DataFrame({"theme": ["security", "connectivity"], "n": [40, 40], "positives": [12, 0],
    ...                        "precision": [0.8, float("nan")], "recall": [0.67, float("nan")],
    ...                        "precision_low": [0.6, float("nan")], "precision_high": [0.95, float("nan")],
    ...                        "recall_low": [0.4, float("nan")], "recall_high": [0.9, float("nan")]})
    >>> ax = validation(result, ax=Figure().subplots())
    >>> [c.lines[0].get_gid() for c in ax.containers]
    ['precision:security', 'recall:security']
    >>> [t.get_text() for t in ax.texts]
    ['precision undefined (nothing detected)', 'recall undefined (no coded positives)']
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['security\\n(n = 40, 12 positive)', 'connectivity\\n(n = 40, 0 positive)']
    """
    check_columns(result, ["theme", "precision", "recall"], table_name="result",
                  hint="Make one with tk.validate_themes(detected, gold).")
    themes = result["theme"].astype(str).tolist()
    one_line = len(themes) > 12  # many themes: label and counts on one line, so the rows can be lower
    ax = _axes(ax, rows=(1.4 if one_line else 2) * len(themes), min_width=11.0 if one_line else 9.0,
               extra_height=2.0)
    ci = result.attrs.get("ci")
    _set_title(ax, title or "Theme detection against human coding: precision and recall")
    whiskers = "whiskers: " + (f"{ci:.0%} " if isinstance(ci, numbers.Real) else "") + \
        "bootstrap interval, resampling documents"
    ax.set_xlabel(_wrap(f"Precision and recall (0 to 1); {whiskers}", _label_chars(ax, 0.7)))
    ax.set_ylabel("Theme (coded units)")
    if not themes:
        _nothing(ax, "No themes to show.")
        return ax
    y = np.arange(len(themes), dtype="float64")
    colours = theme_colours(themes)
    for measure, marker, offset, _, filled in _VALIDATION_MEASURES:
        _draw_measure(ax, result, measure, y + offset, colours, marker, filled)
    ax.set_yticks(y, _validation_labels(result, one_line=one_line))
    ax.set_ylim(len(themes) - 0.5, -0.5)
    ax.set_xlim(-0.02, 1.02)
    ax.grid(axis="x", color="0.9")
    ax.set_axisbelow(True)
    _measure_legend(ax)
    return ax
