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
    "CorpusWarning",
    "RegexTimeoutError",
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


class RegexTimeoutError(ToolkitError, TimeoutError):
    """A ``regex`` or ``glob`` lexicon entry took too long on one word form (catastrophic backtracking).

    Attributes
    ----------
    entry : str
        The lexicon entry, as written.
    where : str
        The lexicon and line it comes from.
    form : str
        The word form it was matched against.
    """

    def __init__(self, message: str, *, entry: str, where: str, form: str):
        super().__init__(message)
        self.entry = entry
        self.where = where
        self.form = form


class CorpusWarning(UserWarning):
    """A corpus was read, but something in it needs a look: the message names the file, rows and what was done.

    Given for folder entries that were skipped, values repaired (lone
    surrogates), texts that look like HTML, and dates that could not be
    read. Nothing is dropped silently: each warning says what it left out or
    changed and where. Filter it with ``warnings.simplefilter("ignore",
    tk.CorpusWarning)`` once you have read it.
    """


class EmptyTextWarning(CorpusWarning):
    """Some documents have an empty or missing text; they are kept as empty documents."""
