"""dispersion: hits, first and last position and rank of each theme (or entry), checked against a hand-made table."""

from __future__ import annotations

import pandas as pd
import pytest

import toolkit as tk
from toolkit.errors import ColumnError


def _hits() -> pd.DataFrame:
    """Document a: cooperation at 0 and 7, security at 2 and 9, terrorism (a sub-theme of security) at 5, an
    exclusion (weight 0) at 3; document b: security at 4."""
    return pd.DataFrame({
        "doc_id": ["a", "a", "a", "a", "a", "a", "b"],
        "seg_id": [0, 0, 0, 1, 1, 1, 0],
        "position": [7, 0, 2, 3, 5, 9, 4],
        "theme": ["cooperation", "cooperation", "security", "economy", "security/terrorism", "security", "security"],
        "entry": ["kerja sama", "kerja sama", "keamanan", "ekonomi", "terorisme", "keamanan", "keamanan"],
        "weight": [1.0, 1.0, 1.0, 0.0, 1.0, 1.0, 1.0],
    })


def test_dispersion_by_theme_equals_the_table_by_hand():
    out = tk.dispersion(_hits())
    want = pd.DataFrame({
        "doc_id": ["a", "a", "b"],
        "theme": pd.Series(["cooperation", "security", "security"], dtype="str"),
        "hits": [2, 3, 1],          # security folds in terrorism; the exclusion does not count
        "first": [0, 2, 4],
        "last": [7, 9, 4],
        "rank": [2, 1, 1],          # most hits first, within each document
    })
    pd.testing.assert_frame_equal(out, want)


def test_dispersion_by_entry_keeps_entries_in_the_order_they_first_occur():
    out = tk.dispersion(_hits(), item="entry", level=None)
    a = out[out["doc_id"] == "a"]
    assert list(zip(a["theme"], a["entry"])) == [("cooperation", "kerja sama"), ("security", "keamanan"),
                                                 ("security/terrorism", "terorisme")]
    assert a["hits"].tolist() == [2, 2, 1] and a["first"].tolist() == [0, 2, 5] and a["last"].tolist() == [7, 9, 5]
    # kerja sama and keamanan tie at two hits: the earlier first hit (position 0) ranks first
    assert a["rank"].tolist() == [1, 2, 3]


def test_dispersion_ties_on_hits_and_first_position_go_to_the_row_listed_first():
    hits = pd.DataFrame({"doc_id": ["a", "a"], "position": [3, 3], "theme": ["security", "economy"],
                         "entry": ["x", "y"], "weight": [1.0, 1.0]})
    out = tk.dispersion(hits)
    assert out["theme"].tolist() == ["economy", "security"] and out["rank"].tolist() == [1, 2]


def test_dispersion_keeps_only_the_themes_named_in_their_order():
    out = tk.dispersion(_hits(), themes=["security", "cooperation", "culture"])
    assert list(zip(out["doc_id"], out["theme"])) == [("a", "security"), ("a", "cooperation"), ("b", "security")]
    assert "culture" not in set(out["theme"])  # a theme without hits has no row
    assert tk.dispersion(_hits(), themes="cooperation")["hits"].tolist() == [2]


def test_dispersion_of_no_hits_and_bad_arguments():
    hits = _hits()
    before = hits.copy()
    empty = tk.dispersion(hits.iloc[0:0])
    assert empty.empty and list(empty.columns) == ["doc_id", "theme", "hits", "first", "last", "rank"]
    with pytest.raises(ValueError, match="item="):
        tk.dispersion(hits, item="word")
    with pytest.raises(ValueError, match="level=0"):
        tk.dispersion(hits, level=0)
    with pytest.raises(ColumnError, match="'entry'"):
        tk.dispersion(hits.drop(columns="entry"), item="entry")
    pd.testing.assert_frame_equal(hits, before)


def test_dispersion_agrees_with_the_hits_of_find_themes():
    tokens = tk.prepare(tk.load_sample())
    hits = tk.find_themes(tokens, "all")
    out = tk.dispersion(hits, item="entry")
    counted = hits[hits["weight"] > 0]
    assert out["hits"].sum() == len(counted)
    first = counted.groupby("entry")["position"].min()
    assert all(out.loc[out["entry"] == e, "first"].min() == first[e] for e in first.index)
