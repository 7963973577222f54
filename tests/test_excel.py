"""Tests for toolkit._excel: the openpyxl helpers that write_tables and the coding sheets share."""

from __future__ import annotations

import sys

import pandas as pd
import pytest

from toolkit._excel import EXCEL_CELL, fill_sheet, require_openpyxl, unfit_cells

openpyxl = pytest.importorskip("openpyxl")


def test_require_openpyxl_names_the_extra_and_the_way_around(monkeypatch):
    assert require_openpyxl("Anything", "do without") is openpyxl
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    with pytest.raises(ImportError, match=r"^Writing X needs the optional package 'openpyxl'.*"
                                          r'pip install "toolkit\[excel\]".*, or write a CSV instead\.$'):
        require_openpyxl("Writing X", "write a CSV instead")


def test_unfit_cells_marks_long_texts_and_control_characters():
    values = pd.Series(["baik", "a" * EXCEL_CELL, "a" * (EXCEL_CELL + 1), "halaman\x0cdua", "tab\tdan\nbaris", None])
    assert unfit_cells(values).tolist() == [False, False, True, True, False, False]
    assert EXCEL_CELL == 32_767


def test_fill_sheet_blanks_missing_values_and_never_writes_formulas():
    ws = openpyxl.Workbook().active
    table = pd.DataFrame({"term": ["=1+1", "", None], "count": pd.array([3, None, 1], dtype="Int64")})
    fill_sheet(ws, table)
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    assert rows == [["term", "count"], ["=1+1", 3], [None, None], [None, 1]]
    assert ws["A2"].data_type == "s" and ws.freeze_panes == "A2"
