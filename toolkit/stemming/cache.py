"""The persistent stem cache: one SQLite database (Python's standard ``sqlite3``) in :func:`cache_dir`.

Public: :func:`cache_dir`, :func:`cache_info`, :func:`clear_cache` and
:class:`StemCacheWarning`. A :class:`toolkit.stemming.Stemmer` reads its
stems with :func:`load` and writes new ones with :func:`save`, under the
:func:`header` that names what made them.

``stems.sqlite3`` holds two tables: ``caches (id, header)``, one row per
PySastrawi version, root dictionary, overrides and engine (the header string
names them), and ``stems (cache, word, stem)``. The file is marked with an
application id and a schema version, so a database of another program is
never taken for a cache.

Concurrency: a writer takes the write lock when its transaction starts
(``BEGIN IMMEDIATE``) and waits up to :data:`BUSY_TIMEOUT` seconds for other
writers; each batch of new stems is one transaction of ``INSERT OR IGNORE``,
so sessions writing at once never lose each other's entries, and readers see
only whole transactions. The default rollback journal is used rather than WAL:
the cache stays one file, and it works in network folders, where WAL's shared
memory does not.

Every problem (the folder is a file or cannot be written, the database is
damaged or belongs to another program, another process holds the lock too
long) raises :class:`CacheUnusable` with a reason in plain words; :func:`load`
and :func:`save` then warn once (:class:`StemCacheWarning`) and the stemmer
keeps its stems in memory.
"""

from __future__ import annotations

import functools
import os
import sqlite3
import time
import warnings
from contextlib import closing
from pathlib import Path

import pandas as pd

from . import _sastrawi
from ._rules import RULES_VERSION
from .overrides import as_mapping, fingerprint

__all__ = ["StemCacheWarning", "cache_dir", "cache_info", "clear_cache", "header", "usable_file", "load", "save"]


class StemCacheWarning(UserWarning):
    """The persistent stem cache cannot be used (folder or database); stems stay in memory for the session."""


# v2: SQLite store; a word Sastrawi leaves empty keeps its normalised form
CACHE_FORMAT = "toolkit-stem-cache-v2"
FILE_NAME = "stems.sqlite3"
APPLICATION_ID = 0x746B7374  # "tkst": this database is a toolkit stem cache
SCHEMA_VERSION = 1
BUSY_TIMEOUT = 60.0  # seconds a session waits while another one writes
_TABLES = (
    "CREATE TABLE IF NOT EXISTS caches (id INTEGER PRIMARY KEY, header TEXT NOT NULL UNIQUE)",
    "CREATE TABLE IF NOT EXISTS stems (cache INTEGER NOT NULL REFERENCES caches (id), word TEXT NOT NULL, "
    "stem TEXT NOT NULL, PRIMARY KEY (cache, word)) WITHOUT ROWID",
)


class CacheUnusable(Exception):
    """The cache folder or database cannot be used; the message says why.

    ``damaged`` is True when the file itself is the problem (damaged, of another program or of another
    schema): :func:`clear` then deletes it.
    """

    def __init__(self, reason: str, *, damaged: bool = False):
        super().__init__(reason)
        self.damaged = damaged


def _unusable(exc: BaseException) -> CacheUnusable:
    text = str(exc)
    if isinstance(exc, PermissionError) or "readonly" in text or "unable to open" in text:
        return CacheUnusable(f"it is read-only or cannot be opened ({text})")
    if "not a database" in text or "malformed" in text:
        return CacheUnusable(f"{FILE_NAME} is damaged or not a database ({text}); delete it (tk.clear_cache() does) to start a new cache",
                             damaged=True)
    if "locked" in text:
        return CacheUnusable(f"another process kept it locked for more than {BUSY_TIMEOUT:g} s ({text})")
    return CacheUnusable(f"{type(exc).__name__}: {text}")


def _ready(con: sqlite3.Connection) -> bool:
    """Whether the database is a toolkit cache with tables; raises CacheUnusable for a foreign one."""
    app = con.execute("PRAGMA application_id").fetchone()[0]
    version = con.execute("PRAGMA user_version").fetchone()[0]
    if app == APPLICATION_ID:
        if version != SCHEMA_VERSION:
            raise CacheUnusable(f"{FILE_NAME} was written by another version of the toolkit (schema {version}, "
                                f"this one reads {SCHEMA_VERSION}); delete it (tk.clear_cache() does) to start a new cache", damaged=True)
        return True
    if app != 0 or con.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
        raise CacheUnusable(f"{FILE_NAME} is an SQLite database of another program (application id {app}), "
                            "not a toolkit stem cache", damaged=True)
    return False


