"""pool_groups and period_rates: sums and rates checked against hand-made tables and plain pandas."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import toolkit as tk
from toolkit.errors import ColumnError


def _rates():
    """Four sources of 100, 60, 40 and 40 tokens (one without a value), two themes each."""
    return pd.DataFrame({
        "source": ["kompas", "kompas", "tempo", "tempo", None, None, "antara", "antara"],
        "theme": ["economy", "security"] * 4,
        "hits": [2, 6, 3, 0, 1, 1, 0, 4],
        "weighted": [2.0, 5.5, 3.0, 0.0, 1.0, 0.5, 0.0, 4.0],
        "tokens": [100, 100, 60, 60, 40, 40, 40, 40],
        "rate_per_1000": [20.0, 60.0, 50.0, 0.0, 25.0, 25.0, 0.0, 100.0],
        "weighted_rate_per_1000": [20.0, 55.0, 50.0, 0.0, 25.0, 12.5, 0.0, 100.0],
        "share": [0.25, 0.75, 1.0, 0.0, 0.5, 0.5, 0.0, 1.0],
    })


def test_pool_groups_keeps_the_largest_and_adds_up_the_others():
    out = tk.pool_groups(_rates(), by="source", n=2)
    # kept: kompas (100 tokens) and tempo (60); the missing source and antara (40 each) are pooled
    assert out["source"].tolist() == ["kompas", "kompas", "tempo", "tempo", "2 others", "2 others"]
    pooled = out.iloc[4:]
    assert pooled["hits"].tolist() == [1, 5]                 # economy 1 + 0, security 1 + 4
    assert pooled["tokens"].tolist() == [80, 80]              # 40 + 40, counted once per group
    np.testing.assert_allclose(pooled["rate_per_1000"], [1 / 80 * 1000, 5 / 80 * 1000])
    np.testing.assert_allclose(pooled["weighted_rate_per_1000"], [1 / 80 * 1000, 4.5 / 80 * 1000])
    np.testing.assert_allclose(pooled["share"], [1 / 6, 5 / 6])
    assert out["pooled_groups"].tolist() == [1, 1, 1, 1, 2, 2]
    pd.testing.assert_frame_equal(out.iloc[:4, :-1].reset_index(drop=True),
                                  _rates().iloc[:4].astype({"source": object}))


def test_pool_groups_ranks_ties_by_name_and_keeps_a_missing_value_as_a_group():
    out = tk.pool_groups(_rates(), by="source", n=3, others="the rest")
    # the missing source and antara tie at 40 tokens: a value before a missing one
    assert list(dict.fromkeys(out["source"].tolist())) == ["kompas", "tempo", "antara", "the rest"]
    kept_missing = tk.pool_groups(_rates().assign(tokens=[100, 100, 60, 60, 90, 90, 40, 40]), by="source", n=3)
    assert kept_missing["source"].isna().sum() == 2 and kept_missing["source"].iloc[-1] == "1 other"


def test_pool_groups_of_a_counts_table_against_plain_pandas():
    docs = pd.DataFrame({"doc_id": list("abcde"), "source": ["x", "x", "y", "z", "w"], "text": [
        "Keamanan kawasan dan kerja sama.", "Keamanan siber.", "Ekonomi kawasan tumbuh.", "Ekonomi.",
        "Perdagangan dan ekonomi kawasan."]})
    tokens = tk.prepare(docs)
    counts = tk.count_terms(tokens, by="source", docs=docs)
    out = tk.pool_groups(counts, by="source", n=1)
    assert out.loc[out["pooled_groups"] == 1, "source"].unique().tolist() == ["x"]
    rest = tokens.merge(docs[["doc_id", "source"]], on="doc_id")
    rest = rest[rest["source"] != "x"]
    want = rest.loc[~rest["is_stopword"], "stem"].astype("str").value_counts()  # (a categorical lists unused stems)
    pooled = out[out["source"] == "3 others"].set_index("term")
    assert pooled["count"].to_dict() == want.to_dict()
    assert set(pooled["tokens"]) == {len(rest)}
    np.testing.assert_allclose(pooled["rate_per_1000"], pooled["count"] / len(rest) * 1000)
    # ranks within the pooled group: 1 for the most frequent, ties share the lowest
    assert pooled["rank"].tolist() == want.rank(method="min", ascending=False).astype(int).reindex(
        pooled.index).tolist()
    assert pooled["count"].is_monotonic_decreasing


def test_pool_groups_with_few_groups_and_bad_arguments():
    same = tk.pool_groups(_rates(), by="source", n=4)
    assert same["pooled_groups"].eq(1).all() and len(same) == 8
    with pytest.raises(ValueError, match="n=0"):
        tk.pool_groups(_rates(), by="source", n=0)
    with pytest.raises(ColumnError, match="'speaker'"):
        tk.pool_groups(_rates(), by="speaker")
    with pytest.raises(ValueError, match="neither a counts table"):
        tk.pool_groups(pd.DataFrame({"source": ["a"], "x": [1]}), by="source")
    before = _rates()
    tk.pool_groups(before, by="source", n=1)
    pd.testing.assert_frame_equal(before, _rates())


@pytest.fixture(scope="module")
def dated():
    docs = pd.DataFrame({
        "doc_id": ["d1", "d2", "d3", "d4", "d5"],
        "date": ["2024-01-05", "2024-01-20", "2024-02-11", "2024-04-02", "2024-04-30"],
        "text": ["Kerja sama keamanan dan ekonomi.", "Keamanan kawasan dan terorisme.",
                 "Cuaca cerah di Jakarta hari ini.", "Kerja sama ekonomi dan perdagangan meningkat.",
                 "Keamanan siber."],
    })
    tokens = tk.prepare(docs)
    return docs, tokens, tk.find_themes(tokens, "all")


def test_period_rates_equal_a_monthly_count_by_hand(dated):
    docs, tokens, hits = dated
    rates = tk.theme_rates(hits, tokens, by=["doc_id", "date"], docs=docs)
    out = tk.period_rates(rates)
    months = ["2024-01", "2024-02", "2024-03", "2024-04"]
    assert [str(p) for p in out["period"].unique()] == months  # March, without documents, is listed
    month_of = dict(zip(docs["doc_id"], docs["date"].str[:7]))
    n_tokens = tokens.groupby(tokens["doc_id"].map(month_of)).size()
    h = hits[hits["weight"] > 0].assign(top=lambda d: d["theme"].str.split("/").str[0])
    for theme in sorted(h["top"].unique()):
        n_hits = h[h["top"] == theme].groupby(h["doc_id"].map(month_of)).size()
        rows = out[out["theme"] == theme]
        assert rows["hits"].tolist() == [int(n_hits.get(m, 0)) for m in months]
        want = [n_hits.get(m, 0) / n_tokens[m] * 1000 if m in n_tokens else np.nan for m in months]
        np.testing.assert_allclose(rows["rate_per_1000"], want, equal_nan=True)
    per_month = out.drop_duplicates("period")
    assert per_month["documents"].tolist() == [2, 1, 0, 2]
    assert per_month["tokens"].tolist() == [int(n_tokens.get(m, 0)) for m in months]
    assert per_month["start"].dt.strftime("%Y-%m-%d").tolist() == [m + "-01" for m in months]
    assert str(out["documents"].dtype) == "Int64"


def test_period_rates_by_date_only_and_by_week(dated):
    docs, tokens, hits = dated
    out = tk.period_rates(tk.theme_rates(hits, tokens, by="date", docs=docs), freq="W")
    assert out["documents"].isna().all()  # without doc_id the documents are not known
    first = out["period"].iloc[0]
    assert first.start_time == pd.Timestamp("2024-01-01")  # 5 January 2024 is a Friday: its week starts Monday
    weeks = out.drop_duplicates("period")
    assert len(weeks) == len(pd.period_range("2024-01-01", "2024-04-30", freq="W"))
    assert weeks["tokens"].sum() == len(tokens)


def test_period_rates_warns_about_undated_documents_and_refuses_bad_dates(dated):
    docs, tokens, hits = dated
    missing = docs.assign(date=["2024-01-05", None, "2024-02-11", "2024-04-02", "2024-04-30"])
    rates = tk.theme_rates(hits, tokens, by=["doc_id", "date"], docs=missing)
    with pytest.warns(UserWarning, match="1 document.*'d2'"):
        out = tk.period_rates(rates)
    assert out.drop_duplicates("period")["documents"].sum() == 4
    bad = docs.assign(date=["2024-01-05", "kemarin", "2024-02-11", "2024-04-02", "2024-04-30"])
    with pytest.raises(ValueError, match=r"'kemarin' \(doc_id 'd2'\)"):
        tk.period_rates(tk.theme_rates(hits, tokens, by=["doc_id", "date"], docs=bad))
    with pytest.raises(ValueError, match="freq="):
        tk.period_rates(rates, freq="Y")
    with pytest.raises(ColumnError, match="'tanggal'"):
        tk.period_rates(rates, date_col="tanggal")


def test_period_rates_place_tz_aware_dates_by_local_date():
    docs = pd.DataFrame({"doc_id": ["a", "b"], "text": ["Keamanan.", "Keamanan kawasan."],
                         "date": pd.to_datetime(["2024-02-01 01:00", "2024-01-15 10:00"]).tz_localize("Asia/Jakarta")})
    tokens = tk.prepare(docs)
    out = tk.period_rates(tk.theme_rates(tk.find_themes(tokens, "security"), tokens, by=["doc_id", "date"],
                                         docs=docs))
    assert [str(p) for p in out["period"]] == ["2024-01", "2024-02"]
    np.testing.assert_allclose(out["rate_per_1000"], [1 / 2 * 1000, 1 / 1 * 1000])


def _counts():
    """Counts by source and document, made by hand: kompas a (10 tokens), kompas b (5), tempo c (20), and a
    document d without a source or tokens (one placeholder row, as tk.count_terms gives)."""
    return pd.DataFrame({
        "source": ["kompas", "kompas", "kompas", "tempo", None],
        "doc_id": ["a", "a", "b", "c", "d"],
        "term": ["aman", "laut", "aman", "aman", None],
        "count": [2, 1, 1, 3, 0],
        "tokens": [10, 10, 5, 20, 0],
        "rate_per_1000": [200.0, 100.0, 200.0, 150.0, np.nan],
        "rank": [1, 2, 1, 1, 1],
    })


def test_group_totals_add_up_counts_over_the_other_group_columns():
    out = tk.group_totals(_counts(), by="source")
    assert out.columns.tolist() == ["source", "term", "count", "tokens", "rate_per_1000", "rank"]
    assert out["source"].tolist()[:3] == ["kompas", "kompas", "tempo"] and pd.isna(out["source"].iloc[3])
    assert out["term"].tolist()[:3] == ["aman", "laut", "aman"] and pd.isna(out["term"].iloc[3])
    assert out["count"].tolist() == [3, 1, 3, 0]                     # kompas: 2 + 1 aman, over a and b
    assert out["tokens"].tolist() == [15, 15, 20, 0]                 # 10 + 5: each document's tokens once
    np.testing.assert_allclose(out["rate_per_1000"], [3 / 15 * 1000, 1 / 15 * 1000, 3 / 20 * 1000, 0.0])
    assert out["rank"].tolist() == [1, 2, 1, 1]


def test_group_totals_of_the_whole_table():
    out = tk.group_totals(_counts())
    assert out[["term", "count", "tokens", "rank"]].values.tolist() == [["aman", 6, 35, 1], ["laut", 1, 35, 2]]
    np.testing.assert_allclose(out["rate_per_1000"], [6 / 35 * 1000, 1 / 35 * 1000])
    rates = tk.group_totals(_rates(), by=[])
    assert rates["theme"].tolist() == ["economy", "security"]
    assert rates["hits"].tolist() == [6, 11] and rates["tokens"].tolist() == [240, 240]
    np.testing.assert_allclose(rates["weighted"], [6.0, 10.0])
    np.testing.assert_allclose(rates["rate_per_1000"], [6 / 240 * 1000, 11 / 240 * 1000])
    np.testing.assert_allclose(rates["share"], [6 / 17, 11 / 17])


def test_group_totals_of_a_pooled_table_and_bad_arguments():
    pooled = tk.pool_groups(_rates(), by="source", n=2)
    out = tk.group_totals(pooled, by="source")
    pd.testing.assert_frame_equal(out, pooled)  # one group column: its totals are the table itself
    before = _counts()
    with pytest.raises(ValueError, match="'speaker' is not a group column"):
        tk.group_totals(before, by="speaker")
    with pytest.raises(ValueError, match="neither a counts table"):
        tk.group_totals(pd.DataFrame({"source": ["a"]}))
    pd.testing.assert_frame_equal(before, _counts())
