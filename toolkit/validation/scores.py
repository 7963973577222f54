"""Steps 6 and 7: score theme decisions against human codes (P/R/F1, bootstrap over documents), list the errors."""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterable
from typing import Literal, NamedTuple

import numpy as np
import pandas as pd

from .._validate import check_columns, check_fraction, check_int
from ..theme_tree import fold_themes
from ._common import RESERVED, key_for, labels01, listed, norm_keys, theme_list, unit_ids

__all__ = ["validate_themes", "validation_errors", "ValidationErrors"]


def validate_themes(
    detected: pd.DataFrame,
    gold: pd.DataFrame,
    *,
    unit: Literal["paragraph", "sentence", "segment", "document"] | None = None,
    themes: Iterable[str] | str | None = None,
    n_boot: int = 1000,
    seed: int = 0,
    ci: float = 0.95,
    weight_col: str | None = None,
) -> pd.DataFrame:
    """Score detected themes against human codes: precision, recall and F1 with bootstrap intervals.

    Each unit with a gold label for a theme (0 or 1; missing labels are
    left out) is a true positive (gold 1, ``present``), false positive
    (gold 0, present), false negative (gold 1, not present) or true
    negative. precision = tp / (tp + fp), recall = tp / (tp + fn), F1 =
    2·tp / (2·tp + fp + fn). Undefined values are NaN: precision when
    nothing was detected, recall when the coders found no positive, F1 when
    both (F1 is 0, not NaN, when there are positives but nothing was
    detected). Every coded unit must have a row in ``detected`` for each
    scored theme (detect_themes lists every unit and theme, zeros
    included); a unit missing there is an error naming it, never silently
    dropped. There is no pooled "all themes" row: themes differ in
    prevalence, and a pooled figure hides the weak ones.

    **Intervals** are percentile bootstrap intervals that resample
    *documents* (paragraphs of one article are not independent), seeded:
    the documents with a coded unit are sorted by ``doc_id`` (as str);
    ``rng = numpy.random.default_rng(seed)``; ``rng.integers(0, D,
    size=(n_boot, D))`` draws, for each replicate, D documents with
    replacement (D = number of documents); each replicate's tp, fp, fn are
    the sums over its documents (a document drawn twice counts twice);
    the interval is ``numpy.nanquantile`` (linear) at (1 − ci)/2 and
    (1 + ci)/2 of the replicate values. Replicates where a measure is
    undefined (no detection in the drawn documents) are left out of its
    quantiles; when the point estimate is NaN, so is its interval. With
    few documents the intervals are rough, and with a single document they
    collapse to the point estimate (there is nothing to resample): code
    paragraphs from many documents.

    Parameters
    ----------
    detected : pandas.DataFrame
        From :func:`toolkit.detect_themes`: ``doc_id``, ``seg_id`` (not for
        documents), ``theme`` (top-level), ``present`` (bool); ``score`` and
        ``evidence`` are used by :func:`validation_errors`. Not modified.
    gold : pandas.DataFrame
        One row per coded unit with the key columns and one 0/1/missing
        column per theme (:func:`read_coding_sheet`, after adjudicating the
        coders' sheets into one). Not modified.
    unit : {"paragraph", "sentence", "segment", "document"}, optional
        The unit: documents are keyed by ``doc_id``, the others by
        ``doc_id`` + ``seg_id``. Default: ``doc_id`` + ``seg_id`` when both
        tables have ``seg_id``, else ``doc_id``.
    themes : str or list of str, optional
        Default: the gold columns that are themes of ``detected``, in
        gold's column order.
    n_boot : int, default 1000
        Bootstrap replicates (0: no intervals, NaN).
    seed : int, default 0
    ci : float, default 0.95
        Interval coverage, between 0 and 1.
    weight_col : str, optional
        A gold column of sampling weights (``sampling_weight`` from
        :func:`sample_for_coding`, merged in by ``unit_id``): tp, fp, fn,
        tn, positives and detected are then weighted sums (float), and the
        measures estimate the population's, not the sample's.

    Returns
    -------
    pandas.DataFrame
        One row per theme, RangeIndex: ``theme`` (str), ``n`` (int, units
        with a gold label), ``n_docs`` (int, their documents),
        ``positives`` (gold 1), ``detected`` (present), ``tp``, ``fp``,
        ``fn``, ``tn`` (int; float with ``weight_col``), ``precision``,
        ``recall``, ``f1`` and ``precision_low``, ``precision_high``,
        ``recall_low``, ``recall_high``, ``f1_low``, ``f1_high`` (float).
        ``attrs`` holds ``ci``, ``n_boot`` and ``seed``.

    Raises
    ------
    ValueError
        Bad ``unit``, ``n_boot``, ``seed`` or ``ci``; a missing doc_id or
        seg_id; a gold label other than 0, 1 or missing; a coded unit
        missing from ``detected``; repeated rows; bad weights; no theme in
        common.
    ColumnError
        A table lacks a needed column.

    See Also
    --------
    validation_errors, toolkit.plot.validation, agreement

    Examples
    --------
    >>> import pandas as pd
    >>> detected = pd.DataFrame({"doc_id": ["a", "a", "b", "b", "c"], "seg_id": [0, 1, 0, 1, 0],
    ...                          "theme": "security", "present": [True, True, False, True, False]})
    >>> gold = pd.DataFrame({"doc_id": ["a", "a", "b", "b", "c"], "seg_id": [0, 1, 0, 1, 0],
    ...                      "security": [1, 0, 1, 1, 0]})
    >>> v = validate_themes(detected, gold)
    >>> v[["theme", "n", "n_docs", "tp", "fp", "fn", "tn", "precision", "recall", "f1"]]
          theme  n  n_docs  tp  fp  fn  tn  precision  recall        f1
    0  security  5       3   2   1   1   1   0.666667  0.666667  0.666667
    >>> bool(v.loc[0, "precision_low"] <= v.loc[0, "precision"] <= v.loc[0, "precision_high"])
    True
    """
    check_int("n_boot", n_boot, 0)
    check_int("seed", seed, 0)
    check_fraction("ci", ci, tail=", such as 0.95")
    key = key_for(unit, detected, gold)
    table, themes = _outcomes(detected, gold, key, themes, weight_col)
    w = table["weight"]
    for name, hit in (("tp", table["gold"].eq(1) & table["present"]), ("fp", table["gold"].eq(0) & table["present"]),
                      ("fn", table["gold"].eq(1) & ~table["present"]), ("tn", table["gold"].eq(0) & ~table["present"])):
        table[name] = w * hit
    docs = sorted(table["doc_id"].unique())
    per_doc = (table.groupby(["doc_id", "theme"])[["tp", "fp", "fn", "tn"]].sum()
               .reindex(pd.MultiIndex.from_product([docs, themes]), fill_value=0.0)
               .to_numpy(dtype="float64").reshape(len(docs), len(themes), 4))
    counts = per_doc.sum(axis=0)
    point = _rates(counts)
    intervals = _bootstrap(per_doc, n_boot, seed, ci)
    intervals[np.isnan(point)] = np.nan
    return _validation_table(table, themes, counts, point, intervals, weighted=weight_col is not None,
                             attrs={"ci": ci, "n_boot": n_boot, "seed": seed})


