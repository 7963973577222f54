"""Steps 2 and 4: write coding sheets (CSV or Excel) with their codebook, and read them back with checks."""

from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path

import pandas as pd

from .._excel import fill_sheet, require_openpyxl, unfit_cells
from .._validate import check_choice, check_columns
from ..errors import ColumnError, CorpusError
from ..lexicon import MAIN_THEMES
from ..theme_tree import top_theme
from ._common import RESERVED, listed, theme_list

__all__ = ["write_coding_sheet", "read_coding_sheet"]

_LABELS = {"0": 0, "1": 1, "0.0": 0, "1.0": 1}
_HOW_TO_CODE = (
    "In each theme column write 1 if the unit is about the theme as defined here, 0 if it is not; leave a cell "
    "blank only if you did not code it. Do not edit unit_id, doc_id, seg_id, text or text_sha1 (the toolkit "
    "checks each text against its text_sha1 when it reads the sheet back). Write doubts in notes."
)


def _text_sha1(text: str) -> str:
    """First 12 hex digits of the SHA-1 of the UTF-8 text, line endings made ``\\n`` first."""
    return hashlib.sha1(_newlines(text).encode("utf-8")).hexdigest()[:12]


def _newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _openpyxl():
    return require_openpyxl("Writing and reading .xlsx coding sheets", "use a .csv path")


def write_coding_sheet(
    sample: pd.DataFrame,
    path,
    *,
    themes: Iterable[str] | str | None = None,
    codebook: Mapping[str, str] | None = None,
    overwrite: bool = False,
) -> Path:
    """Write a coding sheet (CSV or Excel) with an empty 0/1 column per theme, and its codebook.

    The sheet has the columns ``unit_id``, ``doc_id``, ``seg_id`` (when the
    sample has it), ``text``, ``text_sha1`` (the first 12 hex digits of the
    SHA-1 of the UTF-8 text, line endings made ``\\n``: so
    :func:`read_coding_sheet` notices a text changed since sampling), one
    empty column per theme, and ``notes``, in sample order. The stratum and
    the sampling weights are deliberately *not* on the sheet: they reveal
    the toolkit's decisions, and coders should code blind (keep the sample
    table to weight the codes back).

    The codebook holds each theme's definition: in Excel on a second sheet
    named "codebook" (the coding sheet is named "coding"; its theme columns
    accept only 0 and 1), next to a CSV in a side file ``<stem>.codebook.md``
    (``anna.csv`` → ``anna.codebook.md``). By default each definition is the
    first paragraph of the "Scope" section of the theme's lexicon card
    (``toolkit/data/lexicons/<theme>.md``, without Markdown emphasis); a
    theme without a card (your own, or a sub-theme) gets the line "No
    definition given: write one before coding." so the gap is visible. A CSV is written as UTF-8 with a byte
    order mark, so that Excel opens it with the right characters.

    Parameters
    ----------
    sample : pandas.DataFrame
        From :func:`sample_for_coding` (at least ``unit_id``, ``doc_id`` and
        ``text``). Not modified.
    path : str or pathlib.Path
        Ending in ``.csv`` or ``.xlsx``; missing folders are created.
    themes : str or list of str, optional
        The label columns; default :data:`toolkit.lexicon.MAIN_THEMES` ("security",
        "connectivity", "multilateralism", "cooperation"). Any names.
    codebook : dict, optional
        ``{theme: definition}``, replacing the card's definition for the
        themes it names.
    overwrite : bool, default False
        Replace an existing sheet (and side file). Off by default so that a
        coded sheet is never overwritten by mistake.

    Returns
    -------
    pathlib.Path
        The sheet written.

    Raises
    ------
    ValueError
        Bad suffix or theme names; codebook names a theme not in ``themes``;
        a unit_id repeated; a text missing (or, for Excel, longer than
        32,767 characters or holding a control character Excel refuses).
    FileExistsError
        The sheet or its side file exists and ``overwrite`` is False.
    ColumnError
        ``sample`` lacks a needed column.
    ImportError
        ``.xlsx`` without openpyxl (the message names the extra to install).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import pandas as pd
    >>> sample = pd.DataFrame({"unit_id": ["a:0"], "doc_id": ["a"], "seg_id": [0],
    ...                        "text": ["Pasukan menjaga perbatasan."]})
    >>> sheet = write_coding_sheet(sample, pathlib.Path(tempfile.mkdtemp()) / "anna.csv",
    ...                            themes=["security", "maritime"])
    >>> print(sheet.read_text(encoding="utf-8-sig"), end="")
    unit_id,doc_id,seg_id,text,text_sha1,security,maritime,notes
    a:0,a,0,Pasukan menjaga perbatasan.,1bb0996bd9ea,,,
    >>> book = sheet.with_name("anna.codebook.md").read_text(encoding="utf-8")
    >>> "lexicon card toolkit/data/lexicons/security.md" in book, "No definition given" in book
    (True, True)
    """
    path = Path(path)
    check_choice("path suffix", path.suffix.lower(), (".csv", ".xlsx"))
    themes = theme_list(themes, MAIN_THEMES)
    table = _sheet_table(sample, themes)
    book = _codebook(themes, codebook)
    side = path.with_name(path.stem + ".codebook.md")
    for target in [path] + ([side] if path.suffix.lower() == ".csv" else []):
        if target.exists() and not overwrite:
            raise FileExistsError(f"{target} exists; a coded sheet is never overwritten unless overwrite=True.")
    if path.suffix.lower() == ".xlsx":
        _openpyxl()
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() == ".xlsx":
        _write_xlsx(table, book, path, themes)
    else:
        table.to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\n")
        side.write_text(_codebook_markdown(book, path.name), encoding="utf-8")
    return path


