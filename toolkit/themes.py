"""Finding themes: lexicon entries matched against tokens, counted with the right denominator.

The hit table has one row per match. Matching runs on all tokens (stop words
included) inside one segment. Overlaps are resolved so that nothing is
counted twice:

1. **Longest match wins**, across all themes: where an entry matches a run
   of tokens, every shorter match overlapping it is dropped (the phrase
   "Organisasi Kerja Sama Shanghai" of multilateralism stops cooperation's
   "kerja sama" there). Between matches of the same length, the higher
   weight wins, then the entry listed first.
2. **Themes share a token only where the lexicons say so**: two entries of
   different top-level themes that match exactly the same tokens are both
   kept (list the same expression in both lexicons to count it for both).
   Within one top-level theme (``security`` with all its sub-themes) a token
   is counted once.
3. **Exclusions** (entries of weight 0) claim their tokens against shorter
   entries of their own top-level theme only, and count for nothing
   (``keamanan penerbangan`` = flight safety stops security's ``keamanan``;
   an exclusion in ``security/aviation`` also stops ``security``).
"""

from __future__ import annotations

import fnmatch
import numbers
from dataclasses import dataclass

import numpy as np
import pandas as pd
import regex

from . import _codes
from ._validate import check_columns
from .errors import RegexTimeoutError, ResourceError
from .lexicon import MATCH_TYPES, MAX_WEIGHT, load_lexicon
from .stemming import get_stemmer as _default_stemmer
from .text import _token_spans, normalize_token

__all__ = ["CompiledLexicon", "compile_lexicon", "find_themes", "theme_rates", "explain_themes", "rank_by_hits",
           "compare_word_and_stem", "HIT_COLUMNS", "REGEX_TIMEOUT"]

#: Seconds a ``regex`` or ``glob`` entry may take to match one word form; beyond it
#: :func:`find_themes` raises :class:`toolkit.RegexTimeoutError` naming the entry.
REGEX_TIMEOUT = 0.5

#: Columns of the hit table, in order.
HIT_COLUMNS = ("doc_id", "seg_id", "position", "start", "end", "theme", "entry", "match", "matched_text",
               "weight", "n_tokens", "lexicon")


@dataclass(frozen=True)
class _Entry:
    index: int
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
        stemmer = _default_stemmer(overrides)
        entries = []
        for i, row in enumerate(self.table.itertuples(index=False)):
            where = f"{getattr(row, 'lexicon', 'lexicon')} line {getattr(row, 'line', i + 1)}"
            problem = _row_problem(row)
            if problem:
                raise ResourceError(f"{where}: {problem}; build lexicon tables with tk.make_lexicon.")
            if row.match in ("glob", "regex"):
                pattern = fnmatch.translate(row.entry.lower()) if row.match == "glob" else row.entry
                elements = (("re", regex.compile(pattern, regex.IGNORECASE)),)
            else:
                elements = _word_tests(row.entry, stemmer, exact=row.match == "word",
                                       marks=row.match == "phrase")
                if not elements:
                    raise ResourceError(f"{where}: entry {row.entry!r} holds no word.")
                if row.match in ("stem", "word") and len(elements) != 1:
                    raise ResourceError(
                        f"{where}: entry {row.entry!r} is {len(elements)} tokens for the tokeniser; "
                        "use match 'phrase'."
                    )
                if row.match == "phrase" and len(elements) < 2:
                    raise ResourceError(f"{where}: phrase {row.entry!r} is one token; use match 'stem' or 'word'.")
            entries.append(
                _Entry(i, row.theme, row.entry, row.match, float(row.weight),
                       str(getattr(row, "lexicon", "") or ""), elements,
                       _compile_cues(getattr(row, "requires", ""), stemmer),
                       _compile_cues(getattr(row, "forbids", ""), stemmer),
                       str(getattr(row, "window", "") or "segment"), where)
            )
        self.entries = entries

    def __len__(self) -> int:
        return len(self.entries)

    @property
    def themes(self) -> list[str]:
        """The themes of the lexicon, in first-seen order."""
        return list(dict.fromkeys(e.theme for e in self.entries))


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


def _full_matches(pattern, forms, entry: _Entry) -> np.ndarray:
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
        for a, b in _token_spans(word):
            form = normalize_token(word[a:b])
            tests.append(("word", form) if this_exact else ("stem", stemmer.stem_word(form)))
    return tuple(tests)


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


