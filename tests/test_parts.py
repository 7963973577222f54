"""Tests for toolkit.parts: the partial steps of count_terms, theme_rates and explain_themes, merged and finalized.

The main property: for any split of a corpus into chunks of whole documents,
the parts of the chunks, merged in any order and grouping, finalize to the
table of the in-memory function on the whole corpus; for counts also to the
plain pandas reference (toolkit.counting_reference), an independent method.
Small cases are checked by hand.
"""

from __future__ import annotations

import pickle
import random
from fractions import Fraction

import numpy as np
import pandas as pd
import pandas.testing as pdt
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import tokens_tables as shared_tokens_tables

import toolkit as tk
from toolkit.counting_reference import count_terms_reference

TERMS = ["aman", "negara", "kuat", "kerja", "sama", "9", "2019", "5g", "caf\u00e9", None]
DOC_IDS = ["d1", "d2", "d3", "d\u00e9", "a b", "\u5317"]


# --------------------------------------------------------------------------
# splitting and merging
# --------------------------------------------------------------------------


def split_ids(ids, rnd: random.Random) -> list[list]:
    """The ids dealt into 1 to 4 chunks (some possibly empty), at random."""
    n = rnd.randint(1, 4)
    chunks = [[] for _ in range(n)]
    for i in ids:
        chunks[rnd.randrange(n)].append(i)
    return chunks


def merge_randomly(parts: list, rnd: random.Random):
    """Merge with +, sum() or merge_parts, two or more at a time, in a random order and grouping."""
    parts = list(parts)
    rnd.shuffle(parts)
    while len(parts) > 1:
        k = rnd.randint(2, len(parts))
        i = rnd.randrange(len(parts) - k + 1)
        group = parts[i:i + k]
        how = rnd.choice(["plus", "sum", "merge"])
        merged = group[0] + group[1] if how == "plus" and k == 2 else (
            sum(group) if how == "sum" else tk.merge_parts(group))
        parts[i:i + k] = [merged]
    return parts[0]


def chunk_of(table: pd.DataFrame, ids, rnd: random.Random) -> pd.DataFrame:
    """The rows of these documents; categorical columns keep their categories or lose the unused ones (as when
    each chunk is prepared on its own)."""
    part = table[table["doc_id"].astype(object).isin(list(ids))]
    if rnd.random() < 0.5:
        for c in part.columns:
            if isinstance(part[c].dtype, pd.CategoricalDtype):
                part = part.assign(**{c: part[c].cat.remove_unused_categories()})
    return part


# --------------------------------------------------------------------------
# count_terms
# --------------------------------------------------------------------------


def tokens_tables():
    return shared_tokens_tables(TERMS, DOC_IDS, max_docs=5, max_tokens=5)


count_options = st.fixed_dictionaries({
    "by": st.sampled_from(["doc_id", [], ["doc_id", "seg_id"], "speaker", "source", ["source", "speaker"]]),
    "term": st.sampled_from(["stem", "token"]),
    "include_stopwords": st.booleans(),
    "include_numbers": st.booleans(),
    "ngram": st.integers(1, 3),
    "denominator": st.sampled_from(["all", "content"]),
})


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tokens=tokens_tables(), options=count_options, min_count=st.integers(1, 3), complete=st.booleans(),
       extra_docs=st.lists(st.sampled_from(["e1", "e2"]), unique=True), pass_docs=st.booleans(),
       whole_docs=st.booleans(), seed=st.integers(0, 2**32 - 1))
def test_count_terms_parts_of_any_split_equal_the_whole(tokens, options, min_count, complete, extra_docs, pass_docs,
                                                        whole_docs, seed):
    rnd = random.Random(seed)
    ids = sorted(set(tokens["doc_id"].astype(str))) + extra_docs  # extra documents: no tokens
    by = [options["by"]] if isinstance(options["by"], str) else options["by"]
    docs = None
    if pass_docs or "source" in by:
        docs = pd.DataFrame({"doc_id": ids, "source": [rnd.choice(["kompas", "tempo", None]) for _ in ids]},
                            dtype="str")
    expected = tk.count_terms(tokens, **options, docs=docs, min_count=min_count, complete=complete)
    pdt.assert_frame_equal(expected, count_terms_reference(tokens, **options, docs=docs, min_count=min_count,
                                                           complete=complete), check_exact=True)
    parts = []
    for chunk in split_ids(ids, rnd):
        chunk_docs = docs if docs is None or whole_docs else docs[docs["doc_id"].isin(chunk)]
        parts.append(tk.count_terms_partial(chunk_of(tokens, chunk, rnd), **options, docs=chunk_docs))
    got = merge_randomly(parts, rnd).finalize(min_count=min_count, complete=complete)
    pdt.assert_frame_equal(got, expected, check_exact=True)