def _validation_table(table, themes, counts, point, intervals, *, weighted, attrs) -> pd.DataFrame:
    by_theme = table.groupby("theme")
    out = pd.DataFrame({"theme": pd.Series(themes, dtype="str"),
                        "n": by_theme.size().reindex(themes, fill_value=0).to_numpy(),
                        "n_docs": by_theme["doc_id"].nunique().reindex(themes, fill_value=0).to_numpy()})
    cast = "float64" if weighted else "int64"
    tp, fp, fn, tn = (counts[:, i] for i in range(4))
    for name, values in (("positives", tp + fn), ("detected", tp + fp), ("tp", tp), ("fp", fp), ("fn", fn),
                         ("tn", tn)):
        out[name] = np.round(values, 12).astype(cast) if weighted else np.rint(values).astype(cast)
    for j, measure in enumerate(("precision", "recall", "f1")):
        out[measure] = point[:, j]
    for j, measure in enumerate(("precision", "recall", "f1")):
        out[f"{measure}_low"] = intervals[:, j, 0]
        out[f"{measure}_high"] = intervals[:, j, 1]
    out.attrs.update(attrs)
    return out


def _outcomes(detected, gold, key, themes, weight_col=None) -> tuple[pd.DataFrame, list[str]]:
    """Long table: one row per unit and theme with a gold label; gold (0/1), present (bool) and the rest."""
    hint = "Make it with tk.detect_themes(tokens, unit=...)."
    check_columns(detected, ["theme", "present"], table_name="detected", hint=hint)
    d = norm_keys(detected, key, "detected", hint)
    g = norm_keys(gold, key, "gold", "Read it with tk.read_coding_sheet.")
    themes = _validated_themes(d, g, themes)
    _no_repeats(d, [*key, "theme"], "detected", "unit and theme", "is it for another unit? give unit=...")
    _no_repeats(g, key, "gold", "unit", "adjudicate the coders' sheets into one table first")
    if weight_col is not None:
        check_columns(g, [weight_col], table_name="gold")
        w = pd.to_numeric(g[weight_col], errors="coerce")
        if not (np.isfinite(w) & (w > 0)).all():
            raise ValueError(f"gold column {weight_col!r} must hold positive numbers (sampling weights).")
    ids = g["unit_id"] if "unit_id" in g.columns else unit_ids(g, key)
    for theme in themes:
        g[theme] = labels01(g[theme], f"gold column {theme!r}", ids)
    extra = [c for c in ("unit_id", "text", weight_col) if c is not None and c in g.columns and c not in key]
    long = g.melt(id_vars=[*key, *extra], value_vars=themes, var_name="theme", value_name="gold")
    long = long[long["gold"].notna()]
    keep = [c for c in ("score", "evidence") if c in d.columns]
    merged = long.merge(d[[*key, "theme", "present", *keep]], on=[*key, "theme"], how="left", indicator=True)
    missing = merged[merged["_merge"] == "left_only"]
    if len(missing):
        shown = listed((unit_ids(missing, key) + " " + missing["theme"]).unique())
        raise ValueError(f"detected has no row for {len(missing)} coded unit(s) and theme(s): {shown}; run "
                         "tk.detect_themes on the same documents and unit (it lists every unit and theme).")
    if merged["present"].isna().any():
        raise ValueError("detected has missing values in 'present'; it must be True or False for every row.")
    merged["gold"] = merged["gold"].astype("int64")
    merged["present"] = merged["present"].astype(bool)
    merged["weight"] = merged[weight_col].astype("float64") if weight_col else 1.0
    return merged.drop(columns="_merge"), themes


