"""Tests for toolkit.counting: count_terms and top_terms.

Expected values are worked out by hand (arithmetic in comments) or with an
independent method (collections.Counter over the tokens table).
"""

from __future__ import annotations

from collections import Counter

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import toolkit as tk

# d1 (kompas), two paragraphs:
#   para 0: Keamanan negara aman . Kerja sama dan perdagangan .
#   para 1: Pertahanan negara memperkuat keamanan .
# d2 (tempo): Perdagangan bebas dan keamanan regional .
# d3 (tempo): Negara memperkuat pertahanan .
D1 = "Keamanan negara aman. Kerja sama dan perdagangan.\n\nPertahanan negara memperkuat keamanan."
D2 = "Perdagangan bebas dan keamanan regional."
D3 = "Negara memperkuat pertahanan."

STEMS = {"keamanan": "aman", "aman": "aman", "pertahanan": "tahan", "perdagangan": "dagang",
         "memperkuat": "kuat", "negara": "negara", "bebas": "bebas", "regional": "regional"}
STOPS = {"kerja", "sama", "dan"}


@pytest.fixture
def docs() -> pd.DataFrame:
    return pd.DataFrame({"doc_id": ["d1", "d2", "d3"], "text": [D1, D2, D3],
                         "source": ["kompas", "tempo", "tempo"]})


@pytest.fixture
def tokens(docs, sastrawi_stemmer) -> pd.DataFrame:
    tok = tk.prepare(docs)
    # the assumptions behind the hand counts below
    for word, stem in STEMS.items():
        assert sastrawi_stemmer.stem(word) == stem
    assert set(tok.loc[tok["is_stopword"], "token"]) == STOPS
    assert set(tok.loc[~tok["is_stopword"], "token"]) == set(STEMS)
    assert dict(Counter(tok["doc_id"])) == {"d1": 11, "d2": 5, "d3": 3}
    return tok


def as_dict(counts: pd.DataFrame, by: list[str]) -> dict:
    """{(group..., term): count} for the rows with a term."""
    rows = counts[counts["term"].notna()]
    return {tuple(r[c] for c in by) + (r["term"],): int(r["count"]) for _, r in rows.iterrows()}


def counter_by(tok: pd.DataFrame, key, *, column="stem", stopwords=False) -> dict:
    """Independent count: a Counter over the rows of the tokens table."""
    c: Counter = Counter()
    for rec in tok.to_dict("records"):
        if not stopwords and rec["is_stopword"]:
            continue
        c[key(rec) + (rec[column],)] += 1
    return dict(c)


# ---------------------------------------------------------------- grouping


def test_per_doc_counts_match_counter_and_hand(tokens):
    out = tk.count_terms(tokens)
    assert list(out.columns) == ["doc_id", "term", "count", "tokens", "rate_per_1000", "rank"]
    got = as_dict(out, ["doc_id"])
    assert got == counter_by(tokens, lambda r: (r["doc_id"],))
    # by hand, d1 content stems: aman (keamanan, aman, keamanan) = 3, negara 2, dagang 1, tahan 1, kuat 1
    assert {k[1]: v for k, v in got.items() if k[0] == "d1"} == {"aman": 3, "negara": 2, "dagang": 1,
                                                                    "tahan": 1, "kuat": 1}
    assert out["count"].dtype == "int64" and out["rank"].dtype == "int64"
    assert isinstance(out.index, pd.RangeIndex)


def test_sorted_by_group_then_count_desc_then_term(tokens):
    out = tk.count_terms(tokens)
    d1 = out[out["doc_id"] == "d1"]
    # count 3, 2, then the three 1s alphabetically
    assert d1["term"].tolist() == ["aman", "negara", "dagang", "kuat", "tahan"]
    assert out["doc_id"].tolist() == sorted(out["doc_id"].tolist())


