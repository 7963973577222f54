"""The validation workflow: sampling, coding sheets, agreement, precision/recall with bootstrap intervals.

Every expected number here is worked by hand in a comment (or recomputed by
an independent plain-Python loop), never copied from the code's output.
"""

from __future__ import annotations

import hashlib
import math
import sys
import warnings
from importlib import resources

import numpy as np
import pandas as pd
import pytest

import toolkit as tk
from toolkit import validation as val
from toolkit.errors import ColumnError, CorpusError, EmptyTextWarning
from toolkit.validation.sheets import _card_definition


# --------------------------------------------------------------------------- helpers


def _docs() -> pd.DataFrame:
    """Three documents, seven paragraphs: a has 3, b has 2, c has 2."""
    return pd.DataFrame({
        "doc_id": ["a", "b", "c"],
        "title": ["Perbatasan", "Kerja sama", "Cuaca"],
        "date": ["2024-01-01", "2024-01-02", "2024-01-03"],
        "source": ["kompas", "tempo", "kompas"],
        "author": ["x", "y", "z"],
        "text": [
            "Pasukan menjaga perbatasan.\n\nCuaca cerah.\n\nHarga beras naik.",
            "Kedua negara memperkuat kerja sama.\n\nJalan tol baru dibuka.",
            "Hujan deras di Jakarta.\n\nASEAN bertemu di Jakarta.",
        ],
    })


def _priority(seed, unit_id):
    """The documented draw, recomputed here: first 8 bytes of BLAKE2b of "<seed>\\x1f<unit_id>", big-endian."""
    return int.from_bytes(hashlib.blake2b(f"{seed}\x1f{unit_id}".encode(), digest_size=8).digest(), "big")


def _filled_csv(path, labels: dict, column="security"):
    """Fill one theme column of a CSV sheet as a coder would (labels: unit_id -> cell text)."""
    sheet = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    sheet[column] = sheet["unit_id"].map(labels).fillna("")
    sheet.to_csv(path, index=False, encoding="utf-8")


def _sample(n_units=3):
    ids = [f"d{i}:0" for i in range(n_units)]
    return pd.DataFrame({"unit_id": ids, "doc_id": [f"d{i}" for i in range(n_units)], "seg_id": 0,
                         "text": [f"Paragraf nomor {i}." for i in range(n_units)]})


# --------------------------------------------------------------------------- sample_for_coding


def test_sample_is_the_documented_hash_draw_and_ignores_row_order():
    docs = _docs()
    s = tk.sample_for_coding(docs, 3, seed=7)
    population = [f"{d}:{i}" for d, k in (("a", 3), ("b", 2), ("c", 2)) for i in range(k)]
    expected = sorted(sorted(population, key=lambda u: _priority(7, u))[:3])
    assert s["unit_id"].tolist() == expected
    shuffled = tk.sample_for_coding(docs.iloc[[2, 0, 1]].reset_index(drop=True), 3, seed=7)
    pd.testing.assert_frame_equal(s, shuffled)
    # same seed, larger n: the first sample is kept
    assert set(expected) <= set(tk.sample_for_coding(docs, 5, seed=7)["unit_id"])


def test_sample_columns_texts_metadata_and_weights():
    s = tk.sample_for_coding(_docs(), 7)
    assert s.columns.tolist() == ["unit_id", "doc_id", "seg_id", "text", "title", "date", "source", "stratum",
                                  "inclusion_prob", "sampling_weight"]
    assert s["unit_id"].tolist() == ["a:0", "a:1", "a:2", "b:0", "b:1", "c:0", "c:1"]
    assert s.loc[4, "text"] == "Jalan tol baru dibuka."
    assert s.loc[4, "title"] == "Kerja sama" and s.loc[4, "source"] == "tempo"
    assert (s["stratum"] == "all").all()
    assert (s["inclusion_prob"] == 1.0).all() and (s["sampling_weight"] == 1.0).all()
    two = tk.sample_for_coding(_docs(), 2)
    assert two["inclusion_prob"].tolist() == [2 / 7, 2 / 7]
    assert two["sampling_weight"].tolist() == [3.5, 3.5]


def test_sample_of_documents_and_sentences():
    s = tk.sample_for_coding(_docs(), 3, unit="document")
    assert s["unit_id"].tolist() == ["a", "b", "c"] and "seg_id" not in s.columns
    assert s.loc[0, "text"] == _docs().loc[0, "text"]
    docs = pd.DataFrame({"doc_id": ["a"], "text": ["Xi tiba. Dia disambut.\n\nTokayev bicara."]})
    sent = tk.sample_for_coding(docs, 3, unit="sentence")
    assert sent["text"].tolist() == ["Xi tiba.", "Dia disambut.", "Tokayev bicara."]
    assert sent["seg_id"].tolist() == [0, 1, 2]


def test_sample_from_a_tokens_table_rebuilds_the_texts():
    docs = pd.DataFrame({"doc_id": ["a", "b"], "text": [
        "Pasukan  menjaga perbatasan!\n\n\"Kami siap,\" kata Xi.", "Jalan tol baru dibuka."]})
    tokens = tk.prepare(docs, progress=False)
    s = tk.sample_for_coding(tokens, 3)
    # the opening quote of a:1 comes before its first token and is not in a tokens table (documented)
    assert s["text"].tolist() == ["Pasukan  menjaga perbatasan!", "Kami siap,\" kata Xi.", "Jalan tol baru dibuka."]
    assert s["unit_id"].tolist() == ["a:0", "a:1", "b:0"]
    whole = tk.sample_for_coding(tokens, 2, unit="document")
    assert whole["text"].tolist() == ["Pasukan  menjaga perbatasan!\n\nKami siap,\" kata Xi.",
                                      "Jalan tol baru dibuka."]


