"""The checks every corpus reader applies, whatever the source kind, and their messages.

Column choice (text, id, date), lone surrogates, non-text values, empty or
repeated ids (across chunks too), empty texts, HTML-looking texts and dates.
Errors are :class:`~toolkit.errors.CorpusError`; warnings are
:class:`~toolkit.errors.CorpusWarning` (empty texts:
:class:`~toolkit.errors.EmptyTextWarning`) and point at the first caller
outside this package. :mod:`toolkit.scale` shares the messages for Dask
partitions and its one summary of empty texts.
"""

from __future__ import annotations

import re

import pandas as pd

from ..errors import CorpusError
from . import _dates
from ._html import looks_like_html
from ._warn import warn

__all__ = ["TEXT_COLUMNS", "ID_COLUMNS", "DATE_COLUMNS", "pick_column", "repair_surrogates",
           "warn_repaired", "repair_columns", "is_missing", "not_text_error", "duplicate_ids_error",
           "check_duplicate_ids", "empty_texts_message", "warn_html", "read_dates"]

#: Column names tried, in order, when ``text_col`` is not given.
TEXT_COLUMNS = ("text", "body", "content", "full_text", "isi", "teks", "konten", "artikel", "article")
#: Column names tried, in order, when ``id_col`` is not given.
ID_COLUMNS = ("doc_id", "id")
#: Column names tried, in order, when ``date_col`` is not given.
DATE_COLUMNS = ("date", "tanggal", "tgl", "published", "published_at", "publish_date", "date_published",
                "pubdate", "tanggal_terbit", "waktu_terbit", "datetime")

def _where(origin: str) -> str | None:
    """The ``path`` of a CorpusError about ``origin`` (None for a DataFrame)."""
    return None if origin == "DataFrame" else origin


def pick_column(columns, wanted, candidates, *, what: str, param: str, origin: str) -> str | None:
    """The column named ``wanted``, else the first of ``candidates`` present (then case-insensitively).

    No match is None for ``what`` "id" and "date", a CorpusError listing the
    columns and the names tried for "text" (with a hint for a header
    separated by semicolons).
    """
    columns = [str(c) for c in columns]
    if wanted is not None:
        if wanted not in columns:
            raise CorpusError(
                f"{origin}: {param}={wanted!r} is not a column; the columns are: {', '.join(columns) or '(none)'}.",
                path=_where(origin),
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
        path=_where(origin),
    )


_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def repair_surrogates(value):
    """(value with each lone surrogate replaced by U+FFFD, how many), looking into lists and dicts too."""
    if isinstance(value, str):
        return _SURROGATE_RE.subn("\ufffd", value)
    if isinstance(value, list):
        pairs = [repair_surrogates(v) for v in value]
        return [v for v, _ in pairs], sum(n for _, n in pairs)
    if isinstance(value, dict):
        pairs = [(repair_surrogates(k), repair_surrogates(v)) for k, v in value.items()]
        return {k: v for (k, _), (v, _) in pairs}, sum(a + b for (_, a), (_, b) in pairs)
    return value, 0


def warn_repaired(origin: str, places: dict, row_label: str) -> None:
    """One CorpusWarning naming the rows (and fields) where lone surrogates were replaced."""
    if not places:
        return
    shown = "; ".join(f"{row_label} {row} ({', '.join(map(str, fields))})" for row, fields in list(places.items())[:10])
    more = f"; and {len(places) - 10} more" if len(places) > 10 else ""
    warn(f"{origin}: {len(places)} records hold lone surrogate code points (such as the JSON escape \\ud800, often half "
         "of an emoji cut in two), which no file and no text column can store; each was replaced by U+FFFD "
         f"(\ufffd), one character for one, so lengths and offsets are unchanged: {shown}{more}.")


