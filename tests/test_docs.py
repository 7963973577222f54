"""Every public name has a numpydoc docstring; functions carry a runnable example."""

from __future__ import annotations

import inspect

import pytest

import toolkit as tk


@pytest.mark.parametrize("name", tk.__all__)
def test_public_names_are_documented(name):
    obj = getattr(tk, name)
    doc = inspect.getdoc(obj) or ""
    assert len(doc) > 40, f"{name} has no real docstring"
    if inspect.isfunction(obj) or (inspect.isclass(obj) and not issubclass(obj, BaseException)):
        assert "Examples\n--------" in doc and ">>> " in doc, f"{name} has no Examples section"
    if inspect.isfunction(obj) and inspect.signature(obj).parameters:
        assert "Parameters\n----------" in doc, f"{name} documents no parameters"
    if inspect.isfunction(obj) and name not in ("check_sastrawi",):
        assert "Returns\n-------" in doc, f"{name} documents no return value"


def test_options_are_keyword_only():
    """Options come after * (CONVENTIONS.md, item 4): only the table or input is positional."""
    for name in tk.__all__:
        obj = getattr(tk, name)
        if not inspect.isfunction(obj):
            continue
        positional = [
            p.name for p in inspect.signature(obj).parameters.values()
            if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) and p.default is not p.empty
        ]
        # detect_themes(tokens, lexicon="all"): the lexicon is the second input, as in find_themes
        assert positional == [] or name in {"split_sentences", "detect_themes"}, (name, positional)
