"""The counting behind :func:`toolkit.theme_rates_partial` and the table of ``ThemeRatesPart.finalize``.

The partial step counts hits into (group, theme) cells and segments into
groups; :func:`rates_table` and :func:`presence_columns` turn the merged
cells into the rates table.

Its specification is :func:`toolkit.rates_reference.theme_rates_reference`,
a plain pandas ``groupby``; ``tests/test_rates_reference.py`` proves the two
equal on generated corpora and lexicons.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import _codes
from ._validate import check_columns

__all__ = ["rates_table", "hit_token_rows", "presence_counts", "presence_columns", "check_detected_documents"]


def hit_token_rows(tok: pd.DataFrame, hits: pd.DataFrame, doc_level: bool) -> np.ndarray:
    """For each hit, a row of ``tok`` in its group: the hit's token, or its document's first token when
    every group column is a document-level one (``doc_level``). ValueError for hits not in ``tok``."""
    n = len(tok)
    doc_codes, doc_uniques = _codes.factorize(tok["doc_id"])
    hit_doc = pd.Index(doc_uniques).get_indexer(hits["doc_id"])
    if len(hits) and (hit_doc < 0).any():
        raise ValueError("hits name documents that are not in tokens: pass the tokens the hits were found in.")
    if doc_level and n:
        first_row = np.zeros(len(doc_uniques), dtype=np.int64)
        first_row[doc_codes[::-1]] = np.arange(n)[::-1]
        return first_row[hit_doc] if len(hits) else np.zeros(0, np.int64)
    pos = tok["position"].to_numpy(dtype=np.int64)
    width = int(pos.max()) + 2 if n else 1
    token_key = pd.Index(doc_codes.astype(np.int64) * width + pos)
    rows = token_key.get_indexer(hit_doc.astype(np.int64) * width + hits["position"].to_numpy(dtype=np.int64))
    if len(hits) and (rows < 0).any():
        raise ValueError("hits point at tokens that are not in the tokens table: pass the tokens the hits "
                         "came from.")
    return rows


def rates_table(counts, weighted, denom, groups, by: list[str], themes: list[str], n_groups: int) -> pd.DataFrame:
    """theme_rates' output from hit counts and weights per (group, theme) cell and tokens per group."""
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


def check_detected_documents(detected: pd.DataFrame, tokens: pd.DataFrame) -> None:
    """ValueError naming a document of ``detected`` that is not in ``tokens`` (theme_rates: the same tokens)."""
    if "doc_id" not in detected.columns or "doc_id" not in tokens.columns:
        return  # (the column checks that follow name what is missing)
    ids = np.asarray(detected["doc_id"].unique(), dtype=object)
    other = ids[~pd.Index(ids).isin(np.asarray(tokens["doc_id"].unique(), dtype=object))]
    if len(other):
        raise ValueError(f"detected names a document that is not in tokens (doc_id = {other[0]!r}): pass the "
                         "decisions made on these tokens (tk.theme_rates_partial takes a chunk's tokens with the "
                         "whole detected table, and leaves out the other documents' decisions).")


def presence_counts(detected: pd.DataFrame, tok: pd.DataFrame, g_codes, n_groups: int, level, themes=None):
    """theme_rates' presence counts: (segments per group, the themes decided (sorted), segments where each is
    present per group × theme, flattened); ``themes`` keeps only those themes. Decisions of documents that are not
    in ``tok`` are left out (a chunk's tokens with the whole ``detected`` table); ValueError for a decision about
    a segment of one of its documents that is not in ``tok``."""
    check_columns(detected, ["doc_id", "seg_id", "theme", "present"], table_name="detected",
                  hint="Make it with tk.detect_themes(tokens, lexicon, unit='paragraph').")
    if level != 1:
        raise ValueError(f"detected= needs level=1 (decisions are made for top-level themes), not level={level!r}.")
    first = np.flatnonzero(~tok[["doc_id", "seg_id"]].duplicated().to_numpy())
    segs = pd.DataFrame({"doc_id": tok["doc_id"].to_numpy(dtype=object)[first],
                         "seg_id": tok["seg_id"].to_numpy()[first], "group": g_codes[first]})
    d = detected.assign(doc_id=detected["doc_id"].to_numpy(dtype=object))
    d = d[d["doc_id"].isin(pd.unique(segs["doc_id"]))]  # the decisions of these documents (detected may be whole)
    if themes is not None:
        d = d[d["theme"].isin(themes)]
    d = d.merge(segs, on=["doc_id", "seg_id"], how="left")
    if d["group"].isna().any():
        bad = d.loc[d["group"].isna(), ["doc_id", "seg_id"]].iloc[0].tolist()
        raise ValueError(f"detected names a segment that is not in tokens (doc_id, seg_id = {bad}): pass the "
                         "decisions made on these tokens.")
    decided = sorted(set(d["theme"].astype(str)))
    cells = d["group"].to_numpy(dtype=np.int64) * len(decided) + pd.Index(decided).get_indexer(d["theme"])
    present = np.bincount(cells, weights=d["present"].to_numpy(dtype=float), minlength=n_groups * len(decided))
    n_segs = np.bincount(segs["group"].to_numpy(dtype=np.int64), minlength=n_groups)
    return n_segs.astype(np.int64), tuple(decided), np.rint(present).astype(np.int64)


def presence_columns(out: pd.DataFrame, n_segs, present, n_themes: int) -> pd.DataFrame:
    """theme_rates' presence columns from segments per group and present segments per (group, theme) cell."""
    out["segments"] = np.repeat(n_segs, n_themes).astype("int64")
    out["segments_present"] = np.asarray(present).astype("int64")
    out["present_share"] = np.where(out["segments"] > 0, out["segments_present"] / out["segments"].clip(lower=1),
                                    np.nan)
    return out
