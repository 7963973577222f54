"""Time PySastrawi's stemmer against its rules engine, toolkit.stemming._rules.SastrawiRules.

Usage::

    python tools/time_sastrawi_rules.py [--words 50000] [--seed 7]

Both stem the same list of distinct word forms: every token of the bundled
sample article, then Sastrawi roots and generated affixed, confixed and
reduplicated forms of them (seeded), up to ``--words``. PySastrawi is the
uncached ``Stemmer`` behind ``StemmerFactory().create_stemmer()``;
SastrawiRules is a fresh instance, so its memo starts empty. The script
prints words per second for each, the ratio, the set-up times and the
number of differing results (which must be 0).
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from toolkit.stemming import dictionary_path
from toolkit.stemming._rules import SastrawiRules

PREFIXES = ("me", "mem", "men", "meng", "meny", "pe", "pem", "pen", "peng", "ber", "ter", "per", "memper", "diper", "di", "ke", "se")
SUFFIXES = ("", "", "i", "kan", "an", "nya", "annya", "kannya", "lah", "ku", "mu", "pun")
CONFIXES = (("ke", "an"), ("pe", "an"), ("per", "an"), ("ber", "an"), ("se", "nya"), ("memper", "kan"), ("di", "kan"))


def nasal(base: str, root: str) -> str:
    """meN-/peN- with nasal assimilation."""
    first = root[:1]
    if len(root) <= 3:
        return base + "nge" + root
    for letters, nasal_part, drop in (("aiueo", "ng", 0), ("k", "ng", 1), ("p", "m", 1), ("t", "n", 1), ("s", "ny", 1), ("bfv", "m", 0), ("cdjz", "n", 0), ("ghq", "ng", 0)):
        if first in letters:
            return base + nasal_part + root[drop:]
    return base + root


def word_list(size: int, seed: int) -> list[str]:
    """Distinct real and generated word forms, in a seeded random order."""
    rng = random.Random(seed)
    with open(dictionary_path(), encoding="utf-8") as f:
        roots = [w for w in f.read().split("\n") if w.strip() and " " not in w]
    words: dict[str, None] = {}
    for path in sorted((ROOT / "toolkit" / "data" / "sample").iterdir()):
        for token in re.findall(r"[a-z0-9-]+", path.read_text(encoding="utf-8").lower()):
            words[token] = None
    makers = (
        lambda r: r,
        lambda r: nasal("me", r) + rng.choice(SUFFIXES),
        lambda r: nasal("pe", r) + rng.choice(("", "an", "annya")),
        lambda r: rng.choice(PREFIXES) + r + rng.choice(SUFFIXES),
        lambda r: r.join(rng.choice(CONFIXES)),
        lambda r: r + rng.choice(SUFFIXES),
        lambda r: rng.choice((f"{r}-{r}", f"{r}-{r}nya", f"ber{r}-{r}an", f"{nasal('me', r)}-{nasal('me', r)[2:]}kan")),
    )
    while len(words) < size:
        words[rng.choice(makers)(rng.choice(roots))] = None
    result = list(words)[:size]
    rng.shuffle(result)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=50_000, help="number of distinct word forms (default 50000)")
    parser.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    args = parser.parse_args(argv)

    words = word_list(args.words, args.seed)

    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    start = time.perf_counter()
    sastrawi = StemmerFactory().create_stemmer().delegatedStemmer
    sastrawi_setup = time.perf_counter() - start
    start = time.perf_counter()
    theirs = [sastrawi.stem(w) for w in words]
    sastrawi_time = time.perf_counter() - start

    start = time.perf_counter()
    rules = SastrawiRules()
    rules_setup = time.perf_counter() - start
    start = time.perf_counter()
    ours = [rules.stem(w) for w in words]
    rules_time = time.perf_counter() - start

    differ = sum(a != b for a, b in zip(theirs, ours))
    sastrawi_rate = len(words) / sastrawi_time
    rules_rate = len(words) / rules_time
    print(f"distinct word forms: {len(words):,}")
    print(f"PySastrawi Stemmer.stem : {sastrawi_rate:>12,.0f} words/s  ({sastrawi_time:.2f} s; set-up {sastrawi_setup:.2f} s)")
    print(f"SastrawiRules.stem      : {rules_rate:>12,.0f} words/s  ({rules_time:.2f} s; set-up {rules_setup:.2f} s)")
    print(f"speed-up                : {rules_rate / sastrawi_rate:>12.1f} x")
    print(f"differing results       : {differ}")
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
