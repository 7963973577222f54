"""Lexicon input that must never be silently wrong: missing cells, weights, hanging patterns, round trips."""

from __future__ import annotations

import io
import math
import multiprocessing

import numpy as np
import pandas as pd
import pytest

import toolkit as tk
from toolkit.errors import RegexTimeoutError, ResourceError
from toolkit.lexicon import LEXICON_COLUMNS, MAX_WEIGHT


# -- missing cells --------------------------------------------------------------------
def test_missing_theme_or_entry_read_with_pandas_is_an_error_naming_row_and_field():
    text = "theme,entry,match,gloss_en\nmaritime,nelayan,stem,fishermen\n,laut,stem,sea\n"
    table = pd.read_csv(io.StringIO(text))  # the empty cell becomes NaN
    with pytest.raises(ResourceError, match=r"'maritime' row: line 2: field 'theme' is missing \(None or NaN\)"):
        tk.make_lexicon(table, name="maritime")
    table = pd.read_csv(io.StringIO("theme,entry\nmaritime,NA\n"))  # pandas reads the word NA as NaN
    with pytest.raises(ResourceError, match=r"line 1: field 'entry' is missing .*tk.load_lexicon\(path\)"):
        tk.make_lexicon(table, name="maritime")
    with pytest.raises(ResourceError, match=r"line 2: field 'entry' is missing"):
        tk.make_lexicon(pd.DataFrame({"theme": ["maritime", "maritime"], "entry": ["laut", None]}), name="maritime")


def test_missing_optional_cells_take_the_default_never_the_text_nan():
    table = pd.DataFrame({"theme": ["maritime"], "entry": ["nelayan"], "match": [np.nan], "weight": [np.nan],
                          "gloss_en": [np.nan], "note": [None], "requires": [np.nan], "forbids": [None],
                          "window": [np.nan]})
    row = tk.make_lexicon(table).iloc[0]
    assert [row[c] for c in LEXICON_COLUMNS] == ["maritime", "nelayan", "stem", 1.0, "", "", "", "", "segment"]


# -- weights ----------------------------------------------------------------------------
@pytest.mark.parametrize("weight", [math.inf, -math.inf, -0.5, MAX_WEIGHT + 1, True, "1e999", "nan"])
def test_weight_must_be_a_finite_number_within_range(weight):
    with pytest.raises(ResourceError, match=r"line 1: field 'weight' is .*use a number from 0 to 10"):
        tk.make_lexicon([{"theme": "maritime", "entry": "laut", "weight": weight}])


@pytest.mark.parametrize("field, value, message", [
    ("weight", math.inf, r"field 'weight' is inf"),
    ("weight", np.nan, r"field 'weight' is nan"),
    ("weight", 11, r"field 'weight' is 11"),
    ("entry", None, r"field 'entry' is nan"),  # a str column stores None as NaN
    ("theme", np.nan, r"field 'theme' is nan"),
    ("match", "fuzzy", r"field 'match' is 'fuzzy'"),
])
def test_a_table_edited_by_hand_is_checked_before_matching(field, value, message):
    lex = tk.make_lexicon([{"theme": "maritime", "entry": "laut"}, {"theme": "maritime", "entry": "nelayan"}],
                          name="mine")
    lex.loc[1, field] = value
    tokens = tk.prepare(pd.DataFrame({"doc_id": ["a"], "text": ["Nelayan melaut."]}))
    with pytest.raises(ResourceError, match="mine line 2: " + message):
        tk.find_themes(tokens, lex)


# -- patterns that backtrack catastrophically -------------------------------------------
def _within(seconds: float, fn):
    """fn() in a forked child, so that a hang fails the test instead of blocking it."""
    if "fork" not in multiprocessing.get_all_start_methods():  # pragma: no cover - Windows
        return fn()
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()

    def target():
        try:
            queue.put(fn())
        except RegexTimeoutError as exc:
            queue.put(("RegexTimeoutError", str(exc), exc.entry, exc.where))

    child = ctx.Process(target=target)
    child.start()
    child.join(seconds)
    if child.is_alive():
        child.kill()
        child.join()
        pytest.fail(f"find_themes was still running after {seconds} s: the pattern hangs the analysis")
    return queue.get(timeout=5)


LONG_RUN = "a" * 60 + "b"  # 2**60 ways for (a+)+ to split the run before it fails at b


def _hits(pattern: str):
    tokens = tk.prepare(pd.DataFrame({"doc_id": ["d"], "text": [f"{LONG_RUN} aaaa"]}))
    lex = tk.make_lexicon([{"theme": "test", "entry": pattern, "match": "regex"}], name="patterns")
    return lambda: tk.find_themes(tokens, lex)["matched_text"].tolist()


def test_nested_quantifier_finishes_and_matches_correctly():
    assert _within(30, _hits(r"(a+)+$")) == ["aaaa"]


def test_a_pattern_that_would_hang_raises_a_named_error_quickly():
    result = _within(30, _hits(r"(a|aa)+$"))
    assert result[0] == "RegexTimeoutError"
    message, entry, where = result[1:]
    assert entry == "(a|aa)+$" and where == "patterns line 1"
    assert message.startswith("patterns line 1: the regex entry '(a|aa)+$' of theme 'test' took more than 0.5 s")
    assert LONG_RUN[:60] in message


