"""Charts for reading: term counts, theme rates, where themes occur, keyness and networks.

Every chart function takes a table made by the toolkit first, its options
keyword-only, and ``ax=None``: it draws on the given
:class:`matplotlib.axes.Axes` (creating a figure, with constrained layout,
only when none is given), sets a title and axis labels, and returns the
Axes. Nothing here calls ``plt.show``, sets ``rcParams`` or imports
:mod:`matplotlib.pyplot` at import time (pyplot is imported inside the
functions that create a figure); the larger style for slides is opt-in::

    with tk.plot.projector():
        ax = tk.plot.theme_rates(rates)
        tk.plot.save(ax, "figures/theme-rates")

Colours. Each theme has one colour, the same in every chart, from Paul
Tol's colour-blind-safe *muted* palette; the mapping is data, in
``toolkit/data/theme_colours.csv`` (card: ``theme_colours.md``), read by
:func:`theme_colours`. Sub-themes (``security/terrorism``) take the colour
of their top-level theme. Charts that compare two groups or two sides
(:func:`top_terms` with two groups, :func:`keyness`) use Okabe–Ito blue
``#0072B2`` and orange ``#E69F00`` / vermillion ``#D55E00`` instead, so that
they cannot be mistaken for themes.

Glosses. Term and entry charts take ``glosses=``: a lexicon (table, shipped
name, list of names, or ``"all"``) or a ``{term: gloss}`` dict; tick labels
then read ``keamanan (security)``. How a counted term finds its gloss is
described in :func:`term_glosses`.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import math
import numbers
import re
import textwrap
import warnings
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd

from . import _data
from ._validate import check_choice, check_columns
from .errors import ResourceError

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

__all__ = [
    "theme_colours",
    "term_glosses",
    "projector",
    "top_terms",
    "theme_rates",
    "theme_heatmap",
    "dispersion",
    "theme_timeline",
    "keyness",
    "cooccurrence_network",
    "collocation_network",
    "wordcloud",
    "validation",
    "save",
]

#: Okabe–Ito colours for two groups or two sides (never used for themes).
GROUP_COLOURS = ("#0072B2", "#E69F00")
#: Okabe–Ito blue (target) and vermillion (reference) for keyness bars.
KEYNESS_COLOURS = ("#0072B2", "#D55E00")
#: Colour of bars that are not about themes or groups (Okabe–Ito blue).
NEUTRAL_COLOUR = "#0072B2"
#: Thin dark edge on theme-coloured bars, so pale colours stay visible on white.
EDGE_COLOUR = "#333333"

_COLOUR_FILE = "theme_colours.csv"
_HEX_RE = re.compile(r"#[0-9A-Fa-f]{6}")
_THEME_RE = re.compile(r"[a-z][a-z0-9_]*(?:/[a-z][a-z0-9_]*)*")
_COUNT_COLUMNS = ("term", "count", "tokens", "rate_per_1000", "rank")
_RATE_COLUMNS = ("theme", "hits", "weighted", "tokens", "rate_per_1000", "weighted_rate_per_1000", "share",
                 "segments", "segments_present", "present_share")
_GROUP_NAMES = {"doc_id": "document", "seg_id": "paragraph"}
_IMAGE_SUFFIXES = (".pdf", ".jpg", ".jpeg", ".eps", ".ps", ".tif", ".tiff", ".webp", ".gif", ".bmp")


# --------------------------------------------------------------------------- colours


@functools.lru_cache(maxsize=4)
def _colour_table(path: str, mtime: float) -> tuple[dict, tuple, tuple]:
    """(named colours, spare colours, whole palette in file order) from the colour file."""
    records = _data.read_csv_records(path, what="theme colour table", required=["theme", "colour"],
                                     optional=["source_palette", "note"])
    named: dict[str, str] = {}
    lines: dict[str, int] = {}
    spares: list[str] = []
    palette: list[str] = []
    for r in records:
        theme, colour, line = r["theme"].strip(), r["colour"].strip(), r["_line"]
        if not _HEX_RE.fullmatch(colour):
            raise ResourceError(f"{path}: line {line}: field 'colour' is {colour!r}; use a hex colour such as "
                                "'#882255'.", path=path, line=line)
        if theme == "*":
            spares.append(colour.upper())
        elif not _THEME_RE.fullmatch(theme) or "/" in theme:
            raise ResourceError(f"{path}: line {line}: field 'theme' is {theme!r}; use a lower-case top-level "
                                "theme name (sub-themes take their theme's colour) or '*' for a spare colour.",
                                path=path, line=line)
        elif theme in named:
            raise ResourceError(f"{path}: line {line}: theme {theme!r} already has a colour at line "
                                f"{lines[theme]}.", path=path, line=line)
        else:
            named[theme] = colour.upper()
            lines[theme] = line
        palette.append(colour.upper())
    if not palette:
        raise ResourceError(f"{path}: the theme colour table has no rows.", path=path)
    return named, tuple(spares), tuple(palette)


def _colours() -> tuple[dict, tuple, tuple]:
    path = _data.data_path(_COLOUR_FILE)
    return _colour_table(str(path), path.stat().st_mtime)


def theme_colours(themes: Iterable[str] | str) -> dict[str, str]:
    """One colour per theme, the same in every chart (colour-blind safe).

    The colours are data: ``toolkit/data/theme_colours.csv`` (columns
    ``theme``, ``colour``, ``source_palette``, ``note``; card
    ``theme_colours.md``), from Paul Tol's *muted* palette.

    - A theme listed there gets its colour (security, connectivity,
      multilateralism, cooperation, economy, sovereignty, culture,
      technology).
    - A sub-theme takes its top-level theme's colour
      (``security/terrorism`` is drawn like ``security``).
    - Other top-level themes (of your own lexicons) are sorted by name and
      take the spare colours (rows with theme ``*``) in file order; when
      those run out, the palette repeats from its first row, so from the
      tenth theme on, colours are shared: charts always name themes in
      labels or legends as well.

    The result is deterministic: the same set of themes always gets the
    same colours, whatever their order.

    Parameters
    ----------
    themes : str or iterable of str
        Theme names as they appear in hits or rates tables (for the shipped
        themes: ``tk.list_lexicons()["name"]``).

    Returns
    -------
    dict
        ``{theme: "#RRGGBB"}``, in the order the themes were given (first
        occurrence).

    Raises
    ------
    ResourceError
        The colour file is missing or malformed (the message names the
        file and line).

    Examples
    --------
    >>> theme_colours(["security", "security/terrorism", "cooperation"])
    {'security': '#882255', 'security/terrorism': '#882255', 'cooperation': '#117733'}
    >>> theme_colours(["maritime"])
    {'maritime': '#999933'}
    """
    named, spares, palette = _colours()
    if themes is None:
        raise TypeError("themes=None is not allowed; give theme names, e.g. tk.list_lexicons()['name'].")
    themes = [themes] if isinstance(themes, str) else list(themes)
    names = list(dict.fromkeys(str(t) for t in themes))
    tops = {t: t.split("/", 1)[0] for t in names}
    unknown = sorted({top for top in tops.values() if top not in named})
    extra_cycle = itertools.chain(spares, itertools.cycle(palette))
    extra = {top: next(extra_cycle) for top in unknown}
    return {t: named.get(tops[t], extra.get(tops[t])) for t in names}


def _colour_map(themes: Iterable[str]) -> dict[str, str]:
    return theme_colours(list(themes))


# --------------------------------------------------------------------------- glosses


def _short_gloss(gloss) -> str:
    if gloss is None or (isinstance(gloss, float) and math.isnan(gloss)):
        return ""
    text = str(gloss).split(";")[0].strip()
    return text.split(" (")[0].strip() if not text.startswith("(") else text


@functools.lru_cache(maxsize=16)
def _glosses_for_names(names: tuple) -> dict:
    from .lexicon import load_lexicon

    lexicon = load_lexicon(list(names) if len(names) > 1 else names[0])
    return _glosses_from_table(lexicon)


def _glosses_from_table(lexicon: pd.DataFrame, overrides=True) -> dict:
    from .themes import CompiledLexicon

    check_columns(lexicon, ["theme", "entry", "match", "weight", "gloss_en"], table_name="lexicon",
                  hint="Load one with tk.load_lexicon(name).")
    table = lexicon.reset_index(drop=True)
    compiled = CompiledLexicon(table, overrides=overrides)
    # entries that count first, exclusions (weight 0) after them
    order = sorted(range(len(table)), key=lambda i: (float(table.loc[i, "weight"]) == 0, i))
    written: dict[str, str] = {}
    stemmed: dict[str, str] = {}
    for i in order:
        gloss = _short_gloss(table.loc[i, "gloss_en"])
        if not gloss:
            continue
        entry = str(table.loc[i, "entry"])
        written.setdefault(" ".join(w.lstrip("=") for w in entry.lower().split()), gloss)
        elements = compiled.entries[i].elements
        if all(kind != "re" for kind, _ in elements):
            stemmed.setdefault(" ".join(value for _, value in elements), gloss)
    out = dict(stemmed)
    out.update(written)
    return out


def term_glosses(lexicon, *, overrides=True) -> dict[str, str]:
    """English glosses for counted terms and lexicon entries, from a lexicon's ``gloss_en``.

    The keys are the ways a term can appear in a chart:

    - each entry as written, lower-cased (``keamanan``, ``kerja sama``,
      ``sco``): for entry charts and for counts of word forms;
    - each entry as the matcher sees it: a ``stem`` entry by its stem
      (``pertempuran`` → ``tempur``), a ``word`` entry by its form, a
      ``phrase`` by its words' stems joined by a space (``kerja sama`` →
      ``kerja sama``): so a stem counted by :func:`toolkit.count_terms` gets
      a gloss when a ``stem`` entry stems to it, and a bigram when a phrase
      does. ``glob`` and ``regex`` entries give no stem key.

    Where several entries give the same key, an entry as written wins over a
    stem key, entries that count win over exclusions (weight 0), then the
    first in lexicon order. A gloss is cut at its first ";" or " (" (``"to
    secure; (police) to detain"`` → ``"to secure"``, ``"Bright Path (Nurly
    Zhol, Kazakhstan)"`` → ``"Bright Path"``). Entries without a gloss give
    none. Note that a ``word`` entry never glosses its stem: ``keamanan`` is
    glossed, the stem ``aman`` (safe) is not.

    Parameters
    ----------
    lexicon : pandas.DataFrame, str or list
        A lexicon table (:func:`toolkit.load_lexicon`) or shipped lexicon
        name(s); ``"all"`` for every shipped lexicon.
    overrides : bool, dict, DataFrame or Stemmer, default True
        Stemming overrides for the entries: use the same as for the tokens.

    Returns
    -------
    dict
        ``{term: gloss}``; edit it and pass it as ``glosses=`` to any chart.

    Examples
    --------
    >>> g = term_glosses("security")
    >>> g["keamanan"], g["tempur"], "aman" in g      # tempur: the stem of the entry "tempur"
    ('security', 'combat', False)
    """
    if isinstance(lexicon, pd.DataFrame):
        return _glosses_from_table(lexicon, overrides)
    names = tuple(lexicon) if isinstance(lexicon, (list, tuple)) else (lexicon,)
    if overrides is True and all(isinstance(n, str) for n in names):
        return dict(_glosses_for_names(names))
    from .lexicon import load_lexicon

    return _glosses_from_table(load_lexicon(list(names)), overrides)


def _resolve_glosses(glosses) -> dict:
    if glosses is None or glosses is False:
        return {}
    if isinstance(glosses, Mapping):
        return {str(k).lower(): _short_gloss(v) for k, v in glosses.items()}
    if isinstance(glosses, (pd.DataFrame, str, list, tuple)):
        return term_glosses(glosses)
    raise TypeError(f"glosses={glosses!r} is not allowed; use a lexicon (table, name, list of names or 'all') "
                    "or a dict {term: gloss}.")


def _glossed(term, gmap: dict) -> str:
    text = str(term)
    gloss = gmap.get(" ".join(text.lower().split()))
    if not gloss:
        return text
    low, glow = text.lower(), gloss.lower()
    if glow == low or glow.startswith(low + " ("):
        return text
    return f"{text} ({gloss})"


# --------------------------------------------------------------------------- helpers


def _check_ax(ax):
    if ax is None:
        return
    from matplotlib.axes import Axes

    if not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes, not {type(ax).__name__}.")


def _font_points() -> float:
    import matplotlib as mpl
    from matplotlib.font_manager import FontProperties

    return float(FontProperties(size=mpl.rcParams["font.size"]).get_size_in_points())


def _axes(ax, *, rows: float = 0.0, min_width: float = 0.0, extra_height: float = 1.6):
    """The Axes to draw on: ``ax``, or a new figure sized for ``rows`` lines of labels."""
    _check_ax(ax)
    if ax is not None:
        return ax
    import matplotlib as mpl
    import matplotlib.pyplot as plt

    width, height = mpl.rcParams["figure.figsize"]
    row_inches = _font_points() * 1.6 / 72
    height = max(height, rows * row_inches + extra_height)
    width = max(width, min_width)
    _, new = plt.subplots(figsize=(width, height), layout="constrained")
    return new


def _set_title(ax, text: str) -> None:
    import matplotlib as mpl
    from matplotlib.font_manager import FontProperties

    size = FontProperties(size=mpl.rcParams["axes.titlesize"]).get_size_in_points()
    fig_width = ax.get_figure(root=True).get_size_inches()[0]
    chars = max(30, int(fig_width * 72 / (size * 0.55)))
    ax.set_title(textwrap.fill(text, chars, break_long_words=False))


def _label_chars(ax, fraction: float = 0.8, key: str = "axes.labelsize") -> int:
    """About how many characters of ``key`` text fit in ``fraction`` of the figure width."""
    import matplotlib as mpl
    from matplotlib.font_manager import FontProperties

    size = FontProperties(size=mpl.rcParams[key]).get_size_in_points()
    return max(20, int(ax.get_figure(root=True).get_size_inches()[0] * fraction * 72 / (size * 0.55)))


def _wrap(text, width: int = 28) -> str:
    return textwrap.fill(str(text), width, break_long_words=False, break_on_hyphens=True) or str(text)


def _group_name(by: list[str]) -> str:
    return " and ".join(_GROUP_NAMES.get(c, str(c).replace("_", " ")) for c in by)


def _group_label(values: tuple, by: list[str]) -> str:
    parts = []
    for v, c in zip(values, by):
        parts.append(f"(no {_GROUP_NAMES.get(c, str(c).replace('_', ' '))})" if pd.isna(v) else str(v))
    return " · ".join(parts)


def _fold(themes: pd.Series, level: int | None) -> pd.Series:
    themes = themes.astype("str")
    if level is None:
        return themes
    if isinstance(level, bool) or not isinstance(level, numbers.Integral) or level < 1:
        raise ValueError(f"level={level!r} is not allowed; use None or a whole number of at least 1.")
    return themes.str.split("/").str[:level].str.join("/")


def _check_n(name: str, value, low: int = 1) -> None:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < low:
        raise ValueError(f"{name}={value!r} is not allowed; use a whole number of at least {low}.")


def _nothing(ax, message: str) -> None:
    ax.text(0.5, 0.5, message, transform=ax.transAxes, ha="center", va="center", color="0.4", wrap=True)


def _counting_hits(hits: pd.DataFrame) -> pd.DataFrame:
    """Hits that count (exclusions, weight 0, left out)."""
    return hits[hits["weight"] > 0] if "weight" in hits.columns else hits


def _one_document(tokens: pd.DataFrame, doc_id):
    ids = pd.unique(tokens["doc_id"])
    if doc_id is None:
        if len(ids) != 1:
            shown = ", ".join(map(repr, ids[:5])) + (" ..." if len(ids) > 5 else "")
            raise ValueError(f"doc_id=None is not allowed for tokens of {len(ids)} documents; name one "
                             f"(doc_id={ids[0]!r}); documents: {shown}.")
        return ids[0]
    if doc_id not in set(ids):
        shown = ", ".join(map(repr, ids[:5])) + (" ..." if len(ids) > 5 else "")
        raise ValueError(f"doc_id={doc_id!r} is not in tokens; documents there: {shown}.")
    return doc_id


def _theme_legend(ax, themes: list[str], colours: dict, **kwargs):
    from matplotlib.patches import Patch

    handles = [Patch(facecolor=colours[t], edgecolor=EDGE_COLOUR, linewidth=0.5, label=t) for t in themes]
    return ax.legend(handles=handles, title="Theme", **kwargs)


def _text_colour(colour) -> str:
    from matplotlib.colors import to_rgb

    r, g, b = to_rgb(colour)
    return "black" if 0.299 * r + 0.587 * g + 0.114 * b > 0.5 else "white"


def _thin_ticks(n: int, max_labels: int) -> int:
    return max(1, math.ceil(n / max_labels))


# --------------------------------------------------------------------------- projector


@contextlib.contextmanager
def projector(*, scale: float = 1.6):
    """A larger style for slides and projectors, as a context manager (opt-in).

    Inside the ``with`` block, fonts are ``scale`` times matplotlib's
    defaults, lines and markers thicker, and new figures 13.33 × 7.5
    inches (a 16:9 slide); everything is restored on leaving the block
    (:func:`matplotlib.rc_context`). Create *and* save the chart inside the
    block: matplotlib reads the style when it draws.

    Parameters
    ----------
    scale : float, default 1.6
        Font scale relative to matplotlib's defaults (10 pt text becomes 16
        pt).

    Returns
    -------
    contextlib.AbstractContextManager
        Use it in a ``with`` statement (it yields None).

    Examples
    --------
    >>> import matplotlib as mpl
    >>> with projector():
    ...     print(mpl.rcParams["font.size"])
    16.0
    >>> mpl.rcParams["font.size"]
    10.0
    """
    import matplotlib as mpl

    if isinstance(scale, bool) or not isinstance(scale, numbers.Real) or not 0.5 <= scale <= 4:
        raise ValueError(f"scale={scale!r} is not allowed; use a number between 0.5 and 4.")
    base = 10.0 * scale
    rc = {
        "font.size": base,
        "axes.titlesize": base * 1.25,
        "axes.labelsize": base * 1.05,
        "xtick.labelsize": base * 0.95,
        "ytick.labelsize": base * 0.95,
        "legend.fontsize": base * 0.9,
        "legend.title_fontsize": base * 0.95,
        "figure.titlesize": base * 1.3,
        "lines.linewidth": 1.5 * scale + 0.5,
        "lines.markersize": 6 * scale * 0.9,
        "axes.linewidth": 0.8 * scale,
        "xtick.major.width": 0.8 * scale,
        "ytick.major.width": 0.8 * scale,
        "xtick.major.size": 3.5 * scale,
        "ytick.major.size": 3.5 * scale,
        "figure.figsize": (13.33, 7.5),
        "figure.dpi": 100,
        "savefig.dpi": 200,
    }
    with mpl.rc_context(rc):
        yield


# --------------------------------------------------------------------------- top terms


def _pooled_terms(rows: pd.DataFrame, whole: pd.DataFrame, group_cols: list[str], value: str) -> pd.Series:
    """Terms of ``rows`` summed over their groups; rates over the groups' summed tokens."""
    counts = rows.groupby("term", sort=False)["count"].sum()
    if value == "count":
        return counts.astype("float64")
    tokens = whole.drop_duplicates(group_cols)["tokens"].sum() if group_cols else whole["tokens"].iloc[0]
    return counts / tokens * 1000 if tokens > 0 else counts * 0.0


