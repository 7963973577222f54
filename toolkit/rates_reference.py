"""Theme rates and the audit trail written plainly, with pandas: the specification of
:func:`toolkit.theme_rates` and :func:`toolkit.explain_themes`.

Read this module first. :func:`theme_rates_reference` and
:func:`explain_themes_reference` take a hit table (:func:`toolkit.find_themes`)
and give the tables the public functions give, step by step with ordinary
pandas ``groupby`` and ``merge``. The fast path (a partial step of integer
counts in :mod:`toolkit._theme_rates`, merged and finalized in
:mod:`toolkit.parts`) must give the same values; a hypothesis test
(``tests/test_rates_reference.py``) proves it on generated corpora and
lexicons (sub-themes, weights 0, 0.1, 1/3, 0.5, 1 and 2, phrases), across the
group columns, ``level``, ``denominator``, ``docs`` and ``detected``.

The rules, as the public docstrings state them:

1. **Hits that count**: exclusions (weight 0) never count in rates; themes
   are folded to ``level`` (:func:`toolkit.theme_tree.fold_themes`: 1 turns
   ``security/terrorism`` into ``security``).
2. **Groups**: the ``by`` columns, taken from the tokens or, for the others,
   from ``docs`` by ``doc_id``. Every group of the tokens is listed, and
   every group of ``docs`` when ``docs`` has all the ``by`` columns (so a
   document without tokens is listed with 0 tokens). A hit, and a segment,
   belongs to the group of its first token.
3. **Themes**: those of ``lexicon`` (folded), or those seen in the hits;
   every group x theme is a row, zeros included.
4. **Numbers**: ``weighted`` is the exact sum of the weights, correctly
   rounded (:func:`math.fsum`); rates are per 1,000 tokens of the group (NaN
   for a group without tokens); ``share`` is the theme's part of the group's
   hits (0 without hits).
5. **Audit trail**: one row per lexicon entry (theme, entry and match type)
   with its hits, weights, documents and the forms it matched, lower-cased
   with runs of white space read as one space, most frequent first, then A-Z.
"""

from __future__ import annotations

import math
from collections import Counter

import pandas as pd

from ._compiled_lexicon import CompiledLexicon
from .lexicon import load_lexicon
from .theme_tree import fold_themes, within_themes

__all__ = ["theme_rates_reference", "explain_themes_reference"]

RATE_COLUMNS = ["theme", "hits", "weighted", "tokens", "rate_per_1000", "weighted_rate_per_1000", "share"]
PRESENCE_COLUMNS = ["segments", "segments_present", "present_share"]
EXPLAIN_DTYPES = {"theme": "str", "entry": "str", "match": "str", "hits": "int64", "weighted": "float64",
                  "documents": "int64", "forms": "str"}


