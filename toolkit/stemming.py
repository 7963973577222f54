"""Exact Sastrawi stemming, with documented and switchable overrides.

For every word, :func:`stem_word` returns what PySastrawi 1.2.1 returns for
that word (``StemmerFactory().create_stemmer().stem(word)``), except where
the word is listed in the toolkit's overrides. Speed comes from stemming each
distinct word once and remembering the result, and from running Sastrawi's
rules in :mod:`toolkit._sastrawi_rules`, an exact re-implementation over
PySastrawi's own root dictionary (about 28 times faster; proven identical to
PySastrawi on more than 200,000 distinct word forms by
``tests/test_sastrawi_rules.py``), never from changing results.
``Stemmer(engine="pysastrawi")`` runs PySastrawi's own code instead.

The overrides are data, in ``toolkit/data`` (see ``stem_overrides.md``):

- ``stem_overrides.csv`` (columns ``word, stem, reason``): known Sastrawi
  errors, such as ``memerangi`` → ``rang`` (should be ``perang``).
- ``protected_words.csv`` (columns ``word, kind, reason``): names and
  acronyms that must not be stemmed (``bali`` stays ``bali``, not ``bal``).

Look-up rule, applied to the lower-cased word: a protected word is its own
stem; an overridden word gets its listed stem; a word made of a protected or
overridden host plus one clitic (``-nya``, ``-lah``, ``-kah``, ``-pun``,
``-ku``, ``-mu``) gets the host's stem (``pasukannya`` → ``pasukan``); any
other word goes to Sastrawi. ``overrides=False`` gives pure Sastrawi.

One rule holds with or without overrides: an empty string is never a stem.
Sastrawi blanks out every character other than ``a-z``, ``0-9`` and ``-``,
so it leaves nothing of a word in Chinese, Arabic or Hebrew script, or of
letters carrying only combining marks; such a word keeps its normalised form
(:func:`toolkit.normalize_token`: ``"北京"`` stays ``"北京"``). An empty or
blank word is refused with a ValueError.

Stems are remembered between sessions in an SQLite database in
:func:`cache_dir` (see :class:`Stemmer`, :func:`cache_info`,
:func:`clear_cache`).
"""

from __future__ import annotations

import atexit
import functools
import hashlib
import os
import re
import threading
import warnings
import weakref
from collections.abc import Iterable, Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from . import _data, _stem_cache
from ._validate import check_columns
from .errors import ResourceError, SastrawiVersionError
from .text import normalize_token

__all__ = [
    "Stemmer",
    "stem_word",
    "stem_words",
    "stem",
    "load_overrides",
    "check_sastrawi",
    "cache_info",
    "clear_cache",
    "StemCacheWarning",
    "CLITICS",
]


class StemCacheWarning(UserWarning):
    """The persistent stem cache cannot be used (folder or database); stems stay in memory for the session."""


#: Clitics a protected or overridden host may carry (longest first).
CLITICS = ("nya", "lah", "kah", "pun", "ku", "mu")

_WORD_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_KINDS = ("place", "person", "organisation", "acronym", "other")


def check_sastrawi() -> str:
    """Check that the installed ``Sastrawi`` package is PySastrawi 1.2.1.

    The old PyPI distribution ``Sastrawi`` 1.0.1 installs the same import
    package but keeps its root dictionary in a list (about 290 times slower)
    and its stop-word remover skips adjacent stop words. Both distributions own
    the same folder, so having both installed breaks ``import Sastrawi`` when
    one is removed.

    Returns
    -------
    str
        The installed PySastrawi version.

    Raises
    ------
    SastrawiVersionError
        When ``Sastrawi`` is missing, is the old 1.0.1 code, or the old
        distribution is installed beside PySastrawi.

    Examples
    --------
    >>> check_sastrawi()
    '1.2.1'
    """
    from importlib import metadata

    fix = (
        "Fix: `pip uninstall -y Sastrawi PySastrawi && pip install PySastrawi==1.2.1` "
        "(or `make demo`, which builds a clean .venv)."
    )
    try:
        from Sastrawi.Dictionary.ArrayDictionary import ArrayDictionary
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise SastrawiVersionError(f"Cannot import Sastrawi ({exc}). {fix}") from exc
    try:
        old = metadata.version("Sastrawi")
    except metadata.PackageNotFoundError:
        old = None
    if old is not None:
        raise SastrawiVersionError(
            f"The old PyPI distribution 'Sastrawi' {old} is installed. The toolkit needs "
            f"'PySastrawi' 1.2.1 (same import name, about 290 times faster). {fix}"
        )
    if not isinstance(ArrayDictionary().words, dict):
        raise SastrawiVersionError(
            "The installed Sastrawi code is the old 1.0.1 release (its dictionary is a list). "
            f"The toolkit needs PySastrawi 1.2.1. {fix}"
        )
    try:
        version = metadata.version("PySastrawi")
    except metadata.PackageNotFoundError:
        raise SastrawiVersionError(f"Sastrawi is importable but PySastrawi is not installed. {fix}") from None
    if version != "1.2.1":
        raise SastrawiVersionError(f"PySastrawi {version} is installed; the toolkit is verified against 1.2.1. {fix}")
    return version


