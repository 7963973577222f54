"""The corpus sources other than CSV/TSV (see ``_csv``): folders, text files, JSONL, Parquet and DataFrames.

Each reader gives the raw records in frames of ``chunksize`` records
(None: all of them in one frame) with the 1-based number of each record
that messages name: the file of a folder, the line of a JSONL file, the row
of a Parquet file or DataFrame. Only one chunk (for files, a block of
64 KiB or a Parquet batch) is held at a time. The checks that make these
frames docs tables are in ``_chunks`` and ``_checks``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from ..errors import CorpusError
from ._checks import repair_surrogates, warn_repaired
from ._decoding import BLOCK, DecodedText, check_not_empty, decode_bytes
from ._warn import warn

__all__ = ["SUFFIXES", "source_kind", "folder_files", "folder_frames", "text_frame", "jsonl_frames",
           "count_jsonl_records", "numbered", "open_parquet", "parquet_frames", "frame_slices"]

#: File suffixes read, and the kind of file each names.
SUFFIXES = {
    ".txt": "text",
    ".csv": "csv",
    ".tsv": "tsv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".parquet": "parquet",
    ".pq": "parquet",
}

Frames = Iterator[tuple[pd.DataFrame, list[int]]]


def source_kind(path: Path) -> str:
    """The kind of a file ("text", "csv", "tsv", "jsonl", "parquet") from its suffix; CorpusError for others."""
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise CorpusError(
            f"{path}: unsupported file type {path.suffix or '(none)'!r}; load_corpus reads "
            f"{', '.join(sorted(SUFFIXES))} files, folders of .txt files, or a DataFrame.",
            path=str(path),
        )
    return kind


def _step(chunksize: int | None, n: int) -> int:
    return chunksize or max(n, 1)


def numbered(frames: Iterator[pd.DataFrame]) -> Frames:
    """Each frame with the 1-based numbers of its rows, counting on across frames."""
    row = 0
    for frame in frames:
        yield frame, list(range(row + 1, row + len(frame) + 1))
        row += len(frame)


# -- folders and text files ---------------------------------------------------

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


def folder_files(root: Path) -> list[Path]:
    """The .txt files of a folder; one CorpusWarning names the entries skipped, a CorpusError says there are none."""
    files, skipped = _list_folder(root)
    shown = ", ".join(skipped[:20]) + (f" and {len(skipped) - 20} more" if len(skipped) > 20 else "")
    if not files:
        raise CorpusError(f"{root}: the folder holds no .txt files" + (f" (it has: {shown}); load a table file "
                          "directly" if skipped else "") + ".", path=str(root))
    if skipped:
        what = "1 entry was" if len(skipped) == 1 else f"{len(skipped)} entries were"
        warn(f"{root}: {what} skipped (documents are the .txt files, subfolders included): {shown}.")
    return files


def folder_frames(root: Path, files: list[Path], encoding: str, chunksize: int | None) -> Frames:
    """Frames of ``doc_id`` (the path below ``root`` without ``.txt``) and ``text``; rows number the files."""
    step = _step(chunksize, len(files))
    for a in range(0, len(files), step):
        part = files[a:a + step]
        texts = [decode_bytes(f.read_bytes(), f, encoding) for f in part]
        ids = [f.relative_to(root).with_suffix("").as_posix() for f in part]
        yield pd.DataFrame({"doc_id": ids, "text": texts}), list(range(a + 1, a + len(part) + 1))


def text_frame(path: Path, encoding: str) -> Frames:
    """One frame of one document: ``doc_id`` (the file name without ``.txt``) and ``text``."""
    text = decode_bytes(path.read_bytes(), path, encoding)
    yield pd.DataFrame({"doc_id": [path.stem], "text": [text]}), [1]


# -- JSONL --------------------------------------------------------------------


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
    fields = [repair_surrogates(k)[0] for k, v in record.items() if repair_surrogates([k, v])[1]]
    return (repair_surrogates(record)[0], fields) if fields else (record, [])


def _jsonl_records(path: Path, encoding: str) -> Iterator[tuple[int, dict, list[str]]]:
    """(line number, record, fields with lone surrogates replaced) per non-blank line."""
    with DecodedText(path, encoding) as stream:
        for lineno, line in enumerate(stream.lines(), start=1):  # not splitlines(): U+2028 may sit in a string
            if line.strip():
                yield lineno, *_json_record(line, lineno, path)


def jsonl_frames(path: Path, encoding: str, chunksize: int | None) -> Frames:
    """Frames of JSON records (one per non-blank line; rows are lines); one surrogate warning per frame."""
    check_not_empty(path, "jsonl", encoding)
    records, lines, repaired = [], [], {}
    for lineno, record, fields in _jsonl_records(path, encoding):
        records.append(record)
        lines.append(lineno)
        if fields:
            repaired[lineno] = fields
        if len(records) == chunksize:
            warn_repaired(str(path), repaired, "line")
            yield pd.DataFrame.from_records(records), lines
            records, lines, repaired = [], [], {}
    if records:
        warn_repaired(str(path), repaired, "line")
        yield pd.DataFrame.from_records(records), lines


def count_jsonl_records(path: Path, encoding: str) -> int:
    """How many records the file holds (a streaming pass that parses every line)."""
    return sum(1 for _ in _jsonl_records(path, encoding))


# -- Parquet ------------------------------------------------------------------


def _parquet_error(path: Path, exc: Exception) -> CorpusError:
    return CorpusError(f"{path}: cannot read as Parquet ({exc}).", path=str(path))


def open_parquet(path: Path):
    """A ``pyarrow.parquet.ParquetFile`` to read in batches (``.metadata.num_rows`` read); CorpusError if it is none."""
    import pyarrow.parquet as pq

    try:
        # no pre-buffering: pyarrow would otherwise keep read-ahead buffers of every row group read so far
        pf = pq.ParquetFile(path, pre_buffer=False, buffer_size=BLOCK)
        pf.metadata.num_rows
    except Exception as exc:  # pyarrow raises several types
        raise _parquet_error(path, exc) from None
    return pf


def _arrow_to_pandas(table) -> pd.DataFrame:
    """A pyarrow Table to pandas exactly as ``pandas.read_parquet`` converts it; an index saved with it is data."""
    try:  # what read_parquet itself calls (pandas >= 2.2); private, hence the fallback
        from pandas.io._util import arrow_table_to_pandas
    except ImportError:  # pragma: no cover - older pandas
        frame = table.to_pandas()
    else:
        frame = arrow_table_to_pandas(table)
    if not isinstance(frame.index, pd.RangeIndex):  # an index saved with the file is data: keep it as columns
        frame = frame.reset_index()
    return frame.reset_index(drop=True)


def _batches(pf, chunksize: int):
    """Lists of record batches of ``chunksize`` rows (the last one shorter), whatever the row groups."""
    pending, held = [], 0
    for batch in pf.iter_batches(batch_size=chunksize, use_pandas_metadata=True):
        while batch.num_rows:
            take = min(chunksize - held, batch.num_rows)
            pending.append(batch.slice(0, take))
            held += take
            batch = batch.slice(take)
            if held == chunksize:
                yield pending
                pending, held = [], 0
    if pending or pf.metadata.num_rows == 0:
        yield pending


def parquet_frames(path: Path, chunksize: int | None, pf=None) -> Frames:
    """Frames of ``chunksize`` rows from ``pf`` (:func:`open_parquet`), as ``pandas.read_parquet`` reads them.

    ``chunksize`` None reads the whole table at once, as ``pandas.read_parquet`` does.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    if chunksize is None:
        try:
            table = pq.read_table(str(path), use_pandas_metadata=True)
        except Exception as exc:  # pyarrow raises several types
            raise _parquet_error(path, exc) from None
        yield from numbered([_arrow_to_pandas(table)])
        return
    try:
        batches = _batches(pf, chunksize)
        yield from numbered(_arrow_to_pandas(pa.Table.from_batches(b, schema=b[0].schema) if b
                                              else pf.schema_arrow.empty_table()) for b in batches)
    except CorpusError:
        raise
    except Exception as exc:
        raise _parquet_error(path, exc) from None


# -- DataFrames ---------------------------------------------------------------


def frame_slices(frame: pd.DataFrame, chunksize: int | None) -> Frames:
    """Slices of ``chunksize`` rows (None: the frame itself); a frame without rows gives one empty slice."""
    if chunksize is None:
        yield from numbered([frame])
        return
    yield from numbered(frame.iloc[a:a + chunksize] for a in range(0, max(len(frame), 1), chunksize))
