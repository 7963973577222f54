"""The theme report of toolkit.reports (python -m toolkit report): tables, charts and the HTML page."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

import toolkit as tk
from toolkit.reports import write_report
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


def test_page_lays_out_the_charts_and_tables_in_order(report):
    """The page's parts, in order, with the rows of each table (25 shown at most; KWIC lines 30): a change to how
    the page is put together shows here."""
    out, result = report
    page = (out / "index.html").read_text(encoding="utf-8")
    assert re.findall(r"<img src='([^']+)'", page) == ["top_terms.png", "theme_rates.png", "theme_shares.png",
                                                      "heatmap.png", "dispersion.png", "network.png"]
    assert [Path(p).name for p in result["paths"].values()][-7:] == [
        "top_terms.png", "theme_rates.png", "theme_shares.png", "heatmap.png", "dispersion.png", "network.png",
        "index.html"]
    sections = re.split(r"<h2>(.*?)</h2>", page)
    assert sections[1::2] == ["Theme rates", "Which entries produced the counts (most hits first)", "Top 20 terms",
                              "Theme hits in context (first 30)"]
    expected = [len(pd.read_csv(out / f"{name}.csv")) for name in ("rates", "explain", "top_terms")]
    rows = [part.count("<tr") - 1 for part in sections[2::2]]  # (the header row)
    assert rows == [min(n, 25) for n in expected] + [min(result["hits"], 30)]
    assert f"<p>1 documents, {result['tokens']:,} tokens, {result['hits']:,} theme hits; lexicons: " \
           "cooperation, security. Tables: <a href='hits.csv'>hits.csv</a>, <a href='rates.csv'>rates.csv</a>, " \
           "<a href='decisions.csv'>decisions.csv</a>, <a href='top_terms.csv'>top_terms.csv</a>, " \
           "<a href='explain.csv'>explain.csv</a> (also as Parquet).</p>" in page


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


# Worked by hand, with a hand-made lexicon: zulu "keamanan" (3 hits, all in a), alpha "negara" (1, in a),
# beta "cuaca" (1, in b); document c is empty.
HAND_LEXICON = "theme,entry,match\nalpha,negara,word\nbeta,cuaca,word\nzulu,keamanan,word\n"
HAND_DOCS = pd.DataFrame({"doc_id": ["a", "b", "c"],
                          "text": ["Keamanan negara. Keamanan dan keamanan.", "Cuaca cerah.", ""]})


@pytest.fixture(scope="module")
def hand_report(tmp_path_factory):
    out = tmp_path_factory.mktemp("hand")
    lexicon = out / "hand.csv"
    lexicon.write_text(HAND_LEXICON, encoding="utf-8")
    return out, write_report(HAND_DOCS, out / "report", lexicons=[str(lexicon)], xlsx=True)


def test_entries_table_is_sorted_by_hits_then_entry(hand_report):
    out, _ = hand_report
    explain = pd.read_csv(out / "report" / "explain.csv")
    # most hits first; the two entries with one hit in entry order (cuaca before negara), not by theme
    assert explain[["theme", "entry", "hits"]].values.tolist() == [
        ["zulu", "keamanan", 3], ["beta", "cuaca", 1], ["alpha", "negara", 1]]
    page = (out / "report" / "index.html").read_text(encoding="utf-8")
    assert page.index("<td>keamanan</td>") < page.index("<td>cuaca</td>") < page.index("<td>negara</td>")


def test_per_document_rates_list_the_empty_document(hand_report):
    out, _ = hand_report
    rates = pd.read_csv(out / "report" / "rates.csv")
    # a: keamanan negara keamanan dan keamanan = 5 tokens, zulu 3 hits: 3 / 5 x 1,000 = 600; c: no tokens, no rate
    assert sorted(set(rates["doc_id"])) == ["a", "b", "c"]
    c = rates[rates["doc_id"] == "c"]
    assert (c["tokens"] == 0).all() and (c["hits"] == 0).all() and c["rate_per_1000"].isna().all()
    a = rates[rates["doc_id"] == "a"].set_index("theme")
    assert a.loc["zulu", "tokens"] == 5 and a.loc["zulu", "rate_per_1000"] == pytest.approx(3 / 5 * 1000)


def test_report_workbook_holds_the_five_tables(hand_report):
    out, result = hand_report
    assert result["paths"]["report.xlsx"] == str(out / "report" / "report.xlsx")
    sheets = pd.read_excel(out / "report" / "report.xlsx", sheet_name=None)
    assert list(sheets) == ["hits", "rates", "decisions", "top_terms", "explain"]
    assert sheets["explain"]["entry"].tolist() == ["keamanan", "cuaca", "negara"]
    assert len(sheets["hits"]) == 5 and len(sheets["rates"]) == 3 * 3  # 5 hits; 3 documents x 3 themes
    assert "href='report.xlsx'" in (out / "report" / "index.html").read_text(encoding="utf-8")


def test_report_xlsx_without_openpyxl_names_the_extra(tmp_path, monkeypatch, capsys):
    import sys

    monkeypatch.setitem(sys.modules, "openpyxl", None)
    with pytest.raises(ImportError, match=r'pip install "toolkit\[excel\]"'):
        write_report(HAND_DOCS, tmp_path / "r", xlsx=True)
    assert not (tmp_path / "r").exists()  # refused before any work
    assert main(["report", "--sample", "--out", str(tmp_path / "s"), "--xlsx"]) == 1
    assert 'toolkit[excel]' in capsys.readouterr().err


# --- the report folder is replaced whole, or not at all -----------------------------------------------

_SMALL = pd.DataFrame({"doc_id": ["a", "b"], "text": ["Kerja sama keamanan kedua negara.", "Pelabuhan baru dibuka."],
                       "date": ["2019-09-01", "2019-10-01"]})


def test_an_interrupted_report_leaves_the_earlier_one_as_it_was(tmp_path, monkeypatch):
    out = tmp_path / "report"
    write_report(_SMALL, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    assert "timeline.png" in before and "hits.csv" in before

    def broken(*args, **kwargs):
        raise KeyboardInterrupt  # the user stops the run half-way (after the tables were written)

    monkeypatch.setattr(tk.plot, "cooccurrence_network", broken)
    with pytest.raises(KeyboardInterrupt):
        write_report(_SMALL.iloc[:1], out)  # one document: different tables, no timeline
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report"], "the temporary folder was left behind"


def test_a_new_report_replaces_every_file_of_the_earlier_one(tmp_path):
    out = tmp_path / "report"
    write_report(_SMALL, out)
    assert (out / "timeline.png").exists()
    result = write_report(_SMALL.iloc[:1], out)  # one date: no timeline this time
    assert not (out / "timeline.png").exists(), "a chart of the earlier report survived"
    assert {Path(path).parent for path in result["paths"].values()} == {out}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report"]
    assert pd.read_csv(out / "hits.csv")["doc_id"].eq("a").all()


def test_a_folder_with_other_files_is_refused(tmp_path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.docx").write_bytes(b"not a report file")
    with pytest.raises(FileExistsError, match="notes.docx"):
        write_report(_SMALL, out)
    assert sorted(p.name for p in out.iterdir()) == ["notes.docx"]
    (tmp_path / "afile").write_text("x")
    with pytest.raises(FileExistsError, match="is a file"):
        write_report(_SMALL, tmp_path / "afile")
