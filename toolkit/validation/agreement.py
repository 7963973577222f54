"""Step 5: how far coders agree, per theme (percent agreement, Cohen's kappa, Krippendorff's alpha; NLTK)."""

from __future__ import annotations

import math
from collections.abc import Iterable
from itertools import combinations

import numpy as np
import pandas as pd

from .._validate import check_columns, check_frame
from ._common import NOT_THEMES, key_for, labels01, listed, norm_keys, theme_list

__all__ = ["agreement"]


def agreement(
    *codings: pd.DataFrame,
    themes: Iterable[str] | str | None = None,
    coders: Iterable[str] | None = None,
) -> pd.DataFrame:
    """How far two or more coders agree, per theme: percent agreement, Cohen's kappa, Krippendorff's alpha.

    The coefficients come from NLTK's
    :class:`nltk.metrics.agreement.AnnotationTask` (Artstein & Poesio
    2008), with the binary (nominal) distance:

    - ``percent_agreement`` and ``cohen_kappa`` use the units coded by every
      coder (``n_units``): NLTK's kappa and observed agreement assume that
      every coder coded every unit. ``percent_agreement`` is the share of
      those units on which two coders give the same label, averaged over the
      pairs of coders (NLTK ``avg_Ao``; with two coders simply the share of
      agreements). ``cohen_kappa`` is Cohen's kappa, (Ao − Ae) / (1 − Ae)
      with Ae from each coder's own label shares; with three or more coders
      the plain mean of the pairwise kappas (NLTK ``kappa``; Light's kappa).
    - ``krippendorff_alpha`` is nominal Krippendorff's alpha over every unit
      that has at least two labels (``n_units_alpha``): it uses incomplete
      data as it should, and units with a single label are left out.

    A missing label (``<NA>``, a blank cell) means "not coded", never 0.
    Undefined coefficients are NaN, not a crash: when the coders used a
    single value for a theme (say everyone always wrote 0), chance
    agreement is 1 and kappa and alpha are 0/0 (NLTK itself returns 1
    there); a pair of coders whose kappa is undefined is left out of the
    mean; with no units coded by everyone, percent agreement and kappa are
    NaN. Read NaN as "no variation to agree on: look at percent_agreement
    and code a sample where the theme occurs".

    Parameters
    ----------
    *codings : pandas.DataFrame
        Two or more coding tables (:func:`read_coding_sheet`), one per
        coder, aligned on ``unit_id`` when every table has it, else on
        ``doc_id`` (+ ``seg_id`` when every table has it). Not modified.
    themes : str or list of str, optional
        Default: the numeric columns common to all tables, other than the
        sheet columns and the sampling columns (``sampling_weight``,
        ``inclusion_prob``), in the first table's order.
    coders : list of str, optional
        Coder names, one per table; default each table's ``coder`` column
        (when it holds one name), else "coder 1", "coder 2", ...

    Returns
    -------
    pandas.DataFrame
        One row per theme, RangeIndex: ``theme`` (str), ``n_units`` (int,
        coded by every coder), ``n_units_alpha`` (int, with at least two
        labels), ``coders`` (str, the names joined by ", "),
        ``percent_agreement``, ``cohen_kappa``, ``krippendorff_alpha``
        (float, NaN when undefined).

    Raises
    ------
    ValueError
        Fewer than two tables; a label other than 0, 1 or missing; a unit
        twice in one table; repeated coder names; no common theme.
    ColumnError
        A table lacks the unit key or a requested theme.

    See Also
    --------
    read_coding_sheet

    Examples
    --------
    Ten units, two coders (worked by hand in ``tests/test_validation.py``:
    Ao = 0.8, Ae = 0.4·0.4 + 0.6·0.6 = 0.52, kappa = 0.28 / 0.48 = 7/12,
    alpha = 29/48):

    >>> import pandas as pd
    >>> ids = [f"d{i}:0" for i in range(10)]
    >>> anna = pd.DataFrame({"unit_id": ids, "security": [1, 1, 1, 1, 0, 0, 0, 0, 0, 0]})
    >>> budi = pd.DataFrame({"unit_id": ids, "security": [1, 1, 1, 0, 1, 0, 0, 0, 0, 0]})
    >>> a = agreement(anna, budi, coders=["anna", "budi"])
    >>> a[["theme", "n_units", "coders"]]
          theme  n_units      coders
    0  security       10  anna, budi
    >>> a[["percent_agreement", "cohen_kappa", "krippendorff_alpha"]].round(4)
       percent_agreement  cohen_kappa  krippendorff_alpha
    0                0.8       0.5833              0.6042
    """
    if len(codings) < 2:
        raise ValueError(f"agreement needs two or more coding tables, got {len(codings)}.")
    for i, c in enumerate(codings, start=1):
        check_frame(f"coding table {i}", c)
    names = _coder_names(codings, coders)
    key = ["unit_id"] if all("unit_id" in c.columns for c in codings) else key_for(None, *codings)
    themes = _common_themes(codings, names, themes, key)
    rows = []
    for theme in themes:
        labels = [_coder_labels(c, key, theme, name) for c, name in zip(codings, names)]
        rows.append({"theme": theme, "coders": ", ".join(names), **_agreement_figures(labels, names)})
    cols = ["theme", "n_units", "n_units_alpha", "coders", "percent_agreement", "cohen_kappa", "krippendorff_alpha"]
    return pd.DataFrame(rows, columns=cols).astype({"n_units": "int64", "n_units_alpha": "int64"})


