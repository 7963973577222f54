"""The theme report: the whole analysis without Jupyter, as tables, charts and one HTML page."""

from __future__ import annotations

import html
import re
import shutil
import tempfile
from pathlib import Path

import pandas as pd

__all__ = ["write_report"]

from ..lexicon import MAIN_THEMES

DEFAULT_LEXICONS = MAIN_THEMES


def _table_html(frame: pd.DataFrame, max_rows: int = 25) -> str:
    shown = frame.head(max_rows)
    body = shown.to_html(index=False, border=0, classes="table", float_format=lambda x: f"{x:,.3f}", escape=True)
    more = f"<p class='more'>{len(frame) - max_rows:,} more rows in the CSV.</p>" if len(frame) > max_rows else ""
    return body + more


def write_report(
    source,
    out_dir,
    *,
    lexicons=DEFAULT_LEXICONS,
    by: str | None = None,
    text_col: str | None = None,
    id_col: str | None = None,
    date_col: str = "date",
    n_terms: int = 20,
    title: str | None = None,
    xlsx: bool = False,
) -> dict:
    """Analyse a corpus and write tables, charts and an HTML page that shows them.

    Parameters
    ----------
    source : str, Path or pandas.DataFrame
        Anything :func:`toolkit.load_corpus` reads, or a docs table.
    out_dir : str or Path
        Folder of the report (created if missing). The report is written
        into a temporary folder beside it and moved into place only when
        complete, replacing an earlier report there: an interrupted run
        leaves the earlier report as it was, never a mix of old and new
        files. A folder that holds anything a report does not write is
        refused (FileExistsError), so that no other file is ever replaced.
    lexicons : str or list of str, default the four main themes
        Lexicon names or paths (see :func:`toolkit.list_lexicons`).
    by : str, optional
        Group column for theme rates and top terms (a docs column such as
        ``source``, or ``speaker``, which turns on speaker attribution). By
        default rates are per document and terms for the whole corpus.
    text_col, id_col : str, optional
        Passed to :func:`toolkit.load_corpus`.
    date_col : str, default "date"
        When the docs have this column, a theme timeline is drawn.
    n_terms : int, default 20
        Top terms per group (number-only terms left out, as by
        :func:`toolkit.count_terms`).
    title : str, optional
    xlsx : bool, default False
        Also write the five tables to one Excel workbook, ``report.xlsx``
        (:func:`toolkit.write_tables`; needs ``pip install "toolkit[excel]"``).

    Returns
    -------
    dict
        ``paths``: every file written (tables as CSV and Parquet:
        ``hits``, ``rates`` (with the share of paragraphs where each theme
        is present; per document, every document of the corpus is listed,
        an empty one with 0 tokens and missing rates), ``decisions``
        (:func:`toolkit.detect_themes`), ``top_terms``, ``explain`` (the
        entries that produced the hits, most hits first, then by entry);
        charts as PNG; ``index.html``; ``report.xlsx`` with ``xlsx=True``),
        and the figures ``documents``, ``tokens``, ``hits``.

    Examples
    --------
    >>> import tempfile, toolkit as tk
    >>> with tempfile.TemporaryDirectory() as out:
    ...     result = write_report(tk.load_sample(), out, by="speaker")
    ...     sorted(p.rsplit("/", 1)[-1] for p in result["paths"].values() if p.endswith(".html"))
    ['index.html']
    >>> result["documents"], result["hits"] > 20
    (1, True)
    """
    from .._excel import require_openpyxl

    if xlsx:  # before any work: say at once what to install
        require_openpyxl("The report's Excel workbook (xlsx=True, --xlsx)", "leave it out: the tables are also CSV files")
    final = Path(out_dir)
    _check_replaceable(final)
    final.parent.mkdir(parents=True, exist_ok=True)
    out = Path(tempfile.mkdtemp(prefix=f".{final.name}.", suffix=".partial", dir=final.parent))
    try:
        result = _write_into(out, source, lexicons=lexicons, by=by, text_col=text_col, id_col=id_col,
                             date_col=date_col, n_terms=n_terms, title=title, xlsx=xlsx)
        _move_into_place(out, final)
    except BaseException:
        shutil.rmtree(out, ignore_errors=True)
        raise
    result["paths"] = {name: str(final / Path(path).name) for name, path in result["paths"].items()}
    return result


#: Names of the files a report writes (tables, charts, page, workbook).
_REPORT_FILE = re.compile(r"(hits|rates|decisions|top_terms|explain)\.(csv|parquet)|[\w-]+\.(png|svg)|index\.html"
                          r"|report\.xlsx")


