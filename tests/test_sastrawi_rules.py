"""SastrawiRules gives exactly what PySastrawi 1.2.1's stemmer gives.

The reference is the uncached ``Stemmer`` behind
``StemmerFactory().create_stemmer()`` (its ``delegatedStemmer``). The main
test compares ``stem`` on more than 200,000 distinct real and generated
word forms (PySastrawi's half of the work runs in two processes where
``fork`` is available); the others compare ``stem_word`` on raw odd strings
(newlines, regex metacharacters, exceptions included), random text
(hypothesis), custom dictionaries and the dictionary loading itself.
"""

from __future__ import annotations

import csv
import functools
import multiprocessing
import random
import re
import string
import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.stemming._rules import SastrawiRules, _normalize, dictionary_path

DATA = Path(__file__).resolve().parents[1] / "toolkit" / "data"
MIN_FORMS = 200_000
TARGET_FORMS = 201_000  # a seeded sample of the generated forms keeps the run near 15 s
SEED = 20261129


# --- the reference ------------------------------------------------------------
@functools.lru_cache(maxsize=1)
def _sastrawi():
    """PySastrawi's uncached stemmer (one per process)."""
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer().delegatedStemmer


@functools.lru_cache(maxsize=1)
def _rules() -> SastrawiRules:
    return SastrawiRules()


def _sastrawi_stems(words: list[str]) -> list[str]:
    """Worker: PySastrawi's ``stem`` of each text."""
    stem = _sastrawi().stem
    return [stem(w) for w in words]


def _outcome(func, word: str):
    """The result, or the exception's type and message."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # re's FutureWarning on odd patterns
        try:
            return func(word)
        except Exception as exc:  # noqa: BLE001 - the exception is the outcome
            return ("raised", type(exc).__name__, str(exc))


def _mismatch_report(rows: list[tuple[str, object, object]]) -> str:
    lines = [f"{len(rows)} mismatches; first 20 (input, PySastrawi, SastrawiRules):"]
    lines += [f"  {w!r}: {a!r} != {b!r}" for w, a, b in rows[:20]]
    return "\n".join(lines)


# --- word sources -------------------------------------------------------------
@functools.lru_cache(maxsize=1)
def _dictionary_entries() -> tuple[str, ...]:
    """Every non-blank entry of Sastrawi's kata-dasar.txt, as it is."""
    with open(dictionary_path(), encoding="utf-8") as f:
        return tuple(w for w in f.read().split("\n") if w.strip())


