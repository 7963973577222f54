"""Small argument checks shared by the public functions."""

from __future__ import annotations

import functools
import numbers
import warnings
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


def check_fraction(name: str, value, *, tail: str = "") -> None:
    """Raise ValueError unless ``value`` is a real number (not a bool) strictly between 0 and 1.

    ``tail`` ends the message after "between 0 and 1", such as ", such as 0.95" or ", or None".
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not 0 < value < 1:
        raise ValueError(f"{name}={value!r} is not allowed; use a number between 0 and 1{tail}.")


def check_frame(name: str, value, *, what: str = "") -> None:
    """Raise TypeError unless ``value`` is a DataFrame; ``what`` follows "a pandas DataFrame" in the message."""
    if not isinstance(value, pd.DataFrame):
        raise TypeError(f"{name} must be a pandas DataFrame{what}, not {type(value).__name__}.")


def check_columns(table: pd.DataFrame, columns: Iterable[str], *, table_name: str, hint: str = "") -> None:
    """Raise ColumnError (a KeyError) when ``table`` lacks any of ``columns``, listing what it has."""
    check_frame(table_name, table)
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


def renamed_value(func: str, name: str, value, old_to_new: dict):
    """``value`` in the one vocabulary: an old value name (a key of ``old_to_new``) gives its new name with a
    FutureWarning that names it; any other value comes back as it is.

    Examples
    --------
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     new = renamed_value("theme_heatmap", "value", "rate", {"rate": "rate_per_1000"})
    >>> new, str(caught[0].message)
    ('rate_per_1000', "theme_heatmap(): value='rate' is now value='rate_per_1000' (the column's name in the tables); 'rate' goes in the next release.")
    """
    if isinstance(value, str) and value in old_to_new:
        new = old_to_new[value]
        warnings.warn(f"{func}(): {name}={value!r} is now {name}={new!r} (the column's name in the tables); "
                      f"{value!r} goes in the next release.", FutureWarning, stacklevel=3)
        return new
    return value


def renamed(**old_to_new: str):
    """Decorator: keyword arguments renamed in the one vocabulary of the toolkit keep working for one release.

    ``@renamed(on="term")`` lets ``f(..., on="token")`` call ``f(..., term="token")`` with a FutureWarning that
    names the new spelling; giving both names is an error.
    """

    def wrap(func):
        @functools.wraps(func)
        def call(*args, **kwargs):
            for old, new in old_to_new.items():
                if old in kwargs:
                    if new in kwargs:
                        raise TypeError(f"{func.__name__}() got both {old}= and {new}=; {old}= is the old name "
                                        f"of {new}=: give only {new}=.")
                    warnings.warn(f"{func.__name__}(): {old}= is now {new}= (same values); {old}= goes in the next "
                                  "release.", FutureWarning, stacklevel=2)
                    kwargs[new] = kwargs.pop(old)
            return func(*args, **kwargs)

        return call

    return wrap