def _initialise(con: sqlite3.Connection) -> None:
    """Make an empty database a cache; a session that lost the race finds the work done."""
    with con:
        con.execute("BEGIN IMMEDIATE")
        if not _ready(con):
            for statement in _TABLES:
                con.execute(statement)
            con.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            con.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _open(path: Path, *, create: bool) -> sqlite3.Connection | None:
    """A checked connection; None when there is no cache yet and ``create`` is False."""
    folder = path.parent
    if folder.exists() and not folder.is_dir():
        raise CacheUnusable("it is a file, not a folder")
    if not create and not path.exists():
        return None
    if create:
        folder.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(path, timeout=BUSY_TIMEOUT, isolation_level=None)  # transactions are explicit
    try:
        if not _ready(con):
            if not create:
                con.close()
                return None
            _initialise(con)
    except BaseException:
        con.close()
        raise
    return con


def _run(path: Path, action, *, create: bool, empty, attempts: int = 5):
    """``action(connection)``, with every failure turned into CacheUnusable; ``empty`` when there is no cache.

    A database that another session holds locked (busy or locked, as while it creates the tables: SQLite does
    not always wait for that) is tried again a few times before the cache is given up for the session.
    """
    for attempt in range(attempts):
        try:
            con = _open(path, create=create)
            if con is None:
                return empty
            with closing(con):
                return action(con)
        except sqlite3.OperationalError as exc:
            transient = "locked" in str(exc) or "busy" in str(exc)
            if not transient or attempt == attempts - 1:
                raise _unusable(exc) from exc
            time.sleep(0.1 * (attempt + 1))
        except (OSError, sqlite3.Error) as exc:
            raise _unusable(exc) from exc
    raise AssertionError("unreachable")  # (the loop returns or raises)


def read(path: Path, header: str) -> dict[str, str]:
    """Every ``{word: stem}`` of the cache named ``header``; {} when there is none yet."""

    def action(con):
        row = con.execute("SELECT id FROM caches WHERE header = ?", (header,)).fetchone()
        return {} if row is None else dict(con.execute("SELECT word, stem FROM stems WHERE cache = ?", row))

    return _run(path, action, create=False, empty={})


def _storable(text: str) -> bool:
    """Whether SQLite can store the text (UTF-8 has no lone surrogates, as from a bad decoding)."""
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def write(path: Path, header: str, entries: dict[str, str]) -> None:
    """Add ``entries`` to the cache named ``header``, in one transaction (words already there are kept)."""
    rows = sorted((w, s) for w, s in entries.items() if _storable(w) and _storable(s))  # in key order: faster

    def action(con):
        with con:
            con.execute("BEGIN IMMEDIATE")
            con.execute("INSERT OR IGNORE INTO caches (header) VALUES (?)", (header,))
            cache_id = con.execute("SELECT id FROM caches WHERE header = ?", (header,)).fetchone()[0]
            con.executemany("INSERT OR IGNORE INTO stems (cache, word, stem) VALUES (?, ?, ?)",
                            ((cache_id, w, s) for w, s in rows))

    _run(path, action, create=True, empty=None)


def summary(path: Path) -> list[tuple[str, int]]:
    """``(header, words)`` of every cache in the database, sorted by header."""
    query = ("SELECT header, (SELECT count(*) FROM stems WHERE cache = caches.id) FROM caches "
             "ORDER BY header")
    return _run(path, lambda con: con.execute(query).fetchall(), create=False, empty=[])


def clear(path: Path) -> int:
    """Delete every cache of the database; returns how many there were.

    A damaged database, or one of another program, is deleted as a file (0).
    """

    def action(con):
        with con:
            con.execute("BEGIN IMMEDIATE")
            n = con.execute("SELECT count(*) FROM caches").fetchone()[0]
            con.execute("DELETE FROM stems")
            con.execute("DELETE FROM caches")
        con.execute("VACUUM")  # give the space back
        return n

    try:
        return _run(path, action, create=False, empty=0)
    except CacheUnusable as exc:
        if not exc.damaged:
            raise
        for p in (path, path.with_name(path.name + "-journal")):
            p.unlink(missing_ok=True)
        return 0


# --- the cache as the stemmer and the user see it ------------------------------
_UNUSABLE: dict[str, str] = {}  # databases found unusable in this process (each warned about once)


def cache_dir() -> Path | None:
    """The folder of the persistent stem cache, or None when it is switched off.

    ``TOOLKIT_CACHE_DIR`` overrides it (``off`` or an empty value switches the
    cache off); otherwise the platform's user cache folder, as
    ``platformdirs.user_cache_dir("toolkit")`` gives it: ``~/.cache/toolkit``
    (or ``$XDG_CACHE_HOME/toolkit``) on Linux, ``~/Library/Caches/toolkit``
    on macOS, ``%LOCALAPPDATA%\\toolkit\\Cache`` on Windows.

    Returns
    -------
    pathlib.Path or None
        The folder (it may not exist yet: the cache creates it on first
        write), or None when the cache is off.

    Examples
    --------
    >>> import os
    >>> from unittest import mock
    >>> with mock.patch.dict(os.environ, {"TOOLKIT_CACHE_DIR": "off"}):
    ...     cache_dir() is None
    True
    >>> with mock.patch.dict(os.environ, {"TOOLKIT_CACHE_DIR": "/tmp/stems"}):
    ...     cache_dir().as_posix()
    '/tmp/stems'
    """
    env = os.environ.get("TOOLKIT_CACHE_DIR")
    if env is not None:
        if env.strip().lower() in ("", "off", "none", "0", "false"):
            return None
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("toolkit", appauthor=False))


