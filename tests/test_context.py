"""Tests for toolkit.context: kwic, kwic_themes, format_kwic and collocations."""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest

import toolkit as tk


def words(s: str) -> list[str]:
    return re.findall(r"\w+(?:[-.]\w+)*", s)


def paragraph_before(text: str, start: int) -> str:
    """The text of the paragraph that contains ``start``, from its beginning up to ``start``."""
    para_start = text.rfind("\n\n", 0, start)
    para_start = 0 if para_start < 0 else para_start + 2
    return text[para_start:start]


def paragraph_after(text: str, end: int) -> str:
    para_end = text.find("\n\n", end)
    return text[end:] if para_end < 0 else text[end:para_end]


# ---------------------------------------------------------------- kwic on the bundled article


@pytest.fixture(scope="module")
def sample():
    docs = tk.load_sample()
    return docs, tk.prepare(docs)


def test_kwic_sample_matches_regex_count(sample):
    docs, tokens = sample
    body = docs.loc[0, "text"]
    found = [m.start() for m in re.finditer(r"\bkerja\s+sama\b", body, flags=re.IGNORECASE)]
    # no inflected form (bekerja sama, kerjasama, kerja bersama ...) that the stems would also catch
    loose = re.findall(r"\w*kerja\W*\w*sama\w*", body, flags=re.IGNORECASE)
    assert len(loose) == len(found)
    assert len(found) == 6  # counted by reading the article as well
    lines = tk.kwic(tokens, "kerja sama", term="stem")
    assert len(lines) == len(found)
    assert lines["start"].tolist() == found
    assert list(lines.columns) == ["doc_id", "seg_id", "position", "start", "end", "left", "match", "right"]
    assert isinstance(lines.index, pd.RangeIndex)


def test_kwic_sample_text_is_original(sample):
    docs, tokens = sample
    body = docs.loc[0, "text"]
    lines = tk.kwic(tokens, "kerja sama", window=500)  # window larger than any paragraph
    for r in lines.itertuples():
        assert body[r.start:r.end] == r.match
        assert r.match.lower() == "kerja sama"
        # none of these paragraphs opens with punctuation, so the whole paragraph before the match is the left
        assert r.left == paragraph_before(body, r.start).strip()
        assert r.right == paragraph_after(body, r.end).strip()


def test_kwic_window_limits_words(sample):
    docs, tokens = sample
    body = docs.loc[0, "text"]
    for window in (0, 1, 3):
        lines = tk.kwic(tokens, "kerja sama", window=window)
        for r in lines.itertuples():
            before = paragraph_before(body, r.start).rstrip()
            after = paragraph_after(body, r.end)
            assert before.endswith(r.left)  # text immediately before the match, as written
            assert after.lstrip().startswith(r.right)
            assert len(words(r.left)) == min(window, len(words(before)))
            assert len(words(r.right)) == min(window, len(words(after)))
    # first occurrence, by hand: "... Kazakhstan menyepakati perjanjian kerja sama strategis yang komprehensif ..."
    first = tk.kwic(tokens, "kerja sama", window=3).iloc[0]
    assert (first["left"], first["match"], first["right"]) == (
        "Kazakhstan menyepakati perjanjian", "kerja sama", "strategis yang komprehensif")
    one = tk.kwic(tokens, "kerja sama", window=1).iloc[0]
    assert (one["left"], one["right"]) == ("perjanjian", "strategis")


# ---------------------------------------------------------------- kwic on small documents


@pytest.fixture
def two_paragraphs():
    docs = pd.DataFrame({"doc_id": ["a"], "text": [
        "Presiden Xi berkunjung, kata menteri.\n\nTokayev menyambut baik keamanan kawasan."]})
    return docs, tk.prepare(docs)