def test_whole_corpus_by_empty_list(tokens):
    out = tk.count_terms(tokens, by=[])
    assert list(out.columns) == ["term", "count", "tokens", "rate_per_1000", "rank"]
    got = dict(zip(out["term"], out["count"]))
    assert got == {k[0]: v for k, v in counter_by(tokens, lambda r: ()).items()}
    # by hand: aman 3+1 = 4, negara 2+0+1 = 3, dagang 1+1 = 2, tahan 1+1 = 2, kuat 1+1 = 2, bebas 1, regional 1
    assert got == {"aman": 4, "negara": 3, "dagang": 2, "tahan": 2, "kuat": 2, "bebas": 1, "regional": 1}
    # all tokens: 11 + 5 + 3 = 19
    assert set(out["tokens"]) == {19}
    assert dict(zip(out["term"], out["rank"])) == {"aman": 1, "negara": 2, "dagang": 3, "tahan": 3, "kuat": 3,
                                                  "bebas": 6, "regional": 6}
    content = tk.count_terms(tokens, by=[], denominator="content")
    # content tokens: 19 - 4 stop words (kerja, sama, dan in d1; dan in d2) = 15
    assert set(content["tokens"]) == {15}
    assert content.loc[content["term"] == "aman", "rate_per_1000"].item() == pytest.approx(4 / 15 * 1000)


def test_by_docs_column(tokens, docs):
    out = tk.count_terms(tokens, by="source", docs=docs)
    assert list(out.columns[:2]) == ["source", "term"]
    source_of = dict(zip(docs["doc_id"], docs["source"]))
    assert as_dict(out, ["source"]) == counter_by(tokens, lambda r: (source_of[r["doc_id"]],))
    tempo = out[out["source"] == "tempo"]
    # tempo = d2 + d3: dagang, bebas, aman, regional, negara, kuat, tahan once each
    assert dict(zip(tempo["term"], tempo["count"])) == dict.fromkeys(
        ["dagang", "bebas", "aman", "regional", "negara", "kuat", "tahan"], 1)
    # tokens of tempo: 5 + 3 = 8 (the stop word "dan" included)
    assert set(tempo["tokens"]) == {8}
    assert set(tempo["rank"]) == {1}


def test_by_seg_id(tokens):
    out = tk.count_terms(tokens, by="seg_id")
    assert as_dict(out, ["seg_id"]) == counter_by(tokens, lambda r: (r["seg_id"],))
    # seg 1 exists only in d1 (Pertahanan negara memperkuat keamanan): 4 tokens
    seg1 = out[out["seg_id"] == 1]
    assert dict(zip(seg1["term"], seg1["count"])) == {"tahan": 1, "negara": 1, "kuat": 1, "aman": 1}
    assert set(seg1["tokens"]) == {4}


def test_by_doc_and_segment(tokens):
    out = tk.count_terms(tokens, by=["doc_id", "seg_id"])
    assert as_dict(out, ["doc_id", "seg_id"]) == counter_by(tokens, lambda r: (r["doc_id"], r["seg_id"]))
    # d1 paragraph 0 has 7 tokens, paragraph 1 has 4
    d1 = out[out["doc_id"] == "d1"].drop_duplicates("seg_id")
    assert dict(zip(d1["seg_id"], d1["tokens"])) == {0: 7, 1: 4}


# ---------------------------------------------------------------- rates and ranks


def test_rate_denominators_all_and_content(tokens):
    all_tokens = Counter(tokens["doc_id"])
    content_tokens = Counter(tokens.loc[~tokens["is_stopword"], "doc_id"])
    # by hand: d1 11 tokens, 8 content (kerja, sama, dan are stop words); d2 5 / 4; d3 3 / 3
    assert dict(all_tokens) == {"d1": 11, "d2": 5, "d3": 3}
    assert dict(content_tokens) == {"d1": 8, "d2": 4, "d3": 3}
    for denominator, denom in (("all", all_tokens), ("content", content_tokens)):
        out = tk.count_terms(tokens, denominator=denominator)
        for _, r in out.iterrows():
            assert r["tokens"] == denom[r["doc_id"]]
            assert r["rate_per_1000"] == pytest.approx(r["count"] / denom[r["doc_id"]] * 1000)
    out_all = tk.count_terms(tokens, denominator="all")
    out_content = tk.count_terms(tokens, denominator="content")
    pick = lambda t: t.loc[(t["doc_id"] == "d1") & (t["term"] == "aman"), "rate_per_1000"].item()  # noqa: E731
    assert pick(out_all) == pytest.approx(272.7272727)  # 3 / 11 * 1000
    assert pick(out_content) == pytest.approx(375.0)  # 3 / 8 * 1000


