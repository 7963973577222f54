"""The theme timeline: rates per day, week or month, with the documents of each period and the gaps between."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, NamedTuple

import numpy as np
import pandas as pd

from .._hits import counted_hits, listed
from .._validate import check_choice, check_columns, check_int
from ..regroup import period_rates
from ..themes import theme_rates as rate_table
from ._docs import _doc
from ._style import _axes, _category_xticks, _colour_map, _font_points, _nothing, _set_title, _wrap

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

__all__ = ["theme_timeline"]

#: The periods a timeline can have: ``freq`` and its name.
FREQ_NAMES = {"D": "day", "W": "week", "M": "month"}
_FREQ_AXIS = {"D": "Day", "W": "Week (starting Monday)", "M": "Month"}


def _period_label(period: pd.Period, freq: str) -> str:
    start = period.start_time
    if freq == "M":
        return start.strftime("%b\n%Y")
    return f"{start.day} {start.strftime('%b')}\n{start.year}"


def _slots(empty: np.ndarray) -> list[tuple[int, int]]:
    """Slots along x as (first, last) period indices: one per period, one per run of empty periods (a gap)."""
    slots: list[tuple[int, int]] = []
    i = 0
    while i < len(empty):
        j = i
        while empty[i] and j + 1 < len(empty) and empty[j + 1]:
            j += 1
        slots.append((i, j))
        i = j + 1
    return slots


def _gap_text(periods, first: int, last: int, freq: str) -> str:
    name = [_period_label(periods[k], freq).replace("\n", " ") for k in (first, last)]
    return f"no documents, {name[0]}" + (f" – {name[1]}" if last > first else "")


def _count_axis(ax, x, sizes: np.ndarray, label: str):
    """Grey bars of ``sizes`` in the lower quarter of ``ax``, on a labelled right-hand axis of their own."""
    from matplotlib.ticker import MaxNLocator

    twin = ax.twinx()
    twin.bar(x, sizes, width=0.6, color="0.88", edgecolor="0.7", linewidth=0.5)
    top = max(1, int(sizes.max()) if len(sizes) else 1)
    twin.set_ylim(0, top * 4)
    ticks = [t for t in MaxNLocator(nbins=3, integer=True).tick_values(0, top) if 0 <= t <= top]
    twin.set_yticks(ticks)
    twin.tick_params(axis="y", labelsize="small", colors="0.35")
    twin.spines["right"].set_bounds(0, top)
    twin.spines["right"].set_color("0.6")
    for side in ("top", "left", "bottom"):
        twin.spines[side].set_visible(False)
    twin.set_ylabel(label, color="0.35", fontsize="small", loc="bottom")
    ax.set_zorder(twin.get_zorder() + 1)
    ax.patch.set_visible(False)
    return twin


def _legend_outside_twin(ax, twin, handles, labels) -> None:
    """The legend right of the twin axis: beyond its tick labels and its label."""
    from matplotlib.transforms import offset_copy

    points = _font_points()
    digits = max((len(t.get_text()) for t in twin.get_yticklabels()), default=1)
    offset = 7 + digits * points * 0.62 + 4 + 1.3 * points + 8
    anchor = offset_copy(ax.transAxes, fig=ax.get_figure(root=True), x=offset, units="points")
    ax.legend(handles, labels, title="Theme", loc="upper left", bbox_to_anchor=(1, 1), bbox_transform=anchor,
              borderaxespad=0)


def _gap_marks(ax, slots: list, gaps: list, periods: list, freq: str) -> None:
    """Each gap hatched, and named (when there are more than 12, only those of two periods or more)."""
    for k in gaps:
        ax.axvspan(k - 0.5, k + 0.5, facecolor="0.96", edgecolor="0.8", hatch="//", linewidth=0, zorder=0)
        if len(gaps) > 12 and slots[k][0] == slots[k][1]:
            continue
        note = ax.text(k, 0.5, _gap_text(periods, *slots[k], freq), rotation=90, ha="center", va="center",
                       fontsize="x-small", color="0.4", transform=ax.get_xaxis_transform())
        note.set_gid("gap")


def _timeline_handles(lines: list, counted: str, min_docs, few: bool, gaps: bool) -> tuple[list, list]:
    """Legend entries: the themes' lines, the grey bars, and the marks for few documents and for gaps."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles = lines + [Patch(facecolor="0.88", edgecolor="0.7", linewidth=0.5)]
    labels = [line.get_label() for line in lines] + [_wrap(f"{counted} (grey bars, right axis)", 24)]
    if few:
        handles.append(Line2D([], [], marker="o", linestyle="none", mfc="white", mec="0.3", mew=1.5))
        labels.append(_wrap(f"Fewer than {min_docs} documents: open marker, not joined", 24))
    if gaps:
        handles.append(Patch(facecolor="0.96", edgecolor="0.8", hatch="//", linewidth=0))
        labels.append("No documents (gap)")
    return handles, labels