def test_context_never_crosses_paragraph(two_paragraphs):
    docs, tokens = two_paragraphs
    end_of_first = tk.kwic(tokens, "menteri", term="token", window=10).iloc[0]
    assert end_of_first["left"] == "Presiden Xi berkunjung, kata"
    assert end_of_first["right"] == "."  # only its own punctuation; "Tokayev" is in the next paragraph
    start_of_second = tk.kwic(tokens, "tokayev", term="token", window=10).iloc[0]
    assert start_of_second["left"] == ""
    assert start_of_second["right"] == "menyambut baik keamanan kawasan."
    assert start_of_second["seg_id"] == 1


def test_phrase_does_not_match_across_paragraph():
    docs = pd.DataFrame({"doc_id": ["a"], "text": ["Mereka sepakat kerja.\n\nSama halnya dengan kerja sama."]})
    lines = tk.kwic(tk.prepare(docs), "kerja sama", term="token")
    text = docs.loc[0, "text"]
    # "kerja.\n\nSama" spans two paragraphs: only the second-paragraph phrase counts
    assert lines["start"].tolist() == [text.rindex("kerja sama")]


def test_on_stem_vs_on_token(sastrawi_stemmer):
    text = "Keamanan kawasan terjaga. Polisi mengamankan pelabuhan. Kota itu aman. Keamanan pangan."
    docs = pd.DataFrame({"doc_id": ["a"], "text": [text]})
    tokens = tk.prepare(docs)
    for w in ("keamanan", "mengamankan", "aman"):
        assert sastrawi_stemmer.stem(w) == "aman"
    by_stem = tk.kwic(tokens, "keamanan", term="stem")
    assert by_stem["match"].tolist() == ["Keamanan", "mengamankan", "aman", "Keamanan"]
    by_token = tk.kwic(tokens, "keamanan", term="token")
    assert by_token["match"].tolist() == ["Keamanan", "Keamanan"]
    assert by_token["start"].tolist() == [m.start() for m in re.finditer("Keamanan", text)]
    for r in by_stem.itertuples():
        assert text[r.start:r.end] == r.match


def test_no_match_gives_empty_table(two_paragraphs):
    _, tokens = two_paragraphs
    lines = tk.kwic(tokens, "terorisme")
    assert len(lines) == 0
    assert list(lines.columns) == ["doc_id", "seg_id", "position", "start", "end", "left", "match", "right"]


@pytest.mark.parametrize("kwargs, name", [
    ({"window": -1}, "window"), ({"window": 2.5}, "window"), ({"window": True}, "window"),
    ({"term": "lemma"}, "term"),
])
def test_kwic_bad_options(two_paragraphs, kwargs, name):
    _, tokens = two_paragraphs
    with pytest.raises(ValueError, match=name):
        tk.kwic(tokens, "keamanan", **kwargs)


def test_left_context_starts_at_the_first_word_of_the_segment():
    # documented: punctuation before a segment's first word is not in the tokens table
    text = '"Kami siap," kata Xi.'
    tokens = tk.prepare(pd.DataFrame({"doc_id": ["a"], "text": [text]}))
    line = tk.kwic(tokens, "kata", term="token", window=10).iloc[0]
    assert line["left"] == 'Kami siap,"'


# ---------------------------------------------------------------- kwic_themes


@pytest.fixture
def lexicon():
    return tk.make_lexicon([
        {"theme": "security", "entry": "keamanan", "match": "word"},
        {"theme": "cooperation", "entry": "kerja sama", "match": "phrase"},
    ])


@pytest.fixture
def theme_docs():
    return pd.DataFrame({"doc_id": ["a", "b"], "text": [
        "Kedua negara memperkuat kerja sama keamanan.\n\nKota itu aman dan tenang.",
        "Menteri membahas keamanan regional serta kerja sama ekonomi.",
    ]})