def theme_rates_reference(hits: pd.DataFrame, tokens: pd.DataFrame, *, by="doc_id", lexicon=None,
                          level: int | None = 1, docs: pd.DataFrame | None = None, denominator: str = "all",
                          detected: pd.DataFrame | None = None) -> pd.DataFrame:
    """Theme hits and rates per group with pandas ``groupby``: the plain version of :func:`toolkit.theme_rates`.

    Parameters
    ----------
    hits, tokens : pandas.DataFrame
        A hit table (:func:`toolkit.find_themes`) and the tokens it was
        found in. Not modified.
    by, lexicon, level, docs, denominator, detected
        As for :func:`toolkit.theme_rates` (not checked here).

    Returns
    -------
    pandas.DataFrame
        The table :func:`toolkit.theme_rates` returns: the group columns,
        ``theme``, ``hits``, ``weighted``, ``tokens``, ``rate_per_1000``,
        ``weighted_rate_per_1000``, ``share`` and, with ``detected``,
        ``segments``, ``segments_present``, ``present_share``.

    Examples
    --------
    >>> import pandas as pd, toolkit as tk
    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "text": ["Kerja sama keamanan.", "Keamanan laut."]})
    >>> tokens = tk.prepare(docs)
    >>> hits = tk.find_themes(tokens, ["security", "cooperation"])
    >>> theme_rates_reference(hits, tokens, by=[])[["theme", "hits", "tokens", "rate_per_1000", "share"]]
             theme  hits  tokens  rate_per_1000     share
    0  cooperation     1       5          200.0  0.333333
    1     security     2       5          400.0  0.666667
    """
    by = [by] if isinstance(by, str) else list(by)
    keys = by or ["_corpus"]  # by=[]: one group, the whole corpus
    tok = _with_group_columns(tokens, by, docs).assign(_corpus=0)
    themes = _reported_themes(hits, lexicon, level)
    table = _all_groups(tok, by, docs).merge(pd.DataFrame({"theme": pd.Series(themes, dtype="str")}), how="cross")
    table = table.merge(_hits_per_cell(hits, tok, keys, themes, level), on=keys + ["theme"], how="left")
    counted = tok if denominator == "all" else tok[~tok["is_stopword"].astype(bool)]
    sizes = counted.groupby(keys, dropna=False).size().rename("tokens").reset_index()
    table = table.merge(sizes, on=keys, how="left").fillna({"hits": 0, "weighted": 0.0, "tokens": 0})
    table = table.astype({"hits": "int64", "weighted": "float64", "tokens": "int64"})
    with_tokens = table["tokens"].where(table["tokens"] > 0)  # no tokens, no rate
    table["rate_per_1000"] = table["hits"] / with_tokens * 1000
    table["weighted_rate_per_1000"] = table["weighted"] / with_tokens * 1000
    group_hits = table.groupby(keys, dropna=False)["hits"].transform("sum")
    table["share"] = (table["hits"] / group_hits.where(group_hits > 0)).fillna(0.0)
    columns = by + RATE_COLUMNS
    if detected is not None:
        table = _with_presence(table, detected, tok, keys)
        columns += PRESENCE_COLUMNS
    table = table.sort_values(keys + ["theme"], kind="stable", na_position="last")
    return table[columns].astype({c: "float64" for c in ("rate_per_1000", "weighted_rate_per_1000", "share")}
                                 ).reset_index(drop=True)


def _hits_per_cell(hits: pd.DataFrame, tok: pd.DataFrame, keys: list[str], themes: list[str], level) -> pd.DataFrame:
    """Per group and theme (folded to ``level``, one of ``themes``): the hits that count and their weights' exact
    sum; a hit belongs to the group of its first token."""
    hit = hits[hits["weight"] > 0].assign(theme=lambda h: fold_themes(h["theme"].astype("str"), level))
    hit = _decoded(hit.loc[hit["theme"].isin(themes), ["doc_id", "position", "theme", "weight"]])
    hit = hit.merge(tok[list(dict.fromkeys(["doc_id", "position", *keys]))], on=["doc_id", "position"], how="left")
    cells = hit.groupby(keys + ["theme"], dropna=False).agg(hits=("weight", "size"), weighted=("weight", math.fsum))
    return cells.reset_index()


def _decoded(table: pd.DataFrame) -> pd.DataFrame:
    """A copy with categorical columns as plain columns of their values' dtype (str for ``doc_id``)."""
    table = table.copy()
    for c in table.columns:
        if isinstance(table[c].dtype, pd.CategoricalDtype):
            table[c] = table[c].astype(table[c].cat.categories.dtype)
    return table


def _with_group_columns(tokens: pd.DataFrame, by: list[str], docs: pd.DataFrame | None) -> pd.DataFrame:
    """A plain copy of tokens with the group columns that only ``docs`` has, joined by ``doc_id``."""
    tok = _decoded(tokens.reset_index(drop=True))
    missing = [c for c in by if c not in tok.columns]
    if missing:
        tok = tok.merge(_decoded(docs[["doc_id"] + missing]), on="doc_id", how="left")
    return tok


def _all_groups(tok: pd.DataFrame, by: list[str], docs: pd.DataFrame | None) -> pd.DataFrame:
    """Every group of the tokens, and of ``docs`` when it has every group column, sorted (missing last)."""
    if not by:
        return pd.DataFrame({"_corpus": [0]})
    groups = tok[by].drop_duplicates()
    if docs is not None and set(by) <= set(docs.columns):
        groups = pd.concat([groups, _decoded(docs[by])]).drop_duplicates()
    return groups.sort_values(by, kind="stable", na_position="last").reset_index(drop=True)


