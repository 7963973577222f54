"""Structure of the teaching notebooks: names, first cells, shared cells, parameters, committed outputs.

These tests read the notebooks as JSON and never run them; running them is
nbval's job (``pytest --nbval-lax --nbval-current-env notebooks/``), which
also compares the outputs of the cells marked ``# NBVAL_CHECK_OUTPUT``.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import os
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"
TOOLS = ROOT / "tools"
NAME_RE = re.compile(r"^\d\d-[a-z0-9]+(-[a-z0-9]+)*\.ipynb$")
NAV, NOTE = "<!--NAVIGATION-->", "<!--DATA-NOTE-->"
CHECK = "# NBVAL_CHECK_OUTPUT"
#: Notebooks that take the shared parameters cell (they run on a user's corpus unchanged).
PARAMETERISED = ("03", "04", "05", "06", "07")
PARAMETERS = ("corpus_path", "text_col", "id_col", "date_col", "source_col")
#: Absolute paths of the machine that executed a notebook must not leak into committed outputs.
MACHINE_PATH_RE = re.compile(r"(?<![\w.])/(?:work|home|tmp|root|Users|private|var/folders)/")

NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))


def _load(path: Path) -> dict:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def _source(cell: dict) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def _text(output: dict) -> str:
    """Every text an output shows: stream text, tracebacks and text-like data."""
    parts = []
    text = output.get("text", "")
    parts.append("".join(text) if isinstance(text, list) else text)
    parts.extend(output.get("traceback", []))
    for mime, value in output.get("data", {}).items():
        if mime.startswith("text/") or mime.endswith("json"):
            parts.append("".join(value) if isinstance(value, list) else str(value))
    return "\n".join(parts)


def _tool(name: str):
    """A script of tools/ imported as a module (registered, so that its dataclasses work)."""
    if name in sys.modules and getattr(sys.modules[name], "__file__", None) == str(TOOLS / f"{name}.py"):
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, TOOLS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def notebooks() -> dict[str, dict]:
    return {p.name: _load(p) for p in NOTEBOOKS if NAME_RE.match(p.name)}


def test_there_are_notebooks():
    assert NOTEBOOKS, f"no notebooks in {NOTEBOOK_DIR}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_name_follows_the_pattern(path):
    assert NAME_RE.match(path.name), (
        f"{path.name}: notebook names are NN-slug.ipynb (two digits, lower-case ASCII words joined by hyphens), "
        "e.g. 01-getting-started.ipynb; rename or delete it (Untitled.ipynb and copies do not belong here).")


def test_numbers_are_unique_and_consecutive_from_01():
    numbers = [p.name[:2] for p in NOTEBOOKS if NAME_RE.match(p.name)]
    assert len(numbers) == len(set(numbers)), f"a number is used twice: {sorted(numbers)}"
    assert numbers == [f"{i:02d}" for i in range(1, len(numbers) + 1)], (
        f"notebook numbers must run 01, 02, ... without gaps; found {numbers}")


def test_first_cell_is_a_markdown_title_with_a_description(notebooks):
    for name, nb in notebooks.items():
        first = nb["cells"][0]
        assert first["cell_type"] == "markdown", f"{name}: the first cell must be Markdown"
        lines = _source(first).splitlines()
        assert lines[0].startswith("# ") and lines[0][2:].strip(), f"{name}: the first cell must start with '# Title'"
        body = "\n".join(lines[1:])
        assert body.strip(), f"{name}: the first cell needs a description paragraph after the title"
        for part in ("What you'll do", "What you'll learn", "What you need"):
            assert part in body, f"{name}: the first cell lacks '{part}'"


def test_shared_cells_are_present(notebooks):
    for name, nb in notebooks.items():
        md = [_source(c).lstrip() for c in nb["cells"] if c["cell_type"] == "markdown"]
        navs = [s for s in md if s.startswith(NAV)]
        assert len(navs) >= 2, f"{name}: needs navigation cells (top and bottom); run tools/add_navigation.py"
        assert _source(nb["cells"][1]).lstrip().startswith(NAV), f"{name}: the second cell must be the navigation"
        assert _source(nb["cells"][-1]).lstrip().startswith(NAV), f"{name}: the last cell must be the navigation"
        assert any(s.startswith(NOTE) for s in md), f"{name}: needs the data note; run tools/add_navigation.py"


def test_closing_sections(notebooks):
    for name, nb in notebooks.items():
        headings = [line.strip() for c in nb["cells"] if c["cell_type"] == "markdown"
                    for line in _source(c).splitlines() if line.startswith("#")]
        for section in ("On your own", "In practice", "Further reading"):
            assert any(h.lstrip("#").strip() == section for h in headings), f"{name}: no '## {section}' section"


def _assignments(source: str) -> dict:
    values = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    values[target.id] = node.value
    return values


def test_parameterised_notebooks_have_one_parameters_cell(notebooks):
    found = {}
    for name, nb in notebooks.items():
        tagged = [c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
        if name[:2] not in PARAMETERISED:
            assert not tagged, f"{name}: only notebooks {', '.join(PARAMETERISED)} take parameters"
            continue
        assert len(tagged) == 1, f"{name}: needs exactly one cell tagged 'parameters', found {len(tagged)}"
        cell = tagged[0]
        assert cell["cell_type"] == "code", f"{name}: the parameters cell must be a code cell"
        values = _assignments(_source(cell))
        corpus = values.get("corpus_path")
        assert isinstance(corpus, ast.Constant) and corpus.value is None, (
            f"{name}: the parameters cell must assign corpus_path = None (the bundled article)")
        missing = [p for p in PARAMETERS if p not in values]
        assert not missing, f"{name}: the parameters cell lacks {missing}"
        found[name] = {p: ast.dump(values[p]) for p in PARAMETERS}
    defaults = {json.dumps(v, sort_keys=True) for v in found.values()}
    assert len(defaults) <= 1, f"the parameters of {sorted(found)} must have the same defaults: {found}"
    assert sorted(n[:2] for n in found) == sorted(PARAMETERISED), f"parameterised notebooks found: {sorted(found)}"


def test_every_code_cell_was_executed_in_order(notebooks):
    for name, nb in notebooks.items():
        counts = [c.get("execution_count") for c in nb["cells"] if c["cell_type"] == "code" and _source(c).strip()]
        assert counts and None not in counts, f"{name}: commit the notebook executed (a code cell has no output count)"
        assert counts == list(range(1, len(counts) + 1)), (
            f"{name}: execution counts {counts} show it was not run top to bottom from a fresh kernel")


def test_no_error_in_outputs(notebooks):
    for name, nb in notebooks.items():
        for i, cell in enumerate(nb["cells"]):
            for output in cell.get("outputs", []):
                assert output.get("output_type") != "error" and "ename" not in output, (
                    f"{name}, cell {i}: an error output ({output.get('ename')}); show errors as text instead")
                text = _text(output)
                assert "Traceback" not in text, f"{name}, cell {i}: a traceback in the output"


def test_checked_cells_have_output(notebooks):
    checked = 0
    for name, nb in notebooks.items():
        for i, cell in enumerate(nb["cells"]):
            if cell["cell_type"] == "code" and _source(cell).startswith(CHECK):
                checked += 1
                assert cell.get("outputs"), f"{name}, cell {i}: a {CHECK} cell must have its output committed"
    assert checked, f"no cell is marked {CHECK}"


def test_outputs_do_not_leak_machine_paths(notebooks):
    for name, nb in notebooks.items():
        for i, cell in enumerate(nb["cells"]):
            for output in cell.get("outputs", []):
                match = MACHINE_PATH_RE.search(_text(output))
                assert not match, f"{name}, cell {i}: an output shows a path of the machine that ran it ({match[0]}...)"


def test_no_volatile_metadata(notebooks):
    for name, nb in notebooks.items():
        kernel = nb.get("metadata", {}).get("kernelspec", {})
        assert kernel.get("name") == "python3", f"{name}: kernelspec name must be 'python3', not {kernel.get('name')!r}"
        assert "version" not in nb.get("metadata", {}).get("language_info", {}), (
            f"{name}: strip metadata.language_info.version (see notebooks/README.md)")
        for i, cell in enumerate(nb["cells"]):
            meta = cell.get("metadata", {})
            volatile = {"execution", "ExecuteTime", "collapsed", "scrolled"} & set(meta)
            assert not volatile, f"{name}, cell {i}: volatile cell metadata {sorted(volatile)}; strip it"


def test_contents_are_up_to_date():
    generate = _tool("generate_contents")
    assert generate.main(["--check", "--quiet"]) == 0, (
        "notebooks/README.md is out of date; run: python tools/generate_contents.py")


def test_navigation_is_up_to_date():
    navigation = _tool("add_navigation")
    assert navigation.main(["--check"]) == 0, "navigation cells are out of date; run: python tools/add_navigation.py"


def test_contents_block_replacement_is_idempotent(tmp_path):
    generate = _tool("generate_contents")
    readme = tmp_path / "README.md"
    readme.write_text(f"# Project\n\nText.\n\n{generate.BEGIN}\nold list\n{generate.END}\n\nMore text.\n",
                      encoding="utf-8")
    assert generate.main(["--quiet", "--readme", str(readme)]) == 0
    once = readme.read_text(encoding="utf-8")
    assert generate.main(["--quiet", "--readme", str(readme)]) == 0
    assert readme.read_text(encoding="utf-8") == once
    assert "old list" not in once and "More text." in once
    for entry in generate.read_entries():
        link = Path(os.path.relpath(entry.path, tmp_path)).as_posix()  # links are relative to the README
        assert f"[{entry.title}]({link})" in once


def test_readme_option_needs_the_markers(tmp_path, capsys):
    generate = _tool("generate_contents")
    readme = tmp_path / "README.md"
    readme.write_text("# Project without markers\n", encoding="utf-8")
    assert generate.main(["--quiet", "--readme", str(readme)]) == 2
    assert generate.BEGIN in capsys.readouterr().err
    assert readme.read_text(encoding="utf-8") == "# Project without markers\n"


def test_navigation_inserts_missing_cells_idempotently():
    navigation = _tool("add_navigation")
    bare = {"cells": [{"cell_type": "markdown", "id": "t", "metadata": {}, "source": ["# T\n", "\n", "About."]},
                      {"cell_type": "code", "id": "c", "metadata": {}, "source": ["1"], "outputs": [],
                       "execution_count": None}],
            "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    once = navigation.refresh(bare, "<!--NAVIGATION-->\nlinks")
    twice = navigation.refresh(once, "<!--NAVIGATION-->\nlinks")
    assert once == twice
    sources = [_source(c) for c in once["cells"]]
    assert sources[1].startswith(NAV) and sources[-1].startswith(NAV) and sources[2].startswith(NOTE)
    assert len({c["id"] for c in once["cells"]}) == len(once["cells"])


# --- a corpus that cannot be loaded stops the notebook (issue 10) -------------------------------------------

def _with_parameters(nb: dict, extra: str) -> dict:
    """A copy of the notebook whose parameters cell ends with ``extra`` (as papermill injects parameters)."""
    nb = json.loads(json.dumps(nb))
    for cell in nb["cells"]:
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            cell["source"] = _source(cell) + "\n" + extra
    return nb


def _run_until_error(nb: dict, cwd: Path):
    """Execute the notebook; the CellExecutionError raised, or None when it ran to the end."""
    nbformat = pytest.importorskip("nbformat")
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    client = NotebookClient(nbformat.reads(json.dumps(nb), as_version=4), timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(cwd)}})
    try:
        client.execute()
    except CellExecutionError as err:
        return err
    return None


@pytest.mark.slow
@pytest.mark.parametrize("number", PARAMETERISED)
def test_a_corpus_that_cannot_be_loaded_stops_the_notebook(notebooks, number, tmp_path):
    name = next(n for n in notebooks if n.startswith(number))
    missing = tmp_path / "no-such-corpus.csv"
    err = _run_until_error(_with_parameters(notebooks[name], f"corpus_path = {str(missing)!r}"), NOTEBOOK_DIR)
    assert err is not None, f"{name} ran to the end on the bundled article although corpus_path={missing} is missing"
    assert "FileNotFoundError" in str(err) and "no-such-corpus.csv" in str(err)


@pytest.mark.slow
def test_a_missing_text_column_stops_the_notebook(notebooks, tmp_path):
    corpus = tmp_path / "news.csv"
    corpus.write_text("id,teks\n1,Kedua negara memperkuat kerja sama.\n", encoding="utf-8")
    nb = _with_parameters(notebooks["07-your-own-corpus.ipynb"], f"corpus_path = {str(corpus)!r}\ntext_col = 'isi'")
    err = _run_until_error(nb, NOTEBOOK_DIR)
    assert err is not None and "CorpusError" in str(err) and "isi" in str(err)
