"""Style shared by every chart: colours, glosses, the projector style, fonts, figure sizes and label layout.

Nothing here draws a chart; the chart modules of :mod:`toolkit.plot` call
these helpers (the names without an underscore are public and re-exported
by the package).
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import math
import numbers
import re
import textwrap
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from .. import _data
from .._validate import check_columns
from ..errors import ResourceError
from ..lexicon import load_lexicon
from ..theme_tree import top_theme
from ..themes import CompiledLexicon

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
#: Value columns of counts and rates tables: every other column is a group column.
_COUNT_COLUMNS = ("term", "count", "tokens", "rate_per_1000", "rank")
_RATE_COLUMNS = ("theme", "hits", "weighted", "tokens", "rate_per_1000", "weighted_rate_per_1000", "share",
                 "segments", "segments_present", "present_share")
_GROUP_NAMES = {"doc_id": "document", "seg_id": "paragraph"}
#: Where a legend stands: right of the axes, its top level with theirs.
_OUTSIDE = {"loc": "upper left", "bbox_to_anchor": (1.01, 1), "borderaxespad": 0}


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
    tops = {t: top_theme(t) for t in names}
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
    lexicon = load_lexicon(list(names) if len(names) > 1 else names[0])
    return _glosses_from_table(lexicon)


def _glosses_from_table(lexicon: pd.DataFrame, overrides=True) -> dict:
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


# --------------------------------------------------------------------------- fonts and figures


def _points(key: str = "font.size", size=None) -> float:
    """Size in points of rcParams ``key`` (or of ``size``: a number or a name such as "small")."""
    import matplotlib as mpl
    from matplotlib.font_manager import FontProperties

    return float(FontProperties(size=size if size is not None else mpl.rcParams[key]).get_size_in_points())


def _font_points() -> float:
    return _points("font.size")


def _legend_points() -> float:
    return _points("legend.fontsize")


def _check_ax(ax) -> None:
    if ax is None:
        return
    from matplotlib.axes import Axes

    if not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes, not {type(ax).__name__}.")


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
    return _points(key, size) * 0.62 / 72


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
    size = _points("axes.titlesize")
    fig_width = ax.get_figure(root=True).get_size_inches()[0]
    chars = max(30, int(fig_width * 72 / (size * 0.55)))
    ax.set_title(textwrap.fill(text, chars, break_long_words=False))


def _label_chars(ax, fraction: float = 0.8, key: str = "axes.labelsize") -> int:
    """About how many characters of ``key`` text fit in ``fraction`` of the figure width."""
    size = _points(key)
    return max(20, int(ax.get_figure(root=True).get_size_inches()[0] * fraction * 72 / (size * 0.55)))


def _wrap(text, width: int = 28) -> str:
    return textwrap.fill(str(text), width, break_long_words=False, break_on_hyphens=True) or str(text)


def _group_name(by: list[str]) -> str:
    return " and ".join(_GROUP_NAMES.get(c, str(c).replace("_", " ")) for c in by)


def _group_label(values: tuple, by: list[str]) -> str:
    return " · ".join(_group_text(v, c) for v, c in zip(values, by))


def _nothing(ax, message: str) -> None:
    ax.text(0.5, 0.5, message, transform=ax.transAxes, ha="center", va="center", color="0.4", wrap=True)


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


# --------------------------------------------------------------------------- panels


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

