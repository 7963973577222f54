"""The theme engine: candidate spans and the pure overlap resolver, on tiny hand-made inputs.

Each rule of toolkit/data/lexicons/README.md ("How matching works", rules 2 to 4) has a case
below, ties included. A span is (row, n_tokens, entry, weight, top): ``entry`` is its place in
the lexicon (listed first = lower), ``top`` its top-level theme; the kept spans are worked out
by hand from the rules.
"""

from __future__ import annotations

import pandas as pd

import toolkit as tk
from toolkit._theme_engine import SPAN_COLUMNS, candidate_spans, resolve_overlaps


def _spans(*rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=list(SPAN_COLUMNS)).astype(
        {"row": "int64", "n_tokens": "int64", "entry": "int64", "weight": "float64", "top": object})


def _kept(spans: pd.DataFrame, **options) -> list[int]:
    return resolve_overlaps(spans, **options)["entry"].tolist()


# -- rule 2: the longest match wins, across all themes -------------------------------


def test_longest_match_wins_across_themes():
    # "Organisasi Kerja Sama Shanghai" (rows 0-3) against "kerja sama" (rows 1-2)
    assert _kept(_spans((0, 4, 0, 1, "multilateralism"), (1, 2, 1, 1, "cooperation"))) == [0]
    # listed the other way round: length, not order, decides
    assert _kept(_spans((1, 2, 0, 1, "cooperation"), (0, 4, 1, 1, "multilateralism"))) == [1]


def test_longest_match_wins_within_a_theme():
    assert _kept(_spans((0, 1, 0, 1, "security"), (0, 2, 1, 1, "security"))) == [1]


def test_a_shorter_match_that_touches_no_kept_one_stays():
    # "kerja sama" (0-1) and "keamanan" (2): no shared token, both kept whatever their themes
    assert _kept(_spans((0, 2, 0, 1, "cooperation"), (2, 1, 1, 1, "security"))) == [0, 1]


def test_tie_of_length_the_higher_weight_wins():
    # "keamanan siber" (0-1, weight 0.5) against "siber nasional" (1-2, weight 2): same length
    assert _kept(_spans((0, 2, 0, 0.5, "security"), (1, 2, 1, 2, "technology"))) == [1]


def test_tie_of_length_and_weight_the_entry_listed_first_wins():
    # the table lists the later entry first: the entry number decides, not the row of the table
    assert _kept(_spans((1, 2, 1, 1, "technology"), (0, 2, 0, 1, "security"))) == [0]
    assert _kept(_spans((0, 2, 1, 1, "security"), (1, 2, 0, 1, "technology"))) == [0]


def test_tie_within_one_entry_the_earlier_start_wins():
    # "a a" matched at rows 0, 1 and 2 of "a a a a": 0-1 kept, 1-2 blocked by it, 2-3 kept
    spans = _spans((1, 2, 0, 1, "t"), (0, 2, 0, 1, "t"), (2, 2, 0, 1, "t"))
    assert resolve_overlaps(spans)["row"].tolist() == [0, 2]


def test_a_dropped_match_blocks_nothing():
    # a (0-2) wins; b (2-3) shares row 2 with it and is dropped; c (3) shares a token only with b: kept
    assert _kept(_spans((0, 3, 0, 1, "a"), (2, 2, 1, 1, "b"), (3, 1, 2, 1, "c"))) == [0, 2]


# -- rule 3: the same span is shared by top-level themes, counted once within one ---------


def test_same_span_is_shared_across_top_level_themes():
    # 5G in connectivity and technology; Dewan Keamanan in security and multilateralism
    assert _kept(_spans((0, 1, 0, 1, "connectivity"), (0, 1, 1, 1, "technology"))) == [0, 1]
    assert _kept(_spans((3, 2, 0, 1, "security"), (3, 2, 1, 0.5, "multilateralism"))) == [0, 1]


def test_same_span_within_one_top_level_theme_counts_once():
    # security/military and security/border list the same phrase: the first listed
    assert _kept(_spans((0, 2, 0, 1, "security"), (0, 2, 1, 1, "security"))) == [0]
    # unless the later one weighs more
    assert _kept(_spans((0, 2, 0, 1, "security"), (0, 2, 1, 2, "security"))) == [1]


