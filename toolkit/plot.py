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
described in :func:`term_glosses`. Labels are wrapped, never cut short, and
an axis says "English gloss" only when at least one of its labels shows one.

Corpus scale. Charts stay readable with forty sources, six years of dates and
hundreds of lexicon entries: a new figure grows with what it shows but never
beyond :data:`MAX_FIGURE_INCHES`; many groups are cut to the largest
``max_groups`` and the rest pooled into one "others" group
(:func:`toolkit.pool_groups`); networks and entry charts show a top ``n``;
category labels are wrapped to the room they have (or thinned, for dates);
a group without a value (a paragraph without a speaker) is labelled
``(no speaker)``, as the notebooks label it in tables, with its number of
tokens. ``tests/test_plot_scale.py`` draws every chart on a generated corpus
of that size and checks that no two labels overlap.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import math
import numbers
import re
import textwrap
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd

from . import _data
from .regroup import period_rates, pool_groups
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

#: Largest (width, height) in inches of a figure that a chart creates (``ax=None``).
MAX_FIGURE_INCHES = (16.0, 20.0)
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


def _new_axes(width: float, height: float):
    """A new constrained figure of about ``width`` × ``height`` inches (at most MAX_FIGURE_INCHES)."""
    import matplotlib.pyplot as plt

    size = (min(width, MAX_FIGURE_INCHES[0]), min(height, MAX_FIGURE_INCHES[1]))
    _, new = plt.subplots(figsize=size, layout="constrained")
    return new


def _row_inches() -> float:
    """Height of one line of tick labels, with its spacing."""
    return _font_points() * 1.6 / 72


def _axes(ax, *, rows: float = 0.0, min_width: float = 0.0, extra_height: float = 1.6):
    """The Axes to draw on: ``ax``, or a new figure sized for ``rows`` lines of labels."""
    _check_ax(ax)
    if ax is not None:
        return ax
    import matplotlib as mpl

    width, height = mpl.rcParams["figure.figsize"]
    return _new_axes(max(width, min_width), max(height, rows * _row_inches() + extra_height))


def _row_heights(labels) -> np.ndarray:
    """Height of each label's row, in rows of one line (a label of three lines needs about two)."""
    return np.array([max(1.0, 0.75 * (str(label).count("\n") + 1) + 0.25) for label in labels])


def _rows(ax, labels) -> np.ndarray:
    """Rows top to bottom, each as tall as its label needs: sets the y ticks and limits, returns the centres."""
    h = _row_heights(labels)
    if not len(h):
        ax.set_yticks([])
        return np.zeros(0)
    y = np.concatenate([[0.0], np.cumsum((h[:-1] + h[1:]) / 2)])
    ax.set_yticks(y, labels)
    ax.set_ylim(y[-1] + h[-1] / 2, -h[0] / 2)  # first row at the top
    return y


def _wrap_each(text, width: int, *, break_words: bool = True) -> str:
    """Each line of ``text`` wrapped at ``width`` characters (words longer than that broken, or kept whole)."""
    return "\n".join(textwrap.fill(line, max(width, 1), break_long_words=break_words) or line
                     for line in str(text).split("\n"))


def _char_inches(key: str = "xtick.labelsize", size=None) -> float:
    """Width of an average character of tick-label text, in inches (generous: capitals are wide)."""
    import matplotlib as mpl
    from matplotlib.font_manager import FontProperties

    points = FontProperties(size=size if size is not None else mpl.rcParams[key]).get_size_in_points()
    return points * 0.62 / 72


def _category_xticks(ax, positions, labels, *, thin: bool = False, fraction: float = 0.8, max_lines: int = 3,
                     fontsize=None) -> None:
    """Category labels along x that neither overlap nor lose text.

    Each label is wrapped to the width of its slot (the axes width shared
    among the labels). When that would take more than ``max_lines`` lines
    (beyond the lines the labels already have), ``thin=True`` shows every
    k-th label (dates: their neighbours tell the rest), else the labels
    stand upright.
    """
    positions, labels = list(positions), [str(label) for label in labels]
    if not labels:
        ax.set_xticks([])
        return
    fig = ax.get_figure(root=True)
    width = fig.get_size_inches()[0] * ax.get_position().width * fraction
    char = _char_inches(size=fontsize)
    own = max(label.count("\n") for label in labels)
    for step in range(1, len(labels) + 1):
        chars = int(width * step / len(labels) / char) - 1
        shown = [_wrap_each(label, chars, break_words=False) for label in labels[::step]]
        lines = [line for label in shown for line in label.split("\n")]
        if max(map(len, lines)) <= chars and max(label.count("\n") for label in shown) <= own + max_lines - 1:
            ax.set_xticks(positions[::step], shown, fontsize=fontsize)
            return
        if not thin:
            ax.set_xticks(positions, labels, rotation=90, fontsize=fontsize)
            return
    ax.set_xticks(positions[:1], labels[:1], fontsize=fontsize)  # pragma: no cover - one slot never fits