def _sheet_table(sample: pd.DataFrame, themes: list[str]) -> pd.DataFrame:
    check_columns(sample, ["unit_id", "doc_id", "text"], table_name="sample",
                  hint="Draw one with tk.sample_for_coding(docs, n).")
    dup = sample["unit_id"][sample["unit_id"].duplicated()]
    if len(dup):
        raise ValueError(f"sample has repeated unit_id values: {listed(dup.unique())}.")
    bad = ~sample["text"].map(lambda t: isinstance(t, str) and bool(t.strip()))
    if bad.any():
        raise ValueError(f"sample has a missing or empty text for unit(s) {listed(sample.loc[bad, 'unit_id'])}; "
                         "there is nothing to code there.")
    cols = ["unit_id", "doc_id"] + (["seg_id"] if "seg_id" in sample.columns else [])
    out = sample[cols].astype({"unit_id": "str", "doc_id": "str"})
    out["text"] = sample["text"].map(_newlines)
    out["text_sha1"] = out["text"].map(_text_sha1)
    for theme in themes:
        out[theme] = ""
    out["notes"] = ""
    return out.reset_index(drop=True)


def _card_definition(theme: str) -> str | None:
    """The first paragraph of the "Scope" section of the theme's lexicon card, or None."""
    if top_theme(theme) != theme or not re.fullmatch(r"[a-z][a-z0-9_]*", theme):
        return None
    card = resources.files("toolkit") / "data" / "lexicons" / f"{theme}.md"
    if not card.is_file():
        return None
    lines = card.read_text(encoding="utf-8").splitlines()
    starts = [i for i, line in enumerate(lines) if re.fullmatch(r"##\s+(Scope|Definition)\s*", line.strip())]
    if not starts:
        return None
    paragraph: list[str] = []
    for line in lines[starts[0] + 1:]:
        if line.strip().startswith("#") or (not line.strip() and paragraph):
            break
        if line.strip():
            paragraph.append(line.strip())
    return re.sub(r"[*`]", "", " ".join(paragraph)) or None  # plain text: no Markdown emphasis in a spreadsheet