def test_rank_ties_share_lowest_rank(tokens):
    out = tk.count_terms(tokens)
    d1 = out[out["doc_id"] == "d1"]
    # counts 3, 2, 1, 1, 1 -> ranks 1, 2, 3, 3, 3 ("min")
    assert dict(zip(d1["term"], d1["rank"])) == {"aman": 1, "negara": 2, "dagang": 3, "kuat": 3, "tahan": 3}
    d3 = out[out["doc_id"] == "d3"]
    assert d3["rank"].tolist() == [1, 1, 1]


def test_min_count_filters_on_corpus_total(tokens):
    out = tk.count_terms(tokens, min_count=3)
    # corpus totals: aman 4, negara 3, the rest <= 2; d2's single "aman" stays (total 4 >= 3)
    assert as_dict(out, ["doc_id"]) == {("d1", "aman"): 3, ("d1", "negara"): 2, ("d2", "aman"): 1,
                                        ("d3", "negara"): 1}
    out2 = tk.count_terms(tokens, min_count=2)
    assert set(out2["term"]) == {"aman", "negara", "dagang", "tahan", "kuat"}  # bebas, regional: 1 each
    # the denominator is not touched by min_count
    assert set(out2.loc[out2["doc_id"] == "d2", "tokens"]) == {5}


def test_include_stopwords(tokens):
    out = tk.count_terms(tokens, include_stopwords=True)
    assert as_dict(out, ["doc_id"]) == counter_by(tokens, lambda r: (r["doc_id"],), stopwords=True)
    d1 = out[out["doc_id"] == "d1"]
    assert {"kerja", "sama", "dan"} <= set(d1["term"])
    without = tk.count_terms(tokens)
    assert not ({"kerja", "sama", "dan"} & set(without["term"]))
    # per-document sums equal the token counts when everything is counted: 11, 5, 3
    assert out.groupby("doc_id")["count"].sum().to_dict() == {"d1": 11, "d2": 5, "d3": 3}


def test_term_token_vs_stem(tokens):
    by_stem = tk.count_terms(tokens, term="stem")
    by_token = tk.count_terms(tokens, term="token")
    assert as_dict(by_token, ["doc_id"]) == counter_by(tokens, lambda r: (r["doc_id"],), column="token")
    d1s = by_stem[by_stem["doc_id"] == "d1"]
    d1t = by_token[by_token["doc_id"] == "d1"]
    # "keamanan" (x2) and "aman" merge under the stem only
    assert d1s.loc[d1s["term"] == "aman", "count"].item() == 3
    assert d1t.loc[d1t["term"] == "keamanan", "count"].item() == 2
    assert d1t.loc[d1t["term"] == "aman", "count"].item() == 1
    assert "keamanan" not in set(d1s["term"])


# ---------------------------------------------------------------- n-grams


def test_bigrams_stay_in_segment_with_stopwords(tokens):
    out = tk.count_terms(tokens[tokens["doc_id"] == "d1"], term="token", ngram=2, include_stopwords=True)
    # para 0: keamanan negara aman kerja sama dan perdagangan -> 6 pairs
    # para 1: pertahanan negara memperkuat keamanan -> 3 pairs
    # "perdagangan pertahanan" crosses the paragraph break and is not counted
    expected = {"keamanan negara", "negara aman", "aman kerja", "kerja sama", "sama dan", "dan perdagangan",
                "pertahanan negara", "negara memperkuat", "memperkuat keamanan"}
    assert dict(zip(out["term"], out["count"])) == dict.fromkeys(expected, 1)
    assert "perdagangan pertahanan" not in set(out["term"])


def test_bigrams_without_stopwords_never_bridge(tokens):
    out = tk.count_terms(tokens[tokens["doc_id"] == "d1"], term="token", ngram=2)
    # pairs with kerja / sama / dan dropped; "aman perdagangan" would bridge removed words: not counted
    expected = {"keamanan negara", "negara aman", "pertahanan negara", "negara memperkuat", "memperkuat keamanan"}
    assert dict(zip(out["term"], out["count"])) == dict.fromkeys(expected, 1)
    stems = tk.count_terms(tokens[tokens["doc_id"] == "d1"], term="stem", ngram=2)
    assert dict(zip(stems["term"], stems["count"])) == dict.fromkeys(
        ["aman negara", "negara aman", "tahan negara", "negara kuat", "kuat aman"], 1)