def _group_text(value, column) -> str:
    """A group's name in a chart: its value, or ``(no speaker)`` when it has none."""
    return f"(no {_GROUP_NAMES.get(column, str(column).replace('_', ' '))})" if pd.isna(value) else str(value)


def _term_axis_label(noun: str, labels: list[str], terms) -> str:
    """``"Term (English gloss)"`` only when at least one label shows a gloss."""
    glossed = any(str(label).replace("\n", " ") != str(term) for label, term in zip(labels, terms))
    return f"{noun} (English gloss)" if glossed else noun


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
    return " · ".join(_group_text(v, c) for v, c in zip(values, by))


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


class _PanelLocator:
    """Places panel ``index`` of a ``rows`` × ``cols`` grid inside ``parent``, with room for its labels.

    Called by matplotlib when it draws (after the figure's layout), so the
    room left for each panel's tick labels and title is measured, not guessed.
    """

    def __init__(self, parent, index: int, rows: int, cols: int):
        self.parent, self.index, self.rows, self.cols = parent, index, rows, cols

    def __call__(self, panel, renderer):
        from matplotlib.transforms import Bbox

        box = self.parent.bbox
        row, col = divmod(self.index, self.cols)
        width, height = box.width / self.cols, box.height / self.rows
        x0, top = box.x0 + col * width, box.y1 - row * height
        pad = renderer.points_to_pixels(8)

        def extent(texts, attr: str) -> float:
            return max((getattr(t.get_window_extent(renderer), attr) for t in texts
                        if t.get_visible() and t.get_text()), default=0.0)

        left = extent(panel.get_yticklabels(), "width") + pad
        above = extent([panel.title], "height") + pad
        below = extent(panel.get_xticklabels(), "height") + 2 * pad
        x1 = max(x0 + left + pad, x0 + width - 2 * pad)
        y0 = min(top - above - pad, top - height + below)
        pixels = Bbox.from_extents(x0 + left, y0, x1, top - above)
        return pixels.transformed(panel.get_figure(root=False).transSubfigure.inverted())


def _panels(ax, count: int, cols: int) -> list:
    """``count`` inset Axes of ``ax`` in a grid of ``cols`` columns; ``ax`` keeps only its title and labels."""
    rows = math.ceil(count / cols)
    panels = []
    for i in range(count):
        panel = ax.inset_axes([0, 0, 1, 1])
        panel.set_axes_locator(_PanelLocator(ax, i, rows, cols))
        panels.append(panel)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.patch.set_visible(False)
    for spine in ax.spines.values():
        spine.set_visible(False)
    return panels


def _term_bars(ax, values: pd.Series, labels: list[str], *, fmt: str, colour: str = NEUTRAL_COLOUR) -> None:
    """Horizontal bars, first row at the top, each labelled with its value."""
    y = _rows(ax, labels)
    bars = ax.barh(y, values.to_numpy(), color=colour, height=0.7)
    ax.bar_label(bars, labels=[fmt.format(v) for v in values], padding=3, fontsize="small")


