"""Tests for toolkit.reports (the summary): the top content stems, summarize, write_summary.

Expected figures come from hand counts or from an independent
collections.Counter computation over the tokens, never from the code itself.
The top content stems are tested in both spellings: the new
``tk.top_terms(tk.count_terms(tokens, by=[], forms=True), n=n)`` and the old
``top_content_stems`` (kept one release, with a FutureWarning).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

import toolkit as tk
from toolkit.errors import ColumnError
from toolkit.reports import summarize, top_content_stems, write_summary

# token, stem, is_stopword: a small hand-made tokens table
_ROWS = [
    ("keamanan", "aman", False),
    ("aman", "aman", False),
    ("aman", "aman", False),
    ("dan", "dan", True),
    ("dan", "dan", True),
    ("dan", "dan", True),
    ("dan", "dan", True),  # the most frequent stem, but a stop word
    ("kerja", "kerja", False),
    ("bekerja", "kerja", False),
    ("kerja", "kerja", False),
    ("negara", "negara", False),
    ("negara-negara", "negara", False),
    ("memerangi", "perang", False),
    ("perang", "perang", False),
    ("5g", "5g", False),  # a letter: kept
    ("5g", "5g", False),
    ("2019", "2019", False),  # numeric stems: left out
    ("2019", "2019", False),
    ("2019", "2019", False),
    ("2019", "2019", False),
    ("1.000", "1.000", False),
    ("dunia", "dunia", False),
    ("ke-70", "ke-70", False),
]


def _tokens(rows) -> pd.DataFrame:
    """A tokens table of ``rows`` (token, stem, is_stopword): one document, one paragraph."""
    table = pd.DataFrame(rows, columns=["token", "stem", "is_stopword"])
    return table.assign(doc_id="a", seg_id=0, position=range(len(table)))


@pytest.fixture
def tokens():
    return _tokens(_ROWS)


def old_spelling(tokens, **kwargs):
    with pytest.warns(FutureWarning, match=re.escape("is now tk.top_terms(tk.count_terms(tokens, by=[], forms=True)")):
        return top_content_stems(tokens, **kwargs)


def new_spelling(tokens, *, n=20):
    return tk.top_terms(tk.count_terms(tokens, by=[], forms=True), n=n)


#: The top content stems in both spellings; the new one names the stem column ``term``.
both_spellings = pytest.mark.parametrize("top_stems", [new_spelling, old_spelling], ids=["new", "old"])
COLUMNS = {new_spelling: ["term", "count", "tokens", "rate_per_1000", "rank", "forms"],
           old_spelling: ["rank", "stem", "count", "forms"]}


def counter_top(tokens: pd.DataFrame, n: int) -> list[tuple[int, str, int, str]]:
    """Independent reference: (rank, stem, count, forms) with collections.Counter."""
    content = [
        (t, s)
        for t, s, sw in zip(tokens["token"], tokens["stem"], tokens["is_stopword"])
        if not sw and any(ch.isalpha() for ch in s)
    ]
    counts = Counter(s for _, s in content)
    forms = {s: Counter(t for t, s2 in content if s2 == s) for s in counts}
    order = sorted(counts, key=lambda s: (-counts[s], s))
    if len(order) > n:
        cutoff = counts[order[n - 1]]
        order = [s for s in order if counts[s] >= cutoff]
    out = []
    for s in order:
        rank = 1 + sum(1 for c in counts.values() if c > counts[s])
        f = ", ".join(sorted(forms[s], key=lambda t: (-forms[s][t], t)))
        out.append((rank, s, counts[s], f))
    return out


def as_tuples(top: pd.DataFrame) -> list[tuple[int, str, int, str]]:
    stem = "stem" if "stem" in top.columns else "term"
    return [(int(r), s, int(c), f) for r, s, c, f in top[["rank", stem, "count", "forms"]].itertuples(index=False)]


@both_spellings
@pytest.mark.parametrize("n", [1, 2, 3, 5, 6, 7, 20])
def test_top_content_stems_matches_an_independent_counter(tokens, n, top_stems):
    assert as_tuples(top_stems(tokens, n=n)) == counter_top(tokens, n)


@both_spellings
def test_top_content_stems_by_hand(tokens, top_stems):
    top = top_stems(tokens, n=3)
    # aman 3 and kerja 3 tie at rank 1; the 3rd row has count 2, so every stem
    # with count 2 is kept (5g, negara, perang share rank 3); count-1 stems go.
    assert list(top.columns) == COLUMNS[top_stems]
    assert as_tuples(top) == [
        (1, "aman", 3, "aman, keamanan"),
        (1, "kerja", 3, "kerja, bekerja"),
        (3, "5g", 2, "5g"),
        (3, "negara", 2, "negara, negara-negara"),
        (3, "perang", 2, "memerangi, perang"),
    ]
    assert list(top.index) == list(range(5))


@both_spellings
def test_top_content_stems_excludes_stop_words_and_numeric_stems(tokens, top_stems):
    stems = {row[1] for row in as_tuples(top_stems(tokens, n=100))}
    assert "dan" not in stems
    assert "2019" not in stems and "1.000" not in stems
    assert {"5g", "ke-70", "dunia"} <= stems


@both_spellings
def test_top_content_stems_ties_with_the_nth_are_kept(tokens, top_stems):
    top = top_stems(tokens, n=1)
    assert [row[1] for row in as_tuples(top)] == ["aman", "kerja"]
    assert top["rank"].tolist() == [1, 1]


@both_spellings
def test_top_content_stems_all_stop_words_gives_an_empty_table(top_stems):
    top = top_stems(_tokens([("dan", "dan", True), ("yang", "yang", True)]), n=5)
    assert len(top) == 0
    assert list(top.columns) == COLUMNS[top_stems]


@both_spellings
def test_top_content_stems_does_not_mutate_input(tokens, top_stems):
    before = tokens.copy(deep=True)
    top_stems(tokens, n=3)
    pd.testing.assert_frame_equal(tokens, before)


@both_spellings
@pytest.mark.parametrize("n", [0, -1, 2.5, "3", None])
def test_top_content_stems_bad_n_names_n(tokens, n, top_stems):
    with pytest.raises(ValueError, match=re.escape(f"n={n!r}")):
        top_stems(tokens, n=n)


@both_spellings
def test_top_content_stems_missing_column_lists_the_columns(top_stems):
    t = pd.DataFrame({"token": ["a"], "stem": ["a"]})
    with pytest.raises(ColumnError, match=r"is_stopword.*token.*stem"):
        top_stems(t)


def test_top_content_stems_still_takes_a_table_of_token_stem_and_is_stopword_only(tokens):
    top = old_spelling(tokens[["token", "stem", "is_stopword"]], n=3)
    assert as_tuples(top) == counter_top(tokens, 3)


@pytest.mark.parametrize("include_numbers", [False, True])
def test_old_name_warns_and_equals_the_new_spelling(include_numbers):
    tokens = tk.prepare(tk.load_sample())
    with pytest.warns(FutureWarning, match=r"top_content_stems\(tokens, n=n\) is now tk\.top_terms\(tk\.count_terms\("):
        old = top_content_stems(tokens, n=12, include_numbers=include_numbers)
    new = tk.top_terms(tk.count_terms(tokens, by=[], include_numbers=include_numbers, forms=True), n=12)
    assert len(new) >= 12
    pd.testing.assert_frame_equal(old, new[["rank", "term", "count", "forms"]].rename(columns={"term": "stem"}))


# --------------------------------------------------------------------------
# summarize
# --------------------------------------------------------------------------


def test_summarize_on_a_hand_made_tokens_table():
    docs = pd.DataFrame({"doc_id": ["a", "b", "c", "d"], "text": ["x", "", "  \n", None]})
    tokens = pd.DataFrame(
        [
            ("a", 0, "kedua", "dua", True),
            ("a", 0, "negara", "negara", False),
            ("a", 1, "negara", "negara", False),
            ("a", 1, "keamanan", "aman", False),
            ("a", 2, "aman", "aman", False),
            ("a", 2, "dan", "dan", True),
        ],
        columns=["doc_id", "seg_id", "token", "stem", "is_stopword"],
    )
    figures = summarize(docs, tokens)
    assert figures == {
        "documents": 4,
        "empty_documents": 3,  # "", whitespace, None
        "segments": 3,  # (a,0), (a,1), (a,2)
        "tokens": 6,
        "content_tokens": 4,
        "distinct_tokens": 5,  # kedua negara keamanan aman dan
        "distinct_stems": 4,  # dua negara aman dan
    }


def test_summarize_on_a_tiny_prepared_corpus():
    from toolkit import prepare

    docs = pd.DataFrame(
        {"doc_id": ["a", "b"], "text": ["Kedua negara memperkuat kerja sama keamanan.\n\nNegara itu aman.", ""]}
    )
    figures = summarize(docs, prepare(docs))
    # by hand: kedua negara memperkuat kerja sama keamanan | negara itu aman
    # stop words: kedua, kerja, sama, itu; stems: dua negara kuat kerja sama aman itu
    assert figures["documents"] == 2
    assert figures["empty_documents"] == 1
    assert figures["segments"] == 2
    assert figures["tokens"] == 9
    assert figures["content_tokens"] == 5
    assert figures["distinct_tokens"] == 8
    assert figures["distinct_stems"] == 7
    assert all(type(v) is int for v in figures.values())


# --------------------------------------------------------------------------
# write_summary
# --------------------------------------------------------------------------


@pytest.fixture
def tiny_docs():
    return pd.DataFrame(
        {"doc_id": ["a", "b"], "text": ["Kedua negara memperkuat kerja sama keamanan.\n\nNegara itu aman.", ""]}
    )


def test_write_summary_writes_three_files(tmp_path, tiny_docs):
    out = tmp_path / "laporan" / "baru"  # created, parents too
    result = write_summary(tiny_docs, out, n=5, title="Uji kecil")

    paths = {k: Path(v) for k, v in result["paths"].items()}
    assert paths == {"summary": out / "summary.md", "top_stems": out / "top_stems.csv", "themes": out / "themes.csv"}
    assert sorted(p.name for p in out.iterdir()) == ["summary.md", "themes.csv", "top_stems.csv"]  # no tokens.csv

    md = paths["summary"].read_text(encoding="utf-8")
    assert md.startswith("# Uji kecil\n")
    assert "- documents: 2 (1 empty)" in md
    assert "- paragraphs: 2" in md
    assert "- tokens: 9 (5 not stop words)" in md
    assert "| 1 | aman | 2 | aman, keamanan |" in md


def test_write_summary_writes_the_tokens_table_only_when_asked(tmp_path, tiny_docs):
    result = write_summary(tiny_docs, tmp_path, tokens=True)
    assert result["paths"]["tokens"] == str(tmp_path / "tokens.csv")
    tokens_csv = pd.read_csv(tmp_path / "tokens.csv", keep_default_na=False)
    assert tokens_csv["token"].tolist() == [
        "kedua", "negara", "memperkuat", "kerja", "sama", "keamanan", "negara", "itu", "aman",
    ]


def test_write_summary_top_stems_csv_round_trips(tmp_path, tiny_docs):
    result = write_summary(tiny_docs, tmp_path, n=5)
    back = pd.read_csv(tmp_path / "top_stems.csv", keep_default_na=False)
    assert as_tuples(back) == as_tuples(result["top"])
    # by hand: aman 2 (aman, keamanan), negara 2, kuat 1
    assert as_tuples(back) == [(1, "aman", 2, "aman, keamanan"), (1, "negara", 2, "negara"), (3, "kuat", 1, "memperkuat")]


# Worked by hand. Document a, four blank-line paragraphs:
#   0 "Kedua negara memperkuat kerja sama keamanan."  kedua negara memperkuat kerja sama keamanan (6 tokens)
#     cooperation "kerja sama" (weight 1), security "keamanan" (weight 1)
#   1 "***"                                           no word: not a paragraph of the tokens table
#   2 "Pelabuhan baru dibuka 2019."                    pelabuhan baru dibuka 2019 (4 tokens)
#     connectivity "pelabuhan" (weight 1)
#   3 "Cuaca cerah hari ini."                          cuaca cerah hari ini (4 tokens), no theme
# Document b is empty. Tokens 6 + 4 + 4 = 14; paragraphs with a word: 3.
# Each theme with one hit: 1 / 14 x 1,000 = 71.43 per 1,000 tokens; a weight-1 entry makes its
# paragraph present (score 1 >= 1): 1 of 3 paragraphs. Multilateralism: 0 hits, 0 of 3.
THEMES_DOCS = pd.DataFrame({"doc_id": ["a", "b"], "text": [
    "Kedua negara memperkuat kerja sama keamanan.\n\n***\n\nPelabuhan baru dibuka 2019.\n\nCuaca cerah hari ini.",
    ""]})


def test_write_summary_themes_by_hand(tmp_path):
    result = write_summary(THEMES_DOCS, tmp_path)
    themes = pd.read_csv(tmp_path / "themes.csv")
    assert themes.columns.tolist() == ["theme", "hits", "tokens", "rate_per_1000", "segments", "segments_present",
                                       "present_share"]
    assert themes[["theme", "hits", "tokens", "segments", "segments_present"]].values.tolist() == [
        ["connectivity", 1, 14, 3, 1], ["cooperation", 1, 14, 3, 1], ["multilateralism", 0, 14, 3, 0],
        ["security", 1, 14, 3, 1]]
    assert themes["rate_per_1000"].round(2).tolist() == [71.43, 71.43, 0.0, 71.43]
    assert themes["present_share"].round(4).tolist() == [0.3333, 0.3333, 0.0, 0.3333]
    pd.testing.assert_frame_equal(result["themes"], themes, check_dtype=False)
    md = (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert "- paragraphs: 3 (with at least one word)" in md  # "***" holds no word
    assert "| security | 1 | 71.4 | 1 of 3 | 33.3% |" in md
    assert "| multilateralism | 0 | 0.0 | 0 of 3 | 0.0% |" in md
    assert "2019" not in set(result["top"]["stem"])  # numbers left out of the top stems


def test_write_summary_does_not_mutate_docs(tmp_path, tiny_docs):
    before = tiny_docs.copy(deep=True)
    write_summary(tiny_docs, tmp_path)
    pd.testing.assert_frame_equal(tiny_docs, before)


@pytest.mark.parametrize("old, names", [("report", ["summarize", "top_content_stems", "write_summary"]),
                                        ("batch", ["write_report", "DEFAULT_LEXICONS"])])
def test_old_module_names_still_work_with_a_future_warning(old, names):
    import importlib
    import sys

    import toolkit.reports as reports

    sys.modules.pop(f"toolkit.{old}", None)
    with pytest.warns(FutureWarning, match=f"toolkit.{old} is now toolkit.reports"):
        module = importlib.import_module(f"toolkit.{old}")
    assert all(getattr(module, name) is getattr(reports, name) for name in names)


def test_write_summary_by_is_now_unit(tmp_path):
    import toolkit as tk

    with pytest.warns(FutureWarning, match="by= is now unit="):
        old = write_summary(tk.load_sample(), tmp_path / "a", by="sentence")
    new = write_summary(tk.load_sample(), tmp_path / "b", unit="sentence")
    assert old["segments"] == new["segments"] > 13  # sentences, not the 13 paragraphs
    assert "- sentences: " in (tmp_path / "b" / "summary.md").read_text(encoding="utf-8")
