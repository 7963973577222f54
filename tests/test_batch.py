"""The batch report (python -m toolkit report): tables, charts and the HTML page."""

from __future__ import annotations

import re

import pandas as pd
import pytest

import toolkit as tk
from toolkit.batch import write_report
from toolkit.cli import main


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    return out, write_report(tk.load_sample(), out, by="speaker", lexicons=["security", "cooperation"])


def test_tables_equal_the_functions_they_come_from(report):
    out, result = report
    docs = tk.load_sample()
    tokens = tk.prepare(docs, speakers=True)
    lex = tk.load_lexicon(["security", "cooperation"])
    hits = tk.find_themes(tokens, lex)
    decisions = tk.detect_themes(tokens, lex, hits=hits)
    rates = tk.theme_rates(hits, tokens, by="speaker", lexicon=lex, detected=decisions)
    written = pd.read_parquet(out / "rates.parquet")
    pd.testing.assert_frame_equal(written.reset_index(drop=True), rates, check_dtype=False)
    assert {"segments", "segments_present", "present_share"} <= set(rates.columns)
    pd.testing.assert_frame_equal(pd.read_parquet(out / "decisions.parquet"), decisions, check_dtype=False)
    assert len(pd.read_csv(out / "hits.csv")) == len(hits) == result["hits"]
    assert result["tokens"] == len(tokens) and result["documents"] == 1


def test_html_shows_every_chart_and_links_every_table(report):
    out, result = report
    page = (out / "index.html").read_text(encoding="utf-8")
    images = re.findall(r"<img src='([^']+)'", page)
    assert images, "no chart on the page"
    for name in images:
        assert (out / name).is_file() and (out / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert (out / name).with_suffix(".svg").is_file()
    for table in ("hits", "rates", "top_terms", "explain"):
        assert f"href='{table}.csv'" in page
        assert (out / f"{table}.parquet").is_file()
    assert "Xi Jinping" in page and "tiga kekuatan jahat" in page


def test_top_terms_leave_out_numbers(report):
    out, _ = report
    top = pd.read_csv(out / "top_terms.csv")
    assert not top["term"].astype(str).str.fullmatch(r"\d+").any()


def test_cli_report(tmp_path, capsys):
    corpus = tmp_path / "news.csv"
    pd.DataFrame({
        "id": ["a", "b", "c"],
        "date": ["2019-09-01", "2019-10-01", "2019-11-01"],
        "source": ["kompas", "tempo", "kompas"],
        "text": ["Kerja sama keamanan diperkuat.", "Terorisme diperangi bersama.", "Pelabuhan baru dibangun."],
    }).to_csv(corpus, index=False)
    assert main(["report", str(corpus), "--by", "source", "--lexicon", "security", "--out", str(tmp_path / "r")]) == 0
    assert "Report:" in capsys.readouterr().out
    rates = pd.read_csv(tmp_path / "r" / "rates.csv")
    assert set(rates["source"]) == {"kompas", "tempo"} and set(rates["theme"]) == {"security"}
    assert (tmp_path / "r" / "timeline.png").is_file()  # dated corpus: a timeline
    assert main(["report", str(tmp_path / "missing.csv"), "--out", str(tmp_path / "x")]) == 1
    assert "error:" in capsys.readouterr().err
    assert main(["report", "--out", str(tmp_path / "y")]) == 2
