"""Tests for toolkit.corpus: load_corpus (every source kind, bad input, empty texts) and load_sample.

Expected values are written by hand or computed independently from the raw
bytes with plain Python (offsets, line numbers), never read off the loader.
"""

from __future__ import annotations

import json
import re
import warnings
from datetime import timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pandas.testing as pdt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.corpus import load_corpus, load_sample
from toolkit.corpus._sample import _parse_beritasatu
from toolkit.errors import CorpusError, CorpusWarning, EmptyTextWarning

REPO = Path(__file__).resolve().parents[1]
SAMPLE_NAME = "beritasatu-2019-09-13-tiongkok-kazakhstan.txt"
RAW_SAMPLE = REPO / "data" / SAMPLE_NAME
PACKAGED_SAMPLE = REPO / "toolkit" / "data" / "sample" / SAMPLE_NAME


def empty_text_warnings(func, *args, **kwargs):
    """Call ``func`` and return (result, the EmptyTextWarning messages it emitted)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = func(*args, **kwargs)
    return result, [str(w.message) for w in caught if issubclass(w.category, EmptyTextWarning)]


def write_csv(path: Path, text: str) -> Path:
    path.write_bytes(text.encode("utf-8"))
    return path


# --------------------------------------------------------------------------
# source kinds
# --------------------------------------------------------------------------


def test_single_txt_file_is_one_document_with_exact_text(tmp_path):
    content = "Jum\u2019at, 13 September.\r\nBaris dua\twith tab.\n\n  Paragraf \u201ctiga\u201d.  \n"
    path = tmp_path / "berita.v2.txt"
    path.write_bytes(content.encode("utf-8"))

    docs = load_corpus(path)

    assert len(docs) == 1
    assert docs.loc[0, "doc_id"] == "berita.v2"  # the file stem: only the last suffix goes
    assert docs.loc[0, "text"] == content  # CRLF, tabs, trailing spaces: all kept
    assert docs.loc[0, "source_path"] == str(path)
    assert docs.loc[0, "source_row"] == 1
    assert list(docs.index) == [0]


def test_txt_path_may_be_a_string(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Satu.", encoding="utf-8")
    docs = load_corpus(str(path))
    assert docs["doc_id"].tolist() == ["a"]
    assert docs["text"].tolist() == ["Satu."]


def test_folder_of_txt_files_recursive_sorted_by_relative_posix_path(tmp_path):
    root = tmp_path / "korpus"
    files = {
        "a/z.txt": "dalam folder a",
        "a-b.txt": "tanda hubung",
        "B.txt": "huruf besar",
        "a/c/d.txt": "dua tingkat",
        "catatan.md": "bukan teks korpus",
    }
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")

    with pytest.warns(CorpusWarning, match=r"1 entry was skipped .*: catatan\.md \(not a \.txt file\)"):
        docs = load_corpus(root)

    # Sorted as posix strings by hand: "B" < "a-b" ('-' < '/') < "a/c/d" < "a/z";
    # a Path-wise sort would put "a/..." before "a-b.txt".
    expected_ids = ["B", "a-b", "a/c/d", "a/z"]
    assert docs["doc_id"].tolist() == expected_ids
    assert docs["text"].tolist() == [files[i + ".txt"] for i in expected_ids]
    assert docs["source_path"].tolist() == [str(root / (i + ".txt")) for i in expected_ids]
    assert docs["source_row"].tolist() == [1, 1, 1, 1]
    assert "catatan" not in set(docs["doc_id"])


def test_csv_file_with_metadata_and_quoted_multiline_field(tmp_path):
    path = write_csv(
        tmp_path / "news.csv",
        'id,isi,sumber,tahun\n'
        'a1,Kerja sama RI-Tiongkok.,kompas,2019\n'
        'a2,"Satu, dua\n\nTiga",tempo,2020\n'
        'a3,"Kata ""kutip"".",antara,\n',
    )

    docs = load_corpus(path)

    assert docs["doc_id"].tolist() == ["a1", "a2", "a3"]
    assert docs["text"].tolist() == ["Kerja sama RI-Tiongkok.", "Satu, dua\n\nTiga", 'Kata "kutip".']
    # every field read as text, nothing turned into NaN
    assert docs["sumber"].tolist() == ["kompas", "tempo", "antara"]
    assert docs["tahun"].tolist() == ["2019", "2020", ""]
    assert docs["source_path"].tolist() == [str(path)] * 3
    assert docs["source_row"].tolist() == [1, 2, 3]  # records, not physical lines


def test_tsv_file(tmp_path):
    path = tmp_path / "news.tsv"
    path.write_text(
        "doc_id\ttext\tsumber\n"
        "x1\tKerja sama, strategis.\tkompas\n"
        "x2\tKeamanan regional.\ttempo\n",
        encoding="utf-8",
    )

    docs = load_corpus(path)

    assert docs["doc_id"].tolist() == ["x1", "x2"]
    assert docs["text"].tolist() == ["Kerja sama, strategis.", "Keamanan regional."]
    assert docs["sumber"].tolist() == ["kompas", "tempo"]
    assert docs["source_row"].tolist() == [1, 2]
    assert docs["source_path"].tolist() == [str(path)] * 2


def test_jsonl_skips_blank_lines_and_source_row_is_the_line_number(tmp_path):
    path = tmp_path / "news.jsonl"
    lines = [
        json.dumps({"id": "j1", "text": "Satu.", "sumber": "kompas"}),
        "",
        json.dumps({"id": "j2", "text": "Dua \u201ckutip\u201d.", "sumber": "tempo"}, ensure_ascii=False),
        "   ",
        json.dumps({"id": "j3", "text": "Tiga.", "sumber": "antara"}),
        "",
    ]
    path.write_text("\n".join(lines), encoding="utf-8")

    docs = load_corpus(path)

    assert docs["doc_id"].tolist() == ["j1", "j2", "j3"]
    assert docs["text"].tolist() == ["Satu.", "Dua \u201ckutip\u201d.", "Tiga."]
    assert docs["sumber"].tolist() == ["kompas", "tempo", "antara"]
    assert docs["source_row"].tolist() == [1, 3, 5]
    assert docs["source_path"].tolist() == [str(path)] * 3


@pytest.mark.parametrize("sep", ["\u2028", "\u0085"])
def test_jsonl_text_with_unicode_line_separator_inside_a_string(tmp_path, sep):
    path = tmp_path / "news.jsonl"
    text = f"Paragraf satu.{sep}Paragraf dua."
    path.write_text(json.dumps({"id": "u1", "text": text}, ensure_ascii=False) + "\n", encoding="utf-8")

    docs = load_corpus(path)

    assert docs["text"].tolist() == [text]
    assert docs["source_row"].tolist() == [1]


def test_parquet_file(tmp_path):
    frame = pd.DataFrame(
        {"doc_id": ["p1", "p2"], "text": ["Satu.", "Dua."], "tahun": [2019, 2020], "skor": [0.5, 1.25]}
    )
    path = tmp_path / "news.parquet"
    frame.to_parquet(path)

    docs = load_corpus(path)

    assert docs["doc_id"].tolist() == ["p1", "p2"]
    assert docs["text"].tolist() == ["Satu.", "Dua."]
    assert docs["tahun"].tolist() == [2019, 2020]
    assert docs["skor"].tolist() == [0.5, 1.25]
    assert docs["source_row"].tolist() == [1, 2]
    assert docs["source_path"].tolist() == [str(path)] * 2


def test_dataframe_input_is_not_mutated_and_metadata_kept(tmp_path):
    frame = pd.DataFrame(
        {
            "id": ["d3", "d1", "d2"],
            "isi": ["Tiga.", None, "Dua."],
            "tahun": [2021, 2019, 2020],
            "skor": [1.5, np.nan, 0.25],
            "utama": [True, False, True],
            "sumber": ["kompas", "tempo", "antara"],
            "waktu": pd.to_datetime(["2021-01-02 03:04", "2019-09-13 13:17", "2020-05-06 07:08"]).tz_localize(
                "Asia/Jakarta"
            ),
            2024: ["x", "y", "z"],  # a non-string column name: the input's columns must stay as they are
        },
        index=[30, 10, 20],
    )
    before = frame.copy(deep=True)

    docs, _ = empty_text_warnings(load_corpus, frame)

    pdt.assert_frame_equal(frame, before)
    assert list(docs.index) == [0, 1, 2]  # RangeIndex, whatever the input index
    assert docs["doc_id"].tolist() == ["d3", "d1", "d2"]
    assert docs["text"].tolist() == ["Tiga.", "", "Dua."]
    for col in ["tahun", "skor", "utama", "sumber", "waktu"]:
        pdt.assert_series_equal(docs[col], before[col].reset_index(drop=True), check_names=True)
    assert docs["source_row"].tolist() == [1, 2, 3]  # 1-based position, not the index label
    assert docs["source_path"].isna().all()


@pytest.mark.parametrize(
    "column",
    [pd.array([7, None], dtype="Int64"), pd.Categorical(["asia", "eropa"])],
    ids=["Int64", "category"],
)
def test_dataframe_metadata_extension_dtypes_kept_unchanged(column):
    frame = pd.DataFrame({"doc_id": ["a", "b"], "text": ["Satu.", "Dua."], "meta": column})
    docs = load_corpus(frame)
    pdt.assert_series_equal(docs["meta"], frame["meta"])


def test_text_col_auto_detected_case_insensitive_isi():
    frame = pd.DataFrame({"Isi": ["Kerja sama.", "Keamanan."], "judul": ["J1", "J2"]})
    docs = load_corpus(frame)
    assert docs["text"].tolist() == ["Kerja sama.", "Keamanan."]
    assert docs["judul"].tolist() == ["J1", "J2"]
    assert "Isi" not in docs.columns


def test_text_col_auto_detection_prefers_text_over_later_names():
    frame = pd.DataFrame({"isi": ["dari isi"], "body": ["dari body"], "text": ["dari text"]})
    docs = load_corpus(frame)
    assert docs["text"].tolist() == ["dari text"]


def test_text_col_and_id_col_explicit_keep_the_other_text_and_doc_id_columns():
    frame = pd.DataFrame(
        {"kode": ["k1", "k2"], "doc_id": ["lama1", "lama2"], "isi": ["Isi satu.", "Isi dua."], "text": ["T1", "T2"]}
    )
    docs = load_corpus(frame, text_col="isi", id_col="kode")
    assert docs["doc_id"].tolist() == ["k1", "k2"]
    assert docs["text"].tolist() == ["Isi satu.", "Isi dua."]
    assert docs["text_original"].tolist() == ["T1", "T2"]
    assert docs["doc_id_original"].tolist() == ["lama1", "lama2"]


def test_id_col_auto_detected_doc_id_then_id():
    frame = pd.DataFrame({"id": ["i1", "i2"], "doc_id": ["d1", "d2"], "text": ["a", "b"]})
    assert load_corpus(frame)["doc_id"].tolist() == ["d1", "d2"]
    frame = pd.DataFrame({"ID": ["i1", "i2"], "text": ["a", "b"]})
    assert load_corpus(frame)["doc_id"].tolist() == ["i1", "i2"]


def test_generated_ids_for_a_csv_without_id_column(tmp_path):
    rows = "".join(f"Berita nomor {i}.\n" for i in range(1, 13))
    path = write_csv(tmp_path / "news.csv", "text\n" + rows)

    docs = load_corpus(path)

    expected = [f"news-{i:02d}" for i in range(1, 13)]  # zero-padded to the width of 12
    assert docs["doc_id"].tolist() == expected
    assert sorted(docs["doc_id"]) == docs["doc_id"].tolist()  # padding keeps them in row order
    assert docs["text"].tolist() == [f"Berita nomor {i}." for i in range(1, 13)]


def test_generated_ids_for_a_dataframe_without_id_column():
    docs = load_corpus(pd.DataFrame({"text": ["a", "b", "c"]}))
    assert docs["doc_id"].tolist() == ["doc-1", "doc-2", "doc-3"]
    assert docs["doc_id"].is_unique


# --------------------------------------------------------------------------
# bad input
# --------------------------------------------------------------------------


def test_missing_file_raises_file_not_found_naming_it(tmp_path):
    path = tmp_path / "tidak-ada.csv"
    with pytest.raises(FileNotFoundError, match=re.escape(str(path))):
        load_corpus(path)


def test_source_of_wrong_type_raises_type_error():
    with pytest.raises(TypeError, match="list"):
        load_corpus(["Kerja sama."])


def test_unsupported_suffix_lists_the_allowed_suffixes(tmp_path):
    path = tmp_path / "berita.docx"
    path.write_bytes(b"PK\x03\x04")
    with pytest.raises(CorpusError) as info:
        load_corpus(path)
    msg = str(info.value)
    assert str(path) in msg
    assert ".docx" in msg
    for suffix in [".txt", ".csv", ".tsv", ".jsonl", ".parquet"]:
        assert suffix in msg
    assert info.value.path == str(path)


def test_folder_without_txt_files(tmp_path):
    root = tmp_path / "korpus"
    root.mkdir()
    (root / "news.csv").write_text("text\nSatu.\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=re.escape(str(root))) as info:
        load_corpus(root)
    msg = str(info.value)
    assert "no .txt files" in msg
    assert ".csv" in msg  # says what is there instead


def test_empty_folder(tmp_path):
    with pytest.raises(CorpusError, match=r"no \.txt files"):
        load_corpus(tmp_path)


@pytest.mark.parametrize("content", [b"", b"\n  \n"], ids=["zero-bytes", "blank-lines"])
def test_empty_csv_file(tmp_path, content):
    path = tmp_path / "kosong.csv"
    path.write_bytes(content)
    with pytest.raises(CorpusError, match=re.escape(str(path))) as info:
        load_corpus(path)
    assert "empty" in str(info.value)


def test_no_text_column_lists_the_columns_and_the_names_tried(tmp_path):
    path = write_csv(tmp_path / "news.csv", "id,judul,penulis\na1,Judul,Budi\n")
    with pytest.raises(CorpusError, match=re.escape(str(path))) as info:
        load_corpus(path)
    msg = str(info.value)
    for column in ["id", "judul", "penulis"]:
        assert column in msg
    # the names tried, as documented in load_corpus
    for name in ["text", "body", "content", "full_text", "isi", "teks", "konten", "artikel", "article"]:
        assert re.search(rf"\b{name}\b", msg), name
    assert "text_col=" in msg


def test_no_text_column_in_a_dataframe():
    with pytest.raises(CorpusError, match=r"DataFrame.*judul"):
        load_corpus(pd.DataFrame({"judul": ["a"]}))


def test_text_col_naming_a_missing_column(tmp_path):
    path = write_csv(tmp_path / "news.csv", "id,isi\na1,Satu.\n")
    with pytest.raises(CorpusError, match=re.escape(str(path))) as info:
        load_corpus(path, text_col="artikel")
    msg = str(info.value)
    assert "text_col='artikel'" in msg
    assert "id" in msg and "isi" in msg


def test_id_col_naming_a_missing_column():
    with pytest.raises(CorpusError, match=r"id_col='kode'.*text"):
        load_corpus(pd.DataFrame({"text": ["a"]}), id_col="kode")


def _bad_utf8_file(path: Path) -> tuple[bytes, int, int, int]:
    raw = path.read_bytes()
    offset = raw.index(b"\xe9")
    line = raw[:offset].count(b"\n") + 1
    column = offset - raw.rfind(b"\n", 0, offset)  # 1-based
    return raw, offset, line, column


def test_undecodable_bytes_in_txt_give_byte_offset_and_line(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes(b"Baris satu.\nDi sebuah caf\xe9 di Jakarta.\n")
    _, offset, line, column = _bad_utf8_file(path)
    assert (offset, line, column) == (25, 2, 14)  # by hand: 12 bytes of line 1 + 13 of "Di sebuah caf"

    with pytest.raises(CorpusError) as info:
        load_corpus(path)
    msg = str(info.value)
    assert str(path) in msg
    assert re.search(rf"\boffset {offset}\b", msg)
    assert re.search(rf"\bline {line}\b", msg)
    assert re.search(rf"\bcolumn {column}\b", msg)
    assert "encoding=" in msg

    docs = load_corpus(path, encoding="latin-1")
    assert docs["text"].tolist() == ["Baris satu.\nDi sebuah caf\u00e9 di Jakarta.\n"]


def test_undecodable_bytes_in_csv_give_byte_offset_and_line(tmp_path):
    path = tmp_path / "latin.csv"
    path.write_bytes(b"id,text\na1,Satu.\na2,Kopi di caf\xe9.\n")
    _, offset, line, column = _bad_utf8_file(path)
    assert (offset, line, column) == (31, 3, 15)  # by hand: 8 + 9 bytes, then 14 of "a2,Kopi di caf"

    with pytest.raises(CorpusError) as info:
        load_corpus(path)
    msg = str(info.value)
    assert str(path) in msg
    assert re.search(rf"\boffset {offset}\b", msg)
    assert re.search(rf"\bline {line}\b", msg)
    assert "encoding=" in msg

    docs = load_corpus(path, encoding="latin-1")
    assert docs["text"].tolist() == ["Satu.", "Kopi di caf\u00e9."]


def test_undecodable_bytes_in_a_folder_name_the_file(tmp_path):
    (tmp_path / "a.txt").write_text("Baik.", encoding="utf-8")
    bad = tmp_path / "b.txt"
    bad.write_bytes(b"caf\xe9")
    with pytest.raises(CorpusError, match=re.escape(str(bad)) + r".*offset 3\b"):
        load_corpus(tmp_path)


def test_undecodable_bytes_after_a_bom_give_the_file_byte_offset(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbfab\ncaf\xe9")
    _, offset, line, column = _bad_utf8_file(path)
    assert (offset, line, column) == (9, 2, 4)
    with pytest.raises(CorpusError) as info:
        load_corpus(path)
    msg = str(info.value)
    assert re.search(rf"\boffset {offset}\b", msg)
    assert re.search(rf"\bline {line}, column {column}\b", msg)


def test_unknown_encoding_is_a_value_error_naming_it(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Satu.", encoding="utf-8")
    with pytest.raises(ValueError, match=r"encoding='klingon'"):
        load_corpus(path, encoding="klingon")


def test_duplicate_ids_name_the_id_and_both_rows(tmp_path):
    path = write_csv(tmp_path / "news.csv", "id,text\na,Satu.\nb,Dua.\na,Tiga.\n")
    with pytest.raises(CorpusError) as info:
        load_corpus(path)
    msg = str(info.value)
    assert str(path) in msg
    assert re.search(r"'a' \(rows 1 and 3\)", msg), msg
    assert "'b'" not in msg


def test_duplicate_ids_in_jsonl_name_the_lines(tmp_path):
    path = tmp_path / "news.jsonl"
    path.write_text(
        '{"id": "x", "text": "Satu."}\n\n{"id": "y", "text": "Dua."}\n{"id": "x", "text": "Tiga."}\n',
        encoding="utf-8",
    )
    with pytest.raises(CorpusError, match=r"'x' \(lines 1 and 4\)"):
        load_corpus(path)


def test_duplicate_ids_in_a_dataframe():
    frame = pd.DataFrame({"doc_id": ["p", "q", "r", "q"], "text": ["a", "b", "c", "d"]})
    with pytest.raises(CorpusError, match=r"'q' \(rows 2 and 4\)"):
        load_corpus(frame)


def test_empty_id_value_names_the_row(tmp_path):
    path = write_csv(tmp_path / "news.csv", "id,text\na1,Satu.\n,Dua.\n")
    with pytest.raises(CorpusError) as info:
        load_corpus(path)
    msg = str(info.value)
    assert str(path) in msg
    assert re.search(r"\brow 2\b", msg)
    assert "'id'" in msg and "empty" in msg


@pytest.mark.parametrize("missing", [None, np.nan, "  "], ids=["None", "NaN", "blank"])
def test_empty_id_value_in_a_dataframe(missing):
    frame = pd.DataFrame({"doc_id": ["a", missing, "c"], "text": ["x", "y", "z"]}, dtype=object)
    with pytest.raises(CorpusError, match=r"row 2\b.*'doc_id'.*empty"):
        load_corpus(frame)


def test_non_string_text_in_a_dataframe_names_the_row():
    frame = pd.DataFrame({"doc_id": ["a", "b", "c"], "text": ["Satu.", "Dua.", 42]}, dtype=object)
    with pytest.raises(CorpusError, match=r"row 3\b.*'text'.*int.*42"):
        load_corpus(frame)


def test_non_string_text_in_jsonl_names_the_line(tmp_path):
    path = tmp_path / "news.jsonl"
    path.write_text('{"id": "a", "text": "Satu."}\n\n{"id": "b", "text": ["bukan", "teks"]}\n', encoding="utf-8")
    with pytest.raises(CorpusError, match=re.escape(str(path)) + r".*line 3\b.*list"):
        load_corpus(path)


def test_malformed_jsonl_line_names_the_line(tmp_path):
    path = tmp_path / "news.jsonl"
    path.write_text('{"id": "a", "text": "Satu."}\n\n{"id": "b", "text": "Dua.}\n', encoding="utf-8")
    with pytest.raises(CorpusError) as info:
        load_corpus(path)
    msg = str(info.value)
    assert str(path) in msg
    assert re.search(r"\bline 3\b", msg)
    assert "JSON" in msg


def test_jsonl_line_that_is_not_an_object(tmp_path):
    path = tmp_path / "news.jsonl"
    path.write_text('{"id": "a", "text": "Satu."}\n["b", "Dua."]\n', encoding="utf-8")
    with pytest.raises(CorpusError, match=re.escape(str(path)) + r".*line 2\b.*object.*list"):
        load_corpus(path)


# --------------------------------------------------------------------------
# empty or missing texts
# --------------------------------------------------------------------------


def test_empty_and_missing_texts_in_a_dataframe_are_kept_with_one_warning():
    frame = pd.DataFrame(
        {
            "doc_id": ["penuh", "kosong", "spasi", "tiada", "nan", "akhir"],
            "text": ["Ada isi.", "", " \n\t ", None, np.nan, "Isi lagi."],
        },
        dtype=object,
    )

    docs, messages = empty_text_warnings(load_corpus, frame)

    assert len(docs) == 6
    assert docs["doc_id"].tolist() == ["penuh", "kosong", "spasi", "tiada", "nan", "akhir"]
    # missing becomes ""; whitespace is kept as written
    assert docs["text"].tolist() == ["Ada isi.", "", " \n\t ", "", "", "Isi lagi."]
    assert len(messages) == 1
    msg = messages[0]
    for doc_id, row in [("kosong", 2), ("spasi", 3), ("tiada", 4), ("nan", 5)]:
        assert f"{doc_id} (row {row})" in msg
    assert "penuh" not in msg and "akhir" not in msg
    assert re.search(r"\b4 of 6\b", msg)


def test_empty_csv_field_is_kept_with_one_warning(tmp_path):
    path = write_csv(tmp_path / "news.csv", 'id,text\na,Satu.\nb,\nc,"   "\nd,Empat.\n')

    docs, messages = empty_text_warnings(load_corpus, path)

    assert docs["doc_id"].tolist() == ["a", "b", "c", "d"]
    assert docs["text"].tolist() == ["Satu.", "", "   ", "Empat."]
    assert len(messages) == 1
    assert str(path) in messages[0]
    assert "b (row 2)" in messages[0] and "c (row 3)" in messages[0]


def test_empty_txt_file_is_kept_with_one_warning(tmp_path):
    path = tmp_path / "kosong.txt"
    path.write_bytes(b"")
    docs, messages = empty_text_warnings(load_corpus, path)
    assert docs["doc_id"].tolist() == ["kosong"]
    assert docs["text"].tolist() == [""]
    assert len(messages) == 1 and "kosong" in messages[0]


def test_no_warning_when_every_text_has_content():
    _, messages = empty_text_warnings(load_corpus, pd.DataFrame({"text": ["a", "b"]}))
    assert messages == []


def test_empty_text_warning_points_at_the_caller():
    frame = pd.DataFrame({"text": [""]})
    with pytest.warns(EmptyTextWarning) as record:
        load_corpus(frame)
    assert len(record) == 1
    assert record[0].filename == __file__


# --------------------------------------------------------------------------
# byte order mark
# --------------------------------------------------------------------------


def test_bom_at_start_of_txt_is_not_part_of_the_text(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + "Beijing, Beritasatu.com - Tiongkok.".encode("utf-8"))
    docs = load_corpus(path)
    assert docs["text"].tolist() == ["Beijing, Beritasatu.com - Tiongkok."]
    assert "\ufeff" not in docs.loc[0, "text"]


def test_bom_at_start_of_csv_is_not_part_of_the_header(tmp_path):
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbf" + b"id,text\nb1,Satu.\nb2,Dua.\n")
    docs = load_corpus(path)
    # if the BOM stayed, the header would be "\ufeffid", no id column would be found
    # and the ids would be generated as bom-1, bom-2
    assert docs["doc_id"].tolist() == ["b1", "b2"]
    assert docs["text"].tolist() == ["Satu.", "Dua."]
    assert not any("\ufeff" in c for c in docs.columns)


# --------------------------------------------------------------------------
# the bundled sample
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def raw_sample() -> str:
    return RAW_SAMPLE.read_bytes().decode("utf-8")


@pytest.fixture(scope="module")
def sample():
    return load_sample()


def test_sample_file_and_package_copy_are_byte_identical():
    assert RAW_SAMPLE.read_bytes() == PACKAGED_SAMPLE.read_bytes()


def test_sample_file_matches_its_data_card():
    raw = RAW_SAMPLE.read_bytes()
    # data/README.md: UTF-8, 3,774 bytes, 34 lines, LF line ends, no byte order mark
    assert len(raw) == 3774
    # "34 lines" is the `wc -l` count: 34 LF characters; the closing "Sumber:" line has no final LF
    assert raw.count(b"\n") == 34
    assert raw.endswith(b"Sumber: Suara Pembaruan/Xinhua")
    assert b"\r" not in raw
    assert not raw.startswith(b"\xef\xbb\xbf")


def test_sample_is_one_document_with_the_card_metadata(sample):
    assert len(sample) == 1
    row = sample.iloc[0]
    assert row["doc_id"] == "beritasatu-2019-09-13-tiongkok-kazakhstan"
    assert row["title"] == "Tiongkok-Kazakhstan Sepakati Kerja Sama Strategis Permanen"
    assert row["author"] == "Unggul Wirawan / JAI"
    assert row["source"] == "Suara Pembaruan/Xinhua"
    assert row["photo_credit"] == "AFP / Mark Schiefelbein"
    assert row["dateline"] == "Beijing"
    assert row["publisher"] == "Beritasatu.com"
    assert row["source_row"] == 1
    assert Path(row["source_path"]).read_bytes() == RAW_SAMPLE.read_bytes()


def test_sample_date_is_13_17_wib(sample):
    date = sample.loc[0, "date"]
    assert isinstance(date, pd.Timestamp)
    assert date.utcoffset() == timedelta(hours=7)
    assert (date.year, date.month, date.day, date.hour, date.minute) == (2019, 9, 13, 13, 17)
    assert date == pd.Timestamp("2019-09-13 06:17", tz="UTC")


def test_sample_photo_caption_is_line_4_without_the_credit(sample, raw_sample):
    line4 = raw_sample.split("\n")[3]
    caption = line4[: line4.index("( Foto:")].rstrip()
    assert caption.startswith("Presiden Tiongkok, Xi Jinping (kiri)")
    assert sample.loc[0, "photo_caption"] == caption


def test_sample_text_is_the_body_at_its_offset_in_the_raw_file(sample, raw_sample):
    text = sample.loc[0, "text"]
    offset = sample.loc[0, "source_offset"]
    assert raw_sample[offset : offset + len(text)] == text
    # the offset found independently: where the dateline starts (the card says 452)
    assert offset == raw_sample.index("Beijing, Beritasatu.com -") == 452
    assert text.startswith("Beijing, Beritasatu.com -")
    assert text.endswith("di bawah kerangka kerja inisiatif Belt and Road.")
    assert "Sumber:" not in text
    assert "Unggul Wirawan" not in text  # the byline is not in the body
    assert text == text.strip()


def test_parse_beritasatu_without_byline_names_the_path():
    raw = "Judul Berita\n\nJakarta, Beritasatu.com - Isi tanpa baris penulis.\n\nSumber: BeritaSatu.com"
    with pytest.raises(CorpusError, match=re.escape("some/dir/artikel.txt") + r".*byline") as info:
        _parse_beritasatu(raw, "some/dir/artikel.txt")
    assert info.value.path == "some/dir/artikel.txt"


# --------------------------------------------------------------------------
# property: ids and texts survive
# --------------------------------------------------------------------------

_ids = st.lists(st.text(min_size=1, max_size=12).filter(lambda s: s.strip() != ""), unique=True, max_size=12)


@settings(max_examples=60, deadline=None)
@given(data=st.data(), ids=_ids)
def test_every_doc_id_survives_in_order_and_texts_are_unchanged(data, ids):
    texts = data.draw(st.lists(st.text(max_size=40), min_size=len(ids), max_size=len(ids)))
    frame = pd.DataFrame({"doc_id": pd.Series(ids, dtype=object), "text": pd.Series(texts, dtype=object)})

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", EmptyTextWarning)
        docs = load_corpus(frame)

    assert docs["doc_id"].tolist() == ids
    assert docs["text"].tolist() == texts
    assert docs["source_row"].tolist() == list(range(1, len(ids) + 1))


CSV_CASES = {
    "plain": "doc_id,text\na,Halo dunia\nb,Kedua\n",
    "quoted new line": 'doc_id,text\na,"Baris satu\nbaris dua"\nb,"kata ""kutip"" di sini"\n',
    "empty fields": "doc_id,text,date\na,,\nb,teks,2020-01-01\n",
    "leading zeros": "doc_id,text\n007,x\n0.50,y\n",
    "blank lines": "doc_id,text\n\na,x\n\n\nb,y\n",
    "line of spaces, one column": "text\n   \nabc\n",
    "line of spaces": "doc_id,text\n   \na,x\n",
    "crlf": "doc_id,text\r\na,x\r\nb,y\r\n",
    "no final new line": "doc_id,text\na,x",
    "NA-like strings": "doc_id,text\nNA,null\nNaN,None\n",
    "spaces kept": "doc_id , text\n a , x \n",
    "unicode": "doc_id,text\n\u00e4,\u201ckutipan\u201d \u2014 Jum\u2019at\n",
    "header only": "doc_id,text\n",
    "quoted comma": "doc_id,text\na,\"x, y\"\n",
    "quote inside a field": "doc_id,text\na,ab\"c\n",
    "trailing comma": "doc_id,text,\na,x,\n",
    "repeated name": "text,text\na,b\n",
    "too many fields": "doc_id,text\na,x,y\nb,z\n",
    "quote left open": 'doc_id,text\na,"never closed\nb,x\n',
    "lone carriage return": "doc_id,text\na,x\n\r,b\n",
    "carriage returns only": "doc_id,text\ra,x\rb,y\r",
}


@pytest.mark.parametrize("name", sorted(CSV_CASES))
def test_fast_csv_reader_reads_what_pandas_reads(name):
    """The Arrow reader (used when it can be) gives pandas' own result, or steps aside."""
    import io

    from toolkit.corpus._csv import _read_csv_arrow

    data = CSV_CASES[name].encode("utf-8")
    got = _read_csv_arrow(data, ",")
    try:
        want = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, na_filter=False, encoding="utf-8")
    except pd.errors.ParserError:
        assert got is None
        return
    if got is not None:
        pd.testing.assert_frame_equal(got, want)


