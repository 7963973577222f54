"""Loading documents: the bundled sample article and your own corpus.

The docs table has one row per document: ``doc_id`` (str, unique),
``text`` (str, exactly as read: offsets into it lead back to the file),
every metadata column of the source, ``source_path`` and, for tabular
sources, ``source_row``.
"""

from __future__ import annotations

import io
import json
import re
import warnings
from pathlib import Path

import pandas as pd

from . import _data
from .errors import CorpusError, EmptyTextWarning

__all__ = ["load_corpus", "load_sample", "load_corpus_or_sample", "TEXT_COLUMNS", "ID_COLUMNS", "SAMPLE_FILE"]

#: Column names tried, in order, when ``text_col`` is not given.
TEXT_COLUMNS = ("text", "body", "content", "full_text", "isi", "teks", "konten", "artikel", "article")
#: Column names tried, in order, when ``id_col`` is not given.
ID_COLUMNS = ("doc_id", "id")
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


def _decode(raw: bytes, path: Path, encoding: str) -> str:
    codec = "utf-8-sig" if _codec_is_utf8(encoding) else encoding
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
            if not _codec_is_utf8(encoding):
                data = text.encode("utf-8")
            del text
            sep = "," if kind == "csv" else "\t"
            frame = _read_csv_arrow(data, sep)
            if frame is None:  # pandas' parser: the reference, and the one whose errors name the line
                frame = pd.read_csv(io.BytesIO(data), sep=sep, dtype=str, encoding="utf-8", keep_default_na=False,
                                    na_filter=False)
        except (pd.errors.ParserError, ValueError) as exc:
            raise CorpusError(f"{path}: cannot parse as {kind.upper()}: {exc}", path=str(path)) from None
        return frame, list(range(1, len(frame) + 1))
    records, lines = [], []
    for lineno, line in enumerate(text.split("\n"), start=1):  # not splitlines(): U+2028 may sit inside a string
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise CorpusError(f"{path}: line {lineno}: not valid JSON ({exc.msg} at column {exc.colno}).", path=str(path)) from None
        if not isinstance(record, dict):
            raise CorpusError(
                f"{path}: line {lineno}: expected a JSON object per line, got {type(record).__name__}.", path=str(path)
            )
        records.append(record)
        lines.append(lineno)
    return pd.DataFrame.from_records(records), lines


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
    if what == "id":
        return None
    raise CorpusError(
        f"{origin}: no text column found. The columns are: {', '.join(columns) or '(none)'}; "
        f"tried: {', '.join(candidates)}. Name the column with {param}=...",
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
            source_path: str | None, id_prefix: str, row_label: str) -> pd.DataFrame:
    frame = frame.copy(deep=False)  # (copy-on-write: the caller's frame is never changed)
    frame.columns = [str(c) for c in frame.columns]
    tcol = _pick(frame.columns, text_col, TEXT_COLUMNS, what="text", param="text_col", origin=origin)
    icol = _pick(frame.columns, id_col, ID_COLUMNS, what="id", param="id_col", origin=origin)
    rows = rows if rows is not None else list(range(1, len(frame) + 1))

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
        texts.append(value)

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
                if isinstance(frame[tcol].dtype, pd.StringDtype) else pd.Series(texts, dtype="str"))
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
    return out


