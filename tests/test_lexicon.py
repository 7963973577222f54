"""Theme lexicons as data: the shipped files, validation errors, combining and subsetting."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

import toolkit as tk
from toolkit.errors import ResourceError

NAMES = ["security", "connectivity", "multilateralism", "cooperation", "economy", "sovereignty", "culture", "technology"]


def test_shipped_lexicons_are_listed_with_cards():
    listed = tk.list_lexicons().set_index("name")
    assert set(NAMES) <= set(listed.index)
    for name in NAMES:
        assert listed.loc[name, "entries"] >= 30, name
        card = Path(listed.loc[name, "card"])
        assert card.is_file(), card
        text = card.read_text(encoding="utf-8")
        for heading in ("Scope", "leaves out", "mbiguit", "Sources", "Measured", "Change log"):
            assert heading.lower() in text.lower(), (name, heading)


@pytest.mark.parametrize("name", NAMES)
def test_shipped_lexicon_is_valid_and_compiles(name):
    lex = tk.load_lexicon(name)
    assert lex["theme"].map(lambda t: t == name or t.startswith(name + "/")).all()
    assert (lex["gloss_en"].str.len() > 0).all(), "every entry needs an English gloss"
    compiled = tk.compile_lexicon(lex)
    assert len(compiled) == len(lex)


def test_issue_terms_are_covered():
    lex = tk.load_lexicon("all")
    entries = {(t.split("/")[0], e.lower()) for t, e in zip(lex["theme"], lex["entry"])}
    required = {
        "security": ["keamanan", "pertahanan", "militer", "terorisme", "ekstremisme", "separatisme",
                     "tiga kekuatan jahat", "radikalisme", "ancaman", "intelijen", "siber"],
        "connectivity": ["konektivitas", "infrastruktur", "jalur sutra", "jalur sutera", "sabuk ekonomi jalur sutra",
                         "belt and road", "sabuk dan jalan", "jalur terang", "pelabuhan", "bandara", "kereta",
                         "jalan tol", "logistik", "koridor", "5g"],
        "multilateralism": ["multilateral", "multilateralisme", "tata kelola global", "kerja sama regional", "sco",
                            "shanghai cooperation organization", "organisasi kerja sama shanghai",
                            "konferensi tentang tindakan membangun interaksi dan keyakinan di asia", "pbb", "asean",
                            "g20", "apec", "ekonomi dunia yang terbuka"],
        "cooperation": ["kerja sama", "kerjasama", "kemitraan", "kemitraan strategis", "hubungan bilateral",
                        "perjanjian", "kunjungan kenegaraan"],
    }
    missing = []
    for theme, terms in required.items():
        for term in terms:
            plain = {(t, re.sub(r"(^|\s)=", r"\1", e)) for t, e in entries}
            if (theme, term) not in plain:
                missing.append((theme, term))
    assert missing == []


def test_load_by_path_list_and_all(tmp_path):
    path = tmp_path / "maritime.csv"
    path.write_text("theme,entry,match,weight,gloss_en,note\nmaritime,nelayan,stem,,fishermen,\n"
                    "maritime,Laut China Selatan,phrase,1.5,South China Sea,\n", encoding="utf-8")
    lex = tk.load_lexicon(path)
    assert lex[["theme", "entry", "match", "weight", "line"]].values.tolist() == [
        ["maritime", "nelayan", "stem", 1.0, 2], ["maritime", "Laut China Selatan", "phrase", 1.5, 3]]
    both = tk.load_lexicon(["security", path])
    assert set(both["lexicon"]) == {"security", "maritime"}
    assert len(tk.load_lexicon("all")) == sum(len(tk.load_lexicon(n)) for n in tk.list_lexicons()["name"])


@pytest.mark.parametrize(
    "body, message",
    [
        ("theme,entry\nSecurity,keamanan\n", r"line 2: field 'theme' is 'Security'"),
        ("theme,entry\nsecurity,\n", r"line 2: field 'entry' is empty"),
        ("theme,entry,match\nsecurity,keamanan,fuzzy\n", r"line 2: field 'match' is 'fuzzy'; allowed: stem, word"),
        ("theme,entry,weight\nsecurity,keamanan,-1\n", r"line 2: field 'weight' is '-1'"),
        ("theme,entry,weight\nsecurity,keamanan,banyak\n", r"line 2: field 'weight' is 'banyak'"),
        ("theme,entry,match\nsecurity,kerja sama,stem\n", r"line 2: field 'entry' is 'kerja sama': match='stem' takes one word"),
        ("theme,entry,match\nsecurity,keamanan,phrase\n", r"line 2: .*a phrase needs two or more words"),
        ("theme,entry,match\nsecurity,[unclosed,regex\n", r"line 2: field 'entry' is not a valid regular expression"),
        ("theme,entry\nsecurity,keamanan\nsecurity,Keamanan\n", r"line 3: entry 'Keamanan' \(stem\) is already listed .* at line 2"),
        ("theme,entri\nsecurity,keamanan\n", r"line 1: the lexicon lacks the column\(s\) entry"),
        ("theme,entry,colour\nsecurity,keamanan,red\n", r"line 1: unknown column\(s\) colour"),
        ("theme,entry\nsecurity,keamanan,extra\n", r"line 2: more fields than the header"),
        ("theme,entry,\nsecurity,keamanan,x\n", r"line 1: a column has no name; only the first column may"),
        ("", r"the lexicon is empty"),
    ],
)
def test_malformed_lexicon_errors_name_file_line_and_field(tmp_path, body, message):
    path = tmp_path / "bad.csv"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ResourceError, match=message) as info:
        tk.load_lexicon(path)
    assert "bad.csv" in str(info.value)


def test_unknown_name_lists_the_shipped_ones():
    with pytest.raises(ResourceError, match=r"No lexicon named 'securty'.*security"):
        tk.load_lexicon("securty")


def test_make_combine_subset():
    mine = tk.make_lexicon(pd.DataFrame({"theme": ["maritime", "maritime/fishing"], "entry": ["laut", "nelayan"],
                                         "weight": [None, 0.5]}))
    assert mine["weight"].tolist() == [1.0, 0.5]
    assert mine["match"].tolist() == ["stem", "stem"]
    with pytest.raises(ResourceError, match=r"row: line 2: field 'theme' is 'Maritime'"):
        tk.make_lexicon([{"theme": "maritime", "entry": "laut"}, {"theme": "Maritime", "entry": "x"}])
    combined = tk.combine_lexicons(tk.load_lexicon("security"), mine)
    assert len(combined) == len(tk.load_lexicon("security")) + 2
    with pytest.raises(ResourceError, match="listed twice"):
        tk.combine_lexicons(mine, mine)
    assert tk.subset_lexicon(combined, themes="maritime")["entry"].tolist() == ["laut", "nelayan"]
    assert tk.subset_lexicon(combined, themes=["maritime/fishing"])["entry"].tolist() == ["nelayan"]
    assert (tk.subset_lexicon(combined, min_weight=0.01)["weight"] > 0).all()
    assert set(tk.subset_lexicon(combined, matches=["phrase"])["match"]) == {"phrase"}
    with pytest.raises(ValueError, match="'fuzzy'"):
        tk.subset_lexicon(combined, matches=["fuzzy"])


def test_context_dependent_keamanan_in_the_shipped_lexicons():
    """keamanan is security, except flight or data safety (exclusions); aman (safe) alone is not."""
    docs = pd.DataFrame({"doc_id": ["flight", "data", "border", "safe"], "text": [
        "Keamanan penerbangan ditingkatkan di bandara.",
        "Pemerintah menjamin keamanan data pribadi warga.",
        "Tentara menjaga keamanan perbatasan.",
        "Situasi di kota itu aman terkendali.",
    ]})
    hits = tk.find_themes(tk.prepare(docs), "all")
    top = hits.assign(top=hits["theme"].str.split("/").str[0]).groupby("doc_id")["top"].agg(set)
    assert "security" not in top["flight"] and "connectivity" in top["flight"]
    assert "security" not in top["data"] and "technology" in top["data"]
    assert "security" in top["border"]
    assert "safe" not in top.index


@pytest.mark.parametrize("name", ["security", "connectivity", "multilateralism", "cooperation",
                                  "economy", "sovereignty", "culture", "technology"])
def test_card_counts_match_the_lexicon_file(name):
    """The Counts section of each card and the README table are counted from the CSV, read here with the csv module."""
    import csv

    folder = Path(tk.__file__).parent / "data" / "lexicons"
    with (folder / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(line for line in handle if not line.startswith("#"))]
    weights = [float(r["weight"]) if r.get("weight") else 1.0 for r in rows]
    total, excluded = len(rows), sum(w == 0 for w in weights)
    weak = sum(0 < w < 1 for w in weights)
    card = (folder / f"{name}.md").read_text(encoding="utf-8")
    if "## Counts" in card:
        assert f"| **total** | **{total}** | **{excluded}** | **{weak}** |" in card, f"{name}.md: Counts table is stale"
        for kind in ("stem", "word", "phrase", "regex"):
            n = sum(r["match"] == kind for r in rows)
            assert re.search(rf"^\| `{kind}` \| {n} \|$", card, flags=re.M), f"{name}.md: {kind} count is not {n}"
    table = (folder / "README.md").read_text(encoding="utf-8")
    row = re.search(rf"^\| `{name}` \| [^|]+ \| (\d+) \| (\d+) \| (\d+) \|", table, flags=re.M)
    assert row and tuple(map(int, row.groups())) == (total, excluded, weak), f"README.md row of {name} is stale"


# -- describe_lexicon -------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_describe_lexicon_counts_what_the_csv_module_counts(name):
    """Per theme and in total, against the CSV file read with the csv module and collections.Counter; the total
    also against the row of the lexicons' README (entries, exclusions, weak, rules, stem, word, phrase, glob, regex)."""
    import csv
    from collections import Counter

    folder = Path(tk.__file__).parent / "data" / "lexicons"
    with (folder / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(line for line in handle if not line.startswith("#"))]
    columns = ["entries", "exclusions", "weak", "rules", "stem", "word", "phrase", "glob", "regex"]
    expected: dict = {}
    for r in rows:
        w = float(r["weight"]) if r.get("weight") else 1.0
        flags = Counter({"entries": 1, "exclusions": w == 0, "weak": 0 < w < 1,
                         "rules": bool((r.get("requires") or "").strip() or (r.get("forbids") or "").strip()),
                         (r.get("match") or "stem"): 1})
        for theme in (r["theme"], "(total)"):
            expected.setdefault(theme, Counter()).update(flags)
    table = tk.describe_lexicon(name)
    assert table["theme"].tolist() == sorted(set(expected) - {"(total)"}) + ["(total)"]
    assert list(table.columns) == ["theme"] + columns
    for row in table.itertuples(index=False):
        assert [getattr(row, c) for c in columns] == [expected[row.theme][c] for c in columns], row.theme
    readme = (folder / "README.md").read_text(encoding="utf-8")
    found = re.search(rf"^\| `{name}` \| [^|]+ \|" + r" (\d+) \|" * 9, readme, flags=re.M)
    assert found and list(map(int, found.groups())) == table.iloc[-1][columns].tolist()


