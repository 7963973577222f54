"""Step 1: draw a reproducible, optionally stratified random sample of units for human coding."""

from __future__ import annotations

import hashlib
import warnings
from typing import Literal

import numpy as np
import pandas as pd

from .._validate import check_choice, check_columns, check_frame, check_int
from ..decisions import UNITS
from ..errors import EmptyTextWarning
from ..text import segment
from ._common import METADATA_COLUMNS, key_for, listed, norm_keys, unit_ids

__all__ = ["sample_for_coding"]


def sample_for_coding(
    data: pd.DataFrame,
    n: int,
    *,
    unit: Literal["paragraph", "sentence", "segment", "document"] = "paragraph",
    stratify_by: pd.DataFrame | str | None = None,
    seed: int = 0,
    text_col: str = "text",
) -> pd.DataFrame:
    """Draw a reproducible random sample of paragraphs (or sentences, documents) for human coding.

    **Units.** From a docs table the units are its paragraphs, sentences
    or documents (:func:`toolkit.segment` with ``by=unit``), with the
    document metadata ``title``, ``date`` and ``source`` (when present, and
    the ``stratify_by`` column) carried over. From a tokens table
    (:func:`toolkit.prepare`) the units are its segments, whatever unit it
    was prepared with (``unit`` "paragraph", "sentence" and "segment" all
    mean that), or its documents with ``unit="document"``; each text is
    rebuilt from the token columns ``text`` and ``after`` in position order
    (the text before the first token of a segment, such as an opening quote,
    is not in a tokens table and is left out; the segments of a document are
    joined by a blank line).

    **Drawing.** Each unit gets a pseudo-random number, the first 8 bytes
    of the BLAKE2b hash of ``"<seed>\\x1f<unit_id>"``; in each stratum the
    units with the smallest numbers are drawn. This is a simple random
    sample without replacement within each stratum; it depends only on the
    seed and the unit ids, never on the order of the rows, and a larger
    ``n`` with the same seed keeps the units of a smaller one (per stratum).

    **Strata and allocation.** ``stratify_by=None``: one stratum, "all".
    A column name: one stratum per value (missing values: "(missing)").
    A :func:`toolkit.detect_themes` table: each unit goes to the stratum of
    the rarest theme present in it (the theme present in the fewest units
    of the population; ties by name), units with no theme present to
    "none". ``n`` is shared out by *capped equal allocation*: every stratum
    gets the same number of units, a stratum smaller than its share gets all
    its units, and what it leaves is shared equally among the others
    (repeatedly); a remainder of fewer units than open strata goes one each
    to the smallest strata. So rare themes are sampled as fully as ``n``
    allows, and ``sampling_weight`` (stratum size / units drawn from it)
    weights a stratified sample back to the population.

    Parameters
    ----------
    data : pandas.DataFrame
        A docs table (``doc_id``, ``text_col``, metadata) or a tokens table
        (``doc_id``, ``seg_id``, ``position``, ``text``, ``after``). Not
        modified.
    n : int
        Units to draw (at least 1). When ``n`` is more than the number of
        units, every unit is returned, with a UserWarning (not an error:
        a small corpus can be coded whole).
    unit : {"paragraph", "sentence", "segment", "document"}, default "paragraph"
        The coding unit (see above; "segment" is "paragraph" for a docs table).
    stratify_by : DataFrame, str or None
        None, a :func:`toolkit.detect_themes` table for the same units
        (``doc_id``, ``seg_id``, ``theme``, ``present``; a per-segment table
        is folded to documents for ``unit="document"``: a theme is present
        in a document when it is present in one of its segments), or the
        name of a column of the units.
    seed : int, default 0
        Seed of the draw.
    text_col : str, default "text"
        Text column of a docs table.

    Returns
    -------
    pandas.DataFrame
        One row per drawn unit, sorted by ``doc_id`` then ``seg_id``,
        RangeIndex: ``unit_id`` (str, ``"doc_id:seg_id"``, or ``doc_id``
        for documents), ``doc_id`` (str), ``seg_id`` (int; not for documents),
        ``text`` (str), the carried metadata, ``stratum`` (str),
        ``inclusion_prob`` (float, units drawn / units in the stratum) and
        ``sampling_weight`` (float, 1 / inclusion_prob).

    Raises
    ------
    ValueError
        ``n`` is not a whole number of at least 1, or smaller than the
        number of strata; ``unit`` is not allowed; a doc_id is missing; the
        data has no unit with text; units are missing from the
        ``stratify_by`` table.
    ColumnError
        A needed column is missing (also the ``stratify_by`` column).

    Warns
    -----
    EmptyTextWarning
        Documents with an empty or missing text: named, and not sampled
        (there is nothing to code).
    UserWarning
        ``n`` is more than the number of units: the whole population is
        returned.

    See Also
    --------
    write_coding_sheet, toolkit.detect_themes

    Examples
    --------
    >>> import pandas as pd
    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "source": ["kompas", "tempo"], "text": [
    ...     "Pasukan menjaga perbatasan.\\n\\nCuaca cerah.\\n\\nHarga naik.",
    ...     "Kerja sama keamanan.\\n\\nJalan tol baru."]})
    >>> s = sample_for_coding(docs, 2, seed=1)
    >>> len(s), s["sampling_weight"].tolist()           # 2 of 5 paragraphs: weight 5 / 2
    (2, [2.5, 2.5])
    >>> s.columns.tolist()
    ['unit_id', 'doc_id', 'seg_id', 'text', 'source', 'stratum', 'inclusion_prob', 'sampling_weight']
    >>> by_source = sample_for_coding(docs, 4, stratify_by="source")
    >>> by_source.groupby("stratum")["sampling_weight"].first().to_dict()   # 2 of 3, 2 of 2
    {'kompas': 1.5, 'tempo': 1.0}
    """
    check_int("n", n, 1)
    check_int("seed", seed, 0)
    check_choice("unit", unit, UNITS)
    units, key = _coding_units(data, unit, text_col, stratify_by)
    units["stratum"] = _strata(units, key, stratify_by).to_numpy()
    sizes = units.groupby("stratum").size()
    sizes = sizes.loc[sorted(sizes.index, key=lambda s: (sizes[s], s))]
    if n >= len(units):
        if n > len(units):
            warnings.warn(f"n={n} is more than the number of units ({len(units)}): every unit is returned.",
                          UserWarning, stacklevel=2)
        taken = sizes.copy()
    elif n < len(sizes):
        raise ValueError(f"n={n} is smaller than the number of strata ({len(sizes)}: {listed(sizes.index)}); "
                         "every stratum needs at least one unit. Draw more units or use fewer strata.")
    else:
        taken = _allocate(sizes, n)
    units["_rank"] = _priorities(units["unit_id"], seed)
    units = units.sort_values(["stratum", "_rank", "unit_id"], kind="stable")
    drawn = units[units.groupby("stratum").cumcount() < units["stratum"].map(taken)].drop(columns="_rank")
    drawn["inclusion_prob"] = (drawn["stratum"].map(taken) / drawn["stratum"].map(sizes)).astype("float64")
    drawn["sampling_weight"] = 1.0 / drawn["inclusion_prob"]
    return drawn.sort_values(key, kind="stable").reset_index(drop=True)


