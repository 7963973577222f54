"""Network charts: theme entries (or themes) that occur together, and collocations."""

from __future__ import annotations

import math
from collections import Counter
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd

from .._hits import counted_hits
from .._validate import check_choice, check_columns, check_int, renamed
from ..cooccurrence import cooccurrence
from ._docs import _doc
from ._style import (
    EDGE_COLOUR,
    NEUTRAL_COLOUR,
    _axes,
    _check_ax,
    _colour_map,
    _font_points,
    _glossed,
    _label_chars,
    _legend_points,
    _new_axes,
    _nothing,
    _resolve_glosses,
    _set_title,
    _theme_legend,
    _wrap,
    _wrap_each,
)

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

__all__ = ["cooccurrence_network", "collocation_network"]


# --------------------------------------------------------------------------- sizes, labels and layout


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


def _component_layout(graph, comp: list, seed: int) -> dict:
    """Spring layout of one connected group of nodes, turned so that its long axis is vertical, in [-0.5, 0.5] ×
    [-1, 1] (labels sit right of the nodes)."""
    import networkx as nx

    if len(comp) == 1:
        return {comp[0]: np.zeros(2)}
    sub = graph.subgraph(comp)
    local = nx.spring_layout(sub, seed=seed, weight="weight", k=1.5 / math.sqrt(len(comp)), iterations=200)
    xy = np.array([local[v] for v in comp])
    xy = xy - xy.mean(axis=0)
    _, _, vt = np.linalg.svd(xy, full_matrices=False)
    along, across = xy @ vt[0], xy @ vt[1] if len(vt) > 1 else np.zeros(len(comp))
    scale = max(np.abs(along).max(), 1e-9)
    return {v: np.array([c / scale * 0.5, a / scale]) for v, a, c in zip(comp, along, across)}


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
    # shelf packing: a component of k nodes gets a box sqrt(k) + 1 high, with room on the right for labels
    heights = [math.sqrt(len(c)) + 1.0 for c in comps]
    widths = [0.6 * h + 1.9 for h in heights]
    row_width = max(max(widths), math.sqrt(sum(w * h for w, h in zip(widths, heights))) * 1.6)
    pos = {}
    x = y = row_height = 0.0
    for comp, width, height in zip(comps, widths, heights):
        if x > 0 and x + width > row_width:
            x, y, row_height = 0.0, y - row_height, 0.0
        for v, xy in _component_layout(graph, comp, seed).items():
            pos[v] = np.array([x + 0.3 * height + 0.4 * height * xy[0], y - height / 2 + 0.32 * height * xy[1]])
        x += width
        row_height = max(row_height, height)
    return pos


def _graph(nodes: list, edges):
    """A networkx graph of ``nodes`` (in this order) and weighted ``edges`` (a, b, weight); a pair listed twice
    has the sum of its weights."""
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    for a, b, weight in edges:
        if graph.has_edge(a, b):
            graph.edges[a, b]["weight"] += weight
        else:
            graph.add_edge(a, b, weight=weight)
    return graph


def _spring_labels(ax, nodes: list, pos: dict, labels: dict, node_sizes: list, size: float) -> None:
    """Each label right of its node, on a faint white box; the x range leaves room for the last column's labels."""
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


def _draw_graph(ax, graph, pos, *, layout, node_colours, node_sizes, labels) -> float:
    """Edges (width: weight), nodes and labels; returns how far (points) labels reach right of the axes."""
    import networkx as nx

    nodes = list(graph.nodes)
    edges = list(graph.edges)
    if edges:
        widths = _edge_widths([graph.edges[e]["weight"] for e in edges])
        nx.draw_networkx_edges(graph, pos, edgelist=edges, width=widths, edge_color="0.45",
                               alpha=0.45 if layout == "circle" else 0.7, ax=ax)
    nx.draw_networkx_nodes(graph, pos, nodelist=nodes, node_color=node_colours, node_size=node_sizes,
                           edgecolors=EDGE_COLOUR, linewidths=0.6, ax=ax)
    size = _font_points() * 0.9
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_xticks([])
    ax.set_yticks([])
    if layout == "circle":
        ax.set_xlim(-1.08, 1.08)
        ax.set_ylim(-1.15, 1.15)
        return _circle_labels(ax, nodes, pos, labels, size, math.sqrt(max(node_sizes)) / 2)
    _spring_labels(ax, nodes, pos, labels, node_sizes, size)
    return 0.0


