"""Exact Sastrawi stemming, with documented and switchable overrides.

For every word, :func:`stem_word` returns what PySastrawi 1.2.1 returns for
that word (``StemmerFactory().create_stemmer().stem(word)``), except where
the word is listed in the toolkit's overrides. Speed comes from stemming each
distinct word once and remembering the result, never from changing results.

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

import hashlib
import re
import threading
from collections.abc import Iterable, Mapping

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
    "CLITICS",
]

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
    """

    def __init__(self, *, overrides=True):
        self.overrides = _as_mapping(overrides)
        self._cache: dict[str, str] = {}

    @property
    def fingerprint(self) -> str:
        """A short hash of the overrides in use (changes whenever they change)."""
        h = hashlib.sha256()
        for w in sorted(self.overrides):
            h.update(f"{w}\t{self.overrides[w]}\n".encode())
        return h.hexdigest()[:16]

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
        result = self._override(word)
        if result is None:
            result = _sastrawi().stem(word)
        self._cache[word] = result
        return result

    def stem_words(self, words: Iterable[str]) -> list[str]:
        """Stem many words, each distinct word once; returns a list in input order."""
        words = list(words)
        cache = self._cache
        for w in set(words):
            if w not in cache:
                self.stem_word(w)
        return [cache[w] for w in words]

    def cache_size(self) -> int:
        """Number of distinct words stemmed so far."""
        return len(self._cache)


_DEFAULT: dict[bool, Stemmer] = {}


def _default_stemmer(overrides) -> Stemmer:
    if overrides is True or overrides is False:
        if overrides not in _DEFAULT:
            _DEFAULT[overrides] = Stemmer(overrides=overrides)
        return _DEFAULT[overrides]
    if isinstance(overrides, Stemmer):
        return overrides
    return Stemmer(overrides=overrides)


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


def stem_words(words: Iterable[str], *, overrides=True) -> list[str]:
    """Stem many words, each distinct word once.

    Parameters
    ----------
    words : iterable of str
    overrides : bool, dict, DataFrame or Stemmer, default True
        See :class:`Stemmer`.

    Returns
    -------
    list of str
        One stem per input word, in input order.

    Examples
    --------
    >>> stem_words(["pembangunan", "membangun", "bangunan"])
    ['bangun', 'bangun', 'bangun']
    """
    return _default_stemmer(overrides).stem_words(words)


def stem(tokens: pd.DataFrame, *, token_col: str = "token", overrides=True) -> pd.DataFrame:
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
    values = tokens[token_col].astype(str)
    uniques = pd.unique(values.to_numpy())
    mapping = dict(zip(uniques, stemmer.stem_words(uniques)))
    out = tokens.copy()
    col = values.map(mapping)
    if "stem" in out.columns:
        out = out.drop(columns="stem")
    out.insert(list(out.columns).index(token_col) + 1, "stem", col)
    return out
