"""Tests for toolkit.scale: iter_corpus, analyze (chunked) and analyze_dask.

Every expected table comes from the independent in-memory path
(tk.load_corpus + tk.prepare + tk.find_themes + tk.theme_rates /
tk.count_terms / tk.explain_themes on the whole corpus); byte offsets, line
numbers and row numbers are computed from the raw bytes or from the way the
test corpus was built, never read off the code under test.
"""

from __future__ import annotations

import gc
import json
import random
import sys
import tracemalloc
import warnings
import weakref
from fractions import Fraction
from pathlib import Path

import numpy as np
import pandas as pd
import pandas.testing as pdt
import pytest

import toolkit as tk
from toolkit import scale
from toolkit.corpus import _decoding
from toolkit.errors import ColumnError, CorpusError, EmptyTextWarning
from toolkit.scale import analyze, analyze_dask, iter_corpus

pytestmark = pytest.mark.filterwarnings("ignore::toolkit.errors.EmptyTextWarning")

SOURCES = ("kompas", "tempo", "antara", "detik")
RARE_WORDS = ("nelayan", "petani", "guru", "dokter", "perawat", "pelajar", "pedagang", "buruh", "sopir", "pilot",
              "hakim", "jaksa", "wartawan", "penulis", "pelukis", "penyanyi", "atlet", "arsitek", "bidan", "peneliti")
EMPTY_ROWS = {5: "", 17: "   \n "}  # 0-based row -> text: kept as documents without tokens, warned about
STOPWORDS_ROW = 30  # a document of stop words only: tokens, but nothing counted by count_terms' default
N_DOCS = 40
CHUNK = 7  # 40 documents in chunks of 7: 6 chunks, the last one of 5


def _sentences() -> list[str]:
    return tk.segment(tk.load_sample(), unit="sentence")["text"].tolist()


def make_corpus(n: int = N_DOCS, seed: int = 7) -> pd.DataFrame:
    """A synthetic Indonesian corpus: sentences of the bundled article in random paragraphs, with metadata."""
    rng = random.Random(seed)
    sentences = _sentences()
    rows = []
    for i in range(n):
        paragraphs = [" ".join(rng.sample(sentences, rng.randint(1, 3))) for _ in range(rng.randint(1, 3))]
        paragraphs.append(f"Catatan tentang {rng.choice(RARE_WORDS)}.")  # rare words: corpus totals 0, 1, 2, 3 ...
        rows.append({"id": f"d{i:03d}", "text": "\n\n".join(paragraphs), "source": rng.choice(SOURCES),
                     "date": f"2019-09-{rng.randint(10, 14)}"})
    for row, text in EMPTY_ROWS.items():
        rows[row]["text"] = text
    rows[STOPWORDS_ROW]["text"] = "Dan yang di itu ini, dengan untuk dari pada."
    return pd.DataFrame(rows)