def _validated_themes(d: pd.DataFrame, g: pd.DataFrame, themes) -> list[str]:
    in_detected = set(d["theme"].astype(str))
    if themes is None:
        out = [c for c in g.columns if c in in_detected and c not in RESERVED]
        if not out:
            raise ValueError(f"gold has no column for a theme of detected ({listed(sorted(in_detected))}).")
        return out
    themes = theme_list(themes, None)
    check_columns(g, themes, table_name="gold")
    absent = [t for t in themes if t not in in_detected]
    if absent:
        raise ValueError(f"detected has no rows for the theme(s) {listed(absent)}.")
    return themes


def _no_repeats(table: pd.DataFrame, cols: list[str], name: str, per: str, advice: str) -> None:
    dup = table[table.duplicated(cols, keep=False)]
    if len(dup):
        shown = listed(dup[cols].astype(str).agg(" ".join, axis=1).unique())
        raise ValueError(f"{name} has more than one row per {per} ({shown}); {advice}.")


def _rates(counts: np.ndarray) -> np.ndarray:
    """Precision, recall, F1 from (..., 4) arrays of tp, fp, fn, tn (NaN where undefined)."""
    tp, fp, fn = counts[..., 0], counts[..., 1], counts[..., 2]
    with np.errstate(divide="ignore", invalid="ignore"):
        p = np.where(tp + fp > 0, tp / (tp + fp), np.nan)
        r = np.where(tp + fn > 0, tp / (tp + fn), np.nan)
        f = np.where(2 * tp + fp + fn > 0, 2 * tp / (2 * tp + fp + fn), np.nan)
    return np.stack([p, r, f], axis=-1)