def _check_replaceable(folder: Path) -> None:
    """FileExistsError when ``folder`` is a file or holds anything a report does not write."""
    if folder.exists() and not folder.is_dir():
        raise FileExistsError(f"{folder} is a file, not a folder: choose another out_dir for the report.")
    if folder.is_dir():
        foreign = sorted(p.name for p in folder.iterdir() if not (p.is_file() and _REPORT_FILE.fullmatch(p.name)))
        if foreign:
            raise FileExistsError(
                f"{folder} holds {len(foreign)} entries a report does not write ({', '.join(foreign[:5])}"
                f"{', ...' if len(foreign) > 5 else ''}); a new report replaces the whole folder, so choose an "
                "empty or new out_dir, or the folder of an earlier report.")


def _move_into_place(work: Path, final: Path) -> None:
    """Replace ``final`` by the complete folder ``work`` (renames in one folder: never a mix of two reports)."""
    if final.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{final.name}.", suffix=".old", dir=final.parent))
        old.rmdir()
        final.rename(old)
        work.rename(final)
        shutil.rmtree(old, ignore_errors=True)
    else:
        work.rename(final)


def _write_into(out: Path, source, *, lexicons, by, text_col, id_col, date_col, n_terms, title, xlsx) -> dict:
    """The work of :func:`write_report`, writing into the (temporary) folder ``out``."""
    from ..corpus import load_corpus

    docs = source if isinstance(source, pd.DataFrame) and "doc_id" in source.columns and "text" in source.columns \
        else load_corpus(source, text_col=text_col, id_col=id_col)
    found = _analyse(docs, lexicons=lexicons, by=by, n_terms=n_terms)
    tables = {name: found[name] for name in ("hits", "rates", "decisions", "top_terms", "explain")}
    paths = _write_tables(out, tables, xlsx=xlsx)
    charts = _draw_charts(out, found, docs, by=by, date_col=date_col, n_terms=n_terms, paths=paths)
    page = _page(found, docs, charts, tables=list(tables), n_terms=n_terms, title=title, xlsx=xlsx)
    (out / "index.html").write_text(page, encoding="utf-8")
    paths["index.html"] = str(out / "index.html")
    return {"paths": paths, "documents": int(len(docs)), "tokens": int(len(found["tokens"])),
            "hits": int(len(found["hits"]))}


def _analyse(docs: pd.DataFrame, *, lexicons, by, n_terms) -> dict:
    """The report's tables: ``lexicon``, ``tokens``, ``hits``, ``decisions``, ``rates``, ``counts``, ``top_terms``,
    ``explain``."""
    from ..counting import count_terms, top_terms
    from ..decisions import detect_themes
    from ..lexicon import load_lexicon
    from ..pipeline import prepare
    from ..themes import explain_themes, find_themes, theme_rates

    lexicon = load_lexicon(list(lexicons) if not isinstance(lexicons, str) else lexicons)
    tokens = prepare(docs, speakers=by == "speaker", progress=False)
    hits = find_themes(tokens, lexicon)
    decisions = detect_themes(tokens, lexicon, hits=hits)
    rates = theme_rates(hits, tokens, by=by or "doc_id", lexicon=lexicon, docs=docs, detected=decisions)
    counts = count_terms(tokens, by=[by] if by else [], docs=docs)
    explain = explain_themes(hits).sort_values(["hits", "entry", "theme"], ascending=[False, True, True],
                                               kind="stable", ignore_index=True)
    return {"lexicon": lexicon, "tokens": tokens, "hits": hits, "decisions": decisions, "rates": rates,
            "counts": counts, "top_terms": top_terms(counts, n=n_terms), "explain": explain}


def _write_tables(out: Path, tables: dict, *, xlsx: bool) -> dict[str, str]:
    """Each table as CSV and Parquet (and all in ``report.xlsx``); the paths written, by file name."""
    from ..export import write_tables

    paths: dict[str, str] = {}
    for name, table in tables.items():
        table.to_csv(out / f"{name}.csv", index=False)
        paths[f"{name}.csv"] = str(out / f"{name}.csv")
        table.to_parquet(out / f"{name}.parquet", index=False)
        paths[f"{name}.parquet"] = str(out / f"{name}.parquet")
    if xlsx:
        write_tables(tables, out / "report.xlsx")
        paths["report.xlsx"] = str(out / "report.xlsx")
    return paths


