"""The README's API example runs as written, and what it prints is right."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _example(heading: str = "API example") -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    m = re.search(rf"## {heading}\n(?:(?!\n## ).)*?```python\n(.*?)```", readme, re.S)  # the section's first block
    assert m, f"README has no '## {heading}' python block"
    return m.group(1)


def test_api_example_is_short():
    lines = [line for line in _example().splitlines() if line.strip()]
    assert len(lines) <= 12


def test_api_example_runs():
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(_example(), "README.md", "exec"), {})
    printed = out.getvalue().splitlines()
    assert re.fullmatch(r"\d+ tokens in 13 paragraphs", printed[0])
    assert "perang rang" in printed
    assert printed[-1] == "kerja sama"


def test_themes_example_runs():
    import pandas as pd

    out = io.StringIO()
    with contextlib.redirect_stdout(out), pd.option_context("display.width", 200):
        exec(compile(_example("Themes example"), "README.md", "exec"), {})
    text = out.getvalue()
    assert "Xi Jinping" in text and "Kassym-Jomart Tokayev" in text
    assert "tiga kekuatan jahat" in text
    assert "keamanan" in text


def test_own_corpus_example_gives_monthly_rates():
    """By hand: September has one document (4 tokens: keamanan, dan, pertahanan, negara; 2 security hits);
    October has "Cuaca cerah." (2 tokens) and "Kerja sama keamanan." (3 tokens, 1 hit), the latter dated
    2019-09-30 18:00 UTC = 1 October 01:00 WIB."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(_example("Your own corpus"), "README.md", "exec"), {})
    rows = [line.split() for line in out.getvalue().splitlines()[1:]]
    assert rows == [["0", "2019-09", "2", "4", "500.0"], ["1", "2019-10", "1", "5", "200.0"]]


def _own_data_blocks() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = re.search(r"\n## Your own data\n(.*?)\n## ", readme, re.S)
    assert section, "README has no '## Your own data' section"
    return re.findall(r"```python\n(.*?)```", section.group(1), re.S)


def test_own_data_recipes_run(tmp_path, monkeypatch):
    import pandas as pd

    blocks = _own_data_blocks()
    assert len(blocks) == 4  # filter, several-pattern KWIC, scikit-learn, Excel
    monkeypatch.chdir(tmp_path)  # the Excel recipe writes reports/own-data.xlsx here
    namespace: dict = {}
    printed = []
    for block in blocks:
        out = io.StringIO()
        with contextlib.redirect_stdout(out), pd.option_context("display.width", 200):
            exec(compile(block, "README.md", "exec"), namespace)
        printed.append(out.getvalue())
    # filter: k1 and t1 mention keamanan; only k1 also kerja sama (read off the texts)
    assert printed[0].strip() == "['k1', 't1'] ['k1']"
    # KWIC: keamanan in k1 and t1, mengamankan in k1 (stem aman), Pelabuhan in t1: 4 lines in text order
    kwic = printed[1].strip().splitlines()[1:]
    assert [line.split()[0] for line in kwic] == ["kompas", "kompas", "tempo", "tempo"]
    assert namespace["lines"]["match"].tolist() == ["keamanan", "mengamankan", "Pelabuhan", "keamanan"]
    assert "Patroli bersama di Natuna" in kwic[0] and "Pelabuhan baru dibuka" in kwic[2]
    # scikit-learn: 17 stems by hand (k1: indonesia tiongkok kuat aman maritim kapal patroli laut natuna;
    # t1 adds labuh buka konektivitas logistik; a1: cuaca cerah jakarta agustus), no 17 or 2024
    assert printed[2].strip() == "(3, 17) ['agustus', 'aman', 'buka', 'cerah']"
    # Excel: one sheet per table
    assert "'top terms': 'top terms'" in printed[3]
    sheets = pd.read_excel(tmp_path / "reports" / "own-data.xlsx", sheet_name=None)
    assert list(sheets) == ["documents", "top terms", "in context"]
    assert sheets["documents"]["doc_id"].tolist() == ["k1", "t1", "a1"] and len(sheets["in context"]) == 4


def test_own_loop_over_partial_steps_equals_count_terms():
    """The README's loop of count_terms_partial over chunks of two documents; by hand: kompas has 5 tokens
    (keamanan, negara; kerja, sama, keamanan), aman twice; negara once in each source; min_count=2 keeps
    aman (2) and negara (1 + 1)."""
    import pandas as pd

    import toolkit as tk

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"finalize to the same tables too:\n\n```python\n(.*?)```", readme, re.S).group(1)
    namespace: dict = {}
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(block, "README.md", "exec"), namespace)
    rows = [line.split() for line in out.getvalue().splitlines()[1:]]
    assert [row[1:4] for row in rows] == [["kompas", "aman", "2"], ["kompas", "negara", "1"], ["tempo", "negara", "1"]]
    docs = tk.load_corpus(namespace["news"])
    pd.testing.assert_frame_equal(sum(namespace["parts"]).finalize(min_count=2),
                                  tk.count_terms(tk.prepare(docs), by="source", docs=docs, min_count=2))
