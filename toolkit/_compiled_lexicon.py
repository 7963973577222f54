"""A lexicon compiled into token tests: what every theme matcher reads.

Compiling turns each lexicon row into an :class:`Entry`: one token test per
token of the entry, as the tokeniser splits it, with the entry's stems
computed once by the same stemming pipeline as the text:

- ``("stem", s)``: the token's stem is ``s`` (``stem`` entries, and the
  words of a phrase);
- ``("word", w)``: the token's lower-cased, normalised form is ``w``
  (``word`` entries, and the words of a phrase written ``=word``);
- ``("re", pattern)``: the pattern matches the token's form as a whole
  (``glob`` and ``regex`` entries).

The fast engine (:mod:`toolkit._theme_engine`), its readable reference
(:mod:`toolkit.themes_reference`) and the theme decisions
(:mod:`toolkit.decisions`, which also reads the compiled context rules)
all start from here. :class:`CompiledLexicon` and :func:`compile_lexicon`
are public as ``tk.CompiledLexicon`` and ``tk.compile_lexicon``.
"""

from __future__ import annotations

import fnmatch
import numbers
from dataclasses import dataclass

import pandas as pd
import regex

from ._validate import check_columns
from .errors import ResourceError
from .lexicon import MATCH_TYPES, MAX_WEIGHT, load_lexicon
from .stemming import get_stemmer
from ._tokenize_engine import token_spans
from .text import normalize_token

__all__ = ["Entry", "CompiledLexicon", "compile_lexicon", "as_compiled"]


@dataclass(frozen=True)
class Entry:
    """One compiled lexicon row (package-internal)."""

    index: int  # its row in the lexicon table: the order in which entries are listed
    theme: str
    entry: str
    match: str
    weight: float
    lexicon: str
    # per token of the entry: ("stem" | "word", value) or ("re", compiled pattern)
    elements: tuple
    # context rules (toolkit.decisions): each cue is ("theme", name) or ("words", ((kind, value), ...))
    requires: tuple = ()
    forbids: tuple = ()
    window: str = "segment"
    where: str = ""  # lexicon and line, for error messages


class CompiledLexicon:
    """A lexicon with every entry turned into token tests (stems computed once).

    Parameters
    ----------
    lexicon : pandas.DataFrame, str or list
        A lexicon table (:func:`toolkit.load_lexicon`) or the name(s) of
        shipped lexicons.
    overrides : bool, dict, DataFrame or Stemmer, default True
        The stemming overrides used for the entries; use the same as for the
        tokens (``tk.prepare(..., overrides=...)``).

    Raises
    ------
    ResourceError
        An entry that cannot be matched as written (a missing ``theme``,
        ``entry`` or ``match``, a weight that is not a number from 0 to
        ``MAX_WEIGHT``, a ``stem`` or ``word`` entry that tokenises into
        several tokens, a phrase of one token); the message names the
        lexicon and line.

    Examples
    --------
    >>> lex = CompiledLexicon("security")
    >>> len(lex) > 30
    True
    """

    def __init__(self, lexicon, *, overrides=True):
        if not isinstance(lexicon, pd.DataFrame):
            lexicon = load_lexicon(lexicon)
        check_columns(lexicon, ["theme", "entry", "match", "weight"], table_name="lexicon")
        self.table = lexicon.reset_index(drop=True)
        stemmer = get_stemmer(overrides)
        self.entries = [_compile_row(i, row, stemmer) for i, row in enumerate(self.table.itertuples(index=False))]

    def __len__(self) -> int:
        return len(self.entries)

    @property
    def themes(self) -> list[str]:
        """The themes of the lexicon, in first-seen order."""
        return list(dict.fromkeys(e.theme for e in self.entries))


def compile_lexicon(lexicon, *, overrides=True) -> CompiledLexicon:
    """Compile a lexicon once, to match it against many token tables.

    Parameters
    ----------
    lexicon : pandas.DataFrame, str or list
    overrides : bool, dict, DataFrame or Stemmer, default True

    Returns
    -------
    CompiledLexicon

    Examples
    --------
    >>> compile_lexicon("cooperation").themes[0].startswith("cooperation")
    True
    """
    return CompiledLexicon(lexicon, overrides=overrides)