def test_kwic_themes(lexicon, theme_docs):
    tokens = tk.prepare(theme_docs)
    hits = tk.find_themes(tokens, lexicon)
    lines = tk.kwic_themes(hits, tokens, window=2)
    # "aman" is not the word "keamanan": not a hit. Hits in text order:
    # a: kerja sama (cooperation), keamanan (security); b: keamanan, kerja sama
    assert list(zip(lines["doc_id"], lines["theme"], lines["match"])) == [
        ("a", "cooperation", "kerja sama"), ("a", "security", "keamanan"),
        ("b", "security", "keamanan"), ("b", "cooperation", "kerja sama")]
    assert lines["left"].tolist() == ["negara memperkuat", "kerja sama", "Menteri membahas", "regional serta"]
    assert lines["right"].tolist() == ["keamanan.", ".", "regional serta", "ekonomi."]
    texts = dict(zip(theme_docs["doc_id"], theme_docs["text"]))
    for r in lines.itertuples():
        assert texts[r.doc_id][r.start:r.end] == r.match
    assert list(lines.columns) == ["doc_id", "seg_id", "position", "start", "end", "theme", "entry",
                                   "left", "match", "right"]


def test_kwic_themes_theme_filter(lexicon, theme_docs):
    tokens = tk.prepare(theme_docs)
    hits = tk.find_themes(tokens, lexicon)
    sec = tk.kwic_themes(hits, tokens, themes="security")
    assert sec["entry"].tolist() == ["keamanan", "keamanan"]
    assert set(sec["theme"]) == {"security"}


def test_kwic_themes_foreign_hits_raise(lexicon, theme_docs):
    tokens = tk.prepare(theme_docs)
    other = tk.prepare(pd.DataFrame({"doc_id": ["z"], "text": ["Kerja sama keamanan."]}))
    hits = tk.find_themes(other, lexicon)
    assert len(hits) == 2
    with pytest.raises(ValueError, match="tokens"):
        tk.kwic_themes(hits, tokens)


def test_kwic_themes_bad_window(lexicon, theme_docs):
    tokens = tk.prepare(theme_docs)
    hits = tk.find_themes(tokens, lexicon)
    with pytest.raises(ValueError, match="window"):
        tk.kwic_themes(hits, tokens, window=-1)


# ---------------------------------------------------------------- format_kwic


def markup_of(view) -> str:
    return view.data if hasattr(view, "data") else str(view)


def test_format_kwic_escapes_and_aligns():
    docs = pd.DataFrame({"doc_id": ["a"], "text": ["Nilai <ekspor> naik & keamanan terjaga."]})
    lines = tk.kwic(tk.prepare(docs), "keamanan", term="token")
    assert lines.loc[0, "left"] == "Nilai <ekspor> naik &"
    html = markup_of(tk.format_kwic(lines))
    assert "<b>keamanan</b>" in html
    assert "<ekspor>" not in html
    assert re.search(r"<td style='text-align:right[^']*'>Nilai &lt;ekspor&gt; naik &amp;</td>", html)
    assert "terjaga.</td>" in html


def test_format_kwic_escapes_match():
    lines = pd.DataFrame({"doc_id": ["a"], "seg_id": [0], "left": ["x < y"], "match": ["<script>"],
                          "right": ["z"]})
    html = markup_of(tk.format_kwic(lines))
    assert "<b>&lt;script&gt;</b>" in html
    assert "<script>" not in html
    assert "x &lt; y" in html


def test_format_kwic_max_rows():
    lines = pd.DataFrame({"left": ["a"] * 5, "match": ["m"] * 5, "right": ["b"] * 5})
    html = markup_of(tk.format_kwic(lines, max_rows=2))
    assert html.count("<b>m</b>") == 2
    assert "3 more lines" in html


