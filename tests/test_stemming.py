"""Stemming: exact agreement with PySastrawi, overrides, version checks, data files."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pandas as pd
import pytest

import toolkit as tk
from toolkit import stemming

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from synthetic import _men, sastrawi_roots  # noqa: E402  (the benchmark's affix generator, shared)
from toolkit.errors import ResourceError, SastrawiVersionError


def _pen(root: str) -> str:
    return "pe" + _men(root)[2:]


AFFIXES = [
    lambda r: _men(r),
    lambda r: _men(r) + "kan",
    lambda r: _men(r) + "i",
    lambda r: "memper" + r,
    lambda r: "memper" + r + "kan",
    lambda r: "di" + r,
    lambda r: "di" + r + "kan",
    lambda r: "diper" + r + "i",
    lambda r: "ber" + r,
    lambda r: "ber" + r + "an",
    lambda r: "ter" + r,
    lambda r: "ke" + r + "an",
    lambda r: _pen(r),
    lambda r: _pen(r) + "an",
    lambda r: "per" + r + "an",
    lambda r: r + "an",
    lambda r: r + "nya",
    lambda r: "se" + r + "nya",
    lambda r: r + "lah",
    lambda r: _men(r) + "nya",
    lambda r: r + "-" + r,
    lambda r: "ber" + r + "-" + r,
]


@pytest.fixture(scope="module")
def generated_words() -> list[str]:
    rng = random.Random(20191309)
    roots = rng.sample(sastrawi_roots(), 1500)
    words = {affix(r) for r in roots for affix in rng.sample(AFFIXES, 5)}
    return sorted(words)


def test_generated_list_is_large_enough(generated_words):
    assert len(generated_words) >= 5000


def test_pure_stems_equal_sastrawi_on_generated_words(generated_words, sastrawi_stemmer):
    ours = tk.stem_words(generated_words, overrides=False)
    theirs = [sastrawi_stemmer.stem(w) for w in generated_words]
    mismatches = [(w, a, b) for w, a, b in zip(generated_words, ours, theirs) if a != b]
    assert mismatches == []


def test_with_overrides_only_documented_words_differ(generated_words, sastrawi_stemmer):
    table = tk.load_overrides()
    mapping = dict(zip(table["word"], table["stem"]))
    words = generated_words + list(mapping) + [w + "nya" for w in mapping]
    ours = tk.stem_words(words)
    for word, got in zip(words, ours):
        host = word[:-3] if word.endswith("nya") and word[:-3] in mapping else None
        if word in mapping:
            assert got == mapping[word], word
        elif host is not None:
            assert got == mapping[host], word
        else:
            assert got == sastrawi_stemmer.stem(word), word


def test_every_sample_token_matches_sastrawi(sastrawi_stemmer):
    tokens = tk.prepare(tk.load_sample(), overrides=False)
    assert len(tokens) > 300
    for token, got in zip(tokens["token"], tokens["stem"]):
        assert got == sastrawi_stemmer.stem(token), token


def test_reported_errors_are_fixed():
    # word -> (Sastrawi's wrong stem, the right root), from public reports against Sastrawi
    cases = {
        "memerangi": ("rang", "perang"),
        "menerangi": ("rang", "terang"),
        "berupa": ("upa", "rupa"),
        "senilai": ("nila", "nilai"),
        "berbasis": ("bas", "basis"),
        "beragam": ("agam", "ragam"),
        "perbankan": ("perban", "bank"),
        "penyelidikan": ("lidi", "selidik"),
        "memasuki": ("pasuk", "masuk"),
        "mengunjungi": ("unjung", "kunjung"),
        "memuaskan": ("muas", "puas"),
        "menyepakati": ("pakat", "sepakat"),
        "relawan": ("rawan", "relawan"),  # -wan nouns stay whole (wartawan, karyawan)
    }
    for word, (wrong, right) in cases.items():
        assert tk.stem_word(word, overrides=False) == wrong, word
        assert tk.stem_word(word) == right, word


def test_protected_names_are_not_stemmed():
    for name, mangled in {"bekasi": "bekas", "bali": "bal", "berlin": "lin"}.items():
        assert tk.stem_word(name, overrides=False) == mangled
        assert tk.stem_word(name) == name
        assert tk.stem_word(name.capitalize()) == name


def test_clitic_on_overridden_host():
    assert tk.stem_word("memeranginya") == "perang"
    assert tk.stem_word("balinya") == "bali"


def test_every_shipped_override_changes_sastrawi():
    table = tk.load_overrides()
    unchanged = [w for w, s in zip(table["word"], table["stem"]) if tk.stem_word(w, overrides=False) == s]
    assert unchanged == [], "overrides that change nothing"
    assert table["reason"].str.len().min() > 10
    assert table["word"].is_unique


def test_custom_overrides_dict_and_frame():
    assert tk.stem_word("berupa", overrides={"berupa": "rupa"}) == "rupa"
    assert tk.stem_word("memerangi", overrides={"berupa": "rupa"}) == "rang"  # replaces, not extends
    extended = pd.concat([tk.load_overrides(), pd.DataFrame({"word": ["pasukan"], "stem": ["pasukan"]})])
    s = tk.Stemmer(overrides=extended)
    assert s.stem_words(["pasukan", "memerangi"]) == ["pasukan", "perang"]


def test_bad_overrides_argument():
    with pytest.raises(TypeError, match="overrides="):
        tk.stem_word("makan", overrides="yes")
    with pytest.raises(ValueError, match="non-empty"):
        tk.Stemmer(overrides={"makan": ""})


def test_stem_words_stems_each_distinct_word_once(monkeypatch):
    calls = []
    core = stemming._sastrawi.sastrawi_stemmer()

    class Counting:
        def stem(self, word):
            calls.append(word)
            return core.stem(word)

    monkeypatch.setattr(stemming.stemmer, "_core", lambda engine="rules": Counting())
    s = tk.Stemmer(overrides=False, persistent=False)
    out = s.stem_words(["makanan", "minuman", "makanan", "makanan"])
    assert out == ["makan", "minum", "makan", "makan"]
    assert sorted(calls) == ["makanan", "minuman"]
    assert s.cache_size() == 2


def test_stem_adds_column_without_mutating(tiny_docs):
    tokens = tk.tokenize(tk.segment(tiny_docs))
    before = tokens.copy()
    out = tk.stem(tokens)
    pd.testing.assert_frame_equal(tokens, before)
    assert list(out.columns) == list(tokens.columns) + ["stem"]
    assert out["stem"].tolist() == [tk.stem_word(t) for t in tokens["token"]]


def test_stem_missing_column():
    with pytest.raises(KeyError, match="lacks the column"):
        tk.stem(pd.DataFrame({"word": ["makan"]}))


def test_malformed_override_files(tmp_path):
    good_protected = tmp_path / "p.csv"
    good_protected.write_text("word,kind,reason\nbali,place,island\n", encoding="utf-8")
    bad = tmp_path / "o.csv"
    bad.write_text("word,stem,reason\nberupa,rupa,ok\nmemerangi,,missing stem\n", encoding="utf-8")
    with pytest.raises(ResourceError, match=r"o\.csv: line 3: field 'stem' is empty"):
        tk.load_overrides(overrides_path=bad, protected_path=good_protected)
    bad.write_text("word,stemm,reason\n", encoding="utf-8")
    with pytest.raises(ResourceError, match=r"line 1: .*lacks the column\(s\) stem"):
        tk.load_overrides(overrides_path=bad, protected_path=good_protected)
    bad.write_text("word,stem,reason\nBerupa,rupa,capital\n", encoding="utf-8")
    with pytest.raises(ResourceError, match=r"line 2: field 'word' is 'Berupa'"):
        tk.load_overrides(overrides_path=bad, protected_path=good_protected)
    bad.write_text("word,stem,reason\nbali,bal,dup\n", encoding="utf-8")
    with pytest.raises(ResourceError, match=r"'bali' is already listed"):
        tk.load_overrides(overrides_path=bad, protected_path=good_protected)
    good_protected.write_text("word,kind,reason\nbali,island,x\n", encoding="utf-8")
    bad.write_text("word,stem,reason\n", encoding="utf-8")
    with pytest.raises(ResourceError, match=r"p\.csv: line 2: field 'kind' is 'island'"):
        tk.load_overrides(overrides_path=bad, protected_path=good_protected)
    bad.write_bytes(b"word,stem,reason\nber\xffupa,rupa,x\n")
    with pytest.raises(ResourceError, match=r"line 2: bytes at offset 20 are not valid UTF-8"):
        tk.load_overrides(overrides_path=bad, protected_path=good_protected)


def test_check_sastrawi_accepts_installed():
    assert stemming.check_sastrawi() == "1.2.1"


def test_check_sastrawi_rejects_old_code(monkeypatch):
    from Sastrawi.Dictionary import ArrayDictionary as mod

    class OldDictionary:
        def __init__(self, words=None):
            self.words = []

    monkeypatch.setattr(mod, "ArrayDictionary", OldDictionary)
    with pytest.raises(SastrawiVersionError, match="old 1.0.1"):
        stemming.check_sastrawi()


def test_check_sastrawi_rejects_old_distribution(monkeypatch):
    from importlib import metadata

    real = metadata.version

    def fake(name):
        if name == "Sastrawi":
            return "1.0.1"
        return real(name)

    monkeypatch.setattr(metadata, "version", fake)
    with pytest.raises(SastrawiVersionError, match=r"'Sastrawi' 1\.0\.1 is installed.*PySastrawi==1\.2\.1"):
        stemming.check_sastrawi()


# -- words Sastrawi leaves empty ---------------------------------------------------
# Sastrawi keeps only a-z, 0-9 and hyphens: of these words it keeps nothing.
EMPTIED = {
    "习近平": "习近平",  # Chinese script
    "北京": "北京",
    "السلام": "السلام",  # Arabic script
    "שלום": "שלום",  # Hebrew script
    "\u0301\u0301": "\u0301\u0301",  # combining marks only
    "Äö": "äö",  # letters Sastrawi does not know, upper case: lower-cased
    "\uff22\uff45\uff49\uff4a\uff49\uff4e\uff47": "beijing",  # full-width Latin: NFKC makes it plain
}


def test_sastrawi_leaves_these_words_empty(sastrawi_stemmer):
    assert [sastrawi_stemmer.stem(w) for w in EMPTIED] == [""] * len(EMPTIED)


@pytest.mark.parametrize("overrides", [True, False])
def test_emptied_words_keep_their_normalised_form(overrides):
    s = tk.Stemmer(overrides=overrides, persistent=False)
    assert s.stem_words(list(EMPTIED)) == list(EMPTIED.values())
    fresh = tk.Stemmer(overrides=overrides, persistent=False)
    assert [fresh.stem_word(w) for w in EMPTIED] == list(EMPTIED.values())


def test_empty_or_blank_word_is_refused():
    for bad in ["", "  ", "\t"]:
        with pytest.raises(ValueError, match="must not be empty or blank"):
            tk.Stemmer(persistent=False).stem_words(["kerja", bad])
        with pytest.raises(ValueError, match="must not be empty or blank"):
            tk.Stemmer(persistent=False).stem_word(bad)


def test_no_empty_stem_or_term_end_to_end():
    docs = pd.DataFrame({"doc_id": ["a"], "text": [
        "习近平 bertemu 习近平 dan 北京 menyambut السلام السلام שלום \u0301\u0301 Ｂｅｉｊｉｎｇ"]})
    tokens = tk.prepare(docs)
    assert tokens["stem"].tolist() == ["习近平", "temu", "习近平", "dan", "北京", "sambut", "السلام", "السلام",
                                       "שלום", "\u0301\u0301", "beijing"]
    counts = tk.count_terms(tokens, by=[])  # "dan" is a stop word
    assert dict(zip(counts["term"], counts["count"])) == {
        "习近平": 2, "السلام": 2, "temu": 1, "北京": 1, "sambut": 1, "שלום": 1, "\u0301\u0301": 1, "beijing": 1}
    assert set(tk.top_terms(counts, n=2)["term"]) == {"习近平", "السلام"}
    top = tk.top_terms(tk.count_terms(tokens, by=[], forms=True), n=3)  # a stray combining mark is not a number
    assert dict(zip(top["term"], top["count"])) == {
        "习近平": 2, "السلام": 2, "temu": 1, "北京": 1, "sambut": 1, "שלום": 1, "\u0301\u0301": 1, "beijing": 1}
    by_token = tk.count_terms(tokens, by=[], term="token")
    assert "" not in set(by_token["term"]) and by_token["count"].sum() == 10


# -- parallel stemming and engines --------------------------------------------------
@pytest.mark.parametrize("engine", ["rules", "pysastrawi"])
def test_parallel_stemming_is_identical(generated_words, sastrawi_stemmer, engine, monkeypatch):
    words = generated_words[:3000]
    monkeypatch.setitem(stemming.stemmer._PARALLEL_MIN_WORDS, engine, 1000)  # make sure the process pool is used
    used = []
    real = tk.Stemmer._stem_parallel
    monkeypatch.setattr(tk.Stemmer, "_stem_parallel", staticmethod(lambda *a: used.append(1) or real(*a)))
    parallel = tk.Stemmer(overrides=False, persistent=False, engine=engine).stem_words(words, n_jobs=2, progress=False)
    assert used and parallel == [sastrawi_stemmer.stem(w) for w in words]
    with pytest.raises(ValueError, match="n_jobs=0"):
        tk.Stemmer(persistent=False).stem_words(["a"], n_jobs=0)


def test_rules_engine_is_the_default_and_fast_path(monkeypatch):
    def refuse(words=None):
        raise AssertionError("PySastrawi's own code must not run for the default engine")

    monkeypatch.setattr(stemming._sastrawi, "sastrawi_stemmer", refuse)
    s = tk.Stemmer(overrides=False, persistent=False)
    assert s.engine == "rules"
    assert s.stem_words(["memperkuat", "pembangunan"]) == ["kuat", "bangun"]
