"""Excel through openpyxl, shared by the workbook writer (export) and the coding sheets (validation).

openpyxl is optional (the ``excel`` extra): :func:`require_openpyxl` imports
it or raises an ImportError that says what to install; nothing here imports
it at module level.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["EXCEL_ROWS", "EXCEL_CELL", "require_openpyxl", "fill_sheet", "unfit_cells"]

#: Rows of an Excel sheet, the header included.
EXCEL_ROWS = 1_048_576
#: Characters of an Excel cell.
EXCEL_CELL = 32_767


def require_openpyxl(what: str, instead: str):
    """openpyxl, or an ImportError saying that ``what`` needs it, how to install it, or to ``instead``."""
    try:
        import openpyxl
    except ImportError:
        raise ImportError(
            f"{what} needs the optional package 'openpyxl', which is not installed. Install the extra with "
            f'`pip install "toolkit[excel]"` (or `pip install openpyxl`), or {instead}.'
        ) from None
    return openpyxl


def fill_sheet(ws, table: pd.DataFrame) -> None:
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


def unfit_cells(values: pd.Series) -> pd.Series:
    """True where a value, as text, cannot go into an Excel cell (too long, or a control character)."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    text = values.astype(str)
    return (text.str.len() > EXCEL_CELL) | text.str.contains(ILLEGAL_CHARACTERS_RE.pattern, regex=True)
