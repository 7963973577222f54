"""One text for each parameter that many charts share, filled into their docstrings by :func:`_doc`.

A chart's docstring names a shared parameter by a line that holds only
``{name}`` (indented like the other parameters); :func:`_doc` replaces that
line with the text below, indented the same. A text with a ``{}`` slot
takes the words the chart passes for it (``@_doc(glosses="node labels")``).
Other braces in a docstring are left alone. As pandas' ``@doc``, but the
docstring stays readable where it is written.
"""

from __future__ import annotations

import re
import textwrap

#: The shared parameter descriptions, numpydoc style.
PARAMETERS = {
    "ax": """\
ax : matplotlib.axes.Axes, optional
    Axes to draw on. Without it, a new figure (constrained layout), sized
    for what the chart shows but at most :data:`MAX_FIGURE_INCHES`;
    inside ``with tk.plot.projector():`` it is drawn in the larger style
    for slides (create and save the chart inside the block).""",
    "title": """\
title : str, optional
    Replaces the default title.""",
    "glosses": """\
glosses : lexicon, list of names, "all" or dict, optional
    English glosses for {}, as in ``tempur (combat)``: a lexicon (table,
    shipped name, list of names or ``"all"``) or a ``{{term: gloss}}``
    dict; see :func:`term_glosses`.""",
    "hits": """\
hits : pandas.DataFrame
    From :func:`toolkit.find_themes` (exclusions, weight 0, left out). Not
    modified.""",
    "doc_id": """\
doc_id : optional
    The document; needed when ``tokens`` holds several.""",
    "level": """\
level : int or None, default 1
    Theme level {}: 1 folds ``security/terrorism`` into ``security``;
    None keeps sub-themes.""",
    "max_groups": """\
max_groups : int or None, default {}
    Most groups drawn when there are more: the largest (by tokens), and
    all the others pooled into one (:func:`toolkit.pool_groups`, labelled
    ``"<k> others"``). None draws every group.""",
    "layout": """\
layout : {{"circle", "spring"}}, default "{}"
    ``"circle"``: nodes on a circle, their labels level in a column on
    each side; ``"spring"``: networkx's spring layout of each connected
    group of nodes, the groups packed in a grid, largest first.
seed : int, default 0
    Seed of the spring layout: the same seed gives the same picture.""",
}

_PLACEHOLDER = re.compile(r"^([ \t]*)\{(\w+)\}[ \t]*$", re.MULTILINE)
_LITERAL = re.compile(r"``[^`]+``")


def _rewrap(text: str, width: int) -> str:
    """Each parameter's description (the indented lines under its name) wrapped again to ``width`` characters."""
    blocks: list[list[str]] = []
    for line in text.split("\n"):
        if line.startswith(" "):
            blocks[-1].append(line.strip())
        else:
            blocks.append([line])
    lines = []
    for head, *words in blocks:
        lines.append(head)
        text = _LITERAL.sub(lambda m: m.group().replace(" ", "\0"), " ".join(words))  # ``a b`` stays on one line
        lines += [line.replace("\0", " ") for line in textwrap.wrap(
            text, width, initial_indent="    ", subsequent_indent="    ", break_on_hyphens=False)]
    return "\n".join(lines)


def fill_doc(doc: str, **slots: str) -> str:
    """``doc`` with each line ``{name}`` replaced by PARAMETERS[name] (its ``{}`` filled from ``slots``)."""

    def one(match: re.Match) -> str:
        indent, name = match.groups()
        text = PARAMETERS[name]
        if "{}" in text.replace("{{", "").replace("}}", ""):
            if name not in slots:
                raise KeyError(f"the shared text of {name!r} needs words for its slot: @_doc({name}=...).")
            text = _rewrap(text.format(slots[name]), 79 - len(indent))
        else:
            text = text.replace("{{", "{").replace("}}", "}")
        return textwrap.indent(text, indent)

    return _PLACEHOLDER.sub(one, doc)


def _doc(**slots: str):
    """Decorator: fill the shared parameter descriptions into the function's docstring (see :func:`fill_doc`)."""

    def decorate(func):
        func.__doc__ = fill_doc(func.__doc__ or "", **slots)
        return func

    return decorate
