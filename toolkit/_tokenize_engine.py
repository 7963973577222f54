"""The fast tokeniser behind :func:`toolkit.tokenize` and :func:`toolkit.prepare`: numpy over the characters,
Arrow for the strings.

Its specification is :func:`toolkit.text_reference.tokenize_reference`, a
regular-expression tokeniser over the same rules (:mod:`toolkit._token_rules`);
``tests/test_text_reference.py`` proves the two equal on generated text.

Documents (or segments) are read a batch at a time, about 4 million
characters: their Python strings exist only while their batch is scanned,
and every temporary array stays small (memory touched for the first time
is costly). For a batch:

1. the texts are joined by ``"\\n"`` (no token crosses a line end);
2. each character gets its flags (word character, digit, joiner, ...):
   the ASCII ones by ``bytes.translate``, the few others from a table
   filled lazily (:func:`_chars`, :func:`_flags`);
3. word characters, and joiners between two of them, form runs
   (:func:`_raw_spans`); runs with a hyphen are split by the hyphen rule,
   once per distinct form (:func:`_split_runs`);
4. the strings (``text``, ``after``) are cut from the UTF-8 bytes of the
   batch by Arrow, by offsets (:func:`_cut_strings`; for text that is not
   ASCII, the byte offsets come from its non-ASCII characters alone);
5. each column is written straight into its place (:class:`_Growing`).

The table stores ``doc_id`` and ``token`` as categoricals (each distinct
value once; categories sorted, so they sort and group as strings do) and
``position``, ``start`` and ``end`` as int32 (int64 for a document of 2**31
characters or more).
"""

from __future__ import annotations

import functools
import threading
from typing import NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from . import _codes
from ._memory import fresh_array, release_free_memory
from ._segments import check_segment_args, running_number, segment_spans
from ._token_rules import DIGIT, HYPHEN, JOINER, NUMBER_SEP, WORD, char_class, normalize_token, split_hyphenated

__all__ = ["tokenize_documents", "tokenize_segments", "token_spans", "segment_key", "string_categorical",
           "sorted_labels"]

_BATCH_CHARS = 4_000_000
_UNKNOWN = 255  # the flags of a code point not classified yet (no real combination of flags reaches 255)
_TABLE = None  # uint8 flags per code point, classified lazily (once each) above ASCII
_TABLE_LOCK = threading.Lock()  # threads (Dask's threaded scheduler) may classify at the same time


def tokenize_segments(segments: pd.DataFrame) -> pd.DataFrame:
    """:func:`toolkit.tokenize`'s table for a segments table (already checked)."""
    column = segments["text"]
    lengths = _text_lengths(column)
    seg_doc, uniques = _codes.factorize(segments["doc_id"])
    starts = segments["start"].to_numpy(dtype=np.int64)
    seg_ids = segments["seg_id"].to_numpy(dtype=np.int64)

    def batches():
        for a, b in _cuts(lengths):
            texts = [t if isinstance(t, str) else "" for t in column.iloc[a:b].tolist()]
            each = np.arange(b - a, dtype=np.int64)
            yield _Batch(texts, starts[a:b], each, np.zeros(b - a, np.int64), lengths[a:b], seg_ids[a:b], seg_doc[a:b])

    longest = int(lengths.max(initial=0)) + int(starts.max(initial=0))
    return _tokenize(batches(), _DocIds(segments["doc_id"], seg_doc, uniques), grouped=_documents_grouped(seg_doc),
                     longest=longest, chars=int(lengths.sum()))


def tokenize_documents(docs: pd.DataFrame, *, by: str = "paragraph", text_col: str = "text",
                       id_col: str = "doc_id") -> pd.DataFrame:
    """``tokenize(segment(docs, by=by, ...))``, without building the segments table.

    Documents are read a batch at a time (their text as Python strings only
    while their batch is scanned), each scanned whole (no copy of each
    segment's text); their segments only say which segment each token is in.

    Examples
    --------
    >>> import pandas as pd
    >>> docs = pd.DataFrame({"doc_id": ["a"], "text": ["Kerja sama.\\n\\nKeamanan!"]})
    >>> tokenize_documents(docs)[["seg_id", "position", "token", "after"]]
       seg_id  position     token after
    0       0         0     kerja
    1       0         1      sama     .
    2       1         2  keamanan     !
    """
    check_segment_args(docs, by, text_col, id_col)
    column = docs[text_col]
    lengths = _text_lengths(column)
    doc_codes, uniques = _codes.factorize(docs[id_col])

    def batches():
        for a, b in _cuts(lengths):
            texts = [t if isinstance(t, str) else "" for t in column.iloc[a:b].tolist()]
            index, starts, ends, _ = segment_spans(texts, by)
            yield _Batch(texts, np.zeros(b - a, np.int64), index, starts, ends, running_number(index),
                         doc_codes[a + index])

    return _tokenize(batches(), _DocIds(docs[id_col], doc_codes, uniques), grouped=True,
                     longest=int(lengths.max(initial=0)), chars=int(lengths.sum()))