def test_bigrams_never_cross_documents(tokens):
    out = tk.count_terms(tokens, by=[], term="token", ngram=2, include_stopwords=True)
    # d1 ends "keamanan", d2 starts "perdagangan"; d2 ends "regional", d3 starts "negara"
    assert "keamanan perdagangan" not in set(out["term"])
    assert "regional negara" not in set(out["term"])
    # 9 pairs in d1, 4 in d2, 2 in d3
    assert out["count"].sum() == 15


def test_trigram_by_hand(tokens):
    out = tk.count_terms(tokens[tokens["doc_id"] == "d1"], term="token", ngram=3)
    # content runs: [keamanan negara aman] and [pertahanan negara memperkuat keamanan]
    assert set(out["term"]) == {"keamanan negara aman", "pertahanan negara memperkuat",
                                "negara memperkuat keamanan"}


# ---------------------------------------------------------------- empty groups


@pytest.fixture
def docs_with_empty() -> pd.DataFrame:
    return pd.DataFrame({"doc_id": ["d1", "d2", "e", "s"],
                         "text": [D1, D2, "", "Dan yang di ke dari."],
                         "source": ["kompas", "tempo", "antara", "detik"]})


def test_every_source_appears(docs_with_empty):
    tok = tk.prepare(docs_with_empty)
    assert set(tok["doc_id"]) == {"d1", "d2", "s"}
    out = tk.count_terms(tok, by="source", docs=docs_with_empty)
    assert set(out["source"]) == {"kompas", "tempo", "antara", "detik"}
    for source, n_tokens in (("antara", 0), ("detik", 5)):
        rows = out[out["source"] == source]
        assert len(rows) == 1
        assert pd.isna(rows["term"].iloc[0])
        assert rows["count"].iloc[0] == 0
        assert rows["tokens"].iloc[0] == n_tokens  # "" has no tokens; 5 stop words
    # no tokens, no rate (missing, not 0); 0 counted of 5 tokens is a rate of 0
    assert pd.isna(out.loc[out["source"] == "antara", "rate_per_1000"]).all()
    assert (out.loc[out["source"] == "detik", "rate_per_1000"] == 0.0).all()
    # the real groups are unaffected
    kompas = out[out["source"] == "kompas"]
    assert kompas["count"].sum() == 8


def test_empty_doc_listed_by_doc_id_with_docs(docs_with_empty):
    tok = tk.prepare(docs_with_empty)
    out = tk.count_terms(tok, docs=docs_with_empty)
    assert set(out["doc_id"]) == {"d1", "d2", "e", "s"}
    assert set(tk.count_terms(tok)["doc_id"]) == {"d1", "d2", "s"}  # no docs: only docs with tokens
    empty = out[out["doc_id"] == "e"]
    assert len(empty) == 1 and empty["count"].tolist() == [0] and empty["tokens"].tolist() == [0]
    assert empty["rate_per_1000"].isna().all()  # "" has no tokens: its rate is missing, not 0
    joined = docs_with_empty.merge(out.drop_duplicates("doc_id"), on="doc_id", how="inner")
    assert len(joined) == len(docs_with_empty)  # a join back to the documents loses nothing


# ---------------------------------------------------------------- numbers

# "Pada 13 9 2019, 9 negara dan 5G." -> tokens pada 13 9 2019 9 negara dan 5g; pada, dan: stop words
NUMBERS = "Pada 13 9 2019, 9 negara dan 5G."


@pytest.fixture
def number_tokens() -> pd.DataFrame:
    tok = tk.prepare(pd.DataFrame({"doc_id": ["a"], "text": [NUMBERS]}))
    assert tok["token"].tolist() == ["pada", "13", "9", "2019", "9", "negara", "dan", "5g"]
    assert tok["is_stopword"].tolist() == [True, False, False, False, False, False, True, False]
    return tok


def test_numbers_are_left_out_by_default_but_stay_in_the_denominator(number_tokens):
    out = tk.count_terms(number_tokens)
    # by hand: negara 1, 5g 1 (a letter: a word); 13, 9 (twice), 2019 not counted; 8 tokens in all
    assert out[["term", "count", "tokens", "rank"]].values.tolist() == [["5g", 1, 8, 1], ["negara", 1, 8, 1]]


