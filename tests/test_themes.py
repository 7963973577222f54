"""Finding themes: overlap rules, hit table, rates and the audit trail, with hand-built lexicons."""

from __future__ import annotations

import pandas as pd
import pytest

import toolkit as tk


def _tokens(*paragraphs: str, doc_id: str = "a") -> pd.DataFrame:
    return tk.prepare(pd.DataFrame({"doc_id": [doc_id], "text": ["\n\n".join(paragraphs)]}))


def _hits(tokens, rows):
    return tk.find_themes(tokens, tk.make_lexicon(rows))


def test_longest_match_wins_within_a_theme():
    tokens = _tokens("Kerja sama keamanan regional diperkuat.")
    hits = _hits(tokens, [
        {"theme": "security", "entry": "keamanan", "match": "word"},
        {"theme": "security", "entry": "keamanan regional", "match": "phrase"},
    ])
    assert hits[["entry", "matched_text"]].values.tolist() == [["keamanan regional", "keamanan regional"]]


def test_longest_match_wins_across_themes():
    tokens = _tokens("Anggota Organisasi Kerja Sama Shanghai bertemu. Kerja sama bilateral erat.")
    hits = _hits(tokens, [
        {"theme": "cooperation", "entry": "kerja sama", "match": "phrase"},
        {"theme": "multilateralism", "entry": "Organisasi Kerja Sama Shanghai", "match": "phrase"},
    ])
    assert hits[["theme", "matched_text"]].values.tolist() == [
        ["multilateralism", "Organisasi Kerja Sama Shanghai"],
        ["cooperation", "Kerja sama"],
    ]


def test_same_span_is_shared_by_the_themes_that_list_it():
    tokens = _tokens("Jaringan 5G dibangun.")
    hits = _hits(tokens, [
        {"theme": "connectivity", "entry": "5G", "match": "word"},
        {"theme": "technology", "entry": "5G", "match": "word"},
    ])
    assert sorted(hits["theme"]) == ["connectivity", "technology"]
    assert set(hits["position"]) == {1}


def test_partial_overlap_of_equal_length_keeps_the_first_listed():
    tokens = _tokens("keamanan siber nasional")
    hits = _hits(tokens, [
        {"theme": "security", "entry": "keamanan siber", "match": "phrase"},
        {"theme": "technology", "entry": "siber nasional", "match": "phrase"},
    ])
    assert hits["theme"].tolist() == ["security"]


def test_exclusion_blocks_only_its_own_theme():
    tokens = _tokens("Keamanan penerbangan ditingkatkan. Keamanan negara terjaga.")
    hits = _hits(tokens, [
        {"theme": "security", "entry": "keamanan", "match": "word"},
        {"theme": "security", "entry": "keamanan penerbangan", "match": "phrase", "weight": 0},
        {"theme": "connectivity", "entry": "penerbangan", "match": "word"},
    ])
    # flight safety: not security; the flight still counts as connectivity; the second keamanan is security
    assert hits[["theme", "matched_text"]].values.tolist() == [
        ["connectivity", "penerbangan"],
        ["security", "Keamanan"],
    ]
    audited = tk.find_themes(tokens, tk.make_lexicon([
        {"theme": "security", "entry": "keamanan", "match": "word"},
        {"theme": "security", "entry": "keamanan penerbangan", "match": "phrase", "weight": 0},
    ]), include_excluded=True)
    assert audited["weight"].tolist() == [0.0, 1.0]


def test_weight_breaks_ties_and_is_reported():
    tokens = _tokens("Kemitraan strategis.")
    hits = _hits(tokens, [
        {"theme": "cooperation", "entry": "kemitraan", "match": "stem", "weight": 0.5},
        {"theme": "cooperation", "entry": "kemitraan", "match": "word", "weight": 2},
    ])
    assert hits[["match", "weight"]].values.tolist() == [["word", 2.0]]


