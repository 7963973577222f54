"""The coded sample of notebook 08 (data/validation/): readable, consistent with its data card, within limits."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

import toolkit as tk

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "data" / "validation"
THEMES = ["security", "connectivity", "multilateralism", "cooperation"]
#: Issue 9 allows at most 150 paragraphs of the development set in the project.
MAX_PARAGRAPHS = 150


def _raw_rows(name: str) -> list[dict]:
    """The sheet read with the csv module alone (an independent reading of the file)."""
    with (FOLDER / name).open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def docs():
    return tk.load_corpus(FOLDER / "articles.csv")


@pytest.mark.parametrize("name", ["coding-a.csv", "coding-b.csv"])
def test_sheets_read_back_and_cover_every_paragraph(docs, name):
    sheet = tk.read_coding_sheet(FOLDER / name)  # checks labels and text checksums
    paragraphs = tk.segment(docs)
    assert len(sheet) == len(paragraphs) <= MAX_PARAGRAPHS
    assert sorted(zip(sheet["doc_id"], sheet["seg_id"])) == sorted(zip(paragraphs["doc_id"], paragraphs["seg_id"]))
    merged = sheet.merge(paragraphs, on=["doc_id", "seg_id"], suffixes=("", "_corpus"))
    assert (merged["text"] == merged["text_corpus"]).all(), "a sheet's text differs from the article's paragraph"
    assert sheet[THEMES].notna().all().all(), "every paragraph is coded for every theme"


def test_card_counts_match_the_sheets():
    card = (FOLDER / "README.md").read_text(encoding="utf-8")
    rows = {name: _raw_rows(f"coding-{name}.csv") for name in ("a", "b")}
    for theme in THEMES:
        match = re.search(rf"^\| {theme} \| (\d+) \| (\d+) \|$", card, flags=re.M)
        assert match, f"the card's table lacks a row for {theme}"
        for name, column in (("a", 1), ("b", 2)):
            ones = sum(row[theme] == "1" for row in rows[name])
            assert int(match[column]) == ones, f"card says coder {name.upper()} coded {match[column]} {theme}, sheet {ones}"
    n_docs = len({row["doc_id"] for row in rows["a"]})
    assert f"{len(rows['a'])} coded paragraphs of {n_docs} news articles" in (ROOT / "data" / "README.md").read_text(
        encoding="utf-8")


def test_card_states_source_licence_and_tuning():
    card = (FOLDER / "README.md").read_text(encoding="utf-8")
    for phrase in ("CLICK-ID", "CC BY 4.0", "Tuned on these paragraphs", "Definitions"):
        assert phrase in card, f"the data card must state {phrase!r}"
    sources = {row["doc_id"].split("-")[0] for row in _raw_rows("coding-a.csv")}
    assert sources == {"clickid"}, f"only CLICK-ID articles (CC BY 4.0) may be shipped, found {sources}"
