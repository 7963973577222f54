"""Small argument checks shared by the public functions."""

from __future__ import annotations

import numbers
from collections.abc import Iterable

import pandas as pd

from .errors import ColumnError


def check_choice(name: str, value, allowed: Iterable) -> None:
    """Raise ValueError naming the parameter, its value and the allowed values."""
    allowed = tuple(allowed)
    if value not in allowed:
        shown = ", ".join(repr(a) for a in allowed)
        raise ValueError(f"{name}={value!r} is not allowed; use one of: {shown}.")


def check_int(name: str, value, low: int) -> None:
    """Raise ValueError unless ``value`` is a whole number (not a bool) of at least ``low``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < low:
        raise ValueError(f"{name}={value!r} is not allowed; use a whole number of at least {low}.")


def check_columns(table: pd.DataFrame, columns: Iterable[str], *, table_name: str, hint: str = "") -> None:
    """Raise ColumnError (a KeyError) when ``table`` lacks any of ``columns``, listing what it has."""
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"{table_name} must be a pandas DataFrame, not {type(table).__name__}.")
    missing = [c for c in columns if c not in table.columns]
    if missing:
        have = ", ".join(map(str, table.columns)) or "(none)"
        msg = (
            f"{table_name} lacks the column(s) {', '.join(map(repr, missing))}; "
            f"it has: {have}."
        )
        if hint:
            msg += " " + hint
        raise ColumnError(msg)