def test_include_numbers_counts_them(number_tokens):
    out = tk.count_terms(number_tokens, include_numbers=True)
    assert out[["term", "count", "rank"]].values.tolist() == [
        ["9", 2, 1], ["13", 1, 2], ["2019", 1, 2], ["5g", 1, 2], ["negara", 1, 2]]


def test_ngrams_never_bridge_a_number(number_tokens):
    # content runs without numbers and stop words: [negara] and [5g]: no pair
    assert tk.count_terms(number_tokens, ngram=2)["term"].isna().all()
    # numbers in: 13 9, 9 2019, 2019 9, 9 negara (stop words still break runs)
    pairs = tk.count_terms(number_tokens, ngram=2, include_numbers=True)
    assert sorted(pairs["term"]) == ["13 9", "2019 9", "9 2019", "9 negara"]


def test_top_terms_ranks_again_after_filtering(tokens):
    counts = tk.count_terms(tokens, by=[])
    # by hand, whole corpus: aman 4, negara 3, tahan 2, dagang 2, kuat 2, bebas 1, regional 1
    assert counts[["term", "rank"]].values.tolist()[:3] == [["aman", 1], ["negara", 2], ["dagang", 3]]
    top = tk.top_terms(counts[counts["term"] != "negara"], n=2)
    assert top[["term", "count", "rank"]].values.tolist() == [
        ["aman", 4, 1], ["dagang", 2, 2], ["kuat", 2, 2], ["tahan", 2, 2]]


def test_complete_fills_every_combination(docs_with_empty):
    tok = tk.prepare(docs_with_empty)
    out = tk.count_terms(tok, by="source", docs=docs_with_empty, complete=True)
    vocab = set(tok.loc[~tok["is_stopword"], "stem"])
    # d1: aman negara dagang tahan kuat; d2 adds bebas regional -> 7 terms x 4 sources
    assert vocab == {"aman", "negara", "dagang", "tahan", "kuat", "bebas", "regional"}
    assert len(out) == 4 * 7
    assert set(zip(out["source"], out["term"])) == {(s, t) for s in ["kompas", "tempo", "antara", "detik"]
                                                    for t in vocab}
    assert out["term"].notna().all()
    zero = out[out["source"].isin(["antara", "detik"])]
    assert (zero["count"] == 0).all()
    assert out.loc[out["source"] == "antara", "rate_per_1000"].isna().all()  # 0 tokens: no rate
    assert (out.loc[out["source"] == "detik", "rate_per_1000"] == 0).all()  # 5 tokens, none counted
    tempo = out[out["source"] == "tempo"].set_index("term")["count"]
    assert tempo["tahan"] == 0 and tempo["dagang"] == 1


def test_complete_keeps_groups_when_no_term_is_counted(tokens, docs):
    out = tk.count_terms(tokens, by="source", docs=docs, complete=True, min_count=100)
    assert set(out["source"]) == {"kompas", "tempo"}
    assert (out["count"] == 0).all()


def test_no_term_counted_without_complete_keeps_groups(tokens, docs):
    out = tk.count_terms(tokens, by="source", docs=docs, min_count=100)
    assert out["source"].tolist() == ["kompas", "tempo"]
    assert out["term"].isna().all() and (out["count"] == 0).all()
    assert out["tokens"].tolist() == [11, 8]


# ---------------------------------------------------------------- property

VOCAB = ["keamanan", "negara", "kerja", "sama", "dan", "yang", "perdagangan", "tiongkok", "kazakhstan",
         "ekonomi", "di", "pertahanan", "memperkuat", "presiden"]


@settings(deadline=None, max_examples=50)
@given(st.lists(st.lists(st.lists(st.sampled_from(VOCAB), max_size=6), max_size=3), min_size=1, max_size=5))
def test_property_doc_counts_sum_to_tokens(doc_paragraphs):
    texts = ["\n\n".join(" ".join(p) + "." for p in paras if p) for paras in doc_paragraphs]
    docs = pd.DataFrame({"doc_id": [f"doc{i}" for i in range(len(texts))], "text": texts})
    n_words = {f"doc{i}": sum(len(p) for p in paras) for i, paras in enumerate(doc_paragraphs)}
    tok = tk.prepare(docs)
    out = tk.count_terms(tok, by="doc_id", term="token", include_stopwords=True)
    sums = out.groupby("doc_id")["count"].sum().to_dict()
    with_tokens = {d for d, n in n_words.items() if n > 0}
    assert set(out["doc_id"]) == with_tokens
    assert sums == {d: n_words[d] for d in with_tokens}
    assert sums == dict(Counter(tok["doc_id"]))
    # with docs=, every input doc_id survives
    full = tk.count_terms(tok, by="doc_id", term="token", include_stopwords=True, docs=docs)
    assert set(full["doc_id"]) == set(docs["doc_id"])