def _reported_themes(hits: pd.DataFrame, lexicon, level) -> list[str]:
    """The themes of the table, folded to ``level`` and sorted: the lexicon's, or those of the hits that count."""
    if lexicon is None:
        names = hits.loc[hits["weight"] > 0, "theme"]
    elif isinstance(lexicon, CompiledLexicon):
        names = lexicon.themes
    else:
        names = (lexicon if isinstance(lexicon, pd.DataFrame) else load_lexicon(lexicon))["theme"]
    return sorted(set(fold_themes(pd.Series(list(names), dtype="str"), level)))


def _with_presence(table: pd.DataFrame, detected: pd.DataFrame, tok: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """The table with each group's segments and the segments where each theme is present (a decision of
    ``detected``); a segment belongs to the group of its first token."""
    segments = tok.drop_duplicates(["doc_id", "seg_id"])[list(dict.fromkeys(["doc_id", "seg_id", *keys]))]
    n_segments = segments.groupby(keys, dropna=False).size().rename("segments").reset_index()
    decisions = _decoded(detected[["doc_id", "seg_id", "theme", "present"]])
    decisions = decisions[decisions["present"].astype(bool)].merge(segments, on=["doc_id", "seg_id"], how="left")
    present = decisions.groupby(keys + ["theme"], dropna=False).size().rename("segments_present").reset_index()
    table = table.merge(n_segments, on=keys, how="left").merge(present, on=keys + ["theme"], how="left")
    table = table.fillna({"segments": 0, "segments_present": 0}).astype({"segments": "int64",
                                                                        "segments_present": "int64"})
    table["present_share"] = table["segments_present"] / table["segments"].where(table["segments"] > 0)
    return table.astype({"present_share": "float64"})


def explain_themes_reference(hits: pd.DataFrame, *, themes=None, level: int | None = None) -> pd.DataFrame:
    """Each entry's hits, weights, documents and forms with pandas ``groupby``: the plain
    :func:`toolkit.explain_themes`.

    The themes are folded to ``level`` first; ``themes`` then keeps the
    rows whose (folded) theme is one of them or lies below one. An entry is
    a theme, an entry text and a match type; ties (same theme and hits) are
    in the order of the entry, then of the match type.

    Parameters
    ----------
    hits : pandas.DataFrame
        A hit table (:func:`toolkit.find_themes`). Not modified.
    themes, level
        As for :func:`toolkit.explain_themes`.

    Returns
    -------
    pandas.DataFrame
        The table :func:`toolkit.explain_themes` returns: ``theme``,
        ``entry``, ``match``, ``hits``, ``weighted``, ``documents``, ``forms``.

    Examples
    --------
    >>> import pandas as pd, toolkit as tk
    >>> tokens = tk.prepare(pd.DataFrame({"doc_id": ["a", "b"], "text": ["Keamanan, pengamanan.", "keamanan"]}))
    >>> explain_themes_reference(tk.find_themes(tokens, "security"))[["entry", "hits", "documents", "forms"]]
            entry  hits  documents          forms
    0    keamanan     2          2    keamanan ×2
    1  pengamanan     1          1  pengamanan ×1
    """
    h = hits.assign(theme=fold_themes(hits["theme"].astype("str"), level))
    if themes is not None:
        h = h[within_themes(h["theme"], themes)]
    h = h.assign(form=[" ".join(str(text).lower().split()) for text in h["matched_text"]])
    entries = h.groupby(["theme", "entry", "match"]).agg(
        hits=("weight", "size"), weighted=("weight", math.fsum), documents=("doc_id", "nunique"),
        forms=("form", _forms_text))
    table = entries.reset_index().sort_values(["theme", "hits", "entry", "match"],
                                              ascending=[True, False, True, True], kind="stable")
    return table[list(EXPLAIN_DTYPES)].astype(EXPLAIN_DTYPES).reset_index(drop=True)


def _forms_text(forms: pd.Series) -> str:
    """``"keamanan ×3, pengamanan ×1"``: each form with its count, most frequent first, then A-Z."""
    counts = sorted(Counter(forms).items(), key=lambda pair: (-pair[1], pair[0]))
    return ", ".join(f"{form} ×{n}" for form, n in counts)
