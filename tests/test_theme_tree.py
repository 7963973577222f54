"""Tests for toolkit.theme_tree: top_theme, fold_themes, within_themes (worked out by hand)."""

from __future__ import annotations

import pandas as pd
import pytest

import toolkit as tk
import toolkit.lexicon
from toolkit.theme_tree import fold_themes, top_theme, within_themes


def test_top_theme_and_fold_themes_by_hand():
    assert [top_theme(t) for t in ("security/terrorism/isis", "security", "a_b/c")] == ["security", "security", "a_b"]
    themes = pd.Series(["security/terrorism/isis", None, "culture", "security/terrorism/isis"], index=[7, 8, 9, 10],
                       dtype="str")
    one = fold_themes(themes, 1)
    assert one.index.tolist() == [7, 8, 9, 10] and str(one.dtype) == "str"
    assert one.tolist()[::2] == ["security", "culture"] and one.isna().tolist() == [False, True, False, False]
    assert fold_themes(themes, 2).tolist()[0] == "security/terrorism"
    assert fold_themes(themes, 5).tolist()[0] == "security/terrorism/isis"  # deeper than the name: unchanged
    assert fold_themes(themes, None) is themes
    for level in (0, -1, 1.5, True, "1"):
        with pytest.raises(ValueError, match=f"level={level!r} is not allowed"):
            fold_themes(themes, level)


def test_within_themes_selects_a_theme_and_its_sub_themes_only():
    themes = pd.Series(["security", "security/police", "securityx", "sec", "culture/people", "culture"],
                       index=list("abcdef"), dtype="str")
    assert within_themes(themes, "security").tolist() == [True, True, False, False, False, False]
    assert within_themes(themes, "security/police").tolist() == [False, True, False, False, False, False]
    assert within_themes(themes, ["culture", "sec"]).tolist() == [False, False, False, True, True, True]
    assert within_themes(themes, []).tolist() == [False] * 6
    assert within_themes(themes, "culture").index.tolist() == list("abcdef")


def test_theme_options_share_one_tree_rule():
    """subset_lexicon(themes=), explain_themes(theme=), rank_by_hits(theme=) and kwic_themes(theme=) agree."""
    lex = tk.make_lexicon([{"theme": "security", "entry": "keamanan", "match": "word"},
                           {"theme": "security/police", "entry": "polisi", "match": "word"},
                           {"theme": "securityx", "entry": "aman", "match": "word"}])
    assert tk.subset_lexicon(lex, themes="security")["entry"].tolist() == ["keamanan", "polisi"]
    tokens = tk.prepare(pd.DataFrame({"doc_id": ["d"], "text": ["Keamanan, polisi, aman."]}))
    hits = tk.find_themes(tokens, lex)
    assert tk.explain_themes(hits, themes="security")["entry"].tolist() == ["keamanan", "polisi"]
    assert tk.rank_by_hits(hits, themes="security")["hits"].tolist() == [2]
    assert tk.kwic_themes(hits, tokens, themes="security")["entry"].tolist() == ["keamanan", "polisi"]


def test_the_tree_functions_are_still_importable_from_lexicon():
    assert (toolkit.lexicon.top_theme, toolkit.lexicon.fold_themes, toolkit.lexicon.within_themes) == (
        top_theme, fold_themes, within_themes)
