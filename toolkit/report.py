"""A first summary of a corpus: size and most frequent content stems, as tables and a Markdown report."""

from __future__ import annotations

import numbers
from pathlib import Path

import pandas as pd

from ._validate import check_columns

__all__ = ["summarize", "top_content_stems", "write_summary"]


def top_content_stems(tokens: pd.DataFrame, *, n: int = 20) -> pd.DataFrame:
    """The ``n`` most frequent content stems (not stop words, with at least one letter).

    Parameters
    ----------
    tokens : pandas.DataFrame
        A tokens table from :func:`toolkit.prepare` (columns ``stem``,
        ``token``, ``is_stopword``).
    n : int, default 20

    Returns
    -------
    pandas.DataFrame
        Columns ``rank`` (int, 1-based; ties share the lowest rank),
        ``stem`` (str), ``count`` (int), ``forms`` (str: the word forms
        seen, most frequent first, then alphabetical, joined by ", "). Sorted by count
        descending, then stem. At most ``n`` rows, plus any rows tied
        with the ``n``-th.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"token": ["keamanan", "aman", "dan", "negara", "2019"],
    ...                   "stem": ["aman", "aman", "dan", "negara", "2019"],
    ...                   "is_stopword": [False, False, True, False, False]})
    >>> top_content_stems(t, n=5)
       rank    stem  count           forms
    0     1    aman      2  aman, keamanan
    1     2  negara      1          negara
    """
    if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 1:
        raise ValueError(f"n={n!r} is not allowed; use a whole number of at least 1.")
    check_columns(tokens, ["token", "stem", "is_stopword"], table_name="tokens",
                  hint="Make one with tk.prepare(docs).")
    content = tokens[~tokens["is_stopword"] & tokens["stem"].str.contains(r"[^\W\d_]", regex=True)]
    counts = content.groupby("stem", sort=False).size().rename("count").reset_index()
    forms = (
        content.groupby(["stem", "token"], sort=False).size().rename("k").reset_index()
        .sort_values(["stem", "k", "token"], ascending=[True, False, True])
        .groupby("stem", sort=False)["token"].agg(", ".join).rename("forms")
    )
    counts = counts.merge(forms, on="stem").sort_values(["count", "stem"], ascending=[False, True])
    counts["rank"] = counts["count"].rank(method="min", ascending=False).astype("int64")
    if len(counts) > n:  # keep every stem tied with the n-th
        counts = counts[counts["count"] >= counts["count"].iloc[n - 1]]
    return counts[["rank", "stem", "count", "forms"]].reset_index(drop=True)


def summarize(docs: pd.DataFrame, tokens: pd.DataFrame, segments: pd.DataFrame | None = None) -> dict:
    """Corpus size figures.

    Parameters
    ----------
    docs : pandas.DataFrame
        The docs table.
    tokens : pandas.DataFrame
        Its tokens table (:func:`toolkit.prepare`).
    segments : pandas.DataFrame, optional
        Its segments table; when not given, segments are counted from the
        distinct ``(doc_id, seg_id)`` pairs of ``tokens``.

    Returns
    -------
    dict
        ``documents``, ``empty_documents``, ``segments``, ``tokens``,
        ``content_tokens`` (not stop words), ``distinct_tokens``,
        ``distinct_stems`` (all int).

    Examples
    --------
    >>> import toolkit as tk
    >>> docs = tk.load_sample()
    >>> tokens = tk.prepare(docs)
    >>> summarize(docs, tokens)["documents"]
    1
    """
    check_columns(tokens, ["doc_id", "seg_id", "token", "stem", "is_stopword"], table_name="tokens")
    n_segments = len(segments) if segments is not None else int(tokens[["doc_id", "seg_id"]].drop_duplicates().shape[0])
    return {
        "documents": int(len(docs)),
        "empty_documents": int((docs["text"].fillna("").str.strip() == "").sum()),
        "segments": int(n_segments),
        "tokens": int(len(tokens)),
        "content_tokens": int((~tokens["is_stopword"]).sum()),
        "distinct_tokens": int(tokens["token"].nunique()),
        "distinct_stems": int(tokens["stem"].nunique()),
    }


def write_summary(docs: pd.DataFrame, out_dir, *, n: int = 20, by: str = "paragraph", title: str | None = None) -> dict:
    """Prepare ``docs`` and write a summary report: ``summary.md``, ``top_stems.csv``, ``tokens.csv``.

    Parameters
    ----------
    docs : pandas.DataFrame
        A docs table.
    out_dir : str or Path
        Folder to write to (created if missing).
    n : int, default 20
        How many top content stems to list.
    by : {"paragraph", "sentence", "document"}, default "paragraph"
    title : str, optional
        Heading of the report.

    Returns
    -------
    dict
        The figures from :func:`summarize`, plus ``paths`` (dict of the
        files written) and ``top`` (the top-stems table).

    Examples
    --------
    >>> import tempfile, toolkit as tk
    >>> with tempfile.TemporaryDirectory() as out:
    ...     result = write_summary(tk.load_sample(), out, n=3)
    ...     print(open(result["paths"]["summary"], encoding="utf-8").read().splitlines()[2])
    - documents: 1 (0 empty)
    >>> result["top"]["stem"].tolist()[:2]
    ['tiongkok', 'kazakhstan']
    """
    from .pipeline import prepare
    from .text import segment

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    segments = segment(docs, by=by)
    tokens = prepare(docs, by=by)
    figures = summarize(docs, tokens, segments)
    top = top_content_stems(tokens, n=n)
    unit = {"paragraph": "paragraphs", "sentence": "sentences", "document": "segments"}[by]
    lines = [
        f"# {title or 'Corpus summary'}",
        "",
        f"- documents: {figures['documents']} ({figures['empty_documents']} empty)",
        f"- {unit}: {figures['segments']}",
        f"- tokens: {figures['tokens']} ({figures['content_tokens']} not stop words)",
        f"- distinct word forms: {figures['distinct_tokens']}; distinct stems: {figures['distinct_stems']}",
        "",
        f"## Most frequent content stems (top {n}, ties with the last included: {len(top)} rows)",
        "",
        "Stems from Sastrawi (PySastrawi 1.2.1) with the toolkit's documented overrides; stop words "
        "(the toolkit's list and Sastrawi's) and numbers left out.",
        "",
        "| rank | stem | count | forms in the text |",
        "|---:|---|---:|---|",
    ]
    lines += [f"| {r.rank} | {r.stem} | {r.count} | {r.forms} |" for r in top.itertuples()]
    paths = {"summary": out / "summary.md", "top_stems": out / "top_stems.csv", "tokens": out / "tokens.csv"}
    paths["summary"].write_text("\n".join(lines) + "\n", encoding="utf-8")
    top.to_csv(paths["top_stems"], index=False)
    tokens.to_csv(paths["tokens"], index=False)
    return {**figures, "paths": {k: str(v) for k, v in paths.items()}, "top": top}