def top_terms(
    counts: pd.DataFrame,
    *,
    n: int = 20,
    by: str | None = None,
    groups: list | None = None,
    value: Literal["count", "rate_per_1000"] | None = None,
    glosses=None,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """Horizontal bars of the most frequent terms, largest at the top; or two groups side by side.

    Parameters
    ----------
    counts : pandas.DataFrame
        From :func:`toolkit.count_terms`: group columns, ``term``,
        ``count``, ``tokens``, ``rate_per_1000``. Not modified.
    n : int, default 20
        Number of terms shown (the table's top ``n`` by value, ties broken
        alphabetically).
    by : str, optional
        The group column that holds the groups to compare (``"speaker"``,
        ``"source"``). Without it, every group of the table is pooled:
        counts are summed and rates are divided by the groups' summed
        tokens.
    groups : list, optional
        One or two values of ``by``. One value: that group's top terms. Two:
        their bars side by side, for the ``n`` terms with the largest summed
        value in the two. Default: the two groups of ``by`` when it has
        exactly two.
    value : {"count", "rate_per_1000"}, optional
        Bar length. Default: ``"count"`` for one series,
        ``"rate_per_1000"`` when comparing groups (their sizes differ).
    glosses : lexicon, list of names, "all" or dict, optional
        English glosses for tick labels (``tempur (combat)``); see
        :func:`term_glosses`.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; by default a new figure sized for ``n`` rows.
    title : str, optional
        Replaces the default title.

    Returns
    -------
    matplotlib.axes.Axes
        Bars in ``ax.containers`` (one container per group), in row order
        from the top; each bar is labelled with its value.

    Raises
    ------
    ColumnError
        ``counts`` lacks a needed column.
    ValueError
        A bad ``n``, ``value``, ``by`` or ``groups`` (the message lists the
        groups there are).

    See Also
    --------
    toolkit.count_terms, keyness

    Examples
    --------
    >>> import pandas as pd, toolkit as tk
    >>> from matplotlib.figure import Figure
    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "text": [
    ...     "Keamanan dan pertempuran. Pertempuran kawasan.", "Kerja sama ekonomi dan keamanan."]})
    >>> counts = tk.count_terms(tk.prepare(docs))
    >>> ax = top_terms(counts, n=3, glosses="all", ax=Figure().subplots())
    >>> ax.get_title(), [t.get_text() for t in ax.get_yticklabels()]
    ('Most frequent terms (count)', ['aman', 'tempur (combat)', 'ekonomi (economy, economic)'])
    >>> [float(bar.get_width()) for bar in ax.patches]
    [2.0, 2.0, 1.0]
    >>> ax = top_terms(counts, by="doc_id", n=2, ax=Figure().subplots())
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['a (5 tokens)', 'b (5 tokens)']
    """
    _check_n("n", n)
    if value is not None:
        check_choice("value", value, ("count", "rate_per_1000"))
    check_columns(counts, ["term", "count", "tokens"], table_name="counts", hint="Make one with tk.count_terms(tokens).")
    group_cols = [c for c in counts.columns if c not in _COUNT_COLUMNS]
    if by is None and groups is not None:
        if len(group_cols) != 1:
            raise ValueError(f"groups={groups!r} needs by=: the column that holds them (group columns of counts: "
                             f"{', '.join(group_cols) or '(none)'}).")
        by = group_cols[0]
    present = counts[(counts["count"] > 0) & counts["term"].notna()]
    gmap = _resolve_glosses(glosses)

    series: list[tuple[str, pd.Series]] = []
    if by is None:
        value = value or "count"
        series.append(("", _pooled_terms(present, counts, group_cols, value)))
    else:
        if by not in group_cols:
            raise ValueError(f"by={by!r} is not a group column of counts; group columns: "
                             f"{', '.join(group_cols) or '(none: counted with by=[])'}.")
        available = list(pd.unique(counts[by].dropna()))
        if groups is None:
            if len(available) != 2:
                raise ValueError(f"by={by!r} has {len(available)} groups ({', '.join(map(str, available[:8]))}"
                                 f"{' ...' if len(available) > 8 else ''}); choose one or two with groups=[...].")
            groups = sorted(available, key=str)
        groups = [groups] if isinstance(groups, str) or not isinstance(groups, (list, tuple)) else list(groups)
        if len(groups) not in (1, 2):
            raise ValueError(f"groups={groups!r} is not allowed; give one or two values of {by!r}.")
        missing = [g for g in groups if g not in set(available)]
        if missing:
            raise ValueError(f"groups={groups!r}: {missing[0]!r} is not a value of {by!r}; values: "
                             f"{', '.join(map(str, available[:8]))}{' ...' if len(available) > 8 else ''}.")
        value = value or ("rate_per_1000" if len(groups) == 2 else "count")
        for g in groups:
            whole = counts[counts[by] == g]
            series.append((str(g), _pooled_terms(present[present[by] == g], whole, group_cols, value)))

    frame = pd.concat([s.rename(i) for i, (_, s) in enumerate(series)], axis=1).fillna(0.0)
    frame.index.name = "term"
    frame = frame.reset_index()
    frame["_total"] = frame[list(range(len(series)))].sum(axis=1)
    frame = frame.sort_values(["_total", "term"], ascending=[False, True], kind="stable").head(n)
    rows = len(frame) * (1.0 if len(series) == 1 else 1.6)
    ax = _axes(ax, rows=rows, min_width=6.4 if len(series) == 1 else 10.0)
    unit = "count" if value == "count" else "per 1,000 tokens"
    ax.set_xlabel("Occurrences (count)" if value == "count" else "Occurrences per 1,000 tokens")
    ax.set_ylabel("Term (English gloss)" if gmap else "Term")
    if len(series) == 1:
        where = f", {_group_name([by])} = {series[0][0]}" if by is not None else ""
        default = f"Most frequent terms{where} ({unit})"
    else:
        default = f"Most frequent terms: {series[0][0]} vs {series[1][0]} ({unit})"
    _set_title(ax, title or default)
    if frame.empty:
        _nothing(ax, "No terms to show.")
        return ax
    y = np.arange(len(frame))
    fmt = "{:.0f}" if value == "count" else "{:.1f}"
    if len(series) == 1:
        bars = ax.barh(y, frame[0].to_numpy(), color=NEUTRAL_COLOUR, height=0.7)
        ax.bar_label(bars, labels=[fmt.format(v) for v in frame[0]], padding=3, fontsize="small")
    else:
        h = 0.4
        for i, (name, _) in enumerate(series):
            tokens = counts.loc[counts[by].astype(object) == groups[i]].drop_duplicates(group_cols)["tokens"].sum()
            bars = ax.barh(y + (i - 0.5) * h, frame[i].to_numpy(), height=h, color=GROUP_COLOURS[i],
                           label=f"{name} ({tokens:,} tokens)")
            ax.bar_label(bars, labels=[fmt.format(v) for v in frame[i]], padding=2, fontsize="x-small")
        ax.legend(title=_group_name([by]).capitalize(), loc="upper left", bbox_to_anchor=(1.01, 1), borderaxespad=0)
    ax.set_yticks(y, [_wrap(_glossed(t, gmap)) for t in frame["term"]])
    ax.set_ylim(len(frame) - 0.5, -0.5)  # first row at the top
    ax.margins(x=0.12)
    ax.set_xlim(left=0)
    return ax


# --------------------------------------------------------------------------- theme rates

_RATE_LABELS = {
    "rate_per_1000": ("Theme rates per 1,000 tokens", "Hits per 1,000 tokens"),
    "weighted_rate_per_1000": ("Weighted theme rates per 1,000 tokens", "Weighted hits per 1,000 tokens"),
    "share": ("Theme shares of all theme hits", "Share of the group's theme hits"),
    "hits": ("Theme hits (count)", "Theme hits (count)"),
    "weighted": ("Weighted theme hits", "Weighted hits (sum of entry weights)"),
    "present_share": ("Share of paragraphs where each theme is present", "Share of the group's paragraphs"),
}


def theme_rates(
    rates: pd.DataFrame,
    *,
    by: str | list[str] | None = None,
    value: Literal["rate_per_1000", "weighted_rate_per_1000", "share", "hits", "weighted", "present_share"]
    | None = None,
    kind: Literal["bar", "stacked"] = "bar",
    themes: list[str] | None = None,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """Theme rates by group as grouped bars, or theme shares as stacked bars (to 100 %).

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
        ``tk.theme_rates(..., detected=tk.detect_themes(...))``.
    kind : {"bar", "stacked"}, default "bar"
        ``"bar"``: vertical bars, groups along x, one bar per theme in the
        theme's colour (``ax.containers[i]`` holds theme ``i``'s bars, one
        per group). ``"stacked"``: one horizontal bar per group (top to
        bottom in table order) stacked by theme; shares of 8 % or more are
        written on the bar; a group without theme hits says so.
    themes : list of str, optional
        Themes to show, in this order; default every theme of the table,
        sorted.
    ax : matplotlib.axes.Axes, optional
    title : str, optional
        Replaces the default title (for example "Theme rates per 1,000
        tokens, by speaker").

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
    >>> ax.get_title(), ax.get_ylabel()
    ('Theme rates per 1,000 tokens, by document', 'Hits per 1,000 tokens')
    >>> [round(float(bar.get_height()), 1) for bar in ax.containers[1]]   # security in a, b
    [333.3, 500.0]
    """
    check_choice("kind", kind, ("bar", "stacked"))
    value = value or ("share" if kind == "stacked" else "rate_per_1000")
    check_choice("value", value, tuple(_RATE_LABELS))
    check_columns(rates, ["theme", value], table_name="rates", hint="Make one with tk.theme_rates(hits, tokens).")
    group_cols = [c for c in rates.columns if c not in _RATE_COLUMNS]
    if by is not None:
        by_list = [by] if isinstance(by, str) else list(by)
        if set(by_list) != set(group_cols):
            raise ValueError(f"by={by!r} is not allowed: rates are grouped by {group_cols or '(nothing)'}; plot "
                             f"those, or recompute with tk.theme_rates(hits, tokens, by={by!r}).")
        group_cols = by_list
    table = rates.copy()
    if group_cols:
        keys = list(table[group_cols].itertuples(index=False, name=None))
        table["_group"] = [_group_label(k, group_cols) for k in keys]
        group_word = _group_name(group_cols)
    else:
        table["_group"] = "all documents"
        group_word = "corpus"
    table["theme"] = table["theme"].astype("str")
    if table.duplicated(["_group", "theme"]).any():
        raise ValueError("rates lists a group × theme pair more than once; pass one table from tk.theme_rates.")
    all_themes = sorted(pd.unique(table["theme"]))
    if themes is not None:
        themes = [themes] if isinstance(themes, str) else list(themes)
        unknown = [t for t in themes if t not in set(all_themes)]
        if unknown:
            raise ValueError(f"themes={themes!r}: {unknown[0]!r} is not in rates; themes there: "
                             f"{', '.join(all_themes)}.")
    else:
        themes = all_themes
    group_order = list(pd.unique(table["_group"]))
    wide = table.pivot(index="_group", columns="theme", values=value).reindex(index=group_order, columns=themes)
    wide = wide.fillna(0.0).astype("float64")
    colours = _colour_map(all_themes)
    title_text, axis_text = _RATE_LABELS[value]
    default_title = f"{title_text}, by {group_word}" if group_cols else f"{title_text}, whole corpus"
    from matplotlib.ticker import PercentFormatter

    if kind == "bar":
        ax = _axes(ax, min_width=min(16.0, 2.0 + 0.12 * len(themes) * len(group_order)))
        per_group = max(8, _label_chars(ax, 0.6, "xtick.labelsize") // max(len(group_order), 1))
        labels = [_wrap(g, per_group) for g in group_order]
        x = np.arange(len(group_order))
        width = 0.8 / max(len(themes), 1)
        for j, t in enumerate(themes):
            ax.bar(x - 0.4 + (j + 0.5) * width, wide[t].to_numpy(), width, color=colours[t], label=t,
                   edgecolor=EDGE_COLOUR, linewidth=0.5)
        rotate = len(group_order) > 6 and per_group < 10
        if rotate:
            labels = [textwrap.shorten(g, 30, placeholder=" …") for g in group_order]
        ax.set_xticks(x, labels, rotation=30 if rotate else 0, ha="right" if rotate else "center")
        ax.set_xlabel(group_word.capitalize())
        ax.set_ylabel(axis_text)
        if value == "share":
            ax.yaxis.set_major_formatter(PercentFormatter(xmax=1))
        ax.legend(title="Theme", loc="upper left", bbox_to_anchor=(1.01, 1), borderaxespad=0)
    else:
        labels = [_wrap(g, 24) for g in group_order]
        ax = _axes(ax, rows=len(group_order) * (1.4 if any("\n" in lab for lab in labels) else 1.0),
                   extra_height=2.2)
        y = np.arange(len(group_order))
        left = np.zeros(len(group_order))
        for t in themes:
            widths = wide[t].to_numpy()
            bars = ax.barh(y, widths, left=left, color=colours[t], label=t, edgecolor=EDGE_COLOUR,
                           linewidth=0.5, height=0.7)
            if value == "share":
                texts = [f"{w:.0%}" if w >= 0.08 else "" for w in widths]
                ax.bar_label(bars, labels=texts, label_type="center", fontsize="small",
                             color=_text_colour(colours[t]))
            left = left + widths
        totals = (table.groupby("_group", sort=False)["hits"].sum().reindex(group_order).to_numpy()
                  if "hits" in table.columns else wide.sum(axis=1).to_numpy())
        for i, total in enumerate(totals):
            if total == 0:
                ax.text(0.01, i, "no theme hits", va="center", ha="left", color="0.35", fontsize="small",
                        transform=ax.get_yaxis_transform())
        ax.set_yticks(y, labels)
        ax.set_ylim(len(group_order) - 0.5, -0.5)
        ax.set_ylabel(group_word.capitalize())
        ax.set_xlabel(axis_text)
        if value == "share":
            ax.set_xlim(0, 1)
            ax.xaxis.set_major_formatter(PercentFormatter(xmax=1))
        ax.legend(title="Theme", loc="upper left", bbox_to_anchor=(1.01, 1), borderaxespad=0)
    _set_title(ax, title or default_title)
    return ax


# --------------------------------------------------------------------------- heatmap


def _segment_table(hits: pd.DataFrame, tokens: pd.DataFrame, doc, level, themes):
    """(segment ids, tokens per segment, hits: theme × segment counts) for one document."""
    tok = tokens[tokens["doc_id"] == doc]
    seg_tokens = tok.groupby("seg_id").size().sort_index()
    h = _counting_hits(hits[hits["doc_id"] == doc]).copy()
    h["theme"] = _fold(h["theme"], level)
    if themes is None:
        themes = sorted(pd.unique(h["theme"]))
    else:
        themes = [themes] if isinstance(themes, str) else list(themes)
        h = h[h["theme"].isin(themes)]
    counts = pd.crosstab(h["theme"], h["seg_id"]) if len(h) else pd.DataFrame()
    counts = counts.reindex(index=themes, columns=seg_tokens.index, fill_value=0).fillna(0).astype("int64")
    return seg_tokens, counts, themes


def theme_heatmap(
    hits: pd.DataFrame,
    tokens: pd.DataFrame,
    *,
    value: Literal["count", "rate"] = "count",
    doc_id=None,
    level: int | None = 1,
    themes: list[str] | None = None,
    annotate: bool | None = None,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """Theme × paragraph heatmap of one document: which paragraph talks about what.

    Columns are the document's segments in order, labelled by paragraph
    number (``seg_id + 1``); rows are themes. Cells hold the number of
    theme hits (exclusions left out) or hits per 1,000 tokens of the
    paragraph. A colourbar gives the scale; cells are labelled with their
    value (blank for 0) where that stays readable.

    Parameters
    ----------
    hits : pandas.DataFrame
        From :func:`toolkit.find_themes`. Not modified.
    tokens : pandas.DataFrame
        The tokens the hits were found in (segments and their sizes).
    value : {"count", "rate"}, default "count"
        ``"rate"``: hits per 1,000 tokens of the paragraph (all tokens).
    doc_id : optional
        The document; needed when ``tokens`` holds several.
    level : int or None, default 1
        Theme level (1 folds ``security/terrorism`` into ``security``).
    themes : list of str, optional
        Rows to show, in this order (zeros included); default the themes
        with hits, sorted.
    annotate : bool, optional
        Write values in cells; default when there are at most 40 columns
        and 400 cells.
    ax : matplotlib.axes.Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
        The cell values are ``ax.images[0].get_array()`` (themes × segments).

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
    check_choice("value", value, ("count", "rate"))
    check_columns(hits, ["doc_id", "seg_id", "theme"], table_name="hits", hint="Make one with tk.find_themes.")
    check_columns(tokens, ["doc_id", "seg_id"], table_name="tokens", hint="Make one with tk.prepare(docs).")
    doc = _one_document(tokens, doc_id)
    seg_tokens, counts, themes = _segment_table(hits, tokens, doc, level, themes)
    if value == "rate":
        matrix = counts.to_numpy(dtype="float64") / seg_tokens.to_numpy(dtype="float64")[None, :] * 1000
    else:
        matrix = counts.to_numpy()
    n_rows, n_cols = matrix.shape
    ax = _axes(ax, rows=n_rows, min_width=min(18.0, 3.0 + 0.45 * n_cols), extra_height=2.0)
    measure = "hits (count)" if value == "count" else "hits per 1,000 tokens of the paragraph"
    _set_title(ax, title or f"Themes by paragraph: {measure}")
    ax.set_xlabel("Paragraph (1 = first)")
    ax.set_ylabel("Theme")
    if n_rows == 0 or n_cols == 0:
        _nothing(ax, "No theme hits in this document.")
        return ax
    vmax = float(matrix.max()) if matrix.size and matrix.max() > 0 else 1.0
    im = ax.imshow(matrix, aspect="auto", cmap="Blues", vmin=0, vmax=vmax, interpolation="nearest")
    step = _thin_ticks(n_cols, 40)
    ax.set_xticks(np.arange(0, n_cols, step), [str(int(s) + 1) for s in seg_tokens.index[::step]])
    ax.set_yticks(np.arange(n_rows), themes)
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_xticks(np.arange(-0.5, n_cols, 1), minor=True)
    ax.set_yticks(np.arange(-0.5, n_rows, 1), minor=True)
    ax.grid(which="minor", color="white", linewidth=1)
    ax.tick_params(which="minor", length=0)
    if annotate is None:
        annotate = n_cols <= 40 and n_rows * n_cols <= 400
    if annotate:
        for i in range(n_rows):
            for j in range(n_cols):
                v = matrix[i, j]
                if v > 0:
                    ax.text(j, i, f"{v:.0f}", ha="center", va="center", fontsize="small",
                            color="white" if v > 0.6 * vmax else "black")
    cbar = ax.get_figure(root=False).colorbar(im, ax=ax, fraction=0.05, pad=0.02)
    cbar.set_label("Hits" if value == "count" else "Hits per 1,000 tokens")
    if value == "count":
        from matplotlib.ticker import MaxNLocator

        cbar.locator = MaxNLocator(integer=True)
        cbar.update_ticks()
    return ax


# --------------------------------------------------------------------------- dispersion


def dispersion(
    hits: pd.DataFrame,
    tokens: pd.DataFrame,
    *,
    by: Literal["theme", "entry"] = "theme",
    doc_id=None,
    level: int | None = 1,
    themes: list[str] | None = None,
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
    hits : pandas.DataFrame
        From :func:`toolkit.find_themes` (exclusions left out). Not modified.
    tokens : pandas.DataFrame
        The tokens the hits were found in (positions and paragraphs).
    by : {"theme", "entry"}, default "theme"
        ``"entry"``: one row per entry, grouped by theme (themes sorted,
        entries by first occurrence), with a legend of theme colours.
    doc_id : optional
        The document; needed when ``tokens`` holds several.
    level : int or None, default 1
        Theme level for rows and colours.
    themes : list of str, optional
        Themes to show, in this order (a theme without hits keeps an empty
        row); default the themes with hits, sorted.
    glosses : lexicon, list of names, "all" or dict, optional
        English glosses for entry labels (``by="entry"``).
    ax : matplotlib.axes.Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
        One scatter collection per row, in row order (``ax.collections``;
        x = token position); row labels are the y tick labels, top to
        bottom.

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
    check_choice("by", by, ("theme", "entry"))
    check_columns(hits, ["doc_id", "position", "theme"] + (["entry"] if by == "entry" else []), table_name="hits",
                  hint="Make one with tk.find_themes.")
    check_columns(tokens, ["doc_id", "seg_id", "position"], table_name="tokens", hint="Make one with tk.prepare.")
    doc = _one_document(tokens, doc_id)
    tok = tokens[tokens["doc_id"] == doc]
    h = _counting_hits(hits[hits["doc_id"] == doc]).copy()
    h["theme"] = _fold(h["theme"], level)
    if themes is not None:
        themes = [themes] if isinstance(themes, str) else list(themes)
        h = h[h["theme"].isin(themes)]
    else:
        themes = sorted(pd.unique(h["theme"]))
    h = h.sort_values("position", kind="stable")
    gmap = _resolve_glosses(glosses)
    rows: list[tuple[str, str, np.ndarray]] = []  # (label, theme, positions)
    if by == "theme":
        for t in themes:
            rows.append((t, t, h.loc[h["theme"] == t, "position"].to_numpy()))
    else:
        for t in themes:
            sub = h[h["theme"] == t]
            for entry in pd.unique(sub["entry"]):
                label = textwrap.shorten(_glossed(entry, gmap), 48, placeholder=" …")
                rows.append((label, t, sub.loc[sub["entry"] == entry, "position"].to_numpy()))
    colours = _colour_map(themes) if themes else {}
    ax = _axes(ax, rows=max(len(rows), 2) * 1.1, min_width=9.0 if by == "theme" else 12.0, extra_height=2.2)
    noun = "theme" if by == "theme" else "lexicon entry"
    _set_title(ax, title or f"Where each {noun} occurs in the document (one mark per hit)")
    ax.set_xlabel("Token position (words from the start of the document)")
    ax.set_ylabel("Theme" if by == "theme" else "Lexicon entry")
    n_tokens = int(tok["position"].max()) + 1 if len(tok) else 1
    starts = tok.groupby("seg_id")["position"].min().sort_values()
    ends = tok.groupby("seg_id")["position"].max().reindex(starts.index)
    for s in starts.to_numpy()[1:]:
        ax.axvline(s - 0.5, color="0.82", linewidth=0.8, zorder=0)
    marker_size = (_font_points() * 1.5) ** 2
    for i, (_label, t, positions) in enumerate(rows):
        ax.scatter(positions, np.full(len(positions), i), marker="|", s=marker_size, linewidths=2.2,
                   color=colours.get(t, NEUTRAL_COLOUR), zorder=2)
    ax.set_yticks(np.arange(len(rows)), [r[0] for r in rows])
    ax.set_ylim(max(len(rows), 1) - 0.5, -0.5)
    pad = max(1.0, 0.01 * n_tokens)  # marks at the first and last token stay whole
    ax.set_xlim(-0.5 - pad, n_tokens - 0.5 + pad)
    if len(starts):
        top = ax.secondary_xaxis("top")
        mids = (starts.to_numpy() + ends.to_numpy()) / 2
        step = _thin_ticks(len(mids), 30)
        top.set_xticks(mids[::step], [str(int(s) + 1) for s in starts.index[::step]])
        top.tick_params(length=0, labelsize="small", labelcolor="0.35")
        top.set_xlabel("Paragraph", color="0.35", fontsize="small")
    if not rows:
        _nothing(ax, "No theme hits in this document.")
    elif by == "entry":
        _theme_legend(ax, list(dict.fromkeys(r[1] for r in rows)), colours, loc="upper left",
                      bbox_to_anchor=(1.01, 1), borderaxespad=0)
    return ax


# --------------------------------------------------------------------------- timeline

_FREQ_NAMES = {"D": "day", "W": "week", "M": "month"}


def _parse_dates(values: pd.Series, ids: pd.Series, date_col: str, table_name: str) -> pd.Series:
    """Naive local (wall-clock) timestamps; names the values that are not dates."""
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


def _period_label(period: pd.Period, freq: str) -> str:
    start = period.start_time
    if freq == "M":
        return start.strftime("%b\n%Y")
    return f"{start.day} {start.strftime('%b')}\n{start.year}"


def theme_timeline(
    hits: pd.DataFrame,
    tokens: pd.DataFrame,
    *,
    docs: pd.DataFrame | None = None,
    date_col: str = "date",
    freq: Literal["D", "W", "M"] = "M",
    level: int | None = 1,
    themes: list[str] | None = None,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """Theme rates per day, week or month, with the number of documents in each period.

    For each period: ``rate = theme hits / tokens × 1,000`` over all the
    period's documents (hits are counted, exclusions left out; tokens are
    all tokens), drawn as one line per theme in its colour. Grey bars at the
    bottom of the chart give the number of documents per period (also
    written under each date), so that a period resting on one or two
    articles is not over-read. Every period between the first and the last
    date is shown; a period without documents has no rate (a gap in the
    lines) and no bar.

    Dates come from ``docs[date_col]`` (or ``tokens[date_col]`` without
    ``docs``): datetimes, time-zone-aware datetimes or strings. A
    time-zone-aware date is placed by its local, wall-clock date (the date
    printed on the article), so offsets may differ between documents.
    Weeks start on Monday. Documents without a date are left out with a
    warning that names them.

    Parameters
    ----------
    hits : pandas.DataFrame
        From :func:`toolkit.find_themes`. Not modified.
    tokens : pandas.DataFrame
        The tokens the hits were found in (the denominators).
    docs : pandas.DataFrame, optional
        Docs table with ``doc_id`` and ``date_col``; documents without
        tokens count as documents with 0 tokens.
    date_col : str, default "date"
    freq : {"D", "W", "M"}, default "M"
        Day, week (Monday to Sunday) or calendar month.
    level : int or None, default 1
        Theme level (1 folds sub-themes into their theme).
    themes : list of str, optional
        Themes to draw, in this order (a theme without hits is a line at
        0); default the themes with hits, sorted.
    ax : matplotlib.axes.Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
        The rates axes: one line per theme (``ax.get_lines()``, x = period
        index 0, 1, ..., labelled with the period and its number of
        documents). The document counts are also the grey bars of a twin
        axes (the other Axes of ``ax.figure`` that shares its x axis).

    Raises
    ------
    ColumnError
        No ``date_col`` in ``docs`` (or ``tokens``).
    ValueError
        A bad ``freq``, or dates that cannot be read (the message names the
        values and their documents).

    Examples
    --------
    >>> import pandas as pd, toolkit as tk
    >>> from matplotlib.figure import Figure
    >>> docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "date": ["2024-01-05", "2024-01-20", "2024-03-02"],
    ...                      "text": ["Kerja sama keamanan.", "Cuaca cerah.", "Keamanan kawasan."]})
    >>> tokens = tk.prepare(docs)
    >>> ax = theme_timeline(tk.find_themes(tokens, "all"), tokens, docs=docs, ax=Figure().subplots())
    >>> ax.get_title(), [t.get_text() for t in ax.get_xticklabels()]
    ('Theme rates per 1,000 tokens, by month', ['Jan\\n2024\\n2 docs', 'Feb\\n2024\\n0 docs', 'Mar\\n2024\\n1 doc'])
    >>> ax.get_lines()[1].get_ydata().round(1).tolist()        # security: 1 hit / 5 tokens, none, 1 / 2
    [200.0, nan, 500.0]
    """
    check_choice("freq", freq, tuple(_FREQ_NAMES))
    check_columns(hits, ["doc_id", "theme"], table_name="hits", hint="Make one with tk.find_themes.")
    check_columns(tokens, ["doc_id"], table_name="tokens", hint="Make one with tk.prepare(docs).")
    if docs is not None:
        check_columns(docs, ["doc_id", date_col], table_name="docs")
        meta = docs[["doc_id", date_col]].drop_duplicates("doc_id")
        source = "docs"
    else:
        check_columns(tokens, [date_col], table_name="tokens",
                      hint="Pass docs= (the docs table with the dates), or name the column with date_col=.")
        meta = tokens[["doc_id", date_col]].drop_duplicates("doc_id")
        source = "tokens"
    dates = _parse_dates(meta[date_col], meta["doc_id"], date_col, source)
    undated = meta.loc[dates.isna().to_numpy(), "doc_id"]
    if len(undated):
        shown = ", ".join(map(repr, undated.tolist()[:5])) + (" ..." if len(undated) > 5 else "")
        warnings.warn(f"{len(undated)} document(s) have no {date_col!r} and are left out of the timeline: {shown}.",
                      UserWarning, stacklevel=2)
    meta = meta.assign(_period=dates.dt.to_period(freq).to_numpy())[dates.notna().to_numpy()]
    doc_tokens = tokens.groupby("doc_id").size()
    meta["_tokens"] = meta["doc_id"].map(doc_tokens).fillna(0).astype("int64")
    h = _counting_hits(hits).copy()
    h["theme"] = _fold(h["theme"], level)
    if themes is not None:
        themes = [themes] if isinstance(themes, str) else list(themes)
    else:
        themes = sorted(pd.unique(h["theme"]))
    h = h[h["theme"].isin(themes)].merge(meta[["doc_id", "_period"]], on="doc_id", how="inner")

    noun = _FREQ_NAMES[freq]
    if meta.empty:
        ax = _axes(ax)
        _set_title(ax, title or f"Theme rates per 1,000 tokens, by {noun}")
        _nothing(ax, "No dated documents.")
        return ax
    periods = pd.period_range(meta["_period"].min(), meta["_period"].max(), freq=meta["_period"].iloc[0].freq)
    n_docs = meta.groupby("_period").size().reindex(periods, fill_value=0)
    n_tok = meta.groupby("_period")["_tokens"].sum().reindex(periods, fill_value=0)
    counts = (h.groupby(["_period", "theme"]).size().unstack("theme") if len(h) else pd.DataFrame(index=periods))
    counts = counts.reindex(index=periods, columns=themes).fillna(0)
    denominators = n_tok.where(n_tok > 0).to_numpy(dtype="float64")
    colours = _colour_map(themes) if themes else {}

    ax = _axes(ax, min_width=min(16.0, 5.0 + 0.4 * len(periods)))
    x = np.arange(len(periods))
    # documents per period: grey bars on a hidden twin axis, filling the lower fifth, counted under the dates
    twin = ax.twinx()
    docs_per_period = n_docs.to_numpy()
    bars = twin.bar(x, docs_per_period, width=0.6, color="0.88", edgecolor="0.7", linewidth=0.5,
                    label="Documents (grey bars; number under each date)")
    twin.set_ylim(0, max(1, docs_per_period.max()) * 4)
    twin.set_yticks([])
    twin.set_ylabel("")
    for spine in twin.spines.values():
        spine.set_visible(False)
    ax.set_zorder(twin.get_zorder() + 1)
    ax.patch.set_visible(False)
    for t in themes:
        rate = counts[t].to_numpy(dtype="float64") / denominators * 1000
        ax.plot(x, rate, marker="o", color=colours[t], label=t)
    step = _thin_ticks(len(periods), 18)
    ticks = [f"{_period_label(p, freq)}\n{int(d)} doc{'' if d == 1 else 's'}"
             for p, d in zip(periods[::step], docs_per_period[::step])]
    ax.set_xticks(x[::step], ticks, fontsize="small")
    ax.set_xlim(-0.6, len(periods) - 0.4)
    ax.set_ylim(bottom=0)
    ax.set_xlabel({"D": "Day", "W": "Week (starting Monday)", "M": "Month"}[freq])
    ax.set_ylabel("Hits per 1,000 tokens")
    _set_title(ax, title or f"Theme rates per 1,000 tokens, by {noun}")
    handles, labels = ax.get_legend_handles_labels()
    ax.legend(handles + [bars], labels + [_wrap(bars.get_label(), 24)], title="Theme", loc="upper left",
              bbox_to_anchor=(1.01, 1), borderaxespad=0)
    return ax


# --------------------------------------------------------------------------- keyness

_MEASURE_NAMES = {"g2": "G²", "chi2": "χ² (Yates)"}


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
    outer ends. Terms whose p-value is ``alpha`` or more are drawn pale.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`toolkit.keyness`: ``term``, ``score``, ``log_ratio``,
        ``p_value``, ``measure``. Not modified.
    n : int, default 15
        Terms per side.
    value : {"score", "log_ratio"}, default "score"
        Bar length: the signed score (G² or χ²) or the log ratio (effect
        size: log2 of the ratio of relative frequencies).
    target, reference : str, optional
        Names for the labels; default ``table.attrs["target"]`` and
        ``table.attrs["reference"]`` when set, else "target" and
        "reference".
    alpha : float or None, default 0.05
        Significance level for the pale bars; None draws every bar full.
    glosses : lexicon, list of names, "all" or dict, optional
        English glosses for tick labels.
    ax : matplotlib.axes.Axes, optional
    title : str, optional

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
    """
    _check_n("n", n)
    check_choice("value", value, ("score", "log_ratio"))
    need = ["term", value] + (["p_value"] if alpha is not None else [])
    check_columns(table, need, table_name="table", hint="Make one with tk.keyness(tokens, target=...).")
    if alpha is not None and not (isinstance(alpha, numbers.Real) and 0 < alpha < 1):
        raise ValueError(f"alpha={alpha!r} is not allowed; use a number between 0 and 1, or None.")
    target = target or table.attrs.get("target") or "target"
    reference = reference or table.attrs.get("reference") or "reference"
    data = table[table[value].notna()]
    pos = data[data[value] > 0].sort_values([value, "term"], ascending=[False, True], kind="stable").head(n)
    neg = data[data[value] < 0].sort_values([value, "term"], ascending=[True, True], kind="stable").head(n)
    neg = neg.sort_values([value, "term"], ascending=[False, True], kind="stable")
    rows = pd.concat([pos, neg])
    gmap = _resolve_glosses(glosses)
    measure = str(table["measure"].iloc[0]) if "measure" in table.columns and len(table) else "g2"
    measure_name = _MEASURE_NAMES.get(measure, measure)
    ax = _axes(ax, rows=len(rows), min_width=10.0, extra_height=2.0)
    shown = measure_name if value == "score" else "log ratio"
    _set_title(ax, title or f"Key terms: {target} vs {reference} ({shown})")
    xlabel = (f"Keyness, signed {measure_name} (right: more in {target}; left: more in {reference})"
              if value == "score" else
              f"Log ratio, log2 of relative frequencies (right: more in {target}; left: more in {reference})")
    ax.set_xlabel(_wrap(xlabel, _label_chars(ax, 0.7)))
    ax.set_ylabel("Term (English gloss)" if gmap else "Term")
    if rows.empty:
        _nothing(ax, "No key terms to show.")
        return ax
    vals = rows[value].to_numpy(dtype="float64")
    significant = (rows["p_value"].to_numpy() < alpha) if alpha is not None else np.ones(len(rows), bool)
    colours = [KEYNESS_COLOURS[0] if v > 0 else KEYNESS_COLOURS[1] for v in vals]
    y = np.arange(len(rows))
    bars = ax.barh(y, vals, color=colours, height=0.7)
    for bar, sig in zip(bars, significant):
        if not sig:
            bar.set_alpha(0.4)
    ax.axvline(0, color="0.3", linewidth=0.8)
    ax.set_yticks(y, [_wrap(_glossed(t, gmap)) for t in rows["term"]])
    ax.set_ylim(len(rows) - 0.5, -0.5)
    from matplotlib.patches import Patch

    handles = [Patch(color=KEYNESS_COLOURS[0], label=f"More in {target}"),
               Patch(color=KEYNESS_COLOURS[1], label=f"More in {reference}")]
    if alpha is not None and not significant.all():
        handles.append(Patch(color="0.5", alpha=0.4, label=f"Pale: p ≥ {alpha:g} (may be chance)"))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), borderaxespad=0)
    limit = float(np.abs(vals).max()) * 1.1
    ax.set_xlim(-limit if len(neg) else -0.05 * limit, limit if len(pos) else 0.05 * limit)
    return ax


