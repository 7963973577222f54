"""Access to PySastrawi 1.2.1: the version check, its root dictionary and its own stemmer.

Every use of the installed ``Sastrawi`` package goes through this module:
:func:`check_sastrawi` (run when ``toolkit`` is imported), the root
dictionary the rules engine reads (:func:`dictionary_path`,
:func:`root_words`, :func:`dictionary_hash`, which keys the stem cache),
and PySastrawi's own uncached stemmer (:func:`sastrawi_stemmer`): the
``engine="pysastrawi"`` of :class:`toolkit.stemming.Stemmer`, and the
stemmer of the few raw words the rules engine leaves to PySastrawi.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

from ..errors import SastrawiVersionError

__all__ = ["check_sastrawi", "version", "dictionary_path", "root_words", "dictionary_hash", "sastrawi_stemmer"]

_FIX = (
    "Fix: `pip uninstall -y Sastrawi PySastrawi && pip install PySastrawi==1.2.1` "
    "(or `make demo`, which builds a clean .venv)."
)


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
    try:
        from Sastrawi.Dictionary.ArrayDictionary import ArrayDictionary
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise SastrawiVersionError(f"Cannot import Sastrawi ({exc}). {_FIX}") from exc
    old = _distribution_version("Sastrawi")
    if old is not None:
        raise SastrawiVersionError(
            f"The old PyPI distribution 'Sastrawi' {old} is installed. The toolkit needs "
            f"'PySastrawi' 1.2.1 (same import name, about 290 times faster). {_FIX}"
        )
    if not isinstance(ArrayDictionary().words, dict):
        raise SastrawiVersionError(
            "The installed Sastrawi code is the old 1.0.1 release (its dictionary is a list). "
            f"The toolkit needs PySastrawi 1.2.1. {_FIX}"
        )
    installed = _distribution_version("PySastrawi")
    if installed is None:
        raise SastrawiVersionError(f"Sastrawi is importable but PySastrawi is not installed. {_FIX}")
    if installed != "1.2.1":
        raise SastrawiVersionError(f"PySastrawi {installed} is installed; the toolkit is verified against 1.2.1. {_FIX}")
    return installed


def _distribution_version(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def version() -> str:
    """The installed PySastrawi version (read each time: the stem cache's key includes it)."""
    return metadata.version("PySastrawi")


def dictionary_path() -> Path:
    """Path of the root dictionary inside the installed PySastrawi package.

    Returns
    -------
    pathlib.Path
        ``<site-packages>/Sastrawi/Stemmer/data/kata-dasar.txt``.

    Examples
    --------
    >>> dictionary_path().name
    'kata-dasar.txt'
    """
    import Sastrawi

    return Path(Sastrawi.__file__).parent / "Stemmer" / "data" / "kata-dasar.txt"


def root_words() -> list[str]:
    """The installed root dictionary, read exactly as ``StemmerFactory`` reads it (blank entries included)."""
    path = dictionary_path()
    if not path.is_file():
        raise RuntimeError(f"Sastrawi's dictionary file is missing: {path}")
    with open(path, encoding="utf-8") as f:
        return f.read().split("\n")


@functools.cache
def dictionary_hash() -> str:
    """SHA-256 of Sastrawi's root dictionary file, as installed."""
    return hashlib.sha256(dictionary_path().read_bytes()).hexdigest()


def sastrawi_stemmer(words: Iterable[str] | None = None):
    """PySastrawi's own uncached ``Stemmer`` (it has ``stem`` and ``stem_word``).

    ``words=None`` gives the one shared stemmer over PySastrawi's root
    dictionary (``StemmerFactory().create_stemmer().delegatedStemmer``,
    after :func:`check_sastrawi`); other ``words`` give a new stemmer over
    that dictionary.
    """
    if words is None:
        return _shared_stemmer()
    from Sastrawi.Dictionary.ArrayDictionary import ArrayDictionary
    from Sastrawi.Stemmer.Stemmer import Stemmer

    return Stemmer(ArrayDictionary(words))


@functools.cache
def _shared_stemmer():
    check_sastrawi()
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer().delegatedStemmer