def _real_texts() -> set[str]:
    """Roots, the sample article, stop-word lists, lexicons, overrides, protected words."""
    texts: set[str] = set(_dictionary_entries())
    for path in sorted((DATA / "sample").iterdir()):
        content = path.read_text(encoding="utf-8")
        texts.update(content.split())
        texts.update(re.findall(r"[\w-]+", content))
        texts.update(line for line in content.splitlines() if line.strip())
        texts.add(content)
    for path in sorted(DATA.glob("stopwords*.txt")):
        texts.update(line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#"))
    from Sastrawi.StopWordRemover.StopWordRemoverFactory import StopWordRemoverFactory

    texts.update(StopWordRemoverFactory().get_stop_words())
    tables = [*sorted((DATA / "lexicons").glob("*.csv")), DATA / "stem_overrides.csv", DATA / "protected_words.csv"]
    for path in tables:
        with path.open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                for column in ("entry", "word", "stem"):
                    value = (row.get(column) or "").strip()
                    if value:
                        texts.add(value)
                        texts.update(value.split())
    texts.discard("")
    return texts


VOWELS = "aiueo"
PREFIXES = (
    "me", "mem", "men", "meng", "meny", "menge", "pe", "pem", "pen", "peng", "peny", "penge",
    "ber", "be", "bel", "ter", "te", "per", "memper", "mempe", "diper", "dipe", "di", "ke", "se",
    "ku", "kau", "keber", "seper", "terper", "berke", "pel", "mense", "menter",
)  # fmt: skip
DERIVATIONAL = ("i", "kan", "an", "is", "isme", "isasi")
POSSESSIVE = ("ku", "mu", "nya", "-ku", "-mu", "-nya")
PARTICLES = ("lah", "kah", "tah", "pun", "-lah", "-kah", "-pun")
CONFIXES = (
    ("ke", "an"), ("pe", "an"), ("per", "an"), ("ber", "an"), ("se", "nya"), ("memper", "kan"),
    ("memper", "i"), ("diper", "kan"), ("diper", "i"), ("di", "kan"), ("di", "i"), ("ter", "kan"),
    ("ter", "i"), ("ke", "i"), ("be", "lah"), ("me", "kan"), ("me", "an"), ("di", "an"),
    ("ber", "i"), ("ter", "an"), ("pen", "an"), ("peng", "an"), ("pem", "an"), ("ke", "annya"),
)  # fmt: skip
ODD_CHARS = "éİßKſıÉñü’–—"


def _nasal(base: str, root: str) -> str:
    """meN-/peN- with nasal assimilation (base is 'me' or 'pe')."""
    first = root[:1]
    if len(root) <= 3:
        return base + "nge" + root
    if first in VOWELS:
        return base + "ng" + root
    if first == "k":
        return base + "ng" + root[1:]
    if first == "p":
        return base + "m" + root[1:]
    if first == "t":
        return base + "n" + root[1:]
    if first == "s":
        return base + "ny" + root[1:]
    if first in "bfv":
        return base + "m" + root
    if first in "cdjz":
        return base + "n" + root
    if first in "ghq":
        return base + "ng" + root
    return base + root


def _suffix_stack(rng: random.Random) -> str:
    parts = []
    if rng.random() < 0.6:
        parts.append(rng.choice(DERIVATIONAL[:3]) if rng.random() < 0.9 else rng.choice(DERIVATIONAL[3:]))
    if rng.random() < 0.4:
        parts.append(rng.choice(POSSESSIVE))
    if rng.random() < 0.3:
        parts.append(rng.choice(PARTICLES))
    return "".join(parts)


def _reduplication(rng: random.Random, root: str) -> str:
    nasal = _nasal("me", root)
    templates = (
        lambda: f"{root}-{root}",
        lambda: f"{root}-{root}{rng.choice(('nya', 'an', 'ku', 'mu', 'lah'))}",
        lambda: f"ber{root}-{root}an",
        lambda: f"{nasal}-{nasal[2:]}kan",  # meniru-nirukan
        lambda: f"{nasal}-{nasal}",
        lambda: f"{root}-m{root[1:]}",  # sayur-mayur
        lambda: f"{root}-{root}-{rng.choice(('nya', 'ku', 'mu', 'lah', 'pun'))}",  # malaikat-malaikat-nya
        lambda: f"{root}-{rng.choice(('nya', 'ku', 'mu', 'lah', 'kah', 'tah', 'pun', 'Ku', 'Nya'))}",
        lambda: f"se{root}-{root}nya",
        lambda: f"ke{root}-{root}an",
        lambda: f"{rng.choice(PREFIXES)}{root}-{rng.choice(PREFIXES)}{root}{_suffix_stack(rng)}",
        lambda: f"di{root}-{root}kan",
        lambda: f"ber{root}-{rng.choice(PREFIXES)}{root}",
    )
    return rng.choice(templates)()


def _generated_texts(rng: random.Random) -> set[str]:
    """Affixed, infixed and reduplicated forms of every root, plus random strings."""
    forms: set[str] = set()
    roots = [r for r in _dictionary_entries() if " " not in r]
    for root in roots:
        forms.add(_nasal("me", root) + _suffix_stack(rng))
        forms.add(_nasal("pe", root) + rng.choice(("", "an", "annya", "nya", "an-nya")))
        forms.add(rng.choice(PREFIXES) + root + _suffix_stack(rng))
        if rng.random() < 0.3:
            forms.add(rng.choice(PREFIXES) + rng.choice(PREFIXES) + root + _suffix_stack(rng))
        prefix, suffix = rng.choice(CONFIXES)
        forms.add(prefix + root + suffix + rng.choice(("", "", "nya", "lah", "pun", "ku")))
        forms.add(root + _suffix_stack(rng))
        forms.add(_reduplication(rng, root))
        if root[:1] in "bcdfghjklmnpqrstvwxyz" and root[1:2] in VOWELS:
            forms.add(root[0] + rng.choice(("el", "em", "er", "in")) + root[1:] + rng.choice(("", "an", "nya")))
    letters = "aaaeeiiuuobdgkmnprstlyhjcw"
    for _ in range(8_000):
        forms.add("".join(rng.choice(letters) for _ in range(rng.randint(1, 12))))
    for _ in range(2_000):
        forms.add("".join(rng.choice(letters + "--") for _ in range(rng.randint(1, 14))))
    return forms


def _odd_texts(rng: random.Random) -> set[str]:
    """Empty, blank, digits, case, punctuation, unicode, several words, hyphens, lengths."""
    roots = [r for r in _dictionary_entries() if " " not in r]
    odd = {
        "", " ", "   ", "\t\n", "-", "--", "---", " - ", "a", "di", "ke", "se", "me", "pe", "ber", "ter",
        "kan", "lah", "nya", "pun", "ku", "kau", "i", "an", "0", "123", "2019", "ke-70", "11/9/2019",
        "belajar", "pelajar", "BELAJAR", "PeLaJaR", "mengecat", "pengaruh", "mempengaruhi", "memproteksi",
        "mensyaratkan", "mentaati", "penstabilan", "mengkritik", "menyala", "berbalas-balasan",
        "meniru-nirukan", "kata-katanya", "sayur-mayur", "malaikat-malaikat-nya", "nikmat-Ku",
        "-kata", "kata-", "-kata-", "--kata", "kata--kata", "kata---kata", "-nya", "kata-nya-",
        "İstanbul", "İ", "Kilo", "ſelamat", "ıkan", "ßeruang", "café", "Ķ", "ǅ", "ΑΣ",
        "Kedua negara memperkuat kerja sama keamanan.",
        "Xi menekankan konektivitas, kata Xi.\n\nTokayev mengatakan Kazakhstan siap.",
        "berlari-lari  di\ttaman\r\nkota", "per-an", "me-", "ber-an", "ke-an-nya",
    }  # fmt: skip
    for _ in range(800):
        picks = [rng.choice(roots) for _ in range(rng.randint(2, 5))]
        picks = [rng.choice(("", "me", "ber", "di", "peng")) + p + rng.choice(("", "kan", "nya", "an")) for p in picks]
        odd.add(rng.choice((" ", ", ", " - ", "  ", "\n", "; ")).join(picks))
    for _ in range(800):
        word = rng.choice(PREFIXES) + rng.choice(roots) + _suffix_stack(rng)
        odd.add("".join(ch.upper() if rng.random() < 0.3 else ch for ch in word))
        i = rng.randint(0, len(word))
        odd.add(word[:i] + rng.choice(ODD_CHARS + string.punctuation + string.digits) + word[i:])
        odd.add(rng.choice(("-", "--", "")) + word + rng.choice(("-", "--", "")))
        odd.add(word.replace("-", "--"))
    for _ in range(150):
        odd.add(rng.choice(("me", "ber", "di", "peng", "")) + "".join(rng.choice(roots) for _ in range(rng.randint(3, 8))))
        odd.add("".join(rng.choice("aeimnkpst") for _ in range(rng.randint(30, 80))))
    return odd


# --- the big identity test -------------------------------------------------------
@pytest.mark.slow
def test_identity_on_200k_distinct_forms():
    rng = random.Random(SEED)
    fixed = _real_texts() | _odd_texts(rng)
    generated = sorted(_generated_texts(rng) - fixed)
    forms = sorted(fixed.union(rng.sample(generated, max(0, TARGET_FORMS - len(fixed)))))
    assert len(forms) >= MIN_FORMS, len(forms)

    halves = [forms[0::2], forms[1::2]]
    if "fork" in multiprocessing.get_all_start_methods():
        with multiprocessing.get_context("fork").Pool(2) as pool:
            pending = pool.map_async(_sastrawi_stems, halves)
            rules = SastrawiRules()
            ours = [rules.stem(w) for w in forms]
            first, second = pending.get()
    else:  # pragma: no cover - platforms without fork
        rules = SastrawiRules()
        ours = [rules.stem(w) for w in forms]
        first, second = _sastrawi_stems(halves[0]), _sastrawi_stems(halves[1])
    theirs = [None] * len(forms)
    theirs[0::2], theirs[1::2] = first, second

    mismatches = [(w, a, b) for w, a, b in zip(forms, theirs, ours) if a != b]
    assert not mismatches, _mismatch_report(mismatches)
    assert len(set(forms)) >= MIN_FORMS


def test_stem_word_on_raw_odd_strings():
    """No normalisation: newlines, regex metacharacters, upper case, exceptions."""
    rng = random.Random(SEED + 1)
    roots = list(_dictionary_entries())
    specials = "\n.^$*+?{}[]\\|()"
    words = set(rng.sample(sorted(_odd_texts(random.Random(SEED + 2))), 1_000))
    words.update(["\n", "kan\n", "berlari\n", "beraku\n", "mengecat\n", "ke\nlah", "a(kan", "(kan", "meng(", "x.kan", "be.ajar", "[lah", "a]kan"])
    for _ in range(1_000):
        word = rng.choice(("",) + PREFIXES) + rng.choice(roots) + _suffix_stack(rng)
        i = rng.randint(0, len(word))
        words.add(word[:i] + rng.choice(specials) + word[i:])
        words.add(word + "\n")
        words.add(word.upper() if rng.random() < 0.5 else word.title())
        words.add("".join(rng.choice("aekmnpr-\n.(*") for _ in range(rng.randint(0, 9))))
    reference, rules = _sastrawi(), _rules()
    mismatches = []
    for word in sorted(words):
        a, b = _outcome(reference.stem_word, word), _outcome(rules.stem_word, word)
        if a != b:
            mismatches.append((word, a, b))
    assert not mismatches, _mismatch_report(mismatches)


# --- random text -----------------------------------------------------------------
ALPHABET = "abdegikmnprstuyl- -" + "éİßKſı" + "\n.(A"
PIECES = (
    "me", "mem", "men", "meng", "meny", "pe", "peng", "per", "ber", "be", "ter", "te", "di", "ke", "se",
    "ku", "kau", "kan", "an", "i", "nya", "lah", "pun", "er", "el", "em", "in", "ajar", "lari", "kata",
    "tiru", "pukul", "sapu", "kirim", "tulis", "-", " ", "e", "a", "r",
)  # fmt: skip


@settings(max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.text(alphabet=st.sampled_from(ALPHABET), max_size=30),
        st.lists(st.sampled_from(PIECES), max_size=8).map("".join),
    )
)
def test_random_text(text):
    from Sastrawi.Stemmer.Filter.TextNormalizer import normalize_text

    reference, rules = _sastrawi(), _rules()
    assert _normalize(text) == normalize_text(text)
    assert rules.stem(text) == reference.stem(text)
    assert _outcome(rules.stem_word, text) == _outcome(reference.stem_word, text)


