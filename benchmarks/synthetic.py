"""A seeded synthetic Indonesian corpus for benchmarks (labelled synthetic wherever it is reported).

Word forms are built from Sastrawi's own root dictionary with real Indonesian
affixes (meN-, ber-, di-, ter-, peN-...-an, per-...-an, ke-...-an, -kan, -i,
-an, -nya, -lah, reduplication), drawn with Zipf-distributed frequencies and
mixed with the function words of running text, in documents of a few hundred
tokens split into paragraphs and sentences. A few theme expressions
(keamanan, kerja sama, infrastruktur, ...) occur at realistic rates so that
theme matching has work to do.

With ``non_ascii=True`` the same words are written as real news writes
them: quotations in curly quotes, em and en dashes, ellipses, curly
apostrophes (Jum\u2019at), no-break spaces and a few names with diacritics,
in every paragraph (the words themselves, and so the stems, are those of
the ASCII corpus of the same seed).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

FUNCTION_WORDS = (
    "yang dan di ke dari dengan untuk dalam pada ini itu tidak akan juga oleh bahwa atau telah sudah "
    "kata ia dia mereka kami kita para saat karena sebagai lebih harus dapat bisa masih hanya antara"
).split()
THEME_PHRASES = [
    "keamanan", "kerja sama", "infrastruktur", "konektivitas", "terorisme", "pertahanan", "ASEAN", "PBB",
    "perdagangan", "investasi", "kedaulatan", "budaya", "teknologi", "pelabuhan", "kereta cepat", "militer",
    "hubungan bilateral", "Belt and Road", "tata kelola global", "kemitraan strategis",
]


def _men(root: str) -> str:
    c = root[0]
    if c in "bfv":
        return "mem" + root
    if c == "p":
        return "mem" + root[1:]
    if c == "t":
        return "men" + root[1:]
    if c in "dcjz":
        return "men" + root
    if c == "s":
        return "meny" + root[1:]
    if c == "k":
        return "meng" + root[1:]
    if c in "gh" or c in "aeiou":
        return "meng" + root
    return "me" + root


AFFIXES = [
    lambda r: r, lambda r: r, lambda r: r,
    _men, lambda r: _men(r) + "kan", lambda r: _men(r) + "i",
    lambda r: "di" + r, lambda r: "di" + r + "kan", lambda r: "ber" + r, lambda r: "ter" + r,
    lambda r: "pe" + _men(r)[2:] + "an", lambda r: "per" + r + "an", lambda r: "ke" + r + "an",
    lambda r: r + "an", lambda r: r + "nya", lambda r: r + "lah", lambda r: "memper" + r + "kan",
    lambda r: r + "-" + r,
]


NAMES = ["Jum\u2019at", "Qur\u2019an", "Ma\u2019ruf", "Jos\u00e9", "Erdo\u011fan", "Z\u00fcrich", "M\u00fcller",
         "Fran\u00e7ois", "S\u00e3o Paulo", "\u0110\u00e0 N\u1eb5ng"]


def _decorate(words: list[str], rng) -> str:
    """One sentence written with the non-ASCII characters of real news (curly quotes, dashes, ...).

    Words are replaced, not added, so the corpus keeps about as many tokens as the ASCII one.
    """
    words = list(words)
    n = len(words)

    def pick(low: int = 0) -> int:
        return int(rng.integers(low, n))

    if rng.random() < 0.35:
        words[pick()] = NAMES[int(rng.integers(len(NAMES)))]
    if n > 4 and rng.random() < 0.3:
        i = pick(1)
        words[i] = "\u2014 " + words[i]  # an em dash between clauses
    if rng.random() < 0.2:
        year = int(rng.integers(2000, 2030))
        words[pick()] = f"{year}\u2013{year + 1}"  # a range with an en dash
    if rng.random() < 0.15:
        words[pick()] = f"Rp\u00a0{int(rng.integers(1, 999))}.000"
    end = "\u2026" if rng.random() < 0.1 else "."
    if n > 3 and rng.random() < 0.4:
        said = f"kata {words[-1]}"
        return f"\u201c{' '.join(words[:-2])},\u201d {said}{end}"
    if rng.random() < 0.1:
        return f"\u2018{' '.join(words)}\u2019{end}"
    return " ".join(words) + end


def sastrawi_roots() -> list[str]:
    from toolkit.stemming import dictionary_path

    return [w.strip() for w in dictionary_path().read_text(encoding="utf-8").split("\n") if w.strip().isalpha()]


def make_corpus(n_tokens: int, *, seed: int = 2019, vocabulary: int = 120_000, doc_tokens: int = 350,
                non_ascii: bool = False) -> pd.DataFrame:
    """A docs table (doc_id, date, source, text) of about ``n_tokens`` word tokens. Synthetic.

    ``non_ascii=True`` writes the same words with curly quotes, dashes, ellipses and diacritics (see above).
    """
    rng = np.random.default_rng(seed)
    decor = np.random.default_rng(seed + 1) if non_ascii else None  # its own stream: the words stay the same
    roots = sastrawi_roots()
    forms = set()
    while len(forms) < vocabulary:
        r = roots[rng.integers(len(roots))]
        forms.add(AFFIXES[rng.integers(len(AFFIXES))](r))
    forms = np.array(sorted(forms), dtype=object)
    rng.shuffle(forms)
    ranks = np.arange(1, len(forms) + 1)
    p = 1.0 / ranks ** 1.05
    p /= p.sum()
    n_content = int(n_tokens * 0.62)
    n_function = int(n_tokens * 0.36)
    n_theme = n_tokens - n_content - n_function
    content = forms[rng.choice(len(forms), size=n_content, p=p)]
    function = np.array(FUNCTION_WORDS, dtype=object)[rng.integers(len(FUNCTION_WORDS), size=n_function)]
    themes = np.array(THEME_PHRASES, dtype=object)[rng.integers(len(THEME_PHRASES), size=max(n_theme // 2, 1))]
    words = np.concatenate((content, function, themes))
    rng.shuffle(words)
    docs, sources = [], ["kompas", "tempo", "antara", "detik", "beritasatu"]
    i, d = 0, 0
    start = np.datetime64("2019-01-01")
    while i < len(words):
        size = int(rng.integers(doc_tokens // 2, doc_tokens * 3 // 2))
        chunk = words[i : i + size]
        i += size
        paragraphs, j = [], 0
        while j < len(chunk):
            plen = int(rng.integers(25, 70))
            sent = chunk[j : j + plen].tolist()
            j += plen
            out, k = [], 0
            while k < len(sent):
                slen = int(rng.integers(8, 20))
                s = sent[k : k + slen]
                k += slen
                if s:
                    s[0] = s[0][:1].upper() + s[0][1:]
                    out.append(_decorate(s, decor) if decor else " ".join(s) + ".")
            paragraphs.append(" ".join(out))
        docs.append({"doc_id": f"syn-{d:07d}", "date": str(start + int(rng.integers(0, 730))),
                     "source": sources[int(rng.integers(len(sources)))], "text": "\n\n".join(paragraphs)})
        d += 1
    return pd.DataFrame(docs)