def test_min_count_and_complete_apply_to_the_merged_totals():
    # by hand: "kuat" once in each document, so 2 in all; "negara" twice in b only; "aman" once in a only
    tokens = tk.prepare(pd.DataFrame({"doc_id": ["a", "b"], "text": ["Keamanan kuat.", "Negara kuat, negara."]}))
    a = tk.count_terms_partial(tokens[tokens["doc_id"] == "a"])
    b = tk.count_terms_partial(tokens[tokens["doc_id"] == "b"])
    assert a.finalize(min_count=2).dropna(subset=["term"]).empty  # no term reaches 2 in a alone
    table = (a + b).finalize(min_count=2)
    assert table[["doc_id", "term", "count", "tokens", "rank"]].values.tolist() == [
        ["a", "kuat", 1, 2, 1], ["b", "negara", 2, 3, 1], ["b", "kuat", 1, 3, 2]]
    full = (a + b).finalize(min_count=2, complete=True)
    assert full[["doc_id", "term", "count"]].values.tolist() == [
        ["a", "kuat", 1], ["a", "negara", 0], ["b", "negara", 2], ["b", "kuat", 1]]
    with pytest.raises(ValueError, match="min_count=0"):
        a.finalize(min_count=0)


# --------------------------------------------------------------------------
# theme_rates and explain_themes
# --------------------------------------------------------------------------

LEXICON = tk.make_lexicon([
    {"theme": "security", "entry": "keamanan", "match": "stem", "weight": 1},
    {"theme": "security/defence", "entry": "pertahanan", "match": "word", "weight": 0.1},
    {"theme": "security", "entry": "keamanan siber", "match": "phrase", "weight": 0},  # an exclusion
    {"theme": "cooperation", "entry": "kerja sama", "match": "phrase", "weight": 1 / 3},
    {"theme": "cooperation", "entry": "mitra", "match": "stem", "weight": 0.5},
    {"theme": "economy", "entry": "ekonomi", "match": "word", "weight": 2},
])
WORDS = ["Keamanan", "keamanan siber", "pengamanan", "pertahanan", "kerja sama", "Kerja Sama", "kemitraan", "mitra",
         "ekonomi", "negara", "dan", "cuaca", "9", ". ", ", ", "\n\n"]
texts = st.lists(st.sampled_from(WORDS), max_size=12).map(" ".join)

rate_options = st.fixed_dictionaries({
    "by": st.sampled_from(["doc_id", [], ["doc_id", "seg_id"], "source", ["source", "seg_id"]]),
    "lexicon": st.sampled_from([None, LEXICON, "security"]),
    "level": st.sampled_from([1, None]),
    "denominator": st.sampled_from(["all", "content"]),
})


def corpus_tables(doc_texts, sources):
    docs = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(doc_texts))], "text": doc_texts,
                         "source": sources[:len(doc_texts)]})
    tokens = tk.prepare(docs, progress=False)
    hits = tk.find_themes(tokens, LEXICON)
    return docs, tokens, hits


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc_texts=st.lists(texts, min_size=1, max_size=6),
       sources=st.lists(st.sampled_from(["kompas", "tempo"]), min_size=6, max_size=6),
       options=rate_options, pass_docs=st.booleans(), with_detected=st.booleans(), seed=st.integers(0, 2**32 - 1))
