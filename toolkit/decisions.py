"""Theme decisions: is a paragraph (or a document) about a theme?

Hits (:func:`toolkit.find_themes`) say where a lexicon entry matched. A
decision says whether a whole segment is about the theme, from the evidence
of its hits, by rules that live in the lexicon files, not in code:

1. **Context rules.** An entry may have ``requires`` (at least one of these
   cues must stand near the hit) and ``forbids`` (none of these may), with a
   ``window`` of tokens on each side (``segment``, the default, is the
   whole segment; ``document`` the whole document). A cue is a word
   (matched by its stem), ``=word`` (that exact form), a run of words, or
   ``@theme`` (another hit of that top-level theme). A hit that fails its
   rule stays in the hit table but does not count here: ``pesawat``
   (connectivity) with ``forbids: @security`` does not make a paragraph about
   fighter jets a connectivity paragraph.
2. **Score.** A segment's score for a top-level theme is the sum of the
   weights of the *distinct* entries whose hits count there (an entry
   found three times adds its weight once).
3. **Decision.** The theme is present where the score reaches ``min_score``
   (1 by default). The shipped lexicons are weighted for that threshold: an
   entry of weight 1 or more decides alone; weaker entries need company
   (two of weight 0.5, or one with another cue).

Every row carries its evidence: which entries counted, with their weights,
which hits did not count and by which rule, and the sum against the
threshold.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pandas as pd

from ._validate import check_choice, check_columns
from .themes import CompiledLexicon, find_themes

__all__ = ["detect_themes", "UNITS"]

#: Allowed values of ``unit``.
UNITS = ("paragraph", "sentence", "segment", "document")


def detect_themes(tokens: pd.DataFrame, lexicon="all", *, unit: str = "paragraph", min_score=1.0,
                  hits: pd.DataFrame | None = None, overrides=True) -> pd.DataFrame:
    """Decide, for every segment (or document) and top-level theme, whether the theme is present.

    Parameters
    ----------
    tokens : pandas.DataFrame
        A tokens table from :func:`toolkit.prepare` (``doc_id``, ``seg_id``,
        ``position``, ``token``, ``stem``, ...), in text order.
    lexicon : pandas.DataFrame, str, list or CompiledLexicon, default "all"
        The lexicon, with its weights and context rules (columns
        ``requires``, ``forbids``, ``window``; see
        ``toolkit/data/lexicons/README.md``).
    unit : {"paragraph", "sentence", "segment", "document"}, default "paragraph"
        ``"document"`` decides per document; the others per segment of the
        tokens table (the paragraphs or sentences ``tk.prepare`` made).
    min_score : float or dict, default 1.0
        The score at which a theme is present; a dict gives one per theme
        (themes it does not name keep 1.0). Lower it for recall, raise it for
        precision: each lexicon card shows the trade-off measured on
        labelled paragraphs.
    hits : pandas.DataFrame, optional
        The hits of ``lexicon`` in ``tokens``, when already found
        (:func:`toolkit.find_themes`); found here otherwise.
    overrides : bool, dict, DataFrame or Stemmer, default True
        Stemming overrides for the lexicon: the same as for ``tokens``.

    Returns
    -------
    pandas.DataFrame
        One row per unit and top-level theme, zeros included, in the order
        of the units in ``tokens`` then by theme; RangeIndex. Columns:
        ``doc_id``, ``seg_id`` (int; not for ``unit="document"``), ``theme``
        (str), ``score`` (float: the sum of the weights of the distinct
        entries that count), ``threshold`` (float), ``present`` (bool:
        score ≥ threshold), ``n_hits`` (int: hits that count) and
        ``evidence`` (str: the entries that count with their weights and
        number of hits, the hits that do not count and the rule that stopped
        them, and the sum against the threshold; empty where there is no
        hit). The input is not modified.

    Raises
    ------
    ColumnError
        ``tokens`` or ``hits`` lacks a needed column.
    ValueError
        ``unit`` or ``min_score`` is not allowed.

    See Also
    --------
    toolkit.find_themes : the hits the decisions are made from.
    toolkit.validate_themes : precision and recall of the decisions against human codes.

    Examples
    --------
    >>> import pandas as pd, toolkit as tk
    >>> docs = pd.DataFrame({"doc_id": ["a"], "text": [
    ...     "Pesawat tempur menyerang pangkalan.\\n\\nPesawat mendarat di bandara.\\n\\nAncaman inflasi."]})
    >>> lex = tk.make_lexicon([
    ...     {"theme": "security", "entry": "tempur"},
    ...     {"theme": "security", "entry": "ancaman", "match": "word", "weight": 0.5},
    ...     {"theme": "connectivity", "entry": "pesawat", "weight": 0.5, "forbids": "@security"},
    ...     {"theme": "connectivity", "entry": "bandara"}])
    >>> d = detect_themes(tk.prepare(docs), lex)
    >>> d[["seg_id", "theme", "score", "present"]]
       seg_id         theme  score  present
    0       0  connectivity    0.0    False
    1       0      security    1.0     True
    2       1  connectivity    1.5     True
    3       1      security    0.0    False
    4       2  connectivity    0.0    False
    5       2      security    0.5    False
    >>> print(d.loc[0, "evidence"])
    0 < 1; not counted: pesawat (forbids @security)
    >>> print(d.loc[2, "evidence"])
    bandara +1, pesawat +0.5 = 1.5 ≥ 1
    """
    check_choice("unit", unit, UNITS)
    check_columns(tokens, ["doc_id", "seg_id", "position", "token", "stem"], table_name="tokens",
                  hint="Make one with tk.prepare(docs).")
    compiled = lexicon if isinstance(lexicon, CompiledLexicon) else CompiledLexicon(lexicon, overrides=overrides)
    if hits is None:
        hits = find_themes(tokens, compiled)
    check_columns(hits, ["doc_id", "seg_id", "position", "theme", "entry", "match", "weight", "n_tokens"],
                  table_name="hits")
    themes = sorted({e.theme.split("/", 1)[0] for e in compiled.entries if e.weight > 0})
    thresholds = _thresholds(min_score, themes)
    keys = ["doc_id"] if unit == "document" else ["doc_id", "seg_id"]
    units = tokens[keys].drop_duplicates().reset_index(drop=True)
    hits = hits[hits["weight"] > 0].reset_index(drop=True)
    counted, reasons = _apply_context(hits, tokens, compiled)
    cells = _collect(hits, counted, reasons, keys)
    rows = []
    for key in units.itertuples(index=False, name=None):
        for theme in themes:
            rows.append(_decide(cells.get((key, theme)), thresholds[theme]))
    out = units.loc[units.index.repeat(len(themes))].reset_index(drop=True)
    out["theme"] = pd.Series(np.tile(np.array(themes, dtype=object), len(units)), dtype="str")
    for i, name in enumerate(("score", "threshold", "present", "n_hits", "evidence")):
        out[name] = [r[i] for r in rows]
    return out.astype({"score": "float64", "threshold": "float64", "present": "bool", "n_hits": "int64",
                       "evidence": "str", **({"seg_id": "int64"} if "seg_id" in keys else {})})


def _thresholds(min_score, themes: list[str]) -> dict[str, float]:
    """One threshold per theme from a number or a dict; names the bad value."""
    given = min_score if isinstance(min_score, dict) else {t: min_score for t in themes}
    out = {}
    for theme in themes:
        value = given.get(theme, 1.0)
        try:
            value = float(value)
        except (TypeError, ValueError):
            value = float("nan")
        if not np.isfinite(value) or value <= 0:
            raise ValueError(f"min_score for theme {theme!r} is {given.get(theme)!r}; use a number > 0.")
        out[theme] = value
    return out


def _apply_context(hits: pd.DataFrame, tokens: pd.DataFrame, compiled: CompiledLexicon):
    """Which hits count (bool array) and, for those that do not, the rule that stopped them."""
    by_key = {(e.theme, e.entry, e.match): e for e in compiled.entries}
    entries = [by_key.get(k) for k in zip(hits["theme"], hits["entry"], hits["match"])]
    counted = np.ones(len(hits), dtype=bool)
    reasons = [""] * len(hits)
    ruled = [i for i, e in enumerate(entries) if e is not None and (e.requires or e.forbids)]
    if not ruled:
        return counted, reasons
    scope = _Scope(tokens, hits)
    for i in ruled:
        e = entries[i]
        near = scope.near(i, e.window)
        found = [c for c in e.forbids if scope.has(near, c, i)]
        if found:
            counted[i], reasons[i] = False, "forbids " + _cue_text(found[0])
        elif e.requires and not any(scope.has(near, c, i) for c in e.requires):
            counted[i] = False
            reasons[i] = "requires " + " or ".join(_cue_text(c) for c in e.requires)
    return counted, reasons


def _cue_text(cue) -> str:
    kind, value = cue
    if kind == "theme":
        return "@" + value
    return " ".join(("=" + v if k == "word" else v) for k, v in value)


class _Scope:
    """The tokens and hits around a hit, document by document (built lazily, once per document)."""

    def __init__(self, tokens: pd.DataFrame, hits: pd.DataFrame):
        doc = tokens["doc_id"].to_numpy(dtype=object)
        self._rows = pd.Series(np.arange(len(tokens))).groupby(doc, sort=False).agg(["min", "max"])
        self._tokens = tokens
        self._hits = hits
        self._hit_doc = hits["doc_id"].to_numpy(dtype=object)
        self._cache: dict = {}

    def _doc(self, doc):
        if doc not in self._cache:
            lo, hi = self._rows.loc[doc]
            t = self._tokens.iloc[lo : hi + 1]
            hits_here = np.flatnonzero(self._hit_doc == doc)
            h = self._hits.iloc[hits_here]
            self._cache[doc] = (t["seg_id"].to_numpy(), t["position"].to_numpy(),
                                t["token"].to_numpy(dtype=object), t["stem"].to_numpy(dtype=object),
                                hits_here, h["seg_id"].to_numpy(), h["position"].to_numpy(),
                                h["theme"].str.split("/").str[0].to_numpy(dtype=object))
        return self._cache[doc]

    def near(self, i: int, window: str):
        """Token and hit masks of hit ``i``'s scope: its window, segment or document, without the hit itself."""
        h = self._hits.iloc[i]
        seg, tpos, _, _, hit_rows, hseg, hpos, _ = self._doc(h["doc_id"])
        first, last = int(h["position"]), int(h["position"]) + int(h["n_tokens"]) - 1
        tok = np.ones(len(tpos), bool) if window == "document" else seg == h["seg_id"]
        hit = np.ones(len(hpos), bool) if window == "document" else hseg == h["seg_id"]
        if window not in ("segment", "document"):
            w = int(window)
            tok &= (tpos >= first - w) & (tpos <= last + w)
            hit &= (hpos >= first - w) & (hpos <= last + w)
        tok &= (tpos < first) | (tpos > last)
        hit &= hit_rows != i
        return h["doc_id"], tok, hit

    def has(self, near, cue, i: int) -> bool:
        doc, tok, hit = near
        _, tpos, forms, stems, _, _, _, htop = self._doc(doc)
        kind, value = cue
        if kind == "theme":
            return bool((htop[hit] == value).any())
        rows = np.flatnonzero(tok)
        for r in rows:
            if all(r + m < len(tpos) and tok[r + m] and tpos[r + m] == tpos[r] + m
                   and (stems if k == "stem" else forms)[r + m] == v for m, (k, v) in enumerate(value)):
                return True
        return False