# ---------------------------------------------------------------- collocations
#
# NLTK (nltk/collocations.py): from_documents() pads every document (here: every
# segment) with None and calls from_words(), which adds 1 to word_fd for each
# non-None word; AbstractCollocationFinder.__init__ sets self.N = word_fd.N(), the
# total number of words. apply_word_filter / apply_freq_filter only prune ngram_fd,
# so N keeps the stop words. score_ngram() passes (n_ii, (n_ix, n_xi), N) to the
# measure (window 2: n_ii not rescaled). nltk/metrics/association.py:
# pmi = log2(n_ii * N) - log2(n_ix * n_xi); likelihood_ratio = 2 * sum obs ln(obs/exp)
# over BigramAssocMeasures._contingency = (n_ii, n_oi = n_xi - n_ii, n_io = n_ix - n_ii,
# n_oo = N - n_ii - n_oi - n_io), exp = row total * column total / N.

# segments: S1 = jalur sutra dan ekonomi | S2 = jalur sutra maritim  (doc a, two paragraphs)
#           S3 = ekonomi jalur                                         (doc b)
# N = 4 + 3 + 2 = 9; word counts: jalur 3, sutra 2, ekonomi 2, dan 1, maritim 1
COLL_DOCS = pd.DataFrame({"doc_id": ["a", "b"], "text": [
    "Jalur sutra dan ekonomi.\n\nJalur sutra maritim.", "Ekonomi jalur."]})


@pytest.fixture
def coll_tokens():
    tok = tk.prepare(COLL_DOCS)
    assert tok["token"].tolist() == ["jalur", "sutra", "dan", "ekonomi", "jalur", "sutra", "maritim",
                                     "ekonomi", "jalur"]
    assert set(tok.loc[tok["is_stopword"], "token"]) == {"dan"}
    return tok


def own_g2(n_ii, n_ix, n_xi, n):
    n_oi, n_io = n_xi - n_ii, n_ix - n_ii
    n_oo = n - n_ii - n_oi - n_io
    cells = [(n_ii, n_ii + n_oi, n_ii + n_io), (n_oi, n_ii + n_oi, n_oi + n_oo),
             (n_io, n_io + n_oo, n_ii + n_io), (n_oo, n_io + n_oo, n_oi + n_oo)]
    return 2 * sum(o * math.log(o / (r * c / n)) for o, r, c in cells if o > 0)


def test_collocations_pmi_by_hand(coll_tokens):
    out = tk.collocations(coll_tokens, term="token", min_count=1, include_stopwords=True)
    pairs = {(r.word1, r.word2): r for r in out.itertuples()}
    # within segments: S1 (jalur,sutra) (sutra,dan) (dan,ekonomi); S2 (jalur,sutra) (sutra,maritim); S3 (ekonomi,jalur)
    assert set(pairs) == {("jalur", "sutra"), ("sutra", "dan"), ("dan", "ekonomi"), ("sutra", "maritim"),
                          ("ekonomi", "jalur")}
    js = pairs[("jalur", "sutra")]
    assert (js.count, js.count1, js.count2) == (2, 3, 2)
    # PMI = log2(2 * 9 / (3 * 2)) = log2(3) = 1.5849625
    assert js.score == pytest.approx(1.5849625, abs=1e-6)
    # (ekonomi, jalur): once (S3 only; the S1 -> S2 boundary would make it twice): log2(1 * 9 / (2 * 3)) = log2(1.5)
    ej = pairs[("ekonomi", "jalur")]
    assert ej.count == 1
    assert ej.score == pytest.approx(0.5849625, abs=1e-6)
    # (sutra, maritim): log2(1 * 9 / (2 * 1)) = log2(4.5) = 2.169925
    assert pairs[("sutra", "maritim")].score == pytest.approx(2.169925, abs=1e-6)
    assert ("maritim", "ekonomi") not in pairs  # doc a ends "maritim", doc b starts "ekonomi"
    assert out["score"].tolist() == sorted(out["score"].tolist(), reverse=True)
    assert set(out["measure"]) == {"pmi"}