def as_compiled(lexicon, overrides=True) -> CompiledLexicon:
    """``lexicon`` itself when it is compiled already, else :func:`compile_lexicon` of it."""
    return lexicon if isinstance(lexicon, CompiledLexicon) else CompiledLexicon(lexicon, overrides=overrides)


def _compile_row(i: int, row, stemmer) -> Entry:
    """The Entry of lexicon row ``i``; ResourceError naming the lexicon and line when it cannot match."""
    where = f"{getattr(row, 'lexicon', 'lexicon')} line {getattr(row, 'line', i + 1)}"
    problem = _row_problem(row)
    if problem:
        raise ResourceError(f"{where}: {problem}; build lexicon tables with tk.make_lexicon.")
    if row.match in ("glob", "regex"):
        pattern = fnmatch.translate(row.entry.lower()) if row.match == "glob" else row.entry
        elements = (("re", regex.compile(pattern, regex.IGNORECASE)),)
    else:
        elements = _word_tests(row.entry, stemmer, exact=row.match == "word", marks=row.match == "phrase")
        _check_length(row, elements, where)
    return Entry(i, row.theme, row.entry, row.match, float(row.weight), str(getattr(row, "lexicon", "") or ""),
                 elements, _compile_cues(getattr(row, "requires", ""), stemmer),
                 _compile_cues(getattr(row, "forbids", ""), stemmer),
                 str(getattr(row, "window", "") or "segment"), where)


def _check_length(row, elements: tuple, where: str) -> None:
    """A stem or word entry is one token for the tokeniser, a phrase two or more."""
    if not elements:
        raise ResourceError(f"{where}: entry {row.entry!r} holds no word.")
    if row.match in ("stem", "word") and len(elements) != 1:
        raise ResourceError(
            f"{where}: entry {row.entry!r} is {len(elements)} tokens for the tokeniser; use match 'phrase'."
        )
    if row.match == "phrase" and len(elements) < 2:
        raise ResourceError(f"{where}: phrase {row.entry!r} is one token; use match 'stem' or 'word'.")


def _row_problem(row) -> str | None:
    """What makes a lexicon row unusable (a table built or edited by hand), or None."""
    for field in ("theme", "entry", "match"):
        value = getattr(row, field)
        if not isinstance(value, str) or not value.strip():
            return f"field {field!r} is {value!r}, not a non-empty string"
    if row.match not in MATCH_TYPES:
        return f"field 'match' is {row.match!r}; allowed: {', '.join(MATCH_TYPES)}"
    weight = row.weight
    if isinstance(weight, bool) or not isinstance(weight, numbers.Real) or not 0 <= weight <= MAX_WEIGHT:
        return f"field 'weight' is {weight!r}; use a number from 0 to {MAX_WEIGHT:g}"
    return None


def _compile_cues(field, stemmer) -> tuple:
    """Context-rule cues of a lexicon row ('kata; =kata; dua kata; @theme') as token tests."""
    if not isinstance(field, str) or not field.strip():
        return ()
    cues = []
    for cue in field.split(";"):
        cue = cue.strip()
        if cue.startswith("@"):
            cues.append(("theme", cue[1:]))
            continue
        elements = _word_tests(cue, stemmer, exact=False, marks=True)
        if elements:
            cues.append(("words", elements))
    return tuple(cues)


def _word_tests(text: str, stemmer, *, exact: bool, marks: bool) -> tuple:
    """One token test per token of ``text``, as the tokenizer splits it: ("word", form) or ("stem", stem).

    ``exact``: every token by its exact form; ``marks``: a word written ``=word`` by its exact form,
    the others by their stem (phrases and context-rule cues).
    """
    tests = []
    for word in text.split():
        this_exact = exact or (marks and word.startswith("="))
        word = word[1:] if marks and word.startswith("=") else word
        for a, b in token_spans(word):
            form = normalize_token(word[a:b])
            tests.append(("word", form) if this_exact else ("stem", stemmer.stem_word(form)))
    return tuple(tests)
