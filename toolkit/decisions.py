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

import numpy as np
import pandas as pd

from ._compiled_lexicon import CompiledLexicon, as_compiled
from ._validate import check_choice, check_columns
from .theme_tree import fold_themes, top_theme
from .themes import find_themes

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
    compiled = as_compiled(lexicon, overrides)
    if hits is None:
        hits = find_themes(tokens, compiled)
    check_columns(hits, ["doc_id", "seg_id", "position", "theme", "entry", "match", "weight", "n_tokens"],
                  table_name="hits")
    themes = sorted({top_theme(e.theme) for e in compiled.entries if e.weight > 0})
    thresholds = _thresholds(min_score, themes)
    keys = ["doc_id"] if unit == "document" else ["doc_id", "seg_id"]
    units = tokens[keys].drop_duplicates().reset_index(drop=True)
    hits = hits[hits["weight"] > 0].reset_index(drop=True)
    hits["top"] = fold_themes(hits["theme"], 1)  # the top-level theme, once for the rules and the cells
    counted, reasons = _apply_context(hits, tokens, compiled, themes)
    out = units.loc[units.index.repeat(len(themes))].reset_index(drop=True)
    out["theme"] = pd.Series(np.tile(np.array(themes, dtype=object), len(units)), dtype="str")
    out = out.merge(_cells(hits, counted, reasons, keys), on=[*keys, "theme"], how="left", sort=False)
    out["threshold"] = out["theme"].map(thresholds).astype("float64")
    out["score"] = out["score"].fillna(0.0).astype("float64")
    out["present"] = out["score"] >= out["threshold"] - 1e-9
    out["n_hits"] = out["n_hits"].fillna(0).astype("int64")
    has = out["evidence"].notna().to_numpy()
    out["evidence"] = pd.Series(
        [_evidence(c, s, t, p) if h else "" for c, s, t, p, h in
         zip(out["evidence"], out["score"], out["threshold"], out["present"], has)], dtype="str")
    return out[[*keys, "theme", "score", "threshold", "present", "n_hits", "evidence"]]


def _thresholds(min_score, themes: list[str]) -> dict[str, float]:
    """One threshold per theme from a number or a dict; names the bad value."""
    given = min_score if isinstance(min_score, dict) else {t: min_score for t in themes}
    unknown = [t for t in given if t not in themes]
    if unknown:
        raise ValueError(f"min_score names {', '.join(map(repr, unknown))}, not a top-level theme of the lexicon; "
                         f"its themes are: {', '.join(themes)}.")
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


def _apply_context(hits: pd.DataFrame, tokens: pd.DataFrame, compiled: CompiledLexicon, themes: list[str]):
    """Which hits count (bool array) and, for those that do not, the rule that stopped them.

    A hit of one of the lexicon's themes must come from one of its entries (else its rules would be
    silently lost); hits of other themes are left to the caller (they are in no decision).
    """
    by_key = {(e.theme, e.entry, e.match): e for e in compiled.entries}
    entries = [by_key.get(k) for k in zip(hits["theme"], hits["entry"], hits["match"])]
    stray = [i for i, e in enumerate(entries) if e is None and hits["top"].iat[i] in themes]
    if stray:
        h = hits.iloc[stray[0]]
        raise ValueError(f"hits holds {len(stray)} hit(s) of entries that are not in the lexicon, such as "
                         f"{h['entry']!r} ({h['match']}) of theme {h['theme']!r}: pass the hits that "
                         "tk.find_themes found with this lexicon.")
    counted = np.ones(len(hits), dtype=bool)
    reasons = [""] * len(hits)
    ruled = [i for i, e in enumerate(entries) if e is not None and (e.requires or e.forbids)]
    if not ruled:
        return counted, reasons
    scope = _Scope(tokens, hits)
    for i in ruled:
        e = entries[i]
        near = scope.near(i, e.window)
        found = [c for c in e.forbids if scope.has(near, c)]
        if found:
            counted[i], reasons[i] = False, "forbids " + _cue_text(found[0])
        elif e.requires and not any(scope.has(near, c) for c in e.requires):
            counted[i] = False
            reasons[i] = "requires " + " or ".join(_cue_text(c) for c in e.requires)
    return counted, reasons


def _cue_text(cue) -> str:
    kind, value = cue
    if kind == "theme":
        return "@" + value
    return " ".join(("=" + v if k == "word" else v) for k, v in value)


