"""The one reader layer: any corpus source as docs tables of ``chunksize`` documents, every check applied.

:class:`ChunkReader` opens a source (a folder, a ``.txt``, CSV/TSV, JSONL or
Parquet file, or a DataFrame), takes its raw records from ``_sources`` or
``_csv`` chunk by chunk, and makes each chunk a docs table: text and id
columns chosen once (from the first chunk), lone surrogates repaired,
non-text values and empty ids refused, ids numbered across the whole source
when there is no id column, repeated ids found across chunks, empty texts
warned about, HTML-looking texts warned about once, dates read.
``chunksize=None`` gives the whole source as one table: that is
:func:`toolkit.load_corpus`; a number is :func:`toolkit.iter_corpus`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .._validate import check_int
from ..errors import CorpusError, EmptyTextWarning
from ._checks import (
    ID_COLUMNS,
    TEXT_COLUMNS,
    check_duplicate_ids,
    empty_texts_message,
    is_missing,
    not_text_error,
    pick_column,
    read_dates,
    repair_columns,
    warn_html,
)
from ._csv import count_csv_records, csv_frames
from ._html import strip_html
from ._sources import (
    count_jsonl_records,
    folder_files,
    folder_frames,
    frame_slices,
    jsonl_frames,
    numbered,
    open_parquet,
    parquet_frames,
    source_kind,
    text_frame,
)
from ._warn import warn

__all__ = ["ChunkReader"]


@dataclass
class _State:
    """What one pass over a source carries from chunk to chunk."""

    tcol: str | None = None
    icol: str | None = None
    width: int = 0  # digits of generated ids
    ordinal: int = 0  # documents so far
    columns: list[str] = field(default_factory=list)  # JSONL: every field seen so far
    seen: dict = field(default_factory=dict)  # id -> row
    html_warned: bool = False
    first: bool = True


class ChunkReader:
    """A corpus source read as docs tables of ``chunksize`` documents (None: one table of the whole source).

    The source and the options are checked, and a folder listed, when the
    reader is made; files are read as it is iterated. Iterating gives
    ``(docs, rows)`` per chunk: the docs table (as :func:`toolkit.load_corpus`
    gives those rows) and the 1-based number of each document's record
    (file of a folder, line of a JSONL file, row otherwise) for messages.

    Attributes
    ----------
    origin : str
        The path, or "DataFrame", that messages start with.
    row_label : str
        "file", "line" or "row": what ``rows`` count.
    total : int or None
        Documents in the source, when known without reading it.
    """

    def __init__(self, source, *, chunksize: int | None, text_col: str | None = None, id_col: str | None = None,
                 date_col: str | None | bool = None, html: bool = False, encoding: str = "utf-8",
                 empty_warning: bool = True):
        if chunksize is not None:
            check_int("chunksize", chunksize, 1)
        self.chunksize, self.encoding, self.date_col, self.html = chunksize, encoding, date_col, html
        self.empty_warning = empty_warning  # False: analyze gives one summary of empty texts instead
        self.text_col, self.id_col = text_col, id_col
        self.source, self.path, self.total = source, None, None
        self._files: list[Path] = []  # a folder's .txt files
        self._parquet = None  # a Parquet file read in chunks
        if isinstance(source, pd.DataFrame):
            self.kind, self.origin, self.row_label, self.total = "frame", "DataFrame", "row", len(source)
            return
        if not isinstance(source, (str, Path)):
            raise TypeError(f"source must be a path or a pandas DataFrame, not {type(source).__name__}.")
        path = Path(source)
        if not path.exists():
            raise FileNotFoundError(f"No such file or folder: {path} (looked in {path.resolve().parent}).")
        self.path, self.origin = path, str(path)
        if path.is_dir():
            self.kind, self.row_label = "folder", "file"
            self._files = folder_files(path)  # warns once naming the entries skipped
            self.total = len(self._files)
            self.text_col, self.id_col = "text", "doc_id"
            return
        self.kind = source_kind(path)
        self.row_label = "line" if self.kind in ("jsonl", "text") else "row"
        if self.kind == "text":
            self.total, self.text_col, self.id_col = 1, "text", "doc_id"
        elif self.kind == "parquet" and chunksize is not None:  # (a whole table is read as pandas reads it)
            self._parquet = open_parquet(path)
            self.total = self._parquet.metadata.num_rows

    def _raw(self) -> Iterator[tuple[pd.DataFrame, list[int]]]:
        """(frame of raw records, their numbers) per chunk, from the reader of the source's kind."""
        size = self.chunksize
        if self.kind == "frame":
            return frame_slices(self.source, size)
        if self.kind == "folder":
            return folder_frames(self.path, self._files, self.encoding, size)
        if self.kind == "text":
            return text_frame(self.path, self.encoding)
        if self.kind == "parquet":
            return parquet_frames(self.path, size, self._parquet)
        if self.kind == "jsonl":
            return jsonl_frames(self.path, self.encoding, size)
        return numbered(csv_frames(self.path, self.kind, self.encoding, size))

    def _count(self, first: int) -> int:
        """Documents in the whole source (a streaming pass for CSV/TSV/JSONL read in chunks), to number them."""
        if self.chunksize is None:
            return first
        if self.total is not None:
            return self.total
        if self.kind == "jsonl":
            return count_jsonl_records(self.path, self.encoding)
        return count_csv_records(self.path, self.kind, self.encoding)

    def __iter__(self) -> Iterator[tuple[pd.DataFrame, list[int]]]:
        state = _State()
        for frame, rows in self._raw():
            yield self._docs(frame, rows, state), rows

    # -- one chunk --------------------------------------------------------------

    def _columns(self, frame: pd.DataFrame, rows: list[int], state: _State) -> pd.DataFrame:
        """Choose the text and id columns (first chunk); ``frame`` with a ``doc_id`` column when it has no ids."""
        if self.kind == "jsonl":  # records may lack fields: keep every field seen so far, as one table would
            state.columns += [c for c in frame.columns if c not in state.columns]
            if list(frame.columns) != state.columns:
                frame = frame.reindex(columns=state.columns)
        names = [str(c) for c in frame.columns]
        if state.first:
            state.tcol = pick_column(names, self.text_col, TEXT_COLUMNS, what="text", param="text_col",
                                     origin=self.origin)
            state.icol = pick_column(names, self.id_col, ID_COLUMNS, what="id", param="id_col", origin=self.origin)
            if state.icol is None:
                state.width = len(str(self._count(len(frame))))
            state.first = False
        elif state.icol is None and (late := pick_column(names, None, ID_COLUMNS, what="id", param="id_col",
                                                         origin=self.origin)):
            raise CorpusError(
                f"{self.origin}: {self.row_label} {rows[0]}: records from here on have an id field ({late!r}) that "
                "the first records lack; give every record an id (or none), or read the file with tk.load_corpus.",
                path=self._error_path,
            )
        if state.icol is None:
            prefix = "doc-" if self.path is None else f"{self.path.stem}-"
            frame = frame.copy()
            frame.columns = names
            start = state.ordinal + 1
            frame["doc_id"] = [f"{prefix}{i:0{state.width}d}" for i in range(start, start + len(frame))]
        return frame

    def _docs(self, frame: pd.DataFrame, rows: list[int], state: _State) -> pd.DataFrame:
        """The docs table of one chunk of raw records."""
        frame = self._columns(frame, rows, state)
        state.ordinal += len(frame)
        tcol, icol = state.tcol, state.icol or "doc_id"
        frame = frame.copy(deep=False)  # (copy-on-write: the caller's frame is never changed)
        frame.columns = [str(c) for c in frame.columns]
        frame = repair_columns(frame, rows, self.origin, self.row_label)
        texts = self._texts(frame[tcol].tolist(), rows, tcol)
        ids = self._ids(frame[icol].tolist(), rows, icol, state)
        empty = [f"{d} ({self.row_label} {r})" for t, d, r in zip(texts, ids, rows) if not t.strip()]
        if empty and self.empty_warning:
            warn(empty_texts_message(self.origin, len(empty), len(texts), empty), EmptyTextWarning)
        out = self._table(frame, tcol, icol, texts, ids, rows)
        if not self.html and not state.html_warned:  # once per pass, at the first chunk with HTML
            state.html_warned = warn_html(texts, ids, rows, origin=self.origin, row_label=self.row_label)
        return read_dates(out, self.date_col, origin=self.origin, rows=rows, row_label=self.row_label)

    def _texts(self, values: list, rows: list[int], tcol: str) -> list[str]:
        """The texts ("" for missing ones; cleaned with ``html=True``); CorpusError for a value that is not text."""
        texts = []
        for value, row in zip(values, rows):
            if is_missing(value):
                value = ""
            if not isinstance(value, str):
                raise not_text_error(f"{self.origin}: {self.row_label} {row}", tcol, value, self._error_path)
            texts.append(strip_html(value) if self.html else value)
        return texts

    def _ids(self, values: list, rows: list[int], icol: str, state: _State) -> list[str]:
        """The ids as text; CorpusError for an empty one, or one seen before (in this chunk first, then earlier)."""
        ids = []
        for value, row in zip(values, rows):
            if is_missing(value) or str(value).strip() == "":
                raise CorpusError(
                    f"{self.origin}: {self.row_label} {row}: the id column {icol!r} is empty. Every document needs an "
                    "id; fill it in, or pass id_col=None after removing the column to number documents instead.",
                    path=self._error_path,
                )
            ids.append(str(value))
        if state.icol is not None:  # (numbered documents cannot repeat)
            options = dict(origin=self.origin, icol=icol, row_label=self.row_label)
            if state.seen:
                check_duplicate_ids(ids, rows, {}, **options)  # a repeat inside the chunk is named on its own
            check_duplicate_ids(ids, rows, state.seen, **options)
        return ids

    @property
    def _error_path(self) -> str | None:
        return None if self.kind == "frame" else self.origin

    def _table(self, frame, tcol: str, icol: str, texts: list[str], ids: list[str], rows: list[int]) -> pd.DataFrame:
        """``doc_id``, ``text``, the metadata columns, ``source_path`` and ``source_row``."""
        meta = frame.drop(columns=[tcol])
        if "text" in meta.columns:
            meta = meta.rename(columns={"text": "text_original"})
        if "doc_id" in meta.columns and icol != "doc_id":
            meta = meta.rename(columns={"doc_id": "doc_id_original"})
        if icol == "doc_id":
            meta = meta.drop(columns=["doc_id"])
        # a text column that is already str keeps its Arrow array (same values as texts: missing -> "")
        keep = isinstance(frame[tcol].dtype, pd.StringDtype) and not self.html
        text_out = frame[tcol].fillna("").astype("str").reset_index(drop=True) if keep else pd.Series(texts, dtype="str")
        id_out = (frame[icol].astype("str").reset_index(drop=True)
                  if isinstance(frame[icol].dtype, pd.StringDtype) else pd.Series(ids, dtype="str"))
        out = pd.DataFrame({"doc_id": id_out.rename("doc_id"), "text": text_out.rename("text")})
        for c in meta.columns:
            if c not in ("source_path", "source_row"):
                out[c] = meta[c].reset_index(drop=True)
        if self.kind == "folder":
            out["source_path"] = [str(self._files[r - 1]) for r in rows]
            out["source_row"] = 1
            return out
        if "source_path" in meta.columns and self.kind == "frame":
            out["source_path"] = meta["source_path"].reset_index(drop=True)
        else:
            out["source_path"] = pd.Series([None if self.path is None else str(self.path)] * len(out), dtype="object")
        out["source_row"] = pd.Series(rows, dtype="int64")
        return out