def test_collocations_likelihood_ratio_by_hand(coll_tokens):
    out = tk.collocations(coll_tokens, term="token", min_count=1, include_stopwords=True,
                          measure="likelihood_ratio")
    pairs = {(r.word1, r.word2): r.score for r in out.itertuples()}
    # (jalur, sutra): n_ii = 2, n_ix = 3, n_xi = 2, N = 9 -> n_oi = 0, n_io = 1, n_oo = 6
    # E: ii 2*3/9 = 0.667, oi 2*6/9 = 1.333, io 7*3/9 = 2.333, oo 7*6/9 = 4.667
    # G2 = 2 [2 ln 3 + 0 + 1 ln(3/7) + 6 ln(9/7)] = 2 [2.1972246 - 0.8472979 + 1.5078866] = 5.7156266
    assert own_g2(2, 3, 2, 9) == pytest.approx(5.7156266, abs=1e-6)
    assert pairs[("jalur", "sutra")] == pytest.approx(5.7156266, abs=1e-6)
    word_count = {"jalur": 3, "sutra": 2, "ekonomi": 2, "dan": 1, "maritim": 1}
    pair_count = {("jalur", "sutra"): 2, ("sutra", "dan"): 1, ("dan", "ekonomi"): 1, ("sutra", "maritim"): 1,
                  ("ekonomi", "jalur"): 1}
    assert set(pairs) == set(pair_count)
    for (w1, w2), score in pairs.items():
        assert score == pytest.approx(own_g2(pair_count[w1, w2], word_count[w1], word_count[w2], 9), abs=1e-9)
    assert set(out["measure"]) == {"likelihood_ratio"}


def test_collocations_min_count(coll_tokens):
    out = tk.collocations(coll_tokens, term="token", min_count=2, include_stopwords=True)
    assert list(zip(out["word1"], out["word2"])) == [("jalur", "sutra")]
    assert tk.collocations(coll_tokens, term="token", min_count=3, include_stopwords=True).empty


def test_collocations_stopwords_dropped_not_bridged(coll_tokens):
    out = tk.collocations(coll_tokens, term="token", min_count=1)
    pairs = set(zip(out["word1"], out["word2"]))
    # (sutra, dan) and (dan, ekonomi) go; no (sutra, ekonomi) across the removed "dan"
    assert pairs == {("jalur", "sutra"), ("sutra", "maritim"), ("ekonomi", "jalur")}
    # N still counts every word (9), so the PMI of (jalur, sutra) is unchanged: log2(3)
    js = out[(out["word1"] == "jalur") & (out["word2"] == "sutra")]["score"].item()
    assert js == pytest.approx(math.log2(3))


def test_collocations_wider_window_stays_in_segment(coll_tokens):
    out = tk.collocations(coll_tokens, term="token", min_count=1, include_stopwords=True, window=3)
    pairs = dict(zip(zip(out["word1"], out["word2"]), out["count"]))
    # window 3 pairs words up to 2 apart, per segment:
    # S1: (jalur,sutra) (jalur,dan) (sutra,dan) (sutra,ekonomi) (dan,ekonomi); S2: (jalur,sutra) (jalur,maritim)
    # (sutra,maritim); S3: (ekonomi,jalur)
    assert pairs == {("jalur", "sutra"): 2, ("jalur", "dan"): 1, ("sutra", "dan"): 1, ("sutra", "ekonomi"): 1,
                     ("dan", "ekonomi"): 1, ("jalur", "maritim"): 1, ("sutra", "maritim"): 1,
                     ("ekonomi", "jalur"): 1}


def test_collocations_on_stem(sastrawi_stemmer):
    docs = pd.DataFrame({"doc_id": ["a"], "text": ["Perdagangan bebas.\n\nBerdagang bebas.\n\nPerdagangan bebas."]})
    tokens = tk.prepare(docs)
    for w in ("perdagangan", "berdagang"):
        assert sastrawi_stemmer.stem(w) == "dagang"
    stems = tk.collocations(tokens, min_count=1)
    # N = 6; dagang 3, bebas 3, pair 3: PMI = log2(3 * 6 / (3 * 3)) = log2(2) = 1
    assert list(zip(stems["word1"], stems["word2"], stems["count"])) == [("dagang", "bebas", 3)]
    assert stems["score"].item() == pytest.approx(1.0)
    forms = tk.collocations(tokens, term="token", min_count=1)
    assert dict(zip(forms["word1"], forms["count"])) == {"perdagangan": 2, "berdagang": 1}