# ---------------------------------------------------------------- forms


def test_forms_by_source_by_hand(tokens, docs):
    """kompas (d1): keamanan 2, aman 1 (stem aman); negara 2; tempo (d2, d3): keamanan 1; memperkuat 1."""
    counts = tk.count_terms(tokens, by="source", docs=docs, forms=True)
    forms = {(r.source, r.term): r.forms for r in counts.itertuples()}
    assert forms[("kompas", "aman")] == "keamanan, aman"  # most frequent first
    assert forms[("kompas", "negara")] == "negara"
    assert forms[("tempo", "aman")] == "keamanan"
    assert forms[("tempo", "kuat")] == "memperkuat"
    assert list(counts.columns)[-1] == "forms" and counts["forms"].dtype == "str"
    without = tk.count_terms(tokens, by="source", docs=docs)
    pd.testing.assert_frame_equal(counts.drop(columns="forms"), without)  # forms adds a column, nothing else


def test_forms_of_many_forms_and_many_groups_by_hand():
    # by hand, stem "kuat": a has kuatnya ×2, memperkuat ×2, kekuatan ×1, kuat ×1 (ties in code-point order);
    # b has kuat ×1 only; c has nothing
    words = {"a": "kuat kekuatan memperkuat kuatnya memperkuat kuatnya", "b": "kuat", "c": "negara"}
    tokens = pd.DataFrame({"doc_id": [d for d, w in words.items() for _ in w.split()],
                           "seg_id": 0, "token": [t for w in words.values() for t in w.split()], "is_stopword": False})
    tokens["position"] = tokens.groupby("doc_id").cumcount()
    tokens["stem"] = tokens["token"].map({"negara": "negara"}).fillna("kuat")
    counts = tk.count_terms(tokens, forms=True)
    assert counts[["doc_id", "term", "count", "forms"]].values.tolist() == [
        ["a", "kuat", 6, "kuatnya, memperkuat, kekuatan, kuat"], ["b", "kuat", 1, "kuat"],
        ["c", "negara", 1, "negara"]]


def test_forms_are_missing_where_nothing_is_counted(tokens, docs):
    counts = tk.count_terms(tokens, docs=docs, forms=True, complete=True)
    assert counts.loc[counts["count"] == 0, "forms"].isna().all()
    assert counts.loc[counts["count"] > 0, "forms"].notna().all()


@pytest.mark.parametrize("kwargs", [{"term": "token"}, {"ngram": 2}])
def test_forms_need_unigram_stems(tokens, kwargs):
    with pytest.raises(ValueError, match=r"forms=True .*term='stem' and ngram=1"):
        tk.count_terms(tokens, forms=True, **kwargs)


def test_forms_need_a_token_column(tokens):
    with pytest.raises(tk.ColumnError, match="'token'"):
        tk.count_terms(tokens.drop(columns="token"), forms=True)


# ---------------------------------------------------------------- errors


@pytest.mark.parametrize("kwargs, name", [
    ({"term": "lemma"}, "term"),
    ({"denominator": "words"}, "denominator"),
    ({"ngram": 0}, "ngram"),
    ({"ngram": 1.5}, "ngram"),
    ({"ngram": True}, "ngram"),
    ({"min_count": 0}, "min_count"),
    ({"min_count": "2"}, "min_count"),
])
def test_bad_options_raise_value_error(tokens, kwargs, name):
    with pytest.raises(ValueError, match=name):
        tk.count_terms(tokens, **kwargs)


def test_unknown_by_column_lists_columns(tokens, docs):
    with pytest.raises(KeyError) as info:
        tk.count_terms(tokens, by="publisher")
    msg = str(info.value)
    assert "publisher" in msg and "doc_id" in msg and "stem" in msg
    with pytest.raises(KeyError) as info:
        tk.count_terms(tokens, by="publisher", docs=docs)
    msg = str(info.value)
    assert "publisher" in msg and "source" in msg  # the docs columns are listed


