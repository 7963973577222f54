"""cooccurrence: pairs of entries (or themes) in the same paragraph or document, checked against counts by hand."""

from __future__ import annotations

import itertools
from collections import Counter

import pandas as pd
import pytest

import toolkit as tk
from toolkit.errors import ColumnError


def _hits() -> pd.DataFrame:
    """Paragraph a/0: keamanan (twice) and kerja sama; a/1: keamanan and terorisme; a/2: kerja sama and an
    exclusion (weight 0); b/0: kerja sama and keamanan."""
    rows = [("a", 0, "security", "keamanan", 1.0), ("a", 0, "cooperation", "kerja sama", 1.0),
            ("a", 0, "security", "keamanan", 1.0), ("a", 1, "security", "keamanan", 1.0),
            ("a", 1, "security/terrorism", "terorisme", 1.0), ("a", 2, "cooperation", "kerja sama", 1.0),
            ("a", 2, "economy", "ekonomi", 0.0), ("b", 0, "cooperation", "kerja sama", 1.0),
            ("b", 0, "security", "keamanan", 1.0)]
    return pd.DataFrame(rows, columns=["doc_id", "seg_id", "theme", "entry", "weight"])


def test_cooccurrence_of_entries_by_paragraph_equals_the_count_by_hand():
    out = tk.cooccurrence(_hits())
    want = pd.DataFrame({
        "entry1": ["keamanan", "keamanan"], "entry2": ["kerja sama", "terorisme"],
        "count": [2, 1],                     # paragraphs a/0 and b/0; a/1
        "hits1": [4, 4], "hits2": [3, 1],    # every hit counts, twice in one paragraph too
        "theme1": ["security", "security"], "theme2": ["cooperation", "security"],
    }).astype({"entry1": "str", "entry2": "str", "theme1": "str", "theme2": "str"})
    pd.testing.assert_frame_equal(out, want)


def test_cooccurrence_by_document_by_theme_and_filters():
    by_doc = tk.cooccurrence(_hits(), unit="document")
    assert list(zip(by_doc["entry1"], by_doc["entry2"], by_doc["count"])) == [
        ("keamanan", "kerja sama", 2), ("keamanan", "terorisme", 1), ("kerja sama", "terorisme", 1)]
    themes = tk.cooccurrence(_hits(), item="theme")
    assert list(themes.columns) == ["theme1", "theme2", "count", "hits1", "hits2"]
    assert themes.iloc[0].tolist() == ["cooperation", "security", 2, 3, 5]  # a/1 holds security alone
    sub = tk.cooccurrence(_hits(), item="theme", level=None)
    assert set(zip(sub["theme1"], sub["theme2"])) == {("cooperation", "security"), ("security", "security/terrorism")}
    assert tk.cooccurrence(_hits(), min_count=2)[["entry1", "entry2"]].values.tolist() == [["keamanan", "kerja sama"]]
    only = tk.cooccurrence(_hits(), themes=["security"])
    assert only[["entry1", "entry2", "count"]].values.tolist() == [["keamanan", "terorisme", 1]]


def test_an_entry_takes_the_theme_it_has_most_hits_in():
    rows = [("a", 0, "multilateralism", "pbb"), ("a", 0, "cooperation", "pbb"), ("a", 0, "security", "aman"),
            ("a", 1, "multilateralism", "pbb"), ("a", 1, "economy", "dagang"), ("a", 1, "culture", "dagang")]
    out = tk.cooccurrence(pd.DataFrame(rows, columns=["doc_id", "seg_id", "theme", "entry"]))
    theme = dict(zip(out["entry1"], out["theme1"])) | dict(zip(out["entry2"], out["theme2"]))
    assert theme == {"pbb": "multilateralism", "aman": "security", "dagang": "culture"}  # a tie: by name


def test_cooccurrence_agrees_with_a_plain_count_on_the_sample():
    hits = tk.find_themes(tk.prepare(tk.load_sample()), "all")
    pairs = Counter()
    for _, group in hits[hits["weight"] > 0].groupby(["doc_id", "seg_id"]):
        pairs.update(itertools.combinations(sorted(set(group["entry"])), 2))
    out = tk.cooccurrence(hits)
    assert dict(zip(zip(out["entry1"], out["entry2"]), out["count"])) == dict(pairs)
    assert out["count"].is_monotonic_decreasing


def test_cooccurrence_of_no_hits_and_bad_arguments():
    hits = _hits()
    before = hits.copy()
    assert tk.cooccurrence(hits.iloc[0:0]).empty
    with pytest.raises(ValueError, match="unit="):
        tk.cooccurrence(hits, unit="sentence")
    with pytest.raises(ValueError, match="min_count=0"):
        tk.cooccurrence(hits, min_count=0)
    with pytest.raises(ColumnError, match="'seg_id'"):
        tk.cooccurrence(hits.drop(columns="seg_id"))
    assert len(tk.cooccurrence(hits.drop(columns="seg_id"), unit="document")) == 3
    pd.testing.assert_frame_equal(hits, before)
