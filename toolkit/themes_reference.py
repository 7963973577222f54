"""How theme matching works, as code to read: the specification of :func:`toolkit.find_themes`.

Read this module first. :func:`find_themes_reference` applies the matching
rules of ``toolkit/data/lexicons/README.md`` ("How matching works") one by
one, with plain loops over segments, entries and candidate spans. It is
slow (every entry is tried at every token) and gives exactly the table that
:func:`toolkit.find_themes` gives: the fast engine
(:mod:`toolkit._theme_engine`) finds the same candidates with integer codes
and resolves overlaps with a vectorised pre-pass, and
``tests/test_themes_reference.py`` proves the two equal on generated token
tables and lexicons. To change a rule, change it here, then in the engine.

The steps:

1. **Compile** the lexicon (:func:`toolkit.compile_lexicon`, shared with the
   engine): each entry becomes one token test per token, ``("stem", s)``,
   ``("word", form)`` or ``("re", pattern)`` (glob and regex entries).
2. **Segments**: runs of consecutive rows with the same ``doc_id`` and
   ``seg_id``. Nothing matches across two of them.
3. **Candidates**: an entry of *k* tests matches at a token when the *k*
   tokens from there stand next to each other (positions one apart) and
   each passes its test.
4. **Overlaps** (:func:`_resolve`): candidates are taken longest first,
   then heaviest, then the entry listed first, then the one that starts
   first; each is kept unless a kept candidate that shares a token blocks it
   (:func:`_blocks`). Exclusions (weight 0) are then left out unless asked for.
5. **The table**: one row per kept candidate, sorted by token row, then theme.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ._compiled_lexicon import Entry, as_compiled
from .theme_tree import top_theme
from .themes import HIT_COLUMNS, REGEX_TIMEOUT

__all__ = ["find_themes_reference"]


@dataclass(frozen=True)
class _Candidate:
    """An entry that matches ``n_tokens`` tokens from token row ``row``."""

    row: int
    n_tokens: int
    entry: Entry

    def overlaps(self, other: _Candidate) -> bool:
        return self.row < other.row + other.n_tokens and other.row < self.row + self.n_tokens


def find_themes_reference(tokens: pd.DataFrame, lexicon, *, overrides=True,
                          include_excluded: bool = False) -> pd.DataFrame:
    """The hits of a lexicon in a tokens table, found candidate by candidate (slow; the specification).

    Parameters
    ----------
    tokens : pandas.DataFrame
        A tokens table from :func:`toolkit.prepare`, in text order.
    lexicon : pandas.DataFrame, str, list or CompiledLexicon
        As for :func:`toolkit.find_themes`.
    overrides : bool, dict, DataFrame or Stemmer, default True
        Stemming overrides for the entries: the same as for ``tokens``.
    include_excluded : bool, default False
        Also return the exclusions (weight 0) that claimed their tokens.

    Returns
    -------
    pandas.DataFrame
        The hit table of :func:`toolkit.find_themes`, equal to it (columns
        :data:`toolkit.themes.HIT_COLUMNS`). The input is not modified.

    Examples
    --------
    >>> import pandas as pd, toolkit as tk
    >>> tokens = tk.prepare(pd.DataFrame({"doc_id": ["a"], "text": ["Organisasi Kerja Sama Shanghai dan kerja sama."]}))
    >>> lex = tk.make_lexicon([{"theme": "cooperation", "entry": "kerja sama", "match": "phrase"},
    ...                        {"theme": "multilateralism", "entry": "Organisasi Kerja Sama Shanghai",
    ...                         "match": "phrase"}])
    >>> hits = find_themes_reference(tokens, lex)
    >>> hits[["position", "theme", "matched_text"]]
       position            theme                    matched_text
    0         0  multilateralism  Organisasi Kerja Sama Shanghai
    1         5      cooperation                      kerja sama
    >>> hits.equals(tk.find_themes(tokens, lex))
    True
    """
    compiled = as_compiled(lexicon, overrides)
    forms, stems, positions = tokens["token"].tolist(), tokens["stem"].tolist(), tokens["position"].tolist()
    hits = []
    for segment in _segments(tokens):
        candidates = []
        for entry in compiled.entries:
            candidates += _matches(entry, segment, forms, stems, positions)
        hits += [c for c in _resolve(candidates) if c.entry.weight > 0 or include_excluded]
    hits.sort(key=lambda c: (c.row, c.entry.theme))
    return _hit_table(tokens, hits)


def _segments(tokens: pd.DataFrame) -> list[list[int]]:
    """The token rows of each segment: runs of consecutive rows with the same ``doc_id`` and ``seg_id``."""
    segments: list[list[int]] = []
    last = None
    for row, key in enumerate(zip(tokens["doc_id"], tokens["seg_id"])):
        if segments and key == last:
            segments[-1].append(row)
        else:
            segments.append([row])
        last = key
    return segments


def _matches(entry: Entry, segment: list[int], forms, stems, positions) -> list[_Candidate]:
    """Every place in the segment where the entry's tokens tests hold on tokens that stand next to each other."""
    k = len(entry.elements)
    found = []
    for i in range(len(segment) - k + 1):
        rows = segment[i:i + k]
        adjacent = all(positions[r] == positions[rows[0]] + m for m, r in enumerate(rows))
        if adjacent and all(_passes(test, forms[r], stems[r]) for test, r in zip(entry.elements, rows)):
            found.append(_Candidate(rows[0], k, entry))
    return found