# --------------------------------------------------------------------------- networks


def _edge_widths(weights: list[float]) -> list[float]:
    """Edge widths in points: 1 for the smallest weight, 6 for the largest, linear in between."""
    if not weights:
        return []
    low, high = min(weights), max(weights)
    if high == low:
        return [2.5] * len(weights)
    return [1.0 + 5.0 * (w - low) / (high - low) for w in weights]


def _node_sizes(values: list[float]) -> list[float]:
    """Marker areas (points², scaled with the font size): 60 for the smallest value, 360 for the largest."""
    if not values:
        return []
    low, high = min(values), max(values)
    scale = (_font_points() / 10.0) ** 2
    if high == low:
        return [160.0 * scale] * len(values)
    return [(60.0 + 300.0 * (v - low) / (high - low)) * scale for v in values]


def _node_label(term, gmap: dict) -> str:
    """``term`` on one line and its gloss, if any, on a second, each at most 26 characters."""
    glossed = _glossed(term, gmap)
    first = textwrap.shorten(str(term), 26, placeholder=" …")
    if glossed == str(term):
        return first
    gloss = glossed[len(str(term)) + 2 : -1]
    return first + "\n(" + textwrap.shorten(gloss, 24, placeholder=" …") + ")"


def _network_axes(ax, layout: str, labels: dict, pos: dict):
    """A new square figure for a circle (room for labels all round), a wide one for a spring layout."""
    if ax is not None:
        _check_ax(ax)
        return ax
    import matplotlib as mpl

    if layout == "circle":
        font = _font_points() * 0.9
        longest = max((len(line) for lab in labels.values() for line in lab.split("\n")), default=10)
        lines = max((lab.count("\n") + 1 for lab in labels.values()), default=1)
        label_in = longest * 0.55 * font / 72
        # the circle is large enough for the labels to stand side by side around it
        diameter = max(4.5, len(labels) * lines * 1.3 * font / 72 / math.pi)
        side = max(mpl.rcParams["figure.figsize"][1], diameter + 2 * label_in)
        import matplotlib.pyplot as plt

        _, new = plt.subplots(figsize=(side + 2.6, side + 0.8), layout="constrained")
        return new
    ys = [p[1] for p in pos.values()] or [0.0]
    inches = (max(ys) - min(ys) + 1.0) * 0.6 * _font_points() / 10  # about 0.6 inch per layout unit at 10 pt
    return _axes(None, min_width=10.0, rows=0, extra_height=inches + 1.2)


