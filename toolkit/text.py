"""Text to segments to tokens: paragraph and sentence splitting, tokenising, normalising.

Every segment and token keeps ``start``/``end`` character offsets into its
document's ``text``, so ``docs.text[start:end]`` gives back exactly what was
written. Normalisation (Unicode NFKC, curly apostrophes, soft hyphens,
zero-width characters, lower case) applies to the ``token`` column only.
"""

from __future__ import annotations

import functools
import re
import threading
import unicodedata
from typing import Literal

import pandas as pd

from . import _codes, _data
from ._validate import check_choice, check_columns

__all__ = ["segment", "tokenize", "normalize_token", "split_sentences", "load_abbreviations"]

# --- characters -----------------------------------------------------------
_INVISIBLE = "\u00ad\u200c\u200d\u2060"  # soft hyphen, ZWNJ, ZWJ, word joiner: inside a word, dropped
_APOSTROPHES = "'\u2019\u02bc"  # ' ’ ʼ between letters: part of the word (Jum'at, Qur'an)
_HYPHENS = "-\u2010\u2011"  # hyphen-minus, hyphen, non-breaking hyphen
_HYPHEN_SPLIT_RE = re.compile(rf"[{_HYPHENS}]")
_DROP = str.maketrans({c: None for c in _INVISIBLE + "\u200b\ufeff"})
_MAP = str.maketrans({"\u2019": "'", "\u02bc": "'", "\u2010": "-", "\u2011": "-"})
_CLITICS = frozenset({"nya", "ku", "mu", "lah", "kah", "pun", "tah"})
_VOWELS = set("aeiou")
_PLAIN = re.compile(r"[a-z]+")


def normalize_token(text: str) -> str:
    """Normalise a token as written into the form used for matching and stemming.

    Unicode NFKC (full-width and ligature forms to plain ones), soft hyphens
    and zero-width characters removed, curly apostrophes and Unicode hyphens
    made ASCII, then lower case.

    Parameters
    ----------
    text : str

    Returns
    -------
    str

    Examples
    --------
    >>> normalize_token("Jum\u2019at")
    "jum'at"
    >>> normalize_token("ke\u00adamanan")
    'keamanan'
    >>> normalize_token("\uff21\uff33\uff25\uff21\uff2e")
    'asean'
    """
    return unicodedata.normalize("NFKC", text).translate(_DROP).translate(_MAP).lower()


def _skeleton(word: str) -> str:
    return "".join(c for c in word if c not in _VOWELS)


def _is_reduplication(left: str, right: str) -> bool:
    """Whether ``left-right`` (normalised parts) should stay one token."""
    if left == right:
        return True  # negara-negara
    if right in _CLITICS:
        return True  # dia-lah
    l_digit, r_digit = left.isdigit(), right.isdigit()
    if l_digit != r_digit and not (l_digit and r_digit):
        # one part all digits, the other with letters: COVID-19, ke-70, F-16, G-20
        return True
    if (len(left) == 1 and left.isalpha()) or (len(right) == 1 and right.isalpha()):
        return True  # e-KTP, e-commerce
    if left.isalpha() and right.isalpha() and len(left) >= 3 and len(right) >= 3:
        if left[1:] == right[1:]:
            return True  # sayur-mayur, lauk-pauk, ramah-tamah
        if left[0] == right[0] and len(left) == len(right) and _skeleton(left) == _skeleton(right):
            return True  # bolak-balik, gerak-gerik, warna-warni, mondar-mandir
    # affixed reduplication as Sastrawi reads it: bersama-sama, berbalas-balasan, sebaik-baiknya
    # (only for plain letters: Sastrawi blanks out every other character, so Ma'ruf or 1.000 would look "stemmed")
    if _PLAIN.fullmatch(left) and _PLAIN.fullmatch(right):
        return _sastrawi_reduplication(f"{left}-{right}")
    return False


@functools.lru_cache(maxsize=65536)
def _sastrawi_reduplication(word: str) -> bool:
    from .stemming import stem_word

    return stem_word(word, overrides=False) != word