def find_themes(tokens: pd.DataFrame, lexicon, *, overrides=True, include_excluded: bool = False) -> pd.DataFrame:
    """Find every theme expression of a lexicon in a tokens table.

    Parameters
    ----------
    tokens : pandas.DataFrame
        A tokens table from :func:`toolkit.prepare` (columns ``doc_id``,
        ``seg_id``, ``position``, ``start``, ``end``, ``text``, ``after``,
        ``token``, ``stem``), in text order. Stop words must not have been
        removed: matching runs on all tokens.
    lexicon : pandas.DataFrame, str, list or CompiledLexicon
        A lexicon table, shipped lexicon name(s) (``"security"``,
        ``["security", "connectivity"]``, ``"all"``) or a compiled lexicon.
    overrides : bool, dict, DataFrame or Stemmer, default True
        Stemming overrides for the entries: use the same as for ``tokens``.
    include_excluded : bool, default False
        Also return the matches of exclusions (weight 0), to audit them.

    Returns
    -------
    pandas.DataFrame
        One row per hit, sorted by document (in ``tokens`` order), then
        ``position``, then ``theme``; RangeIndex. Columns: ``doc_id``,
        ``seg_id``, ``position`` (int, first token of the match), ``start``,
        ``end`` (int, character offsets of the whole match in the document's
        text), ``theme``, ``entry``, ``match`` (str, from the lexicon),
        ``matched_text`` (str, the match exactly as written in the source),
        ``weight`` (float), ``n_tokens`` (int) and ``lexicon`` (str).
        Overlaps are resolved as the module docstring says: longest match
        wins; exactly shared spans count for each top-level theme that
        lists them; exclusions only block their own top-level theme.

    Raises
    ------
    ColumnError
        ``tokens`` lacks a needed column.

    See Also
    --------
    theme_rates, explain_themes, toolkit.load_lexicon

    Examples
    --------
    >>> import pandas as pd, toolkit as tk
    >>> docs = pd.DataFrame({"doc_id": ["a"], "text": [
    ...     "Kedua negara sepakat memperkuat kerja sama keamanan dan memerangi terorisme."]})
    >>> lex = tk.make_lexicon([
    ...     {"theme": "cooperation", "entry": "kerja sama", "match": "phrase", "gloss_en": "cooperation"},
    ...     {"theme": "security", "entry": "keamanan", "match": "word", "gloss_en": "security"},
    ...     {"theme": "security/terrorism", "entry": "terorisme", "match": "stem", "gloss_en": "terrorism"}])
    >>> hits = find_themes(tk.prepare(docs), lex)
    >>> hits[["position", "theme", "entry", "matched_text"]]
       position               theme       entry matched_text
    0         4         cooperation  kerja sama   kerja sama
    1         6            security    keamanan     keamanan
    2         9  security/terrorism   terorisme    terorisme

    The shipped lexicons work the same way: ``find_themes(tokens, "all")``.
    """
    check_columns(tokens, ["doc_id", "seg_id", "position", "start", "end", "text", "token", "stem"],
                  table_name="tokens", hint="Make one with tk.prepare(docs).")
    compiled = lexicon if isinstance(lexicon, CompiledLexicon) else CompiledLexicon(lexicon, overrides=overrides)
    n = len(tokens)
    if n == 0 or not compiled.entries:
        return _empty_hits(tokens)
    tok_codes, tok_uniques = _codes.factorize(tokens["token"])
    stem_codes, stem_uniques = _codes.factorize(tokens["stem"])
    tok_index = {t: i for i, t in enumerate(tok_uniques)}
    stem_index = {s: i for i, s in enumerate(stem_uniques)}
    doc_codes, _ = _codes.codes_with_missing(tokens["doc_id"])  # same segment: same document and seg_id
    seg_ids = tokens["seg_id"].to_numpy()
    positions = tokens["position"].to_numpy()

    # rows where some entry's first element matches, grouped by that element (one pass over the tokens)
    groups: dict = {}
    for e in compiled.entries:
        kind, value = e.elements[0]
        key = (kind, value.pattern if kind == "re" else value)
        groups.setdefault(key, (kind, value, []))[2].append(e)
    n_tok, n_stem = len(tok_uniques), len(stem_uniques)
    first_tok = np.full(n_tok + 1, -1, dtype=np.int32)  # a group id per token code (word entries); last: missing
    first_stem = np.full(n_stem + 1, -1, dtype=np.int32)
    group_list = list(groups.values())
    re_groups = []
    for gid, (kind, value, _) in enumerate(group_list):
        if kind == "stem":
            code = stem_index.get(value)
            if code is not None:
                first_stem[code] = gid
        elif kind == "word":
            code = tok_index.get(value)
            if code is not None:
                first_tok[code] = gid
        else:
            re_groups.append(gid)
    cand_entry, cand_row, cand_len = [], [], []

    def extend(rows: np.ndarray, members) -> None:
        for e in members:
            k = len(e.elements)
            r = rows
            for m in range(1, k):
                if len(r) == 0:
                    break
                r = r[r + m < n]
                nxt = r + m
                ok = (doc_codes[nxt] == doc_codes[r]) & (seg_ids[nxt] == seg_ids[r]) & (positions[nxt] == positions[r] + m)
                kind, value = e.elements[m]
                code = (stem_index if kind == "stem" else tok_index).get(value)
                if code is None:
                    r = r[:0]
                    break
                ok &= (stem_codes[nxt] if kind == "stem" else tok_codes[nxt]) == code
                r = r[ok]
            if len(r):
                cand_entry.append(np.full(len(r), e.index))
                cand_row.append(r)
                cand_len.append(np.full(len(r), k))

    for table, codes in ((first_stem, stem_codes), (first_tok, tok_codes)):
        gids = table[codes]  # a missing value (code -1) picks the table's last entry, -1: it matches nothing
        rows = np.flatnonzero(gids >= 0)
        if len(rows) == 0:
            continue
        gsorted = np.argsort(gids[rows], kind="stable")
        rows = rows[gsorted]
        gvals = gids[rows]
        cuts = np.flatnonzero(np.diff(gvals)) + 1
        for chunk in np.split(rows, cuts):
            extend(chunk, group_list[int(gids[chunk[0]])][2])
    re_list = [group_list[gid] for gid in re_groups]
    for (kind, pattern, members), matching in zip(re_list, _pattern_matches(re_list, tok_uniques)):
        if matching.any():
            extend(np.flatnonzero((tok_codes >= 0) & matching[np.maximum(tok_codes, 0)]), members)
    if not cand_row:
        return _empty_hits(tokens)
    c_entry = np.concatenate(cand_entry)
    c_row = np.concatenate(cand_row)
    c_len = np.concatenate(cand_len)
    entries = compiled.entries
    weights = np.array([e.weight for e in entries], dtype="float64")
    tops = np.array([e.theme.split("/", 1)[0] for e in entries], dtype=object)
    # candidates that share no token with another candidate cannot conflict: accept them at once
    covered = np.repeat(c_row, c_len) + (np.arange(c_len.sum()) - np.repeat(np.cumsum(c_len) - c_len, c_len))
    load = np.bincount(covered, minlength=n)
    max_load = np.maximum.reduceat(load[covered], np.cumsum(c_len) - c_len)
    alone = max_load == 1
    keep = alone & ((weights[c_entry] > 0) | include_excluded)
    acc_row, acc_len, acc_entry = [c_row[keep]], [c_len[keep]], [c_entry[keep]]
    contested = np.flatnonzero(~alone)
    if len(contested):
        cr, cl, ce = c_row[contested], c_len[contested], c_entry[contested]
        order = np.lexsort((ce, -weights[ce], -cl))
        claims: dict[int, list] = {}
        won_r, won_l, won_e = [], [], []
        for idx in order.tolist():
            eid = int(ce[idx])
            r0, length = int(cr[idx]), int(cl[idx])
            exclusion = weights[eid] == 0
            top = tops[eid]
            conflict = False
            for r in range(r0, r0 + length):
                for top2, s2, l2, excl2 in claims.get(r, ()):
                    if top2 == top or (not excl2 and not exclusion and (s2, l2) != (r0, length)):
                        conflict = True
                        break
                if conflict:
                    break
            if conflict:
                continue
            claim = (top, r0, length, exclusion)
            for r in range(r0, r0 + length):
                claims.setdefault(r, []).append(claim)
            if include_excluded or not exclusion:
                won_r.append(r0)
                won_l.append(length)
                won_e.append(eid)
        acc_row.append(np.array(won_r, dtype=np.int64))
        acc_len.append(np.array(won_l, dtype=np.int64))
        acc_entry.append(np.array(won_e, dtype=np.int64))
    r0s = np.concatenate(acc_row).astype(np.int64)
    lens = np.concatenate(acc_len).astype(np.int64)
    eidx = np.concatenate(acc_entry).astype(np.int64)
    if len(r0s) == 0:
        return _empty_hits(tokens)
    theme_names = np.array([e.theme for e in entries])
    sort = np.lexsort((theme_names[eidx], r0s))
    r0s, lens, eidx = r0s[sort], lens[sort], eidx[sort]
    last = r0s + lens - 1
    text_col = tokens["text"].astype("str") if tokens["text"].dtype != "str" else tokens["text"]
    matched = _codes.take(text_col, r0s).to_numpy(dtype=object)
    multi = np.flatnonzero(lens > 1)
    if len(multi):  # phrases: the tokens' text joined by what stands between them in the source
        ml = lens[multi]
        starts_m = np.cumsum(ml) - ml
        rows = np.repeat(r0s[multi], ml) + (np.arange(ml.sum()) - np.repeat(starts_m, ml))
        t = _codes.take(text_col, rows).to_numpy(dtype=object)
        if "after" in tokens.columns:
            after_col = tokens["after"].astype("str") if tokens["after"].dtype != "str" else tokens["after"]
            g = _codes.take(after_col, rows).to_numpy(dtype=object)
        else:
            g = np.full(len(rows), " ", dtype=object)
        for i, a, k in zip(multi.tolist(), starts_m.tolist(), ml.tolist()):
            matched[i] = "".join([x + y for x, y in zip(t[a : a + k - 1], g[a : a + k - 1])]) + t[a + k - 1]
    attr = lambda name: np.array([getattr(e, name) for e in entries], dtype=object)[eidx]  # noqa: E731
    hits = pd.DataFrame(
        {
            "doc_id": (_codes.take(tokens["doc_id"], r0s) if _codes._arrow_of(tokens["doc_id"]) is not None
                       else tokens["doc_id"].array.take(r0s)),
            "seg_id": tokens["seg_id"].to_numpy()[r0s],
            "position": positions[r0s],
            "start": tokens["start"].to_numpy()[r0s],
            "end": tokens["end"].to_numpy()[last],
            "theme": pd.Series(attr("theme"), dtype="str"),
            "entry": pd.Series(attr("entry"), dtype="str"),
            "match": pd.Series(attr("match"), dtype="str"),
            "matched_text": pd.Series(matched, dtype="str"),
            "weight": weights[eidx],
            "n_tokens": lens,
            "lexicon": pd.Series(attr("lexicon"), dtype="str"),
        }
    )
    return hits