def test_theme_rates_and_explain_parts_of_any_split_equal_the_whole(doc_texts, sources, options, pass_docs,
                                                                    with_detected, seed):
    rnd = random.Random(seed)
    docs, tokens, hits = corpus_tables(doc_texts, sources)
    by = [options["by"]] if isinstance(options["by"], str) else options["by"]
    use_docs = docs if pass_docs or "source" in by else None
    detected = None
    if with_detected and options["level"] == 1:
        detected = tk.detect_themes(tokens, LEXICON, hits=hits)
    kwargs = dict(options, docs=use_docs, detected=detected)
    expected = tk.theme_rates(hits, tokens, **kwargs)
    explain_options = {"themes": rnd.choice([None, "security", ["cooperation", "economy"]]),
                       "level": options["level"]}
    expected_explain = tk.explain_themes(hits, **explain_options)

    rate_parts, explain_parts = [], []
    for chunk in split_ids(list(docs["doc_id"]), rnd):
        def of(table):
            return None if table is None else chunk_of(table, chunk, rnd)
        whole = rnd.random() < 0.5  # docs and detected of the chunk, or the whole tables (as documented)
        chunk_kwargs = dict(kwargs, docs=use_docs if whole else of(use_docs),
                            detected=detected if whole else of(detected))
        rate_parts.append(tk.theme_rates_partial(of(hits), of(tokens), **chunk_kwargs))
        explain_parts.append(tk.explain_themes_partial(of(hits), **explain_options))
    pdt.assert_frame_equal(merge_randomly(rate_parts, rnd).finalize(), expected, check_exact=True)
    pdt.assert_frame_equal(merge_randomly(explain_parts, rnd).finalize(), expected_explain, check_exact=True)


def test_weighted_is_the_exact_sum_of_the_weights():
    # 0.1 and 1/3 are not exact in binary: a running sum depends on the order; the parts give the exact sum
    docs = pd.DataFrame({"doc_id": [f"d{i}" for i in range(12)],
                         "text": ["Pertahanan, pertahanan dan kerja sama. Pertahanan."] * 12})
    tokens = tk.prepare(docs)
    hits = tk.find_themes(tokens, LEXICON)
    rates = tk.theme_rates(hits, tokens, by=[], lexicon=LEXICON, level=None)
    for row in rates.itertuples():
        weights = hits.loc[hits["theme"] == row.theme, "weight"]
        assert row.weighted == float(sum((Fraction(w) for w in weights), Fraction(0))), row.theme
    explain = tk.explain_themes(hits).set_index("entry")
    assert explain.loc["pertahanan", "weighted"] == float(36 * Fraction(0.1))
    assert explain.loc["pertahanan", "hits"] == 36 and explain.loc["pertahanan", "documents"] == 12


def test_theme_rates_parts_by_hand():
    # a: "Keamanan negara." 2 tokens, 1 security hit; b: "Kerja sama dan keamanan." 4 tokens, 1 + 1 hits
    docs = pd.DataFrame({"doc_id": ["a", "b"], "text": ["Keamanan negara.", "Kerja sama dan keamanan."]})
    tokens = tk.prepare(docs)
    hits = tk.find_themes(tokens, LEXICON)
    parts = [tk.theme_rates_partial(hits[hits["doc_id"] == d], tokens[tokens["doc_id"] == d], by=[],
                                    lexicon=LEXICON) for d in ["a", "b"]]
    table = sum(parts).finalize()
    assert table[["theme", "hits", "tokens"]].values.tolist() == [
        ["cooperation", 1, 6], ["economy", 0, 6], ["security", 2, 6]]
    assert table["share"].tolist() == pytest.approx([1 / 3, 0, 2 / 3])
    assert table["weighted"].tolist() == [1 / 3, 0.0, 2.0]


# --------------------------------------------------------------------------
# merging: order, grouping, errors, empty parts
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def three():
    docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "source": ["kompas", "tempo", "kompas"],
                         "text": ["Keamanan negara, kerja sama.", "Pertahanan dan ekonomi.", "Kemitraan ekonomi."]})
    tokens = tk.prepare(docs)
    return docs, tokens, tk.find_themes(tokens, LEXICON)


def _parts_of(kind, three):
    docs, tokens, hits = three
    make = {
        "counts": lambda d: tk.count_terms_partial(tokens[tokens["doc_id"] == d], by="source", docs=docs),
        "rates": lambda d: tk.theme_rates_partial(hits[hits["doc_id"] == d], tokens[tokens["doc_id"] == d],
                                                  by="source", docs=docs),
        "explain": lambda d: tk.explain_themes_partial(hits[hits["doc_id"] == d]),
    }[kind]
    return [make(d) for d in ["a", "b", "c"]]