@pytest.mark.parametrize("kwargs, name", [
    ({"measure": "chi_sq"}, "measure"), ({"measure": "PMI"}, "measure"), ({"term": "lemma"}, "term"),
    ({"min_count": 0}, "min_count"), ({"window": 1}, "window"),
])
def test_collocations_bad_options(coll_tokens, kwargs, name):
    with pytest.raises(ValueError, match=name):
        tk.collocations(coll_tokens, **kwargs)


# ---------------------------------------------------------------- several patterns, metadata, filter_docs

# By hand. a, two paragraphs: "Kerja sama keamanan maritim." | "Polisi mengamankan kapal."
#            b: "Pelabuhan baru dibuka. Keamanan terjaga."   c: empty.
# Stem aman: keamanan (a), mengamankan (a), Keamanan (b); phrase kerja sama: a only;
# pelabuhan: b; kapal: a.
OWN = pd.DataFrame({
    "doc_id": ["a", "b", "c"],
    "text": ["Kerja sama keamanan maritim.\n\nPolisi mengamankan kapal.", "Pelabuhan baru dibuka. Keamanan terjaga.",
             ""],
    "title": ["Satu", "Dua", "Tiga"],
    "source": ["kompas", "tempo", "antara"],
})


@pytest.fixture(scope="module")
def own_tokens():
    return tk.prepare(OWN)


def test_kwic_several_patterns_in_text_order_with_document_metadata(own_tokens):
    lines = tk.kwic(own_tokens, ["keamanan", "kerja sama"], docs=OWN)
    assert list(lines.columns) == ["doc_id", "seg_id", "position", "start", "end", "pattern", "left", "match",
                                   "right", "title", "source"]  # docs columns but the text
    assert lines[["doc_id", "pattern", "match", "title", "source"]].values.tolist() == [
        ["a", "kerja sama", "Kerja sama", "Satu", "kompas"],
        ["a", "keamanan", "keamanan", "Satu", "kompas"],
        ["a", "keamanan", "mengamankan", "Satu", "kompas"],
        ["b", "keamanan", "Keamanan", "Dua", "tempo"],
    ]
    for row in lines.itertuples():
        assert OWN.set_index("doc_id").loc[row.doc_id, "text"][row.start:row.end] == row.match


def test_kwic_one_place_found_by_two_patterns_gives_two_lines(own_tokens):
    lines = tk.kwic(own_tokens, ["aman", "keamanan"], term="stem")  # both stem to aman
    assert lines[["match", "pattern"]].values.tolist() == [
        ["keamanan", "aman"], ["keamanan", "keamanan"], ["mengamankan", "aman"], ["mengamankan", "keamanan"],
        ["Keamanan", "aman"], ["Keamanan", "keamanan"]]


def test_kwic_single_pattern_call_is_unchanged(own_tokens):
    lines = tk.kwic(own_tokens, "kapal", window=1)
    assert list(lines.columns) == ["doc_id", "seg_id", "position", "start", "end", "left", "match", "right"]
    assert lines[["left", "match", "right"]].values.tolist() == [["mengamankan", "kapal", "."]]


def test_kwic_bad_patterns_and_clashing_docs_columns(own_tokens):
    with pytest.raises(ValueError, match=r"pattern=\[\]"):
        tk.kwic(own_tokens, [])
    with pytest.raises(ValueError, match="holds no word"):
        tk.kwic(own_tokens, ["kapal", "..."])
    with pytest.raises(ValueError, match="'left'"):
        tk.kwic(own_tokens, "kapal", docs=OWN.assign(left="x"))
    with pytest.raises(ValueError, match="duplicate doc_id"):
        tk.kwic(own_tokens, "kapal", docs=pd.concat([OWN, OWN]))