def _empty_hits(tokens: pd.DataFrame) -> pd.DataFrame:
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


def _theme_level(themes: pd.Series, level: int | None) -> pd.Series:
    """Fold hierarchical themes to ``level`` parts (``security/terrorism`` → ``security``), once per distinct theme."""
    if level is None:
        return themes
    codes, uniques = pd.factorize(themes, sort=False)
    folded = np.array(["/".join(str(t).split("/")[:level]) for t in uniques], dtype=object)
    return pd.Series(folded[codes] if len(codes) else folded[:0], index=themes.index, dtype="str")


def theme_rates(
    hits: pd.DataFrame,
    tokens: pd.DataFrame,
    *,
    by="doc_id",
    lexicon=None,
    level: int | None = 1,
    docs: pd.DataFrame | None = None,
    denominator: str = "all",
    detected: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Theme hits, weighted hits, rates per 1,000 tokens and shares, for every theme and group.

    Parameters
    ----------
    hits : pandas.DataFrame
        From :func:`find_themes` (exclusions left out).
    tokens : pandas.DataFrame
        The tokens table the hits were found in: it gives the denominator.
    by : str or list of str, default "doc_id"
        Group columns: columns of ``tokens`` (``doc_id``, ``seg_id``,
        ``speaker``, ...) or, when ``docs`` is given, of the docs table
        (``source``, ``date``, ...). ``by=[]`` gives one row per theme for
        the whole corpus.
    lexicon : pandas.DataFrame, str, list or CompiledLexicon, optional
        The themes to report: every theme of this lexicon is present, with
        zeros where it has no hit, and hits of other themes are left out.
        Without it, the themes seen in ``hits``.
    level : int or None, default 1
        Theme level to report: 1 folds ``security/terrorism`` into
        ``security``; None keeps the themes as written.
    docs : pandas.DataFrame, optional
        Docs table for group columns that are not in ``tokens``. Its
        documents without tokens (empty texts) are groups too, with 0
        tokens: pass it for per-document rates (the default
        ``by="doc_id"``) so that every document is listed and a join back
        to ``docs`` loses nothing; without it, only documents with tokens
        are.
    denominator : {"all", "content"}, default "all"
        ``"all"``: every token of the group; ``"content"``: tokens that are
        not stop words (needs ``is_stopword``).
    detected : pandas.DataFrame, optional
        Paragraph decisions of :func:`toolkit.detect_themes` for the same
        tokens (``unit="paragraph"`` or ``"sentence"``, top-level themes):
        adds the number of segments of each group and the share of them
        where the theme is present. Needs ``level=1``.

    Returns
    -------
    pandas.DataFrame
        One row per group × theme (every combination, zeros included),
        sorted by the group columns then theme, RangeIndex. Columns: the
        group columns, ``theme`` (str), ``hits`` (int, matches),
        ``weighted`` (float, sum of entry weights), ``tokens`` (int, the
        denominator), ``rate_per_1000`` (float: hits / tokens × 1,000;
        missing (NaN) for a group without tokens, such as an empty document:
        no text, no rate), ``weighted_rate_per_1000`` (float, NaN likewise)
        and ``share`` (float: the theme's hits / all theme hits of the group;
        0 when the group has none). With ``detected``, also ``segments``
        (int: the group's segments), ``segments_present`` (int: those where
        the theme is present) and ``present_share`` (float: their share; NaN
        for a group without segments). A segment belongs to the group of its
        first token.

    Examples
    --------
    >>> import pandas as pd, toolkit as tk
    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "text": ["Kerja sama keamanan.", "Cuaca cerah hari ini."]})
    >>> tokens = tk.prepare(docs)
    >>> hits = find_themes(tokens, ["security", "cooperation"])
    >>> theme_rates(hits, tokens, lexicon=["security", "cooperation"])[
    ...     ["doc_id", "theme", "hits", "tokens", "rate_per_1000", "share"]]
      doc_id        theme  hits  tokens  rate_per_1000  share
    0      a  cooperation     1       3     333.333333    0.5
    1      a     security     1       3     333.333333    0.5
    2      b  cooperation     0       4       0.000000    0.0
    3      b     security     0       4       0.000000    0.0
    >>> with_empty = pd.concat([docs, pd.DataFrame({"doc_id": ["c"], "text": [""]})])  # c: no text, no tokens
    >>> theme_rates(hits, tokens, lexicon="security", docs=with_empty)[["doc_id", "hits", "tokens", "rate_per_1000"]]
      doc_id  hits  tokens  rate_per_1000
    0      a     1       3     333.333333
    1      b     0       4       0.000000
    2      c     0       0            NaN
    """
    from ._validate import check_choice
    from .counting import _group_codes, _group_frame

    check_choice("denominator", denominator, ("all", "content"))
    by = [by] if isinstance(by, str) else list(by)
    check_columns(hits, ["doc_id", "position", "theme", "weight"], table_name="hits")
    need = ["doc_id", "position"] + (["is_stopword"] if denominator == "content" else [])
    check_columns(tokens, need, table_name="tokens")
    tok = _group_frame(tokens, by, docs)
    n = len(tok)
    if by:
        g_codes, groups = _group_codes(tok, by, docs)
    else:
        g_codes, groups = np.zeros(n, np.int64), None
    n_groups = len(groups) if by else 1
    counted = ~tok["is_stopword"].to_numpy(dtype=bool) if denominator == "content" else np.ones(n, bool)
    denom = np.bincount(g_codes[counted], minlength=n_groups) if n else np.zeros(n_groups, np.int64)

    hit = hits[hits["weight"] > 0]
    hit_themes = _theme_level(hit["theme"].astype(str), level)
    if lexicon is not None:
        compiled = lexicon if isinstance(lexicon, CompiledLexicon) else None
        names = compiled.themes if compiled is not None else (
            lexicon["theme"].tolist() if isinstance(lexicon, pd.DataFrame) else load_lexicon(lexicon)["theme"].tolist())
        themes = sorted(set(_theme_level(pd.Series(names, dtype="str"), level)))
        inside = hit_themes.isin(themes).to_numpy()
        hit, hit_themes = hit[inside], hit_themes[inside]
    else:
        themes = sorted(set(hit_themes))
    n_themes = len(themes)
    # each hit's group: from its document when every group column is a document-level one, else from its token
    doc_codes, doc_uniques = _codes.factorize(tok["doc_id"])
    hit_doc = pd.Index(doc_uniques).get_indexer(hit["doc_id"])
    if len(hit) and (hit_doc < 0).any():
        raise ValueError("hits name documents that are not in tokens: pass the tokens the hits were found in.")
    doc_level = all(c == "doc_id" or c not in tokens.columns for c in by)
    if doc_level and n:
        first_row = np.zeros(len(doc_uniques), dtype=np.int64)
        first_row[doc_codes[::-1]] = np.arange(n)[::-1]
        rows = first_row[hit_doc] if len(hit) else np.zeros(0, np.int64)
    else:
        pos = tok["position"].to_numpy(dtype=np.int64)
        width = int(pos.max()) + 2 if n else 1
        token_key = pd.Index(doc_codes.astype(np.int64) * width + pos)
        rows = token_key.get_indexer(hit_doc.astype(np.int64) * width + hit["position"].to_numpy(dtype=np.int64))
        if len(hit) and (rows < 0).any():
            raise ValueError("hits point at tokens that are not in the tokens table: pass the tokens the hits "
                             "came from.")
    h_group = g_codes[rows].astype(np.int64) if len(rows) else np.zeros(0, np.int64)
    h_theme = pd.Index(themes).get_indexer(hit_themes) if len(hit) else np.zeros(0, np.int64)
    cells = h_group * max(n_themes, 1) + h_theme
    size = n_groups * n_themes
    counts = np.bincount(cells, minlength=size)[:size] if len(cells) else np.zeros(size, np.int64)
    weighted = (np.bincount(cells, weights=hit["weight"].to_numpy(dtype=float), minlength=size)[:size]
                if len(cells) else np.zeros(size))
    out = _rates_table(counts, weighted, denom, groups, by, themes, n_groups)
    if detected is not None:
        out = _add_presence(out, detected, tok, g_codes, themes, n_groups, level)
    return out


def _add_presence(out: pd.DataFrame, detected: pd.DataFrame, tok: pd.DataFrame, g_codes, themes: list[str],
                  n_groups: int, level) -> pd.DataFrame:
    """theme_rates' presence columns: segments per group and the share where each theme is present."""
    check_columns(detected, ["doc_id", "seg_id", "theme", "present"], table_name="detected",
                  hint="Make it with tk.detect_themes(tokens, lexicon, unit='paragraph').")
    if level != 1:
        raise ValueError(f"detected= needs level=1 (decisions are made for top-level themes), not level={level!r}.")
    first = np.flatnonzero(~tok[["doc_id", "seg_id"]].duplicated().to_numpy())
    segs = pd.DataFrame({"doc_id": tok["doc_id"].to_numpy(dtype=object)[first],
                         "seg_id": tok["seg_id"].to_numpy()[first], "group": g_codes[first]})
    d = detected.assign(doc_id=detected["doc_id"].to_numpy(dtype=object))
    d = d[d["theme"].isin(themes)].merge(segs, on=["doc_id", "seg_id"], how="left")
    if d["group"].isna().any():
        bad = d.loc[d["group"].isna(), ["doc_id", "seg_id"]].iloc[0].tolist()
        raise ValueError(f"detected names a segment that is not in tokens (doc_id, seg_id = {bad}): pass the "
                         "decisions made on these tokens.")
    n_themes = len(themes)
    cells = d["group"].to_numpy(dtype=np.int64) * n_themes + pd.Index(themes).get_indexer(d["theme"])
    present = np.bincount(cells, weights=d["present"].to_numpy(dtype=float), minlength=n_groups * n_themes)
    n_segs = np.bincount(segs["group"].to_numpy(dtype=np.int64), minlength=n_groups)
    out["segments"] = np.repeat(n_segs, n_themes).astype("int64")
    out["segments_present"] = present.astype("int64")
    out["present_share"] = np.where(out["segments"] > 0, out["segments_present"] / out["segments"].clip(lower=1),
                                    np.nan)
    return out