def test_a_hanging_pattern_among_others_is_the_one_named():
    tokens = tk.prepare(pd.DataFrame({"doc_id": ["d"], "text": [f"internetnya {LONG_RUN}"]}))
    lex = tk.make_lexicon([{"theme": "test", "entry": "internet(nya)?", "match": "regex"},
                           {"theme": "test", "entry": "(a|aa)+$", "match": "regex"}], name="patterns")
    result = _within(30, lambda: tk.find_themes(tokens, lex)["matched_text"].tolist())
    assert result[0] == "RegexTimeoutError" and result[2:] == ("(a|aa)+$", "patterns line 2")


def test_patterns_tried_together_or_alone_match_as_each_alone():
    """Entries with group references or inline flags are tried alone; the others first as one alternation."""
    text = "Internetnya antiteroris kontrateror aa ab COP-26 Bb xyzzy"
    lex = tk.make_lexicon([
        {"theme": "t", "entry": "internet(nya)?", "match": "regex"},
        {"theme": "t", "entry": "(anti|kontra)teror(is|isme)?", "match": "regex"},
        {"theme": "t", "entry": "cop-?[0-9]{1,2}", "match": "regex"},
        {"theme": "t", "entry": r"(\w)\1", "match": "regex"},  # a back-reference: a doubled letter
        {"theme": "u", "entry": "(?-i:b)b", "match": "regex"},  # scoped flag: a lower-case b first
        {"theme": "t", "entry": "xy*y", "match": "glob"},
    ])
    hits = tk.find_themes(tk.prepare(pd.DataFrame({"doc_id": ["d"], "text": [text]})), lex)
    # by hand; tokens are lower-cased, so "Bb" is "bb" (a hit in t and one in u); "COP-26" is one token
    assert list(zip(hits["matched_text"], hits["entry"])) == [
        ("Internetnya", "internet(nya)?"), ("antiteroris", "(anti|kontra)teror(is|isme)?"),
        ("kontrateror", "(anti|kontra)teror(is|isme)?"), ("aa", r"(\w)\1"), ("COP-26", "cop-?[0-9]{1,2}"),
        ("Bb", r"(\w)\1"), ("Bb", "(?-i:b)b"), ("xyzzy", "xy*y")]


# -- round trip ------------------------------------------------------------------------
ENTRIES = [
    {"theme": "maritime", "entry": "nelayan", "gloss_en": "fishermen, small-scale"},
    {"theme": "maritime", "entry": "ikan", "match": "word", "gloss_en": 'fish ("ikan")'},
    {"theme": "maritime", "entry": "ikan asin", "match": "phrase", "weight": 0, "note": "salted fish: food"},
    {"theme": "maritime", "entry": "Laut China Selatan", "match": "phrase", "gloss_en": "South China Sea"},
    {"theme": "maritime/security", "entry": "antiteror*", "match": "glob", "weight": 0.5, "requires": "kapal"},
    {"theme": "maritime/digital", "entry": "internet(nya)?", "match": "regex", "window": 3},
]
TEXT = "Nelayan menangkap ikan di Laut China Selatan, bukan ikan asin. Kapal antiterorisme memakai internetnya."


def _check_round_trip(loaded: pd.DataFrame, made: pd.DataFrame, tokens: pd.DataFrame):
    assert loaded[list(LEXICON_COLUMNS)].equals(made[list(LEXICON_COLUMNS)])
    assert loaded["lexicon"].tolist() == ["maritime"] * 6
    hits = tk.find_themes(tokens, loaded)
    pd.testing.assert_frame_equal(hits, tk.find_themes(tokens, made))
    # worked out by hand: "ikan asin" (an exclusion) stops the second "ikan"
    assert list(zip(hits["position"], hits["matched_text"])) == [
        (0, "Nelayan"), (2, "ikan"), (4, "Laut China Selatan"), (11, "antiterorisme"), (13, "internetnya")]


def test_make_save_load_round_trip_gives_the_same_hits(tmp_path):
    made = tk.make_lexicon(ENTRIES, name="maritime")
    tokens = tk.prepare(pd.DataFrame({"doc_id": ["a"], "text": [TEXT]}))
    path = tk.save_lexicon(made, tmp_path / "maritime.csv")
    assert path.read_text(encoding="utf-8").splitlines()[0] == ",".join(LEXICON_COLUMNS)
    _check_round_trip(tk.load_lexicon(path), made, tokens)


def test_a_lexicon_saved_with_to_csv_loads_again(tmp_path):
    made = tk.make_lexicon(ENTRIES, name="maritime")
    tokens = tk.prepare(pd.DataFrame({"doc_id": ["a"], "text": [TEXT]}))
    path = tmp_path / "maritime.csv"
    made.to_csv(path)  # with the index and the lexicon and line columns
    _check_round_trip(tk.load_lexicon(path), made, tokens)
    again = tk.make_lexicon(pd.read_csv(path), name="maritime")  # empty cells read back as NaN
    _check_round_trip(again, made, tokens)
