"""The README's API example runs as written, and what it prints is right."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _example() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    m = re.search(r"## API example\s+```python\n(.*?)```", readme, re.S)
    assert m, "README has no '## API example' python block"
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
