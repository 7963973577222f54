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
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    specs = list(data["project"]["dependencies"]) + list(data["project"]["optional-dependencies"]["test"])
    return dict(_split(s) for s in specs)


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