def _codebook(themes: list[str], codebook) -> pd.DataFrame:
    given = dict(codebook or {})
    extra = [t for t in given if t not in themes]
    if extra:
        raise ValueError(f"codebook names theme(s) not on the sheet: {listed(extra)}; the sheet's themes: "
                         f"{listed(themes)}.")
    rows = []
    for theme in themes:
        if theme in given:
            rows.append((theme, str(given[theme]).strip(), "given by the user"))
        elif (definition := _card_definition(theme)) is not None:
            rows.append((theme, definition, f"lexicon card toolkit/data/lexicons/{theme}.md, section Scope"))
        else:
            rows.append((theme, "No definition given: write one before coding.", "none"))
    return pd.DataFrame(rows, columns=["theme", "definition", "source"])


def _codebook_markdown(book: pd.DataFrame, sheet_name: str) -> str:
    parts = [f"# Codebook for {sheet_name}", "", _HOW_TO_CODE, ""]
    for row in book.itertuples(index=False):
        parts += [f"## {row.theme}", "", row.definition, "", f"Source: {row.source}.", ""]
    return "\n".join(parts)


def _write_xlsx(table: pd.DataFrame, book: pd.DataFrame, path: Path, themes: list[str]) -> None:
    openpyxl = _openpyxl()
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    bad = unfit_cells(table["text"])
    if bad.any():
        raise ValueError(f"the text of unit {table.loc[bad, 'unit_id'].iloc[0]!r} cannot go into an Excel cell "
                         "(longer than 32,767 characters or holding a control character); write a .csv sheet "
                         "instead.")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "coding"
    fill_sheet(ws, table)
    columns = list(table.columns)
    for i, name in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = 80 if name == "text" else max(8, len(name) + 2)
        ws.cell(row=1, column=i).font = Font(bold=True)
    for cell in ws[get_column_letter(columns.index("text") + 1)][1:]:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    rule = DataValidation(type="list", formula1='"0,1"', allow_blank=True, showErrorMessage=True,
                          errorTitle="0 or 1", error="Enter 1 (about the theme), 0 (not about it) or leave blank.")
    ws.add_data_validation(rule)
    for theme in themes:
        letter = get_column_letter(columns.index(theme) + 1)
        rule.add(f"{letter}2:{letter}{max(2, len(table) + 1)}")
    sheet = wb.create_sheet("codebook")
    fill_sheet(sheet, book)
    sheet.append([])
    sheet.append(["How to code", _HOW_TO_CODE])
    sheet.column_dimensions["A"].width = 20
    sheet.column_dimensions["B"].width = 100
    for cell in sheet["B"]:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    wb.save(path)