def _passes(test: tuple, form, stem) -> bool:
    """Whether a token (its lower-cased form and its stem) passes one token test of an entry."""
    kind, value = test
    if kind == "stem":
        return isinstance(stem, str) and stem == value
    if kind == "word":
        return isinstance(form, str) and form == value
    return isinstance(form, str) and value.fullmatch(form, timeout=REGEX_TIMEOUT) is not None


def _resolve(candidates: list[_Candidate]) -> list[_Candidate]:
    """The candidates kept by the overlap rules: in rank order, each unless a kept one blocks it."""
    ranked = sorted(candidates, key=lambda c: (-c.n_tokens, -c.entry.weight, c.entry.index, c.row))
    kept: list[_Candidate] = []
    for candidate in ranked:
        if not any(k.overlaps(candidate) and _blocks(k, candidate) for k in kept):
            kept.append(candidate)
    return kept


def _blocks(kept: _Candidate, new: _Candidate) -> bool:
    """Whether a kept candidate blocks a new one that shares a token with it."""
    if top_theme(kept.entry.theme) == top_theme(new.entry.theme):
        return True  # a token counts once per top-level theme; an exclusion claims it against its own theme
    if kept.entry.weight == 0 or new.entry.weight == 0:
        return False  # exclusions never reach other top-level themes
    # across themes the longest (or heaviest, or first listed) match wins, but the very same span is shared
    return (kept.row, kept.n_tokens) != (new.row, new.n_tokens)


def _hit_table(tokens: pd.DataFrame, hits: list[_Candidate]) -> pd.DataFrame:
    """One row per hit, in the documented columns and dtypes."""
    rows = [_hit_row(tokens, c) for c in hits]
    dtypes = {"doc_id": tokens["doc_id"].dtype, "weight": "float64",
              **{c: "int64" for c in ("seg_id", "position", "start", "end", "n_tokens")},
              **{c: "str" for c in ("theme", "entry", "match", "matched_text", "lexicon")}}
    return pd.DataFrame({c: pd.Series([r[c] for r in rows], dtype=dtypes[c]) for c in HIT_COLUMNS})


def _hit_row(tokens: pd.DataFrame, hit: _Candidate) -> dict:
    """A hit's row: where it stands, what matched it, and the text as written (tokens joined by what follows each)."""
    first, last = hit.row, hit.row + hit.n_tokens - 1
    texts = [str(tokens["text"].iat[r]) for r in range(first, last + 1)]
    gaps = [str(tokens["after"].iat[r]) if "after" in tokens.columns else " " for r in range(first, last)]
    e = hit.entry
    return {"doc_id": tokens["doc_id"].iat[first], "seg_id": tokens["seg_id"].iat[first],
            "position": tokens["position"].iat[first], "start": tokens["start"].iat[first],
            "end": tokens["end"].iat[last], "theme": e.theme, "entry": e.entry, "match": e.match,
            "matched_text": "".join(t + g for t, g in zip(texts, gaps)) + texts[-1], "weight": e.weight,
            "n_tokens": hit.n_tokens, "lexicon": e.lexicon}