def _coding_units(data, unit, text_col, stratify_by) -> tuple[pd.DataFrame, list[str]]:
    """The population: unit_id, doc_id, [seg_id], text, metadata; and its key."""
    check_frame("data", data, what=" (docs or tokens)")
    key = key_for(unit)
    keep = list(METADATA_COLUMNS) + ([stratify_by] if isinstance(stratify_by, str) else [])
    if {"position", "after", "seg_id"} <= set(data.columns):
        units = _units_from_tokens(data, key, keep, stratify_by)
    else:
        units = _units_from_docs(data, unit, text_col, keep)
    if units.empty:
        raise ValueError("data has no unit with text to sample.")
    units.insert(0, "unit_id", unit_ids(units, key).to_numpy())
    return units, key


def _units_from_docs(docs: pd.DataFrame, unit: str, text_col: str, keep: list[str]) -> pd.DataFrame:
    check_columns(docs, ["doc_id", text_col], table_name="data",
                  hint="Give a docs table (tk.load_corpus) or a tokens table (tk.prepare).")
    docs = norm_keys(docs, ["doc_id"], "data")
    empty = ~docs[text_col].map(lambda t: isinstance(t, str) and bool(t.strip()))
    if empty.any():
        warnings.warn(f"{int(empty.sum())} document(s) have an empty or missing {text_col!r} and are not sampled "
                      f"(there is nothing to code): {listed(docs.loc[empty, 'doc_id'])}.", EmptyTextWarning,
                      stacklevel=4)
    by = "paragraph" if unit == "segment" else unit
    units = segment(docs[["doc_id", text_col]], unit=by, text_col=text_col)[["doc_id", "seg_id", "text"]]
    if unit == "document":
        units = units.drop(columns="seg_id")
    meta = [c for c in dict.fromkeys(keep) if c in docs.columns and c not in ("doc_id", text_col)]
    if meta:
        units = units.merge(docs[["doc_id", *meta]], on="doc_id", how="left", validate="many_to_one")
    return units