def _collect(hits: pd.DataFrame, counted, reasons, keys: list[str]) -> dict:
    """Per (unit key, top-level theme): counted entries with weights and counts, and stopped hits."""
    cells: dict = defaultdict(lambda: {"entries": {}, "stopped": {}})
    tops = hits["theme"].str.split("/").str[0]
    key_cols = [hits[k].to_numpy(dtype=object) for k in keys]
    for i, (entry, weight, top) in enumerate(zip(hits["entry"], hits["weight"], tops)):
        key = tuple(int(c[i]) if k == "seg_id" else c[i] for k, c in zip(keys, key_cols))
        cell = cells[(key, top)]
        if counted[i]:
            w, n = cell["entries"].get(entry, (float(weight), 0))
            cell["entries"][entry] = (max(w, float(weight)), n + 1)
        else:
            cell["stopped"].setdefault(entry, reasons[i])
    return cells


def _num(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".")


def _decide(cell, threshold: float) -> tuple:
    """(score, threshold, present, n_hits, evidence) of one unit and theme."""
    if cell is None:
        return 0.0, threshold, False, 0, ""
    entries = sorted(cell["entries"].items(), key=lambda kv: (-kv[1][0], kv[0]))
    score = float(sum(w for _, (w, _) in entries))
    n_hits = sum(n for _, (_, n) in entries)
    present = score >= threshold - 1e-9
    parts = [f"{e} +{_num(w)}" + (f" ×{n}" if n > 1 else "") for e, (w, n) in entries]
    evidence = (", ".join(parts) + " = " if parts else "") + f"{_num(score)} {'≥' if present else '<'} {_num(threshold)}"
    if cell["stopped"]:
        evidence += "; not counted: " + ", ".join(f"{e} ({r})" for e, r in sorted(cell["stopped"].items()))
    return score, threshold, present, n_hits, evidence
