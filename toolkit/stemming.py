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
"""

from __future__ import annotations

import atexit
import functools
import hashlib
import os
import re
import sys
import threading
import uuid
import warnings
import weakref
from collections.abc import Iterable, Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from . import _data
from ._validate import check_columns
from .errors import ResourceError, SastrawiVersionError

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
    """The persistent stem cache file was damaged or unreadable; it is rebuilt."""


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


# --- the persistent cache ---------------------------------------------------
_CACHE_FORMAT = "toolkit-stem-cache-v1"
# below these many new words, starting processes costs more than it saves
_PARALLEL_MIN_WORDS = {"rules": 50_000, "pysastrawi": 2000}
_PROGRESS_MIN_WORDS = 5000
_FLUSH_MIN_WORDS = 1000  # a large cache is rewritten only after this many new words (and at exit)


def cache_dir() -> Path | None:
    """The folder of the persistent stem cache, or None when it is switched off.

    ``TOOLKIT_CACHE_DIR`` overrides it (``off`` or an empty value switches the
    cache off); otherwise the platform's cache folder: ``$XDG_CACHE_HOME`` or
    ``~/.cache`` on Linux, ``~/Library/Caches`` on macOS, ``%LOCALAPPDATA%``
    on Windows, each with ``toolkit/`` appended.
    """
    env = os.environ.get("TOOLKIT_CACHE_DIR")
    if env is not None:
        if env.strip().lower() in ("", "off", "none", "0", "false"):
            return None
        return Path(env).expanduser()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "toolkit"


_DICT_HASH: str | None = None


def _dictionary_hash() -> str:
    """SHA-256 of Sastrawi's root dictionary file, as installed."""
    global _DICT_HASH
    if _DICT_HASH is None:
        from ._sastrawi_rules import dictionary_path

        _DICT_HASH = hashlib.sha256(dictionary_path().read_bytes()).hexdigest()
    return _DICT_HASH


@functools.lru_cache(maxsize=64)
def _cache_key(fingerprint: str, engine: str = "rules") -> tuple[str, str]:
    from importlib import metadata

    version = metadata.version("PySastrawi")
    header = (f"{_CACHE_FORMAT} pysastrawi={version} dictionary={_dictionary_hash()[:16]} overrides={fingerprint} "
              f"engine={_engine_tag(engine)}")
    return hashlib.sha256(header.encode()).hexdigest()[:20], header


def _read_cache_file(path: Path, header: str) -> dict[str, str] | None:
    """Entries of a cache file; {} when it is gone; None, with a warning, when it is damaged."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError as exc:
        warnings.warn(f"cannot read the stem cache {path} ({exc}); it will be rebuilt.", StemCacheWarning, stacklevel=4)
        return None
    try:
        text = raw.decode("utf-8")
        first, _, rest = text.partition("\n")
        body, _, last = rest.rpartition("# sha256=")
        if first != "# " + header:
            raise ValueError("its header does not match this PySastrawi, dictionary and overrides")
        if hashlib.sha256(body.encode("utf-8")).hexdigest() != last.strip():
            raise ValueError("its checksum does not match its contents")
        entries = {}
        for line in body.split("\n"):
            if line:
                word, stem_ = line.split("\t")
                entries[word] = stem_
        return entries
    except (UnicodeDecodeError, ValueError) as exc:
        warnings.warn(f"the stem cache {path} is damaged ({exc}); it is ignored and will be rebuilt.",
                      StemCacheWarning, stacklevel=4)
        return None


_COMPACT_PARTS = 16  # part files of one cache merged into its main file beyond this many


def _cache_files(main: Path) -> list[Path]:
    """A cache's main file (if any) and its part files, oldest name first."""
    parts = sorted(main.parent.glob(f"{main.stem}.*.part.tsv"))
    return ([main] if main.exists() else []) + parts


def _read_cache(main: Path, header: str) -> tuple[dict[str, str], list[Path]]:
    """All entries of one cache (main file and parts) and the files read; damaged files are deleted."""
    entries: dict[str, str] = {}
    read = []
    for path in _cache_files(main):
        got = _read_cache_file(path, header)
        if got is None:
            path.unlink(missing_ok=True)  # never trusted; its words are stemmed again and saved anew
            continue
        entries.update(got)
        read.append(path)
    return entries, read


