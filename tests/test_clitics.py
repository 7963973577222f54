"""The clitic list (toolkit/data/clitics-id.csv): one list for the tokeniser and the stem overrides."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import toolkit as tk
from toolkit import _data
from toolkit._token_rules import split_hyphenated
from toolkit.errors import ResourceError
from toolkit.stemming import CLITICS
from toolkit.stemming.overrides import override_of


def test_the_shipped_file_read_with_the_csv_module():
    with open(_data.data_path("clitics-id.csv"), encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    # by hand: the possessive pronouns and the particles PySastrawi removes
    assert {r["clitic"]: r["kind"] for r in rows} == {
        "nya": "possessive", "ku": "possessive", "mu": "possessive",
        "lah": "particle", "kah": "particle", "tah": "particle", "pun": "particle"}
    assert set(CLITICS) == {r["clitic"] for r in rows}
    assert [len(c) for c in CLITICS] == sorted((len(c) for c in CLITICS), reverse=True)  # longest first


def test_the_card_counts_match_the_file():
    card = _data.data_path("clitics-id.md").read_text(encoding="utf-8")
    kinds = [r for r in csv.DictReader(open(_data.data_path("clitics-id.csv"), encoding="utf-8"))]
    possessive = sum(r["kind"] == "possessive" for r in kinds)
    assert f"{len(kinds)} clitics: {possessive} possessive, {len(kinds) - possessive} particle." in card


@pytest.mark.parametrize("clitic", ["nya", "ku", "mu", "lah", "kah", "tah", "pun"])
def test_tokeniser_and_overrides_take_every_clitic(clitic):
    word = f"dia-{clitic}"
    assert split_hyphenated(word) == ((0, len(word)),)  # one token, as dia-lah
    mapping = {"jakarta": "jakarta"}
    assert override_of(mapping, f"jakarta{clitic}") == "jakarta"


def test_a_hyphenated_clitic_stays_in_its_token_and_a_compound_splits():
    docs = pd.DataFrame({"doc_id": ["a"], "text": ["Dia-lah yang datang ke Tiongkok-Kazakhstan."]})
    tokens = tk.prepare(docs)["token"].astype(str).tolist()
    assert tokens == ["dia-lah", "yang", "datang", "ke", "tiongkok", "kazakhstan"]


@pytest.mark.parametrize("body, message", [
    ("clitic,kind\nNya,possessive\n", "line 2: clitic 'Nya' must be lower-case"),
    ("clitic,kind\nnya,pronoun\n", "line 2: kind 'pronoun' of 'nya' must be one of possessive, particle"),
    ("clitic,kind\nnya,possessive\nnya,possessive\n", "line 3: 'nya' repeats line 2"),
    ("clitic,note\nnya,x\n", "line 1: the clitic list lacks the column(s) kind"),
    ("clitic,kind\n,particle\n", "line 2: clitic '' must be lower-case"),
])
def test_a_malformed_list_names_the_line(tmp_path, body, message):
    path = tmp_path / "clitics.csv"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ResourceError, match=message.replace("(", r"\(").replace(")", r"\)")):
        _data.read_clitics(path)


def test_the_list_is_read_on_first_use_not_at_import():
    code = ("import toolkit, toolkit.stemming, toolkit._data as d\n"
            "assert d.clitics.cache_info().misses == 0, 'clitics read at import'\n"
            "assert toolkit.stemming.CLITICS[0] == 'nya' and d.clitics.cache_info().misses == 1\n")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(tk.__file__).parents[1])