@functools.lru_cache(maxsize=100_000)
def _split_relative(text: str) -> tuple[tuple[int, int], ...]:
    """Token spans inside one hyphen-joined run, relative to its start (cached per form)."""
    return tuple(_split_hyphenated(text, 0))


def _split_hyphenated(text: str, start: int):
    """Split one hyphen-joined match into tokens: reduplications stay whole, compounds split."""
    parts = []
    pos = 0
    for m in _HYPHEN_SPLIT_RE.finditer(text):
        parts.append((pos, m.start()))
        pos = m.end()
    parts.append((pos, len(text)))
    norm = [normalize_token(text[a:b]) for a, b in parts]
    if len(parts) > 2 and all(_PLAIN.fullmatch(x) for x in norm) and _sastrawi_reduplication("-".join(norm)):
        return [(start, start + len(text))]
    groups = [[0]]
    for i in range(1, len(parts)):
        if _is_reduplication(norm[i - 1], norm[i]):
            groups[-1].append(i)
        else:
            groups.append([i])
    return [(start + parts[g[0]][0], start + parts[g[-1]][1]) for g in groups]


_W, _D, _J, _H, _N = 1, 2, 4, 8, 16  # word character, digit, joiner, hyphen, number separator
_CLASSES = None  # uint8 flags per code point; filled lazily for code points above ASCII
_KNOWN = None
_CLASS_LOCK = threading.Lock()


def _class_of(ch: str) -> int:
    flags = 0
    if ch.isalnum():
        flags |= _W | (_D if ch.isdigit() else 0)
    elif unicodedata.category(ch)[0] == "M":
        flags |= _W  # combining marks (decomposed é, Arabic harakat, Indic vowel signs)
    if ch in _INVISIBLE or ch in _APOSTROPHES or ch in _HYPHENS:
        flags |= _J  # joins two word characters: Jum'at, ke\u00adamanan, negara-negara
    if ch in _HYPHENS:
        flags |= _H
    if ch in ".,":
        flags |= _N  # joins two digits: 1.000, 3,5
    return flags


def _class_table(cps):
    """The flag table, with every code point of ``cps`` classified (classification is lazy: once per code point)."""
    import numpy as np

    global _CLASSES, _KNOWN
    if _CLASSES is None:
        with _CLASS_LOCK:
            if _CLASSES is None:
                table = np.zeros(0x110000, dtype=np.uint8)
                known = np.zeros(0x110000, dtype=bool)
                table[:128] = [_class_of(chr(c)) for c in range(128)]
                known[:128] = True
                _KNOWN = known  # before _CLASSES: a thread that sees _CLASSES set also sees _KNOWN
                _CLASSES = table
    if cps.dtype != np.uint8:
        high = cps[cps >= 128]
        if len(high):
            high = np.unique(high)
            if not _KNOWN[high].all():
                with _CLASS_LOCK:  # threads (Dask's threaded scheduler) may classify at the same time
                    new = high[~_KNOWN[high]]
                    _CLASSES[new] = [_class_of(chr(c)) for c in new.tolist()]
                    _KNOWN[new] = True
    return _CLASSES


def _code_points(big: str):
    """The code points of ``big`` as a numpy array: uint8 when it is ASCII, uint16 when every character
    is in the Basic Multilingual Plane (one UTF-16 unit each: half the memory of uint32), else uint32."""
    import numpy as np

    if big.isascii():
        return np.frombuffer(big.encode("ascii"), dtype=np.uint8)
    units = big.encode("utf-16-le")
    if len(units) == 2 * len(big):  # no surrogate pairs (emoji and other astral characters need two units)
        return np.frombuffer(units, dtype=np.uint16)
    return np.frombuffer(big.encode("utf-32-le"), dtype=np.uint32)