def test_kwic_themes_carries_metadata_too(own_tokens):
    hits = tk.find_themes(own_tokens, tk.make_lexicon([{"theme": "security", "entry": "keamanan", "match": "word"}]))
    lines = tk.kwic_themes(hits, own_tokens, docs=OWN)
    assert lines[["doc_id", "match", "title"]].values.tolist() == [["a", "keamanan", "Satu"], ["b", "Keamanan", "Dua"]]


@pytest.mark.parametrize("kwargs, expected", [
    ({"any_of": ["pelabuhan", "kapal"]}, ["a", "b"]),
    ({"any_of": "aman"}, ["a", "b"]),                                  # stems: keamanan, mengamankan
    ({"all_of": ["keamanan", "kerja sama"]}, ["a"]),                   # b has keamanan only
    ({"any_of": "pelabuhan", "all_of": "keamanan"}, ["b"]),
    ({"any_of": "mengamankan", "term": "token"}, ["a"]),
    ({"all_of": ["keamanan", "terjaga"], "term": "token"}, ["b"]),
    ({"any_of": "aman", "term": "token"}, []),                          # the word aman occurs nowhere
])
def test_filter_docs_by_hand(own_tokens, kwargs, expected):
    kept = tk.filter_docs(OWN, own_tokens, **kwargs)
    assert kept["doc_id"].tolist() == expected
    assert list(kept.columns) == list(OWN.columns) and isinstance(kept.index, pd.RangeIndex)


def test_filter_docs_needs_a_pattern(own_tokens):
    with pytest.raises(ValueError, match="any_of= or all_of="):
        tk.filter_docs(OWN, own_tokens)
    with pytest.raises(ValueError, match="all_of=3"):
        tk.filter_docs(OWN, own_tokens, all_of=3)
    with pytest.raises(ValueError, match="term='lemma'"):
        tk.filter_docs(OWN, own_tokens, any_of="x", term="lemma")


@pytest.mark.parametrize("call", [
    lambda tokens, hits, **kw: tk.kwic(tokens, "keamanan", **kw),
    lambda tokens, hits, **kw: tk.collocations(tokens, min_count=1, **kw),
])
def test_on_is_now_term_with_a_future_warning(call):
    tokens = tk.prepare(tk.load_sample())
    with pytest.warns(FutureWarning, match="on= is now term="):
        old = call(tokens, None, on="token")
    pd.testing.assert_frame_equal(old, call(tokens, None, term="token"))
    with pytest.raises(TypeError, match="both on= and term="):
        call(tokens, None, on="token", term="token")


def test_theme_is_now_themes_with_a_future_warning():
    tokens = tk.prepare(tk.load_sample())
    hits = tk.find_themes(tokens, ["security", "cooperation"])
    for func, args in ((tk.explain_themes, (hits,)), (tk.rank_by_hits, (hits,)), (tk.kwic_themes, (hits, tokens))):
        with pytest.warns(FutureWarning, match="theme= is now themes="):
            old = func(*args, theme="security")
        pd.testing.assert_frame_equal(old, func(*args, themes="security"))
    both = tk.explain_themes(hits, themes=["security", "cooperation"])
    assert set(both["theme"]) == set(tk.explain_themes(hits)["theme"])  # a list selects several, sub-themes too


# ---------------------------------------------------------------- top_segments


TWO_DOCS = pd.DataFrame({"doc_id": ["b", "a"], "text": [
    "Kerja sama keamanan dan pertahanan.\n\nCuaca cerah.\n\nTerorisme mengancam keamanan.",
    "Keamanan regional dan terorisme.\n\nKerja sama ekonomi."]})


