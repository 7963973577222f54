"""Loading documents: the bundled sample article and your own corpus.

The docs table has one row per document: ``doc_id`` (str, unique),
``text`` (str, exactly as read: offsets into it lead back to the file;
with ``html=True``, the text with its markup removed), every metadata
column of the source (a date column read as dates), ``source_path`` and,
for tabular sources, ``source_row``.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import warnings
from collections.abc import Iterable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Literal

import pandas as pd

from . import _data, _dates
from ._validate import check_choice, check_columns
from .errors import CorpusError, CorpusWarning, EmptyTextWarning

__all__ = ["load_corpus", "load_sample", "load_corpus_or_sample", "strip_html", "add_period", "TEXT_COLUMNS",
           "ID_COLUMNS", "DATE_COLUMNS", "SAMPLE_FILE"]

#: Column names tried, in order, when ``text_col`` is not given.
TEXT_COLUMNS = ("text", "body", "content", "full_text", "isi", "teks", "konten", "artikel", "article")
#: Column names tried, in order, when ``id_col`` is not given.
ID_COLUMNS = ("doc_id", "id")
#: Column names tried, in order, when ``date_col`` is not given.
DATE_COLUMNS = ("date", "tanggal", "tgl", "published", "published_at", "publish_date", "date_published",
                "pubdate", "tanggal_terbit", "waktu_terbit", "datetime")
#: File name of the bundled article (in ``data/`` and ``toolkit/data/sample/``).
SAMPLE_FILE = "beritasatu-2019-09-13-tiongkok-kazakhstan.txt"
SUFFIXES = {
    ".txt": "text",
    ".csv": "csv",
    ".tsv": "tsv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".parquet": "parquet",
    ".pq": "parquet",
}


def _codec_is_utf8(encoding: str) -> bool:
    return encoding.lower().replace("_", "-") in ("utf-8", "utf8")


#: Byte order marks that name their encoding without doubt (UTF-32 first: its LE mark starts like UTF-16's).
_BOMS = ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"), (b"\xff\xfe", "utf-16"),
         (b"\xfe\xff", "utf-16"))


def _decode(raw: bytes, path: Path, encoding: str) -> str:
    codec = "utf-8-sig" if _codec_is_utf8(encoding) else encoding
    if codec == "utf-8-sig":  # the default: a UTF-16 or UTF-32 file with a byte order mark is read as such
        codec = next((name for bom, name in _BOMS if raw.startswith(bom)), codec)
    try:
        return raw.decode(codec)
    except LookupError:
        raise ValueError(f"encoding={encoding!r} is not a known text encoding (try 'utf-8', 'cp1252' or 'latin-1').") from None
    except UnicodeDecodeError as exc:
        start = exc.start + (3 if codec == "utf-8-sig" and raw.startswith(b"\xef\xbb\xbf") else 0)
        line = raw[:start].count(b"\n") + 1
        col = start - (raw.rfind(b"\n", 0, start) + 1) + 1
        raise CorpusError(
            f"{path}: the bytes at offset {start} (line {line}, column {col}) are not valid "
            f"{encoding} ({exc.reason}). If the file uses another encoding, pass it as "
            "encoding=..., for example encoding='cp1252' or encoding='latin-1'; or re-save the file as UTF-8.",
            path=str(path),
        ) from None


_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def _repair_surrogates(value):
    """(value with each lone surrogate replaced by U+FFFD, how many), looking into lists and dicts too."""
    if isinstance(value, str):
        return _SURROGATE_RE.subn("\ufffd", value)
    if isinstance(value, list):
        pairs = [_repair_surrogates(v) for v in value]
        return [v for v, _ in pairs], sum(n for _, n in pairs)
    if isinstance(value, dict):
        pairs = [(_repair_surrogates(k), _repair_surrogates(v)) for k, v in value.items()]
        return {k: v for (k, _), (v, _) in pairs}, sum(a + b for (_, a), (_, b) in pairs)
    return value, 0


def _warn_repaired(origin: str, places: dict, row_label: str) -> None:
    """One CorpusWarning naming the rows (and fields) where lone surrogates were replaced."""
    if not places:
        return
    shown = "; ".join(f"{row_label} {row} ({', '.join(map(str, fields))})" for row, fields in list(places.items())[:10])
    more = f"; and {len(places) - 10} more" if len(places) > 10 else ""
    warnings.warn(
        f"{origin}: {len(places)} records hold lone surrogate code points (such as the JSON escape \\ud800, often half "
        "of an emoji cut in two), which no file and no text column can store; each was replaced by U+FFFD "
        f"(\ufffd), one character for one, so lengths and offsets are unchanged: {shown}{more}.",
        CorpusWarning,
        stacklevel=4,
    )


def _json_record(line: str, lineno: int, path) -> tuple[dict, list[str]]:
    """One JSONL line as a dict, and the fields in which lone surrogates were replaced; errors name the line."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise CorpusError(f"{path}: line {lineno}: not valid JSON ({exc.msg} at column {exc.colno}).",
                          path=str(path)) from None
    if not isinstance(record, dict):
        raise CorpusError(f"{path}: line {lineno}: expected a JSON object per line, got {type(record).__name__}.",
                          path=str(path))
    if "\\ud" not in line and "\\uD" not in line:  # a surrogate can only come from an escape
        return record, []
    fields = [_repair_surrogates(k)[0] for k, v in record.items() if _repair_surrogates([k, v])[1]]
    return (_repair_surrogates(record)[0], fields) if fields else (record, [])


