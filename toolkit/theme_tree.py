"""The theme tree: theme names such as ``security/terrorism`` form a tree by their ``/``-separated levels.

``security/terrorism`` lies below ``security``. The toolkit walks the tree
with the three functions of this module only: :func:`top_theme` (one name),
:func:`fold_themes` (a column folded to a level) and :func:`within_themes`
(the rows whose theme is a given theme or lies below it: what every
``themes=`` or ``theme=`` option selects). Lexicons name their themes so
(:mod:`toolkit.lexicon`); hits, rates, decisions and charts fold and select
them with these functions.
"""

from __future__ import annotations

import numbers

import numpy as np
import pandas as pd

__all__ = ["top_theme", "fold_themes", "within_themes"]


def top_theme(theme: str) -> str:
    """The top-level theme of a theme name: its first level.

    Parameters
    ----------
    theme : str
        A theme name, such as ``"security/terrorism"``.

    Returns
    -------
    str
        The part before the first ``/`` (the whole name for a top-level theme).

    Examples
    --------
    >>> top_theme("security/terrorism"), top_theme("cooperation")
    ('security', 'cooperation')
    """
    return str(theme).split("/", 1)[0]


def fold_themes(themes, level: int | None) -> pd.Series:
    """Theme names folded to their first ``level`` levels (``level=1``: the top-level themes).

    Parameters
    ----------
    themes : pandas.Series or iterable of str
        Theme names, such as the ``theme`` column of a hits table.
    level : int or None
        How many levels to keep; None keeps the names as they are (the
        input is returned unchanged).

    Returns
    -------
    pandas.Series
        Of dtype str, with the index of ``themes`` (a RangeIndex for a
        list); a missing name stays missing. Each distinct name is folded
        once.

    Raises
    ------
    ValueError
        ``level`` is neither None nor a whole number of at least 1.

    Examples
    --------
    >>> fold_themes(["security/terrorism/isis", "security", "culture/people"], 1).tolist()
    ['security', 'security', 'culture']
    >>> fold_themes(["security/terrorism/isis"], 2).tolist()
    ['security/terrorism']
    """
    if level is None:
        return themes
    if isinstance(level, bool) or not isinstance(level, numbers.Integral) or level < 1:
        raise ValueError(f"level={level!r} is not allowed; use None or a whole number of at least 1.")
    if not isinstance(themes, pd.Series):
        themes = pd.Series(list(themes), dtype="str")
    codes, uniques = pd.factorize(themes, sort=False)
    folded = np.array(["/".join(str(t).split("/")[:level]) for t in uniques] + [None], dtype=object)
    return pd.Series(folded[codes], index=themes.index, dtype="str")  # code -1 (missing) picks the None


def within_themes(themes, selected) -> pd.Series:
    """Which theme names are one of ``selected`` or lie below one of them (its sub-themes).

    Parameters
    ----------
    themes : pandas.Series or iterable of str
        Theme names, such as the ``theme`` column of a hits table or a
        lexicon.
    selected : str or iterable of str
        A theme name or several; each selects itself and its sub-themes
        (``"security"`` selects ``security/terrorism``, not ``securityx``).

    Returns
    -------
    pandas.Series
        Of dtype bool, with the index of ``themes`` (a RangeIndex for a list).

    Examples
    --------
    >>> within_themes(["security", "security/police", "securityx", "culture"], "security").tolist()
    [True, True, False, False]
    >>> within_themes(["security/police", "culture/people"], ["culture", "economy"]).tolist()
    [False, True]
    """
    selected = [selected] if isinstance(selected, str) else list(selected)
    if not isinstance(themes, pd.Series):
        themes = pd.Series(list(themes), dtype="str")
    keep = np.array(themes.isin(selected), dtype=bool)
    for theme in selected:
        keep |= themes.str.startswith(theme + "/").fillna(False).to_numpy(dtype=bool)
    return pd.Series(keep, index=themes.index, dtype=bool)