class _Slots(NamedTuple):
    """The x axis of a timeline: one slot per period, one per run of periods without documents (a gap)."""

    periods: list  # every period, in order
    slots: list  # (first, last) period of each slot
    first: np.ndarray  # each slot's first period (index into periods)
    sizes: np.ndarray  # documents (or tokens, when the documents are not known) per period
    gap: np.ndarray  # slot is a gap
    few: np.ndarray  # slot is a period with fewer than min_docs documents
    known: bool  # sizes are documents


def _timeline_slots(table: pd.DataFrame, min_docs) -> _Slots:
    per = table.drop_duplicates("period").reset_index(drop=True)
    known = bool(per["documents"].notna().all())  # else the tokens stand in for the documents
    sizes = (per["documents"] if known else per["tokens"]).to_numpy(dtype="int64")
    slots = _slots(sizes == 0)
    first = np.array([start for start, _ in slots])
    gap = sizes[first] == 0
    few = (sizes[first] < min_docs) & ~gap if (known and min_docs) else np.zeros(len(first), bool)
    return _Slots(list(per["period"]), slots, first, sizes, gap, few, known)


def _theme_lines(ax, table: pd.DataFrame, s: _Slots, themes: list[str], colours: dict) -> tuple[list, float]:
    """One line per theme over the slots (broken at gaps and at periods with few documents, which get an open
    marker); returns the lines and the highest rate."""
    wide = table.pivot(index="period", columns="theme", values="rate_per_1000").reindex(index=s.periods)
    tokens = table.drop_duplicates("period")["tokens"].to_numpy()
    x = np.arange(len(s.first), dtype="float64")
    lines, highest = [], 0.0
    for t in themes:
        if t in wide.columns:
            rate = wide[t].to_numpy(dtype="float64")[s.first]
        else:  # a theme without hits: 0 wherever there is text
            rate = np.where(tokens[s.first] > 0, 0.0, np.nan)
        rate[s.gap] = np.nan
        highest = max(highest, float(np.nanmax(rate, initial=0.0)))
        lines.append(ax.plot(x, np.where(s.few, np.nan, rate), marker="o", color=colours[t], label=t)[0])
        if s.few.any():
            ax.scatter(x[s.few], rate[s.few], marker="o", facecolors="white", edgecolors=colours[t], linewidths=1.5,
                       zorder=3)
    return lines, highest


def draw_period_rates(ax, table: pd.DataFrame, *, freq: str, themes: list[str], colours: dict, min_docs,
                      title: str):
    """Draw a :func:`toolkit.period_rates` table: a line per theme over the periods, the documents (or tokens) of
    each period as grey bars on their own axis, gaps hatched; also used by :func:`toolkit.plot.theme_rates` for
    rates grouped by date. Returns the Axes (a new figure when ``ax`` is None)."""
    if table.empty:
        ax = _axes(ax)
        _set_title(ax, title)
        _nothing(ax, "No dated documents.")
        return ax
    s = _timeline_slots(table, min_docs)
    x = np.arange(len(s.first), dtype="float64")
    counted = f"{'Documents' if s.known else 'Tokens'} per {FREQ_NAMES[freq]}"
    ax = _axes(ax, min_width=5.0 + 0.2 * len(s.first))
    twin = _count_axis(ax, x[~s.gap], s.sizes[s.first[~s.gap]], counted)
    lines, highest = _theme_lines(ax, table, s, themes, colours)
    _gap_marks(ax, s.slots, list(np.flatnonzero(s.gap)), s.periods, freq)
    _category_xticks(ax, x[~s.gap], [_period_label(s.periods[a], freq) for a in s.first[~s.gap]], thin=True,
                     fontsize="small", fraction=0.7, max_lines=1)
    ax.set_xlim(-0.6, len(s.first) - 0.4)
    ax.set_ylim(0, None if highest > 0 else 1.0)
    ax.set_xlabel(_FREQ_AXIS[freq])
    ax.set_ylabel("Hits per 1,000 tokens")
    _set_title(ax, title)
    handles, labels = _timeline_handles(lines, counted, min_docs, bool(s.few.any()), bool(s.gap.any()))
    _legend_outside_twin(ax, twin, handles, labels)
    return ax


def _dated(tokens: pd.DataFrame, docs, date_col: str) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """The tokens and docs to count from: the docs' ``doc_id`` and dates (their dates win over the tokens')."""
    if docs is None:
        check_columns(tokens, [date_col], table_name="tokens",
                      hint="Pass docs= (the docs table with the dates), or name the column with date_col=.")
        return tokens, None
    check_columns(docs, ["doc_id", date_col], table_name="docs")
    if date_col in tokens.columns:
        tokens = tokens[[c for c in tokens.columns if c != date_col]]
    return tokens, docs[["doc_id", date_col]].drop_duplicates("doc_id")


