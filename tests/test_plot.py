"""Charts: what is drawn must equal the tables, computed here independently of toolkit.plot."""

from __future__ import annotations

import csv
import importlib.util
import itertools
import subprocess
import sys
from collections import Counter
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_hex, to_rgb
from matplotlib.figure import Figure

import toolkit as tk
from toolkit import plot
from toolkit.errors import ColumnError, ResourceError

ROOT = Path(__file__).resolve().parents[1]
COLOUR_FILE = ROOT / "toolkit" / "data" / "theme_colours.csv"
CARD_FILE = ROOT / "toolkit" / "data" / "theme_colours.md"
SHIPPED_THEMES = ["security", "connectivity", "multilateralism", "cooperation", "economy", "sovereignty", "culture",
                  "technology"]
# Paul Tol's "muted" qualitative scheme (https://personal.sron.nl/~pault/), written out independently of the CSV
TOL_MUTED = {"#CC6677", "#332288", "#DDCC77", "#117733", "#88CCEE", "#882255", "#44AA99", "#999933", "#AA4499"}


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def sample():
    docs = tk.load_sample()
    tokens = tk.prepare(docs, speakers=True)
    hits = tk.find_themes(tokens, "all")
    return docs, tokens, hits


@pytest.fixture(scope="module")
def dated():
    """Five documents over four months (March empty), dates as ISO strings."""
    docs = pd.DataFrame({
        "doc_id": ["d1", "d2", "d3", "d4", "d5"],
        "date": ["2024-01-05", "2024-01-20", "2024-02-11", "2024-04-02", "2024-04-30"],
        "text": [
            "Kerja sama keamanan dan ekonomi.",
            "Keamanan kawasan dan terorisme.",
            "Cuaca cerah di Jakarta hari ini.",
            "Kerja sama ekonomi dan perdagangan meningkat.",
            "Keamanan siber.",
        ],
    })
    tokens = tk.prepare(docs)
    return docs, tokens, tk.find_themes(tokens, "all")


def _ax():
    return Figure().subplots()


def _ticks(labels):
    return [t.get_text() for t in labels]


def _top(theme: str) -> str:
    return theme.split("/")[0]


def _rgb(colour):
    return tuple(round(c, 4) for c in to_rgb(colour))


# --------------------------------------------------------------------------- import and style