def _raw_spans(big: str, cps=None):
    """(starts, ends, has_hyphen) of the raw token runs of ``big``, as numpy arrays.

    A run is a maximal sequence of word characters (letters, digits,
    combining marks) in which a single joiner (apostrophe, hyphen, soft
    hyphen, zero-width joiner) between two word characters, or a single
    ``.`` or ``,`` between two digits, is kept.
    """
    import numpy as np

    if cps is None:
        cps = _code_points(big)
    n = len(cps)
    if n == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0, dtype=bool)
    c = _class_table(cps)[cps]
    w = (c & _W).view(bool)
    tok = w.copy()
    if n > 2:
        # a joiner between two word characters, or a number separator between two digits
        mid = c[1:-1]
        both_w = w[:-2] & w[2:]
        d = (c & _D) != 0
        inner_mid = (((mid & _J) != 0) & both_w) | (((mid & _N) != 0) & d[:-2] & d[2:])
        tok[1:-1] |= inner_mid
        hyph = np.flatnonzero(inner_mid & ((mid & _H) != 0)) + 1
    else:
        hyph = np.zeros(0, dtype=np.int64)
    edges = np.flatnonzero(tok[1:] != tok[:-1]) + 1
    if tok[0]:
        edges = np.concatenate(([0], edges))
    if tok[-1]:
        edges = np.concatenate((edges, [n]))
    starts, ends = edges[0::2], edges[1::2]
    has_h = np.zeros(len(starts), dtype=bool)
    if len(hyph):  # the run each inner hyphen is in
        has_h[np.searchsorted(starts, hyph, side="right") - 1] = True
    return starts.astype(np.int64), ends.astype(np.int64), has_h


def _segment_key(tokens: pd.DataFrame):
    """One integer per (doc_id, seg_id) pair of a tokens table: equal for tokens of the same segment."""
    import numpy as np

    doc_codes, _ = _codes.codes_with_missing(tokens["doc_id"])
    seg = tokens["seg_id"].to_numpy(dtype=np.int64)
    width = int(seg.max()) + 1 if len(seg) else 1
    return doc_codes.astype(np.int64) * width + seg


def _token_spans(text: str, offset: int = 0):
    """Yield (start, end) of every token in ``text``, shifted by ``offset``."""
    starts, ends, hyph = _raw_spans(text)
    for s, e, h in zip(starts.tolist(), ends.tolist(), hyph.tolist()):
        if h:
            for a, b in _split_relative(text[s:e]):
                yield a + s + offset, b + s + offset
        else:
            yield s + offset, e + offset


# --- segmentation ---------------------------------------------------------
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


def _spans_stripped(text: str, a: int, b: int):
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


def _paragraph_spans(text: str):
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


def split_sentences(text: str, start: int = 0, end: int | None = None):
    """Sentence spans in ``text[start:end]``, as ``(start, end)`` offsets into ``text``.

    A sentence ends at ``.``, ``!``, ``?`` or an ellipsis (with any closing
    quotes or brackets after it) followed by white space and then a capital
    letter, a digit or an opening quote, or by the end of the span. A period
    does not end a sentence after an abbreviation from
    :func:`load_abbreviations` (dll., Prof., a.n., ...) or after a single
    capital letter (an initial); decimals (3.5) and dates (11/9/2019) have
    no white space after the period and never end one.

    Parameters
    ----------
    text : str
    start, end : int, optional
        The span to split (default: all of ``text``).

    Returns
    -------
    list of tuple of int

    Examples
    --------
    >>> t = "Prof. Hikmahanto hadir. Ia bicara soal ASEAN, APEC, dll. Lalu B. J. Habibie tiba."
    >>> [t[a:b] for a, b in split_sentences(t)]
    ['Prof. Hikmahanto hadir.', 'Ia bicara soal ASEAN, APEC, dll.', 'Lalu B. J. Habibie tiba.']
    """
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
        span = _spans_stripped(text, sent_start, stop)
        if span:
            spans.append(span)
        sent_start = stop
    span = _spans_stripped(text, sent_start, end)
    if span:
        spans.append(span)
    return spans


Unit = Literal["paragraph", "sentence", "document"]