@pytest.mark.parametrize("kind", ["counts", "rates", "explain"])
def test_merging_is_associative_and_order_free(three, kind):
    a, b, c = _parts_of(kind, three)
    tables = [((a + b) + c).finalize(), (a + (b + c)).finalize(), (c + a + b).finalize(),
              tk.merge_parts([b, c, a]).finalize(), sum([c, b, a]).finalize()]
    for table in tables[1:]:
        pdt.assert_frame_equal(table, tables[0], check_exact=True)
    docs, tokens, hits = three
    whole = {"counts": lambda: tk.count_terms(tokens, by="source", docs=docs),
             "rates": lambda: tk.theme_rates(hits, tokens, by="source", docs=docs),
             "explain": lambda: tk.explain_themes(hits)}[kind]()
    pdt.assert_frame_equal(tables[0], whole, check_exact=True)


@pytest.mark.parametrize("kind", ["counts", "rates", "explain"])
def test_parts_survive_pickling_and_finalize_leaves_them_unchanged(three, kind):
    a, b, c = _parts_of(kind, three)
    merged = a + b + c
    first = merged.finalize()
    again = pickle.loads(pickle.dumps(merged)).finalize()  # Dask sends parts between processes
    pdt.assert_frame_equal(again, first, check_exact=True)
    pdt.assert_frame_equal(merged.finalize(), first, check_exact=True)
    pdt.assert_frame_equal((a + b + c).finalize(), first, check_exact=True)  # a, b, c unchanged by the merge


def test_parts_of_different_kinds_or_options_do_not_merge(three):
    docs, tokens, hits = three
    counts = tk.count_terms_partial(tokens, by="source", docs=docs)
    rates = tk.theme_rates_partial(hits, tokens, by="source", docs=docs)
    with pytest.raises(TypeError, match="cannot merge a CountTermsPart with a ThemeRatesPart"):
        counts + rates
    with pytest.raises(TypeError, match="cannot merge a ThemeRatesPart with a ExplainThemesPart"):
        tk.merge_parts([rates, tk.explain_themes_partial(hits)])
    with pytest.raises(ValueError, match=r"by=\['source'\] in one, by=\['doc_id'\] in another"):
        counts + tk.count_terms_partial(tokens, docs=docs)
    with pytest.raises(ValueError, match="ngram=1 in one, ngram=2 in another"):
        tk.merge_parts([counts, tk.count_terms_partial(tokens, by="source", docs=docs, ngram=2)])
    with pytest.raises(ValueError, match="lexicon=None in one"):
        rates + tk.theme_rates_partial(hits, tokens, by="source", docs=docs, lexicon=LEXICON)
    with pytest.raises(ValueError, match="level=None in one, level=1 in another"):
        tk.explain_themes_partial(hits) + tk.explain_themes_partial(hits, level=1)
    with pytest.raises(TypeError, match="item 2 is a DataFrame, not a part"):
        tk.merge_parts([counts, tokens])
    with pytest.raises(TypeError, match="unsupported operand"):
        counts + 1
    with pytest.raises(ValueError, match="at least one part"):
        tk.merge_parts([])


def test_the_same_options_spelled_differently_merge(three):
    docs, tokens, hits = three
    one = tk.count_terms_partial(tokens[tokens["doc_id"] == "a"], by="source", docs=docs)
    other = tk.count_terms_partial(tokens[tokens["doc_id"] != "a"], by=["source"], docs=docs)
    pdt.assert_frame_equal((one + other).finalize(), tk.count_terms(tokens, by="source", docs=docs))
    ex = tk.explain_themes_partial(hits, themes="security") + tk.explain_themes_partial(hits.iloc[:0],
                                                                                         themes=["security"])
    pdt.assert_frame_equal(ex.finalize(), tk.explain_themes(hits, themes="security"))


