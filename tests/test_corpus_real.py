"""Real corpora are never silently wrong (issue 10): malformed CSV rows, unstorable characters, old Mac line
ends, skipped folder entries, HTML residue and dates. Each behaviour is checked through tk.load_corpus and the
streaming reader tk.iter_corpus; expected values are worked out by hand in the comments."""

from __future__ import annotations

import csv
import json
import os
import re
import warnings

import pandas as pd
import pytest

import toolkit as tk
from toolkit.errors import CorpusError, CorpusWarning


def load_all(path, **options):
    return tk.load_corpus(path, **options)


def stream_all(path, **options):
    return pd.concat(list(tk.iter_corpus(path, chunksize=2, **options)), ignore_index=True)


READERS = pytest.mark.parametrize("read", [load_all, stream_all], ids=["load_corpus", "iter_corpus"])


def corpus_warnings(func, *args, **kwargs):
    """(result, list of CorpusWarning messages) of a call."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = func(*args, **kwargs)
    return result, [str(w.message) for w in caught if issubclass(w.category, CorpusWarning)]


# --------------------------------------------------------------------------
# 1. CSV rows with the wrong number of fields
# --------------------------------------------------------------------------

@READERS
def test_first_data_row_with_an_extra_field_names_file_and_line(tmp_path, read):
    # pandas used to take the first field as an index: doc_id became "x", text "kompas", ...
    path = tmp_path / "berita.csv"
    path.write_text("doc_id,text,sumber\na,x,kompas,lebih\nb,y,tempo\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=re.escape(f"{path}: line 2: 4 fields where the header (line 1) has 3")):
        read(path)


@READERS
def test_short_row_after_blank_lines_names_its_physical_line(tmp_path, read):
    # lines: 1 header, 2 a, 3 blank, 4 spaces (skipped, as pandas skips them), 5 b, 6 c with two fields
    path = tmp_path / "berita.csv"
    path.write_text("doc_id,text,sumber\na,x,kompas\n\n   \nb,y,tempo\nc,z\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=re.escape(f"{path}: line 6: 2 fields where the header (line 1) has 3")):
        read(path)


@READERS
def test_long_row_after_a_quoted_new_line_names_the_line_it_starts_on(tmp_path, read):
    # record a spans lines 2-3, so b starts on line 4 (pandas counted records and said "line 3")
    path = tmp_path / "berita.csv"
    path.write_text('doc_id,text,sumber\na,"satu\ndua",kompas\nb,y,tempo,lebih\n', encoding="utf-8")
    with pytest.raises(CorpusError, match=re.escape(f"{path}: line 4: 4 fields")):
        read(path)


@READERS
def test_short_row_in_a_tsv_with_lone_carriage_returns(tmp_path, read):
    path = tmp_path / "berita.tsv"
    path.write_bytes(b"doc_id\ttext\ra\tx\rb\r")
    with pytest.raises(CorpusError, match=re.escape(f"{path}: line 3: 1 fields where the header (line 1) has 2")):
        read(path)


@READERS
def test_short_row_after_a_field_longer_than_the_csv_modules_limit(tmp_path, read):
    # the csv module refuses fields over 131,072 characters by default; an article may be longer.
    # The header is quoted, so load_corpus reads with pandas after the check (not with Arrow)
    path = tmp_path / "panjang.csv"
    path.write_text('"doc_id","text"\na,"' + "kata " * 40_000 + '"\nb\n', encoding="utf-8")
    with pytest.raises(CorpusError, match=re.escape(f"{path}: line 3: 1 fields")):
        read(path)
    assert csv.field_size_limit() == 131_072  # the module's setting is left as it was


def test_streaming_reports_a_bad_row_when_its_chunk_is_read(tmp_path):
    # six good rows (lines 2-7), then line 8 with three fields; chunks of 2: three chunks come out first
    rows = "".join(f"d{i},teks {i}\n" for i in range(1, 7))
    path = tmp_path / "berita.csv"
    path.write_text(f"doc_id,text\n{rows}d7,teks,lebih\n", encoding="utf-8")
    chunks = tk.iter_corpus(path, chunksize=2)
    assert [c["doc_id"].tolist() for c in (next(chunks), next(chunks), next(chunks))] == [
        ["d1", "d2"], ["d3", "d4"], ["d5", "d6"]]
    with pytest.raises(CorpusError, match=re.escape(f"{path}: line 8: 3 fields")):
        next(chunks)


def test_streaming_check_counts_a_crlf_split_between_two_blocks_as_one_line_end(tmp_path):
    # the reader decodes 65,536 bytes at a time: the first row's "\r" is byte 65,535 and its "\n" byte 65,536
    # (header 13 bytes + "a," 2 bytes + 65,520 x's), so the two halves of one CRLF arrive in different blocks
    path = tmp_path / "besar.csv"
    path.write_bytes(b"doc_id,text\r\na," + b"x" * 65_520 + b"\r\nb,y\r\nc\r\n")
    with pytest.raises(CorpusError, match=re.escape(f"{path}: line 4: 1 fields")):
        stream_all(path)


# --------------------------------------------------------------------------
# 2. Lone surrogates (JSON escapes that no file can store)
# --------------------------------------------------------------------------

@READERS
def test_lone_surrogates_in_jsonl_are_replaced_and_named(tmp_path, read):
    path = tmp_path / "berita.jsonl"
    path.write_text('{"id": "a", "text": "Baik.", "judul": "ok"}\n'
                    '{"id": "b", "text": "Halo \\ud800 dunia \\ud83d\\ude00", "judul": "x\\udc00"}\n', encoding="utf-8")
    docs, messages = corpus_warnings(read, path)
    # one character for one: "Halo " + U+FFFD + " dunia " + the emoji (a valid pair, kept)
    assert docs["text"].tolist() == ["Baik.", "Halo \ufffd dunia \U0001f600"]
    assert docs["judul"].tolist() == ["ok", "x\ufffd"]
    assert len(messages) == 1 and str(path) in messages[0] and "line 2 (text, judul)" in messages[0]
    docs.to_csv(tmp_path / "out.csv")  # writing and stemming no longer fail on the text
    assert tk.prepare(docs)["text"].tolist() == ["Baik", "Halo", "dunia"]


def test_lone_surrogate_in_a_dataframe_object_column(tmp_path):
    frame = pd.DataFrame({"text": pd.Series(["Satu.", "Dua \udfff."], dtype=object)})
    docs, messages = corpus_warnings(tk.load_corpus, frame)
    assert docs["text"].tolist() == ["Satu.", "Dua \ufffd."]
    assert len(messages) == 1 and "row 2 (text)" in messages[0]


# --------------------------------------------------------------------------
# 3. Old Mac line ends (lone CR)
# --------------------------------------------------------------------------

LF_TEXT = "Baris satu\nbaris dua.\n\nParagraf dua."
# by hand: paragraph 0 is "Baris satu\nbaris dua." = 0..21, paragraph 1 starts after the blank line at 23 and
# ends at 23 + len("Paragraf dua.") = 36; the same offsets for CR, since "\r" is one character like "\n"
PARAGRAPHS = [(0, 21), (23, 36)]


def test_segment_treats_lone_cr_and_crlf_like_lf():
    for eol in ("\r", "\r\n"):
        text = LF_TEXT.replace("\n", eol)
        docs = pd.DataFrame({"doc_id": ["a"], "text": [text]})
        segments = tk.segment(docs)
        shift = len(eol) - 1  # CRLF: the first paragraph has one line end (+1), the blank line two more
        expected = [(0, 21 + shift), (23 + 3 * shift, 36 + 3 * shift)]
        assert list(zip(segments["start"], segments["end"])) == expected, repr(eol)
        assert segments["text"].tolist() == [text[a:b] for a, b in expected]
        sentences = tk.segment(docs, unit="sentence")
        assert sentences["para_id"].tolist() == [0, 1]
        tokens = tk.prepare(docs)  # the fast path finds paragraphs for all documents at once
        assert tokens.groupby("seg_id").size().tolist() == [4, 2]
        assert all(text[a:b] == t for a, b, t in zip(tokens["start"], tokens["end"], tokens["text"]))


def test_fast_paragraph_path_with_mixed_line_ends_in_one_batch():
    texts = [LF_TEXT.replace("\n", "\r"), LF_TEXT, "Satu baris\rdua baris"]
    docs = pd.DataFrame({"doc_id": ["cr", "lf", "lines"], "text": texts})
    tokens = tk.prepare(docs)
    # cr and lf: two paragraphs of 4 and 2 tokens; "lines" has no blank line: one paragraph per line
    assert tokens.groupby("doc_id", sort=False)["seg_id"].max().tolist() == [1, 1, 1]
    segments = tk.segment(docs)
    assert list(zip(segments["start"], segments["end"]))[:2] == PARAGRAPHS


def test_load_corpus_keeps_cr_text_as_read_and_segments_it(tmp_path):
    path = tmp_path / "mac.txt"
    path.write_bytes(LF_TEXT.replace("\n", "\r").encode("utf-8"))
    docs = tk.load_corpus(path)
    assert docs.loc[0, "text"] == LF_TEXT.replace("\n", "\r")
    segments = tk.segment(docs)
    assert list(zip(segments["start"], segments["end"])) == PARAGRAPHS


# --------------------------------------------------------------------------
# 4. Folder entries skipped
# --------------------------------------------------------------------------

@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
@READERS
def test_skipped_folder_entries_are_named_in_one_warning(tmp_path, read):
    elsewhere = tmp_path / "lain"
    elsewhere.mkdir()
    (elsewhere / "c.txt").write_text("Di luar.", encoding="utf-8")
    root = tmp_path / "korpus"
    (root / "sub").mkdir(parents=True)
    (root / "a.txt").write_text("Satu.", encoding="utf-8")
    (root / "sub" / "b.txt").write_text("Dua.", encoding="utf-8")
    (root / "catatan.csv").write_text("x\n1\n", encoding="utf-8")
    (root / "tautan").symlink_to(elsewhere, target_is_directory=True)
    (root / "sub" / "rusak.txt").symlink_to(tmp_path / "tidak-ada.txt")
    docs, messages = corpus_warnings(read, root)
    assert docs["doc_id"].tolist() == ["a", "sub/b"]
    assert len(messages) == 1
    assert ("3 entries were skipped" in messages[0] and "catatan.csv (not a .txt file)" in messages[0]
            and "tautan/ (a link to a folder, not followed)" in messages[0]
            and "sub/rusak.txt (a broken link)" in messages[0])


# --------------------------------------------------------------------------
# 5. HTML residue
# --------------------------------------------------------------------------

def test_strip_html_blocks_entities_scripts_and_white_space():
    html = ("<html><head><style>p {color: red}</style></head><body>\n"
            "<h1>Kerja&nbsp;sama</h1><div>RI &amp; Tiongkok<br/>sepakat</div>\n"
            "<ul><li>satu</li><li>dua &#8220;kutip&#8221;</li></ul>"
            "<script>var x = '<p>bukan teks</p>';</script>"
            "<table><tr><td>a</td><td>b</td></tr></table><p>  akhir\n   kalimat. </p></body></html>")
    assert tk.strip_html(html) == ("Kerja sama\n\nRI & Tiongkok\n\nsepakat\n\nsatu\n\ndua \u201ckutip\u201d"
                                   "\n\na b\n\nakhir kalimat.")


def test_strip_html_keeps_blank_lines_of_plain_text_as_paragraphs():
    assert tk.strip_html("Satu &amp; dua.\r\n\r\nTiga\nempat.") == "Satu & dua.\n\nTiga empat."


@READERS
def test_html_option_cleans_the_text_and_offsets_refer_to_it(tmp_path, read):
    path = tmp_path / "berita.jsonl"
    records = [{"id": "a", "text": "<p>Kerja sama&nbsp;keamanan.</p><p>Latihan <b>militer</b>.</p>"},
               {"id": "b", "text": "<div>Cuaca cerah.</div><script>track();</script>"},
               {"id": "c", "text": "<style>x{}</style>"}]
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    with pytest.warns(tk.EmptyTextWarning, match=r"c \(line 3\)"):  # empty once cleaned: reported
        docs = read(path, html=True)
    assert docs["text"].tolist() == ["Kerja sama keamanan.\n\nLatihan militer.", "Cuaca cerah.", ""]
    segments = tk.segment(docs)
    assert segments[["doc_id", "start", "end"]].values.tolist() == [["a", 0, 20], ["a", 22, 38], ["b", 0, 12]]


@READERS
def test_html_looking_corpus_gives_one_warning_counting_documents(tmp_path, read):
    path = tmp_path / "berita.csv"
    pd.DataFrame({"id": ["a", "b", "c", "d", "e"],
                  "text": ["<p>Satu.</p>", "Dua.", "Tiga&nbsp;empat.", "Lima<br>enam.", "PT A & B."]}).to_csv(
        path, index=False)
    docs, messages = corpus_warnings(read, path)
    assert docs["text"].tolist()[0] == "<p>Satu.</p>"  # kept as read
    assert len(messages) == 1 and "html=True" in messages[0]
    if read is load_all:
        assert "3 of 5 documents look like HTML" in messages[0]
    else:  # the first chunk of two documents holds one
        assert "1 of 2 documents look like HTML" in messages[0]


# --------------------------------------------------------------------------
# 6. Dates
# --------------------------------------------------------------------------

def wib(text):
    return pd.Timestamp(text, tz="UTC").tz_convert("+07:00")


DATES = {  # written -> the same instant in UTC, by hand (WIB = UTC+7, WITA = UTC+8)
    "17 September 2019": "2019-09-16 17:00",
    "Selasa, 17/09/2019 10:00 WIB": "2019-09-17 03:00",
    "17 Sep 2019": "2019-09-16 17:00",
    "2019-09-30T18:00:00Z": "2019-09-30 18:00",
    "Jum'at, 1 Okt 2019 pukul 08.30 WITA": "2019-10-01 00:30",
}


@READERS
def test_date_column_found_by_name_is_read_in_wib(tmp_path, read):
    path = tmp_path / "berita.csv"
    pd.DataFrame({"text": ["Satu."] * 5, "tanggal": list(DATES)}).to_csv(path, index=False)
    docs = read(path)
    assert str(docs["tanggal"].dtype) == "datetime64[us, UTC+07:00]"
    assert docs["tanggal"].tolist() == [wib(v) for v in DATES.values()]
    assert docs.loc[3, "tanggal"].month == 10  # 18:00 UTC on 30 September is 1 October in Jakarta


@READERS
def test_unreadable_dates_are_listed_in_a_warning_and_left_missing(tmp_path, read):
    path = tmp_path / "berita.csv"
    pd.DataFrame({"text": ["a", "b", "c"], "terbit": ["17/09/2019", "kemarin", "09/17/2019"]}).to_csv(
        path, index=False)
    docs, messages = corpus_warnings(read, path, date_col="terbit")
    assert docs["terbit"].isna().tolist() == [False, True, True]
    shown = "".join(messages)
    assert "row 2: 'kemarin'" in shown and "row 3: '09/17/2019'" in shown and str(path) in shown
    kept = read(path, date_col=False)
    assert kept["terbit"].tolist() == ["17/09/2019", "kemarin", "09/17/2019"]


def test_named_date_column_of_numbers_is_an_error():
    frame = pd.DataFrame({"text": ["a", "b"], "tahun": [2019, 2020]})
    with pytest.raises(CorpusError, match=r"date_col='tahun' holds int64 values"):
        tk.load_corpus(frame, date_col="tahun")


def test_dates_survive_a_parquet_round_trip(tmp_path):
    path = tmp_path / "berita.csv"
    pd.DataFrame({"text": ["a", "b"], "date": ["17 September 2019", "2019-10-01 06:00"]}).to_csv(path, index=False)
    docs = tk.add_period(tk.load_corpus(path), "month")
    docs.to_parquet(tmp_path / "docs.parquet")
    back = pd.read_parquet(tmp_path / "docs.parquet")
    assert str(back["date"].dtype) == "datetime64[us, UTC+07:00]"
    assert back["date"].tolist() == [wib("2019-09-16 17:00"), wib("2019-09-30 23:00")]
    assert back["month"].astype(str).tolist() == ["2019-09", "2019-10"]
    assert tk.load_corpus(tmp_path / "docs.parquet")["date"].tolist() == back["date"].tolist()


def test_add_period_names_and_values():
    docs = pd.DataFrame({"doc_id": ["a", "b", "c"],
                         "date": ["Selasa, 17/09/2019 10:00 WIB", "Selasa, 1/10/2019 00:30 WIB", None]})
    # 17 September 2019 is a Tuesday: its week runs Monday 16 to Sunday 22 September
    expected = {"year": ["2019", "2019"], "quarter": ["2019Q3", "2019Q4"], "month": ["2019-09", "2019-10"],
                "week": ["2019-09-16/2019-09-22", "2019-09-30/2019-10-06"], "day": ["2019-09-17", "2019-10-01"]}
    for period, values in expected.items():
        out = tk.add_period(docs, period)
        assert out[period].iloc[:2].astype(str).tolist() == values
        assert pd.isna(out[period].iloc[2])
    assert "month" not in docs.columns  # the input is not modified
    with pytest.raises(ValueError, match=r"period='monthly' is not allowed"):
        tk.add_period(docs, "monthly")


def test_monthly_theme_rates_from_a_dated_corpus():
    # September: "Keamanan dan pertahanan negara." 4 tokens, 2 security hits -> 500 per 1,000;
    # October: "Cuaca cerah." 2 tokens + "Kerja sama keamanan." 3 tokens, 1 hit -> 200 per 1,000
    frame = pd.DataFrame({"isi": ["Keamanan dan pertahanan negara.", "Cuaca cerah.", "Kerja sama keamanan."],
                          "tgl": ["17 Sep 2019", "2 Oktober 2019", "2019-09-30T17:30:00Z"]})
    docs = tk.add_period(tk.load_corpus(frame), "month", date_col="tgl")
    tokens = tk.prepare(docs)
    rates = tk.theme_rates(tk.find_themes(tokens, "security"), tokens, docs=docs, by="month")
    assert rates["month"].astype(str).tolist() == ["2019-09", "2019-10"]
    assert rates[["hits", "tokens", "rate_per_1000"]].values.tolist() == [[2, 4, 500.0], [1, 5, 200.0]]


@READERS
def test_hidden_folders_and_files_are_not_read_but_named(tmp_path, read):
    root = tmp_path / "korpus"
    (root / ".ipynb_checkpoints").mkdir(parents=True)
    (root / ".ipynb_checkpoints" / "a-checkpoint.txt").write_text("Salinan.", encoding="utf-8")
    (root / "a.txt").write_text("Satu.", encoding="utf-8")
    (root / "._a.txt").write_bytes(b"\x00\x05\x16\x07 Mac resource fork")
    docs, messages = corpus_warnings(read, root)
    assert docs["doc_id"].tolist() == ["a"]
    assert len(messages) == 1 and "2 entries were skipped" in messages[0]
    assert ".ipynb_checkpoints/ (a hidden folder, not read)" in messages[0] and "._a.txt (a hidden file" in messages[0]


@READERS
@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32"])
def test_a_utf16_or_utf32_file_with_a_byte_order_mark_is_read(tmp_path, read, codec):
    text = "Kerja sama keamanan \u201cRI\u2013Tiongkok\u201d.\n\nPelabuhan baru."
    bom = {"utf-16": b"", "utf-16-be": b"\xfe\xff", "utf-32": b""}[codec]  # Python's utf-16/32 write their own mark
    (tmp_path / "a.txt").write_bytes(bom + text.encode(codec))
    (tmp_path / "b.csv").write_bytes(bom + f'id,text\n1,"{text}"\n'.encode(codec))
    for name in ("a.txt", "b.csv"):
        docs, _ = corpus_warnings(read, tmp_path / name)
        assert docs["text"].tolist() == [text]


def test_semicolon_separated_csv_gets_a_hint(tmp_path):
    (tmp_path / "semi.csv").write_text("id;isi\n1;Kerja sama.\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="separated by semicolons"):
        tk.load_corpus(tmp_path / "semi.csv")


def test_calendar_words_come_from_the_data_file_and_bad_rows_are_named(tmp_path, monkeypatch):
    from toolkit import _data
    from toolkit.corpus import _dates
    from toolkit.errors import ResourceError

    months, weekdays, zones = _dates._calendar()
    assert months["agustus"] == months["agt"] == 8 and months["nopember"] == 11 and zones["wita"] == 8
    assert "jum'at" in weekdays and "ahad" in weekdays
    for body, message in (("kind,name,value\nmonth,smarch,13\n", "line 2: month 'smarch' needs"),
                          ("kind,name,value\nmonth,mei,5\nmonth,Mei,5\n", "line 3: the month 'mei' is listed twice"),
                          ("kind,name,value\nseason,kemarau,1\n", "line 2: kind 'season' is not one of")):
        bad = tmp_path / "calendar-id.csv"
        bad.write_text(body, encoding="utf-8")
        monkeypatch.setattr(_data, "data_path", lambda name, bad=bad: bad)
        with pytest.raises(ResourceError, match=re.escape(message)):
            _dates._calendar()