def _coder_names(codings, coders) -> list[str]:
    if coders is not None:
        names = [str(c) for c in ([coders] if isinstance(coders, str) else coders)]
        if len(names) != len(codings):
            raise ValueError(f"coders={names!r} names {len(names)} coder(s) for {len(codings)} tables.")
    else:
        names = []
        for i, c in enumerate(codings, start=1):
            given = c["coder"].dropna().unique() if "coder" in c.columns else []
            names.append(str(given[0]) if len(given) == 1 else f"coder {i}")
    dup = sorted({n for n in names if names.count(n) > 1})
    if dup:
        raise ValueError(f"coder names repeat ({listed(dup)}); give distinct names with coders=[...].")
    return names


def _common_themes(codings, names, themes, key) -> list[str]:
    for c, name in zip(codings, names):
        check_columns(c, key, table_name=f"the coding table of {name}", hint="Read it with tk.read_coding_sheet.")
    if themes is None:
        common = [col for col in codings[0].columns if col not in NOT_THEMES and col not in key
                  and all(col in c.columns and pd.api.types.is_numeric_dtype(c[col]) for c in codings)]
        if not common:
            raise ValueError("the coding tables have no theme column in common.")
        return common
    themes = theme_list(themes, None)
    for c, name in zip(codings, names):
        check_columns(c, themes, table_name=f"the coding table of {name}")
    return themes


def _coder_labels(coding: pd.DataFrame, key: list[str], theme: str, name: str) -> pd.Series:
    """One coder's labels for a theme: 0/1 indexed by unit, missing labels dropped."""
    table = coding if key == ["unit_id"] else norm_keys(coding, key, f"the coding table of {name}")
    units = table[key].astype(str).agg(":".join, axis=1) if len(table) else pd.Series([], dtype="str")
    dup = units[units.duplicated()]
    if len(dup):
        raise ValueError(f"the coding table of {name} has the unit(s) {listed(dup.unique())} more than once.")
    labels = labels01(table[theme], f"the coding table of {name}, column {theme!r}", units)
    return pd.Series(labels.to_numpy(), index=units.to_numpy(), dtype="Int64").dropna()


def _agreement_figures(labels: list[pd.Series], names: list[str]) -> dict:
    from nltk.metrics.agreement import AnnotationTask

    frame = pd.concat(labels, axis=1, keys=names)
    complete = frame.dropna()
    pairable = frame[frame.notna().sum(axis=1) >= 2]
    out = {"n_units": len(complete), "n_units_alpha": len(pairable), "percent_agreement": math.nan,
           "cohen_kappa": math.nan, "krippendorff_alpha": math.nan}
    if len(complete):
        task = AnnotationTask([(c, u, int(v)) for c in names for u, v in complete[c].items()])
        out["percent_agreement"] = float(task.avg_Ao())
        kappas = [math.nan if math.isclose(task.Ae_kappa(a, b), 1.0) else float(task.kappa_pairwise(a, b))
                  for a, b in combinations(names, 2)]
        if not all(math.isnan(k) for k in kappas):
            out["cohen_kappa"] = float(np.nanmean(kappas))
    values = pairable.stack().dropna()
    if values.nunique() > 1:
        task = AnnotationTask([(c, u, int(v)) for (u, c), v in values.items()])
        out["krippendorff_alpha"] = float(task.alpha())
    return out
