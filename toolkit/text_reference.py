"""The tokeniser written plainly, with a regular expression: the specification of :func:`toolkit.tokenize`.

Read this module first. :func:`tokenize_reference` takes a segments table
and gives the tokens table that :func:`toolkit.tokenize` gives (and that
:func:`toolkit.prepare` starts from), one token at a time, in a few lines of
Python. The fast engine (:mod:`toolkit._tokenize_engine`: numpy over code
points, Arrow for the strings) must give the same values; a hypothesis test
(``tests/test_text_reference.py``) proves it on generated Indonesian-like
text with curly quotes, dashes, diacritics, CJK, emoji, combining marks,
lone CRs and no-break spaces. Only the dtypes differ: the engine stores
``doc_id`` and ``token`` as categoricals and ``position``, ``start`` and
``end`` as int32, to save memory.

What a character is (word character, digit, joiner) and how a hyphenated
run splits come from :mod:`toolkit._token_rules`, which both use.
"""

from __future__ import annotations

import functools
import re

import pandas as pd

from ._token_rules import DIGIT, HYPHENS, JOINERS, NUMBER_SEPARATORS, WORD, char_class, normalize_token, split_hyphenated

__all__ = ["tokenize_reference", "token_spans_reference"]

COLUMNS = ["doc_id", "seg_id", "position", "start", "end", "text", "after", "token"]


def tokenize_reference(segments: pd.DataFrame) -> pd.DataFrame:
    """Split segments into word tokens with character offsets: the plain version of :func:`toolkit.tokenize`.

    Each segment's text is searched with one regular expression
    (:func:`token_spans_reference`); ``position`` counts a document's tokens
    in the order of the segments table.

    Parameters
    ----------
    segments : pandas.DataFrame
        A segments table from :func:`toolkit.segment` (columns ``doc_id``,
        ``seg_id``, ``start``, ``text``). Not modified.

    Returns
    -------
    pandas.DataFrame
        One row per token, in text order, RangeIndex: ``doc_id`` (as in
        ``segments``), ``seg_id``, ``position``, ``start`` and ``end``
        (int64), ``text``, ``after`` and ``token`` (str): the values of
        :func:`toolkit.tokenize`.

    Examples
    --------
    >>> import pandas as pd, toolkit as tk
    >>> docs = pd.DataFrame({"doc_id": ["a"], "text": ["Jum\u2019at: Rp 1.000 untuk e-KTP, bersama-sama."]})
    >>> tokenize_reference(tk.segment(docs))[["start", "end", "text", "after", "token"]]
       start  end          text after         token
    0      0    6        Jum’at    :         jum'at
    1      8   10            Rp                  rp
    2     11   16         1.000               1.000
    3     17   22         untuk               untuk
    4     23   28         e-KTP    ,          e-ktp
    5     30   42  bersama-sama     .  bersama-sama
    """
    rows = []
    so_far: dict = {}  # tokens of each document so far
    for doc_id, seg_id, seg_start, text in zip(segments["doc_id"], segments["seg_id"], segments["start"],
                                               segments["text"]):
        text = text if isinstance(text, str) else ""
        spans = list(token_spans_reference(text))
        key = None if pd.isna(doc_id) else doc_id  # (every missing id is one document, as in the engine)
        for k, (a, b) in enumerate(spans):
            next_start = spans[k + 1][0] if k + 1 < len(spans) else len(text)
            rows.append((doc_id, seg_id, so_far.get(key, 0) + k, seg_start + a, seg_start + b, text[a:b],
                         text[b:next_start], normalize_token(text[a:b])))
        so_far[key] = so_far.get(key, 0) + len(spans)
    table = pd.DataFrame(rows, columns=COLUMNS)
    for c in ("seg_id", "position", "start", "end"):
        table[c] = table[c].astype("int64")
    for c in ("text", "after", "token"):
        table[c] = table[c].astype("str")
    table["doc_id"] = table["doc_id"].astype(segments["doc_id"].dtype)
    return table


def token_spans_reference(text: str):
    """Yield ``(start, end)`` of every token of ``text``.

    A run is a maximal sequence of word characters in which a joiner
    between two word characters (Jum'at, negara-negara, a soft hyphen inside a word), or
    ``.`` or ``,`` between two digits (1.000, 3,5), is kept; a run with a
    hyphen is split by :func:`toolkit._token_rules.split_hyphenated`
    (reduplications stay whole, compounds split).

    Parameters
    ----------
    text : str

    Returns
    -------
    iterator of tuple of int
        ``(start, end)`` offsets into ``text``, in text order.

    Examples
    --------
    >>> list(token_spans_reference("Rp 1.000, Tiongkok-Kazakhstan; Jum\u2019at."))
    [(0, 2), (3, 8), (10, 18), (19, 29), (31, 37)]
    """
    for m in _run_pattern().finditer(text):
        if any(h in m.group() for h in HYPHENS):
            for a, b in split_hyphenated(m.group()):
                yield m.start() + a, m.start() + b
        else:
            yield m.span()


@functools.lru_cache(maxsize=1)
def _run_pattern() -> re.Pattern:
    """The regular expression of a run (built once: its character classes list every code point)."""
    word, digit = _class_of(WORD), _class_of(DIGIT)
    joiner = "[" + re.escape(JOINERS) + "]"
    separator = "[" + re.escape(NUMBER_SEPARATORS) + "]"
    return re.compile(rf"(?:{word}|(?<={word}){joiner}(?={word})|(?<={digit}){separator}(?={digit}))+")


def _class_of(flag: int) -> str:
    """A character class of every code point whose :func:`char_class` has ``flag``, written as ranges."""
    ranges: list[list[int]] = []
    for c in range(0x110000):
        if char_class(chr(c)) & flag:
            if ranges and ranges[-1][1] == c - 1:
                ranges[-1][1] = c
            else:
                ranges.append([c, c])
    return "[" + "".join(f"\\U{a:08x}" if a == b else f"\\U{a:08x}-\\U{b:08x}" for a, b in ranges) + "]"