def segment(docs: pd.DataFrame, *, by: Unit = "paragraph", text_col: str = "text", id_col: str = "doc_id") -> pd.DataFrame:
    """Split documents into paragraphs or sentences.

    Paragraphs are separated by blank lines; a document without any blank
    line has one paragraph per non-empty line. A line may end in LF, CRLF
    or a lone CR (old Mac files): the three split paragraphs alike, and
    offsets refer to the text as it is, line ends included. Sentences are
    found inside paragraphs (a sentence never crosses a paragraph), see
    :func:`split_sentences`. White space around a segment is left out of it.
    The input is not modified.

    Parameters
    ----------
    docs : pandas.DataFrame
        The docs table (see :func:`toolkit.load_corpus`).
    by : {"paragraph", "sentence", "document"}, default "paragraph"
        The unit. ``"document"`` gives one segment per non-empty document.
    text_col, id_col : str
        Columns holding the text and the document id.

    Returns
    -------
    pandas.DataFrame
        One row per segment, in document order then text order: ``doc_id``
        (str), ``seg_id`` (int, 0-based within the document), ``start`` and
        ``end`` (int, character offsets into the document's text, so
        ``text[start:end]`` is the segment), ``text`` (str, the segment as
        written); with ``by="sentence"`` also ``para_id`` (int, the
        paragraph the sentence is in). Documents with an empty text have no
        segments. RangeIndex.

    Raises
    ------
    ColumnError
        ``docs`` lacks ``text_col`` or ``id_col``.
    ValueError
        ``by`` is not one of the allowed units, or two documents share an id.

    See Also
    --------
    tokenize, split_sentences, prepare

    Examples
    --------
    >>> import pandas as pd
    >>> docs = pd.DataFrame({"doc_id": ["a"], "text": ["Xi tiba. Dia disambut.\\n\\nTokayev bicara."]})
    >>> segment(docs)[["seg_id", "start", "end", "text"]]
       seg_id  start  end                    text
    0       0      0   22  Xi tiba. Dia disambut.
    1       1     24   39         Tokayev bicara.
    >>> segment(docs, by="sentence")["text"].tolist()
    ['Xi tiba.', 'Dia disambut.', 'Tokayev bicara.']
    """
    _check_segment_args(docs, by, text_col, id_col)
    parts = _segment_parts(docs, by, text_col, id_col)
    out = pd.DataFrame(
        {
            "doc_id": parts["doc_id"],
            "seg_id": pd.Series(parts["seg_id"], copy=False),
            "start": pd.Series(parts["start"], copy=False),
            "end": pd.Series(parts["end"], copy=False),
            "text": pd.Series(parts["text"], dtype="str"),
        },
        copy=False,
    )
    if by == "sentence":
        out["para_id"] = pd.Series(parts["para_id"], copy=False)
    return out


def _check_segment_args(docs: pd.DataFrame, by: Unit, text_col: str, id_col: str) -> None:
    """segment's checks: a known unit, both columns there, no id twice (the error names the repeated ids)."""
    check_choice("by", by, ("paragraph", "sentence", "document"))
    check_columns(docs, [text_col, id_col], table_name="docs", hint="Load documents with tk.load_corpus(...).")
    dup = docs[id_col][docs[id_col].duplicated(keep=False)]
    if len(dup):
        shown = ", ".join(map(repr, list(dict.fromkeys(dup.tolist()))[:5]))
        raise ValueError(f"docs has duplicate ids in column {id_col!r} ({shown}); each document needs a unique id "
                         "(tk.load_corpus checks this when it reads files).")


