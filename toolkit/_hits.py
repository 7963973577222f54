"""Theme hits as the tables built on them count them: hits that count, themes folded to a level."""

from __future__ import annotations

import pandas as pd

from .theme_tree import fold_themes


def listed(themes) -> list:
    """``themes`` as a list (one name stands for a list of one)."""
    return [themes] if isinstance(themes, str) else list(themes)


def counted_hits(hits: pd.DataFrame, *, level: int | None = 1, themes=None) -> pd.DataFrame:
    """A new table of the hits that count (exclusions, weight 0, left out), ``theme`` as str folded to ``level``
    parts (:func:`toolkit.theme_tree.fold_themes`), and only the ``themes`` named (at that level) when given."""
    h = (hits[hits["weight"] > 0] if "weight" in hits.columns else hits).copy()
    h["theme"] = fold_themes(h["theme"].astype("str"), level)
    if themes is not None:
        h = h[h["theme"].isin(listed(themes))]
    return h