def _small_multiples(ax, series: list, *, n: int, value: str, gmap: dict):
    """One panel per group: its own top terms, on a shared scale (``series``: (title, values)).

    A new figure shows ``n`` terms per panel, or fewer when the panels would
    not fit in MAX_FIGURE_INCHES (at least 3); returns the Axes, the labels,
    their terms and the number of terms per panel.
    """
    fmt = "{:.0f}" if value == "count" else "{:.1f}"
    ranked = [values[values > 0].sort_index().sort_values(ascending=False, kind="stable") for _, values in series]
    cols = min(3, len(series))
    if ax is None:
        labels = [[_wrap(_glossed(t, gmap)) for t in top.index[:n]] for top in ranked]
        longest = max((len(line) for group in labels for label in group for line in label.split("\n")), default=8)
        panel_width = longest * _char_inches("ytick.labelsize") + 2.6
        cols = max(1, min(cols, int(MAX_FIGURE_INCHES[0] // panel_width)))
        rows = math.ceil(len(series) / cols)
        tallest = max((_row_heights(group).sum() for group in labels), default=1.0)
        room = (MAX_FIGURE_INCHES[1] - 1.4) / rows - 1.2  # inches for one panel's rows
        if tallest * _row_inches() > room:
            per_row = tallest / max(max((len(group) for group in labels), default=1), 1)
            n = max(3, int(room / (per_row * _row_inches())))
            tallest = min(tallest, n * per_row)
        ax = _new_axes(cols * panel_width + 0.6, rows * (tallest * _row_inches() + 1.2) + 1.4)
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
    glosses : lexicon, list of names, "all" or dict, optional
        English glosses for tick labels (``tempur (combat)``); see
        :func:`term_glosses`.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on (small multiples are drawn inside it); by default a
        new figure sized for ``n`` rows (and the panels).
    title : str, optional
        Replaces the default title.

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
    toolkit.count_terms, toolkit.pool_groups, keyness

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
    _check_n("n", n)
    if max_groups is not None:
        _check_n("max_groups", max_groups)
    if value is not None:
        check_choice("value", value, ("count", "rate_per_1000"))
    check_columns(counts, ["term", "count", "tokens"], table_name="counts", hint="Make one with tk.count_terms(tokens).")
    group_cols = [c for c in counts.columns if c not in _COUNT_COLUMNS]
    if by is None and groups is not None:
        if len(group_cols) != 1:
            raise ValueError(f"groups={groups!r} needs by=: the column that holds them (group columns of counts: "
                             f"{', '.join(group_cols) or '(none)'}).")
        by = group_cols[0]
    gmap = _resolve_glosses(glosses)

    series: list[tuple[str, pd.Series]] = []
    if by is None:
        value = value or "count"
        present = counts[(counts["count"] > 0) & counts["term"].notna()]
        series.append(("", _pooled_terms(present, counts, group_cols, value)))
    else:
        if by not in group_cols:
            raise ValueError(f"by={by!r} is not a group column of counts; group columns: "
                             f"{', '.join(group_cols) or '(none: counted with by=[])'}.")
        table, groups = _choose_groups(counts, by, groups, max_groups)
        group_cols = group_cols + (["pooled_groups"] if "pooled_groups" in table.columns else [])
        value = value or ("rate_per_1000" if len(groups) >= 2 else "count")
        present = table[(table["count"] > 0) & table["term"].notna()]
        for g in groups:
            whole = table[_rows_of(table, by, g)]
            tokens = int(whole.drop_duplicates(group_cols)["tokens"].sum())
            name = f"{_group_text(g, by)} ({tokens:,} token{'' if tokens == 1 else 's'})"
            series.append((name, _pooled_terms(present[_rows_of(present, by, g)], whole, group_cols, value)))

    unit = "count" if value == "count" else "per 1,000 tokens"
    if len(series) == 1:
        where = f", {_group_name([by])} = {_group_text(groups[0], by)}" if by is not None else ""
        default = f"Most frequent terms{where} ({unit})"
    elif len(series) == 2:
        default = f"Most frequent terms: {_group_text(groups[0], by)} vs {_group_text(groups[1], by)} ({unit})"
    xlabel = "Occurrences (count)" if value == "count" else "Occurrences per 1,000 tokens"
    if len(series) > 2:
        _check_ax(ax)
        ax, labels, terms, shown = _small_multiples(ax, series, n=n, value=value, gmap=gmap)
        _set_title(ax, title or f"Most frequent terms by {_group_name([by])}, top {shown} in each ({unit})")
        ax.set_xlabel(xlabel, labelpad=4)
        ax.set_ylabel(_term_axis_label("Term", labels, terms), labelpad=4)
        return ax

    frame = pd.concat([s.rename(i) for i, (_, s) in enumerate(series)], axis=1).fillna(0.0)
    frame.index.name = "term"
    frame = _top_rows(frame.reset_index(), list(range(len(series))), n)
    labels = [_wrap(_glossed(t, gmap)) for t in frame["term"]]
    rows = _row_heights(labels).sum() * (1.0 if len(series) == 1 else 1.6)
    ax = _axes(ax, rows=rows, min_width=6.4 if len(series) == 1 else 10.0)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(_term_axis_label("Term", labels, frame["term"]))
    _set_title(ax, title or default)
    if frame.empty:
        _nothing(ax, "No terms to show.")
        return ax
    fmt = "{:.0f}" if value == "count" else "{:.1f}"
    if len(series) == 1:
        _term_bars(ax, frame[0], labels, fmt=fmt)
    else:
        y = _rows(ax, labels)
        h = 0.4
        for i, (name, _) in enumerate(series):
            bars = ax.barh(y + (i - 0.5) * h, frame[i].to_numpy(), height=h, color=GROUP_COLOURS[i], label=name)
            ax.bar_label(bars, labels=[fmt.format(v) for v in frame[i]], padding=2, fontsize="x-small")
        ax.legend(title=_group_name([by]).capitalize(), loc="upper left", bbox_to_anchor=(1.01, 1), borderaxespad=0)
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


def theme_rates(
    rates: pd.DataFrame,
    *,
    by: str | list[str] | None = None,
    value: Literal["rate_per_1000", "weighted_rate_per_1000", "share", "hits", "weighted", "present_share"]
    | None = None,
    kind: Literal["bar", "stacked"] = "bar",
    themes: list[str] | None = None,
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
    themes : list of str, optional
        Themes to show, in this order; default every theme of the table,
        sorted.
    max_groups : int or None, default 12
        Most groups drawn; the others are pooled into one, labelled
        ``"<k> others"``. None draws every group.
    freq : {"D", "W", "M"}, optional
        Period of a timeline (groups that are dates); default month when
        the dates span more than 120 days, week when more than 21, else day.
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
    >>> ax.get_title(), ax.get_ylabel(), [t.get_text() for t in ax.get_xticklabels()]
    ('Theme rates per 1,000 tokens, by document', 'Hits per 1,000 tokens', ['a\\n(3 tokens)', 'b\\n(2 tokens)'])
    >>> [round(float(bar.get_height()), 1) for bar in ax.containers[1]]   # security in a, b
    [333.3, 500.0]
    """
    check_choice("kind", kind, ("bar", "stacked"))
    if freq is not None:
        check_choice("freq", freq, tuple(_FREQ_NAMES))
    if max_groups is not None:
        _check_n("max_groups", max_groups)
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
    if rates.duplicated(group_cols + ["theme"]).any():
        raise ValueError("rates lists a group × theme pair more than once; pass one table from tk.theme_rates.")
    all_themes = sorted(pd.unique(rates["theme"].astype("str")))
    if themes is not None:
        themes = [themes] if isinstance(themes, str) else list(themes)
        unknown = [t for t in themes if t not in set(all_themes)]
        if unknown:
            raise ValueError(f"themes={themes!r}: {unknown[0]!r} is not in rates; themes there: "
                             f"{', '.join(all_themes)}.")
    else:
        themes = all_themes
    colours = _colour_map(all_themes)
    if len(group_cols) == 1 and _is_date_column(rates[group_cols[0]]):
        date_col = group_cols[0]
        freq = freq or _auto_freq(rates[date_col])
        table = period_rates(rates, date_col=date_col, freq=freq)
        return _draw_timeline(ax, table, freq=freq, themes=themes, colours=colours, min_docs=None,
                              title=title or f"Theme rates per 1,000 tokens, by {_FREQ_NAMES[freq]}")
    table, group_order = _rate_groups(rates, group_cols, max_groups)
    table["theme"] = table["theme"].astype("str")
    wide = table.pivot(index="_group", columns="theme", values=value).reindex(index=group_order, columns=themes)
    wide = wide.fillna(0.0).astype("float64")
    group_word = _group_name(group_cols) if group_cols else "corpus"
    title_text, axis_text = _RATE_LABELS[value]
    default_title = f"{title_text}, by {group_word}" if group_cols else f"{title_text}, whole corpus"
    if kind == "bar":
        ax = _axes(ax, min_width=2.0 + 0.12 * len(themes) * len(group_order))
        _rate_bars(ax, wide, themes, colours)
        _category_xticks(ax, np.arange(len(group_order)), group_order, fraction=0.75)
        ax.set_xlabel(group_word.capitalize())
        ax.set_ylabel(axis_text)
        if value in ("share", "present_share"):
            from matplotlib.ticker import PercentFormatter

            ax.yaxis.set_major_formatter(PercentFormatter(xmax=1))
    else:
        labels = [_wrap_each(g, 24) for g in group_order]
        ax = _axes(ax, rows=_row_heights(labels).sum() * 1.1, extra_height=2.2)
        totals = (table.groupby("_group", sort=False)["hits"].sum().reindex(group_order).to_numpy()
                  if "hits" in table.columns else wide.sum(axis=1).to_numpy())
        _stacked_bars(ax, _rows(ax, labels), wide, themes, colours, value=value, totals=totals)
        ax.set_ylabel(group_word.capitalize())
        ax.set_xlabel(axis_text)
    ax.legend(title="Theme", loc="upper left", bbox_to_anchor=(1.01, 1), borderaxespad=0)
    _set_title(ax, title or default_title)
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


def _most_hits(rows: list, n: int | None) -> tuple[list, int]:
    """The ``n`` rows (label, theme, positions) with most hits, ties by the earlier first hit, in their order;
    and how many were left out."""
    if n is None or len(rows) <= n:
        return rows, 0
    first = [r[2].min() if len(r[2]) else math.inf for r in rows]
    keep = set(sorted(range(len(rows)), key=lambda i: (-len(rows[i][2]), first[i]))[:n])
    return [r for i, r in enumerate(rows) if i in keep], len(rows) - n


def dispersion(
    hits: pd.DataFrame,
    tokens: pd.DataFrame,
    *,
    by: Literal["theme", "entry"] = "theme",
    doc_id=None,
    level: int | None = 1,
    themes: list[str] | None = None,
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
    n : int or None, default 40
        Most rows drawn: those with most hits (ties: the earlier first hit),
        in the order above; the x label says how many are left out. None
        draws every row.
    glosses : lexicon, list of names, "all" or dict, optional
        English glosses for entry labels (``by="entry"``), wrapped, never
        cut short.
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
    if n is not None:
        _check_n("n", n)
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
                positions = sub.loc[sub["entry"] == entry, "position"].to_numpy()
                rows.append((_wrap(_glossed(entry, gmap), 36), t, positions))
    rows, left_out = _most_hits(rows, n)
    colours = _colour_map(themes) if themes else {}
    ax = _axes(ax, rows=max(_row_heights([r[0] for r in rows]).sum(), 2) * 1.1,
               min_width=9.0 if by == "theme" else 12.0, extra_height=2.2)
    noun = "theme" if by == "theme" else "lexicon entry"
    _set_title(ax, title or f"Where each {noun} occurs in the document (one mark per hit)")
    xlabel = "Token position (words from the start of the document)"
    if left_out:
        xlabel += f"; {left_out} {'themes' if by == 'theme' else 'entries'} with fewer hits not shown (n={n})"
    ax.set_xlabel(_wrap(xlabel, _label_chars(ax, 0.8)))
    ax.set_ylabel("Theme" if by == "theme" else "Lexicon entry")
    n_tokens = int(tok["position"].max()) + 1 if len(tok) else 1
    starts = tok.groupby("seg_id")["position"].min().sort_values()
    ends = tok.groupby("seg_id")["position"].max().reindex(starts.index)
    for s in starts.to_numpy()[1:]:
        ax.axvline(s - 0.5, color="0.82", linewidth=0.8, zorder=0)
    marker_size = (_font_points() * 1.5) ** 2
    y = _rows(ax, [r[0] for r in rows])
    for i, (_label, t, positions) in enumerate(rows):
        ax.scatter(positions, np.full(len(positions), y[i]), marker="|", s=marker_size, linewidths=2.2,
                   color=colours.get(t, NEUTRAL_COLOUR), zorder=2)
    if not rows:
        ax.set_ylim(1.5, -0.5)
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


def _draw_timeline(ax, table: pd.DataFrame, *, freq: str, themes: list[str], colours: dict, min_docs,
                   title: str):
    """Lines of ``table`` (:func:`toolkit.period_rates`) per theme over periods; counts on their own axis."""
    if table.empty:
        ax = _axes(ax)
        _set_title(ax, title)
        _nothing(ax, "No dated documents.")
        return ax
    per = table.drop_duplicates("period").reset_index(drop=True)
    periods = list(per["period"])
    known = bool(per["documents"].notna().all())  # else the tokens stand in for the documents
    sizes = (per["documents"] if known else per["tokens"]).to_numpy(dtype="int64")
    slots = _slots(sizes == 0)
    at = np.array([first for first, _ in slots])  # each slot's (first) period
    gap = sizes[at] == 0
    few = (sizes[at] < min_docs) & ~gap if (known and min_docs) else np.zeros(len(slots), bool)
    wide = table.pivot(index="period", columns="theme", values="rate_per_1000").reindex(index=periods)
    x = np.arange(len(slots), dtype="float64")
    counted = f"{'Documents' if known else 'Tokens'} per {_FREQ_NAMES[freq]}"

    ax = _axes(ax, min_width=5.0 + 0.2 * len(slots))
    twin = _count_axis(ax, x[~gap], sizes[at[~gap]], counted)
    lines, highest = [], 0.0
    for t in themes:
        if t in wide.columns:
            rate = wide[t].to_numpy(dtype="float64")[at]
        else:  # a theme without hits: 0 wherever there is text
            rate = np.where(per["tokens"].to_numpy()[at] > 0, 0.0, np.nan)
        rate[gap] = np.nan
        highest = max(highest, float(np.nanmax(rate, initial=0.0)))
        lines.append(ax.plot(x, np.where(few, np.nan, rate), marker="o", color=colours[t], label=t)[0])
        if few.any():
            ax.scatter(x[few], rate[few], marker="o", facecolors="white", edgecolors=colours[t], linewidths=1.5,
                       zorder=3)
    _gap_marks(ax, slots, list(np.flatnonzero(gap)), periods, freq)
    _category_xticks(ax, x[~gap], [_period_label(periods[a], freq) for a in at[~gap]], thin=True,
                     fontsize="small", fraction=0.7, max_lines=1)
    ax.set_xlim(-0.6, len(slots) - 0.4)
    ax.set_ylim(0, None if highest > 0 else 1.0)
    ax.set_xlabel(_FREQ_AXIS[freq])
    ax.set_ylabel("Hits per 1,000 tokens")
    _set_title(ax, title)
    handles, labels = _timeline_handles(lines, counted, min_docs, bool(few.any()), bool(gap.any()))
    _legend_outside_twin(ax, twin, handles, labels)
    return ax


def theme_timeline(
    hits: pd.DataFrame,
    tokens: pd.DataFrame,
    *,
    docs: pd.DataFrame | None = None,
    date_col: str = "date",
    freq: Literal["D", "W", "M"] = "M",
    level: int | None = 1,
    themes: list[str] | None = None,
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
    min_docs : int, default 3
        Periods with fewer documents are marked (open markers, no line);
        1 joins every period.
    ax : matplotlib.axes.Axes, optional
    title : str, optional

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
    from .themes import theme_rates as rate_table

    check_choice("freq", freq, tuple(_FREQ_NAMES))
    _check_n("min_docs", min_docs)
    check_columns(hits, ["doc_id", "theme"], table_name="hits", hint="Make one with tk.find_themes.")
    check_columns(tokens, ["doc_id"], table_name="tokens", hint="Make one with tk.prepare(docs).")
    if docs is not None:
        check_columns(docs, ["doc_id", date_col], table_name="docs")
        docs = docs[["doc_id", date_col]].drop_duplicates("doc_id")
        if date_col in tokens.columns:  # the docs table's dates win
            tokens = tokens[[c for c in tokens.columns if c != date_col]]
    else:
        check_columns(tokens, [date_col], table_name="tokens",
                      hint="Pass docs= (the docs table with the dates), or name the column with date_col=.")
    if themes is not None:
        themes = [themes] if isinstance(themes, str) else list(themes)
    else:
        themes = sorted(pd.unique(_fold(_counting_hits(hits)["theme"], level)))
    lexicon = pd.DataFrame({"theme": themes or ["(no theme)"]})
    rates = rate_table(hits, tokens, by=["doc_id", date_col], docs=docs, level=level, lexicon=lexicon)
    table = period_rates(rates, date_col=date_col, freq=freq)
    return _draw_timeline(ax, table, freq=freq, themes=themes, colours=_colour_map(themes) if themes else {},
                          min_docs=min_docs, title=title or f"Theme rates per 1,000 tokens, by {_FREQ_NAMES[freq]}")


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
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), borderaxespad=0)


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
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['More in Xi, p ≥ 0.05 (may be chance)', 'More in Tokayev, p ≥ 0.05 (may be chance)']
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
    xlabel = (f"Keyness, signed {measure_name} (right: more in {target}; left: more in {reference})"
              if value == "score" else
              f"Log ratio, log2 of relative frequencies (right: more in {target}; left: more in {reference})")
    notes = [f"More in {side}: {note}." for note, side in ((pos_note, target), (neg_note, reference)) if note]
    ax.set_xlabel(_wrap(xlabel, _label_chars(ax, 0.7)) + "".join("\n" + _wrap(note, _label_chars(ax, 0.7))
                                                              for note in notes))
    ax.set_ylabel(_term_axis_label("Term", labels, rows["term"]))
    if rows.empty:
        _nothing(ax, "No key terms to show.")
        return ax
    vals = rows[value].to_numpy(dtype="float64")
    significant = (rows["p_value"].to_numpy() < alpha) if alpha is not None else np.ones(len(rows), bool)
    colours = [KEYNESS_COLOURS[0] if v > 0 else KEYNESS_COLOURS[1] for v in vals]
    y = _rows(ax, labels)
    bars = ax.barh(y, vals, color=colours, height=0.7)
    for bar, sig in zip(bars, significant):
        if not sig:
            bar.set_alpha(0.4)
    ax.axvline(0, color="0.3", linewidth=0.8)
    _keyness_legend(ax, target, reference, vals, significant, alpha)
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
    """``term`` and under it its gloss, if any, in parentheses: wrapped at 26 characters, never cut short."""
    glossed = _glossed(term, gmap)
    first = _wrap_each(term, 26)
    if glossed == str(term):
        return first
    gloss = glossed[len(str(term)) + 2 : -1]
    return first + "\n" + _wrap_each(f"({gloss})", 26)


def _top_nodes(pairs: dict, size: pd.Series, n: int | None) -> dict:
    """The pairs among the ``n`` nodes with the largest ``size`` (ties: more partners, then the name)."""
    nodes = {e for p in pairs for e in p}
    if n is None or len(nodes) <= n:
        return pairs
    partners = Counter(e for p in pairs for e in p)
    top = set(sorted(nodes, key=lambda e: (-float(size[e]), -partners[e], str(e)))[:n])
    return {p: c for p, c in pairs.items() if p[0] in top and p[1] in top}


def _label_inches(label: str, size: float) -> tuple[float, float]:
    """About (width, height) in inches of a label at ``size`` points."""
    lines = label.split("\n")
    return max(len(line) for line in lines) * 0.62 * size / 72, len(lines) * 1.25 * size / 72


def _network_axes(ax, layout: str, labels: dict, pos: dict):
    """A new figure: for a circle, tall enough for each column of labels; for a spring layout, wide."""
    if ax is not None:
        _check_ax(ax)
        return ax
    import matplotlib as mpl

    if layout == "circle":
        size = _font_points() * 0.9
        boxes = [_label_inches(label, size) for label in labels.values()]
        column = sum(h + 3 / 72 for _, h in boxes) / 2 * 1.2  # about half the labels stand on each side
        widest = max((w for w, _ in boxes), default=1.0)
        side = max(mpl.rcParams["figure.figsize"][1], 4.0, column)
        return _new_axes(side + 2 * widest + 2.8, side / 0.8 + 1.2)
    ys = [p[1] for p in pos.values()] or [0.0]
    inches = (max(ys) - min(ys) + 1.0) * 0.6 * _font_points() / 10  # about 0.6 inch per layout unit at 10 pt
    return _axes(None, min_width=10.0, rows=0, extra_height=inches + 1.2)


def _spread(wanted: list[float], heights: list[float], low: float, high: float) -> list[float]:
    """Label centres as near ``wanted`` as they can be without overlapping, inside [low, high] if they fit."""
    order = sorted(range(len(wanted)), key=lambda i: -wanted[i])
    y = [wanted[i] for i in order]
    h = [heights[i] for i in order]
    for k in range(len(y)):  # top down: each at least half of both heights below the one above
        y[k] = min(y[k], high - h[k] / 2) if k == 0 else min(y[k], y[k - 1] - (h[k - 1] + h[k]) / 2)
    for k in reversed(range(len(y))):  # bottom up: back inside, pushing the ones above
        y[k] = max(y[k], low + h[k] / 2) if k == len(y) - 1 else max(y[k], y[k + 1] + (h[k] + h[k + 1]) / 2)
    out = [0.0] * len(y)
    for k, i in enumerate(order):
        out[i] = y[k]
    return out


def _circle_labels(ax, nodes: list, pos: dict, labels: dict, size: float, radius: float) -> float:
    """Labels in a column right and left of the circle (level, so they never cross), each joined to its node by
    a thin line; returns how far (points) the right-hand labels reach beyond the axes."""
    fig = ax.get_figure(root=True)
    axes_inches = fig.get_size_inches()[1] * ax.get_position().height
    per_inch = 2.3 / max(axes_inches, 0.5)  # data units per inch (the y range is 2.3)
    widest = 0.0
    for right in (True, False):
        side = [v for v in nodes if (pos[v][0] >= -1e-9) == right]
        heights = [(_label_inches(labels[v], size)[1] + 3 / 72) * per_inch for v in side]
        ys = _spread([float(pos[v][1]) for v in side], heights, -1.15, 1.15)
        for v, y in zip(side, ys):
            x = 1.12 if right else -1.12
            text = ax.annotate(labels[v], pos[v], xytext=(x, y), textcoords="data", ha="left" if right else "right",
                               va="center", fontsize=size, annotation_clip=False,
                               arrowprops=dict(arrowstyle="-", color="0.65", linewidth=0.6, shrinkA=2,
                                               shrinkB=radius))
            text.set_gid(str(v))  # the node's full name; also its id in SVG
            if right:
                widest = max(widest, _label_inches(labels[v], size)[0] * 72)
    return widest


def _legend_points() -> float:
    import matplotlib as mpl
    from matplotlib.font_manager import FontProperties

    return float(FontProperties(size=mpl.rcParams["legend.fontsize"]).get_size_in_points())


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
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_xticks([])
    ax.set_yticks([])
    if layout == "circle":
        ax.set_xlim(-1.08, 1.08)
        ax.set_ylim(-1.15, 1.15)
        return _circle_labels(ax, nodes, pos, labels, size, radius)
    for node, node_size in zip(nodes, node_sizes):
        x, y = pos[node]
        text = ax.annotate(labels[node], (x, y), xytext=(math.sqrt(node_size) / 2 + 3, 0),
                           textcoords="offset points", ha="left", va="center", fontsize=size, zorder=1.5,
                           bbox=dict(boxstyle="round,pad=0.1", facecolor="white", edgecolor="none", alpha=0.8))
        text.set_gid(str(node))  # the node's full name; also its id in SVG
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
    n: int | None = 40,
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
    least ``min_count`` are left out, and only the ``n`` nodes with most
    hits are drawn (ties: more partners first, then by name); the caption
    under the chart says how many are left out. The layout is
    deterministic: by default the nodes sit on a circle grouped by theme
    (clockwise from the top), their labels level in a column on each side,
    joined to their nodes by thin grey lines (a new figure grows with the
    number of labels, so for a slide prefer ``by="theme"``, a smaller
    ``n`` or ``themes=[...]``); ``layout="spring"`` uses networkx's spring layout
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
    n : int or None, default 40
        Most nodes drawn: those with most hits (among the nodes with a
        partner); edges join them only. None draws every node.
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
    if n is not None:
        _check_n("n", n, 2)
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
    partnered = len({e for p in kept for e in p})
    kept = _top_nodes(kept, node_hits, n)
    nodes = sorted({e for p in kept for e in p}, key=lambda e: (node_theme[e], e))
    left_out = len(node_hits) - partnered
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
    if len(nodes) < partnered:
        caption += f" Shown: {len(nodes)} of {partnered} {nouns}, those with most hits (n={n})."
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
    if by == "entry":  # beyond the labels that stand right of the circle
        _theme_legend(ax, theme_list, colours, loc="upper left", bbox_to_anchor=(1.0, 1),
                      borderaxespad=(outside + 12) / _legend_points())
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
    _draw_graph(ax, graph, pos, layout=layout, node_colours=[NEUTRAL_COLOUR] * len(nodes),
                node_sizes=_node_sizes([freq[w] for w in nodes]),
                edge_widths=_edge_widths([graph.edges[e]["weight"] for e in graph.edges]), labels=labels)
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
