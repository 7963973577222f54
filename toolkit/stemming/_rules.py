"""A fast, exact re-implementation of the PySastrawi 1.2.1 stemmer.

PySastrawi's ``Stemmer`` applies the confix-stripping family of Indonesian
stemming algorithms: Nazief & Adriani's dictionary-backed affix removal, the
Confix Stripping (CS) stemmer of Asian (2007) with its rule-precedence
adjustment and infix rules, and the Enhanced Confix Stripping (ECS) "loop
pengembalian akhiran" (suffix restoration loop), plus two Sastrawi rules for
``ku-`` and ``kau-``. It does so with one ``Context`` object per word, about
45 visitor objects and a fresh ``re.match`` for every rule, which limits it
to roughly 15,000 words per second.

:class:`SastrawiRules` follows the same rules, one by one and in the same
order, with the same dictionary checks and the same control flow (including
its quirks), but without the per-word objects and regular expressions:

- the affix rules become plain string tests, dispatched on the first letters
  of the word so that only rules whose literal prefix matches are tried;
- removal records are tuples, and only the suffix removals, the only ones the
  ECS loop ever reads back, are kept;
- results of the singular-word stemmer are memoised per instance.

Words that contain a newline or a regular-expression metacharacter can only
reach :meth:`SastrawiRules.stem_word` (``stem`` normalises them away). For
those, where Python's ``re`` semantics (``$`` before a trailing newline,
``.`` not matching a newline, the removed part computed with the stem used
as a pattern) make a difference, PySastrawi's own stemmer, over the same
dictionary, stems the word, so the result, or the exception, is
PySastrawi's (see :func:`toolkit.stemming._sastrawi.sastrawi_stemmer`).

Identity is proven by ``tests/test_sastrawi_rules.py``, which compares the
two stemmers on more than 200,000 distinct real and generated word forms
(all of Sastrawi's roots, the bundled texts and word lists, affixed and
reduplicated forms, odd strings), on random text, and on custom
dictionaries. ``tools/time_sastrawi_rules.py`` measures the speed-up. The
toolkit reaches this engine through :class:`toolkit.stemming.Stemmer`
(``engine="rules"``, the default).

Licence note: Sastrawi's code is MIT licensed; this module is an independent
port of its rules. Sastrawi's root dictionary (``kata-dasar.txt``) is
licensed CC BY-NC-SA 3.0; it is read at run time from the installed
PySastrawi package and is never copied into this repository.

Examples
--------
>>> rules = SastrawiRules()
>>> rules.stem("Kedua negara memperkuat kerja sama, kata-katanya.")
'dua negara kuat kerja sama kata'
>>> rules.stem_word("berbalas-balasan")
'balas'
>>> SastrawiRules(words=["ajar", "main"]).stem("Pelajar bermain-main")
'ajar main'
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ._sastrawi import dictionary_path, root_words, sastrawi_stemmer

__all__ = ["SastrawiRules", "dictionary_path", "RULES_VERSION"]

#: Bump when the rules of this module change: the stem cache's key includes it.
RULES_VERSION = "1"

# --- character classes of the rules (ASCII only: no rule uses IGNORECASE) ---
_V = frozenset("aiueo")
_C = frozenset("bcdfghjklmnpqrstvwxyz")
_C_NO_R = _C - {"r"}
_C_TER = frozenset("bcdfghjkpqstvxz")  # rules 35 and 36
_AZ = frozenset("abcdefghijklmnopqrstuvwxyz")
_LRWY = frozenset("lrwy")
_BFV = frozenset("bfv")
_CDJSTZ = frozenset("cdjstz")
_GHQK = frozenset("ghqk")
_WY = frozenset("wy")
_NOT_E_N = _AZ - {"e", "n"}  # rule 19
_INFIXES = frozenset(("er", "el", "em", "in"))  # rules 37 to 40
_PLAIN = frozenset(("di", "ke", "se"))
_PARTICLES = frozenset(("lah", "kah", "tah", "pun"))
_PLURAL_SUFFIXES = frozenset(("ku", "mu", "nya", "lah", "kah", "tah", "pun"))

# A word with one of these characters goes to PySastrawi itself (re semantics matter).
_UNSAFE = re.compile(r"[\n.^$*+?{}\[\]\\|()]").search

# Sastrawi's TextNormalizer, pattern for pattern.
_NOT_KEPT = re.compile(r"[^a-z0-9 -]", re.IGNORECASE | re.MULTILINE)
_SPACES = re.compile(r"( +)", re.IGNORECASE | re.MULTILINE)
# Text that the normaliser leaves unchanged (a cheap short cut).
_ALREADY_NORMAL = re.compile(r"[a-z0-9-]+(?: [a-z0-9-]+)*").fullmatch
_ONE_CLEAN_WORD = re.compile(r"[a-z0-9-]+").fullmatch

_MEMO_LIMIT = 1 << 20

# One suffix removal: (subject, result, removed_part_is_kan).
_Removal = tuple[str, str, bool]


def _normalize(text: str) -> str:
    """Sastrawi's ``TextNormalizer.normalize_text``.

    ``lower()`` first (so 'İ' becomes 'i' plus a combining dot, which then
    becomes a space, and the Kelvin sign becomes 'k'), then every character
    that is not ``[a-z0-9 -]`` under IGNORECASE becomes a space (so the
    dotless 'ı' and the long 'ſ' survive), then runs of spaces collapse and
    the ends are stripped.
    """
    return _normalize_lowered(text.lower())


def _normalize_lowered(text: str) -> str:
    """:func:`_normalize` after the ``lower()`` step."""
    if _ALREADY_NORMAL(text):
        return text
    return _SPACES.sub(" ", _NOT_KEPT.sub(" ", text)).strip()


def _precedence(word: str) -> bool:
    """CS rule-precedence adjustment: try prefixes before suffixes.

    String form of ``^be(.*)lah$``, ``^be(.*)an$``, ``^me(.*)i$``,
    ``^di(.*)i$``, ``^pe(.*)i$`` and ``^ter(.*)i$`` for words without a
    newline.
    """
    head = word[:2]
    if head == "be":
        return (len(word) >= 5 and word.endswith("lah")) or (len(word) >= 4 and word.endswith("an"))
    if head == "me" or head == "di" or head == "pe":
        return len(word) >= 3 and word.endswith("i")
    if head == "te":
        return len(word) >= 4 and word[2] == "r" and word.endswith("i")
    return False


class SastrawiRules:
    """PySastrawi 1.2.1's stemmer, rule for rule, without its overhead.

    Parameters
    ----------
    words : iterable of str, optional
        The root dictionary. Empty and whitespace-only entries are skipped and
        the others kept as they are, as Sastrawi's ``ArrayDictionary`` does.
        ``None`` (the default) reads Sastrawi's own ``kata-dasar.txt`` from the
        installed package (see :func:`dictionary_path`).

    Notes
    -----
    For every string ``text``, ``SastrawiRules().stem(text)`` equals
    ``StemmerFactory().create_stemmer().delegatedStemmer.stem(text)``, and
    ``stem_word`` equals that stemmer's ``stem_word``. An instance memoises
    its singular-word results; it is safe to share between threads (at worst
    a word is stemmed twice).

    Examples
    --------
    >>> rules = SastrawiRules()
    >>> rules.stem_word("mempengaruhi")
    'pengaruh'
    >>> rules.stem("Menyelesaikan PERSOALAN-persoalan")
    'selesai soal'
    """

    def __init__(self, words: Iterable[str] | None = None) -> None:
        if words is None:
            words = root_words()
        self._words: frozenset[str] = frozenset(w for w in words if w and w.strip() != "")
        self._memo: dict[str, str] = {}
        self._pysastrawi = None  # PySastrawi's stemmer over the same words, made when a word needs it

    # --- public interface -------------------------------------------------
    def stem(self, text: str) -> str:
        """Stem every word of a text, as ``Stemmer.stem`` does.

        Parameters
        ----------
        text : str
            Any text. It is normalised like Sastrawi does: lower case, every
            character other than ``a-z``, ``0-9``, space and hyphen becomes a
            space, spaces collapse, the ends are stripped.

        Returns
        -------
        str
            The stems of the space-separated words, joined with one space.

        Examples
        --------
        >>> SastrawiRules().stem("  Ia berlari-lari, lalu tertawa!  ")
        'ia lari lalu tertawa'

        ``tertawa`` is itself in Sastrawi's dictionary, so it is kept.
        """
        text = text.lower()
        if _ONE_CLEAN_WORD(text):  # normalisation would leave it as it is
            return self._stem_clean_word(text)
        stem_word = self._stem_clean_word
        return " ".join([stem_word(word) for word in _normalize_lowered(text).split(" ")])

    def stem_word(self, word: str) -> str:
        """Stem one word, as ``Stemmer.stem_word`` does (no normalisation).

        Parameters
        ----------
        word : str
            A word; it is not lower-cased or cleaned. Reduplicated forms with a
            hyphen (``kata-kata``) are stemmed as plurals.

        Returns
        -------
        str
            A root from the dictionary, or ``word`` itself when no root is
            found.

        Raises
        ------
        re.error
            Only where PySastrawi raises it too: for some words containing
            regular-expression metacharacters, which Sastrawi uses as a
            pattern; such words are stemmed by PySastrawi itself.

        Examples
        --------
        >>> SastrawiRules().stem_word("meniru-nirukan")
        'tiru'
        """
        if _UNSAFE(word):
            if self._pysastrawi is None:
                self._pysastrawi = sastrawi_stemmer(self._words)
            return self._pysastrawi.stem_word(word)
        return self._stem_clean_word(word)

    # --- plural and singular words ---------------------------------------
    def _stem_clean_word(self, word: str) -> str:
        """``stem_word`` for a word without newlines or metacharacters."""
        cut = word.rfind("-")
        if cut < 0:
            return self._stem_singular(word)
        # is_plural: ^(.*)-(ku|mu|nya|lah|kah|tah|pun)$ picks the last hyphen
        tail = word[cut + 1 :]
        if tail in _PLURAL_SUFFIXES and word.rfind("-", 0, cut) < 0:
            return self._stem_singular(word)
        # stem_plural_word: ^(.*)-(.*)$ splits at the last hyphen
        first, second = word[:cut], tail
        if tail in _PLURAL_SUFFIXES:
            cut = first.rfind("-")
            first, second = first[:cut], first[cut + 1 :] + "-" + tail
        root1 = self._stem_singular(first)
        root2 = self._stem_singular(second)
        if root2 == second and second not in self._words:
            root2 = self._stem_singular("me" + second)
        return root1 if root1 == root2 else word

    def _stem_singular(self, word: str) -> str:
        """Memoised ``Stemmer.stem_singular_word``."""
        memo = self._memo
        result = memo.get(word)
        if result is None:
            result = self._singular(word)
            if len(memo) >= _MEMO_LIMIT:
                memo.clear()
            memo[word] = result
        return result

    def _singular(self, word: str) -> str:
        """One run of Sastrawi's ``Context`` (steps 1 to 6).

        Only the result of ``Context.execute`` is computed. Prefix removals
        are not recorded: ``restore_prefix`` always goes back to the original
        word and drops them, so the ECS loop only reads suffix removals.
        """
        words = self._words
        if word in words:
            return word
        # DontStemShortWord stops every later visitor loop after its first visitor.
        stopped = len(word) <= 3
        remove_prefixes = self._remove_prefixes
        remove_suffixes = self._remove_suffixes
        if _precedence(word):
            current = remove_prefixes(word, stopped)
            if current in words:
                return current
            current, _ = remove_suffixes(current, stopped)
            if current in words:
                return current
            # the trial failed: restore the original word and its removals
        current, removals = remove_suffixes(word, stopped)
        if current in words:
            return current
        current = remove_prefixes(current, stopped)
        if current in words:
            return current
        # ECS loop pengembalian akhiran: put suffixes back, last removed first
        for subject, result, kan in reversed(removals):
            if kan:
                current = remove_prefixes(result + "k", stopped)
                if current in words:
                    return current
            current = remove_prefixes(subject, stopped)
            if current in words:
                return current
        return word

    def _remove_suffixes(self, word: str, stopped: bool) -> tuple[str, list[_Removal]]:
        """Particle, possessive pronoun and derivational suffix, in that order."""
        words = self._words
        removals: list[_Removal] = []
        # -*(lah|kah|tah|pun)$
        if word[-3:] in _PARTICLES:
            result = word[:-3].rstrip("-")
            removals.append((word, result, False))
            word = result
        if stopped or word in words:
            return word, removals
        # -*(ku|mu|nya)$
        if word.endswith("nya"):
            result = word[:-3].rstrip("-")
        elif word.endswith(("ku", "mu")):
            result = word[:-2].rstrip("-")
        else:
            result = None
        if result is not None:
            removals.append((word, result, False))
            word = result
            if word in words:
                return word, removals
        # (is|isme|isasi|i|kan|an)$ : the leftmost, hence longest, match
        last = word[-1:]
        kan = False
        if last == "i":
            result = word[:-5] if word.endswith("isasi") else word[:-1]
        elif last == "n":
            if word.endswith("kan"):
                result = word[:-3]
                kan = True
            elif word.endswith("an"):
                result = word[:-2]
            else:
                return word, removals
        elif last == "s":
            if not word.endswith("is"):
                return word, removals
            result = word[:-2]
        elif last == "e":
            if not word.endswith("isme"):
                return word, removals
            result = word[:-4]
        else:
            return word, removals
        removals.append((word, result, kan))
        return result, removals

    def _remove_prefixes(self, word: str, stopped: bool) -> str:
        """Three passes over the prefix visitors (``Context.remove_prefixes``).

        A pass stops at the first visitor that removes something. The plain
        prefixes di-, ke- and se- are removed even from a dictionary word;
        the other visitors are only reached when the word is not in the
        dictionary and the process was not stopped by DontStemShortWord.
        """
        words = self._words
        for _ in range(3):
            if word[:2] in _PLAIN:
                word = word[2:]
            elif stopped or word in words:
                return word
            else:
                result = self._disambiguate(word)
                if result is None:
                    return word  # nothing applies: the next passes do the same
                word = result
            if word in words:
                return word
        return word

    def _disambiguate(self, w: str) -> str | None:
        """Result of the first prefix-rule visitor (rules 1 to 42) that applies.

        A visitor with several disambiguators keeps the first result found in
        the dictionary, otherwise the LAST disambiguator's result, which may
        be None (rule 30c) even when an earlier one matched.
        """
        words = self._words
        c0 = w[:1]
        if w[1:2] == "e":
            c2 = w[2:3]
            c3 = w[3:4]
            if c0 == "m":
                if c2 in _LRWY:
                    if c3 in _V:  # 10: me{l|r|w|y}V
                        return w[2:]
                elif c2 == "m":
                    if c3 in _BFV:  # 11: mem{b|f|v}
                        return w[3:]
                    if c3 == "p":
                        c4 = w[4:5]
                        if c4 == "e" or c4 in _NOT_E_N:  # 12: mempe, 19: memp{A}
                            return w[3:]
                    elif c3 in _V:  # 13a, 13b: mem{V}
                        result = "m" + w[3:]
                        return result if result in words else "p" + w[3:]
                elif c2 == "n":
                    if c3 in _CDJSTZ:  # 14: men{c|d|j|s|t|z}
                        return w[3:]
                    if c3 in _V:  # 15a, 15b: men{V}
                        result = "n" + w[3:]
                        return result if result in words else "t" + w[3:]
                    if c3 == "g":
                        c4 = w[4:5]
                        if c4 in _GHQK:  # 16: meng{g|h|q|k}
                            return w[4:]
                        if c4 in _V:  # 17a-d: meng{V}
                            rest = w[4:]
                            if rest in words:
                                return rest
                            result = "k" + rest
                            if result in words:
                                return result
                            if c4 == "e":
                                result = w[5:]
                                if result in words:
                                    return result
                            return "ng" + rest
                    elif c3 == "y" and w[4:5] in _V:  # 18a, 18b: meny{V}
                        result = "ny" + w[4:]
                        return result if result in words else "s" + w[4:]
            elif c0 == "p":
                if c2 in _WY:
                    if c3 in _V:  # 20: pe{w|y}V
                        return w[2:]
                elif c2 == "r":
                    if c3 in _V:  # 21a, 21b: per{V}
                        result = w[3:]
                        return result if result in words else w[2:]
                    if c3 in _C and w[4:5] in _AZ:
                        if w[5:7] != "er":  # 23: perCAP, P != er
                            return w[3:]
                        if c3 != "r" and w[7:8] in _V:  # 24: perCAerV
                            return w[3:]
                elif c2 == "m":
                    if c3 in _BFV:  # 25: pem{b|f|v}
                        return w[3:]
                    if c3 in _V:  # 26a, 26b: pem{V}
                        result = "m" + w[3:]
                        return result if result in words else "p" + w[3:]
                elif c2 == "n":
                    if c3 in _CDJSTZ:  # 27: pen{c|d|j|s|t|z}
                        return w[3:]
                    if c3 in _V:  # 28a, 28b: pen{V}
                        result = "n" + w[3:]
                        return result if result in words else "t" + w[3:]
                    if c3 == "g":
                        c4 = w[4:5]
                        if c4 in _C:  # 29: pengC
                            return w[4:]
                        if c4 in _V:  # 30a-c: peng{V}
                            rest = w[4:]
                            if rest in words:
                                return rest
                            result = "k" + rest
                            if result in words:
                                return result
                            if c4 == "e":
                                return w[5:]
                            # 30c gives None: the visitor removes nothing
                    elif c3 == "y" and w[4:5] in _V:  # 31a, 31b: peny{V}
                        result = "ny" + w[4:]
                        return result if result in words else "s" + w[4:]
                if c2 == "l":  # 32: pelajar, pel{V}
                    if w == "pelajar":
                        return "ajar"
                    if c3 in _V:
                        return w[2:]
                if c2 in _C:
                    if w[3:5] != "er":  # 34: peCP, P != er
                        return w[2:]
                    if c2 in _C_TER and w[5:6] in _C:  # 36: peC1erC2
                        return w[2:]
            elif c0 == "b":
                if c2 == "r":
                    if c3 in _V:  # 1a, 1b: ber{V}
                        result = w[3:]
                        return result if result in words else "r" + result
                    if c3 in _C and w[4:5] in _AZ:
                        if w[5:7] != "er":  # 2: berCAP, P != er
                            return w[3:]
                        if c3 != "r" and w[7:8] in _V:  # 3: berCAerV
                            return w[3:]
                elif w == "belajar":  # 4
                    return "ajar"
                elif c2 in _C_NO_R and w[3:5] == "er" and w[5:6] in _C:  # 5: beC1erC2
                    return w[2:]
            elif c0 == "t":
                if c2 == "r":
                    if c3 in _V:  # 6a, 6b: ter{V}
                        result = w[3:]
                        return result if result in words else "r" + result
                    if c3 in _C_NO_R:
                        if w[4:6] != "er":  # 8: terCP, P != er
                            return w[3:]
                        if w[6:7] in _V:  # 7: terCerV
                            return w[3:]
                        if c3 in _C_TER and w[6:7] in _C:  # 35: terC1erC2
                            return w[3:]
                elif c2 in _C_NO_R and w[3:5] == "er" and w[5:6] in _C:  # 9: teC1erC2
                    return w[2:]
        # 37a-40b: C{er|el|em|in}V, the word itself if known, else without the infix
        if c0 in _C and w[3:4] in _V and w[1:3] in _INFIXES:
            return w if w in words else c0 + w[3:]
        if c0 == "k":
            c1 = w[1:2]
            if c1 == "u":  # 41: ku-A
                return w[2:]
            if c1 == "a" and w[2:3] == "u":  # 42: kau-A
                return w[3:]
        return None