@pytest.mark.parametrize("n", [0, -1, 2.5, True, "3"])
def test_top_terms_validates_n(tokens, n):
    counts = tk.count_terms(tokens)
    with pytest.raises(ValueError, match="n="):
        tk.top_terms(counts, n=n)


def test_top_terms_keeps_ties(tokens):
    counts = tk.count_terms(tokens)
    top = tk.top_terms(counts, n=3)
    d1 = top[top["doc_id"] == "d1"]
    # ranks 1, 2, 3, 3, 3: all five have rank <= 3
    assert d1["term"].tolist() == ["aman", "negara", "dagang", "kuat", "tahan"]
    top2 = tk.top_terms(counts, n=2)
    assert top2.loc[top2["doc_id"] == "d1", "term"].tolist() == ["aman", "negara"]
    # d3: three terms tied at rank 1 all kept with n=1
    top1 = tk.top_terms(counts, n=1)
    assert sorted(top1.loc[top1["doc_id"] == "d3", "term"]) == ["kuat", "negara", "tahan"]
    assert isinstance(top1.index, pd.RangeIndex)


def test_top_terms_drops_zero_counts(docs_with_empty):
    tok = tk.prepare(docs_with_empty)
    complete = tk.count_terms(tok, by="source", docs=docs_with_empty, complete=True)
    top = tk.top_terms(complete, n=100)
    assert (top["count"] > 0).all()
    assert set(top["source"]) == {"kompas", "tempo"}
    # kompas 5 terms, tempo 4 (dagang bebas aman regional)
    assert len(top) == 9
    sparse = tk.count_terms(tok, by="source", docs=docs_with_empty)
    top_sparse = tk.top_terms(sparse, n=1)
    assert top_sparse["term"].notna().all()  # the count-0 placeholder rows (rank 1) are dropped
    assert "antara" not in set(top_sparse["source"])


def test_whole_corpus_count_keeps_a_row_when_nothing_is_counted():
    docs = pd.DataFrame({"doc_id": ["a"], "text": ["dan yang di ke"]})  # stop words only
    tokens = tk.prepare(docs)
    assert tokens["is_stopword"].all()
    counts = tk.count_terms(tokens, by=[])
    assert len(counts) == 1 and pd.isna(counts.loc[0, "term"])
    assert counts.loc[0, "count"] == 0 and counts.loc[0, "tokens"] == 4


def _hand_tokens(doc_ids, stems):
    n = len(stems)
    return pd.DataFrame({
        "doc_id": pd.Series(doc_ids, dtype=object), "seg_id": [0] * n, "position": list(range(n)),
        "token": pd.Series(stems, dtype=object), "stem": pd.Series(stems, dtype=object), "is_stopword": [False] * n,
    })


def test_missing_terms_count_as_tokens_but_not_as_terms():
    # a, a, b: aman, (missing), aman, perang -- by hand: doc a has 3 tokens, aman 1; doc b 1 token, perang 1
    tokens = _hand_tokens(["a", "a", "a", "b"], ["aman", None, "damai", "perang"])
    got = tk.count_terms(tokens)
    assert got[["doc_id", "term", "count", "tokens"]].values.tolist() == [
        ["a", "aman", 1, 3], ["a", "damai", 1, 3], ["b", "perang", 1, 1]]
    pairs = tk.count_terms(tokens, by=[], ngram=2)
    assert pairs["term"].isna().all() and pairs["count"].tolist() == [0]  # no pair without the missing one


def test_object_and_missing_doc_ids():
    docs = pd.DataFrame({"doc_id": pd.Series(["a", "b"], dtype=object),
                         "text": ["Kerja sama keamanan.", "Perang dagang."]})
    tokens = tk.prepare(docs)
    counts = tk.count_terms(tokens)
    assert counts["doc_id"].dtype == "str"
    assert counts.groupby("doc_id")["count"].sum().to_dict() == {"a": 1, "b": 2}  # aman; perang, dagang
    tokens = _hand_tokens(["a", None, "a"], ["aman", "perang", "aman"])
    got = tk.count_terms(tokens)
    assert got["term"].tolist() == ["aman", "perang"] and got["count"].tolist() == [2, 1]
    assert got["doc_id"].iloc[0] == "a" and pd.isna(got["doc_id"].iloc[1])