@_doc(level="of the lines")
def theme_timeline(
    hits: pd.DataFrame,
    tokens: pd.DataFrame,
    *,
    docs: pd.DataFrame | None = None,
    date_col: str = "date",
    freq: Literal["D", "W", "M"] = "M",
    level: int | None = 1,
    themes: str | list[str] | None = None,
    min_docs: int = 3,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """Theme rates per day, week or month, with the number of documents in each period.

    For each period: ``rate = theme hits / tokens × 1,000`` over all the
    period's documents (hits are counted, exclusions left out; tokens are
    all tokens; :func:`toolkit.period_rates`), drawn as one line per theme
    in its colour. Grey bars at the bottom of the chart give the number of
    documents per period, on their own axis (right, labelled), so that a
    period resting on one or two articles is not over-read; such a period
    (fewer than ``min_docs`` documents) is drawn as an open marker, not
    joined to its neighbours. A stretch of periods without documents is one
    hatched gap that no line crosses, labelled with its first and last
    period (six years with one empty year do not draw twelve empty
    months); when there are more than 12 gaps, only those of two periods
    or more are labelled.

    Dates come from ``docs[date_col]`` (or ``tokens[date_col]`` without
    ``docs``): datetimes, time-zone-aware datetimes or strings. A
    time-zone-aware date is placed by its local, wall-clock date (the date
    printed on the article), so offsets may differ between documents.
    Weeks start on Monday. Documents without a date are left out with a
    warning that names them.

    Parameters
    ----------
    {hits}
    tokens : pandas.DataFrame
        The tokens the hits were found in (the denominators).
    docs : pandas.DataFrame, optional
        Docs table with ``doc_id`` and ``date_col``; documents without
        tokens count as documents with 0 tokens.
    date_col : str, default "date"
    freq : {"D", "W", "M"}, default "M"
        Day, week (Monday to Sunday) or calendar month.
    {level}
    themes : str or list of str, optional
        Themes to draw, in this order (a theme without hits is a line at
        0); default the themes with hits, sorted.
    min_docs : int, default 3
        Periods with fewer documents are marked (open markers, no line);
        1 joins every period.
    {ax}
    {title}

    Returns
    -------
    matplotlib.axes.Axes
        The rates axes: one line per theme (``ax.get_lines()``, x = slot
        0, 1, ...: one slot per period, one per gap; y = the rate, NaN in a
        gap and at a marked period), the marked periods as open markers in
        ``ax.collections``, each gap's label in ``ax.texts`` (gid
        ``"gap"``). The document counts are the grey bars of a twin axes
        (the other Axes of ``ax.figure`` that shares its x axis).

    Raises
    ------
    ColumnError
        No ``date_col`` in ``docs`` (or ``tokens``).
    ValueError
        A bad ``freq`` or ``min_docs``, or dates that cannot be read (the
        message names the values and their documents).

    Examples
    --------
    >>> import pandas as pd, toolkit as tk
    >>> from matplotlib.figure import Figure
    >>> docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "date": ["2024-01-05", "2024-01-20", "2024-03-02"],
    ...                      "text": ["Kerja sama keamanan.", "Cuaca cerah.", "Keamanan kawasan."]})
    >>> tokens = tk.prepare(docs)
    >>> ax = theme_timeline(tk.find_themes(tokens, "all"), tokens, docs=docs, min_docs=1, ax=Figure().subplots())
    >>> ax.get_title(), [t.get_text() for t in ax.get_xticklabels()], [t.get_text() for t in ax.texts]
    ('Theme rates per 1,000 tokens, by month', ['Jan\\n2024', 'Mar\\n2024'], ['no documents, Feb 2024'])
    >>> ax.get_lines()[1].get_ydata().round(1).tolist()        # security: 1 hit / 5 tokens, gap, 1 / 2
    [200.0, nan, 500.0]
    """
    check_choice("freq", freq, tuple(FREQ_NAMES))
    check_int("min_docs", min_docs, 1)
    check_columns(hits, ["doc_id", "theme"], table_name="hits", hint="Make one with tk.find_themes.")
    check_columns(tokens, ["doc_id"], table_name="tokens", hint="Make one with tk.prepare(docs).")
    tokens, docs = _dated(tokens, docs, date_col)
    themes = listed(themes) if themes is not None else sorted(pd.unique(counted_hits(hits, level=level)["theme"]))
    lexicon = pd.DataFrame({"theme": themes or ["(no theme)"]})
    rates = rate_table(hits, tokens, by=["doc_id", date_col], docs=docs, level=level, lexicon=lexicon)
    table = period_rates(rates, date_col=date_col, freq=freq)
    return draw_period_rates(ax, table, freq=freq, themes=themes, colours=_colour_map(themes) if themes else {},
                          min_docs=min_docs, title=title or f"Theme rates per 1,000 tokens, by {FREQ_NAMES[freq]}")