def token_spans(text: str, offset: int = 0):
    """Yield ``(start, end)`` of every token of ``text``, shifted by ``offset``.

    Examples
    --------
    >>> list(token_spans("Kerja sama, Tiongkok-Kazakhstan.", offset=10))
    [(10, 15), (16, 20), (22, 30), (31, 41)]
    """
    starts, ends, hyph = _raw_spans(_flags(_chars(text)))
    for s, e, h in zip(starts.tolist(), ends.tolist(), hyph.tolist()):
        if h:
            for a, b in split_hyphenated(text[s:e]):
                yield a + s + offset, b + s + offset
        else:
            yield s + offset, e + offset


def segment_key(tokens: pd.DataFrame) -> np.ndarray:
    """One integer per (doc_id, seg_id) pair of a tokens table: equal for tokens of the same segment."""
    doc_codes, _ = _codes.codes_with_missing(tokens["doc_id"])
    seg = tokens["seg_id"].to_numpy(dtype=np.int64)
    width = int(seg.max()) + 1 if len(seg) else 1
    return doc_codes.astype(np.int64) * width + seg


def string_categorical(codes: np.ndarray, labels) -> pd.Categorical:
    """A categorical of ``labels[codes]`` (code -1: missing) with the labels used, sorted, as categories.

    Sorted categories make the column sort and group as a str column of the
    same values does.

    Examples
    --------
    >>> import numpy as np
    >>> string_categorical(np.array([2, 0, -1, 2]), ["b", "x", "a"])
    ['a', 'b', NaN, 'a']
    Categories (2, str): ['a', 'b']
    """
    labels = np.asarray(labels, dtype=object)
    used = np.zeros(len(labels) + 1, dtype=bool)  # (the last slot catches code -1)
    used[codes] = True
    kept = np.flatnonzero(used[:-1])
    rank, categories = sorted_labels(labels[kept])
    recode = np.full(len(labels) + 1, -1, dtype=rank.dtype)  # (-1 stays -1: the last slot)
    recode[kept] = rank
    return _categorical(recode[codes], categories)


def sorted_labels(labels) -> tuple[np.ndarray, pd.Index]:
    """(each label's place in code-point order, the labels in that order): a categorical's codes and categories."""
    labels = np.asarray(labels, dtype=object)
    order = pc.sort_indices(pa.array(labels, type=pa.large_string())).to_numpy()  # code-point order, as Python
    rank = np.empty(len(labels), dtype=_codes.index_dtype(len(labels)))
    rank[order] = np.arange(len(labels))
    return rank, pd.Index(labels[order], dtype="str")


def _categorical(codes: np.ndarray, categories: pd.Index) -> pd.Categorical:
    return pd.Categorical.from_codes(codes, dtype=pd.CategoricalDtype(categories), validate=False)


# --- the table ------------------------------------------------------------------------------------------------
class _Batch(NamedTuple):
    """Texts scanned together, and their segments (the texts' own, or the segments of whole documents)."""

    texts: list[str]
    offset: np.ndarray  # where each text starts in its document
    seg_text: np.ndarray  # per segment: the text it is in (non-decreasing)
    seg_start: np.ndarray  # its bounds in that text
    seg_end: np.ndarray
    seg_id: np.ndarray  # its number in its document
    seg_doc: np.ndarray  # its document (a code of _DocIds)


