"""Tests for toolkit.keyness.

The statistics are recomputed here with our own four-cell formulas (scipy is
not installed), and one 2x2 table is worked out by hand in the comments.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

import toolkit as tk


def g2_four_cells(a, b, c, d):
    """G2 = 2 * sum O ln(O/E) over the four cells; E = row total * column total / N; O = 0 adds 0."""
    n = a + b + c + d
    cells = [(a, a + b, a + c), (b, a + b, b + d), (c, c + d, a + c), (d, c + d, b + d)]
    return 2 * sum(o * math.log(o / (row * col / n)) for o, row, col in cells if o > 0)


def chi2_yates(a, b, c, d):
    n = a + b + c + d
    return n * (abs(a * d - b * c) - n / 2) ** 2 / ((a + b) * (c + d) * (a + c) * (b + d))


def text(words):
    return " ".join(words) + "."


# target "t": 10 content tokens (ekonomi x6, tiongkok x4) + 2 stop words (dan)
# reference "r": 20 content tokens (ekonomi x4, kazakhstan x16) + 3 stop words (yang)
T_WORDS = ["ekonomi"] * 6 + ["tiongkok"] * 4 + ["dan"] * 2
R_WORDS = ["ekonomi"] * 4 + ["kazakhstan"] * 16 + ["yang"] * 3


@pytest.fixture
def docs():
    return pd.DataFrame({"doc_id": ["t", "r"], "text": [text(T_WORDS), text(R_WORDS)],
                         "source": ["kompas", "tempo"]})


@pytest.fixture
def tokens(docs, sastrawi_stemmer):
    tok = tk.prepare(docs)
    for w in ("ekonomi", "tiongkok", "kazakhstan"):
        assert sastrawi_stemmer.stem(w) == w
    assert set(tok.loc[tok["is_stopword"], "token"]) == {"dan", "yang"}
    assert (tok["token"] == tok["stem"]).all()
    return tok


def row(result, term):
    return result.set_index("term").loc[term]


def test_g2_hand_worked(tokens):
    k = tk.keyness(tokens, target="t")
    assert k.attrs["target_tokens"] == 10 and k.attrs["reference_tokens"] == 20
    r = row(k, "ekonomi")
    assert (r["target_count"], r["reference_count"]) == (6, 4)
    # a = 6, b = 4, c = 10 - 6 = 4, d = 20 - 4 = 16, N = 30
    # E_a = 10*10/30 = 3.333, E_b = 10*20/30 = 6.667, E_c = 20*10/30 = 6.667, E_d = 20*20/30 = 13.333
    # G2 = 2 [6 ln(1.8) + 4 ln(0.6) + 4 ln(0.6) + 16 ln(1.2)]
    #    = 2 [6(0.5877867) + 8(-0.5108256) + 16(0.1823216)]
    #    = 2 [3.5267200 - 4.0866049 + 2.9171452] = 2 (2.3572603) = 4.7145206
    assert g2_four_cells(6, 4, 4, 16) == pytest.approx(4.7145206, abs=1e-6)
    assert abs(r["score"]) == pytest.approx(4.7145206, abs=1e-6)
    assert r["score"] > 0  # 6/10 in the target > 4/20 in the reference
    assert r["measure"] == "g2"
    # p-value, chi-squared with 1 df: erfc(sqrt(x / 2))
    assert r["p_value"] == pytest.approx(math.erfc(math.sqrt(4.7145206 / 2)), rel=1e-6)
    assert 0.025 < r["p_value"] < 0.035  # 4.71 lies between the 5% (3.84) and 2.5% (5.02) critical values
    # log ratio = log2((6/10) / (4/20)) = log2(0.6 / 0.2) = log2(3) = 1.5849625
    assert r["log_ratio"] == pytest.approx(1.5849625, abs=1e-6)
    # per 1000: 6/10*1000 = 600, 4/20*1000 = 200
    assert r["target_per_1000"] == pytest.approx(600.0)
    assert r["reference_per_1000"] == pytest.approx(200.0)


def test_chi2_yates_hand_worked(tokens):
    k = tk.keyness(tokens, target="t", measure="chi2")
    r = row(k, "ekonomi")
    # ad - bc = 6*16 - 4*4 = 80; (|80| - 30/2)^2 = 65^2 = 4225; N * 4225 = 126750
    # (a+b)(c+d)(a+c)(b+d) = 10 * 20 * 10 * 20 = 40000; chi2 = 126750 / 40000 = 3.16875
    assert chi2_yates(6, 4, 4, 16) == pytest.approx(3.16875)
    assert r["score"] == pytest.approx(3.16875)
    assert r["measure"] == "chi2"
    assert r["p_value"] == pytest.approx(math.erfc(math.sqrt(3.16875 / 2)), rel=1e-6)
    assert r["p_value"] > 0.05  # 3.17 < 3.84


def test_p_value_formula_against_known_critical_value():
    # the 5% critical value of chi-squared with 1 df is 3.841459 (tables)
    assert math.erfc(math.sqrt(3.841459 / 2)) == pytest.approx(0.05, abs=1e-6)


def test_every_term_against_own_formulas(tokens):
    n1, n2 = 10, 20
    for measure, formula in (("g2", g2_four_cells), ("chi2", chi2_yates)):
        k = tk.keyness(tokens, target="t", measure=measure)
        assert set(k["term"]) == {"ekonomi", "tiongkok", "kazakhstan"}
        for _, r in k.iterrows():
            a, b = r["target_count"], r["reference_count"]
            expected = formula(a, b, n1 - a, n2 - b)
            sign = 1 if a / n1 > b / n2 else -1
            assert r["score"] == pytest.approx(sign * expected)
            assert r["p_value"] == pytest.approx(math.erfc(math.sqrt(expected / 2)))


def test_sign_and_zero_count_log_ratio(tokens):
    k = tk.keyness(tokens, target="t")
    t, z = row(k, "tiongkok"), row(k, "kazakhstan")
    assert (t["target_count"], t["reference_count"]) == (4, 0)
    assert (z["target_count"], z["reference_count"]) == (0, 16)
    # tiongkok: log2((4/10) / (0.5/20)) = log2(0.4 / 0.025) = log2(16) = 4
    assert t["log_ratio"] == pytest.approx(4.0)
    # kazakhstan: log2((0.5/10) / (16/20)) = log2(0.05 / 0.8) = log2(1/16) = -4
    assert z["log_ratio"] == pytest.approx(-4.0)
    assert t["score"] > 0 and z["score"] < 0
    # only in the target, so G2 with a zero cell: a=4, b=0, c=6, d=20
    assert t["score"] == pytest.approx(g2_four_cells(4, 0, 6, 20))
    assert z["reference_per_1000"] == pytest.approx(800.0)  # 16/20*1000
    assert z["target_per_1000"] == 0.0


def test_sorted_by_score_descending(tokens):
    k = tk.keyness(tokens, target="t")
    assert k["score"].tolist() == sorted(k["score"].tolist(), reverse=True)
    assert k["term"].tolist() == ["tiongkok", "ekonomi", "kazakhstan"]
    assert isinstance(k.index, pd.RangeIndex)


def test_swapping_target_flips_sign(tokens):
    a = tk.keyness(tokens, target="t").set_index("term")["score"]
    b = tk.keyness(tokens, target="r").set_index("term")["score"]
    pd.testing.assert_series_equal(a.sort_index(), -b.sort_index(), check_names=False)


def test_include_stopwords_changes_totals(tokens):
    k = tk.keyness(tokens, target="t", include_stopwords=True)
    # 10 + 2 "dan" = 12 ; 20 + 3 "yang" = 23
    assert k.attrs["target_tokens"] == 12 and k.attrs["reference_tokens"] == 23
    assert {"dan", "yang"} <= set(k["term"])
    r = row(k, "ekonomi")
    assert r["score"] == pytest.approx(g2_four_cells(6, 4, 12 - 6, 23 - 4))
    assert r["target_per_1000"] == pytest.approx(6 / 12 * 1000)


def test_min_count(tokens):
    k = tk.keyness(tokens, target="t", min_count=11)
    # totals: ekonomi 6+4 = 10, tiongkok 4, kazakhstan 16
    assert k["term"].tolist() == ["kazakhstan"]
    assert k.attrs["target_tokens"] == 10  # totals are not affected
    with pytest.raises(ValueError, match="min_count"):
        tk.keyness(tokens, target="t", min_count=0)


# ---------------------------------------------------------------- groups


@pytest.fixture
def three_docs():
    return pd.DataFrame({
        "doc_id": ["t", "r1", "r2", "empty"],
        "text": [text(["ekonomi"] * 3 + ["tiongkok"]), text(["ekonomi", "kazakhstan"]),
                 text(["kazakhstan"] * 4), ""],
        "source": ["kompas", "tempo", "antara", "detik"],
    })


def test_reference_none_means_all_others(three_docs):
    tok = tk.prepare(three_docs)
    k = tk.keyness(tok, target="t")
    # reference = r1 + r2: 2 + 4 = 6 tokens
    assert k.attrs["target_tokens"] == 4 and k.attrs["reference_tokens"] == 6
    e = row(k, "ekonomi")
    assert (e["target_count"], e["reference_count"]) == (3, 1)
    assert e["score"] == pytest.approx(g2_four_cells(3, 1, 1, 5))
    explicit = tk.keyness(tok, target="t", reference=["r1"])
    assert explicit.attrs["reference_tokens"] == 2
    e = row(explicit, "ekonomi")
    assert (e["target_count"], e["reference_count"]) == (3, 1)
    # a=3, b=1, c=1, d=1
    assert e["score"] == pytest.approx(g2_four_cells(3, 1, 1, 1))
    single = tk.keyness(tok, target="t", reference="r2")
    assert single.attrs["reference_tokens"] == 4
    assert row(single, "ekonomi")["reference_count"] == 0


def test_target_list(three_docs):
    tok = tk.prepare(three_docs)
    k = tk.keyness(tok, target=["t", "r1"])
    assert k.attrs["target_tokens"] == 6 and k.attrs["reference_tokens"] == 4
    assert row(k, "ekonomi")["target_count"] == 4


def test_overlap_raises(three_docs):
    tok = tk.prepare(three_docs)
    with pytest.raises(ValueError, match="r1"):
        tk.keyness(tok, target=["t", "r1"], reference=["r1", "r2"])


def test_target_without_tokens_raises(three_docs):
    tok = tk.prepare(three_docs)
    with pytest.raises(ValueError, match="empty"):
        tk.keyness(tok, target="empty")
    with pytest.raises(ValueError, match="nosuchdoc"):
        tk.keyness(tok, target="nosuchdoc")
    with pytest.raises(ValueError, match="reference"):
        tk.keyness(tok, target="t", reference="empty")


def test_by_docs_column(three_docs):
    tok = tk.prepare(three_docs)
    k = tk.keyness(tok, target="kompas", reference=["tempo", "antara"], by="source", docs=three_docs)
    direct = tk.keyness(tok, target="t")
    pd.testing.assert_frame_equal(k, direct)
    assert k.attrs == direct.attrs
    with pytest.raises(KeyError, match="source"):
        tk.keyness(tok, target="kompas", by="source")


@pytest.mark.parametrize("kwargs, name", [({"measure": "pmi"}, "measure"), ({"term": "lemma"}, "term")])
def test_bad_options(three_docs, kwargs, name):
    tok = tk.prepare(three_docs)
    with pytest.raises(ValueError, match=name):
        tk.keyness(tok, target="t", **kwargs)


def test_numbers_count_in_the_totals_but_are_not_compared():
    """By hand: the target has 4 tokens, none a stop word (stems labuh, 2019, buka, 9), the reference 2 (labuh,
    tutup); the numbers stay in the totals but get no row unless include_numbers=True."""
    import toolkit as tk

    docs = pd.DataFrame({"doc_id": ["a", "b"], "text": ["Pelabuhan 2019 dibuka 9", "Pelabuhan ditutup"]})
    tokens = tk.prepare(docs)
    plain = tk.keyness(tokens, target="a")
    assert set(plain["term"]) == {"labuh", "buka", "tutup"}
    assert plain.attrs["target_tokens"] == 4 and plain.attrs["reference_tokens"] == 2
    with_numbers = tk.keyness(tokens, target="a", include_numbers=True)
    assert {"2019", "9"} <= set(with_numbers["term"])
    assert with_numbers.attrs["target_tokens"] == 4