def test_describe_lexicon_by_hand_with_levels():
    lex = tk.make_lexicon([
        {"theme": "security", "entry": "keamanan", "match": "word"},
        {"theme": "security/police", "entry": "polisi", "match": "word", "requires": "demo"},
        {"theme": "security/police", "entry": "polisi tidur", "match": "phrase", "weight": 0},
        {"theme": "culture", "entry": "bud*", "match": "glob", "weight": 0.5, "forbids": "=budi"}])
    before = lex.copy(deep=True)
    table = tk.describe_lexicon(lex)
    assert table.set_index("theme")[["entries", "exclusions", "weak", "rules", "word", "phrase", "glob"]].to_dict(
        "index") == {
        "culture": {"entries": 1, "exclusions": 0, "weak": 1, "rules": 1, "word": 0, "phrase": 0, "glob": 1},
        "security": {"entries": 1, "exclusions": 0, "weak": 0, "rules": 0, "word": 1, "phrase": 0, "glob": 0},
        "security/police": {"entries": 2, "exclusions": 1, "weak": 0, "rules": 1, "word": 1, "phrase": 1, "glob": 0},
        "(total)": {"entries": 4, "exclusions": 1, "weak": 1, "rules": 2, "word": 2, "phrase": 1, "glob": 1}}
    assert tk.describe_lexicon(lex, level=1)[["theme", "entries"]].values.tolist() == [
        ["culture", 1], ["security", 3], ["(total)", 4]]
    assert (table.dtypes.drop("theme") == "int64").all()
    pd.testing.assert_frame_equal(lex, before)


def test_describe_lexicon_of_a_table_without_columns_names_them():
    with pytest.raises(tk.ColumnError, match="'match', 'weight'"):
        tk.describe_lexicon(pd.DataFrame({"theme": ["a"], "entry": ["b"]}))
