"""The tokeniser engine equals its reference (toolkit.text_reference) on generated Indonesian-like text."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import toolkit as tk
from toolkit import _tokenize_engine
from toolkit.text_reference import token_spans_reference, tokenize_reference

WORDS = ["kerja", "sama", "Keamanan", "negara-negara", "bersama-sama", "Tiongkok-Kazakhstan", "COVID-19", "ke-70",
         "e-KTP", "1.000", "3,5", "2019", "Jum\u2019at", "Ma'ruf", "Qur\u02bcan", "caf\u00e9", "cafe\u0301",
         "Erdo\u011fan", "\u0110\u00e0", "\u5317\u4eac", "\U0001F600", "\U00020000", "\u0628\u0650\u0633\u0652\u0645",
         "ke\u00adamanan", "kerja\u200dsama", "ne\u2010gara", "\uff21\uff33\uff25\uff21\uff2e", "\u0301", "x"]
GAPS = [" ", "  ", ", ", ". ", "! ", "? ", "\n", "\n\n", "\r", "\r\n", "\r\n\r\n", "\u00a0", " \u2014 ", "\u2013",
        " \u201c", "\u201d ", "\u2018", "\u2019 ", "\u2026 ", "-", "--", "'", "\u00ad", "\u200b", "\u2010", ".", ",",
        "\n \u00a0\n", "\t", "\u2003", "***"]
# the words and gaps above, and now and then any character at all (but lone surrogates, which no file can hold)
piece = st.one_of(st.sampled_from(WORDS), st.sampled_from(GAPS), st.characters(exclude_categories=("Cs",)))
texts = st.lists(piece, max_size=40).map("".join)
documents = st.lists(st.one_of(texts, st.sampled_from(["", "   ", "\n\n"])), min_size=1, max_size=5)


def plain(table: pd.DataFrame) -> pd.DataFrame:
    """The values of a tokens table: categoricals as their values' dtype, int32 as int64."""
    out = table.copy()
    for c in out.columns:
        if isinstance(out[c].dtype, pd.CategoricalDtype):
            out[c] = out[c].astype(out[c].cat.categories.dtype)
        elif out[c].dtype == "int32":
            out[c] = out[c].astype("int64")
    return out


def _docs(doc_texts: list[str]) -> pd.DataFrame:
    return pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(doc_texts))], "text": doc_texts})


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts)
def test_spans_equal_the_regular_expression(text):
    assert list(_tokenize_engine.token_spans(text)) == list(token_spans_reference(text))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc_texts=documents, by=st.sampled_from(["paragraph", "sentence", "document"]))
def test_tokenize_equals_its_reference(doc_texts, by):
    segments = tk.segment(_docs(doc_texts), unit=by)
    pd.testing.assert_frame_equal(plain(tk.tokenize(segments)), tokenize_reference(segments))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc_texts=documents, by=st.sampled_from(["paragraph", "sentence", "document"]),
       batch=st.sampled_from([4_000_000, 1, 12, 60]))
def test_prepare_tokens_equal_the_reference_whatever_the_batches(doc_texts, by, batch):
    """prepare reads documents a batch at a time (about 4 million characters); any batch size gives the same."""
    docs = _docs(doc_texts)
    saved = _tokenize_engine._BATCH_CHARS
    _tokenize_engine._BATCH_CHARS = batch
    try:
        tokens = tk.prepare(docs, unit=by, progress=False)
    finally:
        _tokenize_engine._BATCH_CHARS = saved
    want = tokenize_reference(tk.segment(docs, unit=by))
    pd.testing.assert_frame_equal(plain(tokens[want.columns]), want)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc_texts=documents, order=st.randoms(use_true_random=False))
def test_segments_of_a_document_apart_are_numbered_in_table_order(doc_texts, order):
    segments = tk.segment(_docs(doc_texts))
    rows = list(range(len(segments)))
    order.shuffle(rows)
    shuffled = segments.iloc[rows].reset_index(drop=True)
    pd.testing.assert_frame_equal(plain(tk.tokenize(shuffled)), tokenize_reference(shuffled))


@pytest.mark.parametrize("ids", [pd.Series(["a", None, "b"], dtype="str"), pd.Series([7, 3, 9]),
                                 pd.Series(["a", "c", "b"], dtype=object)])
def test_ids_of_any_kind_keep_their_values(ids):
    segments = pd.DataFrame({"doc_id": ids, "seg_id": [0, 0, 0], "start": [0, 5, 0],
                             "text": ["Kerja sama", "Jum\u2019at \U0001F600 x", "Keamanan"]})
    pd.testing.assert_frame_equal(plain(tk.tokenize(segments)), tokenize_reference(segments))