def _bootstrap(per_doc: np.ndarray, n_boot: int, seed: int, ci: float) -> np.ndarray:
    """Percentile intervals (themes, 3 measures, low/high) from per-document counts (docs, themes, 4)."""
    n_docs = per_doc.shape[0]
    if n_boot == 0 or n_docs == 0:
        return np.full(per_doc.shape[1:2] + (3, 2), np.nan)
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, n_docs, size=(n_boot, n_docs))
    flat = (np.arange(n_boot)[:, None] * n_docs + draws).ravel()
    times = np.bincount(flat, minlength=n_boot * n_docs).reshape(n_boot, n_docs).astype("float64")
    totals = np.tensordot(times, per_doc, axes=(1, 0))  # (n_boot, themes, 4)
    stats = _rates(totals)  # (n_boot, themes, 3)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN slices: the interval stays NaN
        low, high = np.nanquantile(stats, [(1 - ci) / 2, (1 + ci) / 2], axis=0)
    return np.stack([low, high], axis=-1)


class ValidationErrors(NamedTuple):
    """What :func:`validation_errors` returns: the wrong decisions, and the per-entry precision table.

    A named tuple, so ``errors, entries = tk.validation_errors(...)`` works.

    Attributes
    ----------
    errors : pandas.DataFrame
        The false positives and false negatives.
    entries : pandas.DataFrame or None
        Per-entry precision, or None when no hits were given.

    Examples
    --------
    >>> import pandas as pd
    >>> result = ValidationErrors(errors=pd.DataFrame(), entries=None)
    >>> errors, entries = result
    >>> entries is None
    True
    """

    errors: pd.DataFrame
    entries: pd.DataFrame | None


