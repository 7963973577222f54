"""Theme charts: rates by group (bars, stacked shares), a theme × paragraph heatmap and a document's dispersion."""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd

from .._hits import counted_hits, listed
from .._validate import check_choice, check_columns, check_int, renamed, renamed_value
from ..dispersion import dispersion as dispersion_table
from ..regroup import period_rates, pool_groups
from ..themes import theme_rates as rate_table
from ._docs import _doc
from ._style import (
    _OUTSIDE,
    _RATE_COLUMNS,
    EDGE_COLOUR,
    NEUTRAL_COLOUR,
    _axes,
    _category_xticks,
    _colour_map,
    _font_points,
    _glossed,
    _group_label,
    _group_name,
    _label_chars,
    _nothing,
    _resolve_glosses,
    _row_heights,
    _rows,
    _set_title,
    _text_colour,
    _theme_legend,
    _thin_ticks,
    _wrap,
    _wrap_each,
)
from .timeline import FREQ_NAMES, draw_period_rates

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

__all__ = ["theme_rates", "theme_heatmap", "dispersion"]


# --------------------------------------------------------------------------- theme rates

_RATE_LABELS = {
    "rate_per_1000": ("Theme rates per 1,000 tokens", "Hits per 1,000 tokens"),
    "weighted_rate_per_1000": ("Weighted theme rates per 1,000 tokens", "Weighted hits per 1,000 tokens"),
    "share": ("Theme shares of all theme hits", "Share of the group's theme hits"),
    "hits": ("Theme hits (count)", "Theme hits (count)"),
    "weighted": ("Weighted theme hits", "Weighted hits (sum of entry weights)"),
    "present_share": ("Share of paragraphs where each theme is present", "Share of the group's paragraphs"),
}
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}([ T][0-9:.]+)?([+-]\d{2}:?\d{2}|Z)?")


def _is_date_column(column: pd.Series) -> bool:
    """A column of dates: datetime dtype, or every value a date, a datetime or an ISO date string."""
    if pd.api.types.is_datetime64_any_dtype(column.dtype) or isinstance(column.dtype, pd.DatetimeTZDtype):
        return True
    values = column.dropna().tolist()
    if not values:
        return False
    import datetime

    return all(isinstance(v, (datetime.date, pd.Timestamp)) or (isinstance(v, str) and _ISO_DATE.fullmatch(v))
               for v in values)


def _auto_freq(dates: pd.Series) -> str:
    """Month for more than 120 days of dates, week for more than 21, else day (as notebook 07 chooses)."""
    parsed = pd.to_datetime(dates.astype(str), errors="coerce", utc=True)
    span = (parsed.max() - parsed.min()).days if parsed.notna().any() else 0
    return "M" if span > 120 else ("W" if span > 21 else "D")


def _rate_groups(rates: pd.DataFrame, group_cols: list[str], max_groups) -> tuple[pd.DataFrame, list[str]]:
    """Rates with one label column ``_group`` (``(no speaker)`` for a missing value, the tokens underneath),
    the largest ``max_groups`` groups kept and the others pooled; and the group labels in order."""
    table = rates.copy()
    if not group_cols:
        table["_group"] = "all documents"
    else:
        table["_key"] = [_group_label(k, group_cols) for k in table[group_cols].itertuples(index=False, name=None)]
        table = table.drop(columns=group_cols)
        if max_groups is not None and table["_key"].nunique() > max_groups:
            table = pool_groups(table, by="_key", n=max_groups)
        tokens = table["tokens"].astype("int64")
        table["_group"] = [f"{k}\n({t:,} token{'' if t == 1 else 's'})" for k, t in zip(table["_key"], tokens)]
    return table, list(pd.unique(table["_group"]))


def _rate_columns(rates: pd.DataFrame, by) -> list[str]:
    """The group columns of ``rates``: every column that is not a value column; ``by``, when given, must name them."""
    group_cols = [c for c in rates.columns if c not in _RATE_COLUMNS]
    if by is not None:
        by_list = [by] if isinstance(by, str) else list(by)
        if set(by_list) != set(group_cols):
            raise ValueError(f"by={by!r} is not allowed: rates are grouped by {group_cols or '(nothing)'}; plot "
                             f"those, or recompute with tk.theme_rates(hits, tokens, by={by!r}).")
        group_cols = by_list
    if rates.duplicated(group_cols + ["theme"]).any():
        raise ValueError("rates lists a group × theme pair more than once; pass one table from tk.theme_rates.")
    return group_cols


