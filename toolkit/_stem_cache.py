"""The persistent stem cache: one SQLite database (Python's standard ``sqlite3``) in the cache folder.

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
long) raises :class:`CacheUnusable` with a reason in plain words; the stemmer
then warns once and keeps its stems in memory (:mod:`toolkit.stemming`).
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

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


def _run(path: Path, action, *, create: bool, empty):
    """``action(connection)``, with every failure turned into CacheUnusable; ``empty`` when there is no cache."""
    try:
        con = _open(path, create=create)
        if con is None:
            return empty
        with closing(con):
            return action(con)
    except (OSError, sqlite3.Error) as exc:
        raise _unusable(exc) from exc


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