def test_stem_word_glob_regex_and_exact_phrase_words():
    tokens = _tokens("Mereka mempertahankan pertahanan; antiterorisme dan kontraterorisme; Tahun 2019 kerjasama erat.")
    lex = [
        {"theme": "bystem", "entry": "pertahanan", "match": "stem"},  # stem tahan: both forms
        {"theme": "byword", "entry": "pertahanan", "match": "word"},  # only the exact form
        {"theme": "byglob", "entry": "*terorisme", "match": "glob"},
        {"theme": "byregex", "entry": r"\d{4}", "match": "regex"},
        {"theme": "byexact", "entry": "=tahun 2019", "match": "phrase"},
    ]
    hits = _hits(tokens, lex)
    found = {(t, m) for t, m in zip(hits["theme"], hits["matched_text"])}
    assert {("bystem", "mempertahankan"), ("bystem", "pertahanan"), ("byword", "pertahanan"),
            ("byglob", "antiterorisme"), ("byglob", "kontraterorisme"), ("byexact", "Tahun 2019")} <= found
    # the regex 2019 lies inside the longer exact phrase "Tahun 2019" of another theme: dropped
    assert ("byregex", "2019") not in found
    # pertahanan matched by stem and by word in two themes with the same span: shared
    assert len(hits[(hits["matched_text"] == "pertahanan")]) == 2


def test_exact_phrase_word_rejects_other_forms():
    tokens = _tokens("Kerja sama dan bekerja sama.")
    hits = _hits(tokens, [{"theme": "c", "entry": "=kerja =sama", "match": "phrase"}])
    assert hits["matched_text"].tolist() == ["Kerja sama"]
    hits = _hits(tokens, [{"theme": "c", "entry": "kerja sama", "match": "phrase"}])  # by stem: bekerja too
    assert hits["matched_text"].tolist() == ["Kerja sama", "bekerja sama"]


def test_phrases_do_not_cross_paragraphs_and_keep_text_as_written():
    tokens = _tokens("Mereka menolak \u201ctiga kekuatan\njahat\u201d itu. Kerja", "sama baru.")
    hits = _hits(tokens, [
        {"theme": "s", "entry": "tiga kekuatan jahat", "match": "phrase"},
        {"theme": "c", "entry": "kerja sama", "match": "phrase"},
    ])
    assert hits["matched_text"].tolist() == ["tiga kekuatan\njahat"]
    doc = "Mereka menolak \u201ctiga kekuatan\njahat\u201d itu. Kerja\n\nsama baru."
    assert doc[hits.loc[0, "start"]:hits.loc[0, "end"]] == "tiga kekuatan\njahat"


def test_hit_table_schema_and_empty_result():
    tokens = _tokens("Tidak ada apa-apa di sini.")
    hits = _hits(tokens, [{"theme": "security", "entry": "militer"}])
    assert list(hits.columns) == list(tk.themes.HIT_COLUMNS)
    assert len(hits) == 0
    rates = tk.theme_rates(hits, tokens, lexicon=tk.make_lexicon([{"theme": "security", "entry": "militer"}]))
    assert rates[["theme", "hits", "rate_per_1000", "share"]].values.tolist() == [["security", 0, 0.0, 0.0]]


def test_theme_rates_by_hand():
    docs = pd.DataFrame({
        "doc_id": ["a", "b", "c"],
        "text": ["Kerja sama keamanan dan pertahanan.", "Militer siaga. Kerja sama.", ""],
        "source": ["kompas", "tempo", "tempo"],
    })
    tokens = tk.prepare(docs)
    lex = tk.make_lexicon([
        {"theme": "security/defence", "entry": "pertahanan", "match": "word", "weight": 2},
        {"theme": "security", "entry": "keamanan", "match": "word"},
        {"theme": "security/military", "entry": "militer", "match": "word"},
        {"theme": "cooperation", "entry": "kerja sama", "match": "phrase"},
    ])
    hits = tk.find_themes(tokens, lex)
    rates = tk.theme_rates(hits, tokens, lexicon=lex, docs=docs).set_index(["doc_id", "theme"])
    # doc a: 5 tokens (kerja sama keamanan dan pertahanan); security: keamanan (1) + pertahanan (2) = 2 hits,
    # weighted 3; cooperation: 1 hit. rate = 2 / 5 * 1000 = 400; share = 2 / 3.
    a = rates.loc[("a", "security")]
    assert (a["hits"], a["weighted"], a["tokens"]) == (2, 3.0, 5)
    assert a["rate_per_1000"] == pytest.approx(400.0)
    assert a["weighted_rate_per_1000"] == pytest.approx(600.0)
    assert a["share"] == pytest.approx(2 / 3)
    # doc b: 4 tokens (militer siaga kerja sama); security 1, cooperation 1
    b = rates.loc[("b", "security")]
    assert (b["hits"], b["tokens"], b["rate_per_1000"], b["share"]) == (1, 4, 250.0, 0.5)
    # doc c: empty, present with zeros for both themes
    assert rates.loc[("c", "security"), "tokens"] == 0 and rates.loc[("c", "cooperation"), "hits"] == 0
    # by a docs column: tempo = docs b and c
    by_source = tk.theme_rates(hits, tokens, by="source", docs=docs, lexicon=lex).set_index(["source", "theme"])
    assert by_source.loc[("tempo", "cooperation"), "rate_per_1000"] == pytest.approx(1 / 4 * 1000)
    # level=None keeps sub-themes
    sub = tk.theme_rates(hits, tokens, lexicon=lex, level=None, by=[])
    assert set(sub["theme"]) == {"security", "security/defence", "security/military", "cooperation"}
    assert sub.set_index("theme").loc["security/defence", "weighted"] == 2.0
    # content denominator: doc a has 4 content tokens? count them independently
    content_a = int((~tokens.loc[tokens["doc_id"] == "a", "is_stopword"]).sum())
    ca = tk.theme_rates(hits, tokens, lexicon=lex, denominator="content").set_index(["doc_id", "theme"])
    assert ca.loc[("a", "security"), "tokens"] == content_a
    assert ca.loc[("a", "security"), "rate_per_1000"] == pytest.approx(2 / content_a * 1000)


