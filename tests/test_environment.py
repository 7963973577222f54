"""pyproject.toml is the dependency list of record; environment.yml must mirror it."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _split(spec: str) -> tuple[str, str]:
    m = re.fullmatch(r"\s*([A-Za-z0-9_.\-]+)\s*(\[[^\]]*\])?\s*(.*)", spec)
    assert m, spec
    return m.group(1).lower().replace("_", "-"), m.group(3).replace(" ", "")


def _pyproject() -> dict[str, str]:
    """Core dependencies and every extra (the conda environment has everything)."""
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    specs = list(data["project"]["dependencies"])
    for extra in data["project"]["optional-dependencies"].values():
        specs += extra
    record: dict[str, str] = {}
    for name, version in map(_split, specs):
        assert record.setdefault(name, version) == version, f"{name} has two versions in pyproject.toml"
    return record


def _environment() -> tuple[dict[str, str], list[str], str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    assert env["channels"] == ["conda-forge"]
    conda, pip, python = {}, [], None
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            pip = list(dep["pip"])
            continue
        name, version = _split(dep.replace("=", "==", 1) if re.fullmatch(r"[\w\-]+=[\d.]+", dep) else dep)
        if name == "python":
            python = version
        elif name != "pip":
            conda[name] = version
    return conda, pip, python


def test_environment_mirrors_pyproject():
    record = _pyproject()
    conda, pip, python = _environment()
    assert python == "==3.11"
    assert "-e ." in pip
    mirrored = dict(conda)
    for spec in pip:
        if spec != "-e .":
            name, version = _split(spec)
            assert name not in mirrored, f"{name} is listed twice"
            mirrored[name] = version
    assert mirrored == record


def test_sastrawi_is_pysastrawi_pinned():
    record = _pyproject()
    assert record.get("pysastrawi") == "==1.2.1"
    assert "sastrawi" not in record


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## Quick start\s+```sh\n(.*?)```", readme, re.S).group(1)
    commands = [line.split("#")[0].strip() for line in block.splitlines() if line.strip()]
    assert commands[:2] == ["make demo", "make test"]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    ci_commands = [line.strip() for line in ci.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    assert ci_commands[-1] == "make test"
    assert not any("pip install" in c for c in ci_commands)


def test_extras_named_in_messages_and_docs_exist():
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    assert {"test", "excel", "ml", "notebooks", "dask"} <= set(extras)
    assert "openpyxl>=3.1" in extras["excel"] and "scikit-learn>=1.3" in extras["ml"]
    assert "papermill>=2.4" in extras["notebooks"]
    assert "scikit-learn>=1.3" in extras["test"]  # the README's scikit-learn recipe runs as a test


def test_every_data_file_is_package_data():
    """Each file under toolkit/data matches a package-data pattern of its folder, so the wheel ships it."""
    import fnmatch

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    patterns = config["package-data"]
    data = ROOT / "toolkit" / "data"
    files = [p for p in data.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    assert files
    for path in files:
        package = ".".join(path.parent.relative_to(ROOT).parts)
        assert any(fnmatch.fnmatch(path.name, pat) for pat in patterns.get(package, [])), (path, package)
    assert config["packages"]["find"]["include"] == ["toolkit", "toolkit.*"]


def test_make_demo_shows_warnings_and_lists_every_folder_it_writes():
    import json

    make = (ROOT / "Makefile").read_text(encoding="utf-8")
    demo = make[make.index("\ndemo:"):].split("\n\n")[0]
    assert "/dev/null" not in demo  # the notebooks' warnings reach the terminal
    listed = set(re.findall(r'@echo "  (reports/[\w-]+/)', demo))
    written = {m.rstrip("/") + "/" for m in re.findall(r"--out (reports/[\w-]+)", demo)}
    written.add("reports/notebooks/")
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] == "code":
                source = "".join(cell["source"])
                written |= {f"reports/{m}/" for m in re.findall(r"\.\./reports/([\w-]+)/?[\w.-]*[\"']", source)}
    assert "reports/your-corpus/" in written and "reports/figures/" in written
    assert written <= listed, written - listed