def test_import_sets_no_matplotlib_state_and_no_pyplot():
    code = (
        "import sys, matplotlib\n"
        "rc = matplotlib.rcParams\n"
        "before = {k: repr(dict.__getitem__(rc, k)) for k in rc}\n"
        "import toolkit.plot\n"
        "after = {k: repr(dict.__getitem__(rc, k)) for k in rc}\n"
        "assert before == after, [k for k in before if before[k] != after[k]]\n"
        "assert 'matplotlib.pyplot' not in sys.modules, 'pyplot imported at import time'\n"
        "print('ok')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_projector_is_opt_in_and_restores_rcparams():
    before = matplotlib.rcParams["font.size"], matplotlib.rcParams["lines.linewidth"]
    with plot.projector():
        assert matplotlib.rcParams["font.size"] >= 1.5 * before[0]
        assert matplotlib.rcParams["lines.linewidth"] > before[1]
        big = plot.theme_heatmap(*_one_doc_hits_tokens())
    small = plot.theme_heatmap(*_one_doc_hits_tokens())
    assert (matplotlib.rcParams["font.size"], matplotlib.rcParams["lines.linewidth"]) == before
    assert big.title.get_fontsize() > small.title.get_fontsize()
    assert big.get_figure().get_size_inches()[0] > small.get_figure().get_size_inches()[0]


def test_projector_rejects_bad_scale():
    with pytest.raises(ValueError, match="scale"):
        with plot.projector(scale=-1):
            pass


def _one_doc_hits_tokens():
    tokens = tk.prepare(pd.DataFrame({"doc_id": ["a"], "text": ["Kerja sama keamanan.\n\nKeamanan, keamanan."]}))
    return tk.find_themes(tokens, "all"), tokens


# --------------------------------------------------------------------------- colours


def _csv_rows():
    with COLOUR_FILE.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_colour_file_schema_palette_and_card():
    rows = _csv_rows()
    assert list(rows[0]) == ["theme", "colour", "source_palette", "note"]
    named = {r["theme"]: r["colour"].upper() for r in rows if r["theme"] != "*"}
    assert sorted(named) == sorted(SHIPPED_THEMES)
    assert len(set(named.values())) == len(named), "two themes share a colour"
    assert {r["colour"].upper() for r in rows} <= TOL_MUTED
    assert all(r["source_palette"] for r in rows)
    card = CARD_FILE.read_text(encoding="utf-8")
    for word in SHIPPED_THEMES + ["Paul Tol", "colour-blind", "theme_colours", "Change log"]:
        assert word in card, word


def test_theme_colours_come_from_the_data_file():
    named = {r["theme"]: r["colour"].upper() for r in _csv_rows() if r["theme"] != "*"}
    assert plot.theme_colours(SHIPPED_THEMES) == {t: named[t] for t in SHIPPED_THEMES}


def test_sub_themes_take_their_top_level_colour():
    colours = plot.theme_colours(["security/terrorism", "security", "connectivity/bri"])
    assert colours["security/terrorism"] == colours["security"]
    assert colours["connectivity/bri"] == plot.theme_colours(["connectivity"])["connectivity"]


def test_unknown_themes_get_spare_colours_deterministically():
    spare = [r["colour"].upper() for r in _csv_rows() if r["theme"] == "*"]
    one = plot.theme_colours(["security", "zoning", "maritime", "maritime/fisheries"])
    two = plot.theme_colours(["maritime", "zoning", "security"])
    assert one["maritime"] == two["maritime"] and one["zoning"] == two["zoning"]
    assert one["maritime"] == spare[0]  # alphabetically first unknown theme takes the first spare
    assert one["maritime/fisheries"] == one["maritime"]
    assert one["zoning"] in TOL_MUTED


def test_malformed_colour_file_names_the_line(tmp_path, monkeypatch):
    bad = tmp_path / "theme_colours.csv"
    bad.write_text("theme,colour,source_palette,note\nsecurity,#882255,x,\neconomy,red,x,\n", encoding="utf-8")
    monkeypatch.setattr(tk._data, "data_path", lambda name: bad)
    with pytest.raises(ResourceError, match=r"line 3.*'colour'"):
        plot.theme_colours(["economy"])


# --------------------------------------------------------------------------- glosses


def test_term_glosses_follow_the_lexicon():
    lex = tk.make_lexicon([
        {"theme": "security", "entry": "keamanan", "match": "word", "gloss_en": "security"},
        {"theme": "security/military", "entry": "pertempuran", "match": "stem", "gloss_en": "combat; battle"},
        {"theme": "cooperation", "entry": "kerja sama", "match": "phrase", "gloss_en": "cooperation"},
        {"theme": "security", "entry": "antiteror*", "match": "glob", "gloss_en": "counter-terrorism"},
    ])
    g = plot.term_glosses(lex)
    assert g["keamanan"] == "security"
    assert g["tempur"] == "combat"                     # a stem entry glosses its stem (cut at ";")
    assert g["pertempuran"] == "combat"                # and its written form
    assert g["kerja sama"] == "cooperation"            # a phrase by its joined stems
    assert "aman" not in g                             # a word entry never glosses its stem
    assert "antiteror*" in g and "antiteror" not in g  # glob: written form only


# --------------------------------------------------------------------------- top_terms


def test_top_terms_single_series_widths_order_and_labels(sample):
    _, tokens, _ = sample
    counts = tk.count_terms(tokens, by="speaker")
    ax = plot.top_terms(counts, n=8, ax=_ax())
    pooled = counts[counts["count"] > 0].groupby("term")["count"].sum()
    expected = pooled.reset_index().sort_values(["count", "term"], ascending=[False, True]).head(8)
    assert _ticks(ax.get_yticklabels()) == expected["term"].tolist()
    assert [p.get_width() for p in ax.patches] == expected["count"].astype(float).tolist()
    ys = [p.get_y() + p.get_height() / 2 for p in ax.patches]
    assert ys == sorted(ys)
    low, high = ax.get_ylim()
    assert low > high  # y axis runs downwards: the first (largest) bar is at the top
    assert ax.get_title() == "Most frequent terms (count)"
    assert ax.get_xlabel() == "Occurrences (count)" and ax.get_ylabel() == "Term"
    assert [t.get_text() for t in ax.texts] == [str(int(v)) for v in expected["count"]]


def test_top_terms_rate_pools_groups_with_summed_tokens(sample):
    _, tokens, _ = sample
    counts = tk.count_terms(tokens, by="speaker")
    ax = plot.top_terms(counts, n=5, value="rate_per_1000", ax=_ax())
    total_tokens = len(tokens)  # count_terms' default denominator: every token
    counted = tokens[~tokens["is_stopword"]]["stem"].value_counts()
    expected = counted.reset_index()
    expected.columns = ["term", "count"]
    expected = expected.sort_values(["count", "term"], ascending=[False, True]).head(5)
    assert _ticks(ax.get_yticklabels()) == expected["term"].tolist()
    np.testing.assert_allclose([p.get_width() for p in ax.patches], expected["count"] / total_tokens * 1000)
    assert ax.get_xlabel() == "Occurrences per 1,000 tokens"


def test_top_terms_compares_two_groups_side_by_side(sample):
    _, tokens, _ = sample
    counts = tk.count_terms(tokens, by="speaker")
    a, b = "Xi Jinping", "Kassym-Jomart Tokayev"
    ax = plot.top_terms(counts, by="speaker", groups=[a, b], n=6, ax=_ax())
    assert len(ax.containers) == 2
    terms = _ticks(ax.get_yticklabels())
    assert len(terms) == 6
    for container, group in zip(ax.containers, [a, b]):
        sub = tokens[(tokens["speaker"] == group)]
        rates = sub[~sub["is_stopword"]]["stem"].value_counts() / len(sub) * 1000
        np.testing.assert_allclose([bar.get_width() for bar in container], [rates.get(t, 0.0) for t in terms])
    colours = {_rgb(c.patches[0].get_facecolor()) for c in ax.containers}
    assert len(colours) == 2
    legend = _ticks(ax.get_legend().get_texts())
    assert legend[0].startswith(a) and legend[1].startswith(b)
    assert f"{(tokens['speaker'] == a).sum():,} tokens" in legend[0]
    title = " ".join(ax.get_title().split())
    assert title == f"Most frequent terms: {a} vs {b} (per 1,000 tokens)"


def test_top_terms_glosses_on_tick_labels():
    docs = pd.DataFrame({"doc_id": ["a"], "text": ["Keamanan, keamanan dan pertempuran. Aman."]})
    tokens = tk.prepare(docs)
    by_token = tk.count_terms(tokens, term="token")
    labels = _ticks(plot.top_terms(by_token, glosses="security", ax=_ax()).get_yticklabels())
    assert labels[0] == "keamanan (security)"
    by_stem = tk.count_terms(tokens)
    labels = _ticks(plot.top_terms(by_stem, glosses="security", ax=_ax()).get_yticklabels())
    assert "tempur (combat)" in labels and "aman" in labels
    labels = _ticks(plot.top_terms(by_stem, glosses={"aman": "safe"}, ax=_ax()).get_yticklabels())
    assert "aman (safe)" in labels


def test_top_terms_errors_name_the_parameter(sample):
    _, tokens, _ = sample
    counts = tk.count_terms(tokens, by="speaker")
    with pytest.raises(ValueError, match="value="):
        plot.top_terms(counts, value="share")
    with pytest.raises(ValueError, match="by='doc_id'"):
        plot.top_terms(counts, by="doc_id")
    with pytest.raises(ValueError, match="max_groups="):
        plot.top_terms(counts, by="speaker", max_groups=0)
    with pytest.raises(ValueError, match="'Obama' is not a value"):
        plot.top_terms(counts, by="speaker", groups=["Obama"])
    with pytest.raises(ColumnError):
        plot.top_terms(counts.drop(columns="count"))


def test_top_terms_draws_one_panel_per_group_beyond_two(sample):
    _, tokens, _ = sample
    counts = tk.count_terms(tokens, by="seg_id")
    ax = plot.top_terms(counts, by="seg_id", n=4, max_groups=None, ax=_ax())
    panels = ax.child_axes
    assert len(panels) == 13 and not ax.patches  # one panel per paragraph; the outer Axes only titles
    for seg, panel in zip(range(13), panels):
        sub = tokens[tokens["seg_id"] == seg]
        words = sub[~sub["is_stopword"] & ~sub["stem"].str.fullmatch(r"[^a-z]*[0-9][^a-z]*")]  # numbers are not terms
        rates = (words["stem"].value_counts() / len(sub) * 1000).reset_index()
        rates.columns = ["term", "rate"]
        want = rates.sort_values(["rate", "term"], ascending=[False, True]).head(4)
        assert panel.get_title() == f"{seg} ({len(sub):,} tokens)"
        assert _ticks(panel.get_yticklabels()) == want["term"].tolist()
        np.testing.assert_allclose([p.get_width() for p in panel.patches], want["rate"])
    assert len({p.get_xlim() for p in panels}) == 1  # one scale for every panel
    assert ax.get_title() == "Most frequent terms by paragraph, top 4 in each (per 1,000 tokens)"
    assert ax.get_xlabel() == "Occurrences per 1,000 tokens" and ax.get_ylabel() == "Term"


def test_top_terms_pools_the_smaller_groups_into_one_panel(sample):
    _, tokens, _ = sample
    counts = tk.count_terms(tokens, by="seg_id")
    ax = plot.top_terms(counts, by="seg_id", n=3, max_groups=4, ax=_ax())
    sizes = tokens.groupby("seg_id").size()
    largest = sizes.sort_index().sort_values(ascending=False, kind="stable").index[:4]
    titles = [panel.get_title() for panel in ax.child_axes]
    assert titles[:4] == [f"{s} ({sizes[s]:,} tokens)" for s in sorted(largest)]
    rest = tokens[~tokens["seg_id"].isin(largest)]
    assert titles[4] == f"9 others ({len(rest):,} tokens)"
    want = rest[~rest["is_stopword"]]["stem"].value_counts().reset_index()
    want.columns = ["term", "count"]
    want = want.sort_values(["count", "term"], ascending=[False, True]).head(3)
    np.testing.assert_allclose([p.get_width() for p in ax.child_axes[4].patches], want["count"] / len(rest) * 1000)


def test_top_terms_names_a_group_without_a_value_with_its_tokens(sample):
    _, tokens, _ = sample
    counts = tk.count_terms(tokens, by="speaker")
    ax = plot.top_terms(counts, by="speaker", groups=[None, "Xi Jinping"], n=5, ax=_ax())
    narration = int(tokens["speaker"].isna().sum())
    legend = _ticks(ax.get_legend().get_texts())
    assert legend[0] == f"(no speaker) ({narration:,} tokens)"
    sub = tokens[tokens["speaker"].isna()]
    rates = sub[~sub["is_stopword"]]["stem"].value_counts() / narration * 1000
    terms = _ticks(ax.get_yticklabels())
    np.testing.assert_allclose([b.get_width() for b in ax.containers[0]], [rates.get(t, 0.0) for t in terms])
    assert " ".join(ax.get_title().split()).startswith("Most frequent terms: (no speaker) vs Xi Jinping")


def test_term_axis_promises_glosses_only_when_it_shows_some():
    docs = pd.DataFrame({"doc_id": ["a", "b"], "text": ["Cuaca cerah, cuaca hangat.", "Keamanan kawasan."]})
    tokens = tk.prepare(docs)
    counts = tk.count_terms(tokens, by=[])
    none_glossed = plot.top_terms(counts, n=2, glosses="all", ax=_ax())
    assert _ticks(none_glossed.get_yticklabels())[0] == "cuaca" and none_glossed.get_ylabel() == "Term"
    some = plot.top_terms(counts, n=5, glosses={"cuaca": "weather"}, ax=_ax())
    assert "cuaca (weather)" in _ticks(some.get_yticklabels()) and some.get_ylabel() == "Term (English gloss)"
    k = tk.keyness(tokens, target="a")
    assert plot.keyness(k, glosses="all", ax=_ax()).get_ylabel() == "Term"


# --------------------------------------------------------------------------- theme_rates


def test_theme_rates_bars_equal_the_table_in_theme_colours(sample):
    _, tokens, hits = sample
    rates = tk.theme_rates(hits, tokens, by="speaker")
    ax = plot.theme_rates(rates, ax=_ax())
    themes = sorted(rates["theme"].unique())
    groups = list(pd.unique(rates["speaker"]))
    colours = plot.theme_colours(themes)
    assert len(ax.containers) == len(themes)
    for container, theme in zip(ax.containers, themes):
        expected = [rates.loc[(rates["theme"] == theme) & (rates["speaker"].isna() if pd.isna(g) else
                                                            rates["speaker"] == g), "rate_per_1000"].item()
                    for g in groups]
        np.testing.assert_allclose([bar.get_height() for bar in container], expected)
        assert {_rgb(bar.get_facecolor()) for bar in container} == {_rgb(colours[theme])}
    assert _ticks(ax.get_legend().get_texts()) == themes
    assert ax.get_legend().get_title().get_text() == "Theme"
    # each group named (a paragraph without a speaker as "(no speaker)") over its number of tokens
    tokens_of = rates.drop_duplicates("speaker").set_index(rates.drop_duplicates("speaker")["speaker"].fillna(
        "(no speaker)"))["tokens"]
    want = [f"{'(no speaker)' if pd.isna(g) else g} ({tokens_of['(no speaker)' if pd.isna(g) else g]:,} tokens)"
            for g in groups]
    assert [" ".join(t.split()) for t in _ticks(ax.get_xticklabels())] == want
    assert ax.get_title() == "Theme rates per 1,000 tokens, by speaker"
    assert ax.get_ylabel() == "Hits per 1,000 tokens" and ax.get_xlabel() == "Speaker"


def test_theme_rates_stacked_shares_add_up_to_one(sample):
    _, tokens, hits = sample
    rates = tk.theme_rates(hits, tokens, by="speaker").dropna(subset=["speaker"])
    ax = plot.theme_rates(rates, kind="stacked", ax=_ax())
    themes = sorted(rates["theme"].unique())
    groups = list(pd.unique(rates["speaker"]))
    for container, theme in zip(ax.containers, themes):
        want = [rates.loc[(rates["theme"] == theme) & (rates["speaker"] == g), "share"].item() for g in groups]
        np.testing.assert_allclose([bar.get_width() for bar in container], want)
    for i, _ in enumerate(groups):
        bars = [c[i] for c in ax.containers]
        assert sum(b.get_width() for b in bars) == pytest.approx(1.0)
        lefts = [b.get_x() for b in bars]
        np.testing.assert_allclose(lefts, np.cumsum([0] + [b.get_width() for b in bars[:-1]]))
    assert ax.get_xlim() == (0.0, 1.0)
    assert ax.get_title() == "Theme shares of all theme hits, by speaker"
    tokens_of = rates.drop_duplicates("speaker").set_index("speaker")["tokens"]
    assert [" ".join(t.split()) for t in _ticks(ax.get_yticklabels())] == [
        f"{g} ({tokens_of[g]:,} tokens)" for g in groups]


def test_theme_rates_says_when_a_group_has_no_hits():
    docs = pd.DataFrame({"doc_id": ["a", "b"], "text": ["Kerja sama keamanan.", "Cuaca cerah hari ini."]})
    tokens = tk.prepare(docs)
    rates = tk.theme_rates(tk.find_themes(tokens, "all"), tokens)
    ax = plot.theme_rates(rates, kind="stacked", ax=_ax())
    assert "no theme hits" in _ticks(ax.texts)


def test_theme_rates_by_must_match_the_table(sample):
    _, tokens, hits = sample
    rates = tk.theme_rates(hits, tokens, by="speaker")
    with pytest.raises(ValueError, match="recompute"):
        plot.theme_rates(rates, by="doc_id")
    with pytest.raises(ValueError, match="kind="):
        plot.theme_rates(rates, kind="pie")


def test_theme_rates_pools_groups_beyond_max_groups(sample):
    _, tokens, hits = sample
    rates = tk.theme_rates(hits, tokens, by="seg_id")
    ax = plot.theme_rates(rates, max_groups=5, ax=_ax())
    sizes = tokens.groupby("seg_id").size()
    largest = sorted(sizes.sort_index().sort_values(ascending=False, kind="stable").index[:5])
    labels = [" ".join(t.split()) for t in _ticks(ax.get_xticklabels())]
    rest = sizes[~sizes.index.isin(largest)]
    assert labels == [f"{s} ({sizes[s]:,} tokens)" for s in largest] + [f"8 others ({rest.sum():,} tokens)"]
    h = hits[hits["weight"] > 0].assign(top=lambda d: d["theme"].str.split("/").str[0])
    for container, theme in zip(ax.containers, sorted(rates["theme"].unique())):
        n = h[h["top"] == theme].groupby("seg_id").size()
        want = [n.get(s, 0) / sizes[s] * 1000 for s in largest] + [n.reindex(rest.index).fillna(0).sum() / rest.sum()
                                                                   * 1000]
        np.testing.assert_allclose([bar.get_height() for bar in container], want)
    everything = plot.theme_rates(rates, max_groups=None, ax=_ax())
    assert len(everything.get_xticklabels()) == 13


def test_theme_rates_by_a_date_column_draw_a_timeline(dated):
    docs, tokens, hits = dated
    rates = tk.theme_rates(hits, tokens, by="date", docs=docs)
    ax = plot.theme_rates(rates, freq="M", ax=_ax())
    assert not ax.containers  # no bars per date
    months = ["2024-01", "2024-02", "2024-03", "2024-04"]
    themes = sorted(rates["theme"].unique())
    assert [line.get_label() for line in ax.get_lines()] == themes
    for line in ax.get_lines():
        toks, n, _ = _independent_monthly(docs, tokens, hits, line.get_label())
        want = [n.get(m, 0) / toks[m] * 1000 if m in toks else np.nan for m in months]
        np.testing.assert_allclose(line.get_ydata(), want, equal_nan=True)  # March: a gap
    twin = [a for a in ax.get_figure().axes if a is not ax][0]
    toks, _, _ = _independent_monthly(docs, tokens, hits, "security")
    assert [p.get_height() for p in twin.patches] == [toks[m] for m in months if m in toks]
    assert twin.get_ylabel() == "Tokens per month"
    assert ax.get_title() == "Theme rates per 1,000 tokens, by month"


# --------------------------------------------------------------------------- heatmap


def _independent_counts(hits, tokens):
    h = hits[hits["weight"] > 0].assign(top=lambda d: d["theme"].str.split("/").str[0])
    segs = sorted(tokens["seg_id"].unique())
    table = pd.crosstab(h["top"], h["seg_id"]).reindex(columns=segs, fill_value=0)
    return table.sort_index(), segs


def test_heatmap_counts_equal_an_independent_pivot(sample):
    _, tokens, hits = sample
    ax = plot.theme_heatmap(hits, tokens, ax=_ax())
    table, segs = _independent_counts(hits, tokens)
    np.testing.assert_array_equal(np.asarray(ax.images[0].get_array()), table.to_numpy())
    assert _ticks(ax.get_yticklabels()) == table.index.tolist()
    assert _ticks(ax.get_xticklabels()) == [str(s + 1) for s in segs]
    assert ax.get_title() == "Themes by paragraph: hits (count)"
    assert ax.get_xlabel() == "Paragraph (1 = first)" and ax.get_ylabel() == "Theme"
    # a colourbar, and one label per non-zero cell
    fig = ax.get_figure()
    assert len(fig.axes) == 2 and fig.axes[1].get_ylabel() == "Hits"
    assert len(ax.texts) == int((table.to_numpy() > 0).sum())


def test_heatmap_rates_divide_by_paragraph_tokens(sample):
    _, tokens, hits = sample
    ax = plot.theme_heatmap(hits, tokens, value="rate_per_1000", ax=_ax())
    table, segs = _independent_counts(hits, tokens)
    sizes = tokens.groupby("seg_id").size().reindex(segs).to_numpy()
    np.testing.assert_allclose(np.asarray(ax.images[0].get_array()), table.to_numpy() / sizes * 1000)
    assert "per 1,000 tokens" in ax.get_title()


@pytest.mark.parametrize("old, new", [("rate", "rate_per_1000"), ("count", "hits")])
def test_heatmap_old_value_names_warn_and_draw_the_same(sample, old, new):
    _, tokens, hits = sample
    with pytest.warns(FutureWarning, match=f"value='{old}' is now value='{new}'"):
        before = plot.theme_heatmap(hits, tokens, value=old, ax=_ax())
    after = plot.theme_heatmap(hits, tokens, value=new, ax=_ax())
    np.testing.assert_array_equal(np.asarray(before.images[0].get_array()), np.asarray(after.images[0].get_array()))
    assert before.get_title() == after.get_title()


def test_heatmap_needs_a_document_when_there_are_several(dated):
    _, tokens, hits = dated
    with pytest.raises(ValueError, match="doc_id=None.*'d1'"):
        plot.theme_heatmap(hits, tokens)
    ax = plot.theme_heatmap(hits, tokens, doc_id="d2", ax=_ax())
    assert _ticks(ax.get_yticklabels()) == ["security"]


# --------------------------------------------------------------------------- dispersion


def test_dispersion_marks_sit_at_hit_positions(sample):
    _, tokens, hits = sample
    ax = plot.dispersion(hits, tokens, ax=_ax())
    h = hits[hits["weight"] > 0].assign(top=lambda d: d["theme"].str.split("/").str[0])
    themes = sorted(h["top"].unique())
    assert _ticks(ax.get_yticklabels()) == themes
    colours = plot.theme_colours(themes)
    for row, (theme, coll) in enumerate(zip(themes, ax.collections)):
        offsets = coll.get_offsets()
        assert sorted(offsets[:, 0].tolist()) == sorted(h.loc[h["top"] == theme, "position"].tolist())
        assert set(offsets[:, 1].tolist()) == {row}
        assert to_hex(coll.get_facecolor()[0] if len(coll.get_facecolor()) else coll.get_edgecolor()[0]) == \
            colours[theme].lower()
    starts = sorted(tokens.groupby("seg_id")["position"].min())[1:]
    vlines = sorted(line.get_xdata()[0] for line in ax.get_lines())
    assert vlines == [s - 0.5 for s in starts]
    assert ax.get_title().startswith("Where each theme occurs")
    assert "Token position" in ax.get_xlabel() and ax.get_ylabel() == "Theme"


def test_dispersion_by_entry_with_glosses(sample):
    _, tokens, hits = sample
    ax = plot.dispersion(hits, tokens, item="entry", glosses="all", n=None, ax=_ax())
    labels = [t.replace("\n", " ") for t in _ticks(ax.get_yticklabels())]
    assert "keamanan (security)" in labels
    row = labels.index("keamanan (security)")
    want = hits.loc[(hits["entry"] == "keamanan") & (hits["weight"] > 0), "position"].tolist()
    assert sorted(ax.collections[row].get_offsets()[:, 0].tolist()) == sorted(want)
    n_rows = hits[hits["weight"] > 0].assign(top=lambda d: d["theme"].str.split("/").str[0])[
        ["top", "entry"]].drop_duplicates().shape[0]
    assert len(labels) == n_rows
    assert ax.get_legend() is not None and ax.get_ylabel() == "Lexicon entry"


# --------------------------------------------------------------------------- timeline


def _independent_monthly(docs, tokens, hits, theme):
    months = pd.to_datetime(docs["date"]).dt.strftime("%Y-%m")
    month_of = dict(zip(docs["doc_id"], months))
    toks = tokens.groupby(tokens["doc_id"].map(month_of)).size()
    h = hits[hits["weight"] > 0]
    h = h[h["theme"].str.split("/").str[0] == theme]
    n = h.groupby(h["doc_id"].map(month_of)).size()
    ndocs = months.value_counts()
    return toks, n, ndocs


def test_timeline_rates_and_document_counts(dated):
    docs, tokens, hits = dated
    ax = plot.theme_timeline(hits, tokens, docs=docs, min_docs=1, ax=_ax())
    months = ["2024-01", "2024-02", "2024-03", "2024-04"]
    # the empty month is a gap (its own slot, named, no tick label, no bar)
    assert _ticks(ax.get_xticklabels()) == ["Jan\n2024", "Feb\n2024", "Apr\n2024"]
    assert _ticks(ax.texts) == ["no documents, Mar 2024"]
    themes = sorted({t.split("/")[0] for t in hits["theme"]})
    assert [line.get_label() for line in ax.get_lines()] == themes
    for line in ax.get_lines():
        toks, n, _ = _independent_monthly(docs, tokens, hits, line.get_label())
        want = [n.get(m, 0) / toks[m] * 1000 if m in toks else np.nan for m in months]
        np.testing.assert_allclose(line.get_ydata(), want, equal_nan=True)
        assert _rgb(line.get_color()) == _rgb(plot.theme_colours([line.get_label()])[line.get_label()])
    _, _, ndocs = _independent_monthly(docs, tokens, hits, "security")
    twin = [a for a in ax.get_figure().axes if a is not ax][0]
    assert [p.get_height() for p in twin.patches] == [ndocs[m] for m in months if m in ndocs]
    assert twin.get_ylabel() == "Documents per month"
    assert ax.get_title() == "Theme rates per 1,000 tokens, by month"
    assert ax.get_ylabel() == "Hits per 1,000 tokens" and ax.get_xlabel() == "Month"
    assert "Documents" in _ticks(ax.get_legend().get_texts())[-2]


def test_timeline_with_a_filtered_docs_table(dated):
    """A docs table whose index is not 0..n-1 (a filtered one) keeps each document's date."""
    docs, tokens, hits = dated
    shuffled = docs.iloc[::-1].set_axis(range(100, 100 + len(docs)))  # same documents, other index labels
    ax = plot.theme_timeline(hits, tokens, docs=shuffled, ax=_ax())
    twin = [a for a in ax.get_figure().axes if a is not ax][0]
    _, _, ndocs = _independent_monthly(docs, tokens, hits, "security")
    months = ["2024-01", "2024-02", "2024-04"]  # March has no documents: no bar
    assert [p.get_height() for p in twin.patches] == [ndocs[m] for m in months]


def test_timeline_weeks_start_on_monday(dated):
    docs, tokens, hits = dated
    ax = plot.theme_timeline(hits, tokens, docs=docs, freq="W", ax=_ax())
    first = _ticks(ax.get_xticklabels())[0]
    assert first.startswith("1 Jan\n2024")  # 5 January 2024 is a Friday; its week starts Monday 1 January
    assert ax.get_xlabel() == "Week (starting Monday)"


def test_timeline_places_tz_aware_dates_by_local_date():
    docs = pd.DataFrame({"doc_id": ["a", "b"], "text": ["Keamanan.", "Keamanan kawasan."],
                         "date": ["2024-02-01T01:00:00+07:00", "2024-01-15T10:00:00+00:00"]})
    tokens = tk.prepare(docs)
    hits = tk.find_themes(tokens, "security")
    ax = plot.theme_timeline(hits, tokens, docs=docs, min_docs=1, ax=_ax())
    assert [t.split("\n")[0] for t in _ticks(ax.get_xticklabels())] == ["Jan", "Feb"]  # a is 1 Feb in Jakarta
    np.testing.assert_allclose(ax.get_lines()[0].get_ydata(), [1 / 2 * 1000, 1 / 1 * 1000])
    aware = docs.assign(date=pd.to_datetime(["2024-02-01 01:00", "2024-01-15 10:00"]).tz_localize("Asia/Jakarta"))
    ax = plot.theme_timeline(hits, tokens, docs=aware, ax=_ax())
    assert [t.split("\n")[0] for t in _ticks(ax.get_xticklabels())] == ["Jan", "Feb"]


def test_timeline_errors_and_warnings_name_the_documents(dated):
    docs, tokens, hits = dated
    bad = docs.assign(date=["2024-01-05", "kemarin", "2024-02-11", "2024-04-02", "2024-04-30"])
    with pytest.raises(ValueError, match=r"'kemarin' \(doc_id 'd2'\)"):
        plot.theme_timeline(hits, tokens, docs=bad)
    missing = docs.assign(date=["2024-01-05", None, "2024-02-11", "2024-04-02", "2024-04-30"])
    with pytest.warns(UserWarning, match="'d2'"):
        plot.theme_timeline(hits, tokens, docs=missing, ax=_ax())
    with pytest.raises(ValueError, match="freq="):
        plot.theme_timeline(hits, tokens, docs=docs, freq="Y")
    with pytest.raises(ColumnError, match="docs="):
        plot.theme_timeline(hits, tokens)


def test_timeline_marks_periods_with_few_documents(dated):
    docs, tokens, hits = dated
    ax = plot.theme_timeline(hits, tokens, docs=docs, min_docs=2, ax=_ax())
    # slots: Jan (2 documents), Feb (1), the March gap, Apr (2): February is marked, not joined
    for line in ax.get_lines():
        toks, n, _ = _independent_monthly(docs, tokens, hits, line.get_label())
        want = [n.get("2024-01", 0) / toks["2024-01"] * 1000, np.nan, np.nan, n.get("2024-04", 0) / toks["2024-04"]
                * 1000]
        np.testing.assert_allclose(line.get_ydata(), want, equal_nan=True)
    open_markers = [c for c in ax.collections if len(c.get_offsets())]
    assert len(open_markers) == len(ax.get_lines())
    assert all(c.get_offsets()[:, 0].tolist() == [1.0] for c in open_markers)
    assert all((c.get_facecolor()[:, :3] == 1).all() for c in open_markers)  # white inside
    assert any("Fewer than 2 documents" in t for t in _ticks(ax.get_legend().get_texts()))
    # the document counts have their own axis, labelled, with ticks up to the largest count
    twin = [a for a in ax.get_figure().axes if a is not ax][0]
    assert twin.get_ylabel() == "Documents per month"
    assert [float(t) for t in twin.get_yticks()][-1] == 2.0
    with pytest.raises(ValueError, match="min_docs=0"):
        plot.theme_timeline(hits, tokens, docs=docs, min_docs=0)


# --------------------------------------------------------------------------- keyness


def test_keyness_signed_bars_colours_and_names(sample):
    _, tokens, _ = sample
    k = tk.keyness(tokens, target="Xi Jinping", reference="Kassym-Jomart Tokayev", by="speaker")
    k.attrs["target"], k.attrs["reference"] = "Xi", "Tokayev"
    ax = plot.keyness(k, n=5, ax=_ax())
    terms = _ticks(ax.get_yticklabels())
    score = dict(zip(k["term"], k["score"]))
    widths = [p.get_width() for p in ax.patches]
    assert widths == [score[t] for t in terms]
    # Tokayev's side: tokayev, rakyat, perintah, kerangka (the "9" of his dates is a number, not compared); the
    # next terms tie at one occurrence each, more than 2 x n of them, so the tied block is left out whole
    assert sum(w > 0 for w in widths) == 5 and sum(w < 0 for w in widths) == 4
    assert widths[:5] == sorted(widths[:5], reverse=True) and widths[-1] == min(score.values())
    for bar in ax.patches:
        want = "#0072B2" if bar.get_width() > 0 else "#D55E00"
        assert _rgb(bar.get_facecolor()[:3]) == _rgb(want)
    p = dict(zip(k["term"], k["p_value"]))
    assert [bar.get_alpha() == 0.4 for bar in ax.patches] == [p[t] >= 0.05 for t in terms]
    assert ax.get_title() == "Key terms: Xi vs Tokayev (G²)"
    legend = _ticks(ax.get_legend().get_texts())
    assert legend[0].startswith("More in Xi, ") and legend[-1].startswith("More in Tokayev, ")
    assert "more in Xi" in ax.get_xlabel()


def test_keyness_log_ratio_and_parameters_override_attrs():
    docs = pd.DataFrame({"doc_id": ["xi", "tokayev"], "text": [
        "Keamanan keamanan terorisme ekonomi.", "Ekonomi ekonomi perdagangan keamanan."]})
    k = tk.keyness(tk.prepare(docs), target="xi")
    ax = plot.keyness(k, value="log_ratio", target="Beijing", reference="Astana", alpha=None, ax=_ax())
    ratio = dict(zip(k["term"], k["log_ratio"]))
    assert [p.get_width() for p in ax.patches] == [ratio[t] for t in _ticks(ax.get_yticklabels())]
    assert ax.get_title() == "Key terms: Beijing vs Astana (log ratio)"
    assert all(bar.get_alpha() in (None, 1) for bar in ax.patches)


def _tied_keyness():
    """Keyness rows made by hand: on the target side, six terms of equal score, at three frequencies."""
    rows = [("zeta", 5.0, 6, 0), ("alfa", 5.0, 3, 0), ("beta", 5.0, 3, 0), ("gama", 5.0, 3, 0),
            ("delta", 5.0, 2, 0), ("eta", 5.0, 2, 0), ("omega", -4.0, 0, 4)]
    table = pd.DataFrame(rows, columns=["term", "score", "target_count", "reference_count"])
    return table.assign(p_value=0.01, log_ratio=np.sign(table["score"]) * 2.0, measure="g2")


def test_keyness_breaks_ties_by_frequency_not_spelling():
    table = _tied_keyness()
    ax = plot.keyness(table, n=1, ax=_ax())
    assert _ticks(ax.get_yticklabels()) == ["zeta", "omega"]  # the most frequent of the tied, not "alfa"
    # n=2 cuts inside a tie of three (alfa, beta, gama: same score, same count): all three are kept
    ax = plot.keyness(table, n=2, ax=_ax())
    assert _ticks(ax.get_yticklabels()) == ["zeta", "alfa", "beta", "gama", "omega"]
    # n=5 cuts inside the tie of delta and eta: both kept (6 bars on the side, at most 2 x n)
    assert len(plot.keyness(table, n=5, ax=_ax()).patches) == 7
    # a tied set larger than twice n is left out whole, and the x label says so
    wide = pd.concat([table] + [table.iloc[[1]].assign(term=f"t{i}") for i in range(6)], ignore_index=True)
    ax = plot.keyness(wide, n=2, ax=_ax())
    assert _ticks(ax.get_yticklabels()) == ["zeta", "omega"]
    assert "More in target: 9 terms tie at G² = 5 (3 occurrences each): not shown." in " ".join(
        ax.get_xlabel().split())


def test_keyness_legend_matches_the_bar_colours(sample):
    _, tokens, _ = sample
    k = tk.keyness(tokens, target="Xi Jinping", reference="Kassym-Jomart Tokayev", by="speaker")
    ax = plot.keyness(k, n=8, target="Xi", reference="Tokayev", ax=_ax())

    def look(patch):
        return _rgb(patch.get_facecolor()[:3]), round(patch.get_alpha() if patch.get_alpha() is not None else 1.0, 2)

    drawn = {look(bar) for bar in ax.patches}
    legend = ax.get_legend()
    shown = {look(h) for h in legend.legend_handles}
    assert drawn == shown and len(shown) == len(legend.get_texts())
    pale = [t for t in _ticks(legend.get_texts()) if "p ≥ 0.05" in t]
    assert pale and all(t.startswith(("More in Xi", "More in Tokayev")) for t in pale)


# --------------------------------------------------------------------------- networks


def _independent_pairs(hits, keys=("doc_id", "seg_id")):
    pairs = Counter()
    for _, group in hits[hits["weight"] > 0].groupby(list(keys)):
        pairs.update(itertools.combinations(sorted(set(group["entry"])), 2))
    return pairs


def _label_positions(ax):
    return {t.get_gid(): tuple(np.round(t.xy, 6)) for t in ax.texts}


def test_cooccurrence_network_nodes_edges_and_widths(sample):
    _, _, hits = sample
    ax = plot.cooccurrence_network(hits, n=None, ax=_ax())
    pairs = _independent_pairs(hits)
    nodes = {e for p in pairs for e in p}
    positions = _label_positions(ax)
    assert set(positions) == nodes
    node_coll = [c for c in ax.collections if c.get_offsets().shape[0] == len(nodes)]
    assert len(node_coll) == 1
    edges = [c for c in ax.collections if c is not node_coll[0]][0]
    by_pos = {v: k for k, v in positions.items()}
    drawn = {}
    for seg, width in zip(edges.get_segments(), itertools.cycle(edges.get_linewidths())):
        a, b = (by_pos[tuple(np.round(pt, 6))] for pt in seg)
        drawn[tuple(sorted((a, b)))] = width
    assert set(drawn) == set(pairs)
    low, high = min(pairs.values()), max(pairs.values())
    for pair, width in drawn.items():
        assert width == pytest.approx(1 + 5 * (pairs[pair] - low) / (high - low))
    # node colours: each entry's theme colour
    entry_theme = (hits[hits["weight"] > 0].assign(top=lambda d: d["theme"].str.split("/").str[0])
                   .groupby(["entry", "top"]).size().reset_index(name="n")
                   .sort_values(["entry", "n", "top"], ascending=[True, False, True]).drop_duplicates("entry")
                   .set_index("entry")["top"])
    colours = plot.theme_colours(sorted(set(entry_theme)))
    offsets = [tuple(np.round(o, 6)) for o in node_coll[0].get_offsets()]
    for offset, face in zip(offsets, node_coll[0].get_facecolors()):
        assert to_hex(face) == colours[entry_theme[by_pos[offset]]].lower()
    assert ax.get_title() == "Theme entries that occur in the same paragraph"
    assert "Edge width" in ax.get_xlabel()


def test_cooccurrence_network_is_deterministic_and_filters(sample):
    _, _, hits = sample
    one = plot.cooccurrence_network(hits, layout="spring", seed=3, ax=_ax())
    two = plot.cooccurrence_network(hits, layout="spring", seed=3, ax=_ax())
    assert _label_positions(one) == _label_positions(two)
    pairs = _independent_pairs(hits)
    strong = {p for p, c in pairs.items() if c >= 2}
    ax = plot.cooccurrence_network(hits, min_count=2, ax=_ax())
    assert set(_label_positions(ax)) == {e for p in strong for e in p}
    themes = plot.cooccurrence_network(hits, item="theme", ax=_ax())
    h = hits.assign(entry=hits["theme"].str.split("/").str[0])
    assert set(_label_positions(themes)) == {e for p in _independent_pairs(h) for e in p}
    assert themes.get_title() == "Themes that occur in the same paragraph"


def test_collocation_network_draws_the_top_pairs(sample):
    _, tokens, _ = sample
    pairs = tk.collocations(tokens, min_count=1)
    ax = plot.collocation_network(pairs, n=10, ax=_ax())
    top = pairs.head(10)
    assert set(_label_positions(ax)) == set(top["word1"]) | set(top["word2"])
    edges = [c for c in ax.collections if len(c.get_segments() if hasattr(c, "get_segments") else []) > 0]
    assert sum(len(c.get_segments()) for c in edges) == len({tuple(sorted(p)) for p in zip(top["word1"], top["word2"])})
    assert ax.get_title() == "Collocations: the top 10 word pairs by PMI"


def test_cooccurrence_network_draws_the_entries_with_most_hits(sample):
    _, _, hits = sample
    ax = plot.cooccurrence_network(hits, n=6, ax=_ax())
    pairs = _independent_pairs(hits)
    node_hits = hits[hits["weight"] > 0].groupby("entry").size()
    partners = Counter(e for p in pairs for e in p)
    ranked = sorted(partners, key=lambda e: (-node_hits[e], -partners[e], e))[:6]
    kept = {e for p in pairs if set(p) <= set(ranked) for e in p}
    assert set(_label_positions(ax)) == kept
    assert f"Shown: {len(kept)} of {len(partners)} entries" in " ".join(ax.get_xlabel().split())
    default = plot.cooccurrence_network(hits, ax=_ax())
    assert len(default.texts) <= 40


def test_network_labels_wrap_long_glosses_without_cutting_them(sample):
    _, tokens, _ = sample
    pairs = tk.collocations(tokens, min_count=1).head(3)
    word = str(pairs["word1"].iloc[0])
    gloss = "a deliberately long English gloss that runs well past twenty-six characters"
    ax = plot.collocation_network(pairs, n=3, glosses={word: gloss}, ax=_ax())
    label = [t.get_text() for t in ax.texts if t.get_gid() == word][0]
    assert " ".join(label.split()) == f"{word} ({gloss})" and "…" not in label
    assert max(len(line) for line in label.split("\n")) <= 26


def test_dispersion_shows_the_entries_with_most_hits(sample):
    _, tokens, hits = sample
    ax = plot.dispersion(hits, tokens, item="entry", n=5, ax=_ax())
    counted = hits[hits["weight"] > 0].assign(top=lambda d: d["theme"].str.split("/").str[0])
    per_entry = counted.groupby(["top", "entry"]).agg(n=("position", "size"), first=("position", "min"))
    want = per_entry.sort_values(["n", "first"], ascending=[False, True]).index[:5]  # rows are theme x entry
    assert sorted(_ticks(ax.get_yticklabels())) == sorted(entry for _, entry in want)
    left_out = len(per_entry) - 5
    assert f"{left_out} entries with fewer hits not shown" in " ".join(ax.get_xlabel().split())


# --------------------------------------------------------------------------- word cloud


def test_wordcloud_without_the_package_says_how_to_install(sample, monkeypatch):
    _, tokens, _ = sample
    counts = tk.count_terms(tokens, by=[])
    monkeypatch.setitem(sys.modules, "wordcloud", None)  # as if not installed
    with pytest.raises(ImportError, match=r"pip install wordcloud.*top_terms"):
        plot.wordcloud(counts)


def test_wordcloud_draws_when_installed(sample):
    pytest.importorskip("wordcloud")
    _, tokens, _ = sample
    ax = plot.wordcloud(tk.count_terms(tokens, by=[]), ax=_ax())
    assert len(ax.images) == 1 and ax.get_title().startswith("Word cloud")


# --------------------------------------------------------------------------- save


@pytest.mark.parametrize("name", ["chart", "chart.png", "chart.svg", "chart.PNG"])
def test_save_writes_png_and_svg(tmp_path, name):
    ax = _ax()
    ax.plot([0, 1], [0, 1])
    png, svg = plot.save(ax, tmp_path / "nested" / "dir" / name)
    assert png == tmp_path / "nested" / "dir" / "chart.png" and svg == png.with_suffix(".svg")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert b"<svg" in svg.read_bytes()[:2000]
    if importlib.util.find_spec("PIL") is not None:
        from PIL import Image

        with Image.open(png) as img:
            assert img.info["dpi"] == pytest.approx((200, 200), abs=0.1)
    else:  # pragma: no cover
        assert png.stat().st_size > 1000


def test_save_accepts_a_figure_and_refuses_other_formats(tmp_path):
    fig = Figure()
    fig.subplots().bar([0], [1])
    png, svg = plot.save(fig, tmp_path / "fig-v1.2", dpi=50)
    assert png.name == "fig-v1.2.png" and svg.exists()
    with pytest.raises(ValueError, match="PNG and SVG"):
        plot.save(fig, tmp_path / "fig.pdf")
    with pytest.raises(TypeError):
        plot.save("not a figure", tmp_path / "x")


# --------------------------------------------------------------------------- every chart


def _calls(sample, dated):
    docs, tokens, hits = sample
    ddocs, dtokens, dhits = dated
    counts = tk.count_terms(tokens, by="speaker")
    rates = tk.theme_rates(hits, tokens, by="speaker")
    k = tk.keyness(tokens, target="Xi Jinping", by="speaker")
    pairs = tk.collocations(tokens, min_count=1)
    return {
        "top_terms": (plot.top_terms, (counts,), {}),
        "top_terms_compare": (plot.top_terms, (counts,), {"by": "speaker", "groups": ["Xi Jinping",
                                                                                       "Kassym-Jomart Tokayev"]}),
        "top_terms_panels": (plot.top_terms, (tk.count_terms(tokens, by="seg_id"),), {"by": "seg_id"}),
        "theme_rates": (plot.theme_rates, (rates,), {}),
        "theme_rates_by_date": (plot.theme_rates, (tk.theme_rates(dhits, dtokens, by="date", docs=ddocs),), {}),
        "theme_rates_stacked": (plot.theme_rates, (rates,), {"kind": "stacked"}),
        "theme_heatmap": (plot.theme_heatmap, (hits, tokens), {}),
        "dispersion": (plot.dispersion, (hits, tokens), {"item": "entry", "glosses": "all"}),
        "theme_timeline": (plot.theme_timeline, (dhits, dtokens), {"docs": ddocs}),
        "keyness": (plot.keyness, (k,), {}),
        "cooccurrence_network": (plot.cooccurrence_network, (hits,), {}),
        "collocation_network": (plot.collocation_network, (pairs,), {}),
    }


NAMES = ["top_terms", "top_terms_compare", "top_terms_panels", "theme_rates", "theme_rates_stacked",
         "theme_rates_by_date", "theme_heatmap", "dispersion", "theme_timeline", "keyness", "cooccurrence_network",
         "collocation_network"]


@pytest.mark.parametrize("name", NAMES)
def test_draws_on_the_given_axes_without_new_figures(sample, dated, name):
    func, args, kwargs = _calls(sample, dated)[name]
    fig = plt.figure()
    ax = fig.add_subplot()
    before = plt.get_fignums()
    out = func(*args, ax=ax, **kwargs)
    assert out is ax
    assert plt.get_fignums() == before
    assert ax.get_title() and ax.get_xlabel()
    if "network" not in name:
        assert ax.get_ylabel()


@pytest.mark.parametrize("name", NAMES)
def test_creates_one_constrained_figure_without_ax(sample, dated, name):
    func, args, kwargs = _calls(sample, dated)[name]
    before = set(plt.get_fignums())
    ax = func(*args, **kwargs)
    new = set(plt.get_fignums()) - before
    assert len(new) == 1 and ax.get_figure().number in new
    assert ax.get_figure().get_layout_engine().__class__.__name__ == "ConstrainedLayoutEngine"


@pytest.mark.parametrize("name", NAMES)
def test_input_tables_are_not_modified(sample, dated, name):
    func, args, kwargs = _calls(sample, dated)[name]
    copies = [a.copy(deep=True) for a in args]
    func(*args, ax=_ax(), **kwargs)
    for original, copy in zip(args, copies):
        pd.testing.assert_frame_equal(original, copy)


@pytest.mark.parametrize("name", NAMES)
def test_ax_must_be_an_axes(sample, dated, name):
    func, args, kwargs = _calls(sample, dated)[name]
    with pytest.raises(TypeError, match="ax must be a matplotlib Axes"):
        func(*args, ax="not an axes", **kwargs)


def test_options_are_keyword_only():
    import inspect

    for name in plot.__all__:
        obj = getattr(plot, name)
        params = list(inspect.signature(obj).parameters.values())
        positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
        assert len(positional) <= 2, name  # only the input tables (hits, tokens) are positional
        assert all(p.default is inspect.Parameter.empty for p in positional), name
        assert all(p.kind == p.KEYWORD_ONLY for p in params[len(positional):]), name
        doc = inspect.getdoc(obj)
        for section in ("Parameters\n----------", "Returns\n-------", "Examples\n--------"):
            assert section in doc, (name, section)


def test_empty_tables_give_a_titled_chart_that_says_so():
    docs = pd.DataFrame({"doc_id": ["a"], "text": ["Cuaca cerah hari ini.\n\nHujan deras."]})
    tokens = tk.prepare(docs)
    hits = tk.find_themes(tokens, "all")
    assert hits.empty
    cases = [
        (plot.theme_heatmap(hits, tokens, ax=_ax()), "No theme hits in this document."),
        (plot.dispersion(hits, tokens, ax=_ax()), "No theme hits in this document."),
        (plot.cooccurrence_network(hits, ax=_ax()), "No entries occur together."),
        (plot.top_terms(tk.count_terms(tokens).iloc[0:0], ax=_ax()), "No terms to show."),
    ]
    for ax, message in cases:
        assert ax.get_title() and message in _ticks(ax.texts)


# --------------------------------------------------------------------------- validation


def _validation_result(n_themes=3, nan_precision=()):
    themes = (SHIPPED_THEMES + ["maritime", "health", "energy", "migration"])[:n_themes]
    rows = []
    for i, theme in enumerate(themes):
        p, r = 0.5 + 0.03 * i, 0.9 - 0.04 * i
        if theme in nan_precision:
            rows.append({"theme": theme, "n": 40, "positives": 10, "precision": np.nan, "recall": 0.0,
                         "precision_low": np.nan, "precision_high": np.nan, "recall_low": 0.0, "recall_high": 0.0})
        else:
            rows.append({"theme": theme, "n": 40, "positives": 10 + i, "precision": p, "recall": r,
                         "precision_low": p - 0.1, "precision_high": p + 0.05, "recall_low": r - 0.2,
                         "recall_high": r + 0.05})
    result = pd.DataFrame(rows)
    result.attrs["ci"] = 0.9
    return result


def test_validation_draws_one_marker_and_whisker_per_value():
    result = _validation_result(3)
    ax = plot.validation(result, ax=_ax())
    assert ax.get_title() and "Precision and recall" in ax.get_xlabel() and "90%" in ax.get_xlabel()
    assert ax.get_ylabel() == "Theme (coded units)"
    gids = [c.lines[0].get_gid() for c in ax.containers]
    assert gids == ["precision:security", "precision:connectivity", "precision:multilateralism",
                    "recall:security", "recall:connectivity", "recall:multilateralism"]
    # the marker sits at the value, the whisker spans the interval, both in the theme's colour
    first = ax.containers[0]
    x, y = first.lines[0].get_data()
    assert x[0] == pytest.approx(0.5) and y[0] < 0  # precision above the theme's row (rows go top to bottom)
    segment = first.lines[2][0].get_segments()[0]
    assert [round(segment[0][0], 6), round(segment[1][0], 6)] == [0.4, 0.55]
    assert to_hex(first.lines[0].get_color()) == plot.theme_colours(["security"])["security"].lower()
    labels = _ticks(ax.get_yticklabels())
    assert labels[0] == "security\n(n = 40, 10 positive)" and len(labels) == 3
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["Precision", "Recall"]


def test_validation_marks_undefined_values_and_reads_with_a_dozen_themes():
    result = _validation_result(12, nan_precision=("cooperation",))
    ax = plot.validation(result)
    assert len(ax.containers) == 23  # 12 recalls, 11 precisions
    notes = [t for t in ax.texts if (t.get_gid() or "").startswith("undefined")]
    assert [t.get_gid() for t in notes] == ["undefined:precision:cooperation"]
    assert notes[0].get_text() == "precision undefined (nothing detected)"
    assert len(ax.get_yticks()) == 12
    # the figure grows with the number of themes, so labels do not overlap
    assert ax.get_figure().get_size_inches()[1] >= 12 * 2 * 10 * 1.6 / 72
    ax.get_figure().canvas.draw()


def test_validation_from_validate_themes_and_edge_cases():
    detected = pd.DataFrame({"doc_id": ["a", "a", "b"], "seg_id": [0, 1, 0], "theme": "security",
                             "present": [True, False, False]})
    gold = pd.DataFrame({"doc_id": ["a", "a", "b"], "seg_id": [0, 1, 0], "security": [1, 1, 0]})
    result = tk.validate_themes(detected, gold, n_boot=50)
    before = result.copy(deep=True)
    fig = plt.figure()
    ax = fig.add_subplot()
    assert plot.validation(result, ax=ax) is ax and len(plt.get_fignums()) == 1
    pd.testing.assert_frame_equal(result, before)
    assert "95%" in ax.get_xlabel()
    # no interval columns: markers without whiskers
    bare = plot.validation(result[["theme", "precision", "recall"]], ax=_ax())
    assert len(bare.containers) == 2 and not bare.containers[0].has_xerr
    empty = plot.validation(result.iloc[0:0], ax=_ax())
    assert empty.get_title() and "No themes to show." in _ticks(empty.texts)
    with pytest.raises(ColumnError, match="'recall'"):
        plot.validation(result.drop(columns="recall"), ax=_ax())
    with pytest.raises(TypeError, match="ax must be a matplotlib Axes"):
        plot.validation(result, ax="not an axes")


def test_shared_parameter_descriptions_are_filled_into_every_chart():
    import re

    from toolkit.plot._docs import PARAMETERS, fill_doc

    for name in plot.__all__:
        doc = getattr(plot, name).__doc__
        assert not re.search(r"^\s*\{\w+\}\s*$", doc, re.MULTILINE), name  # no placeholder left
    for name in ("top_terms", "theme_rates", "theme_heatmap", "dispersion", "theme_timeline", "keyness",
                 "cooccurrence_network", "collocation_network", "wordcloud", "validation"):
        assert "MAX_FIGURE_INCHES" in getattr(plot, name).__doc__, name  # the shared text for ax=
    filled = fill_doc("    n : int\n    {glosses}\n    {title}\n", glosses="bar labels")
    assert "English glosses for bar labels, as in" in filled and "{term: gloss}" in filled
    assert "    title : str, optional\n        Replaces the default title.\n" in filled
    assert set(PARAMETERS) >= {"ax", "title", "glosses", "hits", "level", "max_groups", "layout"}
    with pytest.raises(KeyError, match="glosses"):
        fill_doc("    {glosses}\n")  # a text with a slot needs its words


def test_by_for_the_kind_of_item_is_now_item_with_a_future_warning(sample):
    _, tokens, hits = sample
    with pytest.warns(FutureWarning, match="by= is now item="):
        old = tk.cooccurrence(hits, by="theme")
    pd.testing.assert_frame_equal(old, tk.cooccurrence(hits, item="theme"))
    with pytest.warns(FutureWarning, match="by= is now item="):
        plot.dispersion(hits, tokens, by="entry", ax=_ax())