def _read_overrides_file(path) -> list[dict]:
    rows = _data.read_csv_records(path, what="stem overrides", required=["word", "stem", "reason"])
    out = []
    for r in rows:
        for field in ("word", "stem", "reason"):
            if not r[field].strip():
                raise ResourceError(
                    f"{path}: line {r['_line']}: field {field!r} is empty.", path=str(path), line=r["_line"]
                )
        word, stem_ = r["word"].strip(), r["stem"].strip()
        for field, value in (("word", word), ("stem", stem_)):
            if not _WORD_RE.fullmatch(value):
                raise ResourceError(
                    f"{path}: line {r['_line']}: field {field!r} is {value!r}; it must be one lower-case "
                    "word (letters, digits, inner hyphens).",
                    path=str(path),
                    line=r["_line"],
                )
        out.append({"word": word, "stem": stem_, "reason": r["reason"].strip(), "_line": r["_line"]})
    return out


def _read_protected_file(path) -> list[dict]:
    rows = _data.read_csv_records(path, what="protected words", required=["word", "kind", "reason"])
    out = []
    for r in rows:
        word = r["word"].strip()
        if not _WORD_RE.fullmatch(word):
            raise ResourceError(
                f"{path}: line {r['_line']}: field 'word' is {word!r}; it must be one lower-case word.",
                path=str(path),
                line=r["_line"],
            )
        kind = r["kind"].strip()
        if kind not in _KINDS:
            raise ResourceError(
                f"{path}: line {r['_line']}: field 'kind' is {kind!r}; allowed: {', '.join(_KINDS)}.",
                path=str(path),
                line=r["_line"],
            )
        if not r["reason"].strip():
            raise ResourceError(f"{path}: line {r['_line']}: field 'reason' is empty.", path=str(path), line=r["_line"])
        out.append({"word": word, "stem": word, "reason": f"{kind}: {r['reason'].strip()}", "_line": r["_line"]})
    return out


def load_overrides(*, overrides_path=None, protected_path=None) -> pd.DataFrame:
    """Load the stemming overrides: corrected stems and protected words, as one table.

    Parameters
    ----------
    overrides_path, protected_path : str or Path, optional
        Files to read instead of the shipped ``stem_overrides.csv`` (columns
        ``word, stem, reason``) and ``protected_words.csv`` (columns ``word,
        kind, reason``; ``kind`` is one of place, person, organisation,
        acronym, other). Both are UTF-8 CSV with a header line.

    Returns
    -------
    pandas.DataFrame
        Columns ``word`` (str, lower case), ``stem`` (str; a protected word's
        stem is the word itself), ``reason`` (str), ``source`` (str, file
        name) and ``line`` (int, line in that file). One row per word, sorted
        by ``word``. Pass it (or an extended copy) as ``overrides=`` to the
        stemming functions.

    Raises
    ------
    ResourceError
        A file is missing or malformed, or a word appears twice; the message
        names the file, line and field.

    See Also
    --------
    stem_word, Stemmer

    Examples
    --------
    >>> table = load_overrides()
    >>> table.set_index("word").loc[["memerangi", "bali"], "stem"].tolist()
    ['perang', 'bali']
    """
    opath = overrides_path or _data.data_path("stem_overrides.csv")
    ppath = protected_path or _data.data_path("protected_words.csv")
    rows = []
    for path, reader in ((opath, _read_overrides_file), (ppath, _read_protected_file)):
        for r in reader(path):
            rows.append({**r, "source": str(path.name if hasattr(path, "name") else path)})
    seen: dict[str, dict] = {}
    for r in rows:
        if r["word"] in seen:
            first = seen[r["word"]]
            raise ResourceError(
                f"{r['source']}: line {r['_line']}: {r['word']!r} is already listed at "
                f"{first['source']} line {first['_line']}.",
                path=r["source"],
                line=r["_line"],
            )
        seen[r["word"]] = r
    table = pd.DataFrame(
        [{"word": r["word"], "stem": r["stem"], "reason": r["reason"], "source": r["source"], "line": r["_line"]} for r in rows],
        columns=["word", "stem", "reason", "source", "line"],
    )
    return table.sort_values("word", kind="stable").reset_index(drop=True)


