"""Insert or refresh the shared cells of the teaching notebooks: navigation links and the data note.

Every numbered notebook in ``notebooks/`` (``NN-slug.ipynb``) gets:

- a **navigation cell** (Markdown whose first line is ``<!--NAVIGATION-->``)
  right after the first cell and as the last cell: links to the previous
  notebook, the index (``README.md``) and the next notebook, named by
  their titles;
- a **data note** (Markdown whose first line is ``<!--DATA-NOTE-->``) after
  the top navigation cell: where the bundled article comes from and under
  which terms it, the stems and the lexicons may be used.

Cells are found by their sentinel first line and rewritten in place;
missing ones are inserted. Nothing else in the notebook changes (outputs,
execution counts and metadata are kept), and running the script twice
changes nothing.

Usage, from the repository root::

    python tools/add_navigation.py            # rewrite the notebooks that need it
    python tools/add_navigation.py --check    # exit 1 when a notebook is out of date
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate_contents import NOTEBOOK_DIR, Entry, read_entries  # noqa: E402

NAV = "<!--NAVIGATION-->"
NOTE = "<!--DATA-NOTE-->"
INDEX = "README.md"

DATA_NOTE = f"""{NOTE}
> **Where the data comes from.** Unless you point a notebook at your own corpus, it analyses the one article
> bundled with the toolkit: Beritasatu.com, *"Tiongkok-Kazakhstan Sepakati Kerja Sama Strategis Permanen"*
> ("China and Kazakhstan agree on a permanent strategic partnership") by Unggul Wirawan / JAI, Friday
> 13 September 2019, 13:17 WIB; wire source Suara Pembaruan/Xinhua. Copyright stays with the publisher: the
> article is included for research and teaching demonstration only, is not covered by the toolkit's MIT
> licence, and must not be republished (data card: [`data/README.md`](../data/README.md)).
> Stems come from Sastrawi, whose root dictionary (from Kateglo) is licensed CC BY-NC-SA 3.0; the theme
> lexicons, stop words and stemming overrides are the project's own (MIT). For your own corpus, the rights
> in your texts are yours to check."""

#: Data notes for notebooks that analyse more than the bundled article, by notebook number.
EXTRA_NOTES = {
    "08": """>
> Notebook 08 also reads a **coded sample**: 121 paragraphs of 25 news articles of the CLICK-ID collection
> (William & Sari 2020; Tempo, Sindonews, Okezone, Kompas; CC BY 4.0), each labelled for four themes by two
> readers. The theme lexicons were tuned on these paragraphs, so the figures measured on them flatter the
> lexicons (data card: [`data/validation/README.md`](../data/validation/README.md)).""",
}


def data_note(number: str) -> str:
    """The data note of notebook ``number`` ("01", "02", ...)."""
    return DATA_NOTE + ("\n" + EXTRA_NOTES[number] if number in EXTRA_NOTES else "")


def navigation(entries: list[Entry], i: int) -> str:
    """The navigation Markdown of the ``i``-th notebook."""
    parts = []
    if i > 0:
        prev = entries[i - 1]
        parts.append(f"< [{prev.number} {prev.title}]({prev.path.name})")
    parts.append(f"[Contents]({INDEX})")
    if i + 1 < len(entries):
        nxt = entries[i + 1]
        parts.append(f"[{nxt.number} {nxt.title}]({nxt.path.name}) >")
    return f"{NAV}\n" + " | ".join(parts)


def _source(cell: dict) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src)


def _has_sentinel(cell: dict, sentinel: str) -> bool:
    return cell.get("cell_type") == "markdown" and _source(cell).lstrip().startswith(sentinel)


def _cell(source: str, cell_id: str) -> dict:
    return {"cell_type": "markdown", "id": cell_id, "metadata": {}, "source": source.splitlines(True)}


def _unique_id(notebook: dict, base: str) -> str:
    taken = {c.get("id") for c in notebook["cells"]}
    cell_id, n = base, 1
    while cell_id in taken:
        n += 1
        cell_id = f"{base}-{n}"
    return cell_id


def _set(cell: dict, source: str) -> None:
    cell["source"] = source.splitlines(True)


def refresh(notebook: dict, nav: str, note: str = DATA_NOTE) -> dict:
    """The notebook with its navigation cells and data note rewritten or inserted (a copy)."""
    nb = json.loads(json.dumps(notebook))
    cells = nb["cells"]
    navs = [i for i, c in enumerate(cells) if _has_sentinel(c, NAV)]
    if not navs or navs[0] != 1:
        cells.insert(1, _cell(nav, _unique_id(nb, "navigation-top")))
        navs = [1] + [i + 1 for i in navs]
    if len(navs) < 2 or navs[-1] != len(cells) - 1:
        cells.append(_cell(nav, _unique_id(nb, "navigation-bottom")))
        navs.append(len(cells) - 1)
    for i in navs:
        _set(cells[i], nav)
    notes = [i for i, c in enumerate(cells) if _has_sentinel(c, NOTE)]
    if not notes:
        cells.insert(2, _cell(note, _unique_id(nb, "data-note")))
        notes = [2]
    for i in notes:
        _set(cells[i], note)
    if nb.get("nbformat", 4) == 4 and nb.get("nbformat_minor", 0) < 5:
        for c in cells:  # ids are only valid from nbformat 4.5 on
            c.pop("id", None)
    return nb


def dumps(notebook: dict) -> str:
    """JSON the way Jupyter writes notebooks (indent 1, non-ASCII kept, final newline)."""
    return json.dumps(notebook, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 when a notebook is out of date")
    parser.add_argument("--notebooks", type=Path, default=NOTEBOOK_DIR, help="the notebook folder")
    args = parser.parse_args(argv)
    try:
        entries = read_entries(args.notebooks)
    except (ValueError, json.JSONDecodeError) as err:
        print(f"add_navigation: {err}", file=sys.stderr)
        return 2
    stale = []
    for i, entry in enumerate(entries):
        text = entry.path.read_text(encoding="utf-8")
        new = dumps(refresh(json.loads(text), navigation(entries, i), data_note(entry.number)))
        if new != text:
            stale.append(entry.path)
            if not args.check:
                entry.path.write_text(new, encoding="utf-8")
    for path in stale:
        print(f"{'out of date' if args.check else 'updated'}: {path}", file=sys.stderr)
    if args.check and stale:
        print("run: python tools/add_navigation.py", file=sys.stderr)
    return 1 if (args.check and stale) else 0


if __name__ == "__main__":
    sys.exit(main())