def _segment_parts(docs: pd.DataFrame, by: Unit, text_col: str, id_col: str, *, with_text: bool = True) -> dict:
    """The columns of :func:`segment`'s table (texts as a Python list), without building the table.

    Also ``doc_texts`` (the text of each document that has segments) and
    ``unit`` (for each segment, its document's place in ``doc_texts``).
    """
    import numpy as np

    if by == "paragraph":
        return _paragraph_parts(docs, text_col, id_col, with_text=with_text)
    doc_rows, per_doc, starts, ends, texts, paras, doc_texts = [], [], [], [], [], [], []
    for row, text in enumerate(docs[text_col].tolist()):
        if not isinstance(text, str) or not text:
            continue
        if by == "document":
            span = _spans_stripped(text, 0, len(text))
            spans = [(span, 0)] if span else []
        elif by == "paragraph":
            spans = [(s, i) for i, s in enumerate(_paragraph_spans(text))]
        else:
            spans = [
                (s, p) for p, (a, b) in enumerate(_paragraph_spans(text)) for s in split_sentences(text, a, b)
            ]
        if not spans:
            continue
        doc_rows.append(row)
        doc_texts.append(text)
        per_doc.append(len(spans))
        starts.extend([a for (a, _), _ in spans])
        ends.extend([b for (_, b), _ in spans])
        paras.extend([p for _, p in spans])
        if with_text:
            texts.extend([text[a:b] for (a, b), _ in spans])
    counts = np.array(per_doc, dtype=np.int64)
    first = np.cumsum(counts) - counts
    rows = np.repeat(np.array(doc_rows, dtype=np.int64), counts)
    return {
        "doc_id": docs[id_col].iloc[rows].reset_index(drop=True),
        "seg_id": np.arange(len(rows), dtype=np.int64) - np.repeat(first, counts),
        "start": np.array(starts, dtype=np.int64),
        "end": np.array(ends, dtype=np.int64),
        "text": texts,
        "para_id": np.array(paras, dtype=np.int64),
        "doc_texts": doc_texts,
        "unit": np.repeat(np.arange(len(doc_rows), dtype=np.int64), counts),
    }


def _paragraph_spans_many(texts: list[str]) -> tuple:
    """:func:`_paragraph_spans` of many texts at once: (text index, start, end) arrays, in text order.

    The texts of each mode (blank-line blocks, or lines) are joined, with a
    separator no paragraph can cross ("\\n\\n" makes a blank line, "\\n"
    ends a line), and searched with one regular-expression pass each.
    """
    import numpy as np

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
        for k in np.flatnonzero([joined[e - 1].isspace() for e in b.tolist()]).tolist():
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


def _paragraph_parts(docs: pd.DataFrame, text_col: str, id_col: str, *, with_text: bool) -> dict:
    """_segment_parts for paragraphs, found for all documents at once."""
    import numpy as np

    all_texts = docs[text_col].tolist()
    rows_with_text = [r for r, t in enumerate(all_texts) if isinstance(t, str) and t]
    texts_in = [all_texts[r] for r in rows_with_text]
    index, starts, ends = _paragraph_spans_many(texts_in)
    counts_all = np.bincount(index, minlength=len(texts_in)) if len(index) else np.zeros(len(texts_in), np.int64)
    has = np.flatnonzero(counts_all > 0)
    counts = counts_all[has]
    doc_rows = np.asarray(rows_with_text, dtype=np.int64)[has] if len(has) else np.zeros(0, np.int64)
    doc_texts = [texts_in[i] for i in has.tolist()]
    first = np.cumsum(counts) - counts
    seg_id = np.arange(len(index), dtype=np.int64) - np.repeat(first, counts)
    texts = ([texts_in[i][a:b] for i, a, b in zip(index.tolist(), starts.tolist(), ends.tolist())]
             if with_text else [])
    return {
        "doc_id": docs[id_col].iloc[np.repeat(doc_rows, counts)].reset_index(drop=True),
        "seg_id": seg_id,
        "start": starts,
        "end": ends,
        "text": texts,
        "para_id": seg_id.copy(),
        "doc_texts": doc_texts,
        "unit": np.repeat(np.arange(len(has), dtype=np.int64), counts),
    }