def _units_from_tokens(tokens, key, keep, stratify_by) -> pd.DataFrame:
    check_columns(tokens, ["doc_id", "seg_id", "position", "text", "after"], table_name="data",
                  hint="Make a tokens table with tk.prepare(docs).")
    tokens = norm_keys(tokens, ["doc_id", "seg_id"], "data").sort_values(["doc_id", "position"], kind="stable")
    piece = tokens["text"].astype(str) + tokens["after"].fillna("").astype(str)
    segs = piece.groupby([tokens["doc_id"], tokens["seg_id"]], sort=True).agg("".join).str.strip()
    units = segs.rename("text").reset_index()
    if key == ["doc_id"]:
        units = units.groupby("doc_id", sort=True)["text"].agg("\n\n".join).reset_index()
    meta = [c for c in dict.fromkeys(keep) if c in tokens.columns and c not in ("doc_id", "seg_id", "text")]
    if meta:
        grouped = tokens.groupby(key, sort=True)
        if isinstance(stratify_by, str) and stratify_by in meta:
            mixed = grouped[stratify_by].nunique(dropna=False) > 1
            if mixed.any():
                raise ValueError(f"stratify_by={stratify_by!r} varies within units of data "
                                 f"({listed(mixed.index[mixed].tolist())}); stratify by a column that is "
                                 "constant in each unit.")
        units = units.merge(grouped[meta].first().reset_index(), on=key, how="left")
    return units


def _strata(units: pd.DataFrame, key: list[str], stratify_by) -> pd.Series:
    if stratify_by is None:
        return pd.Series("all", index=units.index, dtype="str")
    if isinstance(stratify_by, str):
        check_columns(units, [stratify_by], table_name="the units",
                      hint="stratify_by names a column of the units (document metadata such as 'source').")
        return units[stratify_by].map(lambda v: "(missing)" if pd.isna(v) else str(v)).astype("str")
    if isinstance(stratify_by, pd.DataFrame):
        return _theme_strata(units, key, stratify_by)
    raise TypeError("stratify_by must be None, a column name or a tk.detect_themes table, not "
                    f"{type(stratify_by).__name__}.")


def _theme_strata(units: pd.DataFrame, key: list[str], detected: pd.DataFrame) -> pd.Series:
    """Each unit's rarest present theme, or "none"."""
    hint = "Give a tk.detect_themes table for the same units (or a column name)."
    check_columns(detected, ["doc_id", "theme", "present"], table_name="stratify_by", hint=hint)
    if "seg_id" in key and "seg_id" not in detected.columns:
        raise ValueError("stratify_by is a per-document table but the units are segments; use "
                         "tk.detect_themes(tokens, unit=...) with the sampling unit.")
    d = norm_keys(detected, key, "stratify_by", hint)
    d["present"] = d["present"].fillna(False).astype(bool)
    flags = d.groupby([*key, "theme"], sort=False)["present"].any().reset_index()
    seen = units[key].merge(flags[key].drop_duplicates(), on=key, how="left", indicator=True)
    missing = seen["_merge"] == "left_only"
    if missing.any():
        ids = unit_ids(seen[missing], key)
        raise ValueError(f"stratify_by has no rows for {int(missing.sum())} unit(s): {listed(ids)}; detect the "
                         "themes on the same documents and unit as the sample.")
    present = flags[flags["present"]].merge(units[key], on=key)
    present["size"] = present["theme"].map(present.groupby("theme").size())
    rarest = present.sort_values(["size", "theme"], kind="stable").drop_duplicates(key)
    theme = units[key].merge(rarest[[*key, "theme"]], on=key, how="left")["theme"]
    return theme.fillna("none").astype("str").set_axis(units.index)


def _allocate(sizes: pd.Series, n: int) -> pd.Series:
    """Capped equal allocation of ``n`` over strata (``sizes`` sorted smallest first)."""
    taken = pd.Series(0, index=sizes.index, dtype="int64")
    left = n
    while left > 0:
        open_ = [s for s in sizes.index if taken[s] < sizes[s]]
        if not open_:
            break
        share = left // len(open_)
        if share == 0:
            for s in open_[:left]:
                taken[s] += 1
            break
        for s in open_:
            add = min(share, int(sizes[s] - taken[s]))
            taken[s] += add
            left -= add
    return taken


def _priorities(ids: pd.Series, seed: int) -> np.ndarray:
    """Each unit's pseudo-random number: the first 8 bytes of BLAKE2b of "<seed>\\x1f<unit_id>", big-endian."""
    return np.array([int.from_bytes(hashlib.blake2b(f"{seed}\x1f{u}".encode(), digest_size=8).digest(), "big")
                     for u in ids], dtype=np.uint64)
