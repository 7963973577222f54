"""theme_rates and explain_themes equal their specification (toolkit.rates_reference) on generated corpora.

The texts are drawn from words and phrases that a small lexicon matches (with stems shared by several
forms, phrases written with different gaps, stop words, paragraph and sentence breaks, empty texts), and
the lexicons from entries of themes with sub-themes (a, a/x, a/y, b, b/z, c) and weights 0 (exclusions),
0.1 and 1/3 (not exact in binary: a running sum depends on the order), 0.5, 1 and 2, so that every group x
theme cell, the folding by level, the weighted sums, the shares, the denominators and the presence columns
are exercised. The tokens carry a token-level group column, ``part``, with missing values.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import toolkit as tk
from toolkit.rates_reference import explain_themes_reference, theme_rates_reference

WORDS = ["keamanan", "Keamanan", "pengamanan", "aman", "laut", "pertahanan", "mempertahankan", "kerja sama",
         "Kerja  sama", "kerja - sama", "bekerja sama", "kemitraan", "mitra", "ekonomi", "negara", "dan", "cuaca"]
GAPS = [" ", " ", " ", ", ", ". ", "\n\n", "\t"]
ENTRIES = [("stem", "keamanan"), ("word", "keamanan"), ("word", "aman"), ("phrase", "keamanan laut"),
           ("stem", "pertahanan"), ("word", "pertahanan"), ("phrase", "kerja sama"), ("phrase", "=kerja =sama"),
           ("stem", "mitra"), ("word", "ekonomi"), ("glob", "ke*"), ("word", "negara")]
THEMES = ["a", "a/x", "a/y", "b", "b/z", "c"]

texts = st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(GAPS)), min_size=2, max_size=20).map(
    lambda pairs: "".join(w + g for w, g in pairs)) | st.sampled_from(["", " \n"])  # documents without tokens too
lexicon_rows = st.lists(
    st.builds(lambda theme, e, weight: {"theme": theme, "match": e[0], "entry": e[1], "weight": weight},
              st.sampled_from(THEMES), st.sampled_from(ENTRIES), st.sampled_from([0, 0.1, 1 / 3, 0.5, 1, 1, 2])),
    min_size=3, max_size=10, unique_by=lambda r: (r["theme"], r["entry"], r["match"]))

rate_options = st.fixed_dictionaries({
    "by": st.sampled_from(["doc_id", [], ["doc_id", "seg_id"], "source", ["source", "seg_id"], "part",
                           ["source", "part"]]),
    "lexicon": st.sampled_from([None, "table", "compiled", "only a", "security"]),
    "level": st.sampled_from([1, 1, None, 2]),
    "denominator": st.sampled_from(["all", "content"]),
})


def corpus(doc_texts, sources, rows, unit, include_excluded):
    """(docs, tokens with a token-level group column ``part``, the lexicon compiled, its hits)."""
    docs = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(doc_texts))], "text": doc_texts,
                         "source": sources[:len(doc_texts)]}).astype({"source": "str"})
    tokens = tk.prepare(docs, unit=unit, progress=False)
    tokens["part"] = pd.Series(np.array(["x", "y", None], dtype=object)[tokens["position"] % 3], dtype="str")
    lexicon = tk.compile_lexicon(tk.make_lexicon(rows))
    return docs, tokens, lexicon, tk.find_themes(tokens, lexicon, include_excluded=include_excluded)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc_texts=st.lists(texts, min_size=1, max_size=5),
       sources=st.lists(st.sampled_from(["kompas", "tempo", None]), min_size=5, max_size=5),
       rows=lexicon_rows, unit=st.sampled_from(["paragraph", "sentence"]), options=rate_options,
       include_excluded=st.booleans(), pass_docs=st.booleans(), with_detected=st.booleans())
def test_theme_rates_equals_the_reference(doc_texts, sources, rows, unit, options, include_excluded, pass_docs,
                                          with_detected):
    docs, tokens, lexicon, hits = corpus(doc_texts, sources, rows, unit, include_excluded)
    by = [options["by"]] if isinstance(options["by"], str) else options["by"]
    only_a = [r for r in rows if r["theme"].startswith("a")] or [{"theme": "a", "entry": "zzz"}]  # hits of b, c out
    kwargs = dict(options, lexicon={"table": lexicon.table, "compiled": lexicon, "only a": tk.make_lexicon(only_a)
                                    }.get(options["lexicon"], options["lexicon"]))  # None, or "security": no hits
    if pass_docs or "source" in by:
        kwargs["docs"] = docs
    if with_detected and options["level"] == 1:
        kwargs["detected"] = tk.detect_themes(tokens, lexicon, unit=unit, hits=hits)
    expected = theme_rates_reference(hits, tokens, **kwargs)
    pd.testing.assert_frame_equal(tk.theme_rates(hits, tokens, **kwargs), expected, check_exact=True)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc_texts=st.lists(texts, min_size=1, max_size=5), rows=lexicon_rows, include_excluded=st.booleans(),
       pick=st.sampled_from(["none", "first", "top of first", "two", "a", "zzz"]), level=st.sampled_from([None, 1, 2]))
def test_explain_themes_equals_the_reference(doc_texts, rows, include_excluded, pick, level):
    _, _, _, hits = corpus(doc_texts, ["kompas"] * 5, rows, "paragraph", include_excluded)
    themes = {"none": None, "first": rows[0]["theme"], "top of first": rows[0]["theme"].split("/")[0],
              "two": [r["theme"] for r in rows[:2]]}.get(pick, pick)  # sub-themes, lists, a theme not there
    expected = explain_themes_reference(hits, themes=themes, level=level)
    pd.testing.assert_frame_equal(tk.explain_themes(hits, themes=themes, level=level), expected, check_exact=True)


def test_the_references_equal_the_engine_on_the_article_with_every_shipped_lexicon():
    docs = tk.load_sample()
    tokens = tk.prepare(docs)
    hits = tk.find_themes(tokens, "all")
    detected = tk.detect_themes(tokens, "all", hits=hits)
    assert len(hits) > 40  # the article holds many theme expressions
    for kwargs in ({"by": ["doc_id", "seg_id"], "lexicon": "all", "detected": detected},
                   {"by": [], "level": None, "denominator": "content"}, {"docs": docs}):
        pd.testing.assert_frame_equal(tk.theme_rates(hits, tokens, **kwargs),
                                      theme_rates_reference(hits, tokens, **kwargs), check_exact=True)
    for level in (None, 1):
        pd.testing.assert_frame_equal(tk.explain_themes(hits, level=level), explain_themes_reference(hits, level=level),
                                      check_exact=True)


# -- tiny cases worked out by hand ----------------------------------------------------------------------------------

HAND_DOCS = pd.DataFrame({"doc_id": ["a", "b", "c"], "source": ["kompas", "tempo", "tempo"],
                          "text": ["Keamanan laut dan pertahanan.\n\nKerja sama.", "Keamanan.", ""]})
HAND_LEXICON = tk.make_lexicon([
    {"theme": "security", "entry": "keamanan", "match": "word", "weight": 1},
    {"theme": "security", "entry": "keamanan laut", "match": "phrase", "weight": 0},  # an exclusion
    {"theme": "security/defence", "entry": "pertahanan", "match": "word", "weight": 2},
    {"theme": "cooperation", "entry": "kerja sama", "match": "phrase", "weight": 0.5},
])


@pytest.fixture(scope="module")
def hand():
    tokens = tk.prepare(HAND_DOCS)
    return tokens, tk.find_themes(tokens, HAND_LEXICON)


def test_theme_rates_reference_by_hand(hand):
    tokens, hits = hand
    # a: keamanan laut dan pertahanan | kerja sama: 6 tokens in 2 paragraphs; "keamanan laut" is an exclusion, so
    #    security has 1 hit, pertahanan (security/defence, folded: weighted 2); cooperation 1 hit (0.5).
    #    rate 1 / 6 * 1000 = 166.67 each; weighted 2 / 6 * 1000 = 333.33 and 0.5 / 6 * 1000 = 83.33; share 1/2 each
    # b: keamanan: 1 token, 1 security hit: 1000 per 1,000, share 1; cooperation 0 (share 0, not NaN)
    # c: no text: listed with 0 tokens (docs given), no rate (NaN), share 0
    table = theme_rates_reference(hits, tokens, lexicon=HAND_LEXICON, docs=HAND_DOCS)
    assert list(table.columns) == ["doc_id", "theme", "hits", "weighted", "tokens", "rate_per_1000",
                                   "weighted_rate_per_1000", "share"]
    assert table[["doc_id", "theme", "hits", "weighted", "tokens", "share"]].values.tolist() == [
        ["a", "cooperation", 1, 0.5, 6, 0.5], ["a", "security", 1, 2.0, 6, 0.5],
        ["b", "cooperation", 0, 0.0, 1, 0.0], ["b", "security", 1, 1.0, 1, 1.0],
        ["c", "cooperation", 0, 0.0, 0, 0.0], ["c", "security", 0, 0.0, 0, 0.0]]
    assert table["rate_per_1000"].tolist()[:4] == pytest.approx([1000 / 6, 1000 / 6, 0.0, 1000.0])
    assert table["weighted_rate_per_1000"].tolist()[:4] == pytest.approx([500 / 6, 2000 / 6, 0.0, 1000.0])
    assert table["rate_per_1000"].isna().tolist() == [False] * 4 + [True] * 2


def test_theme_rates_reference_by_hand_other_options(hand):
    tokens, hits = hand
    # by source, content tokens: dan, kerja, sama are stop words, so kompas (a) has 3 (keamanan laut pertahanan),
    # tempo (b + c) has 1: security 1 / 3 * 1000 in kompas, 1 / 1 * 1000 in tempo
    content = theme_rates_reference(hits, tokens, by="source", docs=HAND_DOCS, lexicon=HAND_LEXICON,
                                    denominator="content")
    assert content[["source", "theme", "hits", "tokens"]].values.tolist() == [
        ["kompas", "cooperation", 1, 3], ["kompas", "security", 1, 3],
        ["tempo", "cooperation", 0, 1], ["tempo", "security", 1, 1]]
    assert content["rate_per_1000"].tolist() == pytest.approx([1000 / 3, 1000 / 3, 0.0, 1000.0])
    # level=None, the corpus (7 tokens): the sub-theme keeps its own row; security (only the exclusion and b's
    # keamanan) has 1 hit; themes seen in the hits only, without a lexicon
    corpus = theme_rates_reference(hits, tokens, by=[], level=None)
    assert corpus[["theme", "hits", "weighted", "tokens"]].values.tolist() == [
        ["cooperation", 1, 0.5, 7], ["security", 1, 1.0, 7], ["security/defence", 1, 2.0, 7]]
    assert corpus["share"].tolist() == pytest.approx([1 / 3] * 3)
    # presence: a's paragraphs: 0 holds pertahanan (score 2: security present), 1 kerja sama (0.5 < 1: absent);
    # b's one paragraph: keamanan (1: present); c has none (NaN share)
    detected = tk.detect_themes(tokens, HAND_LEXICON, hits=hits)
    presence = theme_rates_reference(hits, tokens, lexicon=HAND_LEXICON, docs=HAND_DOCS, detected=detected)
    assert presence[["segments", "segments_present"]].values.tolist() == [[2, 0], [2, 1], [1, 0], [1, 1], [0, 0],
                                                                          [0, 0]]
    assert presence["present_share"].tolist()[:4] == [0.0, 0.5, 0.0, 1.0]
    assert presence["present_share"].isna().tolist() == [False] * 4 + [True] * 2


def test_weighted_sums_of_the_reference_are_exact():
    # ten hits of 0.1 and three of 1/3 in one document and theme: the exact sum of the weights as stored
    # (Fraction, an independent method) is 1.0 + 1.0 = 2.0 correctly rounded; adding them one by one gives
    # 0.9999999999999999 + ... instead
    docs = pd.DataFrame({"doc_id": ["a"], "text": ["Kerja sama. " * 10 + "Pertahanan. " * 3]})
    tokens = tk.prepare(docs)
    lexicon = tk.make_lexicon([{"theme": "cooperation", "entry": "kerja sama", "match": "phrase", "weight": 0.1},
                               {"theme": "cooperation/defence", "entry": "pertahanan", "match": "word",
                                "weight": 1 / 3}])
    hits = tk.find_themes(tokens, lexicon)
    exact = float(sum(Fraction(w) for w in hits["weight"]))
    running = 0.0
    for w in hits["weight"]:
        running += w
    assert exact == 2.0 != running
    table = theme_rates_reference(hits, tokens, by=[])
    assert table[["theme", "hits", "weighted"]].values.tolist() == [["cooperation", 13, 2.0]]
    pd.testing.assert_frame_equal(tk.theme_rates(hits, tokens, by=[]), table, check_exact=True)


def _hit(doc_id, theme, entry, match, text, weight):
    return {"doc_id": doc_id, "theme": theme, "entry": entry, "match": match, "matched_text": text, "weight": weight}


HAND_HITS = pd.DataFrame(
    [_hit("a", "cooperation", "kerja sama", "phrase", text, 0.1) for text in ["Kerja sama", "kerja\tsama"] * 4]
    + [_hit("b", "cooperation", "kerja sama", "phrase", "Kerja  Sama", 0.1)] * 2
    + [_hit("a", "security/defence", "pertahanan", "stem", "pertahanan", 0.5),
       _hit("b", "security/defence", "pertahanan", "stem", "Mempertahankan", 0.5),
       _hit("b", "security", "tahan", "word", "tahan", 1.0),
       _hit("b", "security", "aman", "word", "aman", 1.0)])


def test_explain_themes_reference_by_hand():
    # kerja sama: 10 hits of weight 0.1 in a and b; one form once white space is read as one space; the exact
    # sum of ten 0.1 is 1.0 (a running sum gives 0.9999999999999999)
    # security/defence: pertahanan ×1 and mempertahankan ×1: a tie, A-Z; security: two entries of 1 hit, A-Z
    table = explain_themes_reference(HAND_HITS)
    assert list(table.columns) == ["theme", "entry", "match", "hits", "weighted", "documents", "forms"]
    assert table.values.tolist() == [
        ["cooperation", "kerja sama", "phrase", 10, 1.0, 2, "kerja sama ×10"],
        ["security", "aman", "word", 1, 1.0, 1, "aman ×1"],
        ["security", "tahan", "word", 1, 1.0, 1, "tahan ×1"],
        ["security/defence", "pertahanan", "stem", 2, 1.0, 2, "mempertahankan ×1, pertahanan ×1"]]
    assert math.fsum([0.1] * 10) == 1.0 != sum([0.1] * 10)
    # level=1 folds security/defence into security: pertahanan (2 hits) comes first there
    assert explain_themes_reference(HAND_HITS, level=1)[["theme", "entry", "hits"]].values.tolist() == [
        ["cooperation", "kerja sama", 10], ["security", "pertahanan", 2], ["security", "aman", 1],
        ["security", "tahan", 1]]
    # themes="security" keeps its sub-themes; themes are selected after folding
    assert explain_themes_reference(HAND_HITS, themes="security")["theme"].tolist() == ["security"] * 2 + [
        "security/defence"]
    assert len(explain_themes_reference(HAND_HITS, themes="security/defence", level=1)) == 0
    pd.testing.assert_frame_equal(tk.explain_themes(HAND_HITS), table, check_exact=True)