def tokenize(segments: pd.DataFrame) -> pd.DataFrame:
    """Split segments into word tokens with character offsets.

    A token is a run of letters and digits; apostrophes between letters
    (Jum'at) and soft hyphens or zero-width joiners inside a word stay in
    it; numbers with inner ``.`` or ``,`` (1.000, 3,5) are one token.
    Hyphenated forms stay one token when they are reduplications
    (negara-negara, bersama-sama, sayur-mayur, bolak-balik), carry a clitic
    or mix letters and digits (COVID-19, ke-70, 5G); other hyphenated
    compounds are split (Tiongkok-Kazakhstan gives two tokens, so each
    country is counted). Punctuation is not a token.

    Parameters
    ----------
    segments : pandas.DataFrame
        A segments table from :func:`segment` (columns ``doc_id``,
        ``seg_id``, ``start``, ``text``).

    Returns
    -------
    pandas.DataFrame
        One row per token, in text order: ``doc_id`` (str), ``seg_id``
        (int), ``position`` (int, 0-based index of the token in its
        document), ``start`` and ``end`` (int, offsets into the document's
        text: ``docs.text[start:end] == text``), ``text`` (str, as
        written), ``after`` (str, what is written between this token and
        the next one of its segment, or to the segment's end: spaces and
        punctuation, so ``text + after`` of a run of tokens gives back the
        segment exactly) and ``token`` (str, normalised by
        :func:`normalize_token`). RangeIndex. The input is not modified.

    Raises
    ------
    ColumnError
        ``segments`` lacks a needed column.

    Examples
    --------
    >>> import pandas as pd
    >>> docs = pd.DataFrame({"doc_id": ["a"], "text": ["Negara-negara Tiongkok-Kazakhstan, 5G & ke-70."]})
    >>> tokenize(segment(docs))[["position", "start", "end", "text", "after", "token"]]
       position  start  end           text after          token
    0         0      0   13  Negara-negara              negara-negara
    1         1     14   22       Tiongkok     -       tiongkok
    2         2     23   33     Kazakhstan    ,      kazakhstan
    3         3     35   37             5G    &              5g
    4         4     40   45          ke-70     .          ke-70
    """
    check_columns(segments, ["doc_id", "seg_id", "start", "text"], table_name="segments",
                  hint="Make one with tk.segment(docs).")
    import numpy as np

    texts = [t if isinstance(t, str) else "" for t in segments["text"].tolist()]
    n = len(texts)
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=n)
    return _tokenize_arrays(texts, segments["start"].to_numpy(dtype="int64"), np.arange(n, dtype=np.int64),
                            np.zeros(n, dtype=np.int64), lengths, segments["seg_id"].to_numpy(dtype="int64"),
                            segments["doc_id"])


_BATCH_CHARS = 4_000_000