def _network_frame(ax, graph, *, layout: str, seed: int, gmap: dict) -> tuple:
    """The Axes to draw on (a new figure sized for the labels, unless ``ax``), the node labels and positions."""
    nodes = list(graph.nodes)
    labels = {v: _node_label(v, gmap) for v in nodes}
    pos = _layout(graph, layout, seed) if nodes else {}
    return _network_axes(ax, layout, labels, pos), labels, pos


def _empty_network(ax, message: str):
    _nothing(ax, message)
    ax.set_xticks([])
    ax.set_yticks([])
    return ax


# --------------------------------------------------------------------------- co-occurrence


def _cooccurrence_graph(pairs: pd.DataFrame, item: str, n) -> tuple:
    """The graph of the ``n`` nodes with most hits among the pairs, nodes sorted by theme then name; each node's
    hits and theme; and how many nodes have a partner."""
    a, b = f"{item}1", f"{item}2"
    hits = dict(zip(pairs[a], pairs["hits1"])) | dict(zip(pairs[b], pairs["hits2"]))
    themes = (dict(zip(pairs[a], pairs["theme1"])) | dict(zip(pairs[b], pairs["theme2"])) if item == "entry"
              else {node: node for node in hits})
    kept = _top_nodes({(x, y): int(c) for x, y, c in zip(pairs[a], pairs[b], pairs["count"])}, hits, n)
    nodes = sorted({e for p in kept for e in p}, key=lambda e: (themes[e], e))
    graph = _graph(nodes, ((x, y, c) for (x, y), c in sorted(kept.items())))
    return graph, hits, themes, len(hits)


def _cooccurrence_caption(ax, *, item: str, unit: str, min_count: int, n, left_out: int, shown: int,
                          partnered: int) -> str:
    where = "paragraph" if unit == "segment" else "document"
    noun, nouns = ("entry", "entries") if item == "entry" else ("theme", "themes")
    caption = (f"Edge width: number of {where}s in which both occur"
               f"{f' (at least {min_count})' if min_count > 1 else ''}; node size: hits"
               f"{'; colour: theme' if item == 'entry' else ''}.")
    if left_out:
        caption += f" {left_out} {noun if left_out == 1 else nouns} without a partner not shown."
    if shown < partnered:
        caption += f" Shown: {shown} of {partnered} {nouns}, those with most hits (n={n})."
    return _wrap(caption, _label_chars(ax, 0.75))


