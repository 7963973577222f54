"""The counting kernel equals its reference (toolkit.counting_reference, plain pandas groupby) on generated tables."""

from __future__ import annotations

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import tokens_tables as shared_tokens_tables

import toolkit as tk
from toolkit.counting_reference import count_terms_reference

TERMS = ["aman", "negara", "kuat", "kerja", "sama", "9", "2019", "1.000", "5g", "ke-70", "caf\u00e9", "\u5317\u4eac",
         "\u0301", None]
DOC_IDS = ["d1", "d2", "d\u00e9", "\u5317", "a b"]


def tokens_tables():
    return shared_tokens_tables(TERMS, DOC_IDS, max_docs=4, max_tokens=6)


docs_tables = st.lists(st.tuples(st.sampled_from(DOC_IDS), st.sampled_from(["kompas", "tempo", None])),
                       min_size=1, max_size=5, unique_by=lambda pair: pair[0]).map(
    lambda pairs: pd.DataFrame(pairs, columns=["doc_id", "source"]).astype("str"))

options = st.fixed_dictionaries({
    "by": st.sampled_from(["doc_id", [], ["doc_id", "seg_id"], "speaker", "source", ["source", "speaker"]]),
    "term": st.sampled_from(["stem", "token"]),
    "include_stopwords": st.booleans(),
    "include_numbers": st.booleans(),
    "ngram": st.integers(1, 3),
    "min_count": st.integers(1, 3),
    "denominator": st.sampled_from(["all", "content"]),
    "complete": st.booleans(),
    "forms": st.booleans(),
}).map(lambda o: {**o, "forms": o["forms"] and o["term"] == "stem" and o["ngram"] == 1})  # forms: unigram stems


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tokens=tokens_tables(), docs=docs_tables, kwargs=options, pass_docs=st.booleans())
def test_count_terms_equals_its_reference(tokens, docs, kwargs, pass_docs):
    by = [kwargs["by"]] if isinstance(kwargs["by"], str) else kwargs["by"]
    if "source" in by or pass_docs:
        docs = pd.concat([docs, pd.DataFrame({"doc_id": sorted(set(tokens["doc_id"]) - set(docs["doc_id"])),
                                              "source": "antara"})], ignore_index=True).astype("str")
        kwargs = {**kwargs, "docs": docs}
    got = tk.count_terms(tokens, **kwargs)
    pd.testing.assert_frame_equal(got, count_terms_reference(tokens, **kwargs), check_exact=True)


texts = st.lists(st.sampled_from(["Keamanan", "negara", "memperkuat", "kerja sama", "dan", "9", "2019", "5G",
                                  "negara-negara", "Jum\u2019at", ". ", ", ", "\n\n", " \u2014 "]), max_size=30).map(" ".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc_texts=st.lists(texts, min_size=1, max_size=4), kwargs=options.filter(lambda o: "source" not in o["by"]
                                                                                  and "speaker" not in o["by"]))
def test_counts_of_prepared_tokens_equal_the_reference(doc_texts, kwargs):
    tokens = tk.prepare(pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(doc_texts))], "text": doc_texts}),
                        progress=False)
    pd.testing.assert_frame_equal(tk.count_terms(tokens, **kwargs), count_terms_reference(tokens, **kwargs),
                                  check_exact=True)