def _draw_charts(out: Path, found: dict, docs: pd.DataFrame, *, by, date_col, n_terms, paths: dict) -> list:
    """Draw and save the charts (PNG and SVG; each PNG added to ``paths``); (PNG file name, caption) of each."""
    import matplotlib.pyplot as plt

    from .. import plot
    from ..themes import rank_by_hits, theme_rates

    hits, tokens, lexicon, group = found["hits"], found["tokens"], found["lexicon"], by or "doc_id"
    charts = []

    def save(name, ax, caption):
        files = plot.save(ax, out / name)
        plt.close(ax.figure)
        png = next(str(f) for f in files if str(f).endswith(".png"))
        paths[f"{name}.png"] = png
        charts.append((Path(png).name, caption))

    glosses = plot.term_glosses(lexicon)
    save("top_terms", plot.top_terms(found["counts"], n=n_terms, glosses=glosses),
         "The most frequent content stems (stop words left out).")
    if by:
        save("theme_rates", plot.theme_rates(found["rates"], by=group), f"Theme rates per 1,000 tokens by {group}.")
        save("theme_shares", plot.theme_rates(found["rates"], by=group, kind="stacked", value="share"),
             f"Share of theme hits by {group}.")
    else:
        whole = theme_rates(hits, tokens, by=[], lexicon=lexicon, detected=found["decisions"])
        save("theme_rates", plot.theme_rates(whole, by=[]), "Theme rates per 1,000 tokens, whole corpus.")
    if len(hits):
        busiest = rank_by_hits(hits)["doc_id"].iloc[0]
        save("heatmap", plot.theme_heatmap(hits, tokens, doc_id=busiest),
             f"Themes by paragraph in the document with most hits ({busiest}).")
        save("dispersion", plot.dispersion(hits, tokens, doc_id=busiest),
             f"Where each theme's hits fall in {busiest}.")
        save("network", plot.cooccurrence_network(hits, glosses=glosses),
             "Theme terms that occur in the same paragraph.")
    if date_col in docs.columns and docs[date_col].notna().any() and docs[date_col].nunique() > 1:
        save("timeline", plot.theme_timeline(hits, tokens, docs=docs, date_col=date_col),
             "Theme rates over time, with the number of documents per period.")
    return charts


def _page(found: dict, docs: pd.DataFrame, charts: list, *, tables: list[str], n_terms, title, xlsx) -> str:
    """The report's ``index.html``: figures, the charts with captions, the main tables and KWIC lines."""
    from ..context import kwic_themes

    hits, lexicon = found["hits"], found["lexicon"]
    lines = kwic_themes(hits, found["tokens"], window=6).head(30) if len(hits) else pd.DataFrame()
    heading = html.escape(title or "Theme report")
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>{heading}</title><style>body{{font-family:sans-serif;max-width:1100px;margin:2em auto;}}"
        "img{max-width:100%;border:1px solid #ddd} .table{border-collapse:collapse;font-size:90%}"
        ".table td,.table th{padding:2px 8px;border-bottom:1px solid #eee} .more{color:#666}</style></head><body>",
        f"<h1>{heading}</h1>",
        f"<p>{len(docs):,} documents, {len(found['tokens']):,} tokens, {len(hits):,} theme hits; lexicons: "
        f"{html.escape(', '.join(sorted(lexicon['lexicon'].unique())))}. Tables: "
        + ", ".join(f"<a href='{n}.csv'>{n}.csv</a>" for n in tables)
        + " (also as Parquet" + (", and all in <a href='report.xlsx'>report.xlsx</a>" if xlsx else "") + ").</p>",
        "<p>Rates count hits per 1,000 tokens; <code>present_share</code> is the share of paragraphs where a "
        "theme is present by <code>tk.detect_themes</code> (its score reaches 1; <code>decisions.csv</code> "
        "gives every paragraph's score and evidence). Validate both on a sample of your own corpus before you "
        "cite them (<code>tk.sample_for_coding</code>, <code>tk.validate_themes</code>; notebook 08 of the "
        "toolkit shows how).</p>",
    ]
    for name, caption in charts:
        parts.append(f"<figure><img src='{name}' alt='{html.escape(caption)}'><figcaption>{html.escape(caption)}"
                     "</figcaption></figure>")
    parts += ["<h2>Theme rates</h2>", _table_html(found["rates"]),
              "<h2>Which entries produced the counts (most hits first)</h2>", _table_html(found["explain"]),
              f"<h2>Top {n_terms} terms</h2>", _table_html(found["top_terms"])]
    if len(lines):
        parts += ["<h2>Theme hits in context (first 30)</h2>",
                  _table_html(lines[["doc_id", "theme", "left", "match", "right"]], max_rows=30)]
    parts.append("</body></html>")
    return "\n".join(parts)
