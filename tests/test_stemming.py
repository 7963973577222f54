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
    core = stemming._sastrawi()

    class Counting:
        def stem(self, word):
            calls.append(word)
            return core.stem(word)

    monkeypatch.setattr(stemming, "_core", lambda engine="rules": Counting())
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


# -- persistent cache and parallel stemming -------------------------------------
@pytest.fixture
def cache_folder(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("TOOLKIT_CACHE_DIR", str(folder))
    return folder


def _forbid_sastrawi(monkeypatch):
    def boom():
        raise AssertionError("Sastrawi was called although the stem was cached")

    monkeypatch.setattr(stemming, "_sastrawi", boom)


def test_persistent_cache_round_trip(cache_folder, monkeypatch, sastrawi_stemmer):
    words = ["memperkuat", "pembangunan", "keterbukaan", "memerangi"]
    first = tk.Stemmer().stem_words(words)
    files = list(cache_folder.glob("stems-*.tsv"))
    assert len(files) == 1
    _forbid_sastrawi(monkeypatch)
    second = tk.Stemmer().stem_words(words)  # a new stemmer (a new session) reads the file
    assert second == first
    assert first[:3] == [sastrawi_stemmer.stem(w) for w in words[:3]]
    assert first[3] == "perang"  # the override, cached as such under the overrides' key
    assert not list(cache_folder.glob("*.tmp"))


def test_cache_key_changes_with_overrides_and_version(cache_folder, monkeypatch):
    tk.Stemmer().stem_words(["memerangi"])
    tk.Stemmer(overrides=False).stem_words(["memerangi"])
    assert len(list(cache_folder.glob("stems-*.tsv"))) == 2  # one file per overrides set
    assert tk.Stemmer(overrides=False).stem_words(["memerangi"]) == ["rang"]
    assert tk.Stemmer(overrides={"memerangi": "xyz"}).stem_words(["memerangi"]) == ["xyz"]
    from importlib import metadata

    real = metadata.version
    stemming._cache_key.cache_clear()
    monkeypatch.setattr(metadata, "version", lambda name: "9.9.9" if name == "PySastrawi" else real(name))
    key_new, header_new = stemming._cache_key(tk.Stemmer(persistent=False).fingerprint)
    monkeypatch.setattr(metadata, "version", real)
    stemming._cache_key.cache_clear()
    key_old, _ = stemming._cache_key(tk.Stemmer(persistent=False).fingerprint)
    assert key_new != key_old and "pysastrawi=9.9.9" in header_new


def test_damaged_cache_is_rebuilt_with_a_warning(cache_folder, sastrawi_stemmer):
    tk.Stemmer(overrides=False).stem_words(["pembangunan", "keamanan"])
    path = next(cache_folder.glob("stems-*.tsv"))
    text = path.read_text(encoding="utf-8").replace("pembangunan\tbangun", "pembangunan\tSALAH")
    path.write_text(text, encoding="utf-8")  # contents no longer match the checksum
    with pytest.warns(stemming.StemCacheWarning, match="damaged"):
        got = tk.Stemmer(overrides=False).stem_words(["pembangunan"])
    assert got == [sastrawi_stemmer.stem("pembangunan")]
    assert not path.exists()  # never trusted again: deleted, its words stemmed and saved anew
    others = list(cache_folder.glob("stems-*.tsv"))
    assert others and all("SALAH" not in p.read_text(encoding="utf-8") for p in others)
    others[0].write_bytes(b"\xff\xfe garbage")
    with pytest.warns(stemming.StemCacheWarning):
        assert tk.Stemmer(overrides=False).stem_words(["keamanan"]) == ["aman"]


def test_two_writers_merge(cache_folder, monkeypatch):
    a, b = tk.Stemmer(overrides=False), tk.Stemmer(overrides=False)
    a.stem_words(["pembangunan"])
    b.stem_words(["perdagangan"])  # both loaded before either wrote: their files must not overwrite each other
    a.stem_words(["kemitraan"])
    _forbid_sastrawi(monkeypatch)
    fresh = tk.Stemmer(overrides=False)
    assert fresh.stem_words(["pembangunan", "perdagangan", "kemitraan"]) == ["bangun", "dagang", "mitra"]


def test_part_files_are_merged(cache_folder, monkeypatch):
    monkeypatch.setattr(stemming, "_COMPACT_PARTS", 3)
    s = tk.Stemmer(overrides=False)
    words = ["pembangunan", "perdagangan", "kemitraan", "keamanan", "pertahanan"]
    for w in words:
        s.stem_words([w])
    files = list(cache_folder.glob("stems-*"))
    assert len(files) <= 4  # merged into the main file once there were more than 3 parts
    _forbid_sastrawi(monkeypatch)
    assert tk.Stemmer(overrides=False).stem_words(words) == ["bangun", "dagang", "mitra", "aman", "tahan"]


def test_cache_info_clear_and_off(cache_folder, monkeypatch):
    tk.Stemmer().stem_words(["pembangunan", "perdagangan"])
    info = stemming.cache_info()
    assert info["words"].tolist() == [2] and info["current"].tolist() == [True]
    assert stemming.clear_cache() == 1
    assert len(stemming.cache_info()) == 0
    monkeypatch.setenv("TOOLKIT_CACHE_DIR", "off")
    tk.Stemmer().stem_words(["kemitraan"])
    assert not cache_folder.exists() or not list(cache_folder.glob("stems-*"))


@pytest.mark.parametrize("engine", ["rules", "pysastrawi"])
def test_parallel_stemming_is_identical(generated_words, sastrawi_stemmer, engine, monkeypatch):
    words = generated_words[:3000]
    monkeypatch.setitem(stemming._PARALLEL_MIN_WORDS, engine, 1000)  # make sure the process pool is used
    used = []
    real = tk.Stemmer._stem_parallel
    monkeypatch.setattr(tk.Stemmer, "_stem_parallel", staticmethod(lambda *a: used.append(1) or real(*a)))
    parallel = tk.Stemmer(overrides=False, persistent=False, engine=engine).stem_words(words, n_jobs=2, progress=False)
    assert used and parallel == [sastrawi_stemmer.stem(w) for w in words]
    with pytest.raises(ValueError, match="n_jobs=0"):
        tk.Stemmer(persistent=False).stem_words(["a"], n_jobs=0)


def test_cache_survives_newline_translation(cache_folder, monkeypatch):
    """On Windows, text-mode writes turn \\n into \\r\\n; the cache must not depend on text mode."""
    from pathlib import Path

    real = Path.write_text

    def windows_write_text(self, data, encoding=None, errors=None, newline=None):
        return real(self, data.replace("\n", "\r\n"), encoding=encoding, errors=errors)

    monkeypatch.setattr(Path, "write_text", windows_write_text)
    tk.Stemmer(overrides=False).stem_words(["pembangunan"])
    _forbid_sastrawi(monkeypatch)
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error", stemming.StemCacheWarning)
        assert tk.Stemmer(overrides=False).stem_words(["pembangunan"]) == ["bangun"]


def test_engines_agree_and_keep_separate_caches(generated_words, cache_folder):
    words = generated_words[:2000]
    rules = tk.Stemmer(overrides=False, engine="rules")
    pysastrawi = tk.Stemmer(overrides=False, engine="pysastrawi")
    assert rules.stem_words(words, progress=False) == pysastrawi.stem_words(words, progress=False)
    rules.flush()
    pysastrawi.flush()
    assert rules._cache_path()[0] != pysastrawi._cache_path()[0]
    headers = sorted(stemming.cache_info()["header"])
    assert len(headers) == 2 and any("engine=pysastrawi" in h for h in headers)
    assert any(f"engine=rules-{stemming._RULES_VERSION}" in h for h in headers)
    with pytest.raises(ValueError, match="engine='snowball'"):
        tk.Stemmer(engine="snowball")


def test_rules_engine_is_the_default_and_fast_path(monkeypatch):
    def refuse():
        raise AssertionError("PySastrawi's own code must not run for the default engine")

    monkeypatch.setattr(stemming, "_sastrawi", refuse)
    s = tk.Stemmer(overrides=False, persistent=False)
    assert s.engine == "rules"
    assert s.stem_words(["memperkuat", "pembangunan"]) == ["kuat", "bangun"]
