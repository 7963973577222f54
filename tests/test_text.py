"""Segmenting and tokenising: offsets, hyphen rules, normalisation, sentence splitting."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import toolkit as tk
from toolkit.errors import ResourceError
from toolkit.text import split_sentences


def _tokens(text: str) -> list[str]:
    docs = pd.DataFrame({"doc_id": ["d"], "text": [text]})
    return tk.tokenize(tk.segment(docs, unit="document"))["text"].tolist()


# -- offsets ----------------------------------------------------------------
_alphabet = st.sampled_from(
    list("abcdeijkmnrstuyAKT019 .,;:!?-\"'()/\n")
    + ["\u2019", "\u201c", "\u201d", "\u00a0", "\u200b", "\u00ad", "\u2010", "é", "e\u0301", "\uff21", "\n\n", "\r\n"]
    + ["\U0001F600", "\U00020000"]  # an emoji and an astral letter: the tokeniser's UTF-32 path
)
_texts = st.lists(_alphabet, max_size=80).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=st.lists(_texts, min_size=1, max_size=4), by=st.sampled_from(["paragraph", "sentence", "document"]))
def test_offsets_give_back_the_text(texts, by):
    docs = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "text": texts})
    segments = tk.segment(docs, unit=by)
    tokens = tk.tokenize(segments)
    by_id = dict(zip(docs["doc_id"], docs["text"]))
    for row in segments.itertuples():
        assert by_id[row.doc_id][row.start : row.end] == row.text
        assert row.text == row.text.strip()
    for row in tokens.itertuples():
        assert by_id[row.doc_id][row.start : row.end] == row.text
        assert row.token == tk.normalize_token(row.text)
    # text + after of a segment's tokens rebuild the segment from its first token on
    for (doc_id, seg_id), group in tokens.groupby(["doc_id", "seg_id"]):
        seg = segments[(segments["doc_id"] == doc_id) & (segments["seg_id"] == seg_id)].iloc[0]
        rebuilt = "".join(group["text"] + group["after"])
        assert seg.text.endswith(rebuilt)
        assert seg.start + len(seg.text) - len(rebuilt) == group["start"].iloc[0]
    # positions run 0..n-1 within each document; tokens sit inside their segment
    for _doc_id, group in tokens.groupby("doc_id"):
        assert group["position"].tolist() == list(range(len(group)))
    merged = tokens.merge(segments, on=["doc_id", "seg_id"], suffixes=("", "_seg"))
    assert ((merged["start"] >= merged["start_seg"]) & (merged["end"] <= merged["end_seg"])).all()
    assert len(merged) == len(tokens)


# -- what a token is -------------------------------------------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        ("negara-negara orang-orang", ["negara-negara", "orang-orang"]),
        ("bersama-sama berbalas-balasan sebaik-baiknya", ["bersama-sama", "berbalas-balasan", "sebaik-baiknya"]),
        ("sayur-mayur bolak-balik gerak-gerik", ["sayur-mayur", "bolak-balik", "gerak-gerik"]),
        ("Tiongkok-Kazakhstan", ["Tiongkok", "Kazakhstan"]),
        ("Kassym-Jomart Tokayev", ["Kassym", "Jomart", "Tokayev"]),
        ("orang-ke-orang", ["orang", "ke", "orang"]),
        ("pada 2019, 5G dan COVID-19 ke-70", ["pada", "2019", "5G", "dan", "COVID-19", "ke-70"]),
        ("Rp 1.000 naik 3,5 persen.", ["Rp", "1.000", "naik", "3,5", "persen"]),
        ("Rabu (11/9/2019).", ["Rabu", "11", "9", "2019"]),
        ("\u201cReformasi,\u201d kata Xi.", ["Reformasi", "kata", "Xi"]),
        ("Jum\u2019at dan Qur'an", ["Jum\u2019at", "dan", "Qur'an"]),
        ("e-KTP anti-Amerika", ["e-KTP", "anti", "Amerika"]),
        ("Jokowi-Ma'ruf, Senin-Jum'at, 1.000-2.000", ["Jokowi", "Ma'ruf", "Senin", "Jum'at", "1.000", "2.000"]),
        ("\u0628\u0650\u0633\u0652\u0645\u0650 \u0627\u0644\u0644\u0651\u064e\u0647\u0650",
         ["\u0628\u0650\u0633\u0652\u0645\u0650", "\u0627\u0644\u0644\u0651\u064e\u0647\u0650"]),
        ("kerja\u00a0sama\u200bregional", ["kerja", "sama", "regional"]),
        ("ke\u00adamanan", ["ke\u00adamanan"]),
        ("... !!! -- ()", []),
    ],
)
def test_token_boundaries(text, expected):
    assert _tokens(text) == expected


@pytest.mark.parametrize(
    "written, normalised",
    [
        ("Keamanan", "keamanan"),
        ("ke\u00adamanan", "keamanan"),
        ("Jum\u2019at", "jum'at"),
        ("\uff21\uff33\uff25\uff21\uff2e", "asean"),
        ("ne\u2010gara", "ne-gara"),
        ("caf" + "e\u0301", "caf\u00e9"),
    ],
)
def test_normalize_token(written, normalised):
    assert tk.normalize_token(written) == normalised


def test_tokenize_columns_and_types(tiny_docs):
    tokens = tk.tokenize(tk.segment(tiny_docs))
    assert list(tokens.columns) == ["doc_id", "seg_id", "position", "start", "end", "text", "after", "token"]
    assert tokens["seg_id"].dtype == "int64"
    for col in ("position", "start", "end"):  # int32 while every document is shorter than 2**31 characters
        assert tokens[col].dtype == "int32"
    for col in ("doc_id", "token"):  # categorical, with sorted categories: they sort and group as strings do
        assert isinstance(tokens[col].dtype, pd.CategoricalDtype)
        assert list(tokens[col].cat.categories) == sorted(set(tokens[col]))
    assert tokens["text"].dtype == tokens["after"].dtype == "str"
    # d2 has two paragraphs; its positions continue across them
    d2 = tokens[tokens["doc_id"] == "d2"]
    assert d2["seg_id"].tolist()[:4] == [0, 0, 0, 0]
    assert d2["position"].tolist() == list(range(len(d2)))
    assert set(d2["seg_id"]) == {0, 1}


def test_tokenize_empty_and_missing_column():
    empty = tk.tokenize(tk.segment(pd.DataFrame({"doc_id": ["a"], "text": [""]})))
    assert len(empty) == 0 and "token" in empty.columns
    with pytest.raises(KeyError, match="lacks the column"):
        tk.tokenize(pd.DataFrame({"doc_id": ["a"], "text": ["x"]}))


# -- paragraphs and sentences -------------------------------------------------
def test_paragraphs_split_at_blank_lines():
    text = "Satu baris\nmasih paragraf satu.\n\n  Paragraf dua.  \n \nParagraf tiga."
    seg = tk.segment(pd.DataFrame({"doc_id": ["a"], "text": [text]}))
    assert seg["text"].tolist() == ["Satu baris\nmasih paragraf satu.", "Paragraf dua.", "Paragraf tiga."]
    assert seg["seg_id"].tolist() == [0, 1, 2]
    assert seg["start"].tolist() == [0, text.index("Paragraf dua"), text.index("Paragraf tiga")]


def test_paragraphs_are_lines_when_no_blank_line():
    text = "Baris satu.\r\nBaris dua.\nBaris tiga."
    seg = tk.segment(pd.DataFrame({"doc_id": ["a"], "text": [text]}))
    assert seg["text"].tolist() == ["Baris satu.", "Baris dua.", "Baris tiga."]


def test_sample_has_thirteen_paragraphs():
    docs = tk.load_sample()
    # counted by hand: the body has 13 paragraphs separated by blank lines
    body = docs.loc[0, "text"]
    assert len([p for p in body.split("\n\n") if p.strip()]) == 13
    assert len(tk.segment(docs)) == 13


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Xi tiba. Dia disambut.", ["Xi tiba.", "Dia disambut."]),
        ("Ini dr. Terawan. Ia datang.", ["Ini dr. Terawan.", "Ia datang."]),
        ("Hadir Prof. Dr. Hikmahanto, S.H., LL.M., Ph.D. Ia bicara.", ["Hadir Prof. Dr. Hikmahanto, S.H., LL.M., Ph.D. Ia bicara."]),
        ("Beras, gula, dll. Harga naik.", ["Beras, gula, dll.", "Harga naik."]),
        ("Beras, gula, dll. dijual murah.", ["Beras, gula, dll. dijual murah."]),
        ("Presiden B. J. Habibie datang.", ["Presiden B. J. Habibie datang."]),
        ("Nilainya 3.5 persen. Naik lagi.", ["Nilainya 3.5 persen.", "Naik lagi."]),
        ("Rabu (11/9/2019). Kamis pulang.", ["Rabu (11/9/2019).", "Kamis pulang."]),
        ("Surat No. 5 tgl. 3 Mei dikirim.", ["Surat No. 5 tgl. 3 Mei dikirim."]),
        ("Ditujukan a.n. Menteri. Selesai.", ["Ditujukan a.n. Menteri.", "Selesai."]),
        ('"Kami siap," kata Xi. Tokayev setuju.', ['"Kami siap," kata Xi.', "Tokayev setuju."]),
        ('Ia berkata: "Kami siap." Lalu pergi.', ['Ia berkata: "Kami siap."', "Lalu pergi."]),
        ("Benarkah? tanya dia. Ya!", ["Benarkah? tanya dia.", "Ya!"]),
        ("Tunggu... Nanti dulu.", ["Tunggu...", "Nanti dulu."]),
        ("Tanpa titik akhir", ["Tanpa titik akhir"]),
    ],
)
def test_split_sentences(text, expected):
    assert [text[a:b] for a, b in split_sentences(text)] == expected


def test_sentences_stay_inside_paragraphs():
    text = "Satu. Dua\n\nTiga. Empat."
    seg = tk.segment(pd.DataFrame({"doc_id": ["a"], "text": [text]}), unit="sentence")
    assert seg["text"].tolist() == ["Satu.", "Dua", "Tiga.", "Empat."]
    assert seg["para_id"].tolist() == [0, 0, 1, 1]


def test_segment_rejects_bad_unit(tiny_docs):
    with pytest.raises(ValueError, match=r"unit='word' is not allowed; use one of: 'paragraph', 'sentence', 'document'"):
        tk.segment(tiny_docs, unit="word")


def test_segment_does_not_mutate(tiny_docs):
    before = tiny_docs.copy()
    tk.segment(tiny_docs, unit="sentence")
    pd.testing.assert_frame_equal(tiny_docs, before)


def test_malformed_abbreviation_file(tmp_path):
    from toolkit import _data

    bad = tmp_path / "abbr.txt"
    bad.write_text("# comment\ndll.\nProf\n", encoding="utf-8")
    with pytest.raises(ResourceError, match=r"abbr\.txt: line 3: 'Prof' is not a valid entry"):
        _data.read_word_list(bad, what="abbreviation list", pattern=__import__("re").compile(r"\S+\."))
    bad.write_text("dll.\nDLL.\n", encoding="utf-8")
    with pytest.raises(ResourceError, match=r"line 2: 'DLL\.' repeats line 1"):
        _data.read_word_list(bad, what="abbreviation list")


def test_segment_rejects_duplicate_ids():
    docs = pd.DataFrame({"doc_id": ["a", "b", "a"], "text": ["Kerja", "x", "sama"]})
    with pytest.raises(ValueError, match=r"duplicate ids in column 'doc_id' \('a'\)"):
        tk.segment(docs)


def test_missing_doc_id_does_not_crash():
    segments = pd.DataFrame({"doc_id": pd.Series(["a", None], dtype="str"), "seg_id": [0, 0], "start": [0, 0],
                             "text": ["Kerja sama", "Keamanan"]})
    tokens = tk.tokenize(segments)
    assert tokens["token"].tolist() == ["kerja", "sama", "keamanan"]
    assert tokens["position"].tolist() == [0, 1, 0]


_para_alphabet = st.sampled_from(["a", "b", "Ia", " ", "  ", "\t", "\u00a0", "\u2003", "\n", "\n\n", "\r\n", "\r",
                                  "\n \n", "\n\t\u00a0\n", "\r\n\r\n", ".", "\u2028", "\x0b", "\x1c"])


@settings(max_examples=300, deadline=None)
@given(texts=st.lists(st.lists(_para_alphabet, max_size=30).map("".join), max_size=6))
def test_paragraphs_of_many_documents_equal_paragraphs_of_each(texts):
    """prepare finds the paragraphs of all documents in one pass; segment's per-document rule is the reference."""
    from toolkit._segments import paragraph_spans, paragraph_spans_many

    index, starts, ends = paragraph_spans_many(texts)
    want = [(i, a, b) for i, t in enumerate(texts) for a, b in paragraph_spans(t)]
    assert list(zip(index.tolist(), starts.tolist(), ends.tolist())) == want


def test_segment_and_prepare_by_is_now_unit_and_duplicate_ids_are_a_corpus_error(tiny_docs):
    with pytest.warns(FutureWarning, match="by= is now unit="):
        old = tk.segment(tiny_docs, by="sentence")
    pd.testing.assert_frame_equal(old, tk.segment(tiny_docs, unit="sentence"))
    with pytest.warns(FutureWarning, match="by= is now unit="):
        tk.prepare(tiny_docs, by="document")
    twice = pd.DataFrame({"doc_id": ["a", "a"], "text": ["Satu.", "Dua."]})
    with pytest.raises(tk.CorpusError, match="duplicate ids"):  # the same error class as load_corpus gives
        tk.segment(twice)
