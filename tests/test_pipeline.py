"""prepare(): the whole path, its schema, and invariants over random corpora."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import toolkit as tk

COLUMNS = ["doc_id", "seg_id", "position", "start", "end", "text", "after", "token", "stem", "is_stopword"]


def plain(table: pd.DataFrame) -> pd.DataFrame:
    """The values of a table with categoricals as str and int32 as int64 (prepare stores them smaller)."""
    out = table.copy()
    for c in out.columns:
        if isinstance(out[c].dtype, pd.CategoricalDtype):
            out[c] = out[c].astype("str")
        elif out[c].dtype == "int32":
            out[c] = out[c].astype("int64")
    return out


def test_prepare_schema_and_values(tiny_docs):
    before = tiny_docs.copy()
    tokens = tk.prepare(tiny_docs)
    pd.testing.assert_frame_equal(tiny_docs, before)
    assert list(tokens.columns) == COLUMNS
    assert isinstance(tokens.index, pd.RangeIndex)
    # d1 by hand: Kedua negara memperkuat kerja sama keamanan.
    d1 = tokens[tokens["doc_id"] == "d1"]
    assert d1["token"].tolist() == ["kedua", "negara", "memperkuat", "kerja", "sama", "keamanan"]
    assert d1["stem"].tolist() == ["dua", "negara", "kuat", "kerja", "sama", "aman"]
    assert d1["start"].tolist() == [0, 6, 13, 24, 30, 35]


def test_prepare_equals_the_chain(tiny_docs):
    chained = tiny_docs.pipe(tk.segment, unit="sentence").pipe(tk.tokenize).pipe(tk.stem).pipe(tk.mark_stopwords)
    prepared = tk.prepare(tiny_docs, unit="sentence")
    pd.testing.assert_frame_equal(plain(prepared), plain(chained))
    # the same values, stored smaller: categoricals (token and stem share categories, so they compare), int32
    assert [str(prepared[c].dtype) for c in COLUMNS] == ["category", "int64", "int32", "int32", "int32", "str", "str",
                                                         "category", "category", "bool"]
    assert prepared["token"].cat.categories is prepared["stem"].cat.categories
    assert (prepared["token"] == prepared["stem"]).tolist() == (chained["token"] == chained["stem"]).tolist()


def test_prepare_overrides_switch():
    docs = pd.DataFrame({"doc_id": ["a"], "text": ["Bersama-sama memerangi terorisme di Bali."]})
    on = tk.prepare(docs).set_index("token")["stem"]
    off = tk.prepare(docs, overrides=False).set_index("token")["stem"]
    assert on["memerangi"] == "perang" and off["memerangi"] == "rang"
    assert on["bali"] == "bali" and off["bali"] == "bal"
    assert on["bersama-sama"] == off["bersama-sama"] == "sama"


WORDS = ["kerja", "sama", "negara-negara", "memerangi", "Tiongkok", "5G", "dan", "keamanan", "Xi", "ke-70"]
SEPARATORS = [" ", ". ", ", ", "\n\n", " - ", " (", ") ", "\u201c"]
doc = st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS)), max_size=25)


@settings(max_examples=60, deadline=None)
@given(docs_words=st.lists(doc, min_size=1, max_size=5))
def test_every_token_traces_back(docs_words):
    texts = ["".join(w + sep for w, sep in pairs) for pairs in docs_words]
    docs = pd.DataFrame({"doc_id": [f"doc{i}" for i in range(len(texts))], "text": texts})
    tokens = tk.prepare(docs)
    lookup = dict(zip(docs["doc_id"], docs["text"]))
    for row in tokens.itertuples():
        assert lookup[row.doc_id][row.start : row.end] == row.text
    # each vocabulary item is exactly one token, in order, whatever the separators
    for doc_id, pairs in zip(docs["doc_id"], docs_words):
        got = tokens.loc[tokens["doc_id"] == doc_id, "text"].tolist()
        assert got == [w for w, _ in pairs]


# prepare scans whole documents (no copy of each segment); the chain scans each segment: same tables
PIECES = ["Kerja", "sama", "negara-negara", "Prof.", "Dr.", "3.5", "1.000", "Jum\u2019at", "ke\u00adamanan",
          "\u201cKutipan\u201d", "caf\u00e9", "e-KTP", "Tiongkok-Kazakhstan", "Ia", "tiba", "5G"]
GAPS = [" ", "  ", ". ", "! ", "? ", ", ", "\n", "\n\n", "\r\n", "\r\n\r\n", "\n \u00a0\n", "\n\t\n", " \u2003 ",
        "\u2026 ", "-", "\u00a0"]
texts = st.lists(st.tuples(st.sampled_from(PIECES), st.sampled_from(GAPS)), max_size=30).map(
    lambda pairs: "".join(w + g for w, g in pairs))


@settings(max_examples=120, deadline=None)
@given(doc_texts=st.lists(st.one_of(texts, st.sampled_from(["", "   ", "\n\n"])), min_size=1, max_size=6),
       by=st.sampled_from(["paragraph", "sentence", "document"]))
def test_prepare_equals_the_chain_on_random_documents(doc_texts, by):
    docs = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(doc_texts))], "text": doc_texts})
    chained = docs.pipe(tk.segment, unit=by).pipe(tk.tokenize).pipe(tk.stem).pipe(tk.mark_stopwords)
    pd.testing.assert_frame_equal(plain(tk.prepare(docs, unit=by)), plain(chained))


# ---------------------------------------------------------------- analyzer (scikit-learn)


def test_analyzer_gives_the_stems_prepare_gives():
    docs = tk.load_sample()
    tokens = tk.prepare(docs)
    content = tokens[~tokens["is_stopword"] & tokens["stem"].str.contains(r"[a-z]")]
    assert tk.analyzer()(docs.loc[0, "text"]) == content["stem"].tolist()
    assert tk.analyzer(drop_stopwords=False, include_numbers=True)(docs.loc[0, "text"]) == tokens["stem"].tolist()
    assert tk.analyzer(term="token", drop_stopwords=False)(docs.loc[0, "text"]) == \
        tokens.loc[tokens["token"].str.contains(r"[a-z]"), "token"].tolist()


def test_analyzer_in_count_vectorizer_by_hand():
    sklearn_text = pytest.importorskip("sklearn.feature_extraction.text")
    texts = ["Kedua negara memperkuat kerja sama keamanan pada 17 9 2019.", "Negara-negara ASEAN menjaga keamanan.", ""]
    # by hand: 1: kedua, kerja, sama, pada are stop words; 17 9 2019 numbers -> negara kuat aman
    #          2: negara-negara -> negara, asean, menjaga -> jaga, keamanan -> aman;  3: nothing
    vec = sklearn_text.CountVectorizer(analyzer=tk.analyzer())
    matrix = vec.fit_transform(texts).toarray().tolist()
    assert vec.get_feature_names_out().tolist() == ["aman", "asean", "jaga", "kuat", "negara"]
    assert matrix == [[1, 0, 0, 1, 1], [1, 1, 1, 0, 1], [0, 0, 0, 0, 0]]


def test_analyzer_pickles_and_checks_its_input():
    import pickle

    again = pickle.loads(pickle.dumps(tk.analyzer(include_numbers=True)))
    assert again("Keamanan 2019.") == ["aman", "2019"]
    with pytest.raises(TypeError, match="one text"):
        tk.analyzer()(["Keamanan."])
    with pytest.raises(ValueError, match="term='lemma'"):
        tk.analyzer(term="lemma")
