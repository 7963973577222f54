"""Tests for toolkit.export: write_tables (several tables, one Excel workbook)."""

from __future__ import annotations

import sys

import pandas as pd
import pytest

import toolkit as tk

openpyxl = pytest.importorskip("openpyxl")


def test_one_sheet_per_table_with_valid_unique_names(tmp_path):
    t = pd.DataFrame({"a": [1]})
    names = {
        "top terms: all/2019": t,          # : and / are not allowed in a sheet name
        "x" * 40: t,                       # 31 characters at most
        "x" * 31 + "y": t,                 # the same 31 characters: made unique
        "Docs": t,
        "docs": t,                         # unique ignoring case, as Excel compares them
        "[rates]": t,
        "'quoted'": t,                     # no apostrophe at either end
        "": t,
    }
    sheets = tk.write_tables(names, tmp_path / "out.xlsx")
    assert list(sheets.values()) == [
        "top terms_ all_2019", "x" * 31, "x" * 29 + "~2", "Docs", "docs~2", "_rates_", "quoted", "Sheet"]
    assert openpyxl.load_workbook(tmp_path / "out.xlsx").sheetnames == list(sheets.values())


def test_values_round_trip(tmp_path):
    table = pd.DataFrame({
        "doc_id": ["a", "b", "c"],
        "title": ["=SUM(A1:A2)", "", None],  # text stays text; "" and missing are blank cells
        "count": [3, 0, 1],
        "rate": [1.5, float("nan"), 2.0],
        "date": pd.to_datetime(["2019-09-13 10:00", "2019-09-14 08:30", None]).tz_localize("Asia/Jakarta"),
    })
    before = table.copy()
    tk.write_tables({"docs": table}, tmp_path / "sub" / "t.xlsx")  # the folder is created
    pd.testing.assert_frame_equal(table, before)  # not modified
    ws = openpyxl.load_workbook(tmp_path / "sub" / "t.xlsx")["docs"]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    assert rows[0] == ["doc_id", "title", "count", "rate", "date"]
    assert rows[1][:4] == ["a", "=SUM(A1:A2)", 3, 1.5] and ws["B2"].data_type == "s"
    assert rows[2][1:4] == [None, 0, None] and rows[3][1] is None and rows[3][4] is None
    assert str(rows[1][4]) == "2019-09-13 10:00:00"  # Jakarta local time, zone dropped
    assert ws.freeze_panes == "A2"


def test_errors_name_the_problem(tmp_path):
    t = pd.DataFrame({"a": [1]})
    with pytest.raises(ValueError, match=r"\.xlsx"):
        tk.write_tables({"t": t}, tmp_path / "t.csv")
    with pytest.raises(ValueError, match="non-empty"):
        tk.write_tables({}, tmp_path / "t.xlsx")
    with pytest.raises(TypeError, match=r"tables\['t'\] is a list"):
        tk.write_tables({"t": [1, 2]}, tmp_path / "t.xlsx")
    bad = pd.DataFrame({"doc_id": ["a", "b"], "text": ["baik", "halaman\x0cdua"]})  # a form feed
    with pytest.raises(ValueError, match=r"table 'docs', row 1 \(0-based\), column 'text'"):
        tk.write_tables({"ok": t, "docs": bad}, tmp_path / "t.xlsx")
    assert not (tmp_path / "t.xlsx").exists()


def test_missing_openpyxl_names_the_extra(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    with pytest.raises(ImportError, match=r'pip install "toolkit\[excel\]"'):
        tk.write_tables({"t": pd.DataFrame({"a": [1]})}, tmp_path / "t.xlsx")
    assert not (tmp_path / "t.xlsx").exists()
