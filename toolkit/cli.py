"""Command line: ``python -m toolkit stem WORD...``, ``summary PATH`` and ``report PATH``.

Examples
--------
::

    python -m toolkit stem memerangi kerja-sama Bali
    python -m toolkit stem --no-overrides memerangi
    python -m toolkit summary --sample --out reports/
    python -m toolkit summary news.csv --text-col isi --out reports/news
    python -m toolkit summary news.csv --text-col isi --out reports/news --tokens
    python -m toolkit report news.csv --lexicon security --lexicon cooperation --by source --out reports/news --xlsx
"""

from __future__ import annotations

import argparse
import sys
import warnings


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m toolkit", description="Indonesian text analysis toolkit.")
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("stem", help="stem words with Sastrawi (plus the documented overrides)")
    s.add_argument("words", nargs="+", metavar="WORD")
    s.add_argument("--no-overrides", action="store_true", help="pure Sastrawi, no overrides")

    m = sub.add_parser("summary", help="documents, paragraphs, tokens, top content stems and main themes of a corpus")
    m.add_argument("path", nargs="?", help="a .txt/.csv/.tsv/.jsonl/.parquet file or a folder of .txt files")
    m.add_argument("--sample", action="store_true", help="use the bundled article instead of PATH")
    _corpus_options(m)
    m.add_argument("--unit", "--by", dest="unit", default="paragraph", choices=["paragraph", "sentence", "document"],
                   help="the segments counted and decided on (--by is the old name of --unit)")
    m.add_argument("-n", type=int, default=20, help="how many top stems (default 20)")
    m.add_argument("--out", default=None, help="folder to write summary.md, top_stems.csv, themes.csv")
    m.add_argument("--tokens", action="store_true", help="also write the tokens table, tokens.csv (large), with --out")
    r = sub.add_parser("report", help="theme analysis without Jupyter: CSV/Parquet tables, PNG charts, one HTML page")
    r.add_argument("path", nargs="?", help="a .txt/.csv/.tsv/.jsonl/.parquet file or a folder of .txt files")
    r.add_argument("--sample", action="store_true", help="use the bundled article instead of PATH")
    r.add_argument("--lexicon", action="append", default=None, metavar="NAME",
                   help="a lexicon name or CSV path (repeat for several; default: security, connectivity, "
                        "multilateralism, cooperation)")
    r.add_argument("--by", default=None, help="group column for rates (e.g. source, date, speaker)")
    _corpus_options(r)
    r.add_argument("--out", required=True, help="folder for the report")
    r.add_argument("--xlsx", action="store_true",
                   help='also write the tables to one Excel workbook, report.xlsx (needs pip install "toolkit[excel]")')
    return p


def _corpus_options(parser: argparse.ArgumentParser) -> None:
    """The options of tk.load_corpus, shared by the commands that read a corpus."""
    parser.add_argument("--text-col", default=None, help="the text column (default: found by name: text, isi, ...)")
    parser.add_argument("--id-col", default=None, help="the document id column (default: doc_id or id, else numbered)")
    parser.add_argument("--date-col", default=None,
                        help="the date column, read as dates in WIB (default: found by name: date, tanggal, ...)")
    parser.add_argument("--html", action="store_true", help="remove HTML tags and entities from the texts")
    parser.add_argument("--encoding", default="utf-8")


def _load_docs(args):
    """(docs, 0) for PATH or --sample, load warnings printed; (None, exit status) after printing an error."""
    import toolkit as tk

    if args.sample == bool(args.path):
        print("error: give a PATH or --sample (not both)", file=sys.stderr)
        return None, 2
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", tk.CorpusWarning)
            docs = tk.load_sample() if args.sample else tk.load_corpus(
                args.path, text_col=args.text_col, id_col=args.id_col, date_col=args.date_col, html=args.html,
                encoding=args.encoding)
        for w in caught:
            print(f"warning: {w.message}", file=sys.stderr)
    except (tk.ToolkitError, FileNotFoundError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return None, 1
    return docs, 0


def _report(args) -> int:
    import toolkit as tk
    from toolkit.reports import DEFAULT_LEXICONS, write_report

    source, status = _load_docs(args)
    if source is None:
        return status
    try:
        result = write_report(source, args.out, lexicons=args.lexicon or DEFAULT_LEXICONS, by=args.by,
                              date_col=args.date_col or "date", xlsx=args.xlsx,
                              title=f"Theme report: {'the bundled article' if args.sample else args.path}")
    except (tk.ToolkitError, FileNotFoundError, ValueError, KeyError, OSError, ImportError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"{result['documents']:,} documents, {result['tokens']:,} tokens, {result['hits']:,} theme hits.")
    print(f"Report: {result['paths']['index.html']}")
    if args.xlsx:
        print(f"Workbook: {result['paths']['report.xlsx']}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = _parser().parse_args(argv)
    import toolkit as tk
    from toolkit.reports.summary import summary_lines, summary_tables

    if args.command == "report":
        return _report(args)
    if args.command == "stem":
        try:
            stems = tk.stem_words(args.words, overrides=not args.no_overrides)
        except ValueError as exc:  # an empty or blank WORD
            print(f"error: {exc}", file=sys.stderr)
            return 2
        width = max(len(w) for w in args.words)
        for w, s in zip(args.words, stems):
            print(f"{w:<{width}}  {s}")
        return 0

    if args.n < 1:
        print(f"error: -n {args.n} is not allowed; use a whole number of at least 1", file=sys.stderr)
        return 2
    if args.tokens and not args.out:
        print("error: --tokens writes tokens.csv into the --out folder; give --out too", file=sys.stderr)
        return 2
    docs, status = _load_docs(args)
    if docs is None:
        return status
    title = "Summary of the bundled article" if args.sample else f"Summary of {args.path}"
    if args.out:
        try:
            result = tk.write_summary(docs, args.out, n=args.n, unit=args.unit, title=title, tokens=args.tokens)
        except OSError as exc:
            print(f"error: cannot write the report to {args.out}: {exc}", file=sys.stderr)
            return 1
    else:
        result = summary_tables(docs, n=args.n, unit=args.unit)
    print("\n".join(summary_lines(result, title=title, n=args.n, unit=args.unit)))
    if args.out:
        print("Outputs written:")
        for k, v in result["paths"].items():
            print(f"  {k}: {v}")
    return 0
