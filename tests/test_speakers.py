"""Who says what: speaker attribution, checked by hand on the bundled article."""

from __future__ import annotations

import pandas as pd
import pytest

import toolkit as tk
from toolkit.speakers import attribute_speakers

XI, TOKAYEV = "Xi Jinping", "Kassym-Jomart Tokayev"
# Read by hand: the body's 13 paragraphs. 0 and 1 are narration (no quoted
# speaker); 2-7 report or quote Xi ("Xi menekankan", "kata Xi", "Xi menyatakan",
# "Xi juga meminta", "ujar Xi", "Xi juga mendorong"); 8-12 report or quote
# Tokayev ("Tokayev, yang ..., menyatakan", "Tokayev mengatakan", "kata Tokayev",
# "Menurut dia" after Tokayev, "Tokayev menambahkan").
EXPECTED = [None, None, XI, XI, XI, XI, XI, XI, TOKAYEV, TOKAYEV, TOKAYEV, TOKAYEV, TOKAYEV]


def test_article_paragraphs_by_hand():
    docs = tk.load_sample()
    seg = attribute_speakers(tk.segment(docs), docs=docs)
    got = [None if pd.isna(s) else s for s in seg["speaker"]]
    assert got == EXPECTED


def test_article_sentences_inherit_their_paragraph():
    docs = tk.load_sample()
    seg = attribute_speakers(tk.segment(docs, unit="sentence"), docs=docs)
    for row in seg.itertuples():
        expected = EXPECTED[row.para_id]
        assert (None if pd.isna(row.speaker) else row.speaker) == expected, row.text


def test_prepare_carries_speakers_and_rates_group_by_them():
    docs = tk.load_sample()
    tokens = tk.prepare(docs, speakers=True)
    assert "speaker" in tokens.columns
    para = tokens.groupby("seg_id")["speaker"].first()
    assert [None if pd.isna(s) else s for s in para] == EXPECTED
    lex = tk.make_lexicon([{"theme": "security", "entry": "keamanan", "match": "word"}])
    rates = tk.theme_rates(tk.find_themes(tokens, lex), tokens, by="speaker", lexicon=lex)
    by = rates.set_index("speaker")["hits"]
    # keamanan: once in Xi's paragraph 7, twice in Tokayev's paragraphs 10 and 11
    assert by[XI] == 1 and by[TOKAYEV] == 2
    tokens_by_speaker = tokens.groupby("speaker", dropna=False).size()
    assert rates.set_index("speaker").loc[XI, "tokens"] == tokens_by_speaker[XI]


@pytest.mark.parametrize(
    "paragraphs, expected",
    [
        # quote then verb and name; pronoun refers back to the last named speaker
        (['"Kami siap," ujar Menlu Retno Marsudi.', "Ia menambahkan, ASEAN solid."], ["Retno Marsudi", "Retno Marsudi"]),
        # katanya = he said: the last speaker
        (["Prabowo mengatakan TNI siap.", '"Kami waspada," katanya.'], ["Prabowo", "Prabowo"]),
        # two different speakers in one paragraph: not clear, left empty
        (['"Setuju," kata Xi. "Tidak," kata Tokayev.'], [None]),
        # a pronoun with nobody named before it: left empty
        (["Menurut dia, situasi aman."], [None]),
        # title stripped, short name resolved to the full name seen earlier
        (["Presiden Joko Widodo tiba di Beijing.", "Widodo menegaskan komitmen Indonesia."], [None, "Joko Widodo"]),
        # narration with a capitalised subject but no reporting verb
        (["Tiongkok membangun pelabuhan baru."], [None]),
    ],
)
def test_attribution_rules(paragraphs, expected):
    docs = pd.DataFrame({"doc_id": ["a"], "text": ["\n\n".join(paragraphs)]})
    seg = attribute_speakers(tk.segment(docs), docs=docs)
    assert [None if pd.isna(s) else s for s in seg["speaker"]] == expected


def test_speakers_do_not_leak_across_documents():
    docs = pd.DataFrame({"doc_id": ["a", "b"], "text": ["Xi Jinping mengatakan siap.", "Dia mengatakan tidak."]})
    seg = attribute_speakers(tk.segment(docs))
    assert seg["speaker"].tolist()[0] == "Xi Jinping"
    assert pd.isna(seg["speaker"].tolist()[1])


def test_cue_is_recorded_for_audit():
    docs = tk.load_sample()
    seg = attribute_speakers(tk.segment(docs), docs=docs)
    assert "kata Xi" in seg.loc[3, "speaker_cue"]
    assert seg.loc[11, "speaker_cue"].startswith("Menurut dia")