def _rates_table(counts, weighted, denom, groups, by: list[str], themes: list[str], n_groups: int) -> pd.DataFrame:
    """theme_rates' output from hit counts per (group, theme) cell; shared with toolkit.scale."""
    n_themes = len(themes)
    size = n_groups * n_themes
    grid_g = np.repeat(np.arange(n_groups), n_themes)
    grid_t = np.tile(np.arange(n_themes), n_groups)
    tokens_col = denom[grid_g]
    safe = np.where(tokens_col > 0, tokens_col, 1)
    group_hits = np.bincount(grid_g, weights=counts, minlength=n_groups)[grid_g] if size else np.zeros(0)
    out = {}
    if by:
        for c in by:
            out[c] = groups[c].take(grid_g).reset_index(drop=True)
    out["theme"] = pd.Series(np.asarray(themes, dtype=object)[grid_t] if size else [], dtype="str")
    out["hits"] = pd.Series(counts.astype(np.int64), dtype="int64")
    out["weighted"] = pd.Series(weighted.astype(float), dtype="float64")
    out["tokens"] = pd.Series(tokens_col.astype(np.int64), dtype="int64")
    out["rate_per_1000"] = pd.Series(np.where(tokens_col > 0, counts / safe * 1000, np.nan), dtype="float64")
    out["weighted_rate_per_1000"] = pd.Series(np.where(tokens_col > 0, weighted / safe * 1000, np.nan),
                                              dtype="float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        out["share"] = pd.Series(np.where(group_hits > 0, counts / np.where(group_hits > 0, group_hits, 1), 0.0),
                                 dtype="float64")
    return pd.DataFrame(out)