def read_coding_sheet(
    path,
    *,
    themes: Iterable[str] | str | None = None,
    coder: str | None = None,
) -> pd.DataFrame:
    """Read a coding sheet back and check it: labels 0, 1 or blank; texts unchanged; unit ids unique.

    Row numbers in errors are those a spreadsheet shows (the header is row
    1, the first unit row 2; a CSV record with line breaks in its text is
    still one row). Every problem found is listed (up to 20), not only the
    first. A label may be written ``0``, ``1`` (also ``0.0``, ``1.0``, as
    some programs save numbers) or left blank; anything else (``2``,
    ``yes``, ``0.5``, ``TRUE``) is an error. The ``text`` of each row must
    still match its ``text_sha1`` (line endings are ignored, as spreadsheets
    rewrite them).

    Parameters
    ----------
    path : str or pathlib.Path
        A ``.csv`` (UTF-8, with or without a byte order mark; separated by
        commas, or by semicolons as Excel saves it where the decimal mark
        is a comma) or ``.xlsx``
        sheet from :func:`write_coding_sheet` (in Excel, the sheet named
        "coding", else the first sheet).
    themes : str or list of str, optional
        The label columns to read (each must be there). Default: every
        column that is not one of ``unit_id``, ``doc_id``, ``seg_id``,
        ``text``, ``text_sha1``, ``notes``, ``coder``.
    coder : str, optional
        Name of the coder, added as a column ``coder`` (for
        :func:`agreement`).

    Returns
    -------
    pandas.DataFrame
        One row per unit, in sheet order, RangeIndex: ``unit_id`` (str),
        ``doc_id`` (str), ``seg_id`` (int64, when the sheet has it),
        ``text`` (str), one column per theme (nullable ``Int64``: 0, 1, or
        ``<NA>`` for blank), ``notes`` (str, "" when blank) and, when
        given, ``coder`` (str).

    Raises
    ------
    FileNotFoundError
        No such file.
    ColumnError
        A required column (``unit_id``, ``doc_id``, ``text``,
        ``text_sha1``, a requested theme) is missing, or no theme column is
        there; the message names the file.
    CorpusError
        Bad labels, changed texts, blank or repeated unit ids, bad seg_id,
        a file that is not UTF-8 or has no unit rows; the message names the
        file, and for each problem the row, the unit_id and the column
        (``err.path`` is the file).
    ImportError
        ``.xlsx`` without openpyxl.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> sheet = pathlib.Path(tempfile.mkdtemp()) / "budi.csv"
    >>> _ = sheet.write_text("unit_id,doc_id,seg_id,text,text_sha1,security,notes\\n"
    ...                      "a:0,a,0,Pasukan menjaga perbatasan.,1bb0996bd9ea,1,\\n"
    ...                      "a:1,a,1,Cuaca cerah.,acbeb8fde504,,unsure\\n", encoding="utf-8")
    >>> read_coding_sheet(sheet, coder="budi")[["unit_id", "security", "notes", "coder"]]
      unit_id  security   notes coder
    0     a:0         1          budi
    1     a:1      <NA>  unsure  budi
    >>> bad = sheet.with_name("bad.csv")
    >>> _ = bad.write_text(sheet.read_text().replace(",1,", ",2,"), encoding="utf-8")
    >>> read_coding_sheet(bad)
    Traceback (most recent call last):
    ...
    toolkit.errors.CorpusError: .../bad.csv: 1 problem in the coding sheet:
      - row 2 (unit_id 'a:0'), column 'security': '2' is not 0, 1 or blank
    """
    path = Path(path)
    check_choice("path suffix", path.suffix.lower(), (".csv", ".xlsx"))
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such coding sheet.")
    header, rows = _read_xlsx(path) if path.suffix.lower() == ".xlsx" else _read_csv(path)
    themes = _sheet_themes(path, header, themes)
    if not rows:
        raise CorpusError(f"{path}: the coding sheet has no unit rows.", path=str(path))
    records, problems = [], []
    for number, cells in rows:
        records.append(_parse_row(number, dict(zip(header, cells)), themes, "seg_id" in header, problems))
    seen: dict[str, int] = {}
    for number, rec in zip((n for n, _ in rows), records):
        if rec["unit_id"] and rec["unit_id"] in seen:
            problems.append(f"row {number}, column 'unit_id': {rec['unit_id']!r} repeats row {seen[rec['unit_id']]}")
        seen.setdefault(rec["unit_id"], number)
    if problems:
        shown = "\n".join(f"  - {p}" for p in problems[:20]) + ("\n  ..." if len(problems) > 20 else "")
        word = "problem" if len(problems) == 1 else "problems"
        raise CorpusError(f"{path}: {len(problems)} {word} in the coding sheet:\n{shown}", path=str(path))
    return _coding_table(records, themes, "seg_id" in header, coder)