def test_fast_csv_reader_is_used_for_plain_files():
    from toolkit.corpus._csv import _read_csv_arrow

    for name in ("plain", "quoted new line", "unicode", "crlf", "empty fields", "blank lines"):
        assert _read_csv_arrow(CSV_CASES[name].encode("utf-8"), ",") is not None, name
    for name in ("line of spaces, one column", "trailing comma", "repeated name", "quote left open",
                 "lone carriage return"):
        assert _read_csv_arrow(CSV_CASES[name].encode("utf-8"), ",") is None, name


def test_quote_left_open_is_an_error_naming_the_file(tmp_path):
    path = tmp_path / "open.csv"
    path.write_text('doc_id,text\na,"never closed\nb,x\n', encoding="utf-8")
    with pytest.raises(CorpusError, match="open.csv"):
        load_corpus(path)


def test_load_corpus_or_sample_uses_the_article_only_when_no_corpus_is_given(tmp_path):
    import toolkit as tk

    assert tk.load_corpus_or_sample(None)["doc_id"].tolist() == [tk.load_sample()["doc_id"].iloc[0]]
    with pytest.raises(FileNotFoundError, match="missing.csv"):
        tk.load_corpus_or_sample(tmp_path / "missing.csv")
    corpus = tmp_path / "news.csv"
    corpus.write_text("id,teks\n1,Kerja sama.\n", encoding="utf-8")
    with pytest.raises(tk.CorpusError, match="isi"):
        tk.load_corpus_or_sample(corpus, text_col="isi")
    with pytest.raises(ValueError, match="corpus_path is None"):
        tk.load_corpus_or_sample(None, text_col="isi")
    assert tk.load_corpus_or_sample(corpus)["text"].tolist() == ["Kerja sama."]


