"""Publication dates as Indonesian news writes them, read into times in WIB (UTC+07:00).

The engine behind ``load_corpus(date_col=...)`` and ``add_period``. A value
is read when it has one of these forms (case does not matter), with an
optional weekday in front (``Selasa,``) and an optional time after it
(``10:00``, ``10.00``, ``10:00:05``, ``pukul 10.00``; separated by a space,
a comma, ``|``, ``-`` or ``T``) and time zone (``WIB``, ``WITA``, ``WIT``,
``UTC``, ``GMT``, ``Z``, ``+07:00``, ``+0700``):

- day first: ``17/09/2019``, ``17-09-2019``, ``17.09.2019``,
  ``17 September 2019``, ``17 Sep 2019``, ``17 Sept. 2019`` (numbers are
  always day, month, year: ``03/04/2019`` is 3 April);
- year first: ``2019-09-17``, ``2019/09/17`` (ISO 8601, such as
  ``2019-09-17T10:00:00.5+07:00``);
- month first, with a month name: ``September 17, 2019``.

Month names are Indonesian or English, in full or abbreviated (Agustus,
Agu, Agt, Ags, Aug; Mei, May; Okt, Oct; Des, Dec; also Pebruari and
Nopember); they, the weekday names and the time zones are read from the
data file ``toolkit/data/calendar-id.csv`` (card: ``calendar-id.md``). Anything else (two-digit years, a month without a day, an
impossible day such as 31 September) is not a date.

Every value becomes a time in WIB: a value with a time zone is converted to
WIB, a value without one is taken to be WIB already (a date alone is
midnight WIB). So the calendar day, month and year of every document are
those of Jakarta, whichever zone the source wrote.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re

import numpy as np
import pandas as pd

from ._warn import warn

WIB = dt.timezone(dt.timedelta(hours=7))
#: the dtype of a parsed date column
DATE_DTYPE = pd.DatetimeTZDtype(unit="us", tz=WIB)


def _calendar() -> tuple[dict[str, int], list[str], dict[str, int]]:
    """Month names, weekday names and time zones from ``data/calendar-id.csv`` (checked; errors name the line)."""
    from .._data import data_path, read_csv_records
    from ..errors import ResourceError

    path = data_path("calendar-id.csv")
    limits = {"month": range(1, 13), "weekday": range(7), "zone": range(-12, 15)}
    tables: dict[str, dict[str, int]] = {kind: {} for kind in limits}
    for rec in read_csv_records(path, what="calendar words", required=["kind", "name", "value"], optional=["note"]):
        kind, name, value = rec["kind"], rec["name"].strip().lower(), rec["value"].strip()
        where = f"{path}: line {rec['_line']}"
        if kind not in limits:
            raise ResourceError(f"{where}: kind {kind!r} is not one of {', '.join(limits)}.", path=str(path))
        if not name or not value.lstrip("-").isdigit() or int(value) not in limits[kind]:
            raise ResourceError(f"{where}: {kind} {name!r} needs a name and a whole number in "
                                f"{limits[kind].start}..{limits[kind].stop - 1}, not {value!r}.", path=str(path))
        if name in tables[kind]:
            raise ResourceError(f"{where}: the {kind} {name!r} is listed twice.", path=str(path))
        tables[kind][name] = int(value)
    return tables["month"], sorted(tables["weekday"], key=len, reverse=True), tables["zone"]


_TIME = (r"(?:(?:\s*[,|T-]\s*|\s+)(?:pukul\s+|jam\s+)?(?P<H>\d{1,2})[:.](?P<M>\d{2})"
         r"(?:[:.](?P<S>\d{2})(?:[.,](?P<F>\d{1,6}))?)?)?")
_HEADS = (
    r"(?P<d>\d{1,2})(?:\s*[/.-]\s*|\s+)(?P<m>\d{1,2}|[^\W\d_]+\.?)(?:\s*[/.,-]\s*|\s+)(?P<y>\d{4})",
    r"(?P<y>\d{4})[/.-](?P<m>\d{1,2})[/.-](?P<d>\d{1,2})",
    r"(?P<m>[^\W\d_]+\.?)\s+(?P<d>\d{1,2}),?\s+(?P<y>\d{4})",
)


@functools.cache
def calendar() -> tuple[dict[str, int], dict[str, int], tuple[re.Pattern, ...]]:
    """Month names -> month number, time zone names -> hours from UTC, and the compiled date forms.

    Read from the data file on first use (not when the toolkit is imported), then kept.
    """
    months, weekdays, zones = _calendar()
    weekday = rf"(?:(?:{'|'.join(re.escape(w) for w in weekdays)})\.?\s*,?\s*)?"
    zone = rf"(?:\s*(?P<Z>{'|'.join(sorted(zones, key=len, reverse=True))}|[+-]\d{{2}}(?::?\d{{2}})?))?"
    patterns = tuple(re.compile(rf"\s*{weekday}{head}{_TIME}{zone}\s*", re.IGNORECASE) for head in _HEADS)
    return months, zones, patterns


def _month(token: str) -> int | None:
    if token.isdigit():
        return int(token) if 1 <= int(token) <= 12 else None
    return calendar()[0].get(token.lower().rstrip("."))


def _zone(token: str | None) -> dt.tzinfo:
    if token is None:
        return WIB
    hours = calendar()[1].get(token.lower())
    if hours is not None:
        return dt.timezone(dt.timedelta(hours=hours))
    sign = -1 if token[0] == "-" else 1
    digits = token[1:].replace(":", "")
    return dt.timezone(sign * dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:] or 0)))


def parse_date(text: str) -> pd.Timestamp | None:
    """One written date as a Timestamp in WIB, or None when it has none of the forms above."""
    match = next((m for m in (p.fullmatch(text) for p in calendar()[2]) if m), None)
    month = _month(match["m"]) if match else None
    if month is None:
        return None
    fraction = (match["F"] or "0").ljust(6, "0")
    try:
        when = dt.datetime(int(match["y"]), month, int(match["d"]), int(match["H"] or 0), int(match["M"] or 0),
                           int(match["S"] or 0), int(fraction), tzinfo=_zone(match["Z"]))
    except ValueError:  # 31 September, 25:00, an offset of a day or more
        return None
    return pd.Timestamp(when).tz_convert(WIB)


def _is_missing(value) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value))


def _as_wib(value):
    """(Timestamp in WIB or NaT, whether the value was unreadable)."""
    if _is_missing(value) or (isinstance(value, str) and not value.strip()):
        return pd.NaT, False
    if isinstance(value, str):
        stamp = parse_date(value)
        return (pd.NaT, True) if stamp is None else (stamp, False)
    if isinstance(value, dt.date):  # also datetime and Timestamp
        stamp = pd.Timestamp(value)
        return (stamp.tz_localize(WIB) if stamp.tzinfo is None else stamp.tz_convert(WIB)), False
    return pd.NaT, True


def to_wib(values: pd.Series, *, origin: str, rows, row_label: str, column: str) -> pd.Series:
    """``values`` read as dates in WIB (dtype ``DATE_DTYPE``, same index); warns naming the unreadable values.

    Missing and blank values become NaT quietly; unreadable ones become NaT
    and are listed (the first five, with their row) in one CorpusWarning.
    Each distinct value is read once.
    """
    try:
        codes, uniques = pd.factorize(values, use_na_sentinel=True)  # missing values: code -1
        uniques = list(uniques)
    except TypeError:  # unhashable values (lists or dicts from JSON): one "distinct" value per row
        codes, uniques = np.arange(len(values)), values.tolist()
    read = [_as_wib(u) for u in uniques] + [(pd.NaT, False)]  # the last one for code -1
    stamps = pd.DatetimeIndex([stamp for stamp, _ in read], dtype=DATE_DTYPE).take(codes)
    bad = np.flatnonzero(np.array([unreadable for _, unreadable in read])[codes])
    if len(bad):
        rows = list(rows)
        shown = "; ".join(f"{row_label} {rows[i]}: {values.iloc[i]!r}" for i in bad[:5])
        shown += f"; and {len(bad) - 5} more" if len(bad) > 5 else ""
        warn(
            f"{origin}: {len(bad)} of {len(values)} values of the date column {column!r} are not dates the toolkit "
            f"reads and are left missing (NaT): {shown}. Dates are read day first (17/09/2019), year first "
            "(2019-09-17, ISO 8601) or with an Indonesian or English month name (17 September 2019, "
            "Selasa, 17 Sep 2019 10:00 WIB). Fix these values, or pass date_col=False to keep the column as read."
        )
    return pd.Series(stamps, index=values.index, name=values.name)