@_doc(glosses="node labels (wrapped, never cut short)", level="for colours and the legend", layout="circle")
@renamed(by="item")
def cooccurrence_network(
    hits: pd.DataFrame,
    *,
    item: Literal["entry", "theme"] = "entry",
    unit: Literal["segment", "document"] = "segment",
    min_count: int = 1,
    n: int | None = 40,
    level: int | None = 1,
    themes: str | list[str] | None = None,
    glosses=None,
    layout: Literal["circle", "spring"] = "circle",
    seed: int = 0,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """Network of theme entries (or themes) that occur in the same paragraph (or document).

    Nodes are lexicon entries, coloured by their theme (an entry listed in
    two themes takes the one it has most hits in, then the first
    alphabetically), or with ``item="theme"`` the themes themselves; node
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
    number of labels, so for a slide prefer ``item="theme"``, a smaller
    ``n`` or ``themes=[...]``); ``layout="spring"`` uses networkx's spring layout
    with a fixed ``seed`` for each connected group of nodes (it suits sparse
    graphs: entries that share a paragraph form dense cliques).

    Parameters
    ----------
    {hits}
    item : {"entry", "theme"}, default "entry"
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
    {level}
    themes : str or list of str, optional
        Only entries of these themes (at ``level``).
    {glosses}
    {layout}
    {ax}
    {title}

    Returns
    -------
    matplotlib.axes.Axes
        Nodes in ``ax.collections`` (a PathCollection, one point per node,
        nodes sorted by theme then entry), edges in a LineCollection (widths
        as above), node labels in ``ax.texts`` (an annotation at each node,
        whose ``get_gid()`` is the full entry: long labels are shortened).

    See Also
    --------
    toolkit.cooccurrence : the pairs and their counts.

    Examples
    --------
    >>> import pandas as pd, toolkit as tk
    >>> from matplotlib.figure import Figure
    >>> docs = pd.DataFrame({"doc_id": ["a"], "text": ["Kerja sama keamanan.\\n\\nKeamanan dan terorisme."]})
    >>> ax = cooccurrence_network(tk.find_themes(tk.prepare(docs), "all"), ax=Figure().subplots())
    >>> sorted(t.get_gid() for t in ax.texts)
    ['keamanan', 'kerja sama', 'terorisme']
    """
    check_choice("layout", layout, ("circle", "spring"))
    check_int("seed", seed, 0)
    if n is not None:
        check_int("n", n, 2)
    pairs = cooccurrence(hits, item=item, unit=unit, level=level, themes=themes, min_count=min_count)
    graph, node_hits, node_theme, partnered = _cooccurrence_graph(pairs, item, n)
    nodes = list(graph.nodes)
    ax, labels, pos = _network_frame(ax, graph, layout=layout, seed=seed,
                                     gmap=_resolve_glosses(glosses) if item == "entry" else {})
    where = "paragraph" if unit == "segment" else "document"
    _set_title(ax, title or f"{'Theme entries' if item == 'entry' else 'Themes'} that occur in the same {where}")
    left_out = counted_hits(hits, level=level, themes=themes)[item].astype("str").nunique() - partnered
    ax.set_xlabel(_cooccurrence_caption(ax, item=item, unit=unit, min_count=min_count, n=n, left_out=left_out,
                                        shown=len(nodes), partnered=partnered), fontsize="small")
    if not nodes:
        return _empty_network(ax, f"No {'entries' if item == 'entry' else 'themes'} occur together.")
    theme_list = sorted(set(node_theme[e] for e in nodes))
    colours = _colour_map(theme_list)
    outside = _draw_graph(ax, graph, pos, layout=layout, node_colours=[colours[node_theme[e]] for e in nodes],
                          node_sizes=_node_sizes([float(node_hits[e]) for e in nodes]), labels=labels)
    if item == "entry":  # beyond the labels that stand right of the circle
        _theme_legend(ax, theme_list, colours, loc="upper left", bbox_to_anchor=(1.0, 1),
                      borderaxespad=(outside + 12) / _legend_points())
    return ax


# --------------------------------------------------------------------------- collocations


@_doc(glosses="node labels (wrapped, never cut short)", layout="spring")
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
    {glosses}
    {layout}
    {ax}
    {title}

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
    check_int("n", n, 1)
    check_int("seed", seed, 0)
    check_choice("layout", layout, ("spring", "circle"))
    check_columns(pairs, ["word1", "word2", "count"], table_name="pairs", hint="Make one with tk.collocations.")
    top = pairs.head(n)
    freq: dict[str, float] = {}
    for row in top.itertuples(index=False):
        freq[str(row.word1)] = float(getattr(row, "count1", row.count))
        freq[str(row.word2)] = float(getattr(row, "count2", row.count))
    nodes = sorted(freq)
    graph = _graph(nodes, ((str(r.word1), str(r.word2), int(r.count)) for r in top.itertuples(index=False)))
    measure = str(top["measure"].iloc[0]) if "measure" in top.columns and len(top) else ""
    measure_name = {"pmi": "PMI", "likelihood_ratio": "log-likelihood"}.get(measure, measure or "score")
    ax, labels, pos = _network_frame(ax, graph, layout=layout, seed=seed, gmap=_resolve_glosses(glosses))
    _set_title(ax, title or f"Collocations: the top {len(top)} word pairs by {measure_name}")
    ax.set_xlabel("Edge width: times the pair occurs; node size: word frequency.", fontsize="small")
    if not nodes:
        return _empty_network(ax, "No collocations to show.")
    _draw_graph(ax, graph, pos, layout=layout, node_colours=[NEUTRAL_COLOUR] * len(nodes),
                node_sizes=_node_sizes([freq[w] for w in nodes]), labels=labels)
    return ax