def _detected_for_strata():
    """20 units of 4 documents (5 paragraphs each); security present in 2, connectivity in 5 (one shared)."""
    rows = []
    security = {("d0", 0), ("d1", 1)}
    connectivity = {("d1", 1), ("d2", 0), ("d2", 1), ("d3", 2), ("d3", 4)}
    for d in ("d0", "d1", "d2", "d3"):
        for s in range(5):
            rows.append({"doc_id": d, "seg_id": s, "theme": "security", "present": (d, s) in security})
            rows.append({"doc_id": d, "seg_id": s, "theme": "connectivity", "present": (d, s) in connectivity})
    return pd.DataFrame(rows)


def _twenty_units():
    return pd.DataFrame({"doc_id": ["d0", "d1", "d2", "d3"],
                         "text": ["\n\n".join(f"Paragraf {d} {s}." for s in range(5)) for d in range(4)]})


def test_stratified_by_detected_themes_follows_the_allocation_rule():
    # Strata: the shared unit d1:1 goes to its rarest theme, security (2 units present, against 5), so
    # security = {d0:0, d1:1} (2 units), connectivity = the other 4, none = 20 - 6 = 14.
    # n = 9 over 3 strata: share 3 each; security is capped at 2, connectivity gets 3, none 3 (8 drawn);
    # the last unit (fewer than the 2 open strata) goes to the smallest open stratum: connectivity (4).
    # So security 2 of 2 (weight 1), connectivity 4 of 4 (weight 1), none 3 of 14 (weight 14/3).
    s = tk.sample_for_coding(_twenty_units(), 9, stratify_by=_detected_for_strata(), seed=3)
    counts = s["stratum"].value_counts().to_dict()
    assert counts == {"security": 2, "connectivity": 4, "none": 3}
    assert set(s.loc[s["stratum"] == "security", "unit_id"]) == {"d0:0", "d1:1"}
    assert set(s.loc[s["stratum"] == "connectivity", "unit_id"]) == {"d2:0", "d2:1", "d3:2", "d3:4"}
    weights = s.groupby("stratum")["sampling_weight"].first().to_dict()
    assert weights == {"security": 1.0, "connectivity": 1.0, "none": pytest.approx(14 / 3)}
    # the "none" units are the 3 with the smallest documented hash among the 14
    none = [f"d{d}:{k}" for d in range(4) for k in range(5)]
    none = [u for u in none if u not in {"d0:0", "d1:1", "d2:0", "d2:1", "d3:2", "d3:4"}]
    assert set(s.loc[s["stratum"] == "none", "unit_id"]) == set(sorted(none, key=lambda u: _priority(3, u))[:3])
    # weighted back, the sample stands for the whole population
    assert s["sampling_weight"].sum() == pytest.approx(20)


def test_stratified_by_document_folds_a_segment_table():
    s = tk.sample_for_coding(_twenty_units(), 4, unit="document", stratify_by=_detected_for_strata())
    # documents: d0 security; d1 security (rarer than connectivity); d2, d3 connectivity; no "none"
    assert dict(zip(s["unit_id"], s["stratum"])) == {"d0": "security", "d1": "security", "d2": "connectivity",
                                                     "d3": "connectivity"}


def test_stratified_by_a_column():
    s = tk.sample_for_coding(_docs(), 4, stratify_by="source")
    # kompas: a (3) + c (2) = 5 paragraphs, tempo: 2; share 2 each -> 2 of 5 and 2 of 2
    assert s["stratum"].value_counts().to_dict() == {"kompas": 2, "tempo": 2}
    assert s.groupby("stratum")["sampling_weight"].first().to_dict() == {"kompas": 2.5, "tempo": 1.0}
    with pytest.raises(ColumnError, match="'outlet'"):
        tk.sample_for_coding(_docs(), 4, stratify_by="outlet")


def test_sample_errors_and_warnings():
    docs = _docs()
    for bad in (0, -1, 2.5, True):
        with pytest.raises(ValueError, match="n="):
            tk.sample_for_coding(docs, bad)
    with pytest.raises(ValueError, match="unit='chapter'"):
        tk.sample_for_coding(docs, 2, unit="chapter")
    with pytest.raises(ValueError, match="smaller than the number of strata"):
        tk.sample_for_coding(_twenty_units(), 2, stratify_by=_detected_for_strata())
    with pytest.warns(UserWarning, match="every unit is returned"):
        everything = tk.sample_for_coding(docs, 100)
    assert len(everything) == 7
    with pytest.raises(ColumnError, match="'text'"):
        tk.sample_for_coding(docs.drop(columns="text"), 2)
    with pytest.raises(ValueError, match="missing doc_id"):
        tk.sample_for_coding(docs.assign(doc_id=["a", None, "c"]), 2)
    incomplete = _detected_for_strata().query("doc_id != 'd3'")
    with pytest.raises(ValueError, match="no rows for 5 unit"):
        tk.sample_for_coding(_twenty_units(), 6, stratify_by=incomplete)


def test_empty_texts_are_reported_not_sampled():
    docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "text": ["Pasukan berjaga.", "   ", None]})
    with pytest.warns(EmptyTextWarning, match=r"2 document\(s\).*'b', 'c'"):
        s = tk.sample_for_coding(docs, 1)
    assert s["unit_id"].tolist() == ["a:0"]
    with pytest.raises(ValueError, match="no unit with text"), warnings.catch_warnings():
        warnings.simplefilter("ignore", EmptyTextWarning)
        tk.sample_for_coding(docs.iloc[1:], 1)