def _tokenize(batches, ids: _DocIds, *, grouped: bool, longest: int, chars: int) -> pd.DataFrame:
    """The tokens table of the batches (see :class:`_Batch`).

    Scanning whole documents gives the same tokens as scanning their
    segments: segments are separated by white space, which no token
    crosses. Each batch's tokens are written straight into the columns
    (:class:`_Growing`), so no batch results wait to be joined.
    ``grouped``: each document's segments come together, in order.
    """
    offset_type = np.int32 if longest < 2**31 - 1 else np.int64  # offsets and positions are below longest
    guess = chars // 4 + 16  # tokens: Indonesian news has about one every six or seven characters
    cols = {"doc": _Growing(ids.codes.dtype, guess), "seg_id": _Growing(np.int64, guess),
            "position": _Growing(offset_type, guess), "start": _Growing(offset_type, guess),
            "end": _Growing(offset_type, guess), "text": _GrowingStrings(guess, chars),
            "after": _GrowingStrings(guess, chars // 2 + 16)}
    carry = (-1, 0)  # the document running at the end of the last batch, and its tokens so far
    for batch in batches:
        seg_of, starts, ends, surface, after = _scan_batch(batch.texts, batch.seg_text, batch.seg_start,
                                                           batch.seg_end)
        if len(seg_of) == 0:
            continue
        tok_doc = batch.seg_doc[seg_of]
        offset = batch.offset[batch.seg_text[seg_of]]
        if grouped:
            position, carry = _running_positions(tok_doc, carry)
            cols["position"].extend(position)
        for key, values in (("doc", tok_doc), ("seg_id", batch.seg_id[seg_of]), ("start", starts + offset),
                            ("end", ends + offset), ("text", surface), ("after", after)):
            cols[key].extend(values)
    doc = cols["doc"].result()
    if not grouped:
        cols["position"].extend(_positions_by_document(doc))
    columns = {"doc_id": ids.column(doc),
               **{key: pd.Series(cols[key].result(), copy=False) for key in ("seg_id", "position", "start", "end")}}
    text = cols["text"].result()
    columns["text"] = pd.Series(text, dtype="str")
    columns["after"] = pd.Series(cols["after"].result(), dtype="str")
    columns["token"] = pd.Series(_token_categorical(text), copy=False)
    release_free_memory()  # what the batches used
    return pd.DataFrame(columns, copy=False)


def _text_lengths(column: pd.Series) -> np.ndarray:
    """The length of each text (0 for a missing value or one that is not a string)."""
    try:
        lengths = column.str.len()
    except AttributeError:  # not a column of strings: no text
        return np.zeros(len(column), dtype=np.int64)
    return lengths.fillna(0).to_numpy(dtype=np.int64)


def _cuts(lengths: np.ndarray):
    """``(a, b)``: rows ``a:b`` of about ``_BATCH_CHARS`` characters (at least one row each)."""
    ends = np.cumsum(lengths + 1)
    a = 0
    while a < len(lengths):
        base = ends[a - 1] if a else 0
        b = max(int(np.searchsorted(ends, base + _BATCH_CHARS, side="left")), a + 1)
        yield a, b
        a = b


class _Growing:
    """A column written batch by batch into one array that doubles when it is full.

    The array is an anonymous memory map (:func:`toolkit._memory.fresh_array`):
    its capacity costs no memory until written, so the column is the first
    ``size`` values of it, with no copy to trim it.
    """

    def __init__(self, dtype, capacity: int):
        self._array = fresh_array(max(capacity, 16), dtype)
        self.size = 0

    def extend(self, values: np.ndarray) -> None:
        end = self.size + len(values)
        if end > len(self._array):
            grown = fresh_array(max(end, 2 * len(self._array)), self._array.dtype)
            grown[: self.size] = self._array[: self.size]
            self._array = grown
        self._array[self.size : end] = values
        self.size = end

    def result(self) -> np.ndarray:
        """The values written (a view: the pages past them were never touched, so they take no memory)."""
        return self._array[: self.size]


class _GrowingStrings:
    """A string column written batch by batch: the offsets and the UTF-8 bytes of an Arrow large_string array."""

    def __init__(self, capacity: int, byte_capacity: int):
        self._offsets = _Growing(np.int64, capacity + 1)
        self._offsets.extend(np.zeros(1, dtype=np.int64))
        self._data = _Growing(np.uint8, byte_capacity)

    def extend(self, strings: pa.LargeStringArray) -> None:
        _, offsets_buffer, data_buffer = strings.buffers()
        offsets = np.frombuffer(offsets_buffer, dtype=np.int64, count=len(strings) + 1, offset=8 * strings.offset)
        self._offsets.extend(offsets[1:] + (self._data.size - offsets[0]))
        self._data.extend(np.frombuffer(data_buffer, dtype=np.uint8)[offsets[0] : offsets[-1]])

    def result(self) -> pa.LargeStringArray:
        n = self._offsets.size - 1
        data = self._data.result()
        return pa.LargeStringArray.from_buffers(n, pa.py_buffer(self._offsets.result()), pa.py_buffer(data))


def _documents_grouped(seg_doc: np.ndarray) -> bool:
    """Whether each document's segments come together (the usual case): positions can then run batch by batch."""
    if len(seg_doc) == 0:
        return True
    runs = 1 + int(np.count_nonzero(seg_doc[1:] != seg_doc[:-1]))
    return runs == len(np.unique(seg_doc))


def _running_positions(tok_doc: np.ndarray, carry: tuple[int, int]):
    """Token numbers within each document, continued from the last batch (``carry``: its document, tokens so far)."""
    m = len(tok_doc)
    new_run = np.empty(m, dtype=bool)
    new_run[0] = tok_doc[0] != carry[0]
    np.not_equal(tok_doc[1:], tok_doc[:-1], out=new_run[1:])
    idx = np.arange(m, dtype=np.int64)
    position = idx - np.maximum.accumulate(np.where(new_run, idx, -carry[1]))
    return position, (int(tok_doc[-1]), int(position[-1]) + 1)


def _positions_by_document(tok_doc: np.ndarray) -> np.ndarray:
    """Token numbers within each document when a document's segments are not together (in text order)."""
    n = len(tok_doc)
    order = np.argsort(tok_doc, kind="stable")
    sorted_docs = tok_doc[order]
    first = np.concatenate(([True], sorted_docs[1:] != sorted_docs[:-1]))
    run_start = np.maximum.accumulate(np.where(first, np.arange(n), 0))
    position = np.empty(n, dtype=np.int64)
    position[order] = np.arange(n) - run_start
    return position


class _DocIds:
    """The documents' ids, per segment: ``codes`` (``_codes.factorize``) and their ``uniques``."""

    def __init__(self, series: pd.Series, codes: np.ndarray, uniques):
        self.series, self.codes, self.uniques = series, codes, uniques

    def column(self, doc: np.ndarray) -> pd.Series:
        """The doc_id column for tokens of documents ``doc`` (codes): categorical for str ids, else their dtype."""
        if self.series.dtype == "str":
            return pd.Series(string_categorical(doc, self.uniques), copy=False)
        row_of = np.zeros(len(self.uniques) + 1, dtype=np.int64)  # a segment row of each code (-1: the last slot)
        row_of[self.codes[::-1]] = np.arange(len(self.codes) - 1, -1, -1)
        return self.series.take(row_of[doc]).reset_index(drop=True)


def _token_categorical(surface: pa.Array) -> pd.Categorical:
    """The token column: each distinct written form (Arrow's dictionary) normalised once."""
    encoded = pc.dictionary_encode(surface)
    forms = encoded.dictionary.to_pylist()
    norm = [u.lower() if u.isascii() else normalize_token(u) for u in forms]
    norm_codes, token_uniques = pd.factorize(np.array(norm, dtype=object), sort=False)
    rank, categories = sorted_labels(token_uniques)
    return _categorical(rank[norm_codes][encoded.indices.to_numpy()], categories)  # every form is used


# --- the kernel ---------------------------------------------------------------------------------------------------
def _scan_batch(texts: list[str], seg_unit, seg_a, seg_b):
    """Tokens of a batch of texts: (segment, start, end, surface, after) in text order.

    The segments of the batch are given by ``seg_unit`` (the text each is
    in, non-decreasing) and their bounds ``seg_a``, ``seg_b`` in that text;
    ``segment`` numbers them from 0. ``start`` and ``end`` are offsets into
    the token's text; ``surface`` and ``after`` are Arrow string arrays.
    """
    big = "\n".join(texts)
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
    bases = np.zeros(len(texts), dtype=np.int64)
    np.cumsum(lengths[:-1] + 1, out=bases[1:])
    chars = _chars(big)
    starts, ends, hyph = _raw_spans(_flags(chars))
    if hyph.any():  # split compounds, keep reduplications (decided in Python once per distinct form)
        starts, ends = _split_runs(big, starts, ends, np.flatnonzero(hyph))
    if len(starts) == 0:
        empty = pa.array([], type=pa.large_string())
        return np.zeros(0, np.int64), starts, ends, empty, empty
    # the segment of each token (segments are in text order, and separated by white space or "\n")
    lo = bases[seg_unit] + seg_a
    hi = bases[seg_unit] + seg_b
    seg_local = np.repeat(np.arange(len(lo), dtype=np.int64), np.diff(np.searchsorted(starts, lo), append=len(starts)))
    if len(lo) == 0 or starts[0] < lo[0] or (ends > hi[seg_local]).any():  # pragma: no cover - a bug, not bad input
        raise RuntimeError("internal error: a token lies outside every segment; please report it.")
    after_end = np.empty_like(starts)
    np.minimum(starts[1:], hi[seg_local[:-1]], out=after_end[:-1])
    after_end[-1] = hi[seg_local[-1]]
    surface, after = _cut_strings(big, chars, starts, ends, after_end)
    unit_base = bases[seg_unit[seg_local]]
    return seg_local, starts - unit_base, ends - unit_base, surface, after


class _Chars(NamedTuple):
    """A text as the scanner reads it: one byte per character, and the characters that are not ASCII apart."""

    ascii: bytes  # each character, or "?" for one that is not ASCII
    wide: np.ndarray  # the positions of the characters that are not ASCII (few, in Indonesian news)
    wide_cps: np.ndarray  # their code points


def _chars(text: str) -> _Chars:
    ascii = text.encode("ascii", errors="replace")
    if text.isascii():
        return _Chars(ascii, np.zeros(0, np.int64), np.zeros(0, np.uint32))
    units = text.encode("utf-16-le")
    if len(units) == 2 * len(text):  # no surrogate pairs: one UTF-16 unit per character
        cps = np.frombuffer(units, dtype=np.uint16)
    else:  # emoji and other characters beyond the Basic Multilingual Plane
        cps = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    wide = np.flatnonzero(cps >= 0x80)
    return _Chars(ascii, wide, cps[wide].astype(np.uint32))


def _flags(chars: _Chars) -> np.ndarray:
    """The flags (:func:`toolkit._token_rules.char_class`) of every character: ASCII ones by ``bytes.translate``,
    the others from a table filled lazily (each code point classified once)."""
    flags = np.frombuffer(chars.ascii.translate(_ascii_flags()), dtype=np.uint8).copy()
    if len(chars.wide):
        table = _flag_table()
        wide_flags = table[chars.wide_cps]
        if (wide_flags == _UNKNOWN).any():
            _classify(np.unique(chars.wide_cps[wide_flags == _UNKNOWN]))
            wide_flags = table[chars.wide_cps]
        flags[chars.wide] = wide_flags
    return flags


@functools.lru_cache(maxsize=1)
def _ascii_flags() -> bytes:
    """The flags of the 128 ASCII characters, as a ``bytes.translate`` table (other bytes: 0)."""
    return bytes([char_class(chr(c)) for c in range(128)] + [0] * 128)


def _flag_table() -> np.ndarray:
    global _TABLE
    if _TABLE is None:
        with _TABLE_LOCK:
            if _TABLE is None:
                table = np.full(0x110000, _UNKNOWN, dtype=np.uint8)
                table[:128] = [char_class(chr(c)) for c in range(128)]
                _TABLE = table
    return _TABLE


def _classify(code_points: np.ndarray) -> None:
    with _TABLE_LOCK:
        _TABLE[code_points] = [char_class(chr(c)) for c in code_points.tolist()]


def _raw_spans(flags: np.ndarray):
    """(starts, ends, has_hyphen) of the raw token runs, as numpy arrays.

    A run is a maximal sequence of word characters in which a joiner
    between two word characters, or a number separator between two digits,
    is kept. Joiners and separators are few, so they are judged one by one
    (by their positions) rather than over the whole text.
    """
    n = len(flags)
    if n == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0, dtype=bool)
    tok = (flags & WORD).view(bool)
    cand = np.flatnonzero(flags[1:-1] >= JOINER) + 1  # joiners and separators (JOINER < NUMBER_SEP, HYPHEN)
    hyph = cand[:0]
    if len(cand):
        f, before, after = flags[cand], flags[cand - 1], flags[cand + 1]
        joined = (((f & JOINER) != 0) & ((before & after & WORD) != 0)) | (
            ((f & NUMBER_SEP) != 0) & ((before & after & DIGIT) != 0))
        inner = cand[joined]
        tok[inner] = True
        hyph = inner[(f[joined] & HYPHEN) != 0]
    edges = np.flatnonzero(tok[1:] != tok[:-1]) + 1
    if tok[0]:
        edges = np.concatenate(([0], edges))
    if tok[-1]:
        edges = np.concatenate((edges, [n]))
    starts, ends = edges[0::2].astype(np.int64), edges[1::2].astype(np.int64)
    has_h = np.zeros(len(starts), dtype=bool)
    if len(hyph):  # the run each inner hyphen is in
        has_h[np.searchsorted(starts, hyph, side="right") - 1] = True
    return starts, ends, has_h


def _split_runs(big: str, starts, ends, which):
    """Split the hyphen-joined runs ``which`` of ``big`` into tokens (see :func:`split_hyphenated`).

    Each distinct written form is decided once; the new spans are placed
    with numpy, so a corpus with many hyphenated words costs little more.
    """
    forms = [big[a:b] for a, b in zip(starts[which].tolist(), ends[which].tolist())]
    form_codes, distinct = pd.factorize(np.array(forms, dtype=object), sort=False)
    pieces = [split_hyphenated(f) for f in distinct]
    k = np.fromiter((len(p) for p in pieces), dtype=np.int64, count=len(pieces))
    split = k[form_codes] > 1  # reduplications stay one token: nothing to change
    if not split.any():
        return starts, ends
    which, form_codes = which[split], form_codes[split]
    rel_s = np.fromiter((a for p in pieces for a, _ in p), dtype=np.int64, count=int(k.sum()))
    rel_e = np.fromiter((b for p in pieces for _, b in p), dtype=np.int64, count=int(k.sum()))
    first_piece = np.cumsum(k) - k  # where each distinct form's pieces start in rel_s / rel_e
    counts = np.ones(len(starts), dtype=np.int64)
    counts[which] = k[form_codes]
    new_s = np.repeat(starts, counts)
    new_e = np.repeat(ends, counts)
    kk = k[form_codes]
    within = np.arange(int(kk.sum())) - np.repeat(np.cumsum(kk) - kk, kk)  # 0, 1, .. inside each split run
    target = np.repeat((np.cumsum(counts) - counts)[which], kk) + within
    source = np.repeat(first_piece[form_codes], kk) + within
    base = new_s[target]
    new_s[target] = base + rel_s[source]
    new_e[target] = base + rel_e[source]
    return new_s, new_e


def _cut_strings(big: str, chars: _Chars, starts, ends, after_end):
    """The tokens (``starts:ends``) and what follows them (``ends:after_end``) as Arrow strings, cut from the
    UTF-8 bytes of ``big`` by offsets (no Python slicing)."""
    bounds = np.empty(3 * len(starts) + 1, dtype=np.int64)  # token, after, gap to the next token; ...
    bounds[0:-1:3] = starts
    bounds[1:-1:3] = ends
    bounds[2:-1:3] = after_end
    if len(chars.wide):
        data = big.encode("utf-8")
        bounds[:-1] += _extra_bytes_before(chars, bounds[:-1])
    else:
        data = chars.ascii
    bounds[-1] = len(data)
    pieces = pa.LargeStringArray.from_buffers(len(bounds) - 1, pa.py_buffer(bounds), pa.py_buffer(data))
    idx = np.arange(0, 3 * len(starts), 3, dtype=_codes.index_dtype(3 * len(starts)))  # int32 takes are faster
    return pieces.take(idx), pieces.take(idx + 1)


def _extra_bytes_before(chars: _Chars, points: np.ndarray) -> np.ndarray:
    """For sorted character offsets ``points``: the UTF-8 bytes beyond one per character that come before each.

    Only the characters that are not ASCII are looked at (few, in
    Indonesian news), each placed among the points by a binary search,
    rather than a running sum over the whole text.
    """
    c = chars.wide_cps
    extra = 1 + (c >= 0x800).astype(np.int64) + (c >= 0x10000)  # 2-byte characters add 1, 3-byte 2, 4-byte 3
    before = np.zeros(len(points) + 1, dtype=np.int64)
    np.add.at(before, np.searchsorted(points, chars.wide, side="right"), extra)  # at the first point after each
    return np.cumsum(before[:-1])