def load_corpus(source, *, text_col: str | None = None, id_col: str | None = None, encoding: str = "utf-8") -> pd.DataFrame:
    """Load documents from a file, a folder or a DataFrame into a docs table.

    Parameters
    ----------
    source : str, Path or pandas.DataFrame
        One of:

        - a ``.txt`` file: one document, ``doc_id`` from the file name;
        - a folder: every ``.txt`` file below it (recursive, sorted by
          relative path), ``doc_id`` = the relative path without ``.txt``;
        - a ``.csv`` or ``.tsv`` file (header line; every field read as
          text, nothing turned into NaN), a ``.jsonl`` file (one JSON object
          per line) or a ``.parquet`` file: one document per row;
        - a DataFrame: one document per row (the input is not modified).
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
    encoding : str, default "utf-8"
        Text encoding of the files; a UTF-8 byte order mark is accepted.

    Returns
    -------
    pandas.DataFrame
        One row per document, in source order: ``doc_id`` (str, unique),
        ``text`` (str, as read; empty or missing texts become ``""``), every
        other column of the source unchanged (a source column named
        ``text`` or ``doc_id`` that was not chosen is kept as
        ``text_original`` or ``doc_id_original``), ``source_path`` (str,
        the file read; None for a DataFrame) and ``source_row`` (int,
        1-based: the record in a CSV/TSV/Parquet file or DataFrame, the line
        in a JSONL file, 1 for a text file). RangeIndex.

    Raises
    ------
    FileNotFoundError
        ``source`` does not exist.
    CorpusError
        Unsupported file type, a folder without ``.txt`` files, an empty or
        unparsable file, bytes that are not valid in ``encoding`` (with the
        byte offset and line), no text column (with the columns and the
        names tried), a non-text value in the text column, or duplicate or
        empty ids (with their rows).

    Warns
    -----
    EmptyTextWarning
        Once, naming the documents whose text is empty or missing; they are
        kept as empty documents, never dropped.

    See Also
    --------
    load_sample, segment, prepare

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"id": ["a1", "a2"], "isi": ["Kerja sama RI-Tiongkok.", "Keamanan regional."],
    ...                       "sumber": ["kompas", "tempo"]})
    >>> load_corpus(frame)[["doc_id", "text", "sumber", "source_row"]]
      doc_id                     text  sumber  source_row
    0     a1  Kerja sama RI-Tiongkok.  kompas           1
    1     a2       Keamanan regional.   tempo           2
    """
    if isinstance(source, pd.DataFrame):
        return _finish(source, text_col=text_col, id_col=id_col, origin="DataFrame", rows=None,
                       source_path=None, id_prefix="doc-", row_label="row")
    if not isinstance(source, (str, Path)):
        raise TypeError(f"source must be a path or a pandas DataFrame, not {type(source).__name__}.")
    path = Path(source)
    if not path.exists():
        raise FileNotFoundError(f"No such file or folder: {path} (looked in {path.resolve().parent}).")
    if path.is_dir():
        files = sorted((p for p in path.rglob("*") if p.is_file() and p.suffix.lower() == ".txt"),
                       key=lambda p: p.relative_to(path).as_posix())
        if not files:
            others = sorted({p.suffix for p in path.rglob("*") if p.is_file()})
            raise CorpusError(
                f"{path}: the folder holds no .txt files"
                + (f" (it has {', '.join(others)} files; load a table file directly)" if others else "")
                + ".",
                path=str(path),
            )
        texts = [_decode(f.read_bytes(), f, encoding) for f in files]
        ids = [f.relative_to(path).with_suffix("").as_posix() for f in files]
        frame = pd.DataFrame({"doc_id": ids, "text": texts})
        out = _finish(frame, text_col="text", id_col="doc_id", origin=str(path), rows=None,
                      source_path=None, id_prefix="", row_label="file")
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
                       source_path=str(path), id_prefix="", row_label="line")
    frame, rows = _read_table(path, kind, encoding)
    row_label = "line" if kind == "jsonl" else "row"
    return _finish(frame, text_col=text_col, id_col=id_col, origin=str(path), rows=rows,
                   source_path=str(path), id_prefix=f"{path.stem}-", row_label=row_label)


_MONTHS = {
    "januari": 1, "februari": 2, "maret": 3, "april": 4, "mei": 5, "juni": 6, "juli": 7,
    "agustus": 8, "september": 9, "oktober": 10, "november": 11, "desember": 12,
}
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
    month = _MONTHS.get(by["month"].lower())
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
    text_col, id_col, encoding
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
        return load_corpus(corpus_path, text_col=text_col, id_col=id_col, encoding=encoding)
    given = {name: value for name, value in (("text_col", text_col), ("id_col", id_col)) if value is not None}
    if given:
        shown = ", ".join(f"{k}={v!r}" for k, v in given.items())
        raise ValueError(f"{shown} given but corpus_path is None: set corpus_path to your corpus, "
                         "or leave the column options at None to analyse the bundled article.")
    return load_sample()