def explain_themes(hits: pd.DataFrame, *, theme: str | None = None, level: int | None = None) -> pd.DataFrame:
    """Which entries and word forms produced each theme's count: the audit trail of every number.

    Parameters
    ----------
    hits : pandas.DataFrame
        From :func:`find_themes`.
    theme : str, optional
        Only this theme (and its sub-themes).
    level : int or None, default None
        Fold sub-themes to this level (1: ``security/terrorism`` →
        ``security``).

    Returns
    -------
    pandas.DataFrame
        One row per theme × entry, sorted by theme then hits descending then
        entry, RangeIndex. Columns: ``theme``, ``entry``, ``match`` (str),
        ``hits`` (int), ``weighted`` (float), ``documents`` (int, documents
        with at least one hit of the entry) and ``forms`` (str: each form as
        written, lower-cased, with its count, most frequent first:
        ``"keamanan ×3, pengamanan ×1"``).

    Examples
    --------
    >>> import pandas as pd, toolkit as tk
    >>> docs = pd.DataFrame({"doc_id": ["a"], "text": ["Pertahanan dan mempertahankan. Kerja sama, kerjasama."]})
    >>> lex = tk.make_lexicon([{"theme": "security/defence", "entry": "pertahanan", "match": "stem"},
    ...                        {"theme": "cooperation", "entry": "kerja sama", "match": "phrase"},
    ...                        {"theme": "cooperation", "entry": "kerjasama", "match": "word"}])
    >>> explain_themes(find_themes(tk.prepare(docs), lex))[["theme", "entry", "hits", "forms"]]
                  theme       entry  hits                            forms
    0       cooperation  kerja sama     1                    kerja sama ×1
    1       cooperation   kerjasama     1                     kerjasama ×1
    2  security/defence  pertahanan     2  mempertahankan ×1, pertahanan ×1
    """
    check_columns(hits, ["doc_id", "theme", "entry", "match", "matched_text", "weight"], table_name="hits")
    h = hits.copy()
    h["theme"] = _theme_level(h["theme"].astype(str), level)
    if theme is not None:
        h = h[(h["theme"] == theme) | h["theme"].str.startswith(theme + "/")]
    if h.empty:
        return pd.DataFrame({"theme": pd.Series([], dtype="str"), "entry": pd.Series([], dtype="str"),
                             "match": pd.Series([], dtype="str"), "hits": pd.Series([], dtype="int64"),
                             "weighted": pd.Series([], dtype="float64"), "documents": pd.Series([], dtype="int64"),
                             "forms": pd.Series([], dtype="str")})
    h["form"] = h["matched_text"].str.lower().str.split().str.join(" ")
    rows = []
    for (t, entry, match), g in h.groupby(["theme", "entry", "match"], sort=True):
        forms = g["form"].value_counts()
        forms = forms.sort_index(kind="stable").sort_values(ascending=False, kind="stable")
        rows.append({
            "theme": t, "entry": entry, "match": match, "hits": int(len(g)),
            "weighted": float(g["weight"].sum()), "documents": int(g["doc_id"].nunique()),
            "forms": ", ".join(f"{f} ×{c}" for f, c in forms.items()),
        })
    out = pd.DataFrame(rows)
    out = out.sort_values(["theme", "hits", "entry"], ascending=[True, False, True], kind="stable").reset_index(drop=True)
    return out


