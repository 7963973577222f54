"""The fast theme matcher behind :func:`toolkit.find_themes`, in three steps.

1. :func:`candidate_spans`: every span of tokens where an entry of a
   compiled lexicon matches, found with integer codes of the tokens' forms
   and stems (one pass over the tokens per first token test, then numpy
   comparisons for the further words of phrases).
2. :func:`resolve_overlaps`: which candidates become hits, by the rules of
   ``toolkit/data/lexicons/README.md`` ("How matching works"). It is pure:
   a small table of spans in, the kept spans out, and it is tested rule by
   rule on hand-made tables.
3. :func:`hits_table`: the hit table of the kept spans, in the documented
   schema and order.

The specification is :func:`toolkit.themes_reference.find_themes_reference`,
which does the same candidate by candidate in plain Python; a hypothesis test
(``tests/test_themes_reference.py``) proves the two equal on generated token
tables and lexicons. Change the rules there first.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import regex

from . import _codes
from ._compiled_lexicon import CompiledLexicon, Entry
from .errors import RegexTimeoutError
from .theme_tree import top_theme

__all__ = ["REGEX_TIMEOUT", "SPAN_COLUMNS", "candidate_spans", "resolve_overlaps", "hits_table", "empty_hits"]

#: Seconds a ``regex`` or ``glob`` entry may take to match one word form; beyond it
#: :func:`toolkit.find_themes` raises :class:`toolkit.RegexTimeoutError` naming the entry.
REGEX_TIMEOUT = 0.5

#: Columns of a table of candidate spans: first token row, length, entry (its place in the lexicon),
#: weight and top-level theme.
SPAN_COLUMNS = ("row", "n_tokens", "entry", "weight", "top")


# --------------------------------------------------------------------------- 1. candidates


class _TokenCodes:
    """The tokens as integer codes of their forms and stems, and what tells that rows follow each other."""

    def __init__(self, tokens: pd.DataFrame):
        self.n = len(tokens)
        self.form_codes, self.forms = _codes.factorize(tokens["token"])
        self.stem_codes, stems = _codes.factorize(tokens["stem"])
        self._index = {"word": {t: i for i, t in enumerate(self.forms)}, "stem": {s: i for i, s in enumerate(stems)}}
        self.doc, _ = _codes.codes_with_missing(tokens["doc_id"])  # same segment: same document and seg_id
        self.seg = tokens["seg_id"].to_numpy()
        self.pos = tokens["position"].to_numpy()

    def codes(self, kind: str) -> np.ndarray:
        return self.stem_codes if kind == "stem" else self.form_codes

    def code(self, kind: str, value):
        """The code of a form (kind "word") or stem (kind "stem"), None when no token has it."""
        return self._index[kind].get(value)

    def size(self, kind: str) -> int:
        return len(self._index[kind])

    def next_rows(self, rows: np.ndarray, m: int) -> tuple[np.ndarray, np.ndarray]:
        """(the rows whose token ``m`` places on stands in the same segment, those tokens' rows)."""
        rows = rows[rows + m < self.n]
        nxt = rows + m
        same = (self.doc[nxt] == self.doc[rows]) & (self.seg[nxt] == self.seg[rows]) & (
            self.pos[nxt] == self.pos[rows] + m)
        return rows[same], nxt[same]


def candidate_spans(tokens: pd.DataFrame, compiled: CompiledLexicon) -> pd.DataFrame:
    """Every span of tokens where an entry of ``compiled`` matches, before any overlap rule.

    Parameters
    ----------
    tokens : pandas.DataFrame
        A tokens table (``doc_id``, ``seg_id``, ``position``, ``token``,
        ``stem``) in text order.
    compiled : CompiledLexicon

    Returns
    -------
    pandas.DataFrame
        One row per (entry, first token row) that matches, columns
        :data:`SPAN_COLUMNS`: ``row``, ``n_tokens``, ``entry`` (int64),
        ``weight`` (float64), ``top`` (object); grouped by first token test,
        each entry's rows in ascending order. A phrase matches tokens of
        one segment whose positions follow each other.

    Examples
    --------
    >>> import pandas as pd, toolkit as tk
    >>> tokens = tk.prepare(pd.DataFrame({"doc_id": ["a"], "text": ["Kerja sama keamanan."]}))
    >>> lex = tk.compile_lexicon(tk.make_lexicon([{"theme": "c", "entry": "kerja sama", "match": "phrase"},
    ...                                           {"theme": "s", "entry": "aman"}]))
    >>> candidate_spans(tokens, lex)
       row  n_tokens  entry  weight top
    0    0         2      0     1.0   c
    1    2         1      1     1.0   s
    """
    codes = _TokenCodes(tokens)
    found = []
    for rows, members in _first_matches(codes, _first_element_groups(compiled.entries)):
        for e in members:
            starts = _extend(codes, rows, e.elements)
            if len(starts):
                found.append((e, starts))
    sizes = [len(starts) for _, starts in found]
    each = lambda values, dtype: np.repeat(np.array(values, dtype=dtype), sizes)  # noqa: E731
    return pd.DataFrame({
        "row": np.concatenate([s for _, s in found]).astype(np.int64) if found else np.zeros(0, np.int64),
        "n_tokens": each([len(e.elements) for e, _ in found], np.int64),
        "entry": each([e.index for e, _ in found], np.int64),
        "weight": each([e.weight for e, _ in found], np.float64),
        "top": each([top_theme(e.theme) for e, _ in found], object),
    })


def _first_element_groups(entries: list[Entry]) -> list[tuple]:
    """(kind, value, entries) for each distinct first token test, in first-seen order."""
    groups: dict = {}
    for e in entries:
        kind, value = e.elements[0]
        key = (kind, value.pattern if kind == "re" else value)
        groups.setdefault(key, (kind, value, []))[2].append(e)
    return list(groups.values())


def _first_matches(codes: _TokenCodes, groups: list[tuple]):
    """Yield (rows in ascending order, entries) for each group: the rows where its first token test holds."""
    for kind in ("stem", "word"):
        table = np.full(codes.size(kind) + 1, -1, dtype=np.int32)  # a group per code; the last: missing (code -1)
        for gid, (k, value, _) in enumerate(groups):
            code = codes.code(kind, value) if k == kind else None
            if code is not None:
                table[code] = gid
        gids = table[codes.codes(kind)]
        rows = np.flatnonzero(gids >= 0)
        rows = rows[np.argsort(gids[rows], kind="stable")]
        for chunk in np.split(rows, np.flatnonzero(np.diff(gids[rows])) + 1) if len(rows) else ():
            yield chunk, groups[int(gids[chunk[0]])][2]
    patterns = [g for g in groups if g[0] == "re"]
    for (_, _, members), matching in zip(patterns, _pattern_matches(patterns, codes.forms)):
        if matching.any():
            form = codes.form_codes
            yield np.flatnonzero((form >= 0) & matching[np.maximum(form, 0)]), members


def _extend(codes: _TokenCodes, rows: np.ndarray, elements: tuple) -> np.ndarray:
    """The start rows from which each further token test of an entry holds on the tokens that follow."""
    for m, (kind, value) in enumerate(elements[1:], start=1):
        code = codes.code(kind, value)
        if code is None or not len(rows):
            return rows[:0]
        rows, nxt = codes.next_rows(rows, m)
        rows = rows[codes.codes(kind)[nxt] == code]
    return rows


def _timed_fullmatch(pattern, forms) -> np.ndarray:
    """Whether each form matches the pattern as a whole; TimeoutError (with ``.form``) past REGEX_TIMEOUT on one."""
    found: list[bool] = []
    try:
        for form in forms:
            found.append(pattern.fullmatch(form, timeout=REGEX_TIMEOUT) is not None)
    except TimeoutError as exc:
        exc.form = forms[len(found)]
        raise
    return np.array(found, dtype=bool)


def _full_matches(pattern, forms, entry: Entry) -> np.ndarray:
    """_timed_fullmatch for one entry, a timeout raised as RegexTimeoutError naming the entry."""
    try:
        return _timed_fullmatch(pattern, forms)
    except TimeoutError as exc:
        raise RegexTimeoutError(
            f"{entry.where}: the {entry.match} entry {entry.entry!r} of theme {entry.theme!r} took more than "
            f"{REGEX_TIMEOUT:g} s to match the word form {exc.form[:60]!r}: it backtracks catastrophically. "
            "Rewrite it without nested or overlapping repetition such as (a+)+ or (a|aa)+.",
            entry=entry.entry, where=entry.where, form=exc.form) from None


# group references, inline flags and every other (? construct but scoped flags (?s:...): a pattern without
# them can stand in an alternation unchanged, so (?:p1)|(?:p2)|... matches every form any of them matches
_NOT_COMBINABLE = regex.compile(r"\\[1-9gk]|\(\?(?![a-zA-Z-]*:)")


def _pattern_matches(groups: list, forms) -> list[np.ndarray]:
    """For each (kind, pattern, members) regex or glob group, whether each form matches it as a whole.

    One timed pass of all combinable patterns as one alternation picks the candidate forms (a timed call
    costs several untimed ones); each pattern is then tried on the candidates only.
    """
    forms = list(forms)
    together = [i for i, (_, p, _) in enumerate(groups) if not _NOT_COMBINABLE.search(p.pattern)]
    candidates = None
    if len(together) > 1:
        try:
            either = regex.compile("|".join(f"(?:{groups[i][1].pattern})" for i in together), regex.IGNORECASE)
            candidates = np.flatnonzero(_timed_fullmatch(either, forms))
        except (regex.error, TimeoutError):
            candidates = None  # each pattern alone, so that a timeout names its entry
    out = []
    for i, (_, pattern, members) in enumerate(groups):
        if candidates is None or i not in together:
            out.append(_full_matches(pattern, forms, members[0]))
            continue
        matching = np.zeros(len(forms), dtype=bool)
        matching[candidates] = _full_matches(pattern, [forms[j] for j in candidates], members[0])
        out.append(matching)
    return out


# --------------------------------------------------------------------------- 2. overlaps


def resolve_overlaps(spans: pd.DataFrame, *, include_excluded: bool = False) -> pd.DataFrame:
    """The candidate spans that become hits, by the documented overlap rules.

    Spans are taken longest first; between spans of the same length, the
    higher weight first, then the entry listed first (lower ``entry``),
    then the one that starts first. A span is kept unless it shares a token
    with a span kept before it that blocks it:

    - a kept span of the **same top-level theme** blocks it (a token counts
      once per top-level theme; an exclusion claims its tokens against its
      own theme's shorter entries);
    - a kept span of **another top-level theme** blocks it only when
      neither is an exclusion (weight 0) and they cover different tokens
      (longest match wins across themes; exactly the same span is shared).

    A span that is not kept blocks nothing. Exclusions are left out of the
    result unless ``include_excluded``.

    Parameters
    ----------
    spans : pandas.DataFrame
        Columns :data:`SPAN_COLUMNS`: ``row`` (first token row), ``n_tokens``
        (≥ 1), ``entry`` (the entry's place in the lexicon), ``weight`` and
        ``top`` (its top-level theme). Rows are global: spans of different
        segments never share one.
    include_excluded : bool, default False
        Keep the exclusions that claimed their tokens.

    Returns
    -------
    pandas.DataFrame
        The kept rows of ``spans``, in their order, RangeIndex. The input is
        not modified.

    Examples
    --------
    >>> import pandas as pd
    >>> spans = pd.DataFrame({"row": [0, 0, 0, 2], "n_tokens": [2, 2, 1, 1], "entry": [0, 1, 2, 3],
    ...                       "weight": 1.0, "top": ["multilateralism", "cooperation", "cooperation", "security"]})
    >>> resolve_overlaps(spans)  # the shorter cooperation span inside the two shared ones is dropped
       row  n_tokens  entry  weight              top
    0    0         2      0     1.0  multilateralism
    1    0         2      1     1.0      cooperation
    2    2         1      3     1.0         security
    """
    row = spans["row"].to_numpy(dtype=np.int64)
    length = spans["n_tokens"].to_numpy(dtype=np.int64)
    weight = spans["weight"].to_numpy(dtype=np.float64)
    won = _alone(row, length)
    contested = np.flatnonzero(~won)
    if len(contested):
        won[contested] = _greedy(row[contested], length[contested], weight[contested],
                                 spans["entry"].to_numpy(dtype=np.int64)[contested],
                                 spans["top"].to_numpy(dtype=object)[contested])
    return spans[won & ((weight > 0) | include_excluded)].reset_index(drop=True)


def _alone(row: np.ndarray, length: np.ndarray) -> np.ndarray:
    """The spans that share no token with another span: nothing can block them."""
    if not len(row):
        return np.zeros(0, dtype=bool)
    starts = np.cumsum(length) - length
    covered = np.repeat(row, length) + (np.arange(length.sum()) - np.repeat(starts, length))
    load = np.bincount(covered)
    return np.maximum.reduceat(load[covered], starts) == 1


def _greedy(row, length, weight, entry, top) -> np.ndarray:
    """Which spans are kept, taken in rank order, each unless a kept span blocks it (see resolve_overlaps)."""
    won = np.zeros(len(row), dtype=bool)
    claims: dict[int, list] = {}  # token row -> the kept spans covering it
    for i in np.lexsort((row, entry, -weight, -length)).tolist():
        span = (top[i], int(row[i]), int(length[i]), bool(weight[i] == 0))
        cover = range(span[1], span[1] + span[2])
        if any(_blocks(kept, span) for r in cover for kept in claims.get(r, ())):
            continue
        for r in cover:
            claims.setdefault(r, []).append(span)
        won[i] = True
    return won


def _blocks(kept: tuple, span: tuple) -> bool:
    """Whether a kept (top, row, n_tokens, is_exclusion) blocks an overlapping span."""
    top, row, length, exclusion = span
    kept_top, kept_row, kept_length, kept_exclusion = kept
    if kept_top == top:
        return True
    return not exclusion and not kept_exclusion and (kept_row, kept_length) != (row, length)


# --------------------------------------------------------------------------- 3. the hit table


def hits_table(tokens: pd.DataFrame, compiled: CompiledLexicon, kept: pd.DataFrame) -> pd.DataFrame:
    """The hit table of the kept spans (the Returns of :func:`toolkit.find_themes`), sorted by row then theme.

    Examples
    --------
    >>> import pandas as pd, toolkit as tk
    >>> tokens = tk.prepare(pd.DataFrame({"doc_id": ["a"], "text": ["Kerja  sama."]}))
    >>> lex = tk.compile_lexicon(tk.make_lexicon([{"theme": "c", "entry": "kerja sama", "match": "phrase"}]))
    >>> kept = pd.DataFrame({"row": [0], "n_tokens": [2], "entry": [0], "weight": [1.0], "top": ["c"]})
    >>> hits_table(tokens, lex, kept)[["position", "start", "end", "matched_text", "n_tokens"]]
       position  start  end matched_text  n_tokens
    0         0      0   11  Kerja  sama         2
    """
    if kept.empty:
        return empty_hits(tokens)
    entries = compiled.entries
    first = kept["row"].to_numpy(dtype=np.int64)
    lens = kept["n_tokens"].to_numpy(dtype=np.int64)
    eidx = kept["entry"].to_numpy(dtype=np.int64)
    order = np.lexsort((np.array([e.theme for e in entries])[eidx], first))
    first, lens, eidx = first[order], lens[order], eidx[order]
    attr = lambda name: pd.Series(np.array([getattr(e, name) for e in entries], dtype=object)[eidx],  # noqa: E731
                                  dtype="str")
    return pd.DataFrame({
        "doc_id": _codes.take(tokens["doc_id"], first),
        "seg_id": tokens["seg_id"].to_numpy()[first].astype(np.int64),  # (tokens may hold int32 offsets: hits are
        "position": tokens["position"].to_numpy()[first].astype(np.int64),  # small, and their dtypes are int64)
        "start": tokens["start"].to_numpy()[first].astype(np.int64),
        "end": tokens["end"].to_numpy()[first + lens - 1].astype(np.int64),
        "theme": attr("theme"),
        "entry": attr("entry"),
        "match": attr("match"),
        "matched_text": pd.Series(_matched_text(tokens, first, lens), dtype="str"),
        "weight": np.array([e.weight for e in entries], dtype="float64")[eidx],
        "n_tokens": lens,
        "lexicon": attr("lexicon"),
    })


def _as_str(column: pd.Series) -> pd.Series:
    return column if column.dtype == "str" else column.astype("str")


def _matched_text(tokens: pd.DataFrame, first: np.ndarray, lens: np.ndarray) -> np.ndarray:
    """Each match as written: its tokens' text joined by what stands between them in the source."""
    text = _as_str(tokens["text"])
    matched = _codes.take(text, first).to_numpy(dtype=object)
    multi = np.flatnonzero(lens > 1)
    if not len(multi):
        return matched
    ml = lens[multi]
    starts = np.cumsum(ml) - ml
    rows = np.repeat(first[multi], ml) + (np.arange(ml.sum()) - np.repeat(starts, ml))
    t = _codes.take(text, rows).to_numpy(dtype=object)
    if "after" in tokens.columns:
        g = _codes.take(_as_str(tokens["after"]), rows).to_numpy(dtype=object)
    else:
        g = np.full(len(rows), " ", dtype=object)
    for i, a, k in zip(multi.tolist(), starts.tolist(), ml.tolist()):
        matched[i] = "".join([x + y for x, y in zip(t[a : a + k - 1], g[a : a + k - 1])]) + t[a + k - 1]
    return matched


def empty_hits(tokens: pd.DataFrame) -> pd.DataFrame:
    """A hit table without rows, with the documented dtypes (``doc_id`` as in ``tokens``)."""
    return pd.DataFrame(
        {
            "doc_id": pd.Series([], dtype=tokens["doc_id"].dtype),
            "seg_id": pd.Series([], dtype="int64"),
            "position": pd.Series([], dtype="int64"),
            "start": pd.Series([], dtype="int64"),
            "end": pd.Series([], dtype="int64"),
            **{c: pd.Series([], dtype="str") for c in ("theme", "entry", "match", "matched_text")},
            "weight": pd.Series([], dtype="float64"),
            "n_tokens": pd.Series([], dtype="int64"),
            "lexicon": pd.Series([], dtype="str"),
        }
    )
