"""Co-occurrence: which theme entries (or themes) occur in the same paragraph or document."""

from __future__ import annotations

import itertools
from collections import Counter
from typing import Literal

import pandas as pd

from ._hits import counted_hits
from ._validate import check_choice, check_columns, check_int, renamed

__all__ = ["cooccurrence"]


def _node_themes(h: pd.DataFrame) -> pd.Series:
    """Each node's theme: the one it has most hits in, then the first by name."""
    by_theme = h.groupby(["node", "theme"]).size().reset_index(name="n")
    by_theme = by_theme.sort_values(["node", "n", "theme"], ascending=[True, False, True], kind="stable")
    return by_theme.drop_duplicates("node").set_index("node")["theme"]


@renamed(by="item")
def cooccurrence(
    hits: pd.DataFrame,
    *,
    item: Literal["entry", "theme"] = "entry",
    unit: Literal["segment", "document"] = "segment",
    level: int | None = 1,
    themes: str | list[str] | None = None,
    min_count: int = 1,
) -> pd.DataFrame:
    """Pairs of theme entries (or themes) that occur in the same paragraph (or document), and how often.

    Only hits that count are used (exclusions, weight 0, left out). A
    pair's ``count`` is the number of units (paragraphs: ``doc_id`` and
    ``seg_id``; or documents) in which both occur, however often each
    occurs there. This is the table behind
    :func:`toolkit.plot.cooccurrence_network`. The input is not modified.

    Parameters
    ----------
    hits : pandas.DataFrame
        From :func:`toolkit.find_themes`: ``doc_id``, ``seg_id`` (for
        ``unit="segment"``), ``theme``, ``entry`` (and ``weight`` when
        present).
    item : {"entry", "theme"}, default "entry"
        What is paired: lexicon entries, or themes (at ``level``).
    unit : {"segment", "document"}, default "segment"
        What "together" means: the same paragraph or the same document.
    level : int or None, default 1
        Theme level: 1 folds ``security/terrorism`` into ``security``; None
        keeps sub-themes.
    themes : str or list of str, optional
        Only hits of these themes (at ``level``).
    min_count : int, default 1
        Pairs that share fewer units are left out.

    Returns
    -------
    pandas.DataFrame
        One row per pair, the two names in alphabetical order, sorted by
        ``count`` descending then the names; RangeIndex. Columns, for
        ``item="entry"``: ``entry1``, ``entry2`` (str), ``count`` (int: units
        with both), ``hits1``, ``hits2`` (int: each entry's hits in all
        units), ``theme1``, ``theme2`` (str: each entry's theme at
        ``level``, the one it has most hits in, then the first by name);
        for ``item="theme"``: ``theme1``, ``theme2``, ``count``, ``hits1``,
        ``hits2``. Entries (or themes) without a partner do not appear.

    Raises
    ------
    ColumnError
        ``hits`` lacks a needed column.
    ValueError
        A bad ``item``, ``unit``, ``level`` or ``min_count``.

    See Also
    --------
    toolkit.plot.cooccurrence_network, toolkit.collocations

    Examples
    --------
    >>> import pandas as pd, toolkit as tk
    >>> docs = pd.DataFrame({"doc_id": ["a"], "text": [
    ...     "Kerja sama keamanan.\\n\\nKeamanan dan terorisme.\\n\\nKerja sama, keamanan."]})
    >>> cooccurrence(tk.find_themes(tk.prepare(docs), "all"))
         entry1      entry2  count  hits1  hits2       theme1    theme2
    0  keamanan  kerja sama      2      3      2     security  cooperation
    1  keamanan   terorisme      1      3      1     security     security
    """
    check_choice("item", item, ("entry", "theme"))
    check_choice("unit", unit, ("segment", "document"))
    check_int("min_count", min_count, 1)
    keys = ["doc_id", "seg_id"] if unit == "segment" else ["doc_id"]
    check_columns(hits, keys + ["theme", "entry"], table_name="hits", hint="Make one with tk.find_themes.")
    h = counted_hits(hits, level=level, themes=themes)
    h["node"] = h["entry"].astype("str") if item == "entry" else h["theme"]
    pairs: Counter = Counter()
    for _, group in h.groupby(keys, sort=False)["node"]:
        pairs.update(itertools.combinations(sorted(set(group)), 2))
    kept = sorted(((a, b, c) for (a, b), c in pairs.items() if c >= min_count), key=lambda p: (-p[2], p[0], p[1]))
    out = pd.DataFrame(kept, columns=[f"{item}1", f"{item}2", "count"]).astype({f"{item}1": "str", f"{item}2": "str",
                                                                            "count": "int64"})
    node_hits = h.groupby("node").size()
    for i in ("1", "2"):
        out["hits" + i] = node_hits.reindex(out[item + i]).to_numpy(dtype="int64")
    if item == "entry":
        node_theme = _node_themes(h)
        for i in ("1", "2"):
            out["theme" + i] = pd.Series(node_theme.reindex(out["entry" + i]).to_numpy(), dtype="str")
    return out