def _repair_columns(frame: pd.DataFrame, rows: list[int], origin: str, row_label: str) -> pd.DataFrame:
    """``frame`` with lone surrogates in its object columns replaced by U+FFFD (warning where); changes a copy."""
    places: dict = {}
    for c in frame.columns:
        if frame[c].dtype != object:
            continue  # str, numeric and Arrow columns cannot hold a lone surrogate
        values = frame[c].tolist()
        bad = [i for i, v in enumerate(values) if isinstance(v, str) and not v.isascii() and _SURROGATE_RE.search(v)]
        for i in bad:
            values[i] = _repair_surrogates(values[i])[0]
            places.setdefault(rows[i], []).append(c)
        if bad:
            frame[c] = pd.Series(values, index=frame.index, dtype=object)
    _warn_repaired(origin, dict(sorted(places.items())), row_label)
    return frame


def _check_csv_fields(lines: Iterable[str], sep: str, path) -> Iterator[int]:
    """The line each data record of a CSV/TSV file starts on; CorpusError if its field count is not the header's.

    ``lines`` keep their line ends (a line ends at "\\n", "\\r\\n" or a lone
    "\\r", as pandas reads them). Blank lines and lines of spaces are skipped,
    as pandas skips them. Without this check, pandas takes the extra field
    of a first data row as an index (shifting every column) and pads short
    rows with empty fields.
    """
    reader = csv.reader(lines, delimiter=sep)
    header = None
    end = 0
    while True:
        start = end + 1
        limit = csv.field_size_limit(2**31 - 1)  # (the default, 131,072 characters, is shorter than some articles)
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise CorpusError(f"{path}: line {start}: cannot parse as CSV ({exc}).", path=str(path)) from None
        finally:
            csv.field_size_limit(limit)  # the module-wide setting is the caller's again between records
        end = reader.line_num
        if not record or (len(record) == 1 and end == start and not record[0].strip()):
            continue
        if header is None:
            header = (start, len(record))
        elif len(record) != header[1]:
            where = f"line {start}" if end == start else f"lines {start}-{end}"
            shown = sep.join(record)
            shown = shown if len(shown) <= 60 else shown[:57] + "..."
            raise CorpusError(
                f"{path}: {where}: {len(record)} fields where the header (line {header[0]}) has {header[1]}: "
                f"{shown!r}. A field that holds {'a comma' if sep == ',' else 'a tab'}, a quote or a new line must be "
                'in double quotes (with inner quotes doubled: ""); fix the row or export the file again.',
                path=str(path),
            )
        else:
            yield start