def _rate_themes(rates: pd.DataFrame, themes) -> tuple[list[str], list[str]]:
    """Every theme of ``rates``, sorted, and the themes to show (``themes``, checked, or all of them)."""
    all_themes = sorted(pd.unique(rates["theme"].astype("str")))
    if themes is None:
        return all_themes, all_themes
    themes = listed(themes)
    unknown = [t for t in themes if t not in set(all_themes)]
    if unknown:
        raise ValueError(f"themes={themes!r}: {unknown[0]!r} is not in rates; themes there: {', '.join(all_themes)}.")
    return all_themes, themes


def _bar_rates(ax, wide: pd.DataFrame, themes: list[str], colours: dict, *, value: str, group_word: str):
    """Vertical bars: groups along x (labels wrapped to their room), one bar per theme in its colour."""
    ax = _axes(ax, min_width=2.0 + 0.12 * len(themes) * len(wide))
    _rate_bars(ax, wide, themes, colours)
    _category_xticks(ax, np.arange(len(wide)), list(wide.index), fraction=0.75)
    ax.set_xlabel(group_word.capitalize())
    ax.set_ylabel(_RATE_LABELS[value][1])
    if value in ("share", "present_share"):
        from matplotlib.ticker import PercentFormatter

        ax.yaxis.set_major_formatter(PercentFormatter(xmax=1))
    return ax


def _stacked_rates(ax, wide: pd.DataFrame, table: pd.DataFrame, themes: list[str], colours: dict, *, value: str,
                   group_word: str):
    """One horizontal bar per group, stacked by theme; a group without theme hits says so."""
    group_order = list(wide.index)
    labels = [_wrap_each(g, 24) for g in group_order]
    ax = _axes(ax, rows=_row_heights(labels).sum() * 1.1, extra_height=2.2)
    totals = (table.groupby("_group", sort=False)["hits"].sum().reindex(group_order).to_numpy()
              if "hits" in table.columns else wide.sum(axis=1).to_numpy())
    _stacked_bars(ax, _rows(ax, labels), wide, themes, colours, value=value, totals=totals)
    ax.set_ylabel(group_word.capitalize())
    ax.set_xlabel(_RATE_LABELS[value][1])
    return ax