# --- dictionaries ----------------------------------------------------------------
def test_default_dictionary_is_sastrawis():
    from Sastrawi.Dictionary.ArrayDictionary import ArrayDictionary
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    assert dictionary_path().is_file()
    expected = ArrayDictionary(StemmerFactory().get_words()).words
    assert _rules()._words == frozenset(expected)
    assert SastrawiRules(words=None)._words == _rules()._words


CUSTOM_WORDS = [
    "ajar", "main", "kata", "tiru", "balas", "rang", "perang", "aku", "lari", "k", "ngecat", "cat",
    "kecat", "ecat", "pengaruh", "aruh", "kan", "", "   ", "x y", "baca\n", "mula", "erat", "gerak",
    "tulis", "sapu", "pukul", "kirim", "nyala", "gelembung", "gembung", "tinggal",
]  # fmt: skip
CUSTOM_INPUTS = [
    "belajar", "pelajar", "bermain-main", "kata-katanya", "meniru-nirukan", "berbalas-balasan",
    "memerangi", "diperangi", "perangi", "peperangan", "mengecat", "pengaruhnya", "mempengaruhi",
    "pengaruh", "berlari", "kan", "lari", "x y", "baca\n", "membaca\n", "dimulai", "permulaan",
    "bergerak", "menulis", "menyapu", "memukul", "mengirim", "menyala", "gelembung", "menggembung",
    "ketinggalan", "ditinggalkan", "pemukulan", "", " ", "ke-an", "Belajar bermain", "gerak-gerik",
]  # fmt: skip


@pytest.mark.parametrize(
    "words",
    [CUSTOM_WORDS, ["ajar"], [], ["", " "], ["lari", "berlari"], ["pe", "r", "ra", "rang"]],
    ids=["mixed", "one", "empty", "blank", "affixed-entry", "fragments"],
)
def test_custom_dictionary(words):
    from Sastrawi.Dictionary.ArrayDictionary import ArrayDictionary
    from Sastrawi.Stemmer.Stemmer import Stemmer

    reference = Stemmer(ArrayDictionary(words))
    rules = SastrawiRules(words=iter(words))
    for text in CUSTOM_INPUTS:
        assert rules.stem(text) == reference.stem(text), text
        assert _outcome(rules.stem_word, text) == _outcome(reference.stem_word, text), text


def test_memo_does_not_change_results():
    rules = SastrawiRules()
    words = ["menyelesaikan", "kata-katanya", "berbalas-balasan", "pelajar", "mengecat"]
    first = [rules.stem_word(w) for w in words]
    assert [rules.stem_word(w) for w in words] == first
    assert [SastrawiRules().stem_word(w) for w in words] == first
