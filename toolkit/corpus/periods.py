"""Calendar periods of documents' dates: :func:`add_period`, to group by month, week, quarter or year."""

from __future__ import annotations

from typing import Literal

import pandas as pd

from .._validate import check_choice, check_columns
from . import _dates

__all__ = ["add_period"]

_PERIODS = {"year": "Y", "quarter": "Q", "month": "M", "week": "W-SUN", "day": "D"}


def add_period(docs: pd.DataFrame, period: Literal["year", "quarter", "month", "week", "day"], *,
               date_col: str = "date") -> pd.DataFrame:
    """Add the calendar period of each document's date as a column, to group by it (``by="month"``).

    The period is a pandas Period: it sorts in time order, groups, prints
    as ``2019-09`` (month), ``2019Q3``, ``2019``, ``2019-09-17`` or
    ``2019-09-16/2019-09-22`` (a week, Monday to Sunday), keeps its type in
    Parquet, is written as that text to CSV, and gives a time axis with
    ``.dt.start_time``. A date with a time zone counts in its own local
    time (a date read by :func:`toolkit.load_corpus` is in WIB, so 00:30 WIB on 1
    October is October). The input is not modified.

    Parameters
    ----------
    docs : pandas.DataFrame
        A docs table with a date column.
    period : {"year", "quarter", "month", "week", "day"}
        The calendar period; also the name of the new column (replaced if
        present).
    date_col : str, default "date"
        The column of dates: datetimes, or text read as :func:`toolkit.load_corpus`
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
    toolkit.load_corpus, toolkit.theme_rates, toolkit.count_terms

    Examples
    --------
    >>> import pandas as pd
    >>> from toolkit.corpus import load_corpus
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