def _tokenize_arrays(texts: list[str], text_offset, seg_unit, seg_a, seg_b, seg_ids, doc_series: pd.Series
                     ) -> pd.DataFrame:
    """Vectorised tokeniser: numpy over code points, Arrow for the strings.

    ``texts`` are the texts to scan (segments, or whole documents), each at
    ``text_offset`` in its document. Per segment: ``seg_unit`` (the text it
    is in, non-decreasing), ``seg_a`` and ``seg_b`` (its bounds in that
    text), ``seg_ids`` and ``doc_series`` (its document id). Scanning whole
    documents gives the same tokens as scanning their segments: segments
    are separated by white space, which no token crosses.

    The work runs in batches of texts (about 4 million characters), so
    every temporary array stays small: memory that is touched for the
    first time is costly, and big temporaries would also raise the peak.
    """
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    seg_doc, doc_uniques = _codes.codes_with_missing(doc_series)
    seg_doc = seg_doc.astype(np.int64)
    n_seg = len(seg_doc)
    runs = 1 + int(np.count_nonzero(seg_doc[1:] != seg_doc[:-1])) if n_seg else 0
    grouped = runs == len(doc_uniques)  # each document's segments in one run (the usual case)
    doc_labels = None
    if doc_series.dtype == "str":
        doc_labels = pa.array([None if (isinstance(u, float) and u != u) else u for u in doc_uniques.tolist()],
                              type=pa.large_string())
    batches = []
    prev_doc, carry = -1, 0  # the document running at the end of the last batch, and its tokens so far
    i = 0
    while i < len(texts):
        j, size = i, 0
        while j < len(texts) and (size == 0 or size + len(texts[j]) < _BATCH_CHARS):
            size += len(texts[j]) + 1
            j += 1
        k0, k1 = np.searchsorted(seg_unit, [i, j])
        seg_of, starts, ends, surface, after = _tokenize_batch(texts[i:j], seg_unit[k0:k1] - i, seg_a[k0:k1],
                                                               seg_b[k0:k1])
        i = j
        m = len(seg_of)
        if m == 0:
            continue
        seg_of += k0
        tok_doc = seg_doc[seg_of]
        if grouped:  # position: running token number within the document, carried across batches
            new_run = np.empty(m, dtype=bool)
            new_run[0] = tok_doc[0] != prev_doc
            np.not_equal(tok_doc[1:], tok_doc[:-1], out=new_run[1:])
            idx = np.arange(m, dtype=np.int64)
            position = idx - np.maximum.accumulate(np.where(new_run, idx, -carry))
            prev_doc, carry = int(tok_doc[-1]), int(position[-1]) + 1
        else:
            position = None
        offset = text_offset[seg_unit[seg_of]]
        batches.append((seg_of, tok_doc, starts + offset, ends + offset, position, surface, after))
    n = sum(len(b[0]) for b in batches)
    if batches:
        seg_of = np.concatenate([b[0] for b in batches])
        doc_codes = [b[1] for b in batches]
        start_col = np.concatenate([b[2] for b in batches])
        end_col = np.concatenate([b[3] for b in batches])
        # one chunk per column: Arrow joins a column's chunks again on every take or filter otherwise
        surface = pa.chunked_array([pa.concat_arrays([b[5] for b in batches])])
        after = pa.chunked_array([pa.concat_arrays([b[6] for b in batches])])
    else:
        seg_of = start_col = end_col = np.zeros(0, dtype=np.int64)
        doc_codes = []
        surface = after = pa.chunked_array([], type=pa.large_string())
    if grouped:
        position = np.concatenate([b[4] for b in batches]) if batches else np.zeros(0, dtype=np.int64)
        del batches
    else:  # segments of a document are not together: number each document's tokens in text order
        tok_doc = np.concatenate(doc_codes)
        order = np.argsort(tok_doc, kind="stable")
        sorted_docs = tok_doc[order]
        first = np.concatenate(([True], sorted_docs[1:] != sorted_docs[:-1]))
        run_start = np.maximum.accumulate(np.where(first, np.arange(n), 0))
        position = np.empty(n, dtype=np.int64)
        position[order] = np.arange(n) - run_start
    # the token column: each distinct written form (Arrow's dictionary, first-appearance order) normalised once
    encoded = pc.dictionary_encode(surface)
    forms = encoded.chunks[0].dictionary.to_pylist() if encoded.num_chunks else []
    norm = [u.lower() if u.isascii() else normalize_token(u) for u in forms]
    norm_codes, token_uniques = pd.factorize(np.array(norm, dtype=object), sort=False)
    norm_codes = norm_codes.astype(_codes.index_dtype(len(token_uniques)))
    token_codes = (np.concatenate([norm_codes[c.indices.to_numpy()] for c in encoded.chunks]) if n
                   else np.zeros(0, dtype=norm_codes.dtype))
    token_col = pd.Series(pa.array(token_uniques.tolist(), type=pa.large_string()).take(token_codes), dtype="str")
    _codes.remember(token_col, token_codes, token_uniques)
    # the doc_id column
    if doc_labels is not None:
        take_type = _codes.index_dtype(len(doc_labels))
        all_codes = np.concatenate(doc_codes).astype(take_type) if doc_codes else np.zeros(0, dtype=take_type)
        doc_col = pd.Series(doc_labels.take(all_codes), dtype="str")
        if grouped and n and doc_labels.null_count == 0:  # its codes, renumbered to first appearance among tokens
            present = np.zeros(len(doc_labels), dtype=bool)
            for c in doc_codes:
                present[c] = True
            renumber = (np.cumsum(present) - 1).astype(take_type)
            _codes.remember(doc_col, np.concatenate([renumber[c] for c in doc_codes]), doc_uniques[present])
    else:
        doc_col = pd.Series(doc_series.to_numpy()[seg_of], dtype=doc_series.dtype)
    return pd.DataFrame(
        {
            "doc_id": doc_col,
            "seg_id": pd.Series(seg_ids[seg_of], dtype="int64", copy=False),
            "position": pd.Series(position, dtype="int64", copy=False),
            "start": pd.Series(start_col, dtype="int64", copy=False),
            "end": pd.Series(end_col, dtype="int64", copy=False),
            "text": pd.Series(surface, dtype="str"),
            "after": pd.Series(after, dtype="str"),
            "token": token_col,
        },
        copy=False,
    )


