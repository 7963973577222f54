"""A first summary of a corpus: size, top content stems and the main themes, as tables and a Markdown report.

The CLI's ``summary`` command prints what :func:`summary_tables` returns with :func:`summary_lines`.
"""

from __future__ import annotations

import math
import warnings
from pathlib import Path

import pandas as pd

from .._validate import check_columns, check_int, renamed
from ..counting import count_terms, top_terms

__all__ = ["summarize", "top_content_stems", "write_summary"]

UNIT_WORDS = {"paragraph": "paragraphs", "sentence": "sentences", "document": "segments"}
_THEME_COLUMNS = ["theme", "hits", "tokens", "rate_per_1000", "segments", "segments_present", "present_share"]


def top_content_stems(tokens: pd.DataFrame, *, n: int = 20, include_numbers: bool = False) -> pd.DataFrame:
    """Deprecated: the ``n`` most frequent content stems; now ``top_terms(count_terms(..., forms=True))``.

    Kept for one release with a FutureWarning. The new spelling,
    :func:`toolkit.top_terms` of :func:`toolkit.count_terms` with
    ``by=[]`` and ``forms=True``, gives the same rows, with the stem in
    ``term`` and the columns of a count table (``tokens``,
    ``rate_per_1000``) too.

    Parameters
    ----------
    tokens : pandas.DataFrame
        A tokens table from :func:`toolkit.prepare` (columns ``stem``,
        ``token``, ``is_stopword`` are enough here). Not modified.
    n : int, default 20
    include_numbers : bool, default False
        Count number-only stems too (digits and no letter: ``9``, ``2019``), as
        :func:`toolkit.count_terms` does with the same option.

    Returns
    -------
    pandas.DataFrame
        Columns ``rank`` (int, 1-based; ties share the lowest rank),
        ``stem`` (str), ``count`` (int), ``forms`` (str: the word forms
        seen, most frequent first, then alphabetical, joined by ", "). Sorted by count
        descending, then stem. At most ``n`` rows, plus any rows tied
        with the ``n``-th.

    Warns
    -----
    FutureWarning
        Always: the function goes in the next release.

    See Also
    --------
    toolkit.count_terms, toolkit.top_terms

    Examples
    --------
    >>> import warnings, pandas as pd
    >>> t = pd.DataFrame({"token": ["keamanan", "aman", "dan", "negara", "2019"],
    ...                   "stem": ["aman", "aman", "dan", "negara", "2019"],
    ...                   "is_stopword": [False, False, True, False, False]})
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     top = top_content_stems(t, n=5)
    >>> print(caught[0].message)
    top_content_stems(tokens, n=n) is now tk.top_terms(tk.count_terms(tokens, by=[], forms=True), n=n)
    (the stem in its term column); top_content_stems goes in the next release.
    >>> top
       rank    stem  count           forms
    0     1    aman      2  aman, keamanan
    1     2  negara      1          negara
    """
    warnings.warn("top_content_stems(tokens, n=n) is now tk.top_terms(tk.count_terms(tokens, by=[], forms=True), "
                  "n=n) (the stem in its term column); top_content_stems goes in the next release.",
                  FutureWarning, stacklevel=2)
    check_int("n", n, 1)
    check_columns(tokens, ["token", "stem", "is_stopword"], table_name="tokens",
                  hint="Make one with tk.prepare(docs).")
    unused = {c: 0 for c in ("doc_id", "seg_id", "position") if c not in tokens.columns}  # (a count of the corpus)
    return _top_stems(tokens.assign(**unused) if unused else tokens, n=n, include_numbers=include_numbers)


def _top_stems(tokens: pd.DataFrame, *, n: int, include_numbers: bool = False) -> pd.DataFrame:
    """The summary's table of top content stems: ``rank``, ``stem``, ``count``, ``forms`` (top_terms' rows)."""
    top = top_terms(count_terms(tokens, by=[], include_numbers=include_numbers, forms=True), n=n)
    return top[["rank", "term", "count", "forms"]].rename(columns={"term": "stem"})


