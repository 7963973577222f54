"""What the steps of the validation workflow share: unit keys and ids, theme lists, 0/1 labels."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._validate import check_choice, check_columns
from ..decisions import UNITS

__all__ = ["SHEET_COLUMNS", "METADATA_COLUMNS", "RESERVED", "NOT_THEMES", "listed", "key_for", "norm_keys",
           "unit_ids", "theme_list", "labels01"]

#: Columns of a coding sheet that are not theme labels.
SHEET_COLUMNS = ("unit_id", "doc_id", "seg_id", "text", "text_sha1", "notes")
#: Document metadata that :func:`sample_for_coding` carries over from a docs table.
METADATA_COLUMNS = ("title", "date", "source")
#: Column names that are never themes (of a coding sheet, and ``coder``).
RESERVED = frozenset(SHEET_COLUMNS) | {"coder"}
#: Columns of a coding table that are not themes (adding the sampling columns and metadata).
NOT_THEMES = RESERVED | {"stratum", "inclusion_prob", "sampling_weight", *METADATA_COLUMNS}


def listed(values, limit: int = 5) -> str:
    """The first ``limit`` values as reprs joined by ", ", then "... (N in all)" when there are more."""
    values = list(values)
    text = ", ".join(map(repr, values[:limit]))
    return text + (f" ... ({len(values)} in all)" if len(values) > limit else "")


def key_for(unit, *tables: pd.DataFrame) -> list[str]:
    """The unit key: doc_id + seg_id for segments, doc_id for documents (inferred when ``unit`` is None)."""
    if unit is None:
        return ["doc_id", "seg_id"] if all("seg_id" in t.columns for t in tables) else ["doc_id"]
    check_choice("unit", unit, UNITS)
    return ["doc_id"] if unit == "document" else ["doc_id", "seg_id"]


def norm_keys(table: pd.DataFrame, key: list[str], name: str, hint: str = "") -> pd.DataFrame:
    """A copy of ``table`` with ``doc_id`` as str and ``seg_id`` as int (missing or bad values are errors)."""
    check_columns(table, key, table_name=name, hint=hint)
    out = table.copy()
    bad = out["doc_id"].isna()
    if bad.any():
        raise ValueError(f"{name} has a missing doc_id in row(s) {listed(out.index[bad].tolist())}; every unit "
                         "needs the id of its document.")
    out["doc_id"] = out["doc_id"].astype(str)
    if "seg_id" in key:
        seg = pd.to_numeric(out["seg_id"], errors="coerce")
        bad = seg.isna() | (seg % 1 != 0)
        if bad.any():
            raise ValueError(f"{name} has a missing or non-integer seg_id in row(s) "
                             f"{listed(out.index[bad].tolist())}; seg_id is the 0-based segment number.")
        out["seg_id"] = seg.astype("int64")
    return out


def unit_ids(units: pd.DataFrame, key: list[str]) -> pd.Series:
    """Each unit's id: ``"doc_id:seg_id"``, or ``doc_id`` for documents."""
    if key == ["doc_id"]:
        return units["doc_id"].astype(str)
    return units["doc_id"].astype(str) + ":" + units["seg_id"].astype(str)


def theme_list(themes, default, name: str = "themes") -> list[str]:
    """``themes`` (or ``default`` when None) as a list of distinct names, none of them a sheet column."""
    if themes is None:
        themes = default
    themes = [themes] if isinstance(themes, str) else list(themes)
    bad = [t for t in themes if not isinstance(t, str) or not t.strip() or t in RESERVED]
    if bad or not themes:
        raise ValueError(f"{name}={themes!r} is not allowed; give one or more theme names (not "
                         f"{', '.join(sorted(RESERVED))}).")
    dup = sorted({t for t in themes if themes.count(t) > 1})
    if dup:
        raise ValueError(f"{name} names {listed(dup)} more than once.")
    return themes


def labels01(values: pd.Series, where: str, units: pd.Series) -> pd.Series:
    """``values`` as Int64 0/1/<NA>; any other value is an error naming the units."""
    num = pd.to_numeric(values, errors="coerce")
    bad = (values.notna() & num.isna()) | (num.notna() & ~num.isin([0, 1]))
    if bad.any():
        pairs = list(zip(units[bad], values[bad]))[:5]
        shown = ", ".join(f"{u!r}: {v.item() if isinstance(v, np.generic) else v!r}" for u, v in pairs)
        raise ValueError(f"{where} holds values other than 0, 1 or missing ({shown}).")
    return num.astype("Int64")