def _legend_points() -> float:
    import matplotlib as mpl
    from matplotlib.font_manager import FontProperties

    return float(FontProperties(size=mpl.rcParams["legend.fontsize"]).get_size_in_points())


def _make_room(ax, points: float) -> None:
    """Move the title and the x label (the caption) ``points`` away from the axes."""
    if points <= 0:
        return
    import matplotlib as mpl

    ax.set_title(ax.get_title(), pad=mpl.rcParams["axes.titlepad"] + points)
    ax.xaxis.labelpad = mpl.rcParams["axes.labelpad"] + points


def _layout(graph, layout: str, seed: int) -> dict:
    """Node positions: on a circle in node order, or spring layouts of the components packed in a grid."""
    import networkx as nx

    nodes = list(graph.nodes)
    if layout == "circle":
        angles = np.pi / 2 - 2 * np.pi * np.arange(len(nodes)) / max(len(nodes), 1)  # from the top, clockwise
        return {v: np.array([math.cos(a), math.sin(a)]) for v, a in zip(nodes, angles)}
    order = {v: i for i, v in enumerate(nodes)}
    comps = [sorted(c, key=order.get) for c in nx.connected_components(graph)]
    comps.sort(key=lambda c: (-len(c), order[c[0]]))
    # shelf packing: a component of k nodes gets a box sqrt(k) + 1 high, with room on the right for labels;
    # each component is turned so that its long axis is vertical (labels sit right of the nodes)
    heights = [math.sqrt(len(c)) + 1.0 for c in comps]
    widths = [0.6 * h + 1.9 for h in heights]
    row_width = max(max(widths), math.sqrt(sum(w * h for w, h in zip(widths, heights))) * 1.6)
    pos = {}
    x = y = row_height = 0.0
    for comp, width, height in zip(comps, widths, heights):
        if x > 0 and x + width > row_width:
            x, y, row_height = 0.0, y - row_height, 0.0
        if len(comp) == 1:
            local = {comp[0]: np.zeros(2)}
        else:
            sub = graph.subgraph(comp)
            local = nx.spring_layout(sub, seed=seed, weight="weight", k=1.5 / math.sqrt(len(comp)), iterations=200)
            xy = np.array([local[v] for v in comp])
            xy = xy - xy.mean(axis=0)
            _, _, vt = np.linalg.svd(xy, full_matrices=False)
            along, across = xy @ vt[0], xy @ vt[1] if len(vt) > 1 else np.zeros(len(comp))
            scale = max(np.abs(along).max(), 1e-9)
            local = {v: np.array([c / scale * 0.5, a / scale]) for v, a, c in zip(comp, along, across)}
        for v, xy in local.items():
            pos[v] = np.array([x + 0.3 * height + 0.4 * height * xy[0], y - height / 2 + 0.32 * height * xy[1]])
        x += width
        row_height = max(row_height, height)
    return pos