def summarize(docs: pd.DataFrame, tokens: pd.DataFrame) -> dict:
    """Corpus size figures.

    One paragraph count for the whole toolkit: a segment (paragraph,
    sentence) counts when it holds at least one token, as in the tokens
    table, :func:`toolkit.detect_themes` and the ``segments`` column of
    :func:`toolkit.theme_rates`. A paragraph of punctuation only (``***``,
    a lone dash) is in :func:`toolkit.segment`'s table but holds no word,
    so it is not counted.

    Parameters
    ----------
    docs : pandas.DataFrame
        The docs table.
    tokens : pandas.DataFrame
        Its tokens table (:func:`toolkit.prepare`).

    Returns
    -------
    dict
        ``documents``, ``empty_documents`` (text missing or blank),
        ``segments`` (distinct ``(doc_id, seg_id)`` of ``tokens``),
        ``tokens``, ``content_tokens`` (not stop words),
        ``distinct_tokens``, ``distinct_stems`` (all int).

    Examples
    --------
    >>> import pandas as pd, toolkit as tk
    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "text": ["Xi tiba.\\n\\n***\\n\\nTokayev bicara.", ""]})
    >>> figures = summarize(docs, tk.prepare(docs))
    >>> figures["documents"], figures["empty_documents"], figures["segments"], figures["tokens"]
    (2, 1, 2, 4)
    """
    check_columns(tokens, ["doc_id", "seg_id", "token", "stem", "is_stopword"], table_name="tokens")
    return {
        "documents": int(len(docs)),
        "empty_documents": int((docs["text"].fillna("").str.strip() == "").sum()),
        "segments": int(tokens[["doc_id", "seg_id"]].drop_duplicates().shape[0]),
        "tokens": int(len(tokens)),
        "content_tokens": int((~tokens["is_stopword"]).sum()),
        "distinct_tokens": int(tokens["token"].nunique()),
        "distinct_stems": int(tokens["stem"].nunique()),
    }


def _theme_table(tokens: pd.DataFrame) -> pd.DataFrame:
    """Per main theme: hits per 1,000 tokens and the share of segments where detect_themes finds it present."""
    from ..decisions import detect_themes
    from ..lexicon import MAIN_THEMES, load_lexicon
    from ..themes import find_themes, theme_rates

    lexicon = load_lexicon(list(MAIN_THEMES))
    hits = find_themes(tokens, lexicon)
    decisions = detect_themes(tokens, lexicon, unit="segment", hits=hits)
    return theme_rates(hits, tokens, by=[], lexicon=lexicon, detected=decisions)[_THEME_COLUMNS]


def summary_tables(docs: pd.DataFrame, *, n: int, unit: str) -> dict:
    """Everything a summary shows: the figures of summarize, ``top``, ``themes`` and ``tokens``."""
    from ..pipeline import prepare

    tokens = prepare(docs, unit=unit)
    return {**summarize(docs, tokens), "top": _top_stems(tokens, n=n), "themes": _theme_table(tokens),
            "tokens_table": tokens}


def format_number(x: float, spec: str) -> str:
    """``x`` formatted with ``spec``, or an en dash when it is missing (a rate of a group without tokens)."""
    return "–" if x is None or (isinstance(x, float) and math.isnan(x)) else format(x, spec)