class _Scope:
    """The tokens and hits around a hit, as numpy arrays grouped by document (built once)."""

    def __init__(self, tokens: pd.DataFrame, hits: pd.DataFrame):
        codes, uniques = pd.factorize(tokens["doc_id"].to_numpy(dtype=object))
        self._tok_rows = _group_rows(codes, len(uniques))
        hit_codes = pd.Index(uniques).get_indexer(hits["doc_id"].to_numpy(dtype=object))
        self._hit_rows = _group_rows(hit_codes, len(uniques))
        self.hit_doc = hit_codes
        self.t_seg, self.t_pos = tokens["seg_id"].to_numpy(), tokens["position"].to_numpy()
        self.t_form = tokens["token"].to_numpy(dtype=object)
        self.t_stem = tokens["stem"].to_numpy(dtype=object)
        self.h_seg, self.h_pos = hits["seg_id"].to_numpy(), hits["position"].to_numpy()
        self.h_len = hits["n_tokens"].to_numpy()
        self.h_top = hits["top"].to_numpy(dtype=object)

    def near(self, i: int, window: str):
        """Rows of the tokens and of the hits in hit ``i``'s scope (window, segment or document), not the hit."""
        doc = self.hit_doc[i]
        tok, hit = self._tok_rows[doc], self._hit_rows[doc]
        first, last = self.h_pos[i], self.h_pos[i] + self.h_len[i] - 1
        if window != "document":
            tok = tok[self.t_seg[tok] == self.h_seg[i]]
            hit = hit[self.h_seg[hit] == self.h_seg[i]]
        if window not in ("segment", "document"):
            w = int(window)
            tok = tok[(self.t_pos[tok] >= first - w) & (self.t_pos[tok] <= last + w)]
            hit = hit[(self.h_pos[hit] >= first - w) & (self.h_pos[hit] <= last + w)]
        tok = tok[(self.t_pos[tok] < first) | (self.t_pos[tok] > last)]
        return tok, hit[hit != i]

    def has(self, near, cue) -> bool:
        """Whether a cue stands among the rows of ``near``."""
        tok, hit = near
        kind, value = cue
        if kind == "theme":
            return bool((self.h_top[hit] == value).any())
        column = lambda k: self.t_stem if k == "stem" else self.t_form  # noqa: E731
        (k0, v0), rest = value[0], value[1:]
        starts = tok[column(k0)[tok] == v0]
        if not rest or len(starts) == 0:
            return len(starts) > 0
        inside = set(tok.tolist())
        for r in starts.tolist():
            if all(r + m in inside and self.t_pos[r + m] == self.t_pos[r] + m and column(k)[r + m] == v
                   for m, (k, v) in enumerate(rest, start=1)):
                return True
        return False


def _group_rows(codes: np.ndarray, n: int) -> list[np.ndarray]:
    """Row numbers of each code 0..n-1 (rows with code -1 belong to none), in row order."""
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(n + 1))
    return [order[bounds[k]:bounds[k + 1]] for k in range(n)]


def _cells(hits: pd.DataFrame, counted, reasons, keys: list[str]) -> pd.DataFrame:
    """Per unit and top-level theme with hits: score, counted hits, and the parts of the evidence."""
    h = hits[[*keys, "entry"]].copy()
    h["theme"] = hits["top"]
    h["weight"] = hits["weight"].to_numpy(dtype=float)
    h["counted"] = counted
    h["reason"] = reasons
    cols = [*keys, "theme"]
    if h.empty:
        return pd.DataFrame({**{c: h[c] for c in cols}, "score": [], "n_hits": [], "evidence": []})
    ok = h[h["counted"]].groupby([*cols, "entry"], sort=False).agg(w=("weight", "max"), n=("weight", "size"))
    ok = ok.reset_index().sort_values([*cols, "w", "entry"], ascending=[True] * len(cols) + [False, True],
                                      kind="stable")
    ok["part"] = [f"{e} +{_num(w)}" + (f" ×{n}" if n > 1 else "") for e, w, n in zip(ok["entry"], ok["w"], ok["n"])]
    stopped = h[~h["counted"]].drop_duplicates([*cols, "entry"]).sort_values([*cols, "entry"], kind="stable")
    stopped = stopped.assign(part=[f"{e} ({r})" for e, r in zip(stopped["entry"], stopped["reason"])])
    sums = ok.groupby(cols, sort=False).agg(score=("w", "sum"), n_hits=("n", "sum"))
    counted_cells = _joined(ok, cols, "parts").assign(score=sums["score"].to_numpy(),
                                                      n_hits=sums["n_hits"].to_numpy())
    cells = counted_cells.merge(_joined(stopped, cols, "stopped"), on=cols, how="outer")
    cells["score"] = cells["score"].fillna(0.0)
    cells["n_hits"] = cells["n_hits"].fillna(0)
    cells["evidence"] = list(zip(cells["parts"].astype(object).fillna(""), cells["stopped"].astype(object).fillna("")))
    if "seg_id" in keys:
        cells["seg_id"] = cells["seg_id"].astype("int64")
    return cells[[*cols, "score", "n_hits", "evidence"]]


def _joined(table: pd.DataFrame, cols: list[str], name: str) -> pd.DataFrame:
    """One row per group of ``cols`` (rows of a group are adjacent) with its ``part`` strings joined by ', '."""
    ids = table.groupby(cols, sort=False).ngroup().to_numpy()
    first = np.flatnonzero(np.r_[True, ids[1:] != ids[:-1]]) if len(ids) else np.zeros(0, int)
    parts = table["part"].tolist()
    bounds = [*first.tolist(), len(parts)]
    out = table.iloc[first][cols].reset_index(drop=True)
    out[name] = [", ".join(parts[a:b]) for a, b in zip(bounds[:-1], bounds[1:])]
    return out


def _num(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".")


def _evidence(parts, score: float, threshold: float, present: bool) -> str:
    """'keamanan +1 ×2, ancaman +0.5 = 1.5 ≥ 1; not counted: pesawat (forbids @security)'."""
    counted, stopped = parts
    text = (counted + " = " if counted else "") + f"{_num(score)} {'≥' if present else '<'} {_num(threshold)}"
    return text + ("; not counted: " + stopped if stopped else "")
