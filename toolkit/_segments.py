"""Finding paragraphs and sentences: the rules, and the kernel that finds all documents' paragraphs at once.

:func:`paragraph_spans` (one text) is the rule; :func:`paragraph_spans_many`
applies it to many texts in one regular-expression pass (proven equal by a
hypothesis test). :func:`segment_spans` finds the segments of a list of
texts, for :func:`toolkit.segment` (:func:`segment_parts`) and for the
tokeniser, which reads documents a batch at a time.
"""

from __future__ import annotations

import functools
import re

import numpy as np
import pandas as pd

from . import _data
from .errors import CorpusError
from ._validate import check_choice, check_columns

__all__ = ["load_abbreviations", "sentence_spans", "paragraph_spans", "paragraph_spans_many", "segment_parts",
           "segment_spans", "running_number", "check_segment_args", "stripped_span"]

# a line ends at "\n", "\r\n" or a lone "\r" (old Mac files), as Python's universal newlines read them
_EOL = r"(?:\r\n|\r(?!\n)|\n)"
_BLANK_LINE_RE = re.compile(rf"{_EOL}[ \t\u00a0]*{_EOL}")
_SENT_END_RE = re.compile(r"[.!?\u2026]+[\"'\u201d\u2019\u00bb)\]]*(?=\s+|$)")
_SENT_START_RE = re.compile(r"\s+([\"'\u201c\u2018\u00ab(\[]*)(\S)")


@functools.lru_cache(maxsize=1)
def load_abbreviations() -> frozenset[str]:
    """The Indonesian abbreviations after which a period does not end a sentence.

    Read from ``toolkit/data/abbreviations-id.txt`` (one abbreviation per
    line, written with its periods, such as ``Prof.`` or ``a.n.``; ``#``
    comments; see ``abbreviations-id.md``). Entries marked ``final`` (such
    as ``dll. final``) often end a sentence and are left out of the result,
    so the splitter treats them like ordinary words.

    Returns
    -------
    frozenset of str
        Lower-cased abbreviations, each ending in a period.

    Raises
    ------
    ResourceError
        The file is missing or has a malformed or repeated line (the message
        names the file and line).

    Examples
    --------
    >>> {"prof.", "a.n.", "no."} <= load_abbreviations()
    True
    >>> "dll." in load_abbreviations()
    False
    """
    path = _data.data_path("abbreviations-id.txt")
    entries = _data.read_word_list(path, what="abbreviation list", pattern=re.compile(r"\S+\.(?: final)?"))
    return frozenset(e.lower() for e, _ in entries if not e.endswith(" final"))


def stripped_span(text: str, a: int, b: int) -> tuple[int, int] | None:
    """``(a, b)`` without the white space at either end, or None when ``text[a:b]`` is blank."""
    chunk = text[a:b]
    lead = len(chunk) - len(chunk.lstrip())
    trail = len(chunk) - len(chunk.rstrip())
    if lead == len(chunk):
        return None
    return a + lead, b - trail


_PARA_BLOCK_RE = re.compile(rf"\S[^\r\n]*(?:{_EOL}(?![ \t\u00a0]*{_EOL})[^\r\n]*)*")
_PARA_LINE_RE = re.compile(r"\S[^\r\n]*")


def _has_blank_line(text: str) -> bool:
    return ("\n" in text or "\r" in text) and _BLANK_LINE_RE.search(text) is not None


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph: blank-line separated blocks, or lines when there is no blank line."""
    pattern = _PARA_BLOCK_RE if _has_blank_line(text) else _PARA_LINE_RE
    spans = []
    for m in pattern.finditer(text):
        end = m.end()
        while text[end - 1].isspace():  # a match starts with a non-space character
            end -= 1
        spans.append((m.start(), end))
    return spans


def _is_abbreviation(text: str, period_at: int, abbreviations) -> bool:
    """Whether the period at ``period_at`` closes an abbreviation or an initial."""
    i = period_at
    while i > 0 and not text[i - 1].isspace() and text[i - 1] not in "(\"'\u201c\u2018[":
        i -= 1
    word = text[i : period_at + 1]
    if word.lower() in abbreviations:
        return True
    core = word[:-1]
    if len(core) == 1 and core.isalpha() and core.isupper():
        return True  # an initial: B. J. Habibie
    return False


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans in ``text[start:end]`` (the rule of :func:`toolkit.split_sentences`)."""
    end = len(text) if end is None else end
    abbreviations = load_abbreviations()
    spans = []
    sent_start = start
    for m in _SENT_END_RE.finditer(text, start, end):
        stop = m.end()
        nxt = _SENT_START_RE.match(text, stop, end)
        if stop < end:
            if nxt is None:
                continue
            first = nxt.group(2)
            if not (first.isupper() or first.isdigit() or nxt.group(1)):
                continue
        marks = m.group()
        if marks.rstrip("\"'\u201d\u2019\u00bb)]") == "." and _is_abbreviation(text, m.start(), abbreviations):
            if stop < end:
                continue
        span = stripped_span(text, sent_start, stop)
        if span:
            spans.append(span)
        sent_start = stop
    span = stripped_span(text, sent_start, end)
    if span:
        spans.append(span)
    return spans


