"""Exceptions and warnings raised by the toolkit.

Every error names what went wrong and where: the file and line of a
malformed resource, the row of a bad document, or the parameter, its value
and the allowed values of a bad argument.
"""

from __future__ import annotations

__all__ = [
    "ToolkitError",
    "CorpusError",
    "ResourceError",
    "ColumnError",
    "SastrawiVersionError",
    "EmptyTextWarning",
]


class ToolkitError(Exception):
    """Base class of every error the toolkit raises on purpose."""


class CorpusError(ToolkitError, ValueError):
    """A corpus could not be read: bad file, bad encoding, bad column or row.

    Attributes
    ----------
    path : str or None
        The file the problem is in, when there is one.
    """

    def __init__(self, message: str, *, path: str | None = None):
        super().__init__(message)
        self.path = path


class ResourceError(ToolkitError, LookupError):
    """A data file shipped with the toolkit (or given by the user) is missing or malformed."""

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None):
        super().__init__(message)
        self.path = path
        self.line = line


class ColumnError(ToolkitError, KeyError):
    """A table lacks a column a function needs (the message lists the columns it has)."""

    def __str__(self) -> str:  # KeyError would print the message in quotes
        return str(self.args[0]) if self.args else ""


class SastrawiVersionError(ToolkitError, ImportError):
    """The installed ``Sastrawi`` package is not PySastrawi 1.2.1."""


class EmptyTextWarning(UserWarning):
    """Some documents have an empty or missing text; they are kept as empty documents."""