def rank_by_hits(hits: pd.DataFrame, *, by="doc_id", theme: str | None = None) -> pd.DataFrame:
    """Documents (or paragraphs, speakers ...) ranked by their number of theme hits.

    Parameters
    ----------
    hits : pandas.DataFrame
        From :func:`find_themes`.
    by : str or list of str, default "doc_id"
        The unit: ``"doc_id"``, ``["doc_id", "seg_id"]`` (paragraphs), or
        any other column of ``hits``.
    theme : str, optional
        Count only this theme and its sub-themes.

    Returns
    -------
    pandas.DataFrame
        The ``by`` columns and ``hits`` (int), most hits first, ties in
        ascending order of the ``by`` columns; RangeIndex. Units without a
        hit are not listed (see :func:`theme_rates` for rates with zeros).

    Examples
    --------
    >>> import pandas as pd, toolkit as tk
    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "text": ["Keamanan.", "Keamanan dan pertahanan."]})
    >>> hits = find_themes(tk.prepare(docs), tk.make_lexicon([
    ...     {"theme": "security", "entry": "keamanan", "match": "word"},
    ...     {"theme": "security/defence", "entry": "pertahanan", "match": "word"}]))
    >>> rank_by_hits(hits)
      doc_id  hits
    0      b     2
    1      a     1
    """
    by = [by] if isinstance(by, str) else list(by)
    check_columns(hits, by + ["theme", "weight"], table_name="hits")
    h = hits[hits["weight"] > 0]
    if theme is not None:
        h = h[(h["theme"] == theme) | h["theme"].str.startswith(theme + "/")]
    counts = h.groupby(by, sort=True).size().rename("hits").reset_index()
    counts["hits"] = counts["hits"].astype("int64")
    return counts.sort_values(["hits"] + by, ascending=[False] + [True] * len(by), kind="stable").reset_index(drop=True)