def validation_errors(
    detected: pd.DataFrame,
    gold: pd.DataFrame,
    *,
    hits: pd.DataFrame | None = None,
    text: pd.DataFrame | None = None,
    themes: Iterable[str] | str | None = None,
    unit: Literal["paragraph", "sentence", "segment", "document"] | None = None,
) -> ValidationErrors:
    """The false positives and false negatives with their text and evidence, and each entry's precision.

    Units, themes and checks are those of :func:`validate_themes`.

    The **entries** table (only with ``hits``) says which lexicon entries
    fire where the coders said no: for each top-level theme, sub-theme and
    entry, among the coded units (with a gold label for that theme) where the
    entry has a hit that counts (weight above 0; exclusions are left out),
    how many the coders marked 1. An entry's precision is that share, whether
    or not the unit's score reached the threshold; the worst entries come
    first.

    Parameters
    ----------
    detected, gold : pandas.DataFrame
        As for :func:`validate_themes`. Not modified.
    hits : pandas.DataFrame, optional
        From :func:`toolkit.find_themes` on the same tokens: ``doc_id``,
        ``seg_id``, ``theme`` (may be a sub-theme such as
        ``security/terrorism``), ``entry`` and ``weight``.
    text : pandas.DataFrame, optional
        Key columns and ``text`` (such as :func:`toolkit.segment`'s table),
        used instead of gold's ``text`` column.
    themes : str or list of str, optional
    unit : {"paragraph", "sentence", "segment", "document"}, optional

    Returns
    -------
    ValidationErrors
        A named tuple ``(errors, entries)``:

        - ``errors``: one row per wrong decision, sorted by theme, error
          (false positives first), doc_id and seg_id; RangeIndex. Columns:
          the key (``doc_id``, ``seg_id``), ``unit_id`` (when gold has it),
          ``theme`` (str), ``error`` ("false positive" or "false
          negative"), ``score`` (float, NaN when detected has none),
          ``evidence`` (str, "" when none), ``text`` (str, "" when no text
          is known).
        - ``entries`` (None without ``hits``): ``theme`` (top-level),
          ``sub_theme`` (the hit's theme), ``entry``, ``n_units`` (int,
          coded units where it fired), ``n_positive`` (int, of those, coded
          1), ``n_negative`` (int), ``precision`` (float); sorted by
          precision, then most units first, then theme and entry.

    Raises
    ------
    ValueError, ColumnError
        As for :func:`validate_themes`; ``hits`` or ``text`` lack a column.

    See Also
    --------
    validate_themes, toolkit.explain_themes

    Examples
    --------
    >>> import pandas as pd
    >>> detected = pd.DataFrame({"doc_id": ["a", "a", "b"], "seg_id": [0, 1, 0], "theme": "security",
    ...                          "score": [2.0, 1.0, 0.0], "present": [True, True, False],
    ...                          "evidence": ["keamanan ×2 (+2.0)", "keamanan (+1.0)", ""]})
    >>> gold = pd.DataFrame({"doc_id": ["a", "a", "b"], "seg_id": [0, 1, 0], "security": [1, 0, 1],
    ...                      "text": ["Keamanan kawasan.", "Keamanan penerbangan.", "Granat meledak."]})
    >>> hits = pd.DataFrame({"doc_id": ["a", "a"], "seg_id": [0, 1], "theme": "security",
    ...                      "entry": "keamanan", "weight": 1.0})
    >>> errors, entries = validation_errors(detected, gold, hits=hits)
    >>> errors[["doc_id", "seg_id", "error", "evidence", "text"]]
      doc_id  seg_id           error         evidence                   text
    0      a       1  false positive  keamanan (+1.0)  Keamanan penerbangan.
    1      b       0  false negative                          Granat meledak.
    >>> entries
          theme sub_theme     entry  n_units  n_positive  n_negative  precision
    0  security  security  keamanan        2           1           1        0.5
    """
    key = key_for(unit, detected, gold)
    table, themes = _outcomes(detected, gold, key, themes, None)
    wrong = table[table["gold"].eq(1) != table["present"]].copy()
    wrong["error"] = np.where(wrong["present"], "false positive", "false negative")
    if text is not None:
        check_columns(text, [*key, "text"], table_name="text", hint="Give key columns and 'text' (tk.segment).")
        texts = norm_keys(text, key, "text").drop_duplicates(key)[[*key, "text"]]
        wrong = wrong.drop(columns="text", errors="ignore").merge(texts, on=key, how="left")
    for col, fill in (("score", math.nan), ("evidence", ""), ("text", "")):
        wrong[col] = wrong[col].fillna(fill) if col in wrong.columns else fill
    order = {"false positive": 0, "false negative": 1}
    wrong = wrong.sort_values(["theme", "error", *key], key=lambda s: s.map(order) if s.name == "error" else s,
                              kind="stable")
    cols = [*key] + (["unit_id"] if "unit_id" in wrong.columns else []) + [
        "theme", "error", "score", "evidence", "text"]
    errors = wrong[cols].astype({"theme": "str", "error": "str", "score": "float64", "evidence": "str",
                                 "text": "str"}).reset_index(drop=True)
    entries = None if hits is None else _entry_precision(hits, table, key)
    return ValidationErrors(errors=errors, entries=entries)


def _entry_precision(hits: pd.DataFrame, table: pd.DataFrame, key: list[str]) -> pd.DataFrame:
    check_columns(hits, [*key, "theme", "entry"], table_name="hits",
                  hint="Make it with tk.find_themes(tokens, lexicon).")
    h = norm_keys(hits, key, "hits")
    if "weight" in h.columns:
        h = h[pd.to_numeric(h["weight"], errors="coerce") > 0]
    h = h.assign(sub_theme=h["theme"].astype(str), theme=fold_themes(h["theme"].astype(str), 1),
                 entry=h["entry"].astype(str))
    fired = h.drop_duplicates([*key, "sub_theme", "entry"])[[*key, "theme", "sub_theme", "entry"]]
    coded = fired.merge(table[[*key, "theme", "gold"]], on=[*key, "theme"], how="inner")
    out = (coded.groupby(["theme", "sub_theme", "entry"], sort=True)["gold"]
           .agg(n_units="size", n_positive="sum").reset_index())
    out["n_negative"] = out["n_units"] - out["n_positive"]
    out["precision"] = out["n_positive"] / out["n_units"]
    out = out.astype({"theme": "str", "sub_theme": "str", "entry": "str", "n_units": "int64",
                      "n_positive": "int64", "n_negative": "int64", "precision": "float64"})
    return out.sort_values(["precision", "n_units", "theme", "entry"], ascending=[True, False, True, True],
                           kind="stable").reset_index(drop=True)
