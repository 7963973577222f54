"""The persistent stem cache (toolkit/stemming/cache.py, used by toolkit.stemming.Stemmer): an SQLite database."""

from __future__ import annotations

import json
import random
import sqlite3
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pytest

import toolkit as tk
from toolkit import stemming
from toolkit.stemming import cache as stem_cache

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from synthetic import _men, sastrawi_roots  # noqa: E402  (the benchmark's affix generator, shared)

# stems worked out by hand from Indonesian morphology (and Sastrawi's rules)
BY_HAND = {"pembangunan": "bangun", "perdagangan": "dagang", "kemitraan": "mitra", "memperkuat": "kuat",
           "keterbukaan": "buka", "pertahanan": "tahan", "menyambut": "sambut", "bertemu": "temu"}


@pytest.fixture
def cache_folder(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("TOOLKIT_CACHE_DIR", str(folder))
    monkeypatch.setattr(stem_cache, "_UNUSABLE", {})
    return folder


def _forbid_stemming(monkeypatch):
    """From here on, any stem that is not read from the cache fails the test (both engines)."""

    def refuse(engine="rules"):
        raise AssertionError("a word was stemmed although its stem should come from the cache")

    monkeypatch.setattr(stemming.stemmer, "_core", refuse)


def _stored(folder: Path, header: str) -> dict[str, str]:
    """The stems stored under a header, read with sqlite3 directly."""
    with sqlite3.connect(folder / "stems.sqlite3") as con:
        return dict(con.execute("SELECT word, stem FROM stems JOIN caches ON caches.id = stems.cache "
                                "WHERE header = ?", (header,)))


def test_round_trip_through_the_database(cache_folder, monkeypatch):
    words = ["memperkuat", "pembangunan", "keterbukaan", "memerangi", "习近平"]
    first = tk.Stemmer().stem_words(words)
    assert first == ["kuat", "bangun", "buka", "perang", "习近平"]  # memerangi: the documented override
    header = stem_cache.header(tk.Stemmer(persistent=False).fingerprint)
    assert _stored(cache_folder, header) == dict(zip(words, first))
    _forbid_stemming(monkeypatch)
    assert tk.Stemmer().stem_words(words) == first  # a new stemmer (a new session) reads the database


def test_read_once_and_written_in_batches(cache_folder, monkeypatch):
    reads, writes = [], []
    real_read, real_write = stem_cache.read, stem_cache.write
    monkeypatch.setattr(stem_cache, "read", lambda *a: reads.append(1) or real_read(*a))
    monkeypatch.setattr(stem_cache, "write", lambda p, h, entries: writes.append(len(entries)) or real_write(p, h, entries))
    s = tk.Stemmer(overrides=False)
    s.stem_words(["pembangunan", "perdagangan", "kemitraan"])
    s.stem_words(["pembangunan", "pertahanan"])  # one new word
    s.stem_words(["pembangunan"])  # nothing new: nothing written
    assert [s.stem_word(w) for w in ["menyambut", "bertemu"]] == ["sambut", "temu"]  # kept for the next batch
    assert reads == [1] and writes == [3, 1]
    s.flush()
    assert writes == [3, 1, 2]


def test_cache_key_changes_with_overrides_engine_and_version(cache_folder, monkeypatch):
    tk.Stemmer().stem_words(["memerangi"])
    tk.Stemmer(overrides=False).stem_words(["memerangi"])
    tk.Stemmer(overrides=False, engine="pysastrawi").stem_words(["memerangi"])
    info = tk.cache_info()
    assert info["words"].tolist() == [1, 1, 1] and info["current"].sum() == 1
    assert any("engine=pysastrawi" in h for h in info["header"])
    assert tk.Stemmer(overrides=False).stem_words(["memerangi"]) == ["rang"]
    assert tk.Stemmer(overrides={"memerangi": "xyz"}).stem_words(["memerangi"]) == ["xyz"]
    from importlib import metadata

    real = metadata.version
    stem_cache.header.cache_clear()
    monkeypatch.setattr(metadata, "version", lambda name: "9.9.9" if name == "PySastrawi" else real(name))
    newer = stem_cache.header(tk.Stemmer(persistent=False).fingerprint)
    monkeypatch.setattr(metadata, "version", real)
    stem_cache.header.cache_clear()
    assert newer != stem_cache.header(tk.Stemmer(persistent=False).fingerprint)
    assert "pysastrawi=9.9.9" in newer


def test_two_stemmers_of_one_session_merge(cache_folder, monkeypatch):
    a, b = tk.Stemmer(overrides=False), tk.Stemmer(overrides=False)
    a.stem_words(["pembangunan"])
    b.stem_words(["perdagangan"])  # both read the cache before either wrote
    a.stem_words(["kemitraan"])
    _forbid_stemming(monkeypatch)
    fresh = tk.Stemmer(overrides=False)
    assert fresh.stem_words(["pembangunan", "perdagangan", "kemitraan"]) == ["bangun", "dagang", "mitra"]


_WRITER = """
import json, sys, time
from pathlib import Path
import toolkit as tk
words, ready, go = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8")), Path(sys.argv[2]), Path(sys.argv[3])
ready.touch()
while not go.exists():
    time.sleep(0.01)
stemmer = tk.Stemmer(overrides=False)
for i in range(0, len(words), 50):  # many small transactions, interleaved with the other processes'
    stemmer.stem_words(words[i : i + 50], progress=False)
"""


def _word_lists() -> list[list[str]]:
    rng = random.Random(11)
    forms = sorted({f(r) for r in rng.sample(sastrawi_roots(), 900)
                    for f in (_men, lambda r: "ber" + r + "an", lambda r: "ke" + r + "an")})
    rng.shuffle(forms)
    shared, own = forms[:300] + list(BY_HAND)[:4], forms[300:]
    lists = [shared + own[k * 400 : (k + 1) * 400] for k in range(4)]
    lists[0] += list(BY_HAND)[4:6]
    lists[3] += list(BY_HAND)[6:] + ["北京"]
    for words in lists:
        rng.shuffle(words)
    return lists


@pytest.mark.slow  # four interpreters start: 2-8 s
def test_four_processes_write_one_cache_without_losing_entries(cache_folder, tmp_path, sastrawi_stemmer):
    lists = _word_lists()
    assert len(set().union(*lists)) > 1900
    procs = []
    go = tmp_path / "go"
    for k, words in enumerate(lists):
        data = tmp_path / f"words{k}.json"
        data.write_text(json.dumps(words), encoding="utf-8")
        procs.append(subprocess.Popen([sys.executable, "-c", _WRITER, str(data), str(tmp_path / f"ready{k}"), str(go)],
                                      cwd=ROOT, stderr=subprocess.PIPE, text=True))
    deadline = time.monotonic() + 120
    while not all((tmp_path / f"ready{k}").exists() for k in range(4)) and time.monotonic() < deadline:
        time.sleep(0.05)
    go.touch()  # all four start writing at once
    errors = [p.communicate(timeout=180)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0], errors
    assert not any("StemCacheWarning" in e for e in errors), errors
    stored = _stored(cache_folder, stem_cache.header(tk.Stemmer(overrides=False, persistent=False).fingerprint))
    every = sorted(set().union(*lists))
    assert [w for w in every if w not in stored] == []
    assert {w: stored[w] for w in BY_HAND} == BY_HAND
    assert stored["北京"] == "北京"
    wrong = [(w, stored[w]) for w in every if w != "北京" and stored[w] != sastrawi_stemmer.stem(w)]
    assert wrong == []


def _read_only(folder: Path, monkeypatch) -> None:
    """Make the folder read-only; where permissions do not bind (root), refuse writes as the OS would."""
    folder.chmod(0o555)
    probe = folder / "probe"
    try:
        probe.touch()
    except PermissionError:
        return
    probe.unlink()
    real = sqlite3.connect

    def connect(path, *args, **kwargs):
        if Path(path).parent == folder:
            raise sqlite3.OperationalError("unable to open database file")
        return real(path, *args, **kwargs)

    monkeypatch.setattr(stem_cache.sqlite3, "connect", connect)


def _foreign_database(path: Path) -> None:
    with sqlite3.connect(path) as con:
        con.execute("CREATE TABLE photos (name TEXT)")
    con.close()


@pytest.mark.parametrize("case, reason", [
    ("read-only", "read-only or cannot be opened"),
    ("a file", "it is a file, not a folder"),
    ("damaged", "stems.sqlite3 is damaged or not a database"),
    ("foreign", "an SQLite database of another program"),
])
def test_unusable_cache_warns_once_and_stems_in_memory(cache_folder, monkeypatch, case, reason):
    if case == "a file":
        cache_folder.parent.mkdir(parents=True, exist_ok=True)
        cache_folder.write_text("not a folder", encoding="utf-8")
    else:
        cache_folder.mkdir(parents=True)
        if case == "read-only":
            _read_only(cache_folder, monkeypatch)
        elif case == "damaged":
            (cache_folder / "stems.sqlite3").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
        else:
            _foreign_database(cache_folder / "stems.sqlite3")
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            s = tk.Stemmer(overrides=False)
            got = s.stem_words(["pembangunan", "perdagangan"]) + s.stem_words(["kemitraan"])
            got += tk.Stemmer(overrides=False).stem_words(["keterbukaan"])
            info = tk.cache_info()
    finally:
        if cache_folder.is_dir():
            cache_folder.chmod(0o755)
    assert got == ["bangun", "dagang", "mitra", "buka"]
    ours = [w for w in caught if issubclass(w.category, stemming.StemCacheWarning)]
    assert len(ours) == 1, [str(w.message) for w in caught]
    assert str(cache_folder) in str(ours[0].message) and reason in str(ours[0].message)
    assert len(info) == 0
    if case in ("damaged", "foreign"):
        assert (cache_folder / "stems.sqlite3").stat().st_size > 0  # left as it was: it is not ours to repair


def test_clear_cache_info_and_off(cache_folder, monkeypatch):
    tk.Stemmer().stem_words(["pembangunan", "perdagangan"])
    tk.Stemmer(overrides=False).stem_words(["pembangunan"])
    info = tk.cache_info()
    assert sorted(info["words"]) == [1, 2] and info["current"].tolist().count(True) == 1
    (cache_folder / "stems-0123abcd.tsv").write_text("# old format\n", encoding="utf-8")  # the earlier store
    assert tk.clear_cache() == 3  # two caches in the database, one of the old format
    assert len(tk.cache_info()) == 0 and not list(cache_folder.glob("stems-*"))
    _forbid_stemming(monkeypatch)
    with pytest.raises(AssertionError, match="should come from the cache"):
        tk.Stemmer().stem_words(["pembangunan"])
    monkeypatch.setenv("TOOLKIT_CACHE_DIR", "off")
    assert tk.clear_cache() == 0


def test_clear_cache_deletes_a_damaged_database(cache_folder):
    cache_folder.mkdir(parents=True)
    (cache_folder / "stems.sqlite3").write_bytes(b"garbage" * 100)
    assert tk.clear_cache() == 0
    assert not (cache_folder / "stems.sqlite3").exists()
    with warnings.catch_warnings():
        warnings.simplefilter("error", stemming.StemCacheWarning)
        assert tk.Stemmer(overrides=False).stem_words(["kemitraan"]) == ["mitra"]
    assert len(tk.cache_info()) == 1


def test_words_sqlite_cannot_store_are_stemmed_but_not_saved(cache_folder):
    broken = "kata\udcff"  # a lone surrogate, as a bad decoding with errors="surrogateescape" leaves
    s = tk.Stemmer(overrides=False)
    assert s.stem_words([broken, "pembangunan"]) == ["kata", "bangun"]
    header = stem_cache.header(s.fingerprint)
    assert _stored(cache_folder, header) == {"pembangunan": "bangun"}


def test_engines_agree_and_keep_separate_caches(cache_folder):
    words = ["pembangunan", "perdagangan", "kemitraan", "memperkuat", "keterbukaan"]
    rules = tk.Stemmer(overrides=False, engine="rules")
    pysastrawi = tk.Stemmer(overrides=False, engine="pysastrawi")
    assert rules.stem_words(words) == pysastrawi.stem_words(words) == [BY_HAND[w] for w in words]
    headers = sorted(tk.cache_info()["header"])
    assert len(headers) == 2 and any("engine=pysastrawi" in h for h in headers)
    assert any(f"engine=rules-{stemming._rules.RULES_VERSION}" in h for h in headers)
    with pytest.raises(ValueError, match="engine='snowball'"):
        tk.Stemmer(engine="snowball")


def test_default_folder_is_the_platform_cache_folder(monkeypatch, tmp_path):
    import platformdirs

    monkeypatch.delenv("TOOLKIT_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert stemming.cache_dir() == Path(platformdirs.user_cache_dir("toolkit", appauthor=False))
    if sys.platform.startswith("linux"):
        assert stemming.cache_dir() == tmp_path / "toolkit"
    for off in ["off", "", "0"]:
        monkeypatch.setenv("TOOLKIT_CACHE_DIR", off)
        assert stemming.cache_dir() is None