@pytest.mark.parametrize("by", ["doc_id", [], "source"])
def test_finalize_of_an_empty_part_and_merging_with_one(three, by):
    docs, tokens, hits = three
    no_tokens, no_hits = tokens.iloc[:0], hits.iloc[:0]
    empty = tk.count_terms_partial(no_tokens, by=by, docs=docs.iloc[:0])
    pdt.assert_frame_equal(empty.finalize(), tk.count_terms(no_tokens, by=by, docs=docs.iloc[:0]), check_exact=True)
    assert len(empty.finalize()) == (1 if by == [] else 0)  # by=[]: the corpus is one group, with 0 tokens
    whole = tk.count_terms_partial(tokens, by=by, docs=docs)
    pdt.assert_frame_equal((empty + whole).finalize(), whole.finalize(), check_exact=True)

    empty_rates = tk.theme_rates_partial(no_hits, no_tokens, by=by, lexicon=LEXICON, docs=docs.iloc[:0])
    assert empty_rates.finalize().equals(tk.theme_rates(no_hits, no_tokens, by=by, lexicon=LEXICON,
                                                        docs=docs.iloc[:0]))
    rates = tk.theme_rates_partial(hits, tokens, by=by, lexicon=LEXICON, docs=docs)
    pdt.assert_frame_equal((rates + empty_rates).finalize(), rates.finalize(), check_exact=True)

    empty_explain = tk.explain_themes_partial(no_hits)
    pdt.assert_frame_equal(empty_explain.finalize(), tk.explain_themes(no_hits), check_exact=True)
    assert list(empty_explain.finalize().columns) == ["theme", "entry", "match", "hits", "weighted", "documents",
                                                      "forms"]
    pdt.assert_frame_equal((empty_explain + tk.explain_themes_partial(hits)).finalize(), tk.explain_themes(hits))


def test_partial_steps_do_not_modify_their_input(three):
    docs, tokens, hits = three
    before = [t.copy() for t in (docs, tokens, hits)]
    tk.count_terms_partial(tokens, by="source", docs=docs).finalize()
    tk.theme_rates_partial(hits, tokens, by="source", docs=docs).finalize()
    tk.explain_themes_partial(hits, level=1).finalize()
    for table, copy in zip((docs, tokens, hits), before):
        pdt.assert_frame_equal(table, copy)


def test_repr_names_the_kind_options_and_size(three):
    docs, tokens, hits = three
    assert repr(tk.count_terms_partial(tokens, by=[])) == (
        "CountTermsPart(by=[], term='stem', include_stopwords=False, include_numbers=False, ngram=1, "
        "denominator='all': 1 group, 5 terms, 5 group-term pairs)")  # aman negara tahan ekonomi mitra
    assert repr(tk.explain_themes_partial(hits)).startswith("ExplainThemesPart(themes=None, level=None: ")
    assert repr(tk.theme_rates_partial(hits, tokens)).endswith(": 3 groups, 3 themes, 6 hits)")


# --------------------------------------------------------------------------
# whole documents: a document in two parts, or a part merged with itself, is refused
# --------------------------------------------------------------------------


def _hash(doc_id: str) -> int:
    return int(pd.util.hash_array(np.array([doc_id], dtype=object))[0])


def test_a_document_split_between_parts_does_not_merge(three):
    docs, tokens, hits = three
    a_tokens, a_hits = tokens[tokens["doc_id"] == "a"], hits[hits["doc_id"] == "a"]
    assert len(a_tokens) == 4 and len(a_hits) == 2  # keamanan negara kerja sama: 2 hits
    cut = a_tokens["position"] < 2
    # by doc_id: the part knows the id and names it
    with pytest.raises(ValueError, match=r"document 'a' is in two parts .*split a corpus by whole documents"):
        tk.count_terms_partial(a_tokens[cut]) + tk.count_terms_partial(a_tokens[~cut])
    with pytest.raises(ValueError, match="document 'a' is in two parts"):
        tk.merge_parts([tk.theme_rates_partial(a_hits.iloc[:1], a_tokens[cut]),
                        tk.theme_rates_partial(hits[hits["doc_id"] == "b"], tokens[tokens["doc_id"] == "b"]),
                        tk.theme_rates_partial(a_hits.iloc[1:], a_tokens[~cut])])
    # explain_themes keeps no id: the message gives the id's hash, which finds it
    with pytest.raises(ValueError, match=f"hash_array value {_hash('a')}\\) is in two parts"):
        tk.explain_themes_partial(a_hits.iloc[:1]) + tk.explain_themes_partial(a_hits.iloc[1:])
    with pytest.raises(ValueError, match=f"hash_array value {_hash('a')}\\)"):
        tk.count_terms_partial(a_tokens[cut], by="source", docs=docs) + tk.count_terms_partial(
            a_tokens[~cut], by="source", docs=docs)