def _draw_graph(ax, graph, pos, *, layout, node_colours, node_sizes, edge_widths, labels):
    import networkx as nx

    nodes = list(graph.nodes)
    edges = list(graph.edges)
    if edges:
        nx.draw_networkx_edges(graph, pos, edgelist=edges, width=edge_widths, edge_color="0.45",
                               alpha=0.45 if layout == "circle" else 0.7, ax=ax)
    nx.draw_networkx_nodes(graph, pos, nodelist=nodes, node_color=node_colours, node_size=node_sizes,
                           edgecolors=EDGE_COLOUR, linewidths=0.6, ax=ax)
    size = _font_points() * 0.9
    radius = math.sqrt(max(node_sizes)) / 2
    sizes_by_node = dict(zip(nodes, node_sizes))
    for node in nodes:
        x, y = pos[node]
        if layout == "circle":
            angle = math.degrees(math.atan2(y, x))
            right = x >= -1e-9
            text = ax.annotate(labels[node], (x, y), xytext=(x * (radius + 4), y * (radius + 4)),
                               textcoords="offset points", ha="left" if right else "right", va="center",
                               rotation=angle if right else angle - 180, rotation_mode="anchor", fontsize=size)
        else:
            text = ax.annotate(labels[node], (x, y), xytext=(math.sqrt(sizes_by_node[node]) / 2 + 3, 0),
                               textcoords="offset points", ha="left", va="center", fontsize=size, zorder=1.5,
                               bbox=dict(boxstyle="round,pad=0.1", facecolor="white", edgecolor="none", alpha=0.8))
        text.set_gid(str(node))  # the node's full name (labels may be shortened); also its id in SVG
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_xticks([])
    ax.set_yticks([])
    if layout == "circle":
        ax.set_aspect("equal")
        ax.set_xlim(-1.1, 1.1)
        ax.set_ylim(-1.1, 1.1)
        # labels stand outside the axes: push the title, the caption and the legend beyond them
        longest = max((len(line) for lab in labels.values() for line in lab.split("\n")), default=0)
        return longest * 0.6 * size + radius + 4
    ax.margins(x=0.05, y=0.08)
    xs = [p[0] for p in pos.values()]
    longest = max((len(line) for lab in labels.values() for line in lab.split("\n")), default=0)
    ax.set_xlim(min(xs) - 0.5, max(xs) + 0.5 + longest * 0.09)  # room for the labels right of the last column
    return 0.0