def repair_columns(frame: pd.DataFrame, rows: list[int], origin: str, row_label: str) -> pd.DataFrame:
    """``frame`` with lone surrogates in its object columns replaced by U+FFFD (warning where); changes ``frame``."""
    places: dict = {}
    for c in frame.columns:
        if frame[c].dtype != object:
            continue  # str, numeric and Arrow columns cannot hold a lone surrogate
        values = frame[c].tolist()
        bad = [i for i, v in enumerate(values) if isinstance(v, str) and not v.isascii() and _SURROGATE_RE.search(v)]
        for i in bad:
            values[i] = repair_surrogates(values[i])[0]
            places.setdefault(rows[i], []).append(c)
        if bad:
            frame[c] = pd.Series(values, index=frame.index, dtype=object)
    warn_repaired(origin, dict(sorted(places.items())), row_label)
    return frame


def is_missing(value) -> bool:
    """Whether a cell is missing: None, NaN or pd.NA."""
    return value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value))


def not_text_error(place: str, column: str, value, path: str | None) -> CorpusError:
    """The error for a value of the text column that is not text; ``place`` says where ("news.csv: row 3")."""
    return CorpusError(
        f"{place}: the text column {column!r} holds a {type(value).__name__} ({value!r}), not text. "
        f"Is {column!r} the right column? Name another with text_col=...",
        path=path,
    )


def duplicate_ids_error(origin: str, column: str, repeated: list[str], path: str | None) -> CorpusError:
    """The error naming (the first five of) the ``repeated`` ids, each with its rows or count."""
    shown = "; ".join(repeated[:5]) + (f"; and {len(repeated) - 5} more" if len(repeated) > 5 else "")
    return CorpusError(
        f"{origin}: duplicate document ids in column {column!r}: {shown}. Ids must be unique; "
        "fix the data or choose another column with id_col=...",
        path=path,
    )


def check_duplicate_ids(ids, rows, seen: dict, *, origin: str, icol, row_label: str) -> None:
    """Raise CorpusError naming every repeated id and both its rows; ``seen`` (id -> row) carries across chunks."""
    repeated = []
    for value, row in zip(ids, rows):
        if value in seen:
            repeated.append(f"{value!r} ({row_label}s {seen[value]} and {row})")
        else:
            seen[value] = row
    if repeated:
        raise duplicate_ids_error(origin, icol, repeated, _where(origin))


def empty_texts_message(origin: str, empty: int, total: int, shown: list[str]) -> str:
    """The EmptyTextWarning text: ``empty`` of ``total`` documents, the first ten of them ``shown``."""
    listed = ", ".join(shown[:10]) + (f" and {empty - 10} more" if empty > 10 else "")
    return (f"{origin}: {empty} of {total} documents have an empty or missing text and are kept as "
            f"empty documents: {listed}.")


def warn_html(texts: list[str], ids: list[str], rows: list[int], *, origin: str, row_label: str) -> bool:
    """Warn once when ``texts`` look like HTML (tags such as <p>, entities such as &nbsp;); whether it did."""
    found = [i for i, t in enumerate(texts) if looks_like_html(t)]
    if not found:
        return False
    shown = ", ".join(f"{ids[i]} ({row_label} {rows[i]})" for i in found[:5]) + (", ..." if len(found) > 5 else "")
    warn(f"{origin}: {len(found)} of {len(texts)} documents look like HTML (tags such as <p>, <br> or <div>, or "
         f"entities such as &nbsp;): {shown}. Their markup is counted as words; pass html=True to remove tags and "
         "decode entities (see tk.strip_html), or clean the texts first.")
    return True


def read_dates(out: pd.DataFrame, date_col, *, origin: str, rows: list[int], row_label: str) -> pd.DataFrame:
    """``out`` with its date column (named, or the first of DATE_COLUMNS) read as dates in WIB; changes ``out``."""
    if date_col is False:
        return out
    col = pick_column(out.columns, date_col, DATE_COLUMNS, what="date", param="date_col", origin=origin)
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
            path=_where(origin),
        )
    out[col] = _dates.to_wib(values, origin=origin, rows=rows, row_label=row_label, column=col)
    return out
