"""Writing tables for people who work in spreadsheets: several tables, one Excel workbook."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from ._excel import EXCEL_ROWS, fill_sheet, require_openpyxl, unfit_cells

__all__ = ["write_tables"]

_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


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


def _check_cells(name, table: pd.DataFrame) -> None:
    if len(table) >= EXCEL_ROWS:
        raise ValueError(f"table {name!r} has {len(table):,} rows; an Excel sheet holds {EXCEL_ROWS - 1:,} below its "
                         "header. Write it as CSV or Parquet (table.to_parquet(path)) instead.")
    for column in table.columns:
        values = table[column]
        if not (values.dtype == object or pd.api.types.is_string_dtype(values)):
            continue
        bad = unfit_cells(values)
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
    openpyxl = require_openpyxl("Writing an Excel workbook", "write each table with table.to_csv(path)")
    for name, table in tables.items():
        _check_cells(name, table)
    sheets = dict(zip(tables, _sheet_names(tables)))
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, table in tables.items():
        fill_sheet(wb.create_sheet(sheets[name]), table)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return sheets