def _as_mapping(overrides) -> dict[str, str]:
    if overrides is True:
        table = _shipped_overrides()
        return dict(zip(table["word"], table["stem"]))
    if overrides is False or overrides is None:
        return {}
    if isinstance(overrides, pd.DataFrame):
        check_columns(overrides, ["word", "stem"], table_name="overrides")
        items = zip(overrides["word"], overrides["stem"])
    elif isinstance(overrides, Mapping):
        items = overrides.items()
    else:
        raise TypeError(
            f"overrides={overrides!r} is not allowed; use True (the shipped overrides), False "
            "(pure Sastrawi), a dict {word: stem} or a DataFrame with columns word and stem."
        )
    out = {}
    for w, s in items:
        if not isinstance(w, str) or not isinstance(s, str) or not w or not s:
            raise ValueError(f"overrides: every word and stem must be a non-empty string; got {w!r} -> {s!r}.")
        out[w.lower()] = s
    return out


_SHIPPED: pd.DataFrame | None = None


def _shipped_overrides() -> pd.DataFrame:
    global _SHIPPED
    if _SHIPPED is None:
        _SHIPPED = load_overrides()
    return _SHIPPED


_SASTRAWI = None
_SASTRAWI_LOCK = threading.Lock()


def _sastrawi():
    """The one PySastrawi stemmer (uncached core; the toolkit caches itself)."""
    global _SASTRAWI
    with _SASTRAWI_LOCK:
        if _SASTRAWI is None:
            check_sastrawi()
            from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

            _SASTRAWI = StemmerFactory().create_stemmer().delegatedStemmer
    return _SASTRAWI


ENGINES = ("rules", "pysastrawi")
_RULES_VERSION = "1"  # bump when toolkit/_sastrawi_rules.py changes: the stem cache key includes it
_RULES = None


def _core(engine: str = "rules"):
    """The uncached Sastrawi stemmer of an engine: an object with ``.stem(text)``."""
    if engine == "pysastrawi":
        return _sastrawi()
    global _RULES
    with _SASTRAWI_LOCK:
        if _RULES is None:
            check_sastrawi()
            from ._sastrawi_rules import SastrawiRules

            _RULES = SastrawiRules()
    return _RULES


def _engine_tag(engine: str) -> str:
    return f"rules-{_RULES_VERSION}" if engine == "rules" else "pysastrawi"


# --- the persistent cache (an SQLite database: toolkit/_stem_cache.py) -------
# v2: SQLite store; a word Sastrawi leaves empty keeps its normalised form (see _non_empty)
_CACHE_FORMAT = "toolkit-stem-cache-v2"
# below these many new words, starting processes costs more than it saves
_PARALLEL_MIN_WORDS = {"rules": 50_000, "pysastrawi": 2000}
_PROGRESS_MIN_WORDS = 5000
_FLUSH_MIN_WORDS = 1000  # words stemmed one at a time (stem_word) are saved in batches of this many
_UNUSABLE: dict[str, str] = {}  # cache databases found unusable in this process (each warned about once)


def cache_dir() -> Path | None:
    """The folder of the persistent stem cache, or None when it is switched off.

    ``TOOLKIT_CACHE_DIR`` overrides it (``off`` or an empty value switches the
    cache off); otherwise the platform's user cache folder, as
    ``platformdirs.user_cache_dir("toolkit")`` gives it: ``~/.cache/toolkit``
    (or ``$XDG_CACHE_HOME/toolkit``) on Linux, ``~/Library/Caches/toolkit``
    on macOS, ``%LOCALAPPDATA%\\toolkit\\Cache`` on Windows.
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
    return None if folder is None else folder / _stem_cache.FILE_NAME


_DICT_HASH: str | None = None


def _dictionary_hash() -> str:
    """SHA-256 of Sastrawi's root dictionary file, as installed."""
    global _DICT_HASH
    if _DICT_HASH is None:
        from ._sastrawi_rules import dictionary_path

        _DICT_HASH = hashlib.sha256(dictionary_path().read_bytes()).hexdigest()
    return _DICT_HASH