def _write_cache_file(path: Path, header: str, entries: dict[str, str]) -> None:
    """Write atomically: a temporary file in the same folder, then os.replace."""
    path.parent.mkdir(parents=True, exist_ok=True)
    body = "".join(f"{w}\t{s}\n" for w, s in sorted(entries.items()))
    data = f"# {header}\n{body}# sha256={hashlib.sha256(body.encode('utf-8')).hexdigest()}\n"
    tmp = path.with_name(f"{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        tmp.write_bytes(data.encode("utf-8"))  # bytes: no newline translation on Windows
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def _cacheable(word: str, stem_: str) -> bool:
    return not any(c in "\t\n\r" for c in word + stem_)


def cache_info() -> pd.DataFrame:
    """What the persistent stem cache holds.

    Returns
    -------
    pandas.DataFrame
        One row per cache (one per PySastrawi version, root dictionary and
        overrides) in :func:`cache_dir`, sorted by path: ``path`` (str, its
        main file), ``words`` (int, distinct words), ``files`` (int: the
        main file and the part files that sessions added since the last
        merge), ``bytes`` (int),
        ``current`` (bool: made by this PySastrawi, root dictionary, the
        shipped overrides and the default engine), ``header`` (str: what the file was made with).
        Empty when the cache is off or empty.

    Examples
    --------
    >>> import os, tempfile
    >>> os.environ["TOOLKIT_CACHE_DIR"] = tempfile.mkdtemp()
    >>> _ = stem_words(["memperkuat", "kerja"], persistent=True)
    >>> cache_info()[["words", "current"]].values.tolist()
    [[2, True]]
    """
    folder = cache_dir()
    rows = []
    current = _cache_key(Stemmer(overrides=True, persistent=False).fingerprint)[1]
    if folder is not None and folder.is_dir():
        for main in sorted({folder / (p.name.split(".")[0] + ".tsv") for p in folder.glob("stems-*.tsv")}):
            files = _cache_files(main)
            words: set[str] = set()
            header = ""
            size = 0
            for path in files:
                try:
                    raw = path.read_bytes()
                except OSError:
                    continue
                size += len(raw)
                lines = raw.decode("utf-8", "replace").split("\n")
                header = header or lines[0].lstrip("# ")
                words.update(line.split("\t", 1)[0] for line in lines[1:] if "\t" in line)
            rows.append({"path": str(main), "words": len(words), "files": len(files), "bytes": size,
                         "current": header == current, "header": header})
    return pd.DataFrame(rows, columns=["path", "words", "files", "bytes", "current", "header"])


def clear_cache() -> int:
    """Delete the persistent stem caches; returns how many caches were deleted.

    Stemmers in memory keep what they have stemmed; only the files go.

    Returns
    -------
    int

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
    folder = cache_dir()
    if folder is None or not folder.is_dir():
        return 0
    caches = set()
    for path in folder.glob("stems-*"):
        caches.add(path.name.split(".")[0])
        path.unlink(missing_ok=True)
    n = len(caches)
    return n


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
        Keep stems in a file in :func:`cache_dir` between sessions, keyed by
        the PySastrawi version, a hash of its root dictionary and a hash of
        the overrides, so that a change to any of them can never serve an
        old stem. Writes are atomic (safe when two notebooks write at once);
        a damaged file is ignored with a :class:`StemCacheWarning` and
        rebuilt. No effect when ``TOOLKIT_CACHE_DIR=off``.
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

    def _cache_path(self) -> tuple[Path, str] | None:
        if not self.persistent:
            return None
        folder = cache_dir()
        if folder is None:
            return None
        key, header = _cache_key(self.fingerprint, self.engine)
        return folder / f"stems-{key}.tsv", header

    def _load(self) -> None:
        target = self._cache_path()
        if target is None or self._loaded_path == target[0]:
            return
        path, header = target
        entries, _ = _read_cache(path, header)
        for word, stem_ in entries.items():
            self._cache.setdefault(word, stem_)
        self._loaded_path = path

    def _remember(self, word: str, stem_: str) -> None:
        self._cache[word] = stem_
        if self.persistent and _cacheable(word, stem_):
            self._unsaved[word] = stem_

    def flush(self) -> None:
        """Write the stems not yet on disk to the persistent cache.

        Each flush adds a small part file next to the cache's main file
        (written to a temporary name, then renamed, so readers never see
        half a file and two sessions never overwrite each other); beyond 16
        part files they are merged into the main file.
        """
        target = self._cache_path()
        if target is None or not self._unsaved:
            return
        main, header = target
        part = main.with_name(f"{main.stem}.{os.getpid()}-{uuid.uuid4().hex[:10]}.part.tsv")
        _write_cache_file(part, header, self._unsaved)
        self._unsaved = {}
        parts = _cache_files(main)
        if len(parts) > _COMPACT_PARTS:
            entries, read = _read_cache(main, header)
            _write_cache_file(main, header, entries)
            for path in read:
                if path != main:
                    path.unlink(missing_ok=True)

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
        if not isinstance(word, str):
            raise TypeError(f"word must be a str, not {type(word).__name__} ({word!r}).")
        if self.persistent and self._loaded_path is None:
            self._load()
            cached = self._cache.get(word)
            if cached is not None:
                return cached
        result = self._override(word)
        if result is None:
            result = _core(self.engine).stem(word)
        self._remember(word, result)
        return result

    def stem_words(self, words: Iterable[str], *, n_jobs: int = 1, progress: bool = True) -> list[str]:
        """Stem many words, each distinct word once; returns a list in input order.

        ``n_jobs`` > 1 (or -1 for every core) spreads the Sastrawi calls for
        new words over that many processes when there are at least 50,000 of
        them (2,000 with ``engine="pysastrawi"``); results are identical. A progress bar (tqdm) shows when more
        than 5,000 new words are stemmed, unless ``progress=False``. New
        stems are written to the persistent cache (at once while it is
        small; once it holds thousands of words, every 1,000 new words, on
        :meth:`flush` and when Python exits).
        """
        workers = (os.cpu_count() or 1) if n_jobs == -1 else n_jobs
        if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
            raise ValueError(f"n_jobs={n_jobs!r} is not allowed; use a whole number of at least 1, or -1.")
        words = list(words)
        self._load()
        cache = self._cache
        new = [w for w in dict.fromkeys(words) if w not in cache]
        if new:
            for w in new:
                if not isinstance(w, str):
                    raise TypeError(f"words must be str, not {type(w).__name__} ({w!r}).")
            todo = []
            for w in new:
                hit = self._override(w)
                if hit is None:
                    todo.append(w)
                else:
                    self._remember(w, hit)
            bar = _progress_bar(progress and len(todo) >= _PROGRESS_MIN_WORDS, len(todo), "word", "stemming")
            if workers > 1 and len(todo) >= _PARALLEL_MIN_WORDS[self.engine]:
                results = self._stem_parallel(todo, workers, bar, self.engine)
            else:
                core = _core(self.engine)
                results = []
                for i, w in enumerate(todo):
                    results.append(core.stem(w))
                    if bar is not None and i % 500 == 499:
                        bar.update(500)
            if bar is not None:
                bar.close()
            for w, r in zip(todo, results):
                self._remember(w, r)
            if len(self._unsaved) >= _FLUSH_MIN_WORDS or len(cache) < 4 * _FLUSH_MIN_WORDS:
                self.flush()
        return [cache[w] for w in words]

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
        The stem. Sastrawi replaces characters other than ``a-z``, ``0-9``
        and ``-`` by spaces, so ``"jum'at"`` gives ``"jum at"``; the toolkit
        keeps that, so that stems equal Sastrawi's own.

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
        A copy of ``tokens`` with a ``stem`` column (str) after
        ``token_col``; index and row order unchanged.

    Raises
    ------
    ColumnError
        ``tokens`` lacks ``token_col``.

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
