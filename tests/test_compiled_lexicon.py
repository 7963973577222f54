"""Compiling a lexicon: each entry as token tests, with errors that name the line."""

from __future__ import annotations

import pandas as pd
import pytest

import toolkit as tk
from toolkit._compiled_lexicon import as_compiled


def test_entries_become_token_tests():
    lex = tk.compile_lexicon(tk.make_lexicon([
        {"theme": "s", "entry": "Pertahanan", "match": "stem"},       # stemmed like the text: tahan
        {"theme": "s", "entry": "Keamanan", "match": "word"},         # the normalised form
        {"theme": "c", "entry": "=Kerja sama-sama", "match": "phrase"},  # =exact, then a stem (reduplication: sama)
        {"theme": "c", "entry": "Tiongkok-Kazakhstan kerja", "match": "phrase"},  # the compound splits: 3 tests
        {"theme": "g", "entry": "Anti*", "match": "glob", "weight": 0.5},
    ]))
    tests = [e.elements for e in lex.entries]
    assert tests[:4] == [(("stem", "tahan"),), (("word", "keamanan"),), (("word", "kerja"), ("stem", "sama")),
                         (("stem", "tiongkok"), ("stem", "kazakhstan"), ("stem", "kerja"))]
    (kind, pattern), = tests[4]
    assert kind == "re" and pattern.fullmatch("antiteror") and not pattern.fullmatch("kontra")
    assert [e.index for e in lex.entries] == [0, 1, 2, 3, 4] and lex.entries[4].weight == 0.5
    assert lex.themes == ["s", "c", "g"]


def test_context_rules_are_compiled():
    lex = tk.compile_lexicon(tk.make_lexicon([{"theme": "c", "entry": "pesawat", "forbids": "@security; jatuh",
                                               "requires": "=siap tempur", "window": "3"}]))
    e = lex.entries[0]
    assert e.forbids == (("theme", "security"), ("words", (("stem", "jatuh"),)))
    assert e.requires == (("words", (("word", "siap"), ("stem", "tempur"))),)
    assert e.window == "3"


def test_compile_errors_name_the_line():
    with pytest.raises(tk.ResourceError, match=r"line 1: .*2 tokens for the tokeniser; use match 'phrase'"):
        tk.compile_lexicon(tk.make_lexicon([{"theme": "c", "entry": "Tiongkok-Kazakhstan", "match": "word"}]))
    with pytest.raises(tk.ResourceError, match="is one token"):
        tk.compile_lexicon(tk.make_lexicon([{"theme": "c", "entry": "negara-negara maju", "match": "phrase"},
                                            {"theme": "c", "entry": "= negara-negara", "match": "phrase"}]))
    edited = tk.make_lexicon([{"theme": "c", "entry": "kerja"}]).assign(weight=-1.0)
    with pytest.raises(tk.ResourceError, match=r"custom line 1: field 'weight' is -1.0"):
        tk.compile_lexicon(edited)


def test_as_compiled_compiles_once():
    lex = tk.compile_lexicon("cooperation")
    assert as_compiled(lex) is lex
    table = tk.load_lexicon("cooperation")
    assert [e.entry for e in as_compiled(table).entries] == table["entry"].tolist()
    assert isinstance(as_compiled(pd.DataFrame(table)), tk.CompiledLexicon)
