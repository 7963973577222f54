"""The remembered integer codes of string columns (toolkit._codes) never describe other values."""

import numpy as np
import pandas as pd
import pytest

import toolkit as tk
from toolkit import _codes

DOCS = pd.DataFrame({
    "doc_id": ["b", "a", "c", "d"],
    "text": ["Kerja sama keamanan. Keamanan siber!", "", "Negara-negara ASEAN bekerja sama.\n\nJum\u2019at.",
             "Keamanan negara."],
})


def _fresh(series):
    codes, uniques = pd.factorize(series, sort=False)
    return codes.tolist(), list(uniques)


@pytest.mark.parametrize("column", ["doc_id", "token", "stem"])
def test_codes_of_the_pipeline_stand_for_the_values(column):
    tokens = tk.prepare(DOCS, progress=False)
    assert isinstance(tokens[column].dtype, pd.CategoricalDtype)  # the categorical's own codes and categories
    codes, uniques = _codes.factorize(tokens[column])
    assert codes.tolist() == tokens[column].cat.codes.tolist() and uniques.tolist() == list(tokens[column].cat.categories)
    assert uniques[codes].tolist() == tokens[column].tolist()
    assert list(uniques) == sorted(uniques)  # sorted categories: the column sorts as strings do


@pytest.mark.parametrize("column", ["doc_id", "token", "stem"])
def test_remembered_codes_of_a_str_column_equal_a_fresh_factorize(column):
    tokens = tk.stem(tk.tokenize(tk.segment(DOCS)))
    plain = tokens.assign(**{column: tokens[column].astype("str")})
    first = _codes.factorize(plain[column])  # remembered now
    codes, uniques = _codes.factorize(plain[column])
    assert codes is first[0]  # (served from memory)
    assert (codes.tolist(), uniques.tolist()) == _fresh(plain[column])
    # rebuilt from plain Python lists: no shared Arrow array, so nothing remembered can be used
    rebuilt = pd.Series(plain[column].tolist(), dtype="str")
    assert (codes.tolist(), uniques.tolist()) == _fresh(rebuilt)


def test_changed_column_is_factorised_again():
    tokens = tk.prepare(DOCS, progress=False)
    tokens["stem"] = tokens["stem"].astype("str")  # (a categorical takes no value outside its categories)
    before, _ = _codes.factorize(tokens["stem"])
    tokens.loc[0, "stem"] = "lain"  # a new Arrow array behind the column
    after, uniques = _codes.factorize(tokens["stem"])
    assert (after.tolist(), uniques.tolist()) == _fresh(tokens["stem"])
    assert uniques[after[0]] == "lain"
    assert before.tolist() != after.tolist()


def test_filtered_and_reordered_tables_count_like_fresh_ones():
    from collections import Counter

    tokens = tk.prepare(DOCS, progress=False)
    tk.count_terms(tokens)  # the full table's codes are remembered now
    subset = tokens[tokens["token"] != "keamanan"].iloc[::-1].reset_index(drop=True)
    got = tk.count_terms(subset)
    content = subset[~subset["is_stopword"]]
    want = Counter(zip(content["doc_id"], content["stem"]))  # counted independently, in plain Python
    assert dict(zip(zip(got["doc_id"], got["term"]), got["count"])) == dict(want)
    sizes = subset["doc_id"].value_counts().to_dict()
    assert all(got.loc[got["doc_id"] == d, "tokens"].eq(k).all() for d, k in sizes.items())


def test_missing_values_have_code_minus_one_and_their_own_group():
    s = pd.Series(["x", None, "y", "x"], dtype="str")
    codes, uniques = _codes.factorize(s)
    assert codes.tolist() == [0, -1, 1, 0] and uniques.tolist() == ["x", "y"]
    codes, uniques = _codes.codes_with_missing(s)
    assert codes.tolist() == [0, 2, 1, 0] and uniques[:2].tolist() == ["x", "y"] and pd.isna(uniques[2])


def test_entries_go_away_with_their_column():
    s = pd.Series(np.array(["p", "q", "p"], dtype=object), dtype="str")
    _codes.factorize(s)
    key = id(s.array._pa_array)
    assert key in _codes._MEMO
    del s
    import gc

    gc.collect()
    assert key not in _codes._MEMO


def test_stem_of_a_missing_token_is_missing():
    t = pd.DataFrame({"token": pd.Series(["memperkuat", None, "keamanan"], dtype="str")})
    out = tk.stem(t)
    assert out["stem"].iloc[0] == "kuat" and pd.isna(out["stem"].iloc[1]) and out["stem"].iloc[2] == "aman"
    flags = tk.mark_stopwords(t)["is_stopword"].tolist()
    assert flags == [False, False, False]


def test_a_column_freed_while_remember_updates_the_memo_does_not_deadlock():
    """When an entry is replaced, the last reference to another remembered column may go with it, and
    that column's weak-reference callback runs right there, inside remember() (this once deadlocked on a
    lock remember() held; a garbage collection inside remember() could do the same)."""
    import threading

    inner = pd.Series(["p", "q"], dtype="str")
    _codes.factorize(inner)  # remembered: freeing its array calls back into _codes
    carrier = pd.Series(["k"], dtype="str")
    holder = np.empty(1, dtype=object)
    holder[0] = inner
    _codes.remember(carrier, np.array([0]), holder)  # carrier's entry now holds the last reference to inner
    inner_key = id(inner.array._pa_array)
    del inner, holder
    worker = threading.Thread(target=_codes.remember, args=(carrier, np.array([0]), ["k"]), daemon=True)
    worker.start()
    worker.join(timeout=20)
    assert not worker.is_alive(), "remember() deadlocked"
    assert inner_key not in _codes._MEMO or _codes._MEMO[inner_key][0]() is not None
    codes, uniques = _codes.factorize(carrier)
    assert codes.tolist() == [0] and uniques.tolist() == ["k"]