@renamed(by="unit")
def write_summary(docs: pd.DataFrame, out_dir, *, n: int = 20, unit: str = "paragraph", title: str | None = None,
                  tokens: bool = False) -> dict:
    """Prepare ``docs`` and write a summary report: ``summary.md``, ``top_stems.csv``, ``themes.csv``.

    Parameters
    ----------
    docs : pandas.DataFrame
        A docs table.
    out_dir : str or Path
        Folder to write to (created if missing).
    n : int, default 20
        How many top content stems to list (numbers left out, as by
        :func:`toolkit.count_terms`; ties with the ``n``-th kept, as by
        :func:`toolkit.top_terms`).
    unit : {"paragraph", "sentence", "document"}, default "paragraph"
        The segments counted and decided on.
    title : str, optional
        Heading of the report.
    tokens : bool, default False
        Also write the tokens table, ``tokens.csv`` (one row per token:
        large for a large corpus).

    Returns
    -------
    dict
        The figures from :func:`summarize`, plus ``top`` (the top-stems
        table: ``rank``, ``stem``, ``count``, ``forms``, the rows of
        ``tk.top_terms(tk.count_terms(tokens, by=[], forms=True), n=n)``), ``themes`` (one row per main theme,
        :data:`toolkit.lexicon.MAIN_THEMES`: ``theme``, ``hits``,
        ``tokens``, ``rate_per_1000`` (hits per 1,000 tokens),
        ``segments``, ``segments_present``, ``present_share`` (the share of
        segments where :func:`toolkit.detect_themes` finds the theme
        present), as :func:`toolkit.theme_rates` with ``by=[]`` and
        ``detected=``) and ``paths`` (dict of the files written: ``summary``,
        ``top_stems``, ``themes``, and ``tokens`` when asked for).

    Examples
    --------
    >>> import tempfile, toolkit as tk
    >>> with tempfile.TemporaryDirectory() as out:
    ...     result = write_summary(tk.load_sample(), out, n=3)
    ...     print(open(result["paths"]["summary"], encoding="utf-8").read().splitlines()[2])
    - documents: 1 (0 empty)
    >>> result["top"]["stem"].tolist()[:2]
    ['tiongkok', 'kazakhstan']
    >>> sorted(result["paths"])
    ['summary', 'themes', 'top_stems']
    >>> result["themes"][["theme", "segments", "segments_present"]]
                 theme  segments  segments_present
    0     connectivity        13                 2
    1      cooperation        13                 9
    2  multilateralism        13                 2
    3         security        13                 3
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    result = summary_tables(docs, n=n, unit=unit)
    paths = {"summary": out / "summary.md", "top_stems": out / "top_stems.csv", "themes": out / "themes.csv"}
    paths["summary"].write_text(_markdown(result, n=n, unit=UNIT_WORDS[unit], title=title), encoding="utf-8")
    result["top"].to_csv(paths["top_stems"], index=False)
    result["themes"].to_csv(paths["themes"], index=False)
    if tokens:
        paths["tokens"] = out / "tokens.csv"
        result["tokens_table"].to_csv(paths["tokens"], index=False)
    del result["tokens_table"]
    return {**result, "paths": {k: str(v) for k, v in paths.items()}}


def _size_lines(result: dict, words: str) -> list[str]:
    """The size figures of a summary, one line each (the Markdown report and the CLI put their own bullets)."""
    return [f"documents: {result['documents']} ({result['empty_documents']} empty)",
            f"{words}: {result['segments']} (with at least one word)",
            f"tokens: {result['tokens']} ({result['content_tokens']} not stop words)",
            f"distinct word forms: {result['distinct_tokens']}; distinct stems: {result['distinct_stems']}"]


def _markdown(result: dict, *, n: int, unit: str, title: str | None) -> str:
    top, themes = result["top"], result["themes"]
    lines = [
        f"# {title or 'Corpus summary'}",
        "",
        *(f"- {line}" for line in _size_lines(result, unit)),
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
    lines += [
        "",
        "## Main themes",
        "",
        f"Hits of the shipped lexicons per 1,000 tokens, and the {unit} where `tk.detect_themes` finds the theme "
        "present (its score reaches 1). Validate both on a coded sample of your corpus before you cite them "
        "(`tk.sample_for_coding`, `tk.validate_themes`).",
        "",
        f"| theme | hits | per 1,000 tokens | {unit} present | share of {unit} |",
        "|---|---:|---:|---:|---:|",
    ]
    lines += [f"| {r.theme} | {r.hits} | {format_number(r.rate_per_1000, '.1f')} | {r.segments_present} of {r.segments} "
              f"| {format_number(r.present_share, '.1%')} |" for r in themes.itertuples()]
    return "\n".join(lines) + "\n"


def summary_lines(result: dict, *, title: str, n: int, unit: str) -> list[str]:
    """The lines the command line prints for a summary (``result`` from :func:`summary_tables` or write_summary)."""
    words = UNIT_WORDS[unit]
    lines = [
        title,
        *(f"  {line}" for line in _size_lines(result, words)),
        f"  top {n} content stems (numbers left out):",
    ]
    lines += [f"    {r.rank:>3}. {r.stem:<16} {r.count:>4}   ({r.forms})" for r in result["top"].itertuples()]
    lines.append(f"  main themes: hits, per 1,000 tokens, {words} where present (tk.detect_themes):")
    lines += [f"    {r.theme:<16} {r.hits:>5} {format_number(r.rate_per_1000, '>7.1f')}   {r.segments_present} of "
              f"{r.segments} ({format_number(r.present_share, '.1%')})" for r in result["themes"].itertuples()]
    return lines