def cooccurrence_network(
    hits: pd.DataFrame,
    *,
    by: Literal["entry", "theme"] = "entry",
    unit: Literal["segment", "document"] = "segment",
    min_count: int = 1,
    level: int | None = 1,
    themes: list[str] | None = None,
    glosses=None,
    layout: Literal["circle", "spring"] = "circle",
    seed: int = 0,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """Network of theme entries (or themes) that occur in the same paragraph (or document).

    Nodes are lexicon entries, coloured by their theme (an entry listed in
    two themes takes the one it has most hits in, then the first
    alphabetically), or with ``by="theme"`` the themes themselves; node
    area grows with the hits. An edge joins two nodes that occur in the
    same unit; its weight is the number of units in which both occur, and
    its width grows linearly with the weight (1 point for the smallest, 6
    for the largest; all 2.5 when equal). Nodes without a partner of at
    least ``min_count`` are left out; the caption under the chart says how
    many. The layout is deterministic: by default the nodes sit on a circle
    grouped by theme (clockwise from the top, labels outward; a new figure
    grows with the number of entries, so for a slide prefer ``by="theme"``
    or ``themes=[...]``); ``layout="spring"`` uses networkx's spring layout
    with a fixed ``seed`` for each connected group of nodes (it suits sparse
    graphs: entries that share a paragraph form dense cliques).

    Parameters
    ----------
    hits : pandas.DataFrame
        From :func:`toolkit.find_themes` (exclusions left out). Not modified.
    by : {"entry", "theme"}, default "entry"
        Nodes: lexicon entries, or themes (at ``level``): a small network
        that reads well on a slide.
    unit : {"segment", "document"}, default "segment"
        What "together" means: the same paragraph (``doc_id``, ``seg_id``)
        or the same document.
    min_count : int, default 1
        Keep edges whose entries share at least this many units.
    level : int or None, default 1
        Theme level for colours and the legend.
    themes : list of str, optional
        Only entries of these themes (at ``level``).
    glosses : lexicon, list of names, "all" or dict, optional
        English glosses for node labels.
    layout : {"circle", "spring"}, default "circle"
    seed : int, default 0
        Seed of the spring layout.
    ax : matplotlib.axes.Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
        Nodes in ``ax.collections`` (a PathCollection, one point per node,
        nodes sorted by theme then entry), edges in a LineCollection (widths
        as above), node labels in ``ax.texts`` (an annotation at each node,
        whose ``get_gid()`` is the full entry: long labels are shortened).

    Examples
    --------
    >>> import pandas as pd, toolkit as tk
    >>> from matplotlib.figure import Figure
    >>> docs = pd.DataFrame({"doc_id": ["a"], "text": ["Kerja sama keamanan.\\n\\nKeamanan dan terorisme."]})
    >>> ax = cooccurrence_network(tk.find_themes(tk.prepare(docs), "all"), ax=Figure().subplots())
    >>> sorted(t.get_gid() for t in ax.texts)
    ['keamanan', 'kerja sama', 'terorisme']
    """
    import networkx as nx

    check_choice("by", by, ("entry", "theme"))
    check_choice("unit", unit, ("segment", "document"))
    check_choice("layout", layout, ("circle", "spring"))
    _check_n("min_count", min_count)
    _check_n("seed", seed, 0)
    keys = ["doc_id", "seg_id"] if unit == "segment" else ["doc_id"]
    check_columns(hits, keys + ["theme", "entry"], table_name="hits", hint="Make one with tk.find_themes.")
    h = _counting_hits(hits).copy()
    h["theme"] = _fold(h["theme"], level)
    if themes is not None:
        themes = [themes] if isinstance(themes, str) else list(themes)
        h = h[h["theme"].isin(themes)]
    h["entry"] = h["entry"].astype("str") if by == "entry" else h["theme"]
    node_hits = h.groupby("entry").size()
    by_theme = h.groupby(["entry", "theme"]).size().reset_index(name="n")
    by_theme = by_theme.sort_values(["entry", "n", "theme"], ascending=[True, False, True], kind="stable")
    node_theme = by_theme.drop_duplicates("entry").set_index("entry")["theme"]
    pairs: Counter = Counter()
    for _, group in h.groupby(keys, sort=False)["entry"]:
        pairs.update(itertools.combinations(sorted(set(group)), 2))
    kept = {p: c for p, c in pairs.items() if c >= min_count}
    nodes = sorted({e for p in kept for e in p}, key=lambda e: (node_theme[e], e))
    left_out = len(node_hits) - len(nodes)
    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    for (a, b), c in sorted(kept.items()):
        graph.add_edge(a, b, weight=c)
    gmap = _resolve_glosses(glosses) if by == "entry" else {}
    labels = {e: _node_label(e, gmap) for e in nodes}
    pos = _layout(graph, layout, seed) if nodes else {}
    ax = _network_axes(ax, layout, labels, pos)
    where = "paragraph" if unit == "segment" else "document"
    noun, nouns = ("entry", "entries") if by == "entry" else ("theme", "themes")
    _set_title(ax, title or f"{'Theme entries' if by == 'entry' else 'Themes'} that occur in the same {where}")
    caption = (f"Edge width: number of {where}s in which both occur"
               f"{f' (at least {min_count})' if min_count > 1 else ''}; node size: hits"
               f"{'; colour: theme' if by == 'entry' else ''}.")
    if left_out:
        caption += f" {left_out} {noun if left_out == 1 else nouns} without a partner not shown."
    ax.set_xlabel(_wrap(caption, _label_chars(ax, 0.75)), fontsize="small")
    if not nodes:
        _nothing(ax, f"No {nouns} occur together.")
        ax.set_xticks([])
        ax.set_yticks([])
        return ax
    edges = list(graph.edges)
    theme_list = sorted(set(node_theme[nodes]))
    colours = _colour_map(theme_list)
    outside = _draw_graph(ax, graph, pos, layout=layout,
                          node_colours=[colours[node_theme[e]] for e in nodes],
                          node_sizes=_node_sizes([float(node_hits[e]) for e in nodes]),
                          edge_widths=_edge_widths([graph.edges[e]["weight"] for e in edges]),
                          labels=labels)
    _make_room(ax, outside)
    if by == "entry":
        _theme_legend(ax, theme_list, colours, loc="upper left", bbox_to_anchor=(1.0, 1),
                      borderaxespad=outside / _legend_points() + 0.5)
    return ax


def collocation_network(
    pairs: pd.DataFrame,
    *,
    n: int = 30,
    glosses=None,
    layout: Literal["circle", "spring"] = "spring",
    seed: int = 0,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """Network of the top collocations: words as nodes, pairs as edges.

    Takes the ``n`` best-scored pairs (the table's order: score
    descending); edge width grows linearly with the pair's count (1 point
    for the smallest, 6 for the largest; all 2.5 when equal) and node area
    with the word's frequency. Spring layout with a fixed ``seed``, each
    connected group of words laid out on its own and the groups placed in a
    grid, largest first (or ``layout="circle"``: words on a circle,
    alphabetically).

    Parameters
    ----------
    pairs : pandas.DataFrame
        From :func:`toolkit.collocations`: ``word1``, ``word2``, ``count``,
        ``count1``, ``count2``, ``score``, ``measure``. Not modified.
    n : int, default 30
        Number of pairs shown.
    glosses : lexicon, list of names, "all" or dict, optional
        English glosses for node labels.
    layout : {"spring", "circle"}, default "spring"
    seed : int, default 0
        Seed of the spring layout.
    ax : matplotlib.axes.Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
        Nodes in ``ax.collections`` (sorted words), edges in a
        LineCollection, labels in ``ax.texts`` (``get_gid()`` is the word).

    Examples
    --------
    >>> import toolkit as tk
    >>> from matplotlib.figure import Figure
    >>> pairs = tk.collocations(tk.prepare(tk.load_sample()), min_count=2)
    >>> ax = collocation_network(pairs, ax=Figure().subplots())
    >>> ax.get_title()
    'Collocations: the top 3 word pairs by PMI'
    """
    import networkx as nx

    _check_n("n", n)
    _check_n("seed", seed, 0)
    check_choice("layout", layout, ("spring", "circle"))
    check_columns(pairs, ["word1", "word2", "count"], table_name="pairs", hint="Make one with tk.collocations.")
    top = pairs.head(n)
    freq: dict[str, float] = {}
    for row in top.itertuples(index=False):
        freq[str(row.word1)] = float(getattr(row, "count1", row.count))
        freq[str(row.word2)] = float(getattr(row, "count2", row.count))
    nodes = sorted(freq)
    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    for row in top.itertuples(index=False):
        a, b = str(row.word1), str(row.word2)
        if graph.has_edge(a, b):  # (a, b) and (b, a) both listed: add up
            graph.edges[a, b]["weight"] += int(row.count)
        else:
            graph.add_edge(a, b, weight=int(row.count))
    measure = str(top["measure"].iloc[0]) if "measure" in top.columns and len(top) else ""
    measure_name = {"pmi": "PMI", "likelihood_ratio": "log-likelihood"}.get(measure, measure or "score")
    gmap = _resolve_glosses(glosses)
    labels = {w: _node_label(w, gmap) for w in nodes}
    pos = _layout(graph, layout, seed) if nodes else {}
    ax = _network_axes(ax, layout, labels, pos)
    _set_title(ax, title or f"Collocations: the top {len(top)} word pairs by {measure_name}")
    ax.set_xlabel("Edge width: times the pair occurs; node size: word frequency.", fontsize="small")
    if not nodes:
        _nothing(ax, "No collocations to show.")
        ax.set_xticks([])
        ax.set_yticks([])
        return ax
    outside = _draw_graph(ax, graph, pos, layout=layout,
                          node_colours=[NEUTRAL_COLOUR] * len(nodes),
                          node_sizes=_node_sizes([freq[w] for w in nodes]),
                          edge_widths=_edge_widths([graph.edges[e]["weight"] for e in graph.edges]),
                          labels=labels)
    _make_room(ax, outside)
    return ax


# --------------------------------------------------------------------------- word cloud

_WORDCLOUD_MISSING = (
    "tk.plot.wordcloud needs the optional package 'wordcloud', which is not installed (the toolkit does not "
    "depend on it). Install it with `pip install wordcloud`, or use tk.plot.top_terms(counts): bars show the "
    "same counts in a form that can be read and compared."
)


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
    glosses : lexicon, list of names, "all" or dict, optional
        Glosses appended to the words (``tempur (combat)``).
    seed : int, default 0
        Seed of the word placement.
    ax : matplotlib.axes.Axes, optional
    title : str, optional

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
    _check_n("n", n)
    check_choice("value", value, ("count", "rate_per_1000"))
    check_columns(counts, ["term", "count", "tokens"], table_name="counts", hint="Make one with tk.count_terms(tokens).")
    group_cols = [c for c in counts.columns if c not in _COUNT_COLUMNS]
    present = counts[(counts["count"] > 0) & counts["term"].notna()]
    values = _pooled_terms(present, counts, group_cols, value)
    values = values.sort_values(ascending=False, kind="stable").head(n)
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


# --------------------------------------------------------------------------- validation

#: (column, marker, vertical offset, legend label, filled) of each measure in :func:`validation`.
_VALIDATION_MEASURES = (("precision", "o", -0.17, "Precision", True), ("recall", "s", 0.17, "Recall", False))
_UNDEFINED = {"precision": "precision undefined (nothing detected)",
              "recall": "recall undefined (no coded positives)"}


def _count_text(value) -> str:
    value = float(value)
    return f"{value:,.0f}" if value.is_integer() else f"{value:,.1f}"


def _validation_labels(result: pd.DataFrame) -> list[str]:
    labels = []
    for _, row in result.iterrows():
        parts = []
        if "n" in result.columns and pd.notna(row["n"]):
            parts.append(f"n = {_count_text(row['n'])}")
        if "positives" in result.columns and pd.notna(row["positives"]):
            parts.append(f"{_count_text(row['positives'])} positive")
        labels.append(str(row["theme"]) + ("\n(" + ", ".join(parts) + ")" if parts else ""))
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


def validation(result: pd.DataFrame, *, ax: Axes | None = None, title: str | None = None) -> Axes:
    """Precision and recall per theme with their bootstrap intervals (a dot-and-whisker chart).

    One row per theme, top to bottom in table order, labelled with the
    number of coded units and positives; precision is a filled circle,
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
    ax : matplotlib.axes.Axes, optional
    title : str, optional

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
    ax = _axes(ax, rows=2 * len(themes), min_width=9.0, extra_height=2.0)
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
    ax.set_yticks(y, _validation_labels(result))
    ax.set_ylim(len(themes) - 0.5, -0.5)
    ax.set_xlim(-0.02, 1.02)
    ax.grid(axis="x", color="0.9")
    ax.set_axisbelow(True)
    from matplotlib.lines import Line2D

    handles = [Line2D([], [], marker=marker, linestyle="none", color="0.3", mfc="0.3" if filled else "white",
                      mec="0.3", mew=1.5, ms=7, label=label)
               for _, marker, _, label, filled in _VALIDATION_MEASURES]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), borderaxespad=0)
    return ax


# --------------------------------------------------------------------------- save


def save(fig_or_ax, path, *, dpi: int = 200) -> tuple[Path, Path]:
    """Write a chart as PNG (``dpi`` dots per inch) and SVG, creating the folder.

    Parameters
    ----------
    fig_or_ax : matplotlib.figure.Figure or matplotlib.axes.Axes
        The chart (an Axes saves its whole figure).
    path : str or pathlib.Path
        Where to write, with or without a ``.png`` or ``.svg`` suffix: both
        files are written next to each other (``figures/themes`` →
        ``figures/themes.png`` and ``figures/themes.svg``). Other suffixes
        are kept as part of the name (``fig-v1.2`` → ``fig-v1.2.png``),
        except other image formats, which are refused.
    dpi : int, default 200
        Resolution of the PNG.

    Returns
    -------
    tuple of pathlib.Path
        ``(png_path, svg_path)``.

    Raises
    ------
    ValueError
        ``path`` ends in another image suffix (``.pdf``, ``.jpg``, ...).
    TypeError
        ``fig_or_ax`` is not a Figure or Axes.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from matplotlib.figure import Figure
    >>> ax = Figure().subplots()
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> [p.name for p in save(ax, folder / "charts" / "demo.png")]
    ['demo.png', 'demo.svg']
    """
    _check_n("dpi", dpi)
    if hasattr(fig_or_ax, "savefig"):
        fig = fig_or_ax
    elif hasattr(fig_or_ax, "get_figure"):
        fig = fig_or_ax.get_figure(root=True)
    else:
        raise TypeError(f"fig_or_ax must be a matplotlib Figure or Axes, not {type(fig_or_ax).__name__}.")
    if hasattr(fig, "get_figure") and not hasattr(fig, "savefig"):  # pragma: no cover - SubFigure
        fig = fig.get_figure(root=True)
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".png", ".svg"):
        base = path.with_suffix("")
    elif suffix in _IMAGE_SUFFIXES:
        raise ValueError(f"path={str(path)!r} is not allowed: save writes PNG and SVG; give a path without a "
                         "suffix or ending in .png or .svg.")
    else:
        base = path
    base.parent.mkdir(parents=True, exist_ok=True)
    png = base.parent / (base.name + ".png")
    svg = base.parent / (base.name + ".svg")
    fig.savefig(png, dpi=dpi, format="png", bbox_inches="tight", pad_inches=0.1)
    fig.savefig(svg, format="svg", bbox_inches="tight", pad_inches=0.1, metadata={"Date": None})
    return png, svg