def _read_csv(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            first = fh.readline()
            fh.seek(0)
            # Excel in locales with a decimal comma (Indonesian among them) saves CSV with ";"
            delimiter = ";" if ";" in first and "," not in first else ","
            records = list(csv.reader(fh, delimiter=delimiter))
    except UnicodeDecodeError as exc:
        raise CorpusError(f"{path}: not UTF-8 ({exc.reason} at byte {exc.start}); save the sheet as "
                          "'CSV UTF-8' (or as .xlsx).", path=str(path)) from None
    return _header_and_rows(path, records)


def _read_xlsx(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    openpyxl = _openpyxl()
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        ws = wb["coding"] if "coding" in wb.sheetnames else wb.worksheets[0]
        values = [[_cell_text(v) for v in row] for row in ws.iter_rows(values_only=True)]
    finally:
        wb.close()
    return _header_and_rows(path, values)


def _header_and_rows(path: Path, records: list[list[str]]) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header, and each non-blank row with its spreadsheet row number (the header is row 1), padded."""
    if not records:
        raise CorpusError(f"{path}: the coding sheet is empty (no header row).", path=str(path))
    header = [h.strip() for h in records[0]]
    rows = [(i, r + [""] * (len(header) - len(r))) for i, r in enumerate(records[1:], start=2)
            if any(c.strip() for c in r)]
    return header, rows


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _sheet_themes(path: Path, header: list[str], themes) -> list[str]:
    dup = sorted({h for h in header if header.count(h) > 1 and h})
    if dup:
        raise CorpusError(f"{path}: the header repeats the column(s) {listed(dup)}.", path=str(path))
    found = [h for h in header if h and h not in RESERVED]
    themes = found if themes is None else theme_list(themes, None)
    need = ["unit_id", "doc_id", "text", "text_sha1", *themes]
    missing = [c for c in need if c not in header]
    if missing:
        raise ColumnError(f"{path}: the coding sheet lacks the column(s) {listed(missing)}; it has: "
                          f"{', '.join(h for h in header if h) or '(none)'}.")
    if not themes:
        raise ColumnError(f"{path}: the coding sheet has no theme column (only {', '.join(header)}).")
    return themes


def _parse_row(number: int, cells: dict, themes: list[str], has_seg: bool, problems: list[str]) -> dict:
    unit = cells["unit_id"].strip()
    where = f"row {number} (unit_id {unit!r})"
    rec = {"unit_id": unit, "doc_id": cells["doc_id"].strip(), "text": _newlines(cells["text"]),
           "notes": cells.get("notes", "").strip()}
    for col in ("unit_id", "doc_id"):
        if not rec[col]:
            problems.append(f"{where}, column {col!r}: blank")
    if has_seg:
        seg = cells["seg_id"].strip()
        rec["seg_id"] = int(seg) if re.fullmatch(r"\d+", seg) else None
        if rec["seg_id"] is None:
            problems.append(f"{where}, column 'seg_id': {seg!r} is not a segment number")
    for theme in themes:
        value = cells[theme].strip()
        rec[theme] = _LABELS.get(value, pd.NA)
        if value and value not in _LABELS:
            problems.append(f"{where}, column {theme!r}: {value!r} is not 0, 1 or blank")
    if _text_sha1(rec["text"]) != cells["text_sha1"].strip():
        problems.append(f"{where}, column 'text': the text does not match its text_sha1 "
                        f"{cells['text_sha1'].strip()!r}: it was changed after sampling; restore it")
    return rec


def _coding_table(records: list[dict], themes: list[str], has_seg: bool, coder) -> pd.DataFrame:
    cols = ["unit_id", "doc_id"] + (["seg_id"] if has_seg else []) + ["text", *themes, "notes"]
    out = pd.DataFrame.from_records(records, columns=cols)
    out = out.astype({"unit_id": "str", "doc_id": "str", "text": "str", "notes": "str",
                      **{t: "Int64" for t in themes}})
    if has_seg:
        out["seg_id"] = out["seg_id"].astype("int64")
    if coder is not None:
        out["coder"] = pd.Series([str(coder)] * len(out), dtype="str")
    return out