@pytest.mark.parametrize("kind", ["counts", "rates", "explain"])
def test_a_part_merged_with_itself_does_not_merge(three, kind):
    a, b, c = _parts_of(kind, three)
    for merge in (lambda: a + a, lambda: sum([a, b, a]), lambda: tk.merge_parts([a + b, c, b]),
                  lambda: (a + b) + pickle.loads(pickle.dumps(a))):
        with pytest.raises(ValueError, match="is in two parts"):
            merge()
    merged = a + b + c  # each once: fine, and the merged part holds the three documents, 8 bytes each
    assert merged.doc_hashes.dtype == np.uint64 and merged.doc_hashes.nbytes == 3 * 8
    assert merged.doc_hashes.tolist() == sorted(_hash(d) for d in ["a", "b", "c"])


def test_parts_without_documents_merge_with_any_part(three):
    docs, tokens, hits = three
    empty = tk.count_terms_partial(tokens.iloc[:0], by="source", docs=docs)
    whole = tk.count_terms_partial(tokens, by="source", docs=docs)
    assert len(empty.doc_hashes) == 0
    pdt.assert_frame_equal((empty + empty + whole).finalize(), whole.finalize(), check_exact=True)
    # the whole docs table in every part is fine: documents are those with tokens
    split = [tk.count_terms_partial(tokens[tokens["doc_id"] == d], by="source", docs=docs) for d in "abc"]
    pdt.assert_frame_equal(tk.merge_parts(split).finalize(), whole.finalize(), check_exact=True)


def test_a_different_level_is_named_before_the_themes_it_folds(three):
    docs, tokens, hits = three
    one = tk.theme_rates_partial(hits, tokens, lexicon=LEXICON, level=1)
    with pytest.raises(ValueError, match="level=1 in one, level=None in another"):
        one + tk.theme_rates_partial(hits.iloc[:0], tokens.iloc[:0], lexicon=LEXICON, level=None)
    with pytest.raises(ValueError, match=r"lexicon=\['security'\] in one"):  # same level, other lexicon
        tk.theme_rates_partial(hits, tokens, lexicon="security") + one


def test_options_are_read_only_and_not_shared(three):
    a, b, _ = _parts_of("counts", three)
    merged = a + b
    with pytest.raises(TypeError):
        merged.options["by"] = ("doc_id",)
    with pytest.raises(TypeError):
        a.options["ngram"] = 2
    assert a.options["by"] == ("source",) and a.options["ngram"] == 1
    copy = pickle.loads(pickle.dumps(merged))  # Dask sends parts between processes
    assert copy.options == merged.options and dict(copy.options) == dict(a.options)
    with pytest.raises(TypeError):
        copy.options["ngram"] = 2
    assert copy.doc_hashes.tolist() == merged.doc_hashes.tolist()


def test_merge_parts_of_an_empty_list_says_what_sum_does():
    assert sum([]) == 0  # not a part: hence merge_parts for lists that may be empty
    with pytest.raises(ValueError, match=r"needs at least one part, and got none \(note that sum\(\[\]\) is 0"):
        tk.merge_parts([])


def test_theme_rates_partial_takes_the_whole_detected_table():
    docs = pd.DataFrame({"doc_id": ["a", "b"], "text": ["Keamanan negara.\n\nCuaca cerah.", "Kerja sama keamanan."]})
    tokens = tk.prepare(docs, unit="paragraph")
    hits = tk.find_themes(tokens, LEXICON)
    detected = tk.detect_themes(tokens, LEXICON, hits=hits)
    # by hand: a has 2 paragraphs, security present in the first; b has 1, security present
    parts = [tk.theme_rates_partial(hits[hits["doc_id"] == d], tokens[tokens["doc_id"] == d], by=[],
                                    lexicon="security", detected=detected) for d in ["a", "b"]]
    table = sum(parts).finalize()
    assert table[["theme", "hits", "segments", "segments_present"]].values.tolist() == [["security", 2, 3, 2]]
    pdt.assert_frame_equal(table, tk.theme_rates(hits, tokens, by=[], lexicon="security", detected=detected),
                           check_exact=True)
    with pytest.raises(ValueError, match="detected names a segment that is not in tokens"):  # still checked
        tk.theme_rates_partial(hits, tokens[tokens["seg_id"] == 0], detected=detected)
    with pytest.raises(ValueError, match=r"detected names a document that is not in tokens \(doc_id = 'b'\)"):
        tk.theme_rates(hits[hits["doc_id"] == "a"], tokens[tokens["doc_id"] == "a"], detected=detected)  # in memory
