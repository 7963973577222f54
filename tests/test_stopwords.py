"""Stop words are flagged, never deleted; the shipped list holds no content words."""

from __future__ import annotations

import re

import pandas as pd
import pytest

import toolkit as tk
from toolkit import _data
from toolkit.errors import ResourceError


def test_flags_without_deleting(tiny_docs):
    tokens = tk.tokenize(tk.segment(tiny_docs))
    out = tk.mark_stopwords(tokens)
    assert len(out) == len(tokens)
    assert out["is_stopword"].dtype == bool
    d1 = out[out["doc_id"] == "d1"].set_index("token")["is_stopword"]
    # kerja and sama are on Sastrawi's list: flagged, and still there
    assert d1["kerja"] and d1["sama"]
    assert not d1["negara"] and not d1["keamanan"] and not d1["memperkuat"]


def test_kerja_sama_stays_findable():
    docs = pd.DataFrame({"doc_id": ["a"], "text": ["Kedua negara sepakat memperdalam kerja sama ekonomi."]})
    tokens = tk.prepare(docs)
    words = tokens["token"].tolist()
    i = words.index("kerja")
    assert words[i + 1] == "sama"
    assert tokens.loc[i, "is_stopword"] and tokens.loc[i + 1, "is_stopword"]


def test_keep_and_extra():
    t = pd.DataFrame({"token": ["kerja", "sama", "tiongkok", "yang"]})
    out = tk.mark_stopwords(t, keep=["Kerja"], extra=["Tiongkok"])
    assert out["is_stopword"].tolist() == [False, True, True, True]


def test_lists_choice():
    ours = tk.load_stopwords(lists=["toolkit"])
    sastrawi = tk.load_stopwords(lists="sastrawi")
    both = tk.load_stopwords()
    assert both == ours | sastrawi
    from Sastrawi.StopWordRemover.StopWordRemoverFactory import StopWordRemoverFactory

    assert sastrawi == frozenset(StopWordRemoverFactory().get_stop_words())
    with pytest.raises(ValueError, match=r"lists='nltk' is not allowed; use one of: 'toolkit', 'sastrawi'"):
        tk.load_stopwords(lists=["nltk"])


CONTENT_WORDS = """kerja sama kerjasama aman keamanan negara pemerintah presiden menteri damai perang
ekonomi dagang perdagangan bilateral multilateral hubungan pihak masalah kasus orang rakyat budaya
strategis kedaulatan militer teroris terorisme konektivitas infrastruktur tiongkok indonesia""".split()


def test_own_list_has_no_content_words():
    ours = tk.load_stopwords(lists=["toolkit"])
    assert len(ours) > 200
    assert sorted(set(CONTENT_WORDS) & ours) == []


def test_own_list_format_and_sections():
    path = _data.data_path("stopwords-id.txt")
    lines = path.read_text(encoding="utf-8").splitlines()
    sections = [line for line in lines if line.startswith("## ")]
    assert len(sections) >= 10
    for line in sections:
        assert re.fullmatch(r"## [^:]+: .{10,}", line), line
    words = [line for line in lines if line.strip() and not line.startswith("#")]
    assert len(words) == len(set(words))
    assert all(re.fullmatch(r"[a-z]+(-[a-z]+)*", w) for w in words)


def test_malformed_stopword_file(tmp_path):
    bad = tmp_path / "sw.txt"
    bad.write_text("dan\nyang\nKerja Sama\n", encoding="utf-8")
    with pytest.raises(ResourceError, match=r"sw\.txt: line 3: 'Kerja Sama' is not a valid entry"):
        _data.read_word_list(bad, what="stop-word list", pattern=re.compile(r"[a-z]+(?:-[a-z]+)*"))


def test_missing_column():
    with pytest.raises(KeyError, match=r"tokens lacks the column\(s\) 'token'; it has: word"):
        tk.mark_stopwords(pd.DataFrame({"word": ["dan"]}))
