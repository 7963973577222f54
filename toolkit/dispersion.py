"""Dispersion: where each theme, or each lexicon entry, occurs in a document."""

from __future__ import annotations

from typing import Literal

import pandas as pd

from ._hits import counted_hits, listed
from ._validate import check_choice, check_columns, renamed

__all__ = ["dispersion"]


@renamed(by="item")
def dispersion(
    hits: pd.DataFrame,
    *,
    item: Literal["theme", "entry"] = "theme",
    level: int | None = 1,
    themes: str | list[str] | None = None,
) -> pd.DataFrame:
    """How often, and from where to where, each theme (or lexicon entry) occurs in each document.

    Counts the hits that count (exclusions, weight 0, left out) of each
    document × theme (× entry), with the token positions of the first and
    the last, and ranks them within the document: most hits first, then
    the earlier first hit, then the order below. This is the table behind
    :func:`toolkit.plot.dispersion`, which draws the top ``n`` ranks of one
    document. The input is not modified.

    Parameters
    ----------
    hits : pandas.DataFrame
        From :func:`toolkit.find_themes`: ``doc_id``, ``position``,
        ``theme`` (and ``entry`` for ``item="entry"``; ``weight`` when
        present).
    item : {"theme", "entry"}, default "theme"
        One row per theme, or per lexicon entry within its theme.
    level : int or None, default 1
        Theme level: 1 folds ``security/terrorism`` into ``security``; None
        keeps sub-themes.
    themes : str or list of str, optional
        Only these themes (at ``level``), in this order; default every
        theme with hits, sorted.

    Returns
    -------
    pandas.DataFrame
        One row per document × theme (× entry) with at least one hit;
        themes without hits in a document are not listed. Sorted by
        ``doc_id``, then theme (in the order of ``themes``, else by name),
        then entry by its first hit; RangeIndex. Columns: ``doc_id``,
        ``theme`` (str), ``entry`` (``item="entry"`` only), ``hits`` (int),
        ``first`` and ``last`` (int: token positions of the first and last
        hit), ``rank`` (int: 1 for the row with most hits in its document;
        ties go to the earlier first hit, then to the row listed first).

    Raises
    ------
    ColumnError
        ``hits`` lacks a needed column.
    ValueError
        A bad ``item`` or ``level``.

    See Also
    --------
    toolkit.plot.dispersion, toolkit.rank_by_hits, toolkit.explain_themes

    Examples
    --------
    >>> import pandas as pd, toolkit as tk
    >>> docs = pd.DataFrame({"doc_id": ["a"], "text": ["Kerja sama keamanan.\\n\\nIni soal keamanan."]})
    >>> dispersion(tk.find_themes(tk.prepare(docs), "all"))
      doc_id        theme  hits  first  last  rank
    0      a  cooperation     1      0     0     2
    1      a     security     2      2     5     1
    """
    check_choice("item", item, ("theme", "entry"))
    keys = ["doc_id", "theme"] + (["entry"] if item == "entry" else [])
    check_columns(hits, ["doc_id", "position", "theme"] + keys[2:], table_name="hits",
                  hint="Make one with tk.find_themes.")
    h = counted_hits(hits, level=level, themes=themes).sort_values("position", kind="stable")
    rows = h.groupby(keys, sort=False)["position"].agg(["size", "min", "max"]).reset_index()
    rows.columns = keys + ["hits", "first", "last"]
    order = listed(themes) if themes is not None else sorted(pd.unique(rows["theme"]))
    rows = rows.assign(_theme=rows["theme"].map({t: i for i, t in enumerate(order)}))
    rows = rows.sort_values(["doc_id", "_theme"], kind="stable").reset_index(drop=True)
    ranked = rows.sort_values(["doc_id", "hits", "first"], ascending=[True, False, True], kind="stable")
    rows["rank"] = (ranked.groupby("doc_id", sort=False).cumcount() + 1).reindex(rows.index)
    rows["theme"] = rows["theme"].astype("str")
    return rows.drop(columns="_theme").astype({"hits": "int64", "first": "int64", "last": "int64", "rank": "int64"})
