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
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._validate import check_columns
from .lexicon import load_lexicon
from .stemming import _default_stemmer
from .text import _token_spans, normalize_token

__all__ = ["CompiledLexicon", "compile_lexicon", "find_themes", "theme_rates", "explain_themes", "HIT_COLUMNS"]

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
        An entry that cannot be matched as written (a ``stem`` or ``word``
        entry that tokenises into several tokens, a phrase of one token);
        the message names the lexicon and line.

    Examples
    --------
    >>> lex = CompiledLexicon("security")
    >>> len(lex) > 30
    True
    """

    def __init__(self, lexicon, *, overrides=True):
        from .errors import ResourceError

        if not isinstance(lexicon, pd.DataFrame):
            lexicon = load_lexicon(lexicon)
        check_columns(lexicon, ["theme", "entry", "match", "weight"], table_name="lexicon")
        self.table = lexicon.reset_index(drop=True)
        stemmer = _default_stemmer(overrides)
        entries = []
        for i, row in enumerate(self.table.itertuples(index=False)):
            where = f"{getattr(row, 'lexicon', 'lexicon')} line {getattr(row, 'line', i + 1)}"
            if row.match in ("glob", "regex"):
                pattern = fnmatch.translate(row.entry.lower()) if row.match == "glob" else row.entry
                elements = (("re", re.compile(pattern, re.IGNORECASE)),)
            else:
                elements = []
                for word in row.entry.split():
                    exact = word.startswith("=") and row.match == "phrase"
                    word = word[1:] if exact else word
                    for a, b in _token_spans(word):
                        form = normalize_token(word[a:b])
                        if row.match == "word" or exact:
                            elements.append(("word", form))
                        else:
                            elements.append(("stem", stemmer.stem_word(form)))
                elements = tuple(elements)
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
                       str(getattr(row, "lexicon", "") or ""), elements)
            )
        self.entries = entries

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


def _element_mask(kind, value, tok_codes, stem_codes, tok_index, stem_index, tok_uniques):
    """Boolean mask over token rows for one element of an entry."""
    if kind == "stem":
        code = stem_index.get(value)
        return None if code is None else stem_codes == code
    if kind == "word":
        code = tok_index.get(value)
        return None if code is None else tok_codes == code
    matching = np.fromiter((bool(value.fullmatch(t)) for t in tok_uniques), dtype=bool, count=len(tok_uniques))
    if not matching.any():
        return None
    return matching[tok_codes]


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
    tok_codes, tok_uniques = pd.factorize(tokens["token"], sort=False)
    stem_codes, stem_uniques = pd.factorize(tokens["stem"], sort=False)
    tok_index = {t: i for i, t in enumerate(tok_uniques)}
    stem_index = {s: i for i, s in enumerate(stem_uniques)}
    seg_key, _ = pd.factorize(pd.MultiIndex.from_arrays([tokens["doc_id"], tokens["seg_id"]]))
    positions = tokens["position"].to_numpy()

    cand_entry, cand_row, cand_len = [], [], []
    mask_cache: dict = {}
    for e in compiled.entries:
        first = e.elements[0]
        key = (first[0], first[1] if first[0] != "re" else first[1].pattern)
        if key not in mask_cache:
            mask_cache[key] = _element_mask(first[0], first[1], tok_codes, stem_codes, tok_index, stem_index, tok_uniques)
        mask = mask_cache[key]
        if mask is None:
            continue
        rows = np.flatnonzero(mask)
        k = len(e.elements)
        for m in range(1, k):
            if len(rows) == 0:
                break
            rows = rows[rows + m < n]
            nxt = rows + m
            ok = (seg_key[nxt] == seg_key[rows]) & (positions[nxt] == positions[rows] + m)
            kind, value = e.elements[m]
            if kind == "stem":
                code = stem_index.get(value)
                ok &= (stem_codes[nxt] == code) if code is not None else False
            else:
                code = tok_index.get(value)
                ok &= (tok_codes[nxt] == code) if code is not None else False
            rows = rows[ok]
        if len(rows):
            cand_entry.append(np.full(len(rows), e.index))
            cand_row.append(rows)
            cand_len.append(np.full(len(rows), k))
    if not cand_row:
        return _empty_hits(tokens)
    c_entry = np.concatenate(cand_entry)
    c_row = np.concatenate(cand_row)
    c_len = np.concatenate(cand_len)
    weights = np.array([e.weight for e in compiled.entries])
    order = np.lexsort((c_entry, -weights[c_entry], -c_len))

    claims: dict[int, list] = {}
    accepted = []
    entries = compiled.entries
    for idx in order:
        e = entries[c_entry[idx]]
        r0, length = int(c_row[idx]), int(c_len[idx])
        exclusion = e.weight == 0
        top = e.theme.split("/", 1)[0]
        conflict = False
        for r in range(r0, r0 + length):
            for theme2, s2, l2, excl2 in claims.get(r, ()):
                if theme2 == top:
                    conflict = True
                elif not excl2 and not exclusion and (s2, l2) != (r0, length):
                    conflict = True
                if conflict:
                    break
            if conflict:
                break
        if conflict:
            continue
        claim = (top, r0, length, exclusion)
        for r in range(r0, r0 + length):
            claims.setdefault(r, []).append(claim)
        if include_excluded or not exclusion:
            accepted.append((r0, length, e.index))
    if not accepted:
        return _empty_hits(tokens)
    acc = np.array(accepted)
    r0s, lens, eidx = acc[:, 0], acc[:, 1], acc[:, 2]
    last = r0s + lens - 1
    texts = tokens["text"].to_numpy()
    afters = tokens["after"].to_numpy() if "after" in tokens.columns else None
    matched = []
    for a, b in zip(r0s, last):
        if a == b:
            matched.append(texts[a])
        elif afters is not None:
            matched.append("".join(texts[r] + afters[r] for r in range(a, b)) + texts[b])
        else:
            matched.append(" ".join(texts[a : b + 1]))
    hits = pd.DataFrame(
        {
            "doc_id": tokens["doc_id"].to_numpy()[r0s],
            "seg_id": tokens["seg_id"].to_numpy()[r0s],
            "position": positions[r0s],
            "start": tokens["start"].to_numpy()[r0s],
            "end": tokens["end"].to_numpy()[last],
            "theme": [entries[i].theme for i in eidx],
            "entry": [entries[i].entry for i in eidx],
            "match": [entries[i].match for i in eidx],
            "matched_text": matched,
            "weight": weights[eidx].astype("float64"),
            "n_tokens": lens.astype("int64"),
            "lexicon": [entries[i].lexicon for i in eidx],
            "_row": r0s,
        }
    )
    hits = hits.sort_values(["_row", "theme"], kind="stable").drop(columns="_row").reset_index(drop=True)
    for col in ("theme", "entry", "match", "matched_text", "lexicon"):
        hits[col] = hits[col].astype("str")
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
    if level is None:
        return themes
    return themes.str.split("/").str[:level].str.join("/")


def theme_rates(
    hits: pd.DataFrame,
    tokens: pd.DataFrame,
    *,
    by="doc_id",
    lexicon=None,
    level: int | None = 1,
    docs: pd.DataFrame | None = None,
    denominator: str = "all",
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
        Docs table for group columns that are not in ``tokens``; its
        documents without tokens are counted as groups with 0 tokens.
    denominator : {"all", "content"}, default "all"
        ``"all"``: every token of the group; ``"content"``: tokens that are
        not stop words (needs ``is_stopword``).

    Returns
    -------
    pandas.DataFrame
        One row per group × theme (every combination, zeros included),
        sorted by the group columns then theme, RangeIndex. Columns: the
        group columns, ``theme`` (str), ``hits`` (int, matches),
        ``weighted`` (float, sum of entry weights), ``tokens`` (int, the
        denominator), ``rate_per_1000`` (float: hits / tokens × 1,000; 0 for
        a group without tokens), ``weighted_rate_per_1000`` (float) and
        ``share`` (float: the theme's hits / all theme hits of the group; 0
        when the group has none).

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
    """
    from ._validate import check_choice

    check_choice("denominator", denominator, ("all", "content"))
    by = [by] if isinstance(by, str) else list(by)
    check_columns(hits, ["doc_id", "position", "theme", "weight"], table_name="hits")
    need = ["doc_id", "position"] + (["is_stopword"] if denominator == "content" else [])
    check_columns(tokens, need, table_name="tokens")
    tok = tokens
    hit = hits
    from_docs = [c for c in by if c not in tokens.columns]
    if from_docs:
        if docs is None:
            raise KeyError(
                f"by={by!r}: {', '.join(from_docs)} is not a column of tokens; pass docs= to take it from "
                "the docs table, or use one of: " + ", ".join(map(str, tokens.columns)) + "."
            )
        check_columns(docs, ["doc_id"] + from_docs, table_name="docs")
        meta = docs[["doc_id"] + from_docs]
        tok = tok.merge(meta, on="doc_id", how="left")
    if denominator == "content":
        tok = tok[~tok["is_stopword"].astype(bool)]
    hit = hit.merge(tokens[["doc_id", "position"] + [c for c in by if c in tokens.columns and c not in ("doc_id",)]],
                    on=["doc_id", "position"], how="left") if [c for c in by if c in tokens.columns and c != "doc_id"] else hit
    if from_docs:
        hit = hit.merge(docs[["doc_id"] + from_docs], on="doc_id", how="left")
    hit = hit[hit["weight"] > 0].copy()
    hit["theme"] = _theme_level(hit["theme"].astype(str), level)

    if lexicon is not None:
        compiled = lexicon if isinstance(lexicon, CompiledLexicon) else None
        names = compiled.themes if compiled is not None else (
            lexicon["theme"].tolist() if isinstance(lexicon, pd.DataFrame) else load_lexicon(lexicon)["theme"].tolist())
        themes = sorted(set(_theme_level(pd.Series(names, dtype="str"), level)))
        hit = hit[hit["theme"].isin(themes)]
    else:
        themes = sorted(set(hit["theme"]))

    if by:
        denom = tok.groupby(by, dropna=False, sort=True).size().rename("tokens")
        if docs is not None and set(by) <= set(docs.columns) | {"doc_id"}:
            all_groups = docs[by].drop_duplicates() if by != ["doc_id"] else docs[["doc_id"]]
            denom = denom.reindex(pd.MultiIndex.from_frame(all_groups) if len(by) > 1 else pd.Index(all_groups[by[0]], name=by[0]),
                                  fill_value=0).sort_index()
        groups = denom.index
        counts = hit.groupby(by + ["theme"], dropna=False).agg(hits=("weight", "size"), weighted=("weight", "sum"))
        full = pd.MultiIndex.from_tuples(
            [(g if isinstance(g, tuple) else (g,)) + (t,) for g in groups for t in themes], names=by + ["theme"])
        table = counts.reindex(full, fill_value=0).reset_index()
        table = table.merge(denom.reset_index(), on=by, how="left")
    else:
        counts = hit.groupby("theme").agg(hits=("weight", "size"), weighted=("weight", "sum"))
        table = counts.reindex(pd.Index(themes, name="theme"), fill_value=0).reset_index()
        table["tokens"] = len(tok)
    table["hits"] = table["hits"].astype("int64")
    table["weighted"] = table["weighted"].astype("float64")
    table["tokens"] = table["tokens"].fillna(0).astype("int64")
    safe = table["tokens"].where(table["tokens"] > 0)
    table["rate_per_1000"] = (table["hits"] / safe * 1000).fillna(0.0)
    table["weighted_rate_per_1000"] = (table["weighted"] / safe * 1000).fillna(0.0)
    group_total = table.groupby(by)["hits"].transform("sum") if by else table["hits"].sum()
    table["share"] = (table["hits"] / pd.Series(group_total, index=table.index).where(lambda s: s > 0)).fillna(0.0)
    table = table.sort_values(by + ["theme"], kind="stable").reset_index(drop=True)
    return table[by + ["theme", "hits", "weighted", "tokens", "rate_per_1000", "weighted_rate_per_1000", "share"]]


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
