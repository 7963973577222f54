"""Writing tables for people who work in spreadsheets: several tables, one Excel workbook."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = ["write_tables"]

_EXCEL_ROWS = 1_048_576  # rows of an Excel sheet, the header included
_EXCEL_CELL = 32_767  # characters of an Excel cell
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def _openpyxl(what: str, instead: str):
    """openpyxl, or an ImportError that names the extra to install."""
    try:
        import openpyxl
    except ImportError:
        raise ImportError(
            f"{what} needs the optional package 'openpyxl', which is not installed. Install the extra with "
            f'`pip install "toolkit[excel]"` (or `pip install openpyxl`), or {instead}.'
        ) from None
    return openpyxl


def _sheet_names(names) -> list[str]:
    """Valid, unique Excel sheet names: at most 31 characters, none of []:*?/\\, no ' at either end."""
    used: set[str] = set()
    out = []
    for name in names:
        base = _SHEET_BAD.sub("_", str(name)).strip("'")[:31] or "Sheet"
        if base.lower() == "history":  # reserved by Excel
            base = "History_"
        sheet, k = base, 1
        while sheet.lower() in used:
            k += 1
            sheet = f"{base[: 31 - len(str(k)) - 1]}~{k}"
        used.add(sheet.lower())
        out.append(sheet)
    return out


def _fill_sheet(ws, table: pd.DataFrame) -> None:
    """Header and rows of ``table``; missing values and "" as blank cells, strings never read as formulas."""
    frame = table.copy()
    for c in frame.columns:
        if isinstance(frame[c].dtype, pd.DatetimeTZDtype):  # Excel has no time zones: local time, zone dropped
            frame[c] = frame[c].dt.tz_localize(None)
    frame = frame.astype(object)
    frame = frame.where(frame.notna(), None)
    ws.append([str(c) for c in frame.columns])
    for values in frame.itertuples(index=False):
        ws.append([v.item() if isinstance(v, np.generic) else (None if isinstance(v, str) and v == "" else v)
                   for v in values])
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # a text starting with "=" stays text, never a formula
    ws.freeze_panes = "A2"


def _check_cells(name, table: pd.DataFrame) -> None:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if len(table) >= _EXCEL_ROWS:
        raise ValueError(f"table {name!r} has {len(table):,} rows; an Excel sheet holds {_EXCEL_ROWS - 1:,} below its "
                         "header. Write it as CSV or Parquet (table.to_parquet(path)) instead.")
    for column in table.columns:
        values = table[column]
        if not (values.dtype == object or pd.api.types.is_string_dtype(values)):
            continue
        text = values.astype(str)
        bad = (text.str.len() > _EXCEL_CELL) | text.str.contains(ILLEGAL_CHARACTERS_RE.pattern, regex=True)
        if bad.any():
            row = int(np.flatnonzero(bad.to_numpy(dtype=bool))[0])
            raise ValueError(f"table {name!r}, row {row} (0-based), column {column!r}: the value cannot go into an "
                             "Excel cell (longer than 32,767 characters, or holding a control character such as a "
                             "form feed); write that table as CSV or Parquet, or clean the text first.")


def write_tables(tables: Mapping[str, pd.DataFrame], path) -> dict[str, str]:
    """Write several tables to one Excel workbook, one sheet per table.

    Sheet names are the table names made valid for Excel (at most 31
    characters, none of ``[ ] : * ? / \\``) and unique (``~2``, ``~3`` ...
    added to a name already used, ignoring case). The index is not written;
    missing values and empty strings become blank cells; time-zone-aware
    datetimes are written as their local time without the zone (Excel has
    no time zones); text is never read as a formula. The tables are not
    modified. Needs the optional package openpyxl (``pip install
    "toolkit[excel]"``).

    Parameters
    ----------
    tables : dict of str to pandas.DataFrame
        Name → table, in the order the sheets should have.
    path : str or pathlib.Path
        The ``.xlsx`` file to write (replaced if it exists; its folder is
        created if missing).

    Returns
    -------
    dict of str to str
        Table name → the sheet name it got, in sheet order.

    Raises
    ------
    ImportError
        openpyxl is not installed (the message names the extra to install).
    ValueError
        ``path`` does not end in ``.xlsx``; ``tables`` is empty; a table has
        more rows than a sheet holds, or a text that no Excel cell can hold
        (the message names the table, row and column).
    TypeError
        A value of ``tables`` is not a DataFrame.

    Examples
    --------
    >>> import tempfile, pandas as pd, toolkit as tk
    >>> counts = pd.DataFrame({"term": ["aman", "negara"], "count": [3, 2]})
    >>> docs = pd.DataFrame({"doc_id": ["a"], "title": ["Kerja sama"]})
    >>> with tempfile.TemporaryDirectory() as out:
    ...     write_tables({"top terms: all": counts, "docs": docs, "Docs": docs}, out + "/tables.xlsx")
    {'top terms: all': 'top terms_ all', 'docs': 'docs', 'Docs': 'Docs~2'}
    """
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise ValueError(f"path={str(path)!r} is not allowed; give a file name ending in .xlsx.")
    if not isinstance(tables, Mapping) or not tables:
        raise ValueError("tables must be a non-empty dict of name -> DataFrame.")
    for name, table in tables.items():
        if not isinstance(table, pd.DataFrame):
            raise TypeError(f"tables[{name!r}] is a {type(table).__name__}, not a DataFrame.")
    openpyxl = _openpyxl("Writing an Excel workbook", "write each table with table.to_csv(path)")
    for name, table in tables.items():
        _check_cells(name, table)
    sheets = dict(zip(tables, _sheet_names(tables)))
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, table in tables.items():
        _fill_sheet(wb.create_sheet(sheets[name]), table)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return sheets