@functools.lru_cache(maxsize=64)
def _cache_header(fingerprint: str, engine: str = "rules") -> str:
    """What a cache's stems were made with; stems are cached and looked up under it."""
    from importlib import metadata

    version = metadata.version("PySastrawi")
    return (f"{_CACHE_FORMAT} pysastrawi={version} dictionary={_dictionary_hash()[:16]} overrides={fingerprint} "
            f"engine={_engine_tag(engine)}")


def _cache_failed(path: Path, exc: Exception) -> None:
    """Warn, once per database and process, that the cache cannot be used; stems stay in memory."""
    if str(path) in _UNUSABLE:
        return
    _UNUSABLE[str(path)] = str(exc)
    warnings.warn(f"The stem cache in {path.parent} cannot be used: {exc}. Stems are kept in memory for this "
                  "session only (set TOOLKIT_CACHE_DIR to another folder, or to 'off').", StemCacheWarning,
                  stacklevel=4)


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
    >>> os.environ["TOOLKIT_CACHE_DIR"] = tempfile.mkdtemp()
    >>> _ = stem_words(["memperkuat", "kerja"], persistent=True)
    >>> cache_info()[["words", "current"]].values.tolist()
    [[2, True]]
    """
    path = _cache_file()
    caches = []
    if path is not None and str(path) not in _UNUSABLE:
        try:
            caches = _stem_cache.summary(path)
        except _stem_cache.CacheUnusable as exc:
            _cache_failed(path, exc)
    current = _cache_header(Stemmer(overrides=True, persistent=False).fingerprint)
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
        n = _stem_cache.clear(path)
    except _stem_cache.CacheUnusable as exc:
        raise OSError(f"Cannot clear the stem cache in {path.parent}: {exc}.") from None
    _UNUSABLE.pop(str(path), None)
    legacy = {p.name.split(".")[0] for p in path.parent.glob("stems-*.tsv")}
    for p in path.parent.glob("stems-*.tsv"):
        p.unlink(missing_ok=True)
    return n + len(legacy)


def _stem_chunk(words: list[str], engine: str = "rules") -> list[str]:
    """Worker: pure Sastrawi stems of a list of words (runs in a child process)."""
    core = _core(engine)
    return [core.stem(w) for w in words]


def _progress_bar(enabled: bool, total, unit: str, desc: str):
    """A tqdm progress bar (notebook or terminal), or None when switched off or tqdm is missing."""
    if not enabled:
        return None
    try:
        from tqdm.auto import tqdm
    except ImportError:  # pragma: no cover - tqdm is a dependency
        return None
    return tqdm(total=total, desc=desc, unit=unit, leave=False)


def _check_word(word) -> None:
    """Refuse what cannot be stemmed: a non-string, or an empty or blank word (it would give an empty stem)."""
    if not isinstance(word, str):
        raise TypeError(f"words must be str, not {type(word).__name__} ({word!r}).")
    if not word.strip():
        raise ValueError(f"words must not be empty or blank; got {word!r}.")


def _non_empty(word: str, stem_: str) -> str:
    """Sastrawi's stem, or the word's normalised form where Sastrawi keeps nothing of it.

    Sastrawi blanks out every character other than a-z, 0-9 and hyphens, so a word in Chinese, Arabic or
    Hebrew script, or made of combining marks only, would get an empty stem: an empty term in every count.
    """
    return stem_ or normalize_token(word) or word


_LIVE: "weakref.WeakSet[Stemmer]" = weakref.WeakSet()


@atexit.register
def _flush_all() -> None:  # pragma: no cover - runs at interpreter exit
    for stemmer in list(_LIVE):
        try:
            stemmer.flush()
        except Exception:
            pass


class Stemmer:
    """A Sastrawi stemmer with overrides and a cache of every word it has stemmed.

    Parameters
    ----------
    overrides : bool, dict or DataFrame, default True
        ``True`` uses the shipped overrides and protected words
        (:func:`load_overrides`); ``False`` gives pure Sastrawi; a dict
        ``{word: stem}`` or a DataFrame with columns ``word`` and ``stem``
        uses exactly those (extend the shipped ones with
        ``pd.concat([tk.load_overrides(), mine])``).
    persistent : bool, default True
        Keep stems between sessions in an SQLite database in
        :func:`cache_dir` (``stems.sqlite3``), keyed by the PySastrawi
        version, a hash of its root dictionary, a hash of the overrides and
        the engine (with its rules version), so that a change to any of them
        can never serve an old stem. The stemmer reads its cache into memory
        once and writes new stems in batches, one transaction each, so
        several notebooks or processes can share a cache folder without
        losing entries. A folder that is a file or read-only, or a damaged
        or foreign database, gives one :class:`StemCacheWarning` and the
        stems stay in memory. No effect when ``TOOLKIT_CACHE_DIR=off``.
    engine : {"rules", "pysastrawi"}, default "rules"
        Who applies Sastrawi's rules to a word that is not in the cache:
        ``"rules"``, the toolkit's exact re-implementation of PySastrawi
        1.2.1 over PySastrawi's own root dictionary (about 28 times faster;
        ``tests/test_sastrawi_rules.py`` proves it gives PySastrawi's stem
        for more than 200,000 distinct word forms), or ``"pysastrawi"``,
        PySastrawi's own code, for checking. Both give the same stems; each
        has its own persistent cache. Pass such a stemmer as ``overrides=``
        to :func:`toolkit.prepare` or :func:`toolkit.stem` to use it there.

    Notes
    -----
    The cache maps each distinct word to its stem, so a corpus costs one
    Sastrawi call per distinct word. Results never depend on the cache.

    Examples
    --------
    >>> s = Stemmer()
    >>> s.stem_words(["memerangi", "kerja", "pasukannya"])
    ['perang', 'kerja', 'pasukan']
    >>> Stemmer(overrides=False).stem_word("memerangi")
    'rang'
    >>> Stemmer(overrides=False, engine="pysastrawi").stem_word("memerangi")
    'rang'
    """

    def __init__(self, *, overrides=True, persistent: bool = True, engine: str = "rules"):
        if engine not in ENGINES:
            raise ValueError(f"engine={engine!r} is not allowed; use one of: {', '.join(map(repr, ENGINES))}.")
        self.engine = engine
        self.overrides = _as_mapping(overrides)
        h = hashlib.sha256()
        for w in sorted(self.overrides):
            h.update(f"{w}\t{self.overrides[w]}\n".encode())
        self._fingerprint = h.hexdigest()[:16]
        self._cache: dict[str, str] = {}
        self.persistent = persistent
        self._loaded_path: Path | None = None
        self._unsaved: dict[str, str] = {}
        _LIVE.add(self)

    def _store(self) -> Path | None:
        """The cache database to use, or None (not persistent, cache off, or found unusable)."""
        path = _cache_file() if self.persistent else None
        return None if path is None or str(path) in _UNUSABLE else path

    def _load(self) -> None:
        """Read the persistent cache into memory, once per database."""
        path = self._store()
        if path is None or self._loaded_path == path:
            return
        self._loaded_path = path
        try:
            entries = _stem_cache.read(path, _cache_header(self.fingerprint, self.engine))
        except _stem_cache.CacheUnusable as exc:
            _cache_failed(path, exc)
            return
        entries.update(self._cache)  # what this stemmer already knows stays
        self._cache = entries

    def _remember(self, word: str, stem_: str) -> None:
        self._cache[word] = stem_
        if self.persistent:
            self._unsaved[word] = stem_

    def flush(self) -> None:
        """Write the stems not yet saved to the persistent cache, in one transaction.

        :meth:`stem_words` calls it when it has stemmed new words;
        :meth:`stem_word` every 1,000 new words; and it runs when Python
        exits. Words already in the cache (saved by another session) are
        kept as they are.
        """
        path = self._store()
        if path is not None and self._unsaved:
            try:
                _stem_cache.write(path, _cache_header(self.fingerprint, self.engine), self._unsaved)
            except _stem_cache.CacheUnusable as exc:
                _cache_failed(path, exc)
        self._unsaved = {}

    @property
    def fingerprint(self) -> str:
        """A short hash of the overrides in use (computed once: a stemmer's overrides are fixed)."""
        return self._fingerprint

    def _override(self, word: str) -> str | None:
        if not self.overrides:
            return None
        low = word.lower()
        hit = self.overrides.get(low)
        if hit is not None:
            return hit
        for clitic in CLITICS:
            if low.endswith(clitic) and len(low) > len(clitic) + 2:
                host = self.overrides.get(low[: -len(clitic)])
                if host is not None:
                    return host
        return None

    def stem_word(self, word: str) -> str:
        """Stem one word (see the class docstring)."""
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        _check_word(word)
        if self.persistent and self._loaded_path is None:
            self._load()
            cached = self._cache.get(word)
            if cached is not None:
                return cached
        result = self._override(word)
        if result is None:
            result = _non_empty(word, _core(self.engine).stem(word))
        self._remember(word, result)
        if len(self._unsaved) >= _FLUSH_MIN_WORDS:
            self.flush()
        return result

    def stem_words(self, words: Iterable[str], *, n_jobs: int = 1, progress: bool = True) -> list[str]:
        """Stem many words, each distinct word once; returns a list in input order.

        ``n_jobs`` > 1 (or -1 for every core) spreads the Sastrawi calls for
        new words over that many processes when there are at least 50,000 of
        them (2,000 with ``engine="pysastrawi"``); results are identical. A
        progress bar (tqdm) shows when more than 5,000 new words are stemmed,
        unless ``progress=False``. The new stems are written to the
        persistent cache at the end of the call, in one transaction.
        """
        workers = (os.cpu_count() or 1) if n_jobs == -1 else n_jobs
        if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
            raise ValueError(f"n_jobs={n_jobs!r} is not allowed; use a whole number of at least 1, or -1.")
        words = list(words)
        self._load()
        cache = self._cache
        new = [w for w in dict.fromkeys(words) if w not in cache]
        if new:
            todo = []
            for w in new:
                _check_word(w)
                hit = self._override(w)
                if hit is None:
                    todo.append(w)
                else:
                    self._remember(w, hit)
            for w, r in zip(todo, self._sastrawi_stems(todo, workers, progress)):
                self._remember(w, _non_empty(w, r))
            self.flush()
        return [cache[w] for w in words]

    def _sastrawi_stems(self, words: list[str], workers: int, progress: bool) -> list[str]:
        """Sastrawi's own stems of ``words`` (in processes when there are many), with a progress bar."""
        bar = _progress_bar(progress and len(words) >= _PROGRESS_MIN_WORDS, len(words), "word", "stemming")
        if workers > 1 and len(words) >= _PARALLEL_MIN_WORDS[self.engine]:
            results = self._stem_parallel(words, workers, bar, self.engine)
        else:
            core = _core(self.engine)
            results = []
            for i, w in enumerate(words):
                results.append(core.stem(w))
                if bar is not None and i % 500 == 499:
                    bar.update(500)
        if bar is not None:
            bar.close()
        return results

    @staticmethod
    def _stem_parallel(words: list[str], workers: int, bar, engine: str = "rules") -> list[str]:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        size = max(500, len(words) // (workers * 8) + 1)
        chunks = [words[i : i + size] for i in range(0, len(words), size)]
        results: list[list[str]] = []
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context(method)) as pool:
            for chunk, out in zip(chunks, pool.map(_stem_chunk, chunks, [engine] * len(chunks))):
                results.append(out)
                if bar is not None:
                    bar.update(len(chunk))
        return [s for part in results for s in part]

    def cache_size(self) -> int:
        """Number of distinct words stemmed so far."""
        return len(self._cache)


_DEFAULT: dict[tuple, Stemmer] = {}


def _default_stemmer(overrides, persistent: bool = True) -> Stemmer:
    if isinstance(overrides, Stemmer):
        return overrides
    if overrides is True or overrides is False:
        key = (overrides, persistent, str(cache_dir()))
        if key not in _DEFAULT:
            _DEFAULT[key] = Stemmer(overrides=overrides, persistent=persistent)
        return _DEFAULT[key]
    return Stemmer(overrides=overrides, persistent=persistent)


def stem_word(word: str, *, overrides=True) -> str:
    """Stem one Indonesian word exactly as Sastrawi does, apart from documented overrides.

    Parameters
    ----------
    word : str
        A word (any case; Sastrawi lower-cases it).
    overrides : bool, dict, DataFrame or Stemmer, default True
        See :class:`Stemmer`. ``False`` gives PySastrawi's own result.

    Returns
    -------
    str
        The stem, never empty. Sastrawi replaces characters other than
        ``a-z``, ``0-9`` and ``-`` by spaces, so ``"jum'at"`` gives ``"jum
        at"``; the toolkit keeps that, so that stems equal Sastrawi's own.
        Where Sastrawi would leave nothing (Chinese, Arabic or Hebrew
        script), the word keeps its normalised form.

    Raises
    ------
    ValueError
        ``word`` is empty or blank.

    See Also
    --------
    stem_words, stem, load_overrides

    Examples
    --------
    >>> stem_word("menyepakati")
    'sepakat'
    >>> stem_word("menyepakati", overrides=False)
    'pakat'
    >>> stem_word("Negara-negara")
    'negara'
    >>> stem_word("北京")
    '北京'
    """
    return _default_stemmer(overrides).stem_word(word)


def stem_words(words: Iterable[str], *, overrides=True, n_jobs: int = 1, progress: bool = True,
               persistent: bool = True) -> list[str]:
    """Stem many words, each distinct word once.

    Parameters
    ----------
    words : iterable of str
    overrides : bool, dict, DataFrame or Stemmer, default True
        See :class:`Stemmer`.
    n_jobs : int, default 1
        Processes for stemming new words (-1: every core); results are
        identical whatever the number.
    progress : bool, default True
        Show a progress bar when more than 5,000 new words are stemmed.
    persistent : bool, default True
        Use the persistent stem cache (see :class:`Stemmer`).

    Returns
    -------
    list of str
        One stem per input word, in input order.

    Examples
    --------
    >>> stem_words(["pembangunan", "membangun", "bangunan"])
    ['bangun', 'bangun', 'bangun']
    """
    return _default_stemmer(overrides, persistent).stem_words(words, n_jobs=n_jobs, progress=progress)


def stem(tokens: pd.DataFrame, *, token_col: str = "token", overrides=True, n_jobs: int = 1,
         progress: bool = True) -> pd.DataFrame:
    """Add a ``stem`` column to a tokens table.

    Each distinct value of ``token_col`` is stemmed once. The input is not
    modified.

    Parameters
    ----------
    tokens : pandas.DataFrame
        A tokens table (see :func:`toolkit.tokenize`).
    token_col : str, default "token"
        The column holding the normalised, lower-cased word forms.
    overrides : bool, dict, DataFrame or Stemmer, default True
        See :class:`Stemmer`.
    n_jobs : int, default 1
        Processes for stemming new words (-1: every core); see :func:`stem_words`.
    progress : bool, default True
        Progress bar for long runs.

    Returns
    -------
    pandas.DataFrame
        A copy of ``tokens`` with a ``stem`` column (str, never empty: see
        :func:`stem_word`; missing where the token is) after ``token_col``;
        index and row order unchanged.

    Raises
    ------
    ColumnError
        ``tokens`` lacks ``token_col``.
    ValueError
        A token is an empty or blank string.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"token": ["memperkuat", "kerja", "sama", "keamanan"]})
    >>> stem(t)["stem"].tolist()
    ['kuat', 'kerja', 'sama', 'aman']
    """
    check_columns(tokens, [token_col], table_name="tokens", hint="Make one with tk.tokenize(segments).")
    stemmer = _default_stemmer(overrides)
    import pyarrow as pa

    from . import _codes

    column = tokens[token_col]
    if column.dtype != "str":
        column = column.astype(str)
    codes, uniques = _codes.factorize(column)  # a missing token has code -1 and a missing stem
    # each distinct word stemmed once; the stem column as codes of the distinct stems (kept for later stages)
    stem_of_unique = stemmer.stem_words(uniques.tolist(), n_jobs=n_jobs, progress=progress)
    unique_codes, stem_uniques = pd.factorize(np.array(stem_of_unique + [None], dtype=object), sort=False)
    unique_codes = unique_codes.astype(_codes.index_dtype(len(stem_uniques)))
    stem_codes = unique_codes[codes]  # code -1 picks the appended None: -1 again
    take = pa.array(stem_codes, mask=stem_codes < 0) if len(stem_codes) and stem_codes.min() < 0 else stem_codes
    values = pa.array(list(stem_uniques), type=pa.large_string()).take(take)
    out = tokens.copy(deep=False)
    col = pd.Series(values, index=tokens.index, dtype="str")
    _codes.remember(col, stem_codes, stem_uniques)
    if "stem" in out.columns:
        out = out.drop(columns="stem")
    out.insert(list(out.columns).index(token_col) + 1, "stem", col)
    return out
