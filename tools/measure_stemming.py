"""Measure what the stemming overrides change, against (word, lemma) lists.

Usage::

    python tools/measure_stemming.py GOLD.tsv [GOLD2.tsv ...]

Each file is tab-separated, UTF-8, with a header line; its first two columns
are the word and its lemma (further columns, such as a note, are ignored).
Lines starting with ``#`` and blank lines are skipped.

For each file the script prints the number of pairs, the agreement of pure
Sastrawi (``overrides=False``) and of the toolkit with its shipped overrides
(``overrides=True``), both as a count and a percentage, and a table of every
word whose stem differs between the two, marked:

- FIXED: on agrees with the lemma, off did not;
- BROKEN: off agreed with the lemma, on does not;
- CHANGED: neither agrees.

This is agreement with a list, not accuracy: lists such as the UD-derived
stems-dev.tsv keep some lexicalised forms whole (pernyataan) and map clitic
forms to the host's lemma, where Sastrawi's convention differs.
"""

from __future__ import annotations

import argparse
import csv
import signal
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from toolkit.stemming import stem_words  # noqa: E402


def read_pairs(path: Path) -> list[tuple[str, str]]:
    """Read (word, lemma) pairs from a TSV with a header; the first two columns count."""
    pairs = []
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = None
        for lineno, row in enumerate(reader, start=1):
            if not row or not "".join(row).strip() or row[0].startswith("#"):
                continue
            if header is None:
                header = row
                continue
            if len(row) < 2:
                raise SystemExit(f"{path}: line {lineno}: expected at least 2 tab-separated columns, got {row!r}")
            word, lemma = row[0].strip().lower(), row[1].strip().lower()
            if not word or not lemma:
                raise SystemExit(f"{path}: line {lineno}: empty word or lemma")
            pairs.append((word, lemma))
    if header is None:
        raise SystemExit(f"{path}: no header line")
    return pairs


def measure(path: Path, *, out=sys.stdout) -> dict:
    pairs = read_pairs(path)
    words = [w for w, _ in pairs]
    off = stem_words(words, overrides=False)
    on = stem_words(words, overrides=True)
    n = len(pairs)
    agree_off = sum(s == l for s, (_, l) in zip(off, pairs))
    agree_on = sum(s == l for s, (_, l) in zip(on, pairs))
    changes = []
    for (w, lemma), s_off, s_on in zip(pairs, off, on):
        if s_off == s_on:
            continue
        if s_on == lemma:
            mark = "FIXED"
        elif s_off == lemma:
            mark = "BROKEN"
        else:
            mark = "CHANGED"
        changes.append((mark, w, lemma, s_off, s_on))

    def pct(k: int) -> str:
        return f"{100 * k / n:.2f}%" if n else "n/a"

    counts = {m: sum(c[0] == m for c in changes) for m in ("FIXED", "BROKEN", "CHANGED")}
    print(f"== {path}", file=out)
    print(f"pairs: {n}", file=out)
    print(f"agreement, overrides off: {agree_off}/{n} ({pct(agree_off)})", file=out)
    print(f"agreement, overrides on:  {agree_on}/{n} ({pct(agree_on)})", file=out)
    print(
        f"words whose stem differs off/on: {len(changes)} "
        f"(FIXED {counts['FIXED']}, BROKEN {counts['BROKEN']}, CHANGED {counts['CHANGED']})",
        file=out,
    )
    if changes:
        order = {"BROKEN": 0, "CHANGED": 1, "FIXED": 2}
        changes.sort(key=lambda c: (order[c[0]], c[1]))
        widths = [max(len(str(c[i])) for c in changes + [("mark", "word", "lemma", "off", "on")]) for i in range(5)]
        head = ("mark", "word", "lemma", "off", "on")
        print("  ".join(h.ljust(wd) for h, wd in zip(head, widths)).rstrip(), file=out)
        for c in changes:
            print("  ".join(str(v).ljust(wd) for v, wd in zip(c, widths)).rstrip(), file=out)
    print(file=out)
    return {"pairs": n, "agree_off": agree_off, "agree_on": agree_on, **counts}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+", type=Path, help="TSV files with header; columns word, lemma, ...")
    args = parser.parse_args(argv)
    if hasattr(signal, "SIGPIPE"):  # behave like a Unix filter under `| head`
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    for path in args.files:
        if not path.is_file():
            print(f"not found: {path}", file=sys.stderr)
            return 2
        measure(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