def check_segment_args(docs: pd.DataFrame, by: str, text_col: str, id_col: str) -> None:
    """segment's checks: a known unit, both columns there, no id twice (the error names the repeated ids)."""
    check_choice("unit", by, ("paragraph", "sentence", "document"))
    check_columns(docs, [text_col, id_col], table_name="docs", hint="Load documents with tk.load_corpus(...).")
    dup = docs[id_col][docs[id_col].duplicated(keep=False)]
    if len(dup):
        shown = ", ".join(map(repr, list(dict.fromkeys(dup.tolist()))[:5]))
        raise CorpusError(f"docs has duplicate ids in column {id_col!r} ({shown}); each document needs a unique id "
                          "(tk.load_corpus checks this when it reads files).")  # the error load_corpus gives (a ValueError)


def segment_parts(docs: pd.DataFrame, by: str, text_col: str, id_col: str) -> dict:
    """The columns of :func:`toolkit.segment`'s table (texts as a Python list), without building the table."""
    texts = docs[text_col].tolist()
    index, starts, ends, paras = segment_spans(texts, by)
    return {
        "doc_id": docs[id_col].iloc[index].reset_index(drop=True),
        "seg_id": running_number(index),
        "start": starts,
        "end": ends,
        "text": [texts[i][a:b] for i, a, b in zip(index.tolist(), starts.tolist(), ends.tolist())],
        "para_id": paras,
    }


def segment_spans(texts: list, by: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(text index, start, end, paragraph number) of every segment of ``texts``, in text order.

    A text that is not a string, or is empty or blank, has no segment.
    """
    texts = [t if isinstance(t, str) else "" for t in texts]
    if by == "paragraph":
        index, starts, ends = paragraph_spans_many(texts)
        return index, starts, ends, running_number(index)
    rows, starts, ends, paras = [], [], [], []
    for i, text in enumerate(texts):
        if by == "document":
            span = stripped_span(text, 0, len(text)) if text else None
            spans = [(span, 0)] if span else []
        else:
            spans = [(s, p) for p, (a, b) in enumerate(paragraph_spans(text)) for s in sentence_spans(text, a, b)]
        rows.extend([i] * len(spans))
        starts.extend([a for (a, _), _ in spans])
        ends.extend([b for (_, b), _ in spans])
        paras.extend([p for _, p in spans])
    as_array = lambda values: np.array(values, dtype=np.int64)  # noqa: E731
    return as_array(rows), as_array(starts), as_array(ends), as_array(paras)


def running_number(index: np.ndarray) -> np.ndarray:
    """0, 1, 2, ... within each run of equal values of ``index`` (non-decreasing): segment numbers per text."""
    n = len(index)
    first = np.flatnonzero(np.concatenate(([True], index[1:] != index[:-1]))) if n else np.zeros(0, np.int64)
    return np.arange(n, dtype=np.int64) - np.repeat(first, np.diff(np.append(first, n)))


@functools.lru_cache(maxsize=1)
def _space_table() -> np.ndarray:
    """Whether each code point up to U+3000 (the last white-space character) is white space (str.isspace)."""
    return np.array([chr(c).isspace() for c in range(0x3001)], dtype=bool)


def _ends_in_space(text: str, ends: np.ndarray) -> np.ndarray:
    """Whether the character before each offset of ``ends`` (all > 0) is white space, looked up in bulk."""
    table = _space_table()
    if text.isascii():
        return table[np.frombuffer(text.encode("ascii"), dtype=np.uint8)[ends - 1]]
    last = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)[ends - 1]
    return table[np.minimum(last, len(table) - 1)] & (last < len(table))


def paragraph_spans_many(texts: list[str]) -> tuple:
    """:func:`paragraph_spans` of many texts at once: (text index, start, end) arrays, in text order.

    The texts of each mode (blank-line blocks, or lines) are joined, with a
    separator no paragraph can cross ("\\n\\n" makes a blank line, "\\n"
    ends a line), and searched with one regular-expression pass each.
    """
    block = [i for i, t in enumerate(texts) if _has_blank_line(t)]
    in_block = np.zeros(len(texts), dtype=bool)
    in_block[block] = True
    parts = []
    for members, pattern, sep in ((block, _PARA_BLOCK_RE, "\n\n"),
                                  (np.flatnonzero(~in_block).tolist(), _PARA_LINE_RE, "\n")):
        if not members:
            continue
        chunk = [texts[i] for i in members]
        joined = sep.join(chunk)
        spans = [m.span() for m in pattern.finditer(joined)]
        a = np.fromiter((s for s, _ in spans), dtype=np.int64, count=len(spans))
        b = np.fromiter((e for _, e in spans), dtype=np.int64, count=len(spans))
        for k in np.flatnonzero(_ends_in_space(joined, b)).tolist():
            e = int(b[k])
            while joined[e - 1].isspace():  # a match starts with a non-space character
                e -= 1
            b[k] = e
        lengths = np.fromiter((len(t) for t in chunk), dtype=np.int64, count=len(chunk))
        bases = np.zeros(len(chunk), dtype=np.int64)
        np.cumsum(lengths[:-1] + len(sep), out=bases[1:])
        where = np.searchsorted(bases, a, side="right") - 1
        parts.append((np.asarray(members, dtype=np.int64)[where], a - bases[where], b - bases[where]))
    if not parts:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    index = np.concatenate([p[0] for p in parts])
    order = np.argsort(index, kind="stable")  # each text is in one mode: its spans stay in text order
    return index[order], np.concatenate([p[1] for p in parts])[order], np.concatenate([p[2] for p in parts])[order]
