"""Tests for toolkit.cli: ``python -m toolkit stem`` and ``python -m toolkit summary``."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pandas as pd

from toolkit.cli import main

REPO = Path(__file__).resolve().parents[1]
RAW_SAMPLE = REPO / "data" / "beritasatu-2019-09-13-tiongkok-kazakhstan.txt"


def stem_lines(out: str) -> list[list[str]]:
    return [line.split() for line in out.splitlines() if line.strip()]


def figure(out: str, label: str) -> int:
    m = re.search(rf"^\s*{label}: (\d+)", out, flags=re.MULTILINE)
    assert m, f"no '{label}:' line in:\n{out}"
    return int(m.group(1))


def test_stem_prints_each_word_with_its_stem(capsys):
    assert main(["stem", "memerangi", "kerja"]) == 0
    out = capsys.readouterr().out
    # memerangi -> perang is the documented override of Sastrawi's "rang"
    assert stem_lines(out) == [["memerangi", "perang"], ["kerja", "kerja"]]


def test_stem_no_overrides_gives_sastrawi_own(capsys):
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    words = ["memerangi", "kerja", "pasukannya"]
    sastrawi = StemmerFactory().create_stemmer()
    expected = [[w, sastrawi.stem(w)] for w in words]
    assert expected[0] == ["memerangi", "rang"]  # the known Sastrawi error, kept with --no-overrides

    assert main(["stem", "--no-overrides", *words]) == 0
    assert stem_lines(capsys.readouterr().out) == expected


def test_stem_never_prints_an_empty_stem(capsys):
    # Sastrawi keeps only a-z, 0-9 and hyphens: it would leave nothing of these words
    assert main(["stem", "习近平", "السلام", "memerangi"]) == 0
    assert stem_lines(capsys.readouterr().out) == [["习近平", "习近平"], ["السلام", "السلام"], ["memerangi", "perang"]]
    assert main(["stem", "kerja", ""]) == 2
    assert "error: words must not be empty or blank; got ''" in capsys.readouterr().err


def _sample_paragraphs() -> int:
    """Body paragraphs of the raw file: between the byline and the 'Sumber:' line, split at blank lines."""
    lines = RAW_SAMPLE.read_text(encoding="utf-8").split("\n")
    byline = next(i for i, line in enumerate(lines) if line.endswith("WIB"))
    closing = next(i for i, line in enumerate(lines) if line.startswith("Sumber:"))
    body = "\n".join(lines[byline + 1 : closing])
    return len([p for p in re.split(r"\n\s*\n", body) if p.strip()])


def test_summary_sample_prints_documents_and_paragraphs(capsys):
    paragraphs = _sample_paragraphs()
    assert paragraphs == 13  # also the number on the data card

    assert main(["summary", "--sample"]) == 0
    out = capsys.readouterr().out
    assert figure(out, "documents") == 1
    assert figure(out, "paragraphs") == paragraphs
    assert "top 20 content stems" in out


def test_summary_path_out_writes_files(tmp_path, capsys):
    src = tmp_path / "berita.csv"
    src.write_text(
        "id,isi\n"
        'a,"Kedua negara memperkuat kerja sama keamanan.\n\nNegara itu aman."\n'
        "b,Tiongkok dan Kazakhstan.\n",
        encoding="utf-8",
    )
    out_dir = tmp_path / "laporan"

    assert main(["summary", str(src), "--out", str(out_dir), "-n", "3"]) == 0
    out = capsys.readouterr().out

    for name in ["summary.md", "top_stems.csv", "themes.csv"]:
        assert (out_dir / name).is_file()
        assert str(out_dir / name) in out
    assert not (out_dir / "tokens.csv").exists()  # only with --tokens
    assert figure(out, "documents") == 2
    assert figure(out, "paragraphs") == 3  # two in a, one in b
    md = (out_dir / "summary.md").read_text(encoding="utf-8")
    assert md.startswith(f"# Summary of {src}\n")
    assert "- documents: 2 (0 empty)" in md
    # kedua negara memperkuat kerja sama keamanan negara itu aman tiongkok dan kazakhstan
    assert re.search(r"^- tokens: 12 ", md, flags=re.MULTILINE)
    assert main(["summary", str(src), "--out", str(out_dir), "--tokens"]) == 0
    assert f"tokens: {out_dir / 'tokens.csv'}" in capsys.readouterr().out
    tokens = pd.read_csv(out_dir / "tokens.csv", keep_default_na=False)
    assert sorted(set(tokens["doc_id"])) == ["a", "b"]


def test_summary_tokens_needs_out(capsys):
    assert main(["summary", "--sample", "--tokens"]) == 2
    assert "--out" in capsys.readouterr().err


def test_summary_prints_the_main_themes(tmp_path, capsys):
    # by hand: 6 tokens; cooperation "kerja sama" and security "keamanan" once each in the one paragraph:
    # 1 / 6 x 1,000 = 166.7 per 1,000 tokens, present in 1 of 1 paragraph
    src = tmp_path / "berita.txt"
    src.write_text("Kedua negara memperkuat kerja sama keamanan.", encoding="utf-8")
    assert main(["summary", str(src)]) == 0
    lines = [line.split() for line in capsys.readouterr().out.splitlines()]
    assert ["security", "1", "166.7", "1", "of", "1", "(100.0%)"] in lines
    assert ["multilateralism", "0", "0.0", "0", "of", "1", "(0.0%)"] in lines


def test_summary_paragraph_count_does_not_depend_on_out(tmp_path, capsys):
    src = tmp_path / "berita.txt"
    src.write_text("Satu kata.\n\n***\n\nDua kata.", encoding="utf-8")  # 3 blank-line blocks, "***" without a word

    assert main(["summary", str(src), "--out", str(tmp_path / "o")]) == 0
    with_out = figure(capsys.readouterr().out, "paragraphs")
    assert main(["summary", str(src)]) == 0
    without_out = figure(capsys.readouterr().out, "paragraphs")

    # one count everywhere: paragraphs with at least one word, as in the tokens table and tk.detect_themes
    assert with_out == 2
    assert without_out == 2


def test_summary_missing_path_returns_1_with_error(tmp_path, capsys):
    missing = tmp_path / "tidak-ada.csv"
    assert main(["summary", str(missing)]) == 1
    captured = capsys.readouterr()
    assert captured.err.startswith("error:")
    assert str(missing) in captured.err
    assert captured.out == ""


def test_summary_bad_corpus_returns_1_with_the_loader_message(tmp_path, capsys):
    src = tmp_path / "berita.csv"
    src.write_text("judul\nTanpa teks\n", encoding="utf-8")
    assert main(["summary", str(src)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error:")
    assert str(src) in err and "no text column" in err


def test_summary_empty_texts_are_reported_as_a_warning(tmp_path, capsys):
    src = tmp_path / "berita.csv"
    src.write_text("id,text\na,Negara aman.\nb,\n", encoding="utf-8")
    assert main(["summary", str(src)]) == 0
    captured = capsys.readouterr()
    assert len(re.findall(r"^warning:", captured.err, flags=re.MULTILINE)) == 1
    assert "b (row 2)" in captured.err
    assert figure(captured.out, "documents") == 2


def test_summary_with_path_and_sample_returns_2(tmp_path, capsys):
    src = tmp_path / "a.txt"
    src.write_text("Satu.", encoding="utf-8")
    assert main(["summary", str(src), "--sample"]) == 2
    captured = capsys.readouterr()
    assert "error:" in captured.err
    assert captured.out == ""


def test_summary_with_neither_path_nor_sample_returns_2(capsys):
    assert main(["summary"]) == 2
    assert "error:" in capsys.readouterr().err


def test_summary_bad_n_is_an_error_message_not_a_traceback(capsys):
    try:
        rc = main(["summary", "--sample", "-n", "0"])
    except SystemExit as exc:  # argparse rejecting it would be fine too
        rc = exc.code
    assert rc in (1, 2)
    assert "error:" in capsys.readouterr().err


def test_python_m_toolkit_stem_in_a_subprocess():
    proc = subprocess.run(
        [sys.executable, "-m", "toolkit", "stem", "kerja"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["kerja", "kerja"]


def test_date_column_and_html_options_reach_the_loader(tmp_path, capsys):
    corpus = tmp_path / "scraped.csv"
    pd.DataFrame({"id": ["a", "b"], "waktu": ["17 September 2019", "1 Oktober 2019"],
                  "text": ["<p>Kerja sama&nbsp;keamanan.</p><p>Latihan militer.</p>", "<div>Pelabuhan baru.</div>"],
                  }).to_csv(corpus, index=False)
    assert main(["report", str(corpus), "--date-col", "waktu", "--html", "--out", str(tmp_path / "r")]) == 0
    captured = capsys.readouterr()
    assert "look like HTML" not in captured.err  # cleaned, so no warning
    assert (tmp_path / "r" / "timeline.png").is_file()  # the dates of 'waktu' were read: two months
    hits = pd.read_csv(tmp_path / "r" / "hits.csv")
    assert "nbsp" not in " ".join(hits["matched_text"]) and set(hits["seg_id"]) <= {0, 1}
    assert main(["summary", str(corpus), "--out", str(tmp_path / "s")]) == 0  # without --html: one warning
    assert "look like HTML" in capsys.readouterr().err