def test_sampling_does_not_modify_its_input():
    docs, detected = _twenty_units(), _detected_for_strata()
    before = (docs.copy(deep=True), detected.copy(deep=True))
    tk.sample_for_coding(docs, 9, stratify_by=detected)
    pd.testing.assert_frame_equal(docs, before[0])
    pd.testing.assert_frame_equal(detected, before[1])


# --------------------------------------------------------------------------- coding sheets


def test_csv_sheet_round_trip_with_codebook(tmp_path):
    sample = tk.sample_for_coding(_docs(), 7)
    sheet = tk.write_coding_sheet(sample, tmp_path / "sheets" / "anna.csv", themes=["security", "maritime"],
                                  codebook={"maritime": "Seas, ports and navies."})
    raw = pd.read_csv(sheet, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert raw.columns.tolist() == ["unit_id", "doc_id", "seg_id", "text", "text_sha1", "security", "maritime",
                                    "notes"]
    assert (raw[["security", "maritime", "notes"]] == "").all().all()
    assert raw.loc[0, "text_sha1"] == hashlib.sha1(b"Pasukan menjaga perbatasan.").hexdigest()[:12]
    assert sheet.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM: Excel reads it as UTF-8
    book = (tmp_path / "sheets" / "anna.codebook.md").read_text(encoding="utf-8")
    assert "## security" in book and _card_definition("security") in book
    assert "Seas, ports and navies." in book and "given by the user" in book
    _filled_csv(sheet, {"a:0": "1", "a:1": "0", "b:0": "1.0", "c:1": " 0 "})
    coded = tk.read_coding_sheet(sheet, coder="anna")
    assert coded.columns.tolist() == ["unit_id", "doc_id", "seg_id", "text", "security", "maritime", "notes",
                                      "coder"]
    assert str(coded["security"].dtype) == "Int64" and str(coded["seg_id"].dtype) == "int64"
    assert coded["security"].tolist()[:4] == [1, 0, pd.NA, 1]
    assert coded["security"].isna().sum() == 3 and coded["maritime"].isna().all()
    assert (coded["coder"] == "anna").all() and coded["text"].tolist() == sample["text"].tolist()


def test_default_themes_and_unknown_theme_definitions(tmp_path):
    sheet = tk.write_coding_sheet(_sample(), tmp_path / "s.csv", themes=None)
    header = sheet.read_text(encoding="utf-8-sig").splitlines()[0].split(",")
    assert header[5:9] == ["security", "connectivity", "multilateralism", "cooperation"]
    book = (tmp_path / "s.codebook.md").read_text(encoding="utf-8")
    assert book.count("lexicon card toolkit/data/lexicons/") == 4
    tk.write_coding_sheet(_sample(), tmp_path / "t.csv", themes=["security/terrorism", "health"])
    book = (tmp_path / "t.codebook.md").read_text(encoding="utf-8")
    assert book.count("No definition given: write one before coding.") == 2


def test_card_definition_is_the_scope_paragraph():
    card = (resources.files("toolkit") / "data" / "lexicons" / "connectivity.md").read_text(encoding="utf-8")
    scope = card.split("## Scope", 1)[1].strip().split("\n\n")[0]
    plain = " ".join(line.strip() for line in scope.splitlines()).replace("*", "")
    assert _card_definition("connectivity") == plain and len(plain) > 40
    assert _card_definition("no_such_theme") is None


def test_xlsx_sheet_round_trip(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    sample = _sample(3)
    sample.loc[2, "text"] = "=1+1 bukan rumus"
    path = tk.write_coding_sheet(sample, tmp_path / "budi.xlsx", themes=["security", "connectivity"])
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["coding", "codebook"]
    ws = wb["coding"]
    assert [c.value for c in ws[1]] == ["unit_id", "doc_id", "seg_id", "text", "text_sha1", "security",
                                        "connectivity", "notes"]
    assert ws["D4"].value == "=1+1 bukan rumus" and ws["D4"].data_type == "s"
    assert ws.data_validations.dataValidation[0].formula1 == '"0,1"'
    book = {r[0].value: r[1].value for r in wb["codebook"].iter_rows(min_row=2) if r[0].value}
    assert book["security"] == _card_definition("security")
    ws["F2"], ws["F3"], ws["G2"], ws["H3"] = 1, 0, 0, "ragu"
    wb.save(path)
    coded = tk.read_coding_sheet(path)
    assert coded["security"].tolist() == [1, 0, pd.NA]
    assert coded["connectivity"].tolist() == [0, pd.NA, pd.NA]
    assert coded["notes"].tolist() == ["", "ragu", ""]
    assert coded.loc[2, "text"] == "=1+1 bukan rumus"


def test_bad_labels_name_the_row_unit_and_column(tmp_path):
    sheet = tk.write_coding_sheet(_sample(4), tmp_path / "c.csv", themes=["security"])
    _filled_csv(sheet, {"d0:0": "1", "d1:0": "2", "d2:0": "yes", "d3:0": "0.5"})
    with pytest.raises(CorpusError) as err:
        tk.read_coding_sheet(sheet)
    message = str(err.value)
    assert err.value.path == str(sheet) and message.startswith(str(sheet))
    # header is row 1, so the unit d1:0 (second unit) is row 3
    assert "row 3 (unit_id 'd1:0'), column 'security': '2' is not 0, 1 or blank" in message
    assert "row 4 (unit_id 'd2:0'), column 'security': 'yes'" in message
    assert "row 5 (unit_id 'd3:0'), column 'security': '0.5'" in message
    assert "3 problems" in message


def test_bad_labels_in_excel_name_the_row(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    path = tk.write_coding_sheet(_sample(3), tmp_path / "c.xlsx", themes=["security"])
    wb = openpyxl.load_workbook(path)
    wb["coding"]["F4"] = 2
    wb["coding"]["F3"] = True
    wb.save(path)
    with pytest.raises(CorpusError, match=r"row 4 \(unit_id 'd2:0'\), column 'security': '2'") as err:
        tk.read_coding_sheet(path)
    assert "row 3 (unit_id 'd1:0'), column 'security': 'TRUE'" in str(err.value)


def test_changed_text_and_repeated_units_are_errors(tmp_path):
    sheet = tk.write_coding_sheet(_sample(3), tmp_path / "c.csv", themes=["security"])
    raw = pd.read_csv(sheet, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    raw.loc[1, "text"] = "Paragraf nomor satu."
    raw.loc[2, "unit_id"] = "d0:0"
    raw.to_csv(sheet, index=False)
    with pytest.raises(CorpusError) as err:
        tk.read_coding_sheet(sheet)
    assert "row 3 (unit_id 'd1:0'), column 'text': the text does not match its text_sha1" in str(err.value)
    assert "row 4, column 'unit_id': 'd0:0' repeats row 2" in str(err.value)


def test_line_endings_do_not_break_the_checksum(tmp_path):
    sample = _sample(1).assign(text=["Baris satu\nbaris dua."])
    sheet = tk.write_coding_sheet(sample, tmp_path / "c.csv", themes=["security"])
    sheet.write_bytes(sheet.read_bytes().replace(b"satu\nbaris", b"satu\r\nbaris"))
    assert tk.read_coding_sheet(sheet)["text"].tolist() == ["Baris satu\nbaris dua."]


def test_semicolon_csv_as_excel_saves_it_in_indonesian(tmp_path):
    sheet = tk.write_coding_sheet(_sample(2), tmp_path / "c.csv", themes=["security"])
    raw = pd.read_csv(sheet, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    raw["security"] = ["1", "0"]
    raw.to_csv(sheet, index=False, sep=";")
    assert tk.read_coding_sheet(sheet)["security"].tolist() == [1, 0]


def test_missing_columns_name_the_file_and_column(tmp_path):
    sheet = tk.write_coding_sheet(_sample(2), tmp_path / "c.csv", themes=["security"])
    raw = pd.read_csv(sheet, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    raw.drop(columns="text_sha1").to_csv(sheet, index=False)
    with pytest.raises(ColumnError, match=r"c\.csv: the coding sheet lacks the column\(s\) 'text_sha1'"):
        tk.read_coding_sheet(sheet)
    raw.to_csv(sheet, index=False)
    with pytest.raises(ColumnError, match="'cooperation'"):
        tk.read_coding_sheet(sheet, themes=["security", "cooperation"])


def test_sheet_writing_checks(tmp_path):
    sheet = tk.write_coding_sheet(_sample(), tmp_path / "c.csv", themes=["security"])
    with pytest.raises(FileExistsError, match="overwrite=True"):
        tk.write_coding_sheet(_sample(), sheet, themes=["security"])
    tk.write_coding_sheet(_sample(), sheet, themes=["security"], overwrite=True)
    with pytest.raises(ValueError, match="path suffix='.txt'"):
        tk.write_coding_sheet(_sample(), tmp_path / "c.txt")
    with pytest.raises(ValueError, match="codebook names theme"):
        tk.write_coding_sheet(_sample(), tmp_path / "d.csv", themes=["security"], codebook={"securty": "x"})
    with pytest.raises(ValueError, match="themes="):
        tk.write_coding_sheet(_sample(), tmp_path / "e.csv", themes=["text"])
    with pytest.raises(ValueError, match="missing or empty text"):
        tk.write_coding_sheet(_sample().assign(text=["a", None, "c"]), tmp_path / "f.csv")
    with pytest.raises(ColumnError, match="'unit_id'"):
        tk.write_coding_sheet(_sample().drop(columns="unit_id"), tmp_path / "g.csv")


def test_missing_openpyxl_names_the_extra(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    with pytest.raises(ImportError, match=r'toolkit\[excel\]'):
        tk.write_coding_sheet(_sample(), tmp_path / "c.xlsx")
    assert not (tmp_path / "c.xlsx").exists()


# --------------------------------------------------------------------------- agreement


def _coding(labels, coder=None, theme="security"):
    ids = [f"d{i}:0" for i in range(len(labels))]
    table = pd.DataFrame({"unit_id": ids, theme: pd.array(labels, dtype="Int64")})
    if coder:
        table["coder"] = coder
    return table


def test_agreement_two_coders_hand_worked():
    # 10 units. anna: 1 1 1 1 0 0 0 0 0 0; budi: 1 1 1 0 1 0 0 0 0 0.
    # Observed agreement Ao = 8/10 = 0.8 (units 4 and 5 differ).
    # Cohen: each coder says 1 on 4 of 10 units: Ae = 0.4*0.4 + 0.6*0.6 = 0.52,
    #        kappa = (0.8 - 0.52) / (1 - 0.52) = 0.28 / 0.48 = 7/12.
    # Krippendorff (nominal): coincidence matrix over 20 pairable values:
    #        o11 = 3 units * 2 = 6, o00 = 5 * 2 = 10, o01 = o10 = 2; n1 = 8, n0 = 12, n = 20;
    #        alpha = 1 - (n - 1) * o01 / (n0 * n1) = 1 - 19 * 2 / 96 = 58/96 = 29/48.
    anna = _coding([1, 1, 1, 1, 0, 0, 0, 0, 0, 0], "anna")
    budi = _coding([1, 1, 1, 0, 1, 0, 0, 0, 0, 0], "budi")
    a = tk.agreement(anna, budi)
    assert a.columns.tolist() == ["theme", "n_units", "n_units_alpha", "coders", "percent_agreement",
                                  "cohen_kappa", "krippendorff_alpha"]
    row = a.iloc[0]
    assert row["theme"] == "security" and row["coders"] == "anna, budi"
    assert row["n_units"] == 10 and row["n_units_alpha"] == 10
    assert row["percent_agreement"] == pytest.approx(0.8)
    assert row["cohen_kappa"] == pytest.approx(7 / 12)
    assert row["krippendorff_alpha"] == pytest.approx(29 / 48)


def test_agreement_three_coders_with_a_missing_value():
    # units: u0 = (1, 1, 1), u1 = (0, 0, 0), u2 = (1, 0, -), u3 = (0, 0, 1), u4 = (1, -, -)
    # Alpha uses every unit with 2+ values (u0..u3; u4 has one value and is left out).
    #   coincidences, each ordered pair of values in a unit weighted 1 / (m_u - 1):
    #   u0: o11 += 6/2 = 3; u1: o00 += 3; u2 (m = 2): o10 += 1, o01 += 1;
    #   u3 (0, 0, 1): o00 += 2/2 = 1, o01 += 2/2 = 1, o10 += 1.
    #   o00 = 4, o11 = 3, o01 = o10 = 2; n0 = 6, n1 = 5, n = 11.
    #   alpha = 1 - (n - 1) * o01 / (n0 * n1) = 1 - 10 * 2 / 30 = 1/3.
    # Kappa and percent agreement use the units every coder coded: u0, u1, u3.
    #   A = 1 0 0, B = 1 0 0, C = 1 0 1.
    #   A-B: Ao = 1, Ae = (1/3)(1/3) + (2/3)(2/3) = 5/9, kappa = 1.
    #   A-C: Ao = 2/3, Ae = (1/3)(2/3) + (2/3)(1/3) = 4/9, kappa = (2/9) / (5/9) = 0.4; B-C the same.
    #   mean kappa = (1 + 0.4 + 0.4) / 3 = 0.6; percent agreement = (1 + 2/3 + 2/3) / 3 = 7/9.
    a = _coding([1, 0, 1, 0, 1])
    b = _coding([1, 0, 0, 0, None])
    c = _coding([1, 0, None, 1, None])
    row = tk.agreement(a, b, c, coders=["A", "B", "C"]).iloc[0]
    assert row["n_units"] == 3 and row["n_units_alpha"] == 4 and row["coders"] == "A, B, C"
    assert row["krippendorff_alpha"] == pytest.approx(1 / 3)
    assert row["cohen_kappa"] == pytest.approx(0.6)
    assert row["percent_agreement"] == pytest.approx(7 / 9)


def test_agreement_is_nan_when_nobody_varies():
    always_zero = tk.agreement(_coding([0, 0, 0, 0]), _coding([0, 0, 0, 0])).iloc[0]
    assert always_zero["percent_agreement"] == 1.0
    assert math.isnan(always_zero["cohen_kappa"]) and math.isnan(always_zero["krippendorff_alpha"])
    nothing_shared = tk.agreement(_coding([1, None]), _coding([None, 0])).iloc[0]
    assert nothing_shared["n_units"] == 0 and nothing_shared["n_units_alpha"] == 0
    assert math.isnan(nothing_shared["percent_agreement"]) and math.isnan(nothing_shared["cohen_kappa"])


def test_agreement_aligns_units_and_themes():
    # same labels, rows in another order and an extra theme column only one coder has
    anna = _coding([1, 0, 1, 0], "anna").assign(connectivity=pd.array([0, 0, 1, 1], dtype="Int64"))
    budi = _coding([1, 0, 1, 0], "budi").iloc[::-1].reset_index(drop=True)
    budi["sampling_weight"] = 2.0
    a = tk.agreement(anna, budi)
    assert a["theme"].tolist() == ["security"]
    assert a.loc[0, "cohen_kappa"] == 1.0 and a.loc[0, "krippendorff_alpha"] == 1.0
    # without unit_id, the key is doc_id + seg_id
    by_key = [t.drop(columns="unit_id").assign(doc_id=["a", "a", "b", "b"], seg_id=[0, 1, 0, 1])
              for t in (anna, _coding([1, 0, 0, 0]))]
    assert tk.agreement(*by_key, themes="security").loc[0, "percent_agreement"] == 0.75


def test_agreement_errors():
    with pytest.raises(ValueError, match="two or more"):
        tk.agreement(_coding([1, 0]))
    with pytest.raises(ValueError, match=r"values other than 0, 1 or missing \('d1:0': 2\)"):
        tk.agreement(_coding([1, 0]), _coding([1, 2]))
    with pytest.raises(ValueError, match="coder names repeat"):
        tk.agreement(_coding([1, 0], "anna"), _coding([1, 0], "anna"))
    with pytest.raises(ValueError, match="more than once"):
        tk.agreement(_coding([1, 0]), pd.concat([_coding([1, 0]), _coding([1])]))
    with pytest.raises(ColumnError, match="'cooperation'"):
        tk.agreement(_coding([1, 0]), _coding([1, 0]), themes=["cooperation"])


# --------------------------------------------------------------------------- validate_themes


def _detected(rows):
    """rows: (doc_id, seg_id, theme, present)."""
    return pd.DataFrame(rows, columns=["doc_id", "seg_id", "theme", "present"])


def test_precision_recall_f1_hand_worked():
    # security over 6 units:  gold 1 1 1 0 0 0 / detected T T F T F F -> tp 2, fp 1, fn 1, tn 2
    #   precision 2/3, recall 2/3, f1 = 2*2 / (2*2 + 1 + 1) = 4/6 = 2/3
    # connectivity: gold 1 0 0 0 0 <NA> / never detected -> tp 0, fp 0, fn 1, tn 4 (one unit uncoded)
    #   precision undefined (NaN), recall 0/1 = 0, f1 = 0 / (0 + 0 + 1) = 0
    units = [("a", 0), ("a", 1), ("b", 0), ("b", 1), ("c", 0), ("c", 1)]
    sec = [True, True, False, True, False, False]
    detected = _detected([(d, s, "security", p) for (d, s), p in zip(units, sec)]
                         + [(d, s, "connectivity", False) for d, s in units])
    gold = pd.DataFrame({"doc_id": [d for d, _ in units], "seg_id": [s for _, s in units],
                         "security": pd.array([1, 1, 1, 0, 0, 0], dtype="Int64"),
                         "connectivity": pd.array([1, 0, 0, 0, 0, None], dtype="Int64")})
    v = tk.validate_themes(detected, gold, n_boot=200)
    assert v.columns.tolist() == ["theme", "n", "n_docs", "positives", "detected", "tp", "fp", "fn", "tn",
                                  "precision", "recall", "f1", "precision_low", "precision_high", "recall_low",
                                  "recall_high", "f1_low", "f1_high"]
    sec_row, con_row = v.iloc[0], v.iloc[1]
    assert sec_row[["n", "n_docs", "positives", "detected", "tp", "fp", "fn", "tn"]].tolist() == [
        6, 3, 3, 3, 2, 1, 1, 2]
    assert sec_row["precision"] == pytest.approx(2 / 3) and sec_row["recall"] == pytest.approx(2 / 3)
    assert sec_row["f1"] == pytest.approx(2 / 3)
    assert con_row[["n", "positives", "detected", "tp", "fp", "fn", "tn"]].tolist() == [5, 1, 0, 0, 0, 1, 4]
    assert math.isnan(con_row["precision"]) and con_row["recall"] == 0.0 and con_row["f1"] == 0.0
    assert math.isnan(con_row["precision_low"]) and math.isnan(con_row["precision_high"])
    assert v.attrs == {"ci": 0.95, "n_boot": 200, "seed": 0}
    only = tk.validate_themes(detected, gold, themes="connectivity", n_boot=0)
    assert only["theme"].tolist() == ["connectivity"] and math.isnan(only.loc[0, "recall_low"])


def _clustered_example():
    """9 documents with 1-4 units each and mixed outcomes for one theme."""
    rng = np.random.default_rng(42)
    rows, gold = [], []
    for d in range(9):
        for s in range(1 + d % 4):
            g = int(rng.random() < 0.5)
            p = bool(rng.random() < (0.8 if g else 0.3))
            rows.append((f"doc{d}", s, "security", p))
            gold.append((f"doc{d}", s, g))
    return _detected(rows), pd.DataFrame(gold, columns=["doc_id", "seg_id", "security"])


def test_bootstrap_matches_an_independent_loop():
    detected, gold = _clustered_example()
    v = tk.validate_themes(detected, gold, n_boot=500, seed=11, ci=0.9)
    # the documented procedure, recomputed with plain Python: per-document counts by a loop over the rows,
    # documents sorted by id, rng.integers(0, D, size=(n_boot, D)), sums per replicate, nanquantile
    per_doc = {}
    for (d, _, _, p), g in zip(detected.itertuples(index=False), gold["security"]):
        c = per_doc.setdefault(d, [0, 0, 0])
        c[0] += int(g == 1 and p)
        c[1] += int(g == 0 and p)
        c[2] += int(g == 1 and not p)
    docs = sorted(per_doc)
    draws = np.random.default_rng(11).integers(0, len(docs), size=(500, len(docs)))
    stats = {"precision": [], "recall": [], "f1": []}
    for row in draws:
        tp = sum(per_doc[docs[j]][0] for j in row)
        fp = sum(per_doc[docs[j]][1] for j in row)
        fn = sum(per_doc[docs[j]][2] for j in row)
        stats["precision"].append(tp / (tp + fp) if tp + fp else math.nan)
        stats["recall"].append(tp / (tp + fn) if tp + fn else math.nan)
        stats["f1"].append(2 * tp / (2 * tp + fp + fn) if 2 * tp + fp + fn else math.nan)
    for measure, values in stats.items():
        low, high = np.nanquantile(values, [0.05, 0.95])
        assert v.loc[0, f"{measure}_low"] == pytest.approx(low)
        assert v.loc[0, f"{measure}_high"] == pytest.approx(high)
        assert v.loc[0, f"{measure}_low"] <= v.loc[0, measure] <= v.loc[0, f"{measure}_high"]
    # seeded: the same seed gives the same intervals, another seed others
    again = tk.validate_themes(detected, gold, n_boot=500, seed=11, ci=0.9)
    pd.testing.assert_frame_equal(v, again)
    other = tk.validate_themes(detected, gold, n_boot=500, seed=12, ci=0.9)
    assert not other[["precision_low", "precision_high", "recall_low", "recall_high"]].equals(
        v[["precision_low", "precision_high", "recall_low", "recall_high"]])


def test_bootstrap_resamples_documents_not_units():
    # Document A: 10 units, all true positives; document B: 10 units, all false positives. Precision 0.5.
    # Resampling the 2 documents, a replicate is AA (precision 1), AB/BA (0.5) or BB (0), with
    # probabilities 1/4, 1/2, 1/4: the 95% interval is [0, 1]. Resampling the 20 units instead would
    # give a narrow interval around 0.5.
    rows = [("A", s, "security", True) for s in range(10)] + [("B", s, "security", True) for s in range(10)]
    gold = pd.DataFrame({"doc_id": ["A"] * 10 + ["B"] * 10, "seg_id": list(range(10)) * 2,
                         "security": [1] * 10 + [0] * 10})
    v = tk.validate_themes(_detected(rows), gold, n_boot=1000, seed=0)
    assert v.loc[0, "precision"] == 0.5 and v.loc[0, "n_docs"] == 2
    assert v.loc[0, "precision_low"] == 0.0 and v.loc[0, "precision_high"] == 1.0
    # the same 20 units as 20 one-unit documents: much narrower
    single = _detected([(f"{d}{s}", 0, t, p) for d, s, t, p in rows])
    gold20 = gold.assign(doc_id=gold["doc_id"] + gold["seg_id"].astype(str), seg_id=0)
    narrow = tk.validate_themes(single, gold20, n_boot=1000, seed=0)
    assert narrow.loc[0, "n_docs"] == 20
    assert 0.2 < narrow.loc[0, "precision_low"] < 0.5 < narrow.loc[0, "precision_high"] < 0.8


def test_weighted_validation_hand_worked():
    # stratum "security" (weight 1): 2 units, both detected, gold 1, 0 -> tp 1, fp 1
    # stratum "none" (weight 5): 2 units, not detected, gold 1, 0 -> fn 5 (weighted), tn 5
    # weighted precision = 1 / (1 + 1) = 0.5; weighted recall = 1 / (1 + 5) = 1/6
    detected = _detected([("a", 0, "security", True), ("a", 1, "security", True),
                          ("b", 0, "security", False), ("b", 1, "security", False)])
    gold = pd.DataFrame({"doc_id": ["a", "a", "b", "b"], "seg_id": [0, 1, 0, 1], "security": [1, 0, 1, 0],
                         "sampling_weight": [1.0, 1.0, 5.0, 5.0]})
    v = tk.validate_themes(detected, gold, weight_col="sampling_weight", n_boot=0)
    assert v.loc[0, ["tp", "fp", "fn", "tn"]].tolist() == [1.0, 1.0, 5.0, 5.0]
    assert v.loc[0, "n"] == 4 and v["tp"].dtype == "float64"
    assert v.loc[0, "precision"] == 0.5 and v.loc[0, "recall"] == pytest.approx(1 / 6)
    with pytest.raises(ValueError, match="positive numbers"):
        tk.validate_themes(detected, gold.assign(sampling_weight=[1, 0, 1, 1]), weight_col="sampling_weight")


def test_documents_as_units_and_key_inference():
    detected = pd.DataFrame({"doc_id": ["a", "b", "c"], "theme": "security", "present": [True, False, True]})
    gold = pd.DataFrame({"doc_id": ["a", "b", "c"], "security": [1, 1, 0]})
    v = tk.validate_themes(detected, gold, n_boot=0)
    assert v.loc[0, ["tp", "fp", "fn", "tn"]].tolist() == [1, 1, 1, 0]
    # a per-segment gold against a per-document detected table: the key falls back to doc_id and the
    # repeated document is an error
    seg_gold = pd.DataFrame({"doc_id": ["a", "a"], "seg_id": [0, 1], "security": [1, 0]})
    with pytest.raises(ValueError, match="more than one row per unit"):
        tk.validate_themes(detected, seg_gold)
    with pytest.raises(ColumnError, match="'seg_id'"):
        tk.validate_themes(detected, seg_gold, unit="paragraph")


def test_validation_errors_on_bad_input():
    detected = _detected([("a", 0, "security", True), ("a", 1, "security", False)])
    gold = pd.DataFrame({"doc_id": ["a", "a", "b"], "seg_id": [0, 1, 0], "security": [1, 0, 1]})
    with pytest.raises(ValueError, match=r"no row for 1 coded unit.*'b:0 security'"):
        tk.validate_themes(detected, gold)
    with pytest.raises(ValueError, match="values other than 0, 1"):
        tk.validate_themes(detected, gold.iloc[:2].assign(security=[1, 2]))
    with pytest.raises(ValueError, match="missing doc_id"):
        tk.validate_themes(detected, gold.iloc[:2].assign(doc_id=["a", None]))
    with pytest.raises(ValueError, match="ci="):
        tk.validate_themes(detected, gold.iloc[:2], ci=95)
    with pytest.raises(ValueError, match="n_boot="):
        tk.validate_themes(detected, gold.iloc[:2], n_boot=-1)
    with pytest.raises(ValueError, match="no column for a theme"):
        tk.validate_themes(detected, gold.rename(columns={"security": "safety"}))
    with pytest.raises(ColumnError, match="'present'"):
        tk.validate_themes(detected.drop(columns="present"), gold)
    before = detected.copy(deep=True), gold.copy(deep=True)
    tk.validate_themes(detected, gold.iloc[:2], n_boot=10)
    pd.testing.assert_frame_equal(detected, before[0])
    pd.testing.assert_frame_equal(gold, before[1])


# --------------------------------------------------------------------------- validation_errors


def test_validation_errors_lists_errors_and_entry_precision():
    detected = pd.DataFrame({
        "doc_id": ["a", "a", "a", "b", "a", "a", "a", "b"], "seg_id": [0, 1, 2, 0, 0, 1, 2, 0],
        "theme": ["security"] * 4 + ["connectivity"] * 4,
        "score": [2.0, 1.0, 0.0, 1.5, 0.0, 1.0, 0.0, 0.0],
        "present": [True, True, False, True, False, True, False, False],
        "evidence": ["keamanan ×2", "keamanan", "", "pasukan; granat", "", "pesawat", "", ""]})
    gold = pd.DataFrame({"unit_id": ["a:0", "a:1", "a:2", "b:0"], "doc_id": ["a", "a", "a", "b"],
                         "seg_id": [0, 1, 2, 0], "security": [1, 0, 1, 1], "connectivity": [0, 0, 1, pd.NA],
                         "text": ["t0", "t1", "t2", "t3"]})
    hits = pd.DataFrame({
        "doc_id": ["a", "a", "a", "a", "b", "b", "a", "a"], "seg_id": [0, 0, 1, 1, 0, 0, 1, 1],
        "theme": ["security", "security", "security", "security", "security/military", "security/weapons",
                  "connectivity/transport", "security"],
        "entry": ["keamanan", "keamanan", "keamanan", "keselamatan dan keamanan", "pasukan", "granat",
                  "pesawat", "penerbangan"],
        "weight": [1.0, 1.0, 1.0, 0.0, 1.0, 1.0, 0.5, 1.0]})
    errors, entries = tk.validation_errors(detected, gold, hits=hits)
    # security: a:1 detected but gold 0 (false positive), a:2 not detected but gold 1 (false negative);
    # connectivity: a:1 false positive, a:2 false negative; b:0 uncoded for connectivity.
    # themes in gold's column order, false positives first
    assert errors.columns.tolist() == ["doc_id", "seg_id", "unit_id", "theme", "error", "score", "evidence",
                                       "text"]
    assert errors[["unit_id", "theme", "error"]].values.tolist() == [
        ["a:1", "connectivity", "false positive"], ["a:2", "connectivity", "false negative"],
        ["a:1", "security", "false positive"], ["a:2", "security", "false negative"]]
    assert errors["evidence"].tolist() == ["pesawat", "", "keamanan", ""]
    assert errors["text"].tolist() == ["t1", "t2", "t1", "t2"]
    assert errors["score"].tolist() == [1.0, 0.0, 1.0, 0.0]
    # entries (exclusion "keselamatan dan keamanan", weight 0, left out):
    #   security/keamanan fires in a:0 (gold 1) and a:1 (gold 0): 2 units, 1 positive, precision 0.5
    #   security/penerbangan: a:1 (gold 0): 1 unit, precision 0
    #   connectivity/transport pesawat: a:1 (connectivity gold 0): precision 0
    #   security/military pasukan, security/weapons granat: b:0 (gold 1): precision 1
    # sorted by precision, then most units, then theme, entry
    assert entries.values.tolist() == [
        ["connectivity", "connectivity/transport", "pesawat", 1, 0, 1, 0.0],
        ["security", "security", "penerbangan", 1, 0, 1, 0.0],
        ["security", "security", "keamanan", 2, 1, 1, 0.5],
        ["security", "security/weapons", "granat", 1, 1, 0, 1.0],
        ["security", "security/military", "pasukan", 1, 1, 0, 1.0],
    ]
    assert entries.columns.tolist() == ["theme", "sub_theme", "entry", "n_units", "n_positive", "n_negative",
                                        "precision"]


def test_validation_errors_text_table_and_no_hits():
    detected = _detected([("a", 0, "security", True), ("a", 1, "security", False)])
    gold = pd.DataFrame({"doc_id": ["a", "a"], "seg_id": [0, 1], "security": [0, 1]})
    segments = tk.segment(pd.DataFrame({"doc_id": ["a"], "text": ["Satu.\n\nDua."]}))
    result = tk.validation_errors(detected, gold, text=segments)
    assert isinstance(result, val.ValidationErrors) and result.entries is None
    assert result.errors["text"].tolist() == ["Satu.", "Dua."]
    assert result.errors["error"].tolist() == ["false positive", "false negative"]
    assert result.errors["evidence"].tolist() == ["", ""] and result.errors["score"].isna().all()
    none = tk.validation_errors(detected, gold.assign(security=[0, 0]).iloc[:1])
    assert none.errors.empty is False and none.errors["error"].tolist() == ["false positive"]
    assert tk.validation_errors(detected, gold.assign(security=[1, 0])).errors.empty


# --------------------------------------------------------------------------- the shared argument checks


def test_argument_checks_name_the_parameter_and_value(tmp_path):
    with pytest.raises(TypeError, match=r"^data must be a pandas DataFrame \(docs or tokens\), not list\.$"):
        tk.sample_for_coding(["Pasukan menjaga perbatasan."], 1)
    with pytest.raises(TypeError, match=r"^coding table 2 must be a pandas DataFrame, not dict\.$"):
        tk.agreement(_coding([1, 0]), {"unit_id": ["d0:0", "d1:0"], "security": [1, 0]})
    detected = _detected([("a", 0, "security", True), ("b", 0, "security", False)])
    gold = pd.DataFrame({"doc_id": ["a", "b"], "seg_id": [0, 0], "security": [1, 0]})
    for ci in (True, 0, 1, 95, float("nan"), "0.9", None):
        with pytest.raises(ValueError, match=r"^ci=.+ is not allowed; use a number between 0 and 1, such as 0\.95\.$"):
            tk.validate_themes(detected, gold, ci=ci)
    assert tk.validate_themes(detected, gold, ci=0.5, n_boot=10).attrs["ci"] == 0.5


@pytest.mark.parametrize("text", ["halaman\x0cdua", "a" * 32_768])
def test_xlsx_sheet_refuses_a_text_no_excel_cell_holds(tmp_path, text):
    pytest.importorskip("openpyxl")
    sample = _sample(3)
    sample.loc[1, "text"] = text
    with pytest.raises(ValueError, match=r"^the text of unit 'd1:0' cannot go into an Excel cell \(longer than "
                                         r"32,767 characters or holding a control character\); write a \.csv"):
        tk.write_coding_sheet(sample, tmp_path / "c.xlsx")
    assert not (tmp_path / "c.xlsx").exists()
    sample.loc[1, "text"] = "a" * 32_767  # the longest text a cell holds
    assert tk.write_coding_sheet(sample, tmp_path / "c.xlsx").exists()