def _split_runs(big: str, starts, ends, which):
    """Split the hyphen-joined runs ``which`` of ``big`` into tokens (see :func:`_split_hyphenated`).

    Each distinct written form is decided once; the new spans are placed
    with numpy, so a corpus with many hyphenated words costs little more.
    """
    import numpy as np

    forms = [big[a:b] for a, b in zip(starts[which].tolist(), ends[which].tolist())]
    form_codes, distinct = pd.factorize(np.array(forms, dtype=object), sort=False)
    pieces = [_split_relative(f) for f in distinct]
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


def _tokenize_batch(texts: list[str], seg_unit, seg_a, seg_b):
    """Tokens of a batch of texts: (segment, start, end, surface, after) in text order.

    The segments of the batch are given by ``seg_unit`` (the text each is
    in, non-decreasing) and their bounds ``seg_a``, ``seg_b`` in that text;
    ``segment`` numbers them from 0. ``start`` and ``end`` are offsets into
    the token's text; ``surface`` and ``after`` are Arrow string arrays.
    """
    import numpy as np
    import pyarrow as pa

    big = "\n".join(texts)
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
    bases = np.zeros(len(texts), dtype=np.int64)
    np.cumsum(lengths[:-1] + 1, out=bases[1:])
    cps = _code_points(big)
    starts, ends, hyph = _raw_spans(big, cps)
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
    seg_end = hi[seg_local]
    unit_base = bases[seg_unit[seg_local]]
    after_end = np.empty_like(starts)
    np.minimum(starts[1:], seg_end[:-1], out=after_end[:-1])
    after_end[-1] = seg_end[-1]
    # UTF-8 byte offsets of the code points, to cut the strings in Arrow without Python slicing
    if cps.dtype == np.uint8:
        data = big.encode("ascii")
        to_byte = lambda x: x  # noqa: E731  (ASCII: bytes are code points)
    else:
        data = big.encode("utf-8")
        wide = np.flatnonzero(cps >= 0x80)  # each adds 1, 2 or 3 bytes
        c = cps[wide]
        extra = np.zeros(len(cps) + 1, dtype=np.int32 if len(data) < 2**31 else np.int64)
        extra[wide + 1] = 1 + (c >= 0x800) + ((c >= 0x10000) if cps.dtype == np.uint32 else 0)
        np.cumsum(extra, out=extra)  # extra[i]: bytes beyond one per code point, before code point i
        to_byte = lambda x: x + extra[x]  # noqa: E731
    bounds = np.empty(3 * len(starts) + 1, dtype=np.int64)
    bounds[0:-1:3] = to_byte(starts)
    bounds[1:-1:3] = to_byte(ends)
    bounds[2:-1:3] = to_byte(after_end)
    bounds[-1] = len(data)
    # pieces: token, after, gap (to the next token, across segments), ...; keep the first two of each three
    pieces = pa.LargeStringArray.from_buffers(len(bounds) - 1, pa.py_buffer(bounds), pa.py_buffer(data))
    idx = np.arange(0, 3 * len(starts), 3, dtype=_codes.index_dtype(3 * len(starts)))  # int32 takes are much faster
    surface = pieces.take(idx)
    after = pieces.take(idx + 1)
    return seg_local, starts - unit_base, ends - unit_base, surface, after
