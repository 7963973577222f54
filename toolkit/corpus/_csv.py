"""CSV and TSV corpus files: read whole (Arrow's fast reader where it applies, else pandas) or in chunks.

Every field is read as text and nothing becomes NaN. Before pandas reads a
file, every record is checked to have the header's number of fields (pandas
would take the extra field of a first data row as an index, shifting every
column, and pad short rows); Arrow refuses such rows itself. In chunks, a
second stream runs the check one chunk ahead of pandas, so only a block of
the file is held at a time.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
from collections.abc import Iterable, Iterator
from pathlib import Path

import pandas as pd

from ..errors import CorpusError
from ._decoding import BOMS, DecodedText, check_not_empty, decode_bytes, is_utf8

__all__ = ["csv_frames", "count_csv_records"]


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



def _separator(kind: str) -> str:
    return "," if kind == "csv" else "\t"


def _parse_error(path: Path, kind: str, exc: Exception) -> CorpusError:
    return CorpusError(f"{path}: cannot parse as {kind.upper()}: {exc}", path=str(path))


def _read_whole(path: Path, kind: str, encoding: str) -> pd.DataFrame:
    """The whole file as one frame: Arrow when it can, else pandas after the field-count check."""
    raw = path.read_bytes()
    text = decode_bytes(raw, path, encoding)
    check_not_empty(path, kind, encoding, text)
    sep = _separator(kind)
    try:
        # the parser reads UTF-8 bytes: a StringIO of the whole text would hold 4 bytes per character
        data = raw[3:] if is_utf8(encoding) and raw.startswith(codecs.BOM_UTF8) else raw
        if not is_utf8(encoding) or any(raw.startswith(bom) for bom, _ in BOMS):
            data = text.encode("utf-8")
        del text
        frame = _read_csv_arrow(data, sep)  # Arrow refuses a row with too many or too few fields
        if frame is None:  # pandas' parser: the reference, after a check that every row has the header's fields
            for _ in _check_csv_fields(io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", newline=""), sep, path):
                pass
            frame = pd.read_csv(io.BytesIO(data), sep=sep, dtype=str, encoding="utf-8", keep_default_na=False,
                                na_filter=False)
    except (pd.errors.ParserError, ValueError) as exc:
        if isinstance(exc, CorpusError):
            raise
        raise _parse_error(path, kind, exc) from None
    return frame


def _read_chunks(path: Path, kind: str, encoding: str, chunksize: int, usecols=None) -> Iterator[pd.DataFrame]:
    """Frames of ``chunksize`` records, read with pandas from a decoded stream; the field check runs ahead."""
    sep = _separator(kind)
    with DecodedText(path, encoding) as stream, DecodedText(path, encoding) as check:
        records = _check_csv_fields(check.lines_with_ends(), sep, path)
        try:
            reader = pd.read_csv(stream, sep=sep, dtype=str, keep_default_na=False, na_filter=False,
                                 chunksize=chunksize, usecols=usecols)
            with reader:
                while True:
                    for _ in itertools.islice(records, chunksize):
                        pass
                    frame = next(reader, None)
                    if frame is None:
                        return
                    yield frame
        except CorpusError:
            raise
        except (pd.errors.ParserError, ValueError) as exc:
            for _ in records:  # a row with the wrong number of fields is reported as the whole read reports it
                pass
            raise _parse_error(path, kind, exc) from None


def csv_frames(path: Path, kind: str, encoding: str, chunksize: int | None) -> Iterator[pd.DataFrame]:
    """The records of a CSV (``kind`` "csv") or TSV ("tsv") file as frames of text columns.

    ``chunksize`` None gives the whole file as one frame (the file is held
    in memory); a number gives frames of that many records, holding one
    block of the file at a time. Errors name the file and line.
    """
    if chunksize is None:
        yield _read_whole(path, kind, encoding)
        return
    check_not_empty(path, kind, encoding)
    yield from _read_chunks(path, kind, encoding, chunksize)


def count_csv_records(path: Path, kind: str, encoding: str) -> int:
    """How many records the file holds (a streaming pass over its first column)."""
    return sum(len(f) for f in _read_chunks(path, kind, encoding, 100_000, usecols=[0]))