def test_per_document_rates_keep_empty_documents():
    # by hand: a "Keamanan negara." 2 tokens, 1 security hit in its one paragraph -> 500 per 1,000, 1 of 1;
    # b "" and c "   " hold no token: listed with 0 tokens, 0 hits, no rate (NaN), 0 segments, no share
    docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "text": ["Keamanan negara.", "", "   "],
                         "title": ["Satu", "Dua", "Tiga"]})
    tokens = tk.prepare(docs)
    lex = tk.make_lexicon([{"theme": "security", "entry": "keamanan", "match": "word"}])
    hits = tk.find_themes(tokens, lex)
    detected = tk.detect_themes(tokens, lex, hits=hits)
    rates = tk.theme_rates(hits, tokens, lexicon=lex, docs=docs, detected=detected)
    assert rates["doc_id"].tolist() == ["a", "b", "c"]
    assert rates[["hits", "tokens", "segments", "segments_present"]].values.tolist() == [
        [1, 2, 1, 1], [0, 0, 0, 0], [0, 0, 0, 0]]
    assert rates["rate_per_1000"].tolist()[0] == 500.0 and rates["present_share"].tolist()[0] == 1.0
    for column in ("rate_per_1000", "weighted_rate_per_1000", "present_share"):
        assert rates[column].isna().tolist() == [False, True, True], column
    assert len(docs.merge(rates, on="doc_id", how="inner")) == len(docs)  # the join back loses no document
    assert tk.theme_rates(hits, tokens, lexicon=lex)["doc_id"].tolist() == ["a"]  # without docs: only a


def test_theme_rates_errors():
    tokens = _tokens("Keamanan.")
    hits = _hits(tokens, [{"theme": "security", "entry": "keamanan", "match": "word"}])
    with pytest.raises(KeyError, match="source"):
        tk.theme_rates(hits, tokens, by="source")
    with pytest.raises(ValueError, match="denominator='words'"):
        tk.theme_rates(hits, tokens, denominator="words")


def test_explain_lists_entries_and_forms():
    tokens = _tokens("Pertahanan kuat; mempertahankan wilayah; pertahanan udara.")
    hits = _hits(tokens, [{"theme": "security/defence", "entry": "pertahanan", "match": "stem"}])
    table = tk.explain_themes(hits)
    row = table.iloc[0]
    assert (row["theme"], row["entry"], row["hits"], row["documents"]) == ("security/defence", "pertahanan", 3, 1)
    assert row["forms"] == "pertahanan ×2, mempertahankan ×1"
    assert tk.explain_themes(hits, level=1)["theme"].tolist() == ["security"]
    assert len(tk.explain_themes(hits, themes="cooperation")) == 0