# --------------------------------------------------------------------------
# one reader layer: load_corpus is iter_corpus read as one chunk
# --------------------------------------------------------------------------


def test_whole_source_is_one_chunk_and_chunks_add_up_to_it(tmp_path):
    from toolkit.corpus import iter_corpus
    from toolkit.corpus._chunks import ChunkReader

    path = write_csv(tmp_path / "berita.csv", "isi,sumber\n" + "".join(f"Berita {i}.,s{i % 2}\n" for i in range(1, 13)))
    whole = [docs for docs, _rows in ChunkReader(path, chunksize=None)]
    assert len(whole) == 1
    assert whole[0]["doc_id"].tolist() == [f"berita-{i:02d}" for i in range(1, 13)]  # numbered across the source
    chunks = list(iter_corpus(path, chunksize=5))
    assert [len(c) for c in chunks] == [5, 5, 2]
    pdt.assert_frame_equal(pd.concat(chunks, ignore_index=True), load_corpus(path), check_exact=True)
    empty = [docs for docs, _rows in ChunkReader(pd.DataFrame({"text": pd.Series([], dtype="str")}), chunksize=None)]
    assert len(empty) == 1 and list(empty[0].columns) == ["doc_id", "text", "source_path", "source_row"]


def test_reader_warnings_point_at_the_caller(tmp_path):
    from toolkit.corpus import iter_corpus

    (tmp_path / "a.txt").write_text("<p>Kerja sama.</p>", encoding="utf-8")
    (tmp_path / "b.txt").write_text("", encoding="utf-8")
    (tmp_path / "catatan.md").write_text("x", encoding="utf-8")
    for read in (load_corpus, lambda path: list(iter_corpus(path, chunksize=1))):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            read(tmp_path)
        kinds = sorted(w.category.__name__ for w in caught)
        assert kinds == ["CorpusWarning", "CorpusWarning", "EmptyTextWarning"]  # skipped entry, HTML, empty text
        assert [w.filename for w in caught] == [__file__] * 3