def _read_csv_arrow(data: bytes, sep: str) -> pd.DataFrame | None:
    """Arrow's CSV reader (several times faster) for the plain case, else None.

    Every column is read as text, empty fields as empty strings, quoted
    fields may hold new lines: what ``pandas.read_csv(dtype=str,
    keep_default_na=False)`` gives. Anything else (a malformed row, a header
    with an empty or repeated name or a row with more fields than the
    header, which pandas reads its own way) returns None, and pandas reads
    the file.
    """
    import csv

    import pyarrow as pa
    import pyarrow.csv as pv

    end = data.find(b"\n")
    first = data[: end if end >= 0 else len(data)].rstrip(b"\r").decode("utf-8")
    try:
        names = next(csv.reader([first], delimiter=sep, strict=True))
    except (csv.Error, StopIteration):
        return None
    if '"' in first or len(names) < 2 or any(not n.strip() for n in names) or len(set(names)) != len(names):
        return None  # (one column: pandas also skips lines of spaces, which Arrow reads as values)
    if (b'"' in data and data.count(b'"') % 2) or (b"\r" in data and data.count(b"\r") != data.count(b"\r\n")):
        return None  # a quote left open (Arrow would read the rest of the file into it), or a lone \r
    try:
        table = pv.read_csv(
            io.BytesIO(data),
            read_options=pv.ReadOptions(skip_rows=1, column_names=names),
            parse_options=pv.ParseOptions(delimiter=sep, newlines_in_values=True),
            convert_options=pv.ConvertOptions(column_types={n: pa.large_string() for n in names},
                                              strings_can_be_null=False, quoted_strings_can_be_null=False),
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    return pd.DataFrame({n: pd.Series(table.column(n), dtype="str") for n in names}, copy=False)


def _read_table(path: Path, kind: str, encoding: str) -> tuple[pd.DataFrame, list[int]]:
    """Read a CSV/TSV/JSONL/Parquet file into a frame plus the row number of every record."""
    if kind == "parquet":
        try:
            frame = pd.read_parquet(path)
        except Exception as exc:  # pyarrow raises several types
            raise CorpusError(f"{path}: cannot read as Parquet ({exc}).", path=str(path)) from None
        if not isinstance(frame.index, pd.RangeIndex):  # an index saved with the file is data: keep it as columns
            frame = frame.reset_index()
        return frame.reset_index(drop=True), list(range(1, len(frame) + 1))
    raw = path.read_bytes()
    text = _decode(raw, path, encoding)
    if not text.strip():
        raise CorpusError(f"{path}: the file is empty; a {kind.upper()} corpus needs a header and rows.", path=str(path))
    if kind in ("csv", "tsv"):
        try:
            # the parser reads UTF-8 bytes: a StringIO of the whole text would hold 4 bytes per character
            data = raw[3:] if _codec_is_utf8(encoding) and raw.startswith(b"\xef\xbb\xbf") else raw
            if not _codec_is_utf8(encoding) or any(raw.startswith(bom) for bom, _ in _BOMS):
                data = text.encode("utf-8")
            del text
            sep = "," if kind == "csv" else "\t"
            frame = _read_csv_arrow(data, sep)  # Arrow refuses a row with too many or too few fields
            if frame is None:  # pandas' parser: the reference, after a check that every row has the header's fields
                for _ in _check_csv_fields(io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", newline=""), sep, path):
                    pass
                frame = pd.read_csv(io.BytesIO(data), sep=sep, dtype=str, encoding="utf-8", keep_default_na=False,
                                    na_filter=False)
        except (pd.errors.ParserError, ValueError) as exc:
            if isinstance(exc, CorpusError):
                raise
            raise CorpusError(f"{path}: cannot parse as {kind.upper()}: {exc}", path=str(path)) from None
        return frame, list(range(1, len(frame) + 1))
    records, lines, repaired = [], [], {}
    for lineno, line in enumerate(text.split("\n"), start=1):  # not splitlines(): U+2028 may sit inside a string
        if not line.strip():
            continue
        record, fields = _json_record(line, lineno, path)
        if fields:
            repaired[lineno] = fields
        records.append(record)
        lines.append(lineno)
    _warn_repaired(str(path), repaired, "line")
    return pd.DataFrame.from_records(records), lines


_BLOCK_TAGS = frozenset({
    "p", "br", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "thead",
    "tbody", "tfoot", "caption", "blockquote", "pre", "hr", "section", "article", "aside", "header", "footer", "nav",
    "main", "figure", "figcaption", "address",
})
_CELL_TAGS = frozenset({"td", "th"})
_DROP_TAGS = frozenset({"script", "style", "noscript", "template"})
# what makes a text look like HTML: common tags, or entities (each pattern starts with a literal: re finds it fast)
_HTML_TAG_RE = re.compile(
    r"</?(?:p|br|div|span|a|b|i|u|em|strong|li|ul|ol|h[1-6]|tr|td|th|table|img|figure|figcaption|blockquote|section"
    r"|article|script|style|iframe|hr|sup|sub|font)(?:\s[^<>]*)?/?>",
    re.IGNORECASE,
)
_HTML_ENTITY_RE = re.compile(
    r"&(?:nbsp|amp|quot|apos|lt|gt|ndash|mdash|hellip|[lr]squo|[lr]dquo|#\d{2,7}|#x[0-9a-f]{2,6});", re.IGNORECASE)
_LINE_END_RE = re.compile(r"\r\n?")
_PARAGRAPH_BREAK_RE = re.compile(r"\n[^\S\n]*\n")


class _HTMLText(HTMLParser):
    """The text of an HTML fragment: block elements become paragraph breaks, script and style are dropped."""

    def __init__(self):
        super().__init__(convert_charrefs=True)  # entities (&nbsp; &amp; &#8220;) arrive decoded in the data
        self.parts: list[str] = []
        self.dropping = 0

    def handle_starttag(self, tag, attrs):
        self._tag(tag, opening=True)

    def handle_endtag(self, tag):
        self._tag(tag, opening=False)

    def _tag(self, tag: str, *, opening: bool) -> None:
        if tag in _DROP_TAGS:
            self.dropping = self.dropping + 1 if opening else max(self.dropping - 1, 0)
        elif not self.dropping and tag in _BLOCK_TAGS:
            self.parts.append("\n\n")
        elif not self.dropping and tag in _CELL_TAGS:
            self.parts.append(" ")

    def handle_data(self, data):
        if not self.dropping:
            self.parts.append(data)


def strip_html(text: str) -> str:
    """The text of an HTML fragment (a scraped article), with paragraphs kept and markup removed.

    Tags are removed and entities decoded (``&nbsp;``, ``&amp;``,
    ``&#8220;``) with the standard library's :mod:`html.parser`. Block
    elements (``p``, ``br``, ``div``, ``li``, ``h1``-``h6``, ``tr``,
    ``blockquote``, ``table``, ``section``, ...) and blank lines of the
    source become paragraph breaks (a blank line, as :func:`toolkit.segment`
    reads them); table cells are separated by a space; the content of
    ``script``, ``style``, ``noscript`` and ``template`` is dropped. Inside a
    paragraph every run of white space (new lines of the source and
    non-breaking spaces included) becomes one space, as a browser shows it.

    Parameters
    ----------
    text : str
        HTML, a fragment of it, or plain text with some markup or entities.

    Returns
    -------
    str
        The paragraphs, separated by ``"\\n\\n"``, without white space at
        either end. Offsets into the result are not offsets into ``text``.

    Raises
    ------
    TypeError
        ``text`` is not a str.

    See Also
    --------
    load_corpus : ``html=True`` applies this to every text.

    Examples
    --------
    >>> strip_html("<p>Kerja sama&nbsp;RI&ndash;Tiongkok.<br>Kedua\\n negara <b>sepakat</b>.</p>"
    ...            "<script>var x = 1;</script><p>Keamanan &amp; pertahanan.</p>")
    'Kerja sama RI–Tiongkok.\\n\\nKedua negara sepakat.\\n\\nKeamanan & pertahanan.'
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}.")
    parser = _HTMLText()
    parser.feed(text)
    parser.close()
    raw = _LINE_END_RE.sub("\n", "".join(parser.parts))
    paragraphs = (" ".join(p.split()) for p in _PARAGRAPH_BREAK_RE.split(raw))
    return "\n\n".join(p for p in paragraphs if p)


def _warn_html(out: pd.DataFrame, *, origin: str, row_label: str, stacklevel: int) -> bool:
    """Warn once when texts of ``out`` look like HTML (tags such as <p>, entities such as &nbsp;); whether it did."""
    found = [i for i, t in enumerate(out["text"].tolist())
             if ("<" in t and _HTML_TAG_RE.search(t)) or ("&" in t and _HTML_ENTITY_RE.search(t))]
    if not found:
        return False
    ids = out["doc_id"].take(found[:5]).tolist()
    rows = out["source_row"].take(found[:5]).tolist()
    shown = ", ".join(f"{d} ({row_label} {r})" for d, r in zip(ids, rows)) + (", ..." if len(found) > 5 else "")
    warnings.warn(
        f"{origin}: {len(found)} of {len(out)} documents look like HTML (tags such as <p>, <br> or <div>, or "
        f"entities such as &nbsp;): {shown}. Their markup is counted as words; pass html=True to remove tags and "
        "decode entities (see tk.strip_html), or clean the texts first.",
        CorpusWarning,
        stacklevel=stacklevel,
    )
    return True


def _read_dates(out: pd.DataFrame, date_col, *, origin: str, rows: list[int], row_label: str) -> pd.DataFrame:
    """``out`` with its date column (named, or the first of DATE_COLUMNS) read as dates in WIB."""
    if date_col is False:
        return out
    col = _pick(out.columns, date_col, DATE_COLUMNS, what="date", param="date_col", origin=origin)
    if col is None or col in ("doc_id", "text", "source_path", "source_row"):
        return out
    values = out[col]
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        return out  # already dates (from Parquet or a DataFrame): kept as they are
    text_like = values.dtype == object or pd.api.types.is_string_dtype(values.dtype)
    if not text_like and not values.isna().all():  # (all missing: a chunk of JSONL records without the field)
        if date_col is None:
            return out  # a column of numbers that happens to be called "date" is kept as read
        raise CorpusError(
            f"{origin}: date_col={col!r} holds {values.dtype} values, not dates written as text. "
            "Name the column of dates, or pass date_col=False.",
            path=None if origin == "DataFrame" else origin,
        )
    out[col] = _dates.to_wib(values, origin=origin, rows=rows, row_label=row_label, column=col)
    return out


def _pick(columns, wanted, candidates, *, what, param, origin):
    columns = [str(c) for c in columns]
    if wanted is not None:
        if wanted not in columns:
            raise CorpusError(
                f"{origin}: {param}={wanted!r} is not a column; the columns are: {', '.join(columns) or '(none)'}.",
                path=None if origin == "DataFrame" else origin,
            )
        return wanted
    for c in candidates:
        if c in columns:
            return c
    lowered = {c.lower(): c for c in columns}
    for c in candidates:
        if c in lowered:
            return lowered[c]
    if what in ("id", "date"):
        return None
    semicolons = len(columns) == 1 and ";" in columns[0]
    raise CorpusError(
        f"{origin}: no text column found. The columns are: {', '.join(columns) or '(none)'}; "
        f"tried: {', '.join(candidates)}. " + (
            "The header looks separated by semicolons (as Excel saves CSV where the decimal mark is a comma): "
            "save the file with commas, or as tab-separated .tsv." if semicolons else f"Name the column with {param}=..."),
        path=None if origin == "DataFrame" else origin,
    )


def _check_duplicate_ids(ids, rows, seen: dict, *, origin: str, icol, row_label: str) -> None:
    """Raise CorpusError naming every repeated id and both its rows; ``seen`` (id -> row) carries across chunks."""
    dups = []
    for value, row in zip(ids, rows):
        if value in seen:
            dups.append(f"{value!r} ({row_label}s {seen[value]} and {row})")
        else:
            seen[value] = row
    if dups:
        shown = "; ".join(dups[:5]) + (f"; and {len(dups) - 5} more" if len(dups) > 5 else "")
        raise CorpusError(
            f"{origin}: duplicate document ids in column {icol!r}: {shown}. Ids must be unique; "
            "fix the data or choose another column with id_col=...",
            path=None if origin == "DataFrame" else origin,
        )


def _finish(frame: pd.DataFrame, *, text_col, id_col, origin: str, rows: list[int] | None,
            source_path: str | None, id_prefix: str, row_label: str, date_col=None, html: bool = False,
            html_warning: bool = True) -> pd.DataFrame:
    frame = frame.copy(deep=False)  # (copy-on-write: the caller's frame is never changed)
    frame.columns = [str(c) for c in frame.columns]
    tcol = _pick(frame.columns, text_col, TEXT_COLUMNS, what="text", param="text_col", origin=origin)
    icol = _pick(frame.columns, id_col, ID_COLUMNS, what="id", param="id_col", origin=origin)
    rows = rows if rows is not None else list(range(1, len(frame) + 1))
    frame = _repair_columns(frame, rows, origin, row_label)

    texts = []
    empty = []
    for value, row in zip(frame[tcol].tolist(), rows):
        if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
            value = ""
        if not isinstance(value, str):
            raise CorpusError(
                f"{origin}: {row_label} {row}: the text column {tcol!r} holds a {type(value).__name__} "
                f"({value!r}), not text. Is {tcol!r} the right column? Name another with text_col=...",
                path=None if origin == "DataFrame" else origin,
            )
        texts.append(strip_html(value) if html else value)

    if icol is None:
        width = len(str(len(frame)))
        ids = [f"{id_prefix}{i:0{width}d}" for i in range(1, len(frame) + 1)]
    else:
        ids = []
        for value, row in zip(frame[icol].tolist(), rows):
            if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA or str(value).strip() == "":
                raise CorpusError(
                    f"{origin}: {row_label} {row}: the id column {icol!r} is empty. Every document needs an id; "
                    "fill it in, or pass id_col=None after removing the column to number documents instead.",
                    path=None if origin == "DataFrame" else origin,
                )
            ids.append(str(value))
    _check_duplicate_ids(ids, rows, {}, origin=origin, icol=icol, row_label=row_label)
    for value, doc_id, row in zip(texts, ids, rows):
        if not value.strip():
            empty.append(f"{doc_id} ({row_label} {row})")
    if empty:
        shown = ", ".join(empty[:10]) + (f" and {len(empty) - 10} more" if len(empty) > 10 else "")
        warnings.warn(
            f"{origin}: {len(empty)} of {len(texts)} documents have an empty or missing text and are kept as "
            f"empty documents: {shown}.",
            EmptyTextWarning,
            stacklevel=3,
        )

    meta = frame.drop(columns=[tcol])
    if "text" in meta.columns:
        meta = meta.rename(columns={"text": "text_original"})
    if "doc_id" in meta.columns and icol != "doc_id":
        meta = meta.rename(columns={"doc_id": "doc_id_original"})
    if icol == "doc_id":
        meta = meta.drop(columns=["doc_id"])
    # a text column that is already str keeps its Arrow array (same values as texts: missing -> "")
    text_out = (frame[tcol].fillna("").astype("str").reset_index(drop=True)
                if isinstance(frame[tcol].dtype, pd.StringDtype) and not html else pd.Series(texts, dtype="str"))
    id_out = (frame[icol].astype("str").reset_index(drop=True)
              if icol is not None and isinstance(frame[icol].dtype, pd.StringDtype) else pd.Series(ids, dtype="str"))
    out = pd.DataFrame({"doc_id": id_out.rename("doc_id"), "text": text_out.rename("text")})
    for c in meta.columns:
        if c in ("source_path", "source_row"):
            continue
        out[c] = meta[c].reset_index(drop=True)
    if "source_path" in meta.columns and source_path is None:
        out["source_path"] = meta["source_path"].reset_index(drop=True)
    else:
        out["source_path"] = pd.Series([source_path] * len(out), dtype="object")
    out["source_row"] = pd.Series(rows, dtype="int64")
    if html_warning and not html:
        _warn_html(out, origin=origin, row_label=row_label, stacklevel=4)
    return _read_dates(out, date_col, origin=origin, rows=rows, row_label=row_label)


def _list_folder(root: Path) -> tuple[list[Path], list[str]]:
    """The .txt files below ``root`` (sorted by relative path), and every entry skipped with the reason."""
    files, skipped = [], []

    def unreadable(exc: OSError) -> None:
        skipped.append(f"{Path(exc.filename).relative_to(root).as_posix() or '.'}/ (cannot be read: {exc.strerror})")

    for folder, dirs, names in os.walk(root, onerror=unreadable):  # links to folders are listed, not followed
        here = Path(folder)
        hidden = sorted(d for d in dirs if d.startswith("."))  # .ipynb_checkpoints, .git: copies and tools' files
        dirs[:] = [d for d in dirs if not d.startswith(".")]   # (not walked into)
        skipped += [f"{(here / d).relative_to(root).as_posix()}/ (a hidden folder, not read)" for d in hidden]
        for name in sorted(dirs) + sorted(names):
            entry = here / name
            rel = entry.relative_to(root).as_posix()
            if name.startswith("."):
                skipped.append(f"{rel} (a hidden file, such as .DS_Store or a ._ copy, not read)")
            elif name in dirs:
                if entry.is_symlink():
                    skipped.append(f"{rel}/ (a link to a folder, not followed)")
            elif entry.is_symlink() and not entry.exists():
                skipped.append(f"{rel} (a broken link)")
            elif entry.suffix.lower() != ".txt":
                skipped.append(f"{rel} (not a .txt file)")
            elif not entry.is_file():
                skipped.append(f"{rel} (not a regular file)")
            else:
                files.append(entry)
    files.sort(key=lambda f: f.relative_to(root).as_posix())
    return files, sorted(skipped)


def _folder_files(root: Path, *, stacklevel: int) -> list[Path]:
    """The .txt files of a folder; one CorpusWarning names the entries skipped, a CorpusError says there are none."""
    files, skipped = _list_folder(root)
    shown = ", ".join(skipped[:20]) + (f" and {len(skipped) - 20} more" if len(skipped) > 20 else "")
    if not files:
        raise CorpusError(f"{root}: the folder holds no .txt files" + (f" (it has: {shown}); load a table file "
                          "directly" if skipped else "") + ".", path=str(root))
    if skipped:
        what = "1 entry was" if len(skipped) == 1 else f"{len(skipped)} entries were"
        warnings.warn(f"{root}: {what} skipped (documents are the .txt files, subfolders included): {shown}.",
                      CorpusWarning, stacklevel=stacklevel)
    return files


def load_corpus(source, *, text_col: str | None = None, id_col: str | None = None, date_col: str | None | bool = None,
                html: bool = False, encoding: str = "utf-8") -> pd.DataFrame:
    """Load documents from a file, a folder or a DataFrame into a docs table.

    Parameters
    ----------
    source : str, Path or pandas.DataFrame
        One of:

        - a ``.txt`` file: one document, ``doc_id`` from the file name;
        - a folder: every ``.txt`` file below it (recursive, sorted by
          relative path), ``doc_id`` = the relative path without ``.txt``;
          links to folders are not followed; other entries (files of other
          types, broken links) are skipped and named in one warning;
        - a ``.csv`` or ``.tsv`` file (header line; every field read as
          text, nothing turned into NaN; every row must have as many fields
          as the header), a ``.jsonl`` file (one JSON object per line) or a
          ``.parquet`` file: one document per row;
        - a DataFrame: one document per row (the input is not modified).

        Lines may end in LF, CRLF or a lone CR (old Mac files); the text is
        kept as read and :func:`toolkit.segment` treats the three alike.
    text_col : str, optional
        The column holding the text. By default the first of
        :data:`TEXT_COLUMNS` present (text, body, content, full_text, isi,
        teks, konten, artikel, article), also matched case-insensitively.
    id_col : str, optional
        The column holding unique document ids. By default ``doc_id`` or
        ``id`` if present; otherwise documents are numbered from 1,
        zero-padded to the width of the row count (``news-01`` ... ``news-12``
        for the 12 rows of ``news.csv``, ``doc-1`` for a 3-row DataFrame).
        A chosen id column other than ``doc_id`` is also kept as metadata.
    date_col : str or False, optional
        The column of publication dates, read into datetimes in WIB
        (UTC+07:00). By default the first of :data:`DATE_COLUMNS` present
        (date, tanggal, tgl, published, published_at, ...; also matched
        case-insensitively) when it holds text; ``False`` keeps every column
        as read. Read: ``17/09/2019`` (day first), ``2019-09-17`` and ISO
        8601 times, ``17 September 2019``, ``17 Sep 2019``, ``Selasa,
        17/09/2019 10:00 WIB`` (Indonesian or English month and weekday
        names, an optional time and zone: WIB, WITA, WIT, UTC, +07:00). A
        value with a zone is converted to WIB, one without is taken to be
        WIB, so days and months are those of Jakarta. A column that already
        holds datetimes is kept as it is.
    html : bool, default False
        Texts are HTML (scraped pages): remove tags and decode entities with
        :func:`strip_html`, block elements becoming paragraph breaks. The
        cleaned text is the docs' ``text``, so every later offset
        (segments, tokens, hits) refers to the cleaned text, not the file.
    encoding : str, default "utf-8"
        Text encoding of the files; a UTF-8 byte order mark is accepted,
        and with the default a file that starts with a UTF-16 or UTF-32
        byte order mark (as some Windows tools save "Unicode" text) is read
        in that encoding.

    Returns
    -------
    pandas.DataFrame
        One row per document, in source order: ``doc_id`` (str, unique),
        ``text`` (str, as read, or cleaned with ``html=True``; empty or
        missing texts become ``""``), every other column of the source
        unchanged except the date column (``datetime64[us, UTC+07:00]``,
        NaT where missing) (a source column named ``text`` or ``doc_id``
        that was not chosen is kept as ``text_original`` or
        ``doc_id_original``), ``source_path`` (str, the file read; None for
        a DataFrame) and ``source_row`` (int, 1-based: the record in a
        CSV/TSV/Parquet file or DataFrame, the line in a JSONL file, 1 for a
        text file). RangeIndex.

    Raises
    ------
    FileNotFoundError
        ``source`` does not exist.
    CorpusError
        Unsupported file type, a folder without ``.txt`` files, an empty or
        unparsable file, a CSV/TSV row with more or fewer fields than the
        header (with its line), bytes that are not valid in ``encoding``
        (with the byte offset and line), no text column (with the columns
        and the names tried), a non-text value in the text column, a
        ``date_col`` that is not a column or holds numbers, or duplicate or
        empty ids (with their rows).

    Warns
    -----
    EmptyTextWarning
        Once, naming the documents whose text is empty or missing; they are
        kept as empty documents, never dropped.
    CorpusWarning
        Once each, naming files, rows or lines: entries of a folder that were
        skipped; lone surrogates (JSON escapes such as ``\\ud800`` that no
        file can store), each replaced by U+FFFD so lengths and offsets stay
        the same; texts that look like HTML while ``html=False``; dates that
        cannot be read (the first five rows and values; they become NaT).

    See Also
    --------
    load_sample, add_period, strip_html, segment, prepare, iter_corpus

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"id": ["a1", "a2"], "isi": ["Kerja sama RI-Tiongkok.", "Keamanan regional."],
    ...                       "sumber": ["kompas", "tempo"], "tanggal": ["Selasa, 17/09/2019 10:00 WIB", "2 Okt 2019"]})
    >>> docs = load_corpus(frame)
    >>> docs[["doc_id", "text", "sumber", "source_row"]]
      doc_id                     text  sumber  source_row
    0     a1  Kerja sama RI-Tiongkok.  kompas           1
    1     a2       Keamanan regional.   tempo           2
    >>> docs["tanggal"].tolist()
    [Timestamp('2019-09-17 10:00:00+0700', tz='UTC+07:00'), Timestamp('2019-10-02 00:00:00+0700', tz='UTC+07:00')]
    >>> load_corpus(pd.DataFrame({"text": ["<p>Kerja&nbsp;sama.</p><p>Keamanan.</p>"]}), html=True).loc[0, "text"]
    'Kerja sama.\\n\\nKeamanan.'
    """
    options = dict(date_col=date_col, html=html)
    if isinstance(source, pd.DataFrame):
        return _finish(source, text_col=text_col, id_col=id_col, origin="DataFrame", rows=None,
                       source_path=None, id_prefix="doc-", row_label="row", **options)
    if not isinstance(source, (str, Path)):
        raise TypeError(f"source must be a path or a pandas DataFrame, not {type(source).__name__}.")
    path = Path(source)
    if not path.exists():
        raise FileNotFoundError(f"No such file or folder: {path} (looked in {path.resolve().parent}).")
    if path.is_dir():
        files = _folder_files(path, stacklevel=3)
        texts = [_decode(f.read_bytes(), f, encoding) for f in files]
        ids = [f.relative_to(path).with_suffix("").as_posix() for f in files]
        frame = pd.DataFrame({"doc_id": ids, "text": texts})
        out = _finish(frame, text_col="text", id_col="doc_id", origin=str(path), rows=None,
                      source_path=None, id_prefix="", row_label="file", **options)
        out["source_path"] = [str(f) for f in files]
        out["source_row"] = 1
        return out
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise CorpusError(
            f"{path}: unsupported file type {path.suffix or '(none)'!r}; load_corpus reads "
            f"{', '.join(sorted(SUFFIXES))} files, folders of .txt files, or a DataFrame.",
            path=str(path),
        )
    if kind == "text":
        text = _decode(path.read_bytes(), path, encoding)
        frame = pd.DataFrame({"doc_id": [path.stem], "text": [text]})
        return _finish(frame, text_col="text", id_col="doc_id", origin=str(path), rows=[1],
                       source_path=str(path), id_prefix="", row_label="line", **options)
    frame, rows = _read_table(path, kind, encoding)
    row_label = "line" if kind == "jsonl" else "row"
    return _finish(frame, text_col=text_col, id_col=id_col, origin=str(path), rows=rows,
                   source_path=str(path), id_prefix=f"{path.stem}-", row_label=row_label, **options)


_BYLINE_RE = re.compile(
    r"^(?P<author>.+?)\s+(?:Senin|Selasa|Rabu|Kamis|Jumat|Jum'at|Sabtu|Minggu),\s+(?P<day>\d{1,2})\s+"
    r"(?P<month>[A-Za-z]+)\s+(?P<year>\d{4})\s*\|\s*(?P<hh>\d{1,2}):(?P<mm>\d{2})\s*WIB\s*$"
)
_CAPTION_RE = re.compile(r"^(?P<caption>.*?)\s*\(\s*Foto:\s*(?P<credit>.+?)\s*\)\s*$")
_SOURCE_RE = re.compile(r"^\s*Sumber:\s*(?P<source>.+?)\s*$", re.MULTILINE)
_DATELINE_RE = re.compile(r"^(?P<place>[^,\n]+),\s*(?P<publisher>[^\s,]+\.(?:com|id|co\.id))\s*-\s*")


def _parse_beritasatu(raw: str, path: str) -> dict:
    """Split a saved Beritasatu.com article into metadata and body (raises CorpusError if the layout differs)."""

    def fail(what):
        raise CorpusError(f"{path}: not in the expected Beritasatu layout: {what}.", path=path)

    lines = raw.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    title = lines[0].strip()
    if not title:
        fail("the first line (the title) is empty")
    byline_idx = next((i for i, line in enumerate(lines) if _BYLINE_RE.match(line)), None)
    if byline_idx is None:
        fail("no byline line 'Author Day, DD Month YYYY | HH:MM WIB'")
    by = _BYLINE_RE.match(lines[byline_idx])
    month = _dates.MONTHS.get(by["month"].lower())
    if month is None:
        fail(f"unknown month name {by['month']!r} in the byline")
    caption_line = lines[byline_idx - 1] if byline_idx >= 1 else ""
    cap = _CAPTION_RE.match(caption_line)
    src = _SOURCE_RE.search(raw)
    if src is None:
        fail("no closing 'Sumber: ...' line")
    body_start = offsets[byline_idx + 1]
    while body_start < len(raw) and raw[body_start].isspace():
        body_start += 1
    body_end = src.start()
    while body_end > body_start and raw[body_end - 1].isspace():
        body_end -= 1
    body = raw[body_start:body_end]
    dl = _DATELINE_RE.match(body)
    # WIB is UTC+7
    date = pd.Timestamp(f"{int(by['year']):04d}-{month:02d}-{int(by['day']):02d}T{int(by['hh']):02d}:{by['mm']}:00+07:00")
    return {
        "text": body,
        "title": title,
        "date": date,
        "author": by["author"].strip(),
        "publisher": dl["publisher"] if dl else None,
        "dateline": dl["place"].strip() if dl else None,
        "source": src["source"],
        "photo_caption": cap["caption"] if cap else None,
        "photo_credit": cap["credit"] if cap else None,
        "source_offset": body_start,
    }


def load_sample() -> pd.DataFrame:
    """Load the bundled article as a docs table of one document.

    Beritasatu.com, "Tiongkok-Kazakhstan Sepakati Kerja Sama Strategis
    Permanen", by Unggul Wirawan / JAI, Friday 13 September 2019, 13:17 WIB;
    source Suara Pembaruan/Xinhua. Copyright stays with the publisher; it is
    included for research and teaching demonstration (see ``data/README.md``).
    The file is shipped unchanged; this function parses its layout.

    Returns
    -------
    pandas.DataFrame
        One row: ``doc_id`` ("beritasatu-2019-09-13-tiongkok-kazakhstan"),
        ``text`` (the article body: from the dateline "Beijing,
        Beritasatu.com - ..." to the last paragraph, without the header
        lines and the closing "Sumber:" line), ``title``, ``date``
        (Timestamp, 2019-09-13 13:17 at UTC+07:00, WIB), ``author``,
        ``publisher``, ``dateline`` (place), ``source`` (the wire source),
        ``photo_caption``, ``photo_credit``, ``source_path`` (the file),
        ``source_row`` (1) and ``source_offset`` (int: the character offset
        of ``text`` in the file, so a token's ``start`` plus it is its
        offset in the file).

    Examples
    --------
    >>> doc = load_sample()
    >>> doc.loc[0, "title"]
    'Tiongkok-Kazakhstan Sepakati Kerja Sama Strategis Permanen'
    >>> doc.loc[0, "date"]
    Timestamp('2019-09-13 13:17:00+0700', tz='UTC+07:00')
    >>> doc.loc[0, "text"][:40]
    'Beijing, Beritasatu.com - Tiongkok dan K'
    """
    path = _data.data_path(f"sample/{SAMPLE_FILE}")
    raw = _decode(path.read_bytes(), path, "utf-8")
    fields = _parse_beritasatu(raw, str(path))
    row = {"doc_id": Path(SAMPLE_FILE).stem, **fields}
    out = pd.DataFrame([row])
    out["doc_id"] = out["doc_id"].astype("str")
    out["text"] = out["text"].astype("str")
    offset = out.pop("source_offset")
    out["source_path"] = str(path)
    out["source_row"] = 1
    out["source_offset"] = offset.astype("int64")
    return out


def load_corpus_or_sample(corpus_path, *, text_col: str | None = None, id_col: str | None = None,
                          date_col: str | None | bool = None, html: bool = False,
                          encoding: str = "utf-8") -> pd.DataFrame:
    """Load ``corpus_path`` with :func:`load_corpus`, or the bundled article when it is None.

    This is what the notebooks' parameters cell needs. The bundled article
    is used **only** when ``corpus_path`` is None: a corpus that is given
    but cannot be read raises :func:`load_corpus`'s error (file, line or
    byte offset, and what to do), so that a mistyped path or column never
    runs the analysis on the wrong texts without a word. Column options
    given without a corpus are refused for the same reason.

    Parameters
    ----------
    corpus_path : str, Path, DataFrame or None
        Anything :func:`load_corpus` reads; None gives :func:`load_sample`.
    text_col, id_col, date_col, html, encoding
        Passed to :func:`load_corpus`.

    Returns
    -------
    pandas.DataFrame
        A docs table (see :func:`load_corpus` and :func:`load_sample`).

    Raises
    ------
    CorpusError, OSError
        As :func:`load_corpus`, when ``corpus_path`` is given and cannot be read.
    ValueError
        ``text_col`` or ``id_col`` given while ``corpus_path`` is None.

    Examples
    --------
    >>> load_corpus_or_sample(None)["doc_id"].tolist()
    ['beritasatu-2019-09-13-tiongkok-kazakhstan']
    >>> try:
    ...     load_corpus_or_sample("no-such-folder")
    ... except FileNotFoundError as err:
    ...     print(type(err).__name__)
    FileNotFoundError
    """
    if corpus_path is not None:
        return load_corpus(corpus_path, text_col=text_col, id_col=id_col, date_col=date_col, html=html,
                           encoding=encoding)
    given = {name: value for name, value in (("text_col", text_col), ("id_col", id_col)) if value is not None}
    if given:
        shown = ", ".join(f"{k}={v!r}" for k, v in given.items())
        raise ValueError(f"{shown} given but corpus_path is None: set corpus_path to your corpus, "
                         "or leave the column options at None to analyse the bundled article.")
    return load_sample()


_PERIODS = {"year": "Y", "quarter": "Q", "month": "M", "week": "W-SUN", "day": "D"}


def add_period(docs: pd.DataFrame, period: Literal["year", "quarter", "month", "week", "day"], *,
               date_col: str = "date") -> pd.DataFrame:
    """Add the calendar period of each document's date as a column, to group by it (``by="month"``).

    The period is a pandas Period: it sorts in time order, groups, prints
    as ``2019-09`` (month), ``2019Q3``, ``2019``, ``2019-09-17`` or
    ``2019-09-16/2019-09-22`` (a week, Monday to Sunday), keeps its type in
    Parquet, is written as that text to CSV, and gives a time axis with
    ``.dt.start_time``. A date with a time zone counts in its own local
    time (a date read by :func:`load_corpus` is in WIB, so 00:30 WIB on 1
    October is October). The input is not modified.

    Parameters
    ----------
    docs : pandas.DataFrame
        A docs table with a date column.
    period : {"year", "quarter", "month", "week", "day"}
        The calendar period; also the name of the new column (replaced if
        present).
    date_col : str, default "date"
        The column of dates: datetimes, or text read as :func:`load_corpus`
        reads dates.

    Returns
    -------
    pandas.DataFrame
        ``docs`` (same index and order) with the column ``period``: dtype
        ``period[Y-DEC]``, ``period[Q-DEC]``, ``period[M]``, ``period[W-SUN]`` or
        ``period[D]``; NaT where the date is missing.

    Raises
    ------
    ValueError
        ``period`` is not one of the allowed names.
    ColumnError
        ``docs`` lacks ``date_col``.

    Warns
    -----
    CorpusWarning
        Dates written as text that cannot be read (the first five rows and
        values; their period is NaT).

    See Also
    --------
    load_corpus, toolkit.theme_rates, toolkit.count_terms

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"text": ["Kerja sama.", "Keamanan.", "Latihan militer."],
    ...                       "tanggal": ["17 September 2019", "Selasa, 1/10/2019 00:30 WIB", "30 Okt 2019"]})
    >>> docs = load_corpus(frame)
    >>> add_period(docs, "month", date_col="tanggal")[["doc_id", "month"]]
      doc_id    month
    0  doc-1  2019-09
    1  doc-2  2019-10
    2  doc-3  2019-10
    >>> add_period(docs, "quarter", date_col="tanggal")["quarter"].astype(str).tolist()
    ['2019Q3', '2019Q4', '2019Q4']
    """
    check_choice("period", period, tuple(_PERIODS))
    check_columns(docs, [date_col], table_name="docs", hint="Load documents with tk.load_corpus(..., date_col=...).")
    dates = docs[date_col]
    if not pd.api.types.is_datetime64_any_dtype(dates.dtype):
        dates = _dates.to_wib(dates, origin="docs", rows=range(1, len(docs) + 1), row_label="row", column=date_col)
    if isinstance(dates.dtype, pd.DatetimeTZDtype):
        dates = dates.dt.tz_localize(None)  # the local date and time, as written in its zone
    out = docs.copy()
    out[period] = dates.dt.to_period(_PERIODS[period])
    return out