def test_top_segments_by_hand():
    """Hits (security, cooperation): b/0 keamanan, pertahanan, kerja sama = 3; b/2 terorisme, keamanan = 2;
    a/0 keamanan regional, terorisme = 2; a/1 kerja sama = 1. Ties (2) in order of doc_id, then seg_id."""
    hits = tk.find_themes(tk.prepare(TWO_DOCS), ["security", "cooperation"])
    top = tk.top_segments(hits, TWO_DOCS, n=3)
    assert top[["doc_id", "seg_id", "hits"]].values.tolist() == [["b", 0, 3], ["a", 0, 2], ["b", 2, 2]]
    assert top["text"].tolist() == ["Kerja sama keamanan dan pertahanan.", "Keamanan regional dan terorisme.",
                                    "Terorisme mengancam keamanan."]
    assert list(top.columns) == ["doc_id", "seg_id", "hits", "start", "end", "text"]
    cooperation = tk.top_segments(hits, TWO_DOCS, n=3, themes="cooperation")
    assert cooperation[["doc_id", "seg_id", "hits"]].values.tolist() == [["a", 1, 1], ["b", 0, 1]]
    assert len(tk.top_segments(hits, TWO_DOCS, n=50)) == 4  # the paragraph without a hit is not listed


def test_top_segments_text_leads_back_to_the_document(sample):
    docs, tokens = sample
    hits = tk.find_themes(tokens, "all")
    top = tk.top_segments(hits, docs, n=4)
    text = docs.set_index("doc_id")["text"]
    for row in top.itertuples():
        assert text[row.doc_id][row.start:row.end] == row.text
        assert row.hits == int(((hits["doc_id"] == row.doc_id) & (hits["seg_id"] == row.seg_id)
                                & (hits["weight"] > 0)).sum())
    assert top["hits"].is_monotonic_decreasing


def test_top_segments_of_sentences_needs_the_unit_of_the_tokens():
    tokens = tk.prepare(TWO_DOCS, unit="sentence")
    hits = tk.find_themes(tokens, "security")
    top = tk.top_segments(hits[hits["doc_id"] == "a"], TWO_DOCS, n=1, unit="sentence")
    assert top[["doc_id", "seg_id", "hits", "text"]].values.tolist() == [
        ["a", 0, 2, "Keamanan regional dan terorisme."]]


def test_top_segments_with_the_wrong_unit_is_an_error_not_another_text():
    """Sentence tokens, paragraph text: sentence 1 (terorisme from 13, keamanan at 33-41) lies inside paragraph 0
    (0-42), so paragraph 1's text (44-55) would be the wrong passage; a segment the docs lack is named too."""
    docs = pd.DataFrame({"doc_id": ["a"], "text": ["Cuaca cerah. Terorisme mengancam keamanan.\n\nKerja sama."]})
    hits = tk.find_themes(tk.prepare(docs, unit="sentence"), "security")
    assert hits["seg_id"].unique().tolist() == [1]
    with pytest.raises(ValueError, match=r"segment 1: its hits lie at characters 13-41, .*unit='paragraph' "
                                         r"spans characters 44-55"):
        tk.top_segments(hits, docs)
    assert tk.top_segments(hits, docs, unit="sentence")["text"].tolist() == ["Terorisme mengancam keamanan."]
    wrong_docs = pd.DataFrame({"doc_id": ["a"], "text": ["Cuaca cerah."]})
    with pytest.raises(ValueError, match="is not there"):
        tk.top_segments(hits, wrong_docs, unit="sentence")


@pytest.mark.parametrize("kwargs, name", [({"n": 0}, "n="), ({"n": 1.5}, "n="), ({"unit": "page"}, "unit=")])
def test_top_segments_bad_options(sample, kwargs, name):
    docs, tokens = sample
    with pytest.raises(ValueError, match=name):
        tk.top_segments(tk.find_themes(tokens, "security"), docs, **kwargs)
