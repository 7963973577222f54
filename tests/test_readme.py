"""The README's API example runs as written, and what it prints is right."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _example(heading: str = "API example") -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    m = re.search(rf"## {heading}\s+```python\n(.*?)```", readme, re.S)
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