def _cache_file() -> Path | None:
    folder = cache_dir()
    return None if folder is None else folder / FILE_NAME


def usable_file() -> Path | None:
    """The cache database to use, or None (the cache is off, or was found unusable in this process)."""
    path = _cache_file()
    return None if path is None or str(path) in _UNUSABLE else path


@functools.lru_cache(maxsize=64)
def header(overrides_fingerprint: str, engine: str = "rules") -> str:
    """What a cache's stems were made with (PySastrawi, its dictionary, the overrides, the engine)."""
    tag = f"rules-{RULES_VERSION}" if engine == "rules" else "pysastrawi"
    return (f"{CACHE_FORMAT} pysastrawi={_sastrawi.version()} dictionary={_sastrawi.dictionary_hash()[:16]} "
            f"overrides={overrides_fingerprint} engine={tag}")


def _warn_unusable(path: Path, exc: Exception) -> None:
    """Warn, once per database and process, that the cache cannot be used; stems stay in memory."""
    if str(path) in _UNUSABLE:
        return
    _UNUSABLE[str(path)] = str(exc)
    warnings.warn(f"The stem cache in {path.parent} cannot be used: {exc}. Stems are kept in memory for this "
                  "session only (set TOOLKIT_CACHE_DIR to another folder, or to 'off').", StemCacheWarning,
                  stacklevel=5)


def load(path: Path, header: str) -> dict[str, str]:
    """Every ``{word: stem}`` stored under ``header``; {} (with one warning) when the cache is unusable."""
    try:
        return read(path, header)
    except CacheUnusable as exc:
        _warn_unusable(path, exc)
        return {}


def save(path: Path, header: str, entries: dict[str, str]) -> None:
    """Store ``entries`` under ``header`` in one transaction; one warning when the cache is unusable."""
    try:
        write(path, header, entries)
    except CacheUnusable as exc:
        _warn_unusable(path, exc)


def cache_info() -> pd.DataFrame:
    """What the persistent stem cache holds.

    Returns
    -------
    pandas.DataFrame
        One row per cache (one per PySastrawi version, root dictionary,
        overrides and engine) in the database in :func:`cache_dir`, sorted
        by header: ``path`` (str, the database file), ``words`` (int,
        distinct words), ``current`` (bool: made by this PySastrawi, root
        dictionary, the shipped overrides and the default engine) and
        ``header`` (str: what the stems were made with). Empty when the
        cache is off, empty or cannot be used (then with a
        :class:`StemCacheWarning`).

    Examples
    --------
    >>> import os, tempfile
    >>> from toolkit.stemming import stem_words
    >>> os.environ["TOOLKIT_CACHE_DIR"] = tempfile.mkdtemp()
    >>> _ = stem_words(["memperkuat", "kerja"], persistent=True)
    >>> cache_info()[["words", "current"]].values.tolist()
    [[2, True]]
    """
    path = usable_file()
    caches = []
    if path is not None:
        try:
            caches = summary(path)
        except CacheUnusable as exc:
            _warn_unusable(path, exc)
    current = header(fingerprint(as_mapping(True)))
    rows = [{"path": str(path), "words": n, "current": h == current, "header": h} for h, n in caches]
    return pd.DataFrame(rows, columns=["path", "words", "current", "header"])


def clear_cache() -> int:
    """Delete the persistent stem caches; returns how many caches were deleted.

    Stemmers in memory keep what they have stemmed; only the stored stems
    go. A damaged database (or one of another program) in the cache folder
    is deleted as a file, and so are the files of the toolkit's earlier
    cache format (``stems-*.tsv``).

    Returns
    -------
    int

    Raises
    ------
    OSError
        The cache cannot be cleared (a read-only folder, or another session
        holding the database locked for a minute); the message says why.

    Examples
    --------
    >>> import os, tempfile
    >>> from toolkit.stemming import stem_words
    >>> os.environ["TOOLKIT_CACHE_DIR"] = tempfile.mkdtemp()
    >>> _ = stem_words(["pembangunan"], persistent=True)
    >>> clear_cache()
    1
    >>> len(cache_info())
    0
    """
    path = _cache_file()
    if path is None or not path.parent.is_dir():
        return 0
    try:
        n = clear(path)
    except CacheUnusable as exc:
        raise OSError(f"Cannot clear the stem cache in {path.parent}: {exc}.") from None
    _UNUSABLE.pop(str(path), None)
    legacy = {p.name.split(".")[0] for p in path.parent.glob("stems-*.tsv")}
    for p in path.parent.glob("stems-*.tsv"):
        p.unlink(missing_ok=True)
    return n + len(legacy)