def test_input_not_mutated_and_missing_column():
    seg = tk.segment(tk.load_sample())
    before = seg.copy()
    attribute_speakers(seg)
    pd.testing.assert_frame_equal(seg, before)
    with pytest.raises(KeyError, match="lacks the column"):
        attribute_speakers(pd.DataFrame({"doc_id": ["a"], "text": ["x"]}))


def test_cue_file_is_valid():
    cues = tk.load_speech_cues()
    kinds = set(cues["kind"])
    assert {"verb_after_quote", "verb_after_name", "preposition", "pronoun", "adverb"} == kinds
    reporting = set(cues.loc[cues["kind"].str.startswith("verb"), "cue"])
    # the verbs the issue names
    assert {"kata", "ujar", "ucap", "tutur", "ungkap", "mengatakan", "menyatakan", "menambahkan", "menegaskan",
            "menekankan", "meminta", "mendorong"} <= reporting


def test_sentence_initial_ordinary_word_is_not_part_of_a_name():
    docs = pd.DataFrame({"doc_id": ["a"], "text": [
        "Dibeberkan Dedi, harga naik.\n\n\"Kami waspada,\" kata Dedi.\n\nPresiden Joko Widodo tiba. Widodo menegaskan siap."]})
    seg = attribute_speakers(tk.segment(docs), docs=docs)
    assert seg["speaker"].tolist()[1] == "Dedi"
    assert seg["speaker"].tolist()[2] == "Joko Widodo"


# --------------------------------------------------------------------------- titles, organisations, places


@pytest.mark.parametrize("paragraph, expected", [
    # a job title with its portfolio, commas and "dan" included, is not part of the speaker
    ("Menteri Koordinator Bidang Politik, Hukum, dan Keamanan Wiranto mengatakan situasi aman.", "Wiranto"),
    ('"Situasi aman," kata Menteri Koordinator Bidang Politik, Hukum, dan Keamanan Wiranto.', "Wiranto"),
    ("Keamanan Wiranto mengatakan situasi aman.", "Wiranto"),
    # places are nobody, also after the title of their head
    ("Kecamatan Senen menyatakan siaga banjir.", None),
    ('"Banjir sudah surut," kata Camat Kecamatan Senen.', None),
    # ... but a person named after a title and a place is the person
    ("Wali Kota Bandung Ridwan Kamil mengatakan siap.", "Ridwan Kamil"),
    # organisation names of more than two words are kept whole
    ("Organisasi Kerja Sama Shanghai menyatakan dukungan.", "Organisasi Kerja Sama Shanghai"),
    ("Kementerian Luar Negeri Tiongkok menyatakan protes.", "Kementerian Luar Negeri Tiongkok"),
    ("Dewan Keamanan PBB menyatakan keprihatinan.", "Dewan Keamanan PBB"),
    # a spokesperson of an organisation is the person
    ("Juru Bicara Kementerian Luar Negeri Tiongkok Geng Shuang mengatakan hal itu.", "Geng Shuang"),
    # three countries joined by commas and dan are not one name
    ("Indonesia, Malaysia, dan Thailand menyatakan sikap bersama.", None),
])
def test_titles_places_and_organisations(paragraph, expected):
    docs = pd.DataFrame({"doc_id": ["a"], "text": [paragraph]})
    seg = attribute_speakers(tk.segment(docs), docs=docs)
    assert [None if pd.isna(s) else s for s in seg["speaker"]] == [expected]


def test_name_words_file_and_its_card():
    from toolkit import _data
    from toolkit.speakers import _name_words

    words = _name_words()
    assert {"keamanan", "menteri", "camat"} <= words["title"]
    assert {"organisasi", "kementerian"} <= words["organisation"] and {"kecamatan", "kota"} <= words["place"]
    assert not (words["title"] & words["organisation"] or words["title"] & words["place"]
                or words["organisation"] & words["place"])
    card = (_data.data_path("speakers/name-words.csv").parent / "README.md").read_text(encoding="utf-8")
    for needed in ("`title`", "`organisation`", "`place`", "Written by the project", "MIT"):
        assert needed in card


def test_a_malformed_name_words_file_names_the_line(tmp_path, monkeypatch):
    from toolkit import _data, speakers

    bad = tmp_path / "name-words.csv"
    bad.write_text("word,kind,note\nmenteri,title,\nkota,kota,\n", encoding="utf-8")
    monkeypatch.setattr(_data, "data_path", lambda name: bad)
    speakers._name_words.cache_clear()
    try:
        with pytest.raises(tk.ResourceError, match=r"name-words.csv: line 3: field 'kind' is 'kota'"):
            speakers._name_words()
    finally:
        speakers._name_words.cache_clear()
