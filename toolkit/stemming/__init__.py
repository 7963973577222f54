"""Exact Sastrawi stemming, with documented and switchable overrides.

For every word, :func:`stem_word` returns what PySastrawi 1.2.1 returns for
that word (``StemmerFactory().create_stemmer().stem(word)``), except where
the word is listed in the toolkit's overrides. Speed comes from stemming each
distinct word once and remembering the result, and from running Sastrawi's
rules in an exact re-implementation over PySastrawi's own root dictionary
(about 28 times faster; proven identical to PySastrawi on more than 200,000
distinct word forms by ``tests/test_sastrawi_rules.py``), never from
changing results. ``Stemmer(engine="pysastrawi")`` runs PySastrawi's own
code instead.

The overrides are data, in ``toolkit/data`` (see ``stem_overrides.md``):

- ``stem_overrides.csv`` (columns ``word, stem, reason``): known Sastrawi
  errors, such as ``memerangi`` → ``rang`` (should be ``perang``).
- ``protected_words.csv`` (columns ``word, kind, reason``): names and
  acronyms that must not be stemmed (``bali`` stays ``bali``, not ``bal``).

Look-up rule, applied to the lower-cased word: a protected word is its own
stem; an overridden word gets its listed stem; a word made of a protected or
overridden host plus one clitic (``-nya``, ``-lah``, ``-kah``, ``-tah``, ``-pun``,
``-ku``, ``-mu``: ``data/clitics-id.csv``) gets the host's stem (``pasukannya`` → ``pasukan``); any
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

The package
-----------
``stemmer``
    :class:`Stemmer`, :func:`stem_word`, :func:`stem_words`, :func:`stem`,
    :func:`get_stemmer` (the stemmer an ``overrides=`` argument stands for)
    and the process pool for many new words.
``overrides``
    :func:`load_overrides`, :data:`CLITICS`: the two override files, their
    checks, and the ``overrides=`` switch (True, False, a dict, a DataFrame).
``cache``
    :func:`cache_dir`, :func:`cache_info`, :func:`clear_cache`,
    :class:`StemCacheWarning`: the persistent stem cache, one SQLite
    database that several processes share.
``_sastrawi``
    :func:`check_sastrawi`, :func:`dictionary_path`: every access to the
    installed PySastrawi (version check, root dictionary, its own stemmer).
``_rules``
    The engine: PySastrawi 1.2.1's rules re-implemented, rule for rule
    (``SastrawiRules``). The few raw words it does not take (a newline or
    a regular-expression metacharacter, which ``stem`` never passes on) go
    to PySastrawi itself.
"""

from __future__ import annotations

from ._sastrawi import check_sastrawi, dictionary_path
from .cache import StemCacheWarning, cache_dir, cache_info, clear_cache
from .overrides import load_overrides
from .stemmer import ENGINES, Stemmer, get_stemmer, stem, stem_word, stem_words

__all__ = [
    "Stemmer",
    "stem_word",
    "stem_words",
    "stem",
    "get_stemmer",
    "load_overrides",
    "check_sastrawi",
    "dictionary_path",
    "cache_dir",
    "cache_info",
    "clear_cache",
    "StemCacheWarning",
    "CLITICS",
    "ENGINES",
]


def __getattr__(name: str):
    """``CLITICS`` (see :mod:`toolkit.stemming.overrides`): read from its data file on first use."""
    if name == "CLITICS":
        from . import overrides

        return overrides.CLITICS
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