@_doc(max_groups="12")
def theme_rates(
    rates: pd.DataFrame,
    *,
    by: str | list[str] | None = None,
    value: Literal["rate_per_1000", "weighted_rate_per_1000", "share", "hits", "weighted", "present_share"]
    | None = None,
    kind: Literal["bar", "stacked"] = "bar",
    themes: str | list[str] | None = None,
    max_groups: int | None = 12,
    freq: Literal["D", "W", "M"] | None = None,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """Theme rates by group as grouped bars, or theme shares as stacked bars (to 100 %); by date, a timeline.

    Each group is labelled with its number of tokens (the denominator); a
    group without a value is labelled ``(no speaker)`` (``(no source)``,
    ...). With more than ``max_groups`` groups, the largest (by tokens) are
    drawn and the others pooled into one bar (:func:`toolkit.pool_groups`:
    its rate is that of their pooled text). When the one group column holds
    dates (rates made with ``by="date"``), the chart is a timeline instead:
    one line per theme over days, weeks or months
    (:func:`toolkit.period_rates`), the tokens of each period as grey bars
    on their own axis, stretches without text as gaps; for the number of
    documents per period use :func:`theme_timeline`.

    Parameters
    ----------
    rates : pandas.DataFrame
        From :func:`toolkit.theme_rates`: group columns, ``theme``,
        ``hits``, ``tokens``, ``rate_per_1000``, ``share``, ... Not modified.
    by : str or list of str, optional
        The group columns (documents, paragraphs, speakers, sources); by
        default the table's own group columns (every column that is not a
        value column). When given, it must name them: to regroup, recompute
        with ``tk.theme_rates(hits, tokens, by=...)``.
    value : {"rate_per_1000", "weighted_rate_per_1000", "share", "hits", "weighted", "present_share"}, optional
        Default: ``"rate_per_1000"`` for ``kind="bar"``, ``"share"`` for
        ``kind="stacked"``. ``"present_share"`` (the share of paragraphs
        where a theme is present) needs rates made with
        ``tk.theme_rates(..., detected=tk.detect_themes(...))``. A
        timeline always shows ``rate_per_1000``.
    kind : {"bar", "stacked"}, default "bar"
        ``"bar"``: vertical bars, groups along x, one bar per theme in the
        theme's colour (``ax.containers[i]`` holds theme ``i``'s bars, one
        per group). ``"stacked"``: one horizontal bar per group (top to
        bottom in table order) stacked by theme; shares of 8 % or more are
        written on the bar; a group without theme hits says so.
    themes : str or list of str, optional
        Themes to show, in this order; default every theme of the table,
        sorted.
    {max_groups}
    freq : {"D", "W", "M"}, optional
        Period of a timeline (groups that are dates); default month when
        the dates span more than 120 days, week when more than 21, else day.
    {ax}
    {title}
        For example "Theme rates per 1,000 tokens, by speaker".

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ColumnError
        ``rates`` lacks a needed column.
    ValueError
        A bad option, or a group × theme pair listed twice.

    Examples
    --------
    >>> import pandas as pd, toolkit as tk
    >>> from matplotlib.figure import Figure
    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "text": ["Kerja sama keamanan.", "Keamanan kawasan."]})
    >>> tokens = tk.prepare(docs)
    >>> rates = tk.theme_rates(tk.find_themes(tokens, "all"), tokens)
    >>> ax = theme_rates(rates, ax=Figure().subplots())
    >>> ax.get_title(), ax.get_ylabel(), [t.get_text() for t in ax.get_xticklabels()]
    ('Theme rates per 1,000 tokens, by document', 'Hits per 1,000 tokens', ['a\\n(3 tokens)', 'b\\n(2 tokens)'])
    >>> [round(float(bar.get_height()), 1) for bar in ax.containers[1]]   # security in a, b
    [333.3, 500.0]
    """
    check_choice("kind", kind, ("bar", "stacked"))
    if freq is not None:
        check_choice("freq", freq, tuple(FREQ_NAMES))
    if max_groups is not None:
        check_int("max_groups", max_groups, 1)
    value = value or ("share" if kind == "stacked" else "rate_per_1000")
    check_choice("value", value, tuple(_RATE_LABELS))
    check_columns(rates, ["theme", value], table_name="rates", hint="Make one with tk.theme_rates(hits, tokens).")
    group_cols = _rate_columns(rates, by)
    all_themes, themes = _rate_themes(rates, themes)
    colours = _colour_map(all_themes)
    if len(group_cols) == 1 and _is_date_column(rates[group_cols[0]]):
        freq = freq or _auto_freq(rates[group_cols[0]])
        table = period_rates(rates, date_col=group_cols[0], freq=freq)
        return draw_period_rates(ax, table, freq=freq, themes=themes, colours=colours, min_docs=None,
                              title=title or f"Theme rates per 1,000 tokens, by {FREQ_NAMES[freq]}")
    table, group_order = _rate_groups(rates, group_cols, max_groups)
    table["theme"] = table["theme"].astype("str")
    wide = table.pivot(index="_group", columns="theme", values=value).reindex(index=group_order, columns=themes)
    wide = wide.fillna(0.0).astype("float64")
    group_word = _group_name(group_cols) if group_cols else "corpus"
    if kind == "bar":
        ax = _bar_rates(ax, wide, themes, colours, value=value, group_word=group_word)
    else:
        ax = _stacked_rates(ax, wide, table, themes, colours, value=value, group_word=group_word)
    ax.legend(title="Theme", **_OUTSIDE)
    where = f"by {group_word}" if group_cols else "whole corpus"
    _set_title(ax, title or f"{_RATE_LABELS[value][0]}, {where}")
    return ax


def _rate_bars(ax, wide: pd.DataFrame, themes: list[str], colours: dict) -> None:
    """Vertical bars: groups along x, one bar per theme in its colour."""
    x = np.arange(len(wide))
    width = 0.8 / max(len(themes), 1)
    for j, t in enumerate(themes):
        ax.bar(x - 0.4 + (j + 0.5) * width, wide[t].to_numpy(), width, color=colours[t], label=t,
               edgecolor=EDGE_COLOUR, linewidth=0.5)


def _stacked_bars(ax, y, wide: pd.DataFrame, themes: list[str], colours: dict, *, value: str, totals) -> None:
    """One horizontal bar per group (at ``y``), stacked by theme; shares of 8 % or more written on the bar."""
    from matplotlib.ticker import PercentFormatter

    left = np.zeros(len(wide))
    for t in themes:
        widths = wide[t].to_numpy()
        bars = ax.barh(y, widths, left=left, color=colours[t], label=t, edgecolor=EDGE_COLOUR, linewidth=0.5,
                       height=0.7)
        if value == "share":
            texts = [f"{w:.0%}" if w >= 0.08 else "" for w in widths]
            ax.bar_label(bars, labels=texts, label_type="center", fontsize="small", color=_text_colour(colours[t]))
        left = left + widths
    for i, total in enumerate(totals):
        if total == 0:
            ax.text(0.01, y[i], "no theme hits", va="center", ha="left", color="0.35", fontsize="small",
                    transform=ax.get_yaxis_transform())
    if value == "share":
        ax.set_xlim(0, 1)
        ax.xaxis.set_major_formatter(PercentFormatter(xmax=1))


# --------------------------------------------------------------------------- heatmap


def _one_document(tokens: pd.DataFrame, doc_id):
    """The document to draw: ``doc_id``, checked, or the only document of ``tokens``."""
    ids = pd.unique(tokens["doc_id"])
    shown = ", ".join(map(repr, ids[:5])) + (" ..." if len(ids) > 5 else "")
    if doc_id is None:
        if len(ids) != 1:
            raise ValueError(f"doc_id=None is not allowed for tokens of {len(ids)} documents; name one "
                             f"(doc_id={ids[0]!r}); documents: {shown}.")
        return ids[0]
    if doc_id not in set(ids):
        raise ValueError(f"doc_id={doc_id!r} is not in tokens; documents there: {shown}.")
    return doc_id


def _shown_themes(hits: pd.DataFrame, level, themes) -> list[str]:
    """``themes`` as a list, or the themes (at ``level``) of the hits that count, sorted."""
    return listed(themes) if themes is not None else sorted(pd.unique(counted_hits(hits, level=level)["theme"]))


def _heatmap_table(hits: pd.DataFrame, tokens: pd.DataFrame, *, value: str, level, themes) -> pd.DataFrame:
    """Themes × segments of one document: hits, or hits per 1,000 tokens of the segment (:func:`toolkit.theme_rates`
    by ``seg_id``), every segment with tokens, zeros included; rows in the order of ``themes``."""
    themes = _shown_themes(hits, level, themes)
    lexicon = pd.DataFrame({"theme": themes or ["(no theme)"]})  # every segment, even without a theme to show
    rates = rate_table(hits, tokens, by="seg_id", level=level, lexicon=lexicon)
    return rates.pivot(index="theme", columns="seg_id", values=value).reindex(index=themes, fill_value=0)


def _heatmap_cells(ax, matrix: np.ndarray, vmax: float, annotate) -> None:
    """White lines between the cells; each non-zero value written in its cell when that stays readable."""
    n_rows, n_cols = matrix.shape
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_xticks(np.arange(-0.5, n_cols, 1), minor=True)
    ax.set_yticks(np.arange(-0.5, n_rows, 1), minor=True)
    ax.grid(which="minor", color="white", linewidth=1)
    ax.tick_params(which="minor", length=0)
    if annotate is None:
        annotate = n_cols <= 40 and n_rows * n_cols <= 400
    if not annotate:
        return
    for i, j in zip(*np.nonzero(matrix > 0)):
        v = matrix[i, j]
        ax.text(j, i, f"{v:.0f}", ha="center", va="center", fontsize="small",
                color="white" if v > 0.6 * vmax else "black")


def _colourbar(ax, image, value: str) -> None:
    cbar = ax.get_figure(root=False).colorbar(image, ax=ax, fraction=0.05, pad=0.02)
    cbar.set_label("Hits" if value == "hits" else "Hits per 1,000 tokens")
    if value == "hits":
        from matplotlib.ticker import MaxNLocator

        cbar.locator = MaxNLocator(integer=True)
        cbar.update_ticks()


@_doc(level="of the rows")
def theme_heatmap(
    hits: pd.DataFrame,
    tokens: pd.DataFrame,
    *,
    value: Literal["hits", "rate_per_1000"] = "hits",
    doc_id=None,
    level: int | None = 1,
    themes: str | list[str] | None = None,
    annotate: bool | None = None,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """Theme × paragraph heatmap of one document: which paragraph talks about what.

    Columns are the document's segments in order, labelled by paragraph
    number (``seg_id + 1``); rows are themes. Cells hold the number of
    theme hits (exclusions left out) or hits per 1,000 tokens of the
    paragraph, the columns ``hits`` and ``rate_per_1000`` of
    :func:`toolkit.theme_rates`. A colourbar gives the scale; cells are labelled with their
    value (blank for 0) where that stays readable.

    Parameters
    ----------
    {hits}
    tokens : pandas.DataFrame
        The tokens the hits were found in (segments and their sizes).
    value : {"hits", "rate_per_1000"}, default "hits"
        ``"rate_per_1000"``: hits per 1,000 tokens of the paragraph (all
        tokens). The old names ``"count"`` and ``"rate"`` work for one more
        release, with a FutureWarning.
    {doc_id}
    {level}
    themes : str or list of str, optional
        Rows to show, in this order (zeros included); default the themes
        with hits, sorted.
    annotate : bool, optional
        Write values in cells; default when there are at most 40 columns
        and 400 cells.
    {ax}
    {title}

    Returns
    -------
    matplotlib.axes.Axes
        The cell values are ``ax.images[0].get_array()`` (themes × segments).

    See Also
    --------
    toolkit.theme_rates : the numbers, with ``by=["doc_id", "seg_id"]``.

    Examples
    --------
    >>> import pandas as pd, toolkit as tk
    >>> from matplotlib.figure import Figure
    >>> docs = pd.DataFrame({"doc_id": ["a"], "text": ["Kerja sama keamanan.\\n\\nKeamanan, keamanan."]})
    >>> tokens = tk.prepare(docs)
    >>> ax = theme_heatmap(tk.find_themes(tokens, "all"), tokens, ax=Figure().subplots())
    >>> ax.images[0].get_array().tolist(), [t.get_text() for t in ax.get_yticklabels()]
    ([[1, 0], [1, 2]], ['cooperation', 'security'])
    """
    value = renamed_value("theme_heatmap", "value", value, {"count": "hits", "rate": "rate_per_1000"})
    check_choice("value", value, ("hits", "rate_per_1000"))
    check_columns(hits, ["doc_id", "seg_id", "position", "theme", "weight"], table_name="hits",
                  hint="Make one with tk.find_themes.")
    check_columns(tokens, ["doc_id", "seg_id", "position"], table_name="tokens", hint="Make one with tk.prepare(docs).")
    doc = _one_document(tokens, doc_id)
    table = _heatmap_table(hits[hits["doc_id"] == doc], tokens[tokens["doc_id"] == doc], value=value, level=level,
                           themes=themes)
    matrix = table.to_numpy()
    n_rows, n_cols = matrix.shape
    ax = _axes(ax, rows=n_rows, min_width=min(18.0, 3.0 + 0.45 * n_cols), extra_height=2.0)
    measure = "hits (count)" if value == "hits" else "hits per 1,000 tokens of the paragraph"
    _set_title(ax, title or f"Themes by paragraph: {measure}")
    ax.set_xlabel("Paragraph (1 = first)")
    ax.set_ylabel("Theme")
    if n_rows == 0 or n_cols == 0:
        _nothing(ax, "No theme hits in this document.")
        return ax
    vmax = float(matrix.max()) if matrix.size and matrix.max() > 0 else 1.0
    image = ax.imshow(matrix, aspect="auto", cmap="Blues", vmin=0, vmax=vmax, interpolation="nearest")
    step = _thin_ticks(n_cols, 40)
    ax.set_xticks(np.arange(0, n_cols, step), [str(int(s) + 1) for s in table.columns[::step]])
    ax.set_yticks(np.arange(n_rows), list(table.index))
    _heatmap_cells(ax, matrix, vmax, annotate)
    _colourbar(ax, image, value)
    return ax


# --------------------------------------------------------------------------- dispersion


def _dispersion_rows(hits: pd.DataFrame, *, item: str, level, themes, n, gmap: dict) -> tuple[list, int, list]:
    """The rows to draw, top to bottom, as (label, theme, positions), the ``n`` ranked first by
    :func:`toolkit.dispersion` (a theme named in ``themes`` without hits: an empty row, ranked last); how many rows
    are left out; and the themes."""
    table = dispersion_table(hits, item=item, level=level, themes=themes)
    keys = ["theme"] + (["entry"] if item == "entry" else [])
    h = counted_hits(hits, level=level, themes=themes).sort_values("position", kind="stable")
    positions = {k: g["position"].to_numpy() for k, g in h.groupby(keys, sort=False)}
    themes = _shown_themes(hits, level, themes)
    if item == "theme":
        rank = dict(zip(table["theme"], table["rank"]))
        rows = [(t, t, positions.get((t,), np.zeros(0, "int64")), rank.get(t, math.inf)) for t in themes]
    else:
        rows = [(_wrap(_glossed(r.entry, gmap), 36), r.theme, positions[(r.theme, r.entry)], r.rank)
                for r in table.itertuples(index=False)]
    if n is None or len(rows) <= n:
        return [r[:3] for r in rows], 0, themes
    keep = set(sorted(range(len(rows)), key=lambda i: (rows[i][3], i))[:n])
    return [r[:3] for i, r in enumerate(rows) if i in keep], len(rows) - n, themes


def _paragraph_marks(ax, tok: pd.DataFrame) -> None:
    """Faint vertical lines between paragraphs, and their numbers along the top axis."""
    starts = tok.groupby("seg_id")["position"].min().sort_values()
    ends = tok.groupby("seg_id")["position"].max().reindex(starts.index)
    for s in starts.to_numpy()[1:]:
        ax.axvline(s - 0.5, color="0.82", linewidth=0.8, zorder=0)
    if not len(starts):
        return
    top = ax.secondary_xaxis("top")
    mids = (starts.to_numpy() + ends.to_numpy()) / 2
    step = _thin_ticks(len(mids), 30)
    top.set_xticks(mids[::step], [str(int(s) + 1) for s in starts.index[::step]])
    top.tick_params(length=0, labelsize="small", labelcolor="0.35")
    top.set_xlabel("Paragraph", color="0.35", fontsize="small")


def _hit_marks(ax, rows: list, colours: dict) -> None:
    """One mark per hit, at its token position on its row's line, in its theme's colour."""
    marker_size = (_font_points() * 1.5) ** 2
    y = _rows(ax, [r[0] for r in rows])
    for i, (_label, t, positions) in enumerate(rows):
        ax.scatter(positions, np.full(len(positions), y[i]), marker="|", s=marker_size, linewidths=2.2,
                   color=colours.get(t, NEUTRAL_COLOUR), zorder=2)
    if not rows:
        ax.set_ylim(1.5, -0.5)


def _dispersion_xlabel(ax, item: str, left_out: int, n) -> str:
    xlabel = "Token position (words from the start of the document)"
    if left_out:
        xlabel += f"; {left_out} {'themes' if item == 'theme' else 'entries'} with fewer hits not shown (n={n})"
    return _wrap(xlabel, _label_chars(ax, 0.8))


@_doc(glosses='entry labels (``item="entry"``; wrapped, never cut short)', level="of the rows and colours")
@renamed(by="item")
def dispersion(
    hits: pd.DataFrame,
    tokens: pd.DataFrame,
    *,
    item: Literal["theme", "entry"] = "theme",
    doc_id=None,
    level: int | None = 1,
    themes: str | list[str] | None = None,
    n: int | None = 40,
    glosses=None,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """An "x-ray" of one document: where each theme's (or entry's) hits fall in the text.

    One row per theme (or per lexicon entry); a vertical mark at the token
    position where each hit starts, in the theme's colour; faint vertical
    lines mark paragraph boundaries, and the top axis numbers the
    paragraphs.

    Parameters
    ----------
    {hits}
    tokens : pandas.DataFrame
        The tokens the hits were found in (positions and paragraphs).
    item : {"theme", "entry"}, default "theme"
        ``"entry"``: one row per entry, grouped by theme (themes sorted,
        entries by first occurrence), with a legend of theme colours.
    {doc_id}
    {level}
    themes : str or list of str, optional
        Themes to show, in this order (a theme without hits keeps an empty
        row); default the themes with hits, sorted.
    n : int or None, default 40
        Most rows drawn: those with most hits (ties: the earlier first hit;
        the ``rank`` of :func:`toolkit.dispersion`), in the order above;
        the x label says how many are left out. None draws every row.
    {glosses}
    {ax}
    {title}

    Returns
    -------
    matplotlib.axes.Axes
        One scatter collection per row, in row order (``ax.collections``;
        x = token position); row labels are the y tick labels, top to
        bottom.

    See Also
    --------
    toolkit.dispersion : the numbers: hits, first and last position, rank.

    Examples
    --------
    >>> import pandas as pd, toolkit as tk
    >>> from matplotlib.figure import Figure
    >>> docs = pd.DataFrame({"doc_id": ["a"], "text": ["Kerja sama keamanan.\\n\\nIni soal keamanan."]})
    >>> tokens = tk.prepare(docs)
    >>> ax = dispersion(tk.find_themes(tokens, "all"), tokens, ax=Figure().subplots())
    >>> [t.get_text() for t in ax.get_yticklabels()], ax.collections[1].get_offsets()[:, 0].tolist()
    (['cooperation', 'security'], [2.0, 5.0])
    """
    check_choice("item", item, ("theme", "entry"))
    if n is not None:
        check_int("n", n, 1)
    check_columns(hits, ["doc_id", "position", "theme"] + (["entry"] if item == "entry" else []), table_name="hits",
                  hint="Make one with tk.find_themes.")
    check_columns(tokens, ["doc_id", "seg_id", "position"], table_name="tokens", hint="Make one with tk.prepare.")
    doc = _one_document(tokens, doc_id)
    tok = tokens[tokens["doc_id"] == doc]
    rows, left_out, themes = _dispersion_rows(hits[hits["doc_id"] == doc], item=item, level=level, themes=themes, n=n,
                                              gmap=_resolve_glosses(glosses))
    colours = _colour_map(themes) if themes else {}
    ax = _axes(ax, rows=max(_row_heights([r[0] for r in rows]).sum(), 2) * 1.1,
               min_width=9.0 if item == "theme" else 12.0, extra_height=2.2)
    noun = "theme" if item == "theme" else "lexicon entry"
    _set_title(ax, title or f"Where each {noun} occurs in the document (one mark per hit)")
    ax.set_xlabel(_dispersion_xlabel(ax, item, left_out, n))
    ax.set_ylabel("Theme" if item == "theme" else "Lexicon entry")
    _paragraph_marks(ax, tok)
    _hit_marks(ax, rows, colours)
    n_tokens = int(tok["position"].max()) + 1 if len(tok) else 1
    pad = max(1.0, 0.01 * n_tokens)  # marks at the first and last token stay whole
    ax.set_xlim(-0.5 - pad, n_tokens - 0.5 + pad)
    if not rows:
        _nothing(ax, "No theme hits in this document.")
    elif item == "entry":
        _theme_legend(ax, list(dict.fromkeys(r[1] for r in rows)), colours, **_OUTSIDE)
    return ax