def test_explain_keeps_hits_with_a_missing_form_or_weight():
    # by hand: a "Kerja sama dan keamanan." (kerja sama, keamanan), b "Keamanan, keamanan." (keamanan ×2)
    docs = pd.DataFrame({"doc_id": ["a", "b"], "text": ["Kerja sama dan keamanan.", "Keamanan, keamanan."]})
    tokens = tk.prepare(docs)
    hits = _hits(tokens, [{"theme": "cooperation", "entry": "kerja sama", "match": "phrase", "weight": 1},
                          {"theme": "security", "entry": "keamanan", "match": "word", "weight": 0.5}])
    hits.loc[hits["entry"] == "kerja sama", ["matched_text", "weight"]] = [None, float("nan")]
    hits.loc[(hits["doc_id"] == "b") & (hits["position"] == 0), "weight"] = float("nan")
    expected = [["cooperation", "kerja sama", "phrase", 1, 0.0, 1, ""],  # kept: no form, weighted 0
                ["security", "keamanan", "word", 3, 1.0, 2, "keamanan ×3"]]  # the missing weight adds 0
    assert tk.explain_themes(hits).values.tolist() == expected
    split = tk.explain_themes_partial(hits[hits["doc_id"] == "a"]) + tk.explain_themes_partial(
        hits[hits["doc_id"] == "b"])
    assert split.finalize().values.tolist() == expected


def test_tokens_without_needed_columns():
    with pytest.raises(KeyError, match="lacks the column"):
        tk.find_themes(pd.DataFrame({"token": ["a"]}), tk.make_lexicon([{"theme": "a", "entry": "a"}]))


# -- the bundled article, read by hand -----------------------------------------
# Every expression a careful reader marks in the body, as (theme, paragraph, text).
# Paragraphs are numbered from 0 as tk.segment gives them; each listed text is
# searched case-insensitively in its paragraph, and every occurrence must be
# covered by a hit of that theme (the whole expression inside one hit's span).
ARTICLE_EXPRESSIONS = [
    ("cooperation", 0, "kerja sama"),  # perjanjian kerja sama strategis
    ("cooperation", 0, "perjanjian"),
    ("cooperation", 1, "pernyataan bersama"),
    ("cooperation", 1, "bilateral"),  # pembicaraan bilateral; kerja sama bilateral
    ("cooperation", 1, "kerja sama"),
    ("cooperation", 4, "kerja sama"),  # memperdalam kerja sama menyeluruh
    ("connectivity", 4, "Jalur Ekonomi Jalur Sutra"),  # the article's name for the Silk Road Economic Belt
    ("connectivity", 4, "Jalur Terang"),
    ("connectivity", 4, "konektivitas"),
    ("cooperation", 5, "kerja sama"),
    ("multilateralism", 6, "multilateralisme"),
    ("multilateralism", 6, "ekonomi dunia yang terbuka"),
    ("multilateralism", 6, "tata kelola global"),
    ("cooperation", 7, "kerja sama"),  # kerja sama keamanan: cooperation ...
    ("security", 7, "keamanan"),  # ... and security
    ("security", 7, "tiga kekuatan jahat"),
    ("security", 7, "terorisme"),
    ("security", 7, "ekstremisme"),
    ("security", 7, "separatisme"),
    ("cooperation", 8, "kunjungan kenegaraan"),
    ("cooperation", 9, "kemitraan strategis"),
    ("cooperation", 9, "hubungan bilateral"),
    ("security", 10, "keamanan"),
    ("sovereignty", 10, "kedaulatan nasional"),
    ("multilateralism", 11, "Shanghai Cooperation Organization"),
    ("multilateralism", 11, "SCO"),
    ("multilateralism", 11, "Konferensi tentang Tindakan Membangun Interaksi dan Keyakinan di Asia"),
    ("security", 11, "tiga kekuatan jahat"),
    ("security", 11, "keamanan regional"),
    ("sovereignty", 11, "campur tangan eksternal"),
    ("cooperation", 12, "kerja sama"),
    ("connectivity", 12, "infrastruktur"),
    ("connectivity", 12, "5G"),
    ("connectivity", 12, "Belt and Road"),
]


@pytest.fixture(scope="module")
def article():
    docs = tk.load_sample()
    tokens = tk.prepare(docs)
    hits = tk.find_themes(tokens, "all")
    paragraphs = tk.segment(docs)
    return docs.loc[0, "text"], paragraphs, hits


@pytest.mark.parametrize("theme, para, expression", ARTICLE_EXPRESSIONS)
def test_article_expression_is_found_under_its_theme(article, theme, para, expression):
    import re

    text, paragraphs, hits = article
    seg = paragraphs.iloc[para]
    spans = [(seg.start + m.start(), seg.start + m.end())
             for m in re.finditer(rf"(?<!\w){re.escape(expression)}(?!\w)", seg.text, re.IGNORECASE)]
    assert spans, f"{expression!r} is not in paragraph {para}"
    top = hits["theme"].str.split("/").str[0]
    theirs = hits[(top == theme) & (hits["seg_id"] == para)]
    for a, b in spans:
        covering = theirs[(theirs["start"] <= a) & (theirs["end"] >= b)]
        assert len(covering) >= 1, f"{text[a:b]!r} (paragraph {para}) is not found under {theme}"


