"""What a token is: the character classes, normalisation and the hyphen rule.

The reference tokeniser (:mod:`toolkit.text_reference`) and the fast engine
(:mod:`toolkit._tokenize_engine`) both read the rules from here, so they can
only differ in how they find the runs of characters, which a hypothesis test
proves they do not.

- A *word character* is a letter, a digit (``str.isalnum``) or a combining
  mark (Unicode category M: a decomposed é, Arabic harakat).
- A *joiner* (apostrophe, hyphen, soft hyphen, zero-width joiner) between
  two word characters stays inside the token (Jum'at, a soft hyphen,
  negara-negara); so does ``.`` or ``,`` between two digits (1.000, 3,5).
- A zero-width space (U+200B) is not a joiner: it breaks words, as in
  Unicode's word-boundary rules (UAX #29).
- A run joined by hyphens is then split into tokens by :func:`split_hyphenated`:
  reduplications stay whole, compounds split.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from ._data import clitics

__all__ = ["normalize_token", "char_class", "split_hyphenated", "WORD", "DIGIT", "JOINER", "HYPHEN", "NUMBER_SEP",
           "JOINERS", "HYPHENS", "NUMBER_SEPARATORS"]

INVISIBLE = "\u00ad\u200c\u200d\u2060"  # soft hyphen, ZWNJ, ZWJ, word joiner: inside a word, dropped
APOSTROPHES = "'\u2019\u02bc"  # ' ’ ʼ between letters: part of the word (Jum'at, Qur'an)
HYPHENS = "-\u2010\u2011"  # hyphen-minus, hyphen, non-breaking hyphen
JOINERS = INVISIBLE + APOSTROPHES + HYPHENS
NUMBER_SEPARATORS = ".,"

WORD, DIGIT, JOINER, HYPHEN, NUMBER_SEP = 1, 2, 4, 8, 16  # the flags of char_class

_DROP = str.maketrans({c: None for c in INVISIBLE + "\u200b\ufeff"})
_MAP = str.maketrans({"\u2019": "'", "\u02bc": "'", "\u2010": "-", "\u2011": "-"})
_HYPHEN_RE = re.compile(f"[{HYPHENS}]")
_VOWELS = frozenset("aeiou")
_PLAIN = re.compile(r"[a-z]+")


def normalize_token(text: str) -> str:
    """Normalise a token as written into the form used for matching and stemming.

    Unicode NFKC (full-width and ligature forms to plain ones), soft hyphens
    and zero-width characters removed, curly apostrophes and Unicode hyphens
    made ASCII, then lower case.

    Parameters
    ----------
    text : str

    Returns
    -------
    str

    Examples
    --------
    >>> normalize_token("Jum\u2019at")
    "jum'at"
    >>> normalize_token("ke\u00adamanan")
    'keamanan'
    >>> normalize_token("\uff21\uff33\uff25\uff21\uff2e")
    'asean'
    """
    return unicodedata.normalize("NFKC", text).translate(_DROP).translate(_MAP).lower()


def char_class(ch: str) -> int:
    """The flags of one character: ``WORD``, ``DIGIT``, ``JOINER``, ``HYPHEN``, ``NUMBER_SEP`` (or-ed).

    Examples
    --------
    >>> char_class("a") == WORD, char_class("7") == WORD | DIGIT, char_class("-") == JOINER | HYPHEN
    (True, True, True)
    >>> char_class(" "), char_class(",") == NUMBER_SEP
    (0, True)
    """
    flags = 0
    if ch.isalnum():
        flags |= WORD | (DIGIT if ch.isdigit() else 0)
    elif unicodedata.category(ch)[0] == "M":
        flags |= WORD  # combining marks (decomposed é, Arabic harakat, Indic vowel signs)
    if ch in JOINERS:
        flags |= JOINER
    if ch in HYPHENS:
        flags |= HYPHEN
    if ch in NUMBER_SEPARATORS:
        flags |= NUMBER_SEP
    return flags


@functools.lru_cache(maxsize=100_000)
def split_hyphenated(run: str) -> tuple[tuple[int, int], ...]:
    """The tokens of one hyphen-joined run, as ``(start, end)`` offsets into ``run``.

    Parts joined by a hyphen stay one token when they are a reduplication
    (negara-negara, sayur-mayur, bolak-balik, bersama-sama as Sastrawi reads
    it), carry a clitic (dia-lah) or mix letters and digits (COVID-19, ke-70,
    e-KTP); other compounds are split (Tiongkok-Kazakhstan). Each distinct
    run is decided once (cached).

    Examples
    --------
    >>> split_hyphenated("negara-negara"), split_hyphenated("Tiongkok-Kazakhstan")
    (((0, 13),), ((0, 8), (9, 19)))
    """
    parts, pos = [], 0
    for m in _HYPHEN_RE.finditer(run):
        parts.append((pos, m.start()))
        pos = m.end()
    parts.append((pos, len(run)))
    norm = [normalize_token(run[a:b]) for a, b in parts]
    if len(parts) > 2 and all(_PLAIN.fullmatch(x) for x in norm) and _sastrawi_reduplication("-".join(norm)):
        return ((0, len(run)),)
    groups = [[0]]
    for i in range(1, len(parts)):
        if _is_reduplication(norm[i - 1], norm[i]):
            groups[-1].append(i)
        else:
            groups.append([i])
    return tuple((parts[g[0]][0], parts[g[-1]][1]) for g in groups)


def _skeleton(word: str) -> str:
    return "".join(c for c in word if c not in _VOWELS)


def _is_reduplication(left: str, right: str) -> bool:
    """Whether ``left-right`` (normalised parts) should stay one token."""
    if left == right:
        return True  # negara-negara
    if right in clitics():  # data/clitics-id.csv (read on first use), shared with the stem overrides
        return True  # dia-lah
    l_digit, r_digit = left.isdigit(), right.isdigit()
    if l_digit != r_digit:
        # one part all digits, the other with letters: COVID-19, ke-70, F-16, G-20
        return True
    if (len(left) == 1 and left.isalpha()) or (len(right) == 1 and right.isalpha()):
        return True  # e-KTP, e-commerce
    if left.isalpha() and right.isalpha() and len(left) >= 3 and len(right) >= 3:
        if left[1:] == right[1:]:
            return True  # sayur-mayur, lauk-pauk, ramah-tamah
        if left[0] == right[0] and len(left) == len(right) and _skeleton(left) == _skeleton(right):
            return True  # bolak-balik, gerak-gerik, warna-warni, mondar-mandir
    # affixed reduplication as Sastrawi reads it: bersama-sama, berbalas-balasan, sebaik-baiknya
    # (only for plain letters: Sastrawi blanks out every other character, so Ma'ruf or 1.000 would look "stemmed")
    if _PLAIN.fullmatch(left) and _PLAIN.fullmatch(right):
        return _sastrawi_reduplication(f"{left}-{right}")
    return False


@functools.lru_cache(maxsize=65536)
def _sastrawi_reduplication(word: str) -> bool:
    from .stemming import stem_word  # stemming imports this module (normalize_token): imported on first use

    return stem_word(word, overrides=False) != word