def write_jsonl(frame: pd.DataFrame, path: Path, *, blank_every: int = 0) -> Path:
    lines = []
    for i, record in enumerate(frame.to_dict("records")):
        if blank_every and i and i % blank_every == 0:
            lines.append("")  # blank lines are skipped; line numbers keep counting them
        lines.append(json.dumps(record, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def corpus() -> pd.DataFrame:
    return make_corpus()


@pytest.fixture(scope="module")
def sources(corpus, tmp_path_factory) -> dict:
    """The same corpus as a DataFrame, CSV, JSONL (with blank lines), Parquet (odd row groups) and a folder."""
    root = tmp_path_factory.mktemp("corpus")
    corpus.to_csv(root / "news.csv", index=False)
    write_jsonl(corpus, root / "news.jsonl", blank_every=9)
    corpus.to_parquet(root / "news.parquet", row_group_size=9)
    folder = root / "folder"
    for row in corpus.itertuples():
        path = folder / row.source / f"{row.id}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(row.text.encode("utf-8"))
    return {"frame": corpus, "csv": root / "news.csv", "jsonl": root / "news.jsonl",
            "parquet": root / "news.parquet", "folder": folder}


def quiet_load(source, **kwargs) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", EmptyTextWarning)
        return tk.load_corpus(source, **kwargs)


def in_memory(docs, *, lexicon="all", by="doc_id", count_by=(), min_count=1, term="stem",
              include_stopwords=False, ngram=1, denominator="all", level=1, unit="paragraph",
              speakers=False, overrides=True):
    """The whole-corpus path the streaming results must equal."""
    tokens = tk.prepare(docs, unit=unit, speakers=speakers, overrides=overrides, progress=False)
    hits = tk.find_themes(tokens, lexicon, overrides=overrides)
    rates = tk.theme_rates(hits, tokens, by=by, lexicon=lexicon, level=level, docs=docs, denominator=denominator)
    counts = tk.count_terms(tokens, by=count_by, term=term, include_stopwords=include_stopwords, ngram=ngram,
                            min_count=min_count, docs=docs, denominator=denominator)
    return rates, counts, tk.explain_themes(hits), tokens, hits


def assert_same(result, expected) -> None:
    rates, counts, explain, tokens, _hits = expected
    pdt.assert_frame_equal(result.rates, rates, check_exact=True)
    pdt.assert_frame_equal(result.counts, counts, check_exact=True)
    pdt.assert_frame_equal(result.explain, explain, check_exact=True)
    assert result.tokens == len(tokens)


def run_analyze(source, **kwargs):
    """analyze with small chunks, returning (result, the EmptyTextWarning messages)."""
    kwargs.setdefault("chunksize", CHUNK)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = analyze(source, progress=False, **kwargs)
    return result, [str(w.message) for w in caught if issubclass(w.category, EmptyTextWarning)]


# --------------------------------------------------------------------------
# analyze equals the in-memory path
# --------------------------------------------------------------------------

CONFIGS = {
    "by-doc": dict(by="doc_id", count_by=()),
    "by-source": dict(by="source", count_by="source", min_count=3),
    "whole-corpus": dict(by=[], count_by="doc_id", min_count=2),
    "two-columns": dict(by=["source", "date"], count_by=["date"]),
}
CASES = [(kind, name) for kind in ("frame", "csv", "jsonl", "parquet", "folder") for name in CONFIGS
         if not (kind == "folder" and name in ("by-source", "two-columns"))]  # a folder has no metadata columns
CASES += [("folder", "by-path")]
CONFIGS["by-path"] = dict(by="source_path", count_by="source_path", min_count=2)


@pytest.mark.parametrize(("kind", "config"), CASES, ids=[f"{k}-{c}" for k, c in CASES])
def test_analyze_equals_the_in_memory_path(sources, kind, config):
    options = CONFIGS[config]
    docs = quiet_load(sources[kind])
    expected = in_memory(docs, **options)

    result, messages = run_analyze(sources[kind], **options)

    assert_same(result, expected)
    assert result.documents == N_DOCS
    assert len(messages) == 1  # one summary, not one per chunk
    assert f"{len(EMPTY_ROWS)} of {N_DOCS} documents" in messages[0]


def test_documents_without_tokens_are_groups_with_zero_tokens(sources, corpus):
    result, _ = run_analyze(sources["csv"], lexicon="security", by="doc_id", count_by="doc_id")
    empty_ids = [corpus.loc[row, "id"] for row in EMPTY_ROWS]
    rates = result.rates[result.rates["doc_id"].isin(empty_ids)]
    assert sorted(rates["doc_id"].unique()) == sorted(empty_ids)
    assert (rates["tokens"] == 0).all() and (rates["hits"] == 0).all()
    counts = result.counts[result.counts["doc_id"].isin(empty_ids)]
    assert counts["term"].isna().all() and (counts["count"] == 0).all()
    # the stop-word document has tokens but no counted term
    stop = result.counts[result.counts["doc_id"] == corpus.loc[STOPWORDS_ROW, "id"]]
    assert len(stop) == 1 and stop["term"].isna().all() and (stop["tokens"] > 0).all()


def test_empty_text_summary_names_the_documents_and_rows(sources, corpus):
    _, messages = run_analyze(sources["csv"], lexicon="security")
    for row in EMPTY_ROWS:
        assert f"{corpus.loc[row, 'id']} (row {row + 1})" in messages[0]
    assert messages[0].startswith(str(sources["csv"]))


def test_min_count_applies_to_corpus_totals_not_chunk_totals(sources):
    # with two documents per chunk every term's chunk count is small; the corpus total decides
    docs = quiet_load(sources["frame"])
    expected = in_memory(docs, lexicon="security", by=[], count_by="source", min_count=3)
    every_term = in_memory(docs, lexicon="security", by=[], count_by="source", min_count=1)[1]
    totals = every_term.groupby("term")["count"].sum()
    assert (totals < 3).any() and (totals >= 3).any()  # min_count=3 keeps some terms and drops others
    result, _ = run_analyze(sources["frame"], lexicon="security", by=[], count_by="source", min_count=3, chunksize=2)
    assert_same(result, expected)
    assert set(result.counts["term"].dropna()) == set(totals[totals >= 3].index)


def test_analyze_options_equal_the_in_memory_path(sources):
    options = dict(by="speaker", count_by="speaker", speakers=True, denominator="content", term="token",
                   include_stopwords=True, ngram=2, min_count=2, level=None, unit="sentence")
    docs = quiet_load(sources["frame"])
    expected = in_memory(docs, **options)
    result, _ = run_analyze(sources["frame"], **options)
    assert_same(result, expected)


def test_group_with_missing_values_and_non_text_metadata(corpus):
    frame = corpus.copy()
    frame.loc[[3, 9, 36], "source"] = None  # missing group values form their own group
    frame["date"] = pd.to_datetime(frame["date"]).dt.tz_localize("Asia/Jakarta")
    frame["year"] = np.int64(2019) + (np.arange(len(frame)) % 3)
    for options in (dict(by="source", count_by="source"), dict(by=["date", "year"], count_by="year")):
        expected = in_memory(quiet_load(frame), lexicon="security", **options)
        result, _ = run_analyze(frame, lexicon="security", **options)
        assert_same(result, expected)


def test_lexicon_table_with_dyadic_weights_is_exact(sources):
    lexicon = tk.make_lexicon([
        {"theme": "bilateral", "entry": "kerja sama", "match": "phrase", "weight": 0.5},
        {"theme": "bilateral", "entry": "tiongkok", "match": "word", "weight": 2},
        {"theme": "asia/central", "entry": "kazakhstan", "match": "word", "weight": 0.25},
        {"theme": "asia/central", "entry": "kazakhstan tiongkok", "match": "phrase", "weight": 0},
    ])
    for by in ("source", []):
        expected = in_memory(quiet_load(sources["jsonl"]), lexicon=lexicon, by=by)
        result, _ = run_analyze(sources["jsonl"], lexicon=lexicon, by=by)
        assert_same(result, expected)


def test_weights_that_are_not_exact_in_binary_give_the_exact_sum(sources):
    lexicon = tk.make_lexicon([
        {"theme": "bilateral", "entry": "kerja sama", "match": "phrase", "weight": 0.1},
        {"theme": "bilateral", "entry": "tiongkok", "match": "word", "weight": 0.7},
        {"theme": "region", "entry": "kazakhstan", "match": "word", "weight": 1 / 3},
    ])
    docs = quiet_load(sources["frame"])
    rates, counts, explain, tokens, hits = in_memory(docs, lexicon=lexicon, by="source")
    result, _ = run_analyze(sources["frame"], lexicon=lexicon, by="source")

    exact_cols = [c for c in rates.columns if c not in ("weighted", "weighted_rate_per_1000")]
    pdt.assert_frame_equal(result.rates[exact_cols], rates[exact_cols], check_exact=True)
    pdt.assert_frame_equal(result.counts, counts, check_exact=True)
    # the exact sum of the weights, from the in-memory hits, correctly rounded
    joined = hits.merge(docs[["doc_id", "source"]], on="doc_id")
    for row in result.rates.itertuples():
        weights = joined.loc[(joined["source"] == row.source) & (joined["theme"] == row.theme), "weight"]
        assert row.weighted == float(sum((Fraction(w) for w in weights), Fraction(0)))
    pdt.assert_series_equal(result.rates["weighted"], rates["weighted"], check_exact=False, rtol=1e-13)
    pdt.assert_frame_equal(result.explain.drop(columns="weighted"), explain.drop(columns="weighted"),
                           check_exact=True)


def test_numbered_documents_bom_and_tsv(tmp_path, corpus):
    path = tmp_path / "berita.tsv"
    path.write_bytes(b"\xef\xbb\xbf" + corpus.drop(columns="id").to_csv(sep="\t", index=False).encode("utf-8"))
    docs = quiet_load(path)
    assert docs["doc_id"].iloc[[0, -1]].tolist() == ["berita-01", f"berita-{N_DOCS}"]
    expected = in_memory(docs, lexicon="security", by="doc_id")
    result, _ = run_analyze(path, lexicon="security", by="doc_id")
    assert_same(result, expected)


def test_a_single_text_file_and_an_empty_table(tmp_path):
    sample = Path(tk.load_sample()["source_path"].iloc[0])
    assert_same(run_analyze(sample, by="doc_id", count_by="doc_id")[0],
                in_memory(quiet_load(sample), by="doc_id", count_by="doc_id"))
    header_only = tmp_path / "kosong.csv"
    header_only.write_text("id,text,source\n", encoding="utf-8")
    for options in (dict(by="doc_id"), dict(by=[]), dict(by="source", count_by="source")):
        result, _ = run_analyze(header_only, lexicon="security", **options)
        assert_same(result, in_memory(quiet_load(header_only), lexicon="security", **options))
        assert result.documents == 0


def test_analyze_shows_progress_on_stderr_only(sources, capsys):
    pytest.importorskip("tqdm")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", EmptyTextWarning)
        result = analyze(sources["frame"].iloc[:10], lexicon="security", chunksize=4, progress=True)
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "analyze" in captured.err and "/10" in captured.err
    assert result.documents == 10


@pytest.mark.parametrize(("kwargs", "param"), [
    (dict(term="lemma"), "term='lemma'"),
    (dict(denominator="some"), "denominator='some'"),
    (dict(unit="page"), "unit='page'"),
    (dict(min_count=0), "min_count=0"),
    (dict(ngram=1.5), "ngram=1.5"),
    (dict(chunksize=0), "chunksize=0"),
])
def test_bad_options_name_the_parameter_and_value(corpus, kwargs, param):
    with pytest.raises(ValueError, match=param.replace("(", r"\(")):
        analyze(corpus, lexicon="security", progress=False, **kwargs)


def test_unknown_group_column_fails_before_any_work(corpus):
    with pytest.raises(ColumnError, match=r"by=\['sumber'\].*'sumber'.*source"):
        analyze(corpus, lexicon="security", by="sumber", progress=False)
    with pytest.raises(ColumnError, match=r"count_by=\['penulis'\]"):
        analyze(corpus, lexicon="security", count_by="penulis", progress=False)


def test_analyze_does_not_modify_a_dataframe_source(corpus):
    before = corpus.copy()
    run_analyze(corpus, lexicon="security", by="source")
    pdt.assert_frame_equal(corpus, before)


def test_analysis_repr_is_short(corpus):
    result, _ = run_analyze(corpus, lexicon="security", by="source")
    assert repr(result) == (f"Analysis(documents={N_DOCS}, tokens={result.tokens}, rates: {len(result.rates)} rows, "
                            f"counts: {len(result.counts)} rows, explain: {len(result.explain)} rows)")


# --------------------------------------------------------------------------
# iter_corpus
# --------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["frame", "csv", "jsonl", "parquet", "folder"])
def test_chunks_are_the_rows_of_load_corpus(sources, kind):
    whole = quiet_load(sources[kind])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", EmptyTextWarning)
        chunks = list(iter_corpus(sources[kind], chunksize=CHUNK))

    assert [len(c) for c in chunks] == [CHUNK] * (N_DOCS // CHUNK) + [N_DOCS % CHUNK]
    for chunk in chunks:
        assert isinstance(chunk.index, pd.RangeIndex) and chunk.index.start == 0
    pdt.assert_frame_equal(pd.concat(chunks, ignore_index=True), whole, check_exact=True)


def test_source_row_continues_across_chunks(sources):
    frame = pd.concat(iter_corpus(sources["csv"], chunksize=CHUNK), ignore_index=True)
    assert frame["source_row"].tolist() == list(range(1, N_DOCS + 1))
    # JSONL: the line of each record, blank lines counted (independently: from the file's lines)
    lines = sources["jsonl"].read_text(encoding="utf-8").split("\n")
    expected = [i for i, line in enumerate(lines, start=1) if line.strip()]
    frame = pd.concat(iter_corpus(sources["jsonl"], chunksize=CHUNK), ignore_index=True)
    assert frame["source_row"].tolist() == expected
    assert expected[-1] > N_DOCS  # the blank lines make lines and records differ


def test_numbering_without_ids_uses_the_width_of_the_whole_corpus(tmp_path):
    path = tmp_path / "tanpa.jsonl"
    write_jsonl(pd.DataFrame({"isi": [f"Berita nomor {i}." for i in range(1, 13)]}), path)
    ids = [d for chunk in iter_corpus(path, chunksize=5) for d in chunk["doc_id"]]
    assert ids == [f"tanpa-{i:02d}" for i in range(1, 13)]


def test_empty_texts_warn_once_per_chunk_that_has_them(sources, corpus):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for _ in iter_corpus(sources["csv"], chunksize=CHUNK):
            pass
    messages = [str(w.message) for w in caught if issubclass(w.category, EmptyTextWarning)]
    chunks_with_empty = sorted({row // CHUNK for row in EMPTY_ROWS})
    assert len(messages) == len(chunks_with_empty)
    for message, row in zip(messages, sorted(EMPTY_ROWS)):
        assert f"{corpus.loc[row, 'id']} (row {row + 1})" in message


def test_duplicate_ids_across_chunks_name_both_rows(tmp_path, corpus):
    frame = corpus.copy()
    frame.loc[33, "id"] = frame.loc[2, "id"]  # rows 3 and 34, in the first and fifth chunks of 7
    path = tmp_path / "ganda.csv"
    frame.to_csv(path, index=False)
    first = []
    with pytest.raises(CorpusError) as info:
        for chunk in iter_corpus(path, chunksize=CHUNK):
            first.append(chunk)
    message = str(info.value)
    assert "duplicate document ids in column 'id': 'd002' (rows 3 and 34)" in message
    assert len(first) == 33 // CHUNK  # the chunks before the duplicate were read
    with pytest.raises(CorpusError) as whole:
        tk.load_corpus(path)
    assert message == str(whole.value)


def test_duplicate_ids_in_jsonl_name_both_lines(tmp_path):
    records = pd.DataFrame({"id": ["a", "b", "c", "d", "b"], "text": ["Satu.", "Dua.", "Tiga.", "Empat.", "Lima."]})
    path = write_jsonl(records, tmp_path / "ganda.jsonl")
    with pytest.raises(CorpusError, match=r"'b' \(lines 2 and 5\)"):
        list(iter_corpus(path, chunksize=2))


def test_undecodable_bytes_in_a_later_chunk_give_the_byte_offset(tmp_path):
    good = "id,text\n" + "".join(f"d{i},Kerja sama ke-{i} \u00e9\n" for i in range(30))
    raw = good.encode("utf-8") + b"d30,bukan \xff utf-8\n"
    path = tmp_path / "rusak.csv"
    path.write_bytes(raw)
    offset = raw.index(b"\xff")
    line = raw[:offset].count(b"\n") + 1
    column = offset - raw[:offset].rfind(b"\n")
    read = []
    with pytest.raises(CorpusError) as info:
        for chunk in iter_corpus(path, chunksize=4):
            read.append(chunk)
    assert f"the bytes at offset {offset} (line {line}, column {column}) are not valid utf-8" in str(info.value)
    with pytest.raises(CorpusError) as whole:
        tk.load_corpus(path)
    assert str(info.value) == str(whole.value)


@pytest.mark.parametrize("block", [3, 5, 64])
def test_decoding_across_block_boundaries(tmp_path, monkeypatch, block):
    # tiny read blocks split multi-byte characters between reads; a BOM and a truncated last character
    monkeypatch.setattr(_decoding, "BLOCK", block)
    body = "id,text\n" + "".join(f"d{i},Kerja sama \u2014 caf\u00e9 {i}\n" for i in range(12))
    path = tmp_path / "blok.csv"
    path.write_bytes(b"\xef\xbb\xbf" + body.encode("utf-8"))
    pdt.assert_frame_equal(pd.concat(iter_corpus(path, chunksize=5), ignore_index=True), tk.load_corpus(path))
    raw = b"\xef\xbb\xbf" + body.encode("utf-8") + b"d12,akhir \xe2\x80"  # cut inside a 3-byte character
    path.write_bytes(raw)
    offset = len(raw) - 2
    line, column = raw[:offset].count(b"\n") + 1, offset - raw[:offset].rfind(b"\n")
    with pytest.raises(CorpusError, match=rf"offset {offset} \(line {line}, column {column}\).*unexpected end"):
        list(iter_corpus(path, chunksize=5))


@pytest.mark.parametrize("encoding", ["cp1252", "utf-16"])
def test_other_encodings(tmp_path, encoding):
    body = "id,text\n" + "".join(f"d{i},caf\u00e9 nomor {i}\n" for i in range(9))
    path = tmp_path / f"{encoding}.csv"
    path.write_bytes(body.encode(encoding))
    chunks = list(iter_corpus(path, chunksize=4, encoding=encoding))
    pdt.assert_frame_equal(pd.concat(chunks, ignore_index=True), tk.load_corpus(path, encoding=encoding))


def test_malformed_jsonl_line_in_a_later_chunk_names_the_line(tmp_path):
    lines = [json.dumps({"id": f"d{i}", "text": f"Berita {i}."}) for i in range(9)]
    lines.insert(4, "")
    lines.append('{"id": "d9", "text": "tanpa penutup"')
    path = tmp_path / "rusak.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    read = []
    with pytest.raises(CorpusError, match=r"rusak\.jsonl: line 11: not valid JSON") as info:
        for chunk in iter_corpus(path, chunksize=3):
            read.append(chunk)
    assert len(read) == 3
    with pytest.raises(CorpusError) as whole:
        tk.load_corpus(path)
    assert str(info.value) == str(whole.value)


def test_jsonl_fields_seen_earlier_stay_in_later_chunks(tmp_path):
    records = [{"id": "a", "text": "Satu.", "source": "kompas"}, {"id": "b", "text": "Dua.", "source": "tempo"},
               {"id": "c", "text": "Tiga."}, {"id": "d", "text": "Empat."}]
    path = tmp_path / "campur.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    chunks = list(iter_corpus(path, chunksize=2))
    assert list(chunks[1].columns) == list(chunks[0].columns)
    assert chunks[1]["source"].isna().all()


def test_parquet_row_groups_do_not_decide_chunk_sizes(tmp_path, corpus):
    path = tmp_path / "grup.parquet"
    corpus.to_parquet(path, row_group_size=4)
    assert [len(c) for c in iter_corpus(path, chunksize=10)] == [10] * (N_DOCS // 10)


def test_parquet_with_a_saved_index(tmp_path, corpus):
    path = tmp_path / "indeks.parquet"
    corpus.set_index("id").to_parquet(path, row_group_size=6)
    pdt.assert_frame_equal(pd.concat(iter_corpus(path, chunksize=CHUNK), ignore_index=True), quiet_load(path))


def test_source_errors_are_those_of_load_corpus(tmp_path):
    for name, content in (("kosong.csv", b"  \n\n"), ("kosong.jsonl", b"\n \n"), ("a.docx", b"x"),
                          ("tanpa-teks.csv", b"a,b\n1,2\n")):
        path = tmp_path / name
        path.write_bytes(content)
        with pytest.raises(CorpusError) as whole:
            tk.load_corpus(path)
        with pytest.raises(CorpusError) as chunked:
            list(iter_corpus(path))
        assert str(chunked.value) == str(whole.value)
    # the source and the options are checked by the call itself, before anything is read
    with pytest.raises(FileNotFoundError, match="tidak-ada.csv"):
        iter_corpus(tmp_path / "tidak-ada.csv")
    with pytest.raises(TypeError, match="not list"):
        iter_corpus(["a.txt"])
    with pytest.raises(ValueError, match="chunksize=-1"):
        iter_corpus(tmp_path / "kosong.csv", chunksize=-1)


# --------------------------------------------------------------------------
# memory
# --------------------------------------------------------------------------


def _long_corpus(n: int, chars: int, seed: int = 3) -> pd.DataFrame:
    rng = random.Random(seed)
    sentences = _sentences()
    rows = []
    for i in range(n):
        text = ""
        while len(text) < chars:
            text += " ".join(rng.sample(sentences, 3)) + "\n\n"
        rows.append({"id": f"d{i:04d}", "text": text, "source": rng.choice(SOURCES)})
    return pd.DataFrame(rows)


def _peak(run) -> int:
    """Peak memory of run(sample): traced Python/numpy memory plus the largest Arrow allocation sampled."""
    import pyarrow as pa

    gc.collect()
    base = pa.total_allocated_bytes()
    arrow = [base]
    tracemalloc.start()
    try:
        run(lambda: arrow.append(pa.total_allocated_bytes()))
        traced = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return traced + max(arrow) - base


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_reading_in_chunks_does_not_hold_the_corpus(tmp_path, suffix):
    small = _long_corpus(30, 8_000)
    big = pd.concat([small.assign(id=small["id"] + f"-{k}") for k in range(4)], ignore_index=True)
    paths = {}
    for name, frame in (("small", small), ("big", big)):
        paths[name] = path = tmp_path / f"{name}{suffix}"
        if suffix == ".csv":
            frame.to_csv(path, index=False)
        elif suffix == ".jsonl":
            write_jsonl(frame, path)
        else:
            frame.to_parquet(path, row_group_size=8)

    def streaming(path):
        def run(sample):
            for _chunk in iter_corpus(path, chunksize=4):
                sample()
        return run

    def whole(path):
        def run(sample):
            docs = tk.load_corpus(path)
            sample()
            del docs
        return run

    streamed = _peak(streaming(paths["small"])), _peak(streaming(paths["big"]))
    loaded = _peak(whole(paths["small"])), _peak(whole(paths["big"]))
    assert loaded[1] > 2.5 * loaded[0]  # the measure sees a corpus held in memory ...
    assert streamed[1] < 1.5 * streamed[0]  # ... and the chunked reader does not hold one


def test_analyze_keeps_one_chunk_at_a_time(corpus, monkeypatch):
    """No chunk's docs or tokens table outlives its turn (weak references are dead by the next chunk)."""
    alive = []
    calls = []
    real_prepare = scale.prepare

    def watching_prepare(docs, **kwargs):
        gc.collect()
        alive.append(sum(ref() is not None for ref in calls))
        tokens = real_prepare(docs, **kwargs)
        calls.extend([weakref.ref(docs), weakref.ref(tokens)])
        return tokens

    monkeypatch.setattr(scale, "prepare", watching_prepare)
    run_analyze(corpus, lexicon="security", by="source", chunksize=5)
    assert len(alive) == N_DOCS // 5
    assert alive == [0] * len(alive)


@pytest.mark.slow
def test_analyze_peak_memory_does_not_grow_with_the_corpus(tmp_path):
    small = _long_corpus(16, 2_500)
    big = pd.concat([small.assign(id=small["id"] + f"-{k}") for k in range(4)], ignore_index=True)
    small.to_csv(tmp_path / "small.csv", index=False)
    big.to_csv(tmp_path / "big.csv", index=False)

    def streaming(name):
        return lambda sample: analyze(tmp_path / name, lexicon="security", by="source", chunksize=4, progress=False)

    def whole(name):
        def run(sample):
            docs = tk.load_corpus(tmp_path / name)
            tokens = tk.prepare(docs, progress=False)
            tk.theme_rates(tk.find_themes(tokens, "security"), tokens, by="source", docs=docs, lexicon="security")
        return run

    streaming("small.csv")(None)  # warm the stem cache, as the in-memory runs below are warm too
    streamed = _peak(streaming("small.csv")), _peak(streaming("big.csv"))
    loaded = _peak(whole("small.csv")), _peak(whole("big.csv"))
    assert loaded[1] > 2.5 * loaded[0]
    assert streamed[1] < 1.5 * streamed[0]


# --------------------------------------------------------------------------
# Dask
# --------------------------------------------------------------------------


def test_analyze_dask_without_dask_says_how_to_install(monkeypatch, corpus):
    monkeypatch.setitem(sys.modules, "dask", None)
    monkeypatch.setitem(sys.modules, "dask.dataframe", None)
    with pytest.raises(ImportError, match=r"pip install 'toolkit\[dask\]'"):
        analyze_dask(corpus)


@pytest.fixture(scope="module")
def dask_docs(corpus):
    pytest.importorskip("dask.dataframe")
    return quiet_load(corpus)


@pytest.mark.parametrize("config", ["by-doc", "by-source", "whole-corpus", "two-columns"])
def test_analyze_dask_equals_the_in_memory_path(dask_docs, config):
    import dask.dataframe as dd

    ddf = dd.from_pandas(dask_docs, npartitions=3)
    docs = ddf.compute()  # Dask keeps text as its own string dtype: the in-memory path on the same frame
    expected = in_memory(docs, **CONFIGS[config])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = analyze_dask(ddf, progress=False, **CONFIGS[config])
    assert_same(result, expected)
    assert result.documents == N_DOCS
    messages = [str(w.message) for w in caught if issubclass(w.category, EmptyTextWarning)]
    assert len(messages) == 1 and f"{len(EMPTY_ROWS)} of {N_DOCS} documents" in messages[0]


def test_analyze_dask_equals_pandas_on_the_original_frame(dask_docs):
    import dask
    import dask.dataframe as dd

    expected = in_memory(dask_docs, by="source", count_by="source", min_count=2)
    with dask.config.set({"dataframe.convert-string": False, "scheduler": "synchronous"}):
        ddf = dd.from_pandas(dask_docs, npartitions=11)
        result = analyze_dask(ddf, by="source", count_by="source", min_count=2, split_every=2, progress=False)
    assert_same(result, expected)


def test_analyze_dask_errors(dask_docs):
    import dask
    import dask.dataframe as dd

    duplicated = dask_docs.copy()
    duplicated.loc[35, "doc_id"] = duplicated.loc[3, "doc_id"]
    with pytest.raises(CorpusError, match=r"duplicate document ids in column 'doc_id': 'd003' \(2 times\)"):
        analyze_dask(dd.from_pandas(duplicated, npartitions=3), lexicon="security", progress=False)
    with pytest.raises(CorpusError, match=r"duplicate document ids in column 'doc_id': 'd003' \(2 times\)"):
        # unchecked, the repeated document is still found when the partitions' parts merge
        analyze_dask(dd.from_pandas(duplicated, npartitions=3), lexicon="security", check_ids=False, progress=False)
    ddf = dd.from_pandas(dask_docs, npartitions=2)
    with pytest.raises(ColumnError, match="'isi'"):
        analyze_dask(ddf, text_col="isi", progress=False)
    with pytest.raises(ColumnError, match=r"by=\['sumber'\]"):
        analyze_dask(ddf, by="sumber", progress=False)
    with pytest.raises(TypeError, match="tk.analyze"):
        analyze_dask(dask_docs, progress=False)
    with dask.config.set({"dataframe.convert-string": False}):  # else Dask turns 5 into "5"
        numbers = dd.from_pandas(pd.DataFrame({"doc_id": ["a", "b"], "text": ["Kerja sama.", 5]}), npartitions=1)
        with pytest.raises(CorpusError, match=r"partition 1: document 'b': the text column 'text' holds a int"):
            analyze_dask(numbers, lexicon="security", progress=False)


def test_segment_by_is_now_unit_with_a_future_warning(sources):
    docs = quiet_load(sources["frame"])
    with pytest.warns(FutureWarning, match="segment_by= is now unit="):
        old = tk.analyze(docs, lexicon="security", segment_by="sentence", chunksize=2)
    new = tk.analyze(docs, lexicon="security", unit="sentence", chunksize=2)
    pd.testing.assert_frame_equal(old.rates, new.rates)


SHARED_OPTIONS = ["lexicon", "by", "count_by", "term", "include_stopwords", "ngram", "min_count", "level",
                  "denominator", "unit", "overrides", "speakers"]


def test_both_signatures_list_the_shared_options_once_defined():
    import inspect

    analyze_params = inspect.signature(analyze).parameters
    dask_params = inspect.signature(analyze_dask).parameters
    assert list(analyze_params) == ["source", *SHARED_OPTIONS, "chunksize", "text_col", "id_col", "date_col", "html",
                                    "encoding", "progress"]
    assert list(dask_params) == ["ddf", *SHARED_OPTIONS, "text_col", "id_col", "check_ids", "split_every", "progress"]
    for name in SHARED_OPTIONS:  # same defaults, keyword-only, and described in both docstrings
        assert analyze_params[name].default == dask_params[name].default
        assert analyze_params[name].kind is inspect.Parameter.KEYWORD_ONLY
        for func in (analyze, analyze_dask):
            assert f"\n    {name} : " in func.__doc__, (func.__name__, name)
    assert (analyze_params["by"].default, analyze_params["min_count"].default) == ("doc_id", 1)


def test_an_unknown_option_names_itself(corpus):
    with pytest.raises(TypeError, match="analyze\\(\\): got an unexpected keyword argument 'count_bye'"):
        analyze(corpus, count_bye="source", progress=False)
    with pytest.raises(TypeError, match="too many positional arguments"):
        analyze(corpus, "security")