def test_article_every_kerja_sama_is_cooperation_once(article):
    import re

    text, _, hits = article
    occurrences = [m.start() for m in re.finditer(r"kerja sama", text, re.IGNORECASE)]
    assert len(occurrences) == 6  # counted by hand in the body (the title is not part of it)
    coop = hits[hits["theme"].str.split("/").str[0] == "cooperation"]
    for start in occurrences:
        assert ((coop["start"] <= start) & (coop["end"] >= start + len("kerja sama"))).sum() == 1


def test_article_nothing_counted_twice(article):
    _, _, hits = article
    top = hits["theme"].str.split("/").str[0]
    for theme, group in hits.groupby(top):
        spans = sorted(zip(group["start"], group["end"]))
        for (a1, b1), (a2, b2) in zip(spans, spans[1:]):
            assert b1 <= a2, f"{theme}: overlapping hits at {a1}-{b1} and {a2}-{b2}"


def test_sub_themes_of_one_theme_count_a_token_once_and_exclusions_reach_them():
    tokens = _tokens("Patroli bersama di perbatasan. Keamanan pangan dijaga.")
    hits = _hits(tokens, [
        {"theme": "security/military", "entry": "patroli bersama", "match": "phrase"},
        {"theme": "security/border", "entry": "patroli bersama", "match": "phrase"},
        {"theme": "multilateralism", "entry": "patroli bersama", "match": "phrase"},
        {"theme": "security", "entry": "keamanan", "match": "word"},
        {"theme": "security/food", "entry": "keamanan pangan", "match": "phrase", "weight": 0},
    ])
    # one security hit (the first listed sub-theme) plus the shared multilateralism hit; food safety excluded
    assert hits[["theme", "matched_text"]].values.tolist() == [
        ["multilateralism", "Patroli bersama"],
        ["security/military", "Patroli bersama"],
    ]


def test_a_missing_stem_or_token_matches_nothing():
    tokens = _tokens("Cuaca cerah. Keamanan terjaga.")
    tokens.loc[0, "stem"] = None
    tokens.loc[0, "token"] = None
    hits = _hits(tokens, [{"theme": "security", "entry": "keamanan", "match": "stem"},
                          {"theme": "weather", "entry": "c*", "match": "glob"}])
    assert "Cuaca" not in hits["matched_text"].tolist()
    assert "Keamanan" in hits["matched_text"].tolist()


def test_rank_by_hits_documents_and_paragraphs():
    docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "text": [
        "Keamanan.\n\nKeamanan dan keamanan.", "Keamanan.", "Cuaca cerah."]})
    hits = tk.find_themes(tk.prepare(docs), tk.make_lexicon([{"theme": "security", "entry": "keamanan", "match": "word"},
                                                              {"theme": "other", "entry": "cuaca", "match": "word"}]))
    # by hand: a has 3 security hits (1 + 2), b has 1; c only an "other" hit
    assert tk.rank_by_hits(hits, themes="security").values.tolist() == [["a", 3], ["b", 1]]
    assert tk.rank_by_hits(hits, by=["doc_id", "seg_id"], themes="security").values.tolist() == [
        ["a", 1, 2], ["a", 0, 1], ["b", 0, 1]]
    assert tk.rank_by_hits(hits).values.tolist() == [["a", 3], ["b", 1], ["c", 1]]


def test_compare_word_and_stem():
    tokens = _tokens("Keamanan terjaga; kota aman; polisi mengamankan lokasi. Pertahanan kuat.")
    lex = tk.make_lexicon([
        {"theme": "security", "entry": "keamanan", "match": "word"},
        {"theme": "security", "entry": "pertahanan", "match": "stem"},  # already a stem: unchanged, not listed
    ])
    table = tk.compare_word_and_stem(tokens, lex)
    # keamanan as a word: 1 hit; read as the stem "aman": keamanan, aman, mengamankan = 3
    assert table[["entry", "hits_shipped", "hits_as_stem"]].values.tolist() == [["keamanan", 1, 3]]
    assert set(table.loc[0, "forms"].replace(" ×1", "").split(", ")) == {"keamanan", "aman", "mengamankan"}
