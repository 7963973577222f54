"""The stemmer: :class:`Stemmer`, its module-level functions and the process pool.

A :class:`Stemmer` looks each distinct word up once: in its memory, then in
the persistent cache (:mod:`toolkit.stemming.cache`), then in its overrides
(:mod:`toolkit.stemming.overrides`), and only then asks Sastrawi, through
the rules engine (:mod:`toolkit.stemming._rules`, the default) or
PySastrawi's own code (:mod:`toolkit.stemming._sastrawi`). Many new words
are spread over a process pool. :func:`stem_word`, :func:`stem_words` and
:func:`stem` use one shared stemmer per ``overrides=`` switch
(:func:`get_stemmer`).
"""

from __future__ import annotations

import atexit
import functools
import os
import weakref
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from .. import _codes
from .._progress import progress_bar
from .._validate import check_columns
from ..text import normalize_token
from . import _sastrawi, cache
from ._rules import SastrawiRules
from .overrides import as_mapping, fingerprint, override_of

__all__ = ["ENGINES", "Stemmer", "get_stemmer", "stem_word", "stem_words", "stem"]

ENGINES = ("rules", "pysastrawi")
# below these many new words, starting processes costs more than it saves
_PARALLEL_MIN_WORDS = {"rules": 50_000, "pysastrawi": 2000}
_PROGRESS_MIN_WORDS = 5000
_FLUSH_MIN_WORDS = 1000  # words stemmed one at a time (stem_word) are saved in batches of this many


@functools.cache
def _rules_engine() -> SastrawiRules:
    _sastrawi.check_sastrawi()
    return SastrawiRules()


def _core(engine: str = "rules"):
    """The uncached Sastrawi stemmer of an engine: an object with ``.stem(text)``."""
    return _sastrawi.sastrawi_stemmer() if engine == "pysastrawi" else _rules_engine()


def _stem_chunk(words: list[str], engine: str = "rules") -> list[str]:
    """Worker: pure Sastrawi stems of a list of words (runs in a child process)."""
    core = _core(engine)
    return [core.stem(w) for w in words]


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
        self.overrides = as_mapping(overrides)
        self._fingerprint = fingerprint(self.overrides)
        self._cache: dict[str, str] = {}
        self.persistent = persistent
        self._loaded_path: Path | None = None
        self._unsaved: dict[str, str] = {}
        _LIVE.add(self)

    def _store(self) -> Path | None:
        """The cache database to use, or None (not persistent, cache off, or found unusable)."""
        return cache.usable_file() if self.persistent else None

    def _load(self) -> None:
        """Read the persistent cache into memory, once per database."""
        path = self._store()
        if path is None or self._loaded_path == path:
            return
        self._loaded_path = path
        entries = cache.load(path, cache.header(self.fingerprint, self.engine))
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
            cache.save(path, cache.header(self.fingerprint, self.engine), self._unsaved)
        self._unsaved = {}

    @property
    def fingerprint(self) -> str:
        """A short hash of the overrides in use (computed once: a stemmer's overrides are fixed)."""
        return self._fingerprint

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
        result = override_of(self.overrides, word)
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
                hit = override_of(self.overrides, w)
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
        bar = progress_bar(progress and len(words) >= _PROGRESS_MIN_WORDS, len(words), "word", "stemming")
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


_SHARED: dict[tuple, Stemmer] = {}


def get_stemmer(overrides=True, *, persistent: bool = True) -> Stemmer:
    """The stemmer an ``overrides=`` argument stands for.

    The functions of the toolkit that stem take ``overrides=``; this is how
    they turn it into a :class:`Stemmer`, so that they all share one stem
    cache per switch.

    Parameters
    ----------
    overrides : bool, dict, DataFrame or Stemmer, default True
        ``True`` or ``False``: the one shared stemmer with the shipped
        overrides, or with none (one per cache folder); a :class:`Stemmer`:
        itself; a dict or DataFrame: a new stemmer with those overrides.
    persistent : bool, default True
        Whether a new or shared stemmer uses the persistent stem cache.

    Returns
    -------
    Stemmer

    Examples
    --------
    >>> get_stemmer() is get_stemmer(True)
    True
    >>> get_stemmer(False).stem_word("memerangi")
    'rang'
    """
    if isinstance(overrides, Stemmer):
        return overrides
    if overrides is True or overrides is False:
        key = (overrides, persistent, str(cache.cache_dir()))
        if key not in _SHARED:
            _SHARED[key] = Stemmer(overrides=overrides, persistent=persistent)
        return _SHARED[key]
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
    return get_stemmer(overrides).stem_word(word)


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
    return get_stemmer(overrides, persistent=persistent).stem_words(words, n_jobs=n_jobs, progress=progress)


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
    stemmer = get_stemmer(overrides)
    import pyarrow as pa

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