def compare_word_and_stem(tokens: pd.DataFrame, lexicon, *, overrides=True) -> pd.DataFrame:
    """What stem matching would add: each entry's hits as shipped and with every ``word`` entry read as a stem.

    Parameters
    ----------
    tokens : pandas.DataFrame
        From :func:`toolkit.prepare`.
    lexicon : pandas.DataFrame, str or list
        A lexicon table or shipped lexicon name(s).
    overrides : bool, dict, DataFrame or Stemmer, default True

    Returns
    -------
    pandas.DataFrame
        One row per entry whose number of hits changes, sorted by theme and
        entry, RangeIndex: ``theme``, ``entry`` (str), ``hits_shipped``,
        ``hits_as_stem`` (int) and ``forms`` (str: the forms found when read
        as a stem, with counts, as in :func:`explain_themes`).

    Examples
    --------
    >>> import pandas as pd, toolkit as tk
    >>> docs = pd.DataFrame({"doc_id": ["a"], "text": ["Keamanan terjaga, kota aman dan diamankan."]})
    >>> lex = tk.make_lexicon([{"theme": "security", "entry": "keamanan", "match": "word"}])
    >>> compare_word_and_stem(tk.prepare(docs), lex)[["entry", "hits_shipped", "hits_as_stem", "forms"]]
          entry  hits_shipped  hits_as_stem                               forms
    0  keamanan             1             3  aman ×1, diamankan ×1, keamanan ×1
    """
    if not isinstance(lexicon, pd.DataFrame):
        lexicon = load_lexicon(lexicon)
    as_stems = lexicon.assign(match=lexicon["match"].replace({"word": "stem"}))
    shipped = explain_themes(find_themes(tokens, lexicon, overrides=overrides))
    stemmed = explain_themes(find_themes(tokens, as_stems, overrides=overrides))
    table = stemmed[["theme", "entry", "hits", "forms"]].merge(
        shipped[["theme", "entry", "hits"]], on=["theme", "entry"], how="outer", suffixes=("_as_stem", "_shipped"))
    for c in ("hits_as_stem", "hits_shipped"):
        table[c] = table[c].fillna(0).astype("int64")
    table["forms"] = table["forms"].fillna("").astype("str")
    changed = table[table["hits_as_stem"] != table["hits_shipped"]]
    return changed.sort_values(["theme", "entry"], kind="stable")[
        ["theme", "entry", "hits_shipped", "hits_as_stem", "forms"]].reset_index(drop=True)