def test_within_one_theme_partial_overlaps_of_equal_length_keep_one():
    assert _kept(_spans((0, 2, 0, 1, "security"), (1, 2, 1, 1, "security"))) == [0]


# -- rule 4: exclusions claim their tokens against their own top-level theme ------------


def test_exclusion_stops_shorter_entries_of_its_own_theme_not_other_themes():
    # "keamanan penerbangan" (exclusion, security), "keamanan" (security), "penerbangan" (connectivity)
    spans = _spans((0, 2, 0, 0, "security"), (0, 1, 1, 1, "security"), (1, 1, 2, 1, "connectivity"))
    assert _kept(spans) == [2]
    assert _kept(spans, include_excluded=True) == [0, 2]


def test_exclusion_in_a_sub_theme_stops_its_top_level_theme():
    # security/food's exclusion "keamanan pangan" and security's "keamanan": both have top "security"
    assert _kept(_spans((5, 2, 1, 0, "security"), (5, 1, 0, 1, "security"))) == []


def test_exclusion_loses_to_a_longer_entry_of_its_own_theme():
    spans = _spans((0, 3, 0, 1, "security"), (1, 2, 1, 0, "security"))
    assert _kept(spans) == [0]
    assert _kept(spans, include_excluded=True) == [0]  # it never claimed its tokens


def test_exclusion_is_not_stopped_by_a_longer_match_of_another_theme():
    # "Dewan Keamanan PBB" (multilateralism, 0-2), the exclusion "dewan keamanan" (security, 0-1) and
    # security's "keamanan" (1): the exclusion still claims its tokens for security, so keamanan is stopped
    spans = _spans((0, 3, 0, 1, "multilateralism"), (0, 2, 1, 0, "security"), (1, 1, 2, 1, "security"))
    assert _kept(spans) == [0]
    assert _kept(spans, include_excluded=True) == [0, 1]


def test_exclusion_does_not_stop_a_shorter_match_of_another_theme():
    assert _kept(_spans((0, 2, 0, 0, "security"), (1, 1, 1, 1, "connectivity"))) == [1]


def test_resolver_keeps_input_order_and_does_not_modify_its_input():
    spans = _spans((4, 1, 3, 1, "c"), (0, 1, 0, 1, "a"), (0, 2, 1, 1, "b"))
    before = spans.copy()
    out = resolve_overlaps(spans)
    pd.testing.assert_frame_equal(spans, before)
    assert out["entry"].tolist() == [3, 1] and list(out.index) == [0, 1]
    assert list(resolve_overlaps(spans.iloc[:0]).columns) == list(SPAN_COLUMNS)


# -- candidates -----------------------------------------------------------------------


def _candidates(tokens, rows):
    spans = candidate_spans(tokens, tk.compile_lexicon(tk.make_lexicon(rows)))
    return sorted(zip(spans["entry"], spans["row"], spans["n_tokens"]))


def test_candidates_never_cross_segments_or_gaps():
    tokens = tk.prepare(pd.DataFrame({"doc_id": ["a"], "text": ["Kerja\n\nsama, kerja sama."]}))
    # rows: 0 kerja | 1 sama, 2 kerja, 3 sama: the phrase at row 2 only, not across the paragraph break
    assert _candidates(tokens, [{"theme": "c", "entry": "kerja sama", "match": "phrase"}]) == [(0, 2, 2)]
    # with row 2 removed, "sama" (1) and "sama" (3) are not next to each other, and nothing matches
    gap = tokens.drop(index=2).reset_index(drop=True)
    assert _candidates(gap, [{"theme": "c", "entry": "sama sama", "match": "phrase"}]) == []


def test_candidates_of_every_kind_before_overlaps():
    tokens = tk.prepare(pd.DataFrame({"doc_id": ["a"], "text": ["Keamanan kota aman; antiteror."]}))
    rows = [{"theme": "s", "entry": "aman", "match": "stem"},      # keamanan (0), aman (2)
            {"theme": "w", "entry": "aman", "match": "word"},      # aman (2)
            {"theme": "g", "entry": "anti*", "match": "glob"},     # antiteror (3)
            {"theme": "p", "entry": "kota =aman", "match": "phrase"}]  # kota aman (1-2)
    assert _candidates(tokens, rows) == [(0, 0, 1), (0, 2, 1), (1, 2, 1), (2, 3, 1), (3, 1, 2)]
