"""Charts for reading: term counts, theme rates, where themes occur, keyness and networks.

Every chart function takes a table made by the toolkit first, its options
keyword-only, and ``ax=None``: it draws on the given
:class:`matplotlib.axes.Axes` (creating a figure, with constrained layout,
only when none is given), sets a title and axis labels, and returns the
Axes. Charts only draw: the numbers they show come from public table
functions of the toolkit (:func:`toolkit.group_totals`,
:func:`toolkit.pool_groups`, :func:`toolkit.period_rates`,
:func:`toolkit.theme_rates`, :func:`toolkit.dispersion`,
:func:`toolkit.cooccurrence`), so every bar, cell and edge can be checked
in a table. Nothing here calls ``plt.show``, sets ``rcParams`` or imports
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

Modules (split by chart family, as pandas' plotting is; import the charts
from here, ``import toolkit.plot as tkp``):

- ``terms``: :func:`top_terms`, :func:`keyness`, :func:`wordcloud`.
- ``themes``: :func:`theme_rates`, :func:`theme_heatmap`, :func:`dispersion`.
- ``timeline``: :func:`theme_timeline` (its drawing also serves :func:`theme_rates`
  for rates grouped by date).
- ``networks``: :func:`cooccurrence_network`, :func:`collocation_network`.
- ``validation``: :func:`validation`.
- ``_style``: colours (:func:`theme_colours`, :data:`GROUP_COLOURS`, ...),
  glosses (:func:`term_glosses`), :func:`projector`, fonts, figure sizes
  (:data:`MAX_FIGURE_INCHES`) and label layout and wrapping.
- ``_save``: :func:`save`.
- ``_docs``: the parameter descriptions that many charts share, filled
  into their docstrings.
"""

from __future__ import annotations

from ._save import save
from ._style import (
    EDGE_COLOUR,
    GROUP_COLOURS,
    KEYNESS_COLOURS,
    MAX_FIGURE_INCHES,
    NEUTRAL_COLOUR,
    projector,
    term_glosses,
    theme_colours,
)
from .networks import collocation_network, cooccurrence_network
from .terms import keyness, top_terms, wordcloud
from .themes import dispersion, theme_heatmap, theme_rates
from .timeline import theme_timeline
from .validation import validation

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
