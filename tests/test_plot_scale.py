"""Charts at corpus scale: every chart of toolkit.plot, drawn on a generated corpus of forty sources, six years of
dates with a year without documents, thirty speakers and hundreds of lexicon entries, keeps its labels apart and
whole, in a figure of sane size.

The checks read the rendered figure (``fig.canvas.draw()``, then each text's window extent), not the code that
placed the labels. A new chart function of toolkit.plot must be added to CASES: a test fails until it is.
"""

from __future__ import annotations

import itertools
import re

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.text import Text

import toolkit as tk
from toolkit import plot

SOURCES = 40
SPEAKERS = 30
YEARS = (2015, 2020)
EMPTY_YEAR = 2017
#: The largest figure a chart may create, in inches (width, height): toolkit.plot.MAX_FIGURE_INCHES.
MAX_INCHES = (16.0, 20.0)
NOT_CHARTS = {"theme_colours", "term_glosses", "projector", "save"}

SYLLABLES = ("ba ka ta ma na ra sa la pa da ga ja ri ki ti mi ni si li pu ku tu mu nu ru su lu be ke te me ne se "
             "le bo ko to mo no so").split()
OUTLET_WORDS = ("Harian Suara Kabar Warta Berita Pos Nusantara Jakarta Timur Raya Merdeka Pembaruan Rakyat Indonesia "
                "Daily Online Khatulistiwa Sentral").split()
FIRST_NAMES = "Agus Budi Citra Dewi Eko Fitri Gita Hadi Indah Joko".split()
FAMILY_NAMES = ("Santoso", "Wijayakusuma", "Pratama")


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def _corpus(seed: int = 7) -> pd.DataFrame:
    """Docs of Indonesian-like text (affixed syllable words) sprinkled with entries of the shipped lexicons."""
    rng = np.random.default_rng(seed)
    roots = sorted({"".join(rng.choice(SYLLABLES, rng.integers(2, 4))) for _ in range(900)})
    vocab = [rng.choice(["", "", "me", "ber", "di", "pe", "ter"]) + r + rng.choice(["", "", "", "kan", "an", "nya"])
             for r in roots]
    weights = rng.zipf(1.3, len(vocab)).astype(float)
    weights /= weights.sum()
    lexicon = tk.load_lexicon("all")
    entries = lexicon.loc[(lexicon["match"] != "regex") & (lexicon["weight"] > 0), "entry"]
    entries = entries.str.replace("=", "").str.replace("*", "").tolist()
    sources: list[str] = []
    while len(sources) < SOURCES:
        name = " ".join(rng.choice(OUTLET_WORDS, rng.integers(1, 4), replace=False))
        if name not in sources:
            sources.append(name)
    days = pd.date_range(f"{YEARS[0]}-01-01", f"{YEARS[1]}-12-31", freq="D")
    days = days[days.year != EMPTY_YEAR]

    def paragraph(words: int, cues: int) -> str:
        body = list(rng.choice(vocab, words, p=weights))
        for entry in rng.choice(entries, cues):
            body.insert(int(rng.integers(0, len(body))), entry)
        return " ".join(body).capitalize() + "."

    rows = []
    for i in range(720):
        text = "\n\n".join(paragraph(int(rng.integers(15, 35)), int(rng.integers(0, 4)))
                           for _ in range(rng.integers(2, 6)))
        source = sources[i] if i < SOURCES else sources[min(int(rng.exponential(8)), SOURCES - 1)]
        rows.append({"doc_id": f"d{i:04d}", "text": text, "source": source,
                     "date": days[rng.integers(len(days))].strftime("%Y-%m-%d")})
    # one long article: 80 paragraphs, a few hundred hits of over a hundred entries
    rows.append({"doc_id": "long", "text": "\n\n".join(paragraph(25, 4) for _ in range(80)), "source": sources[0],
                 "date": "2019-05-05"})
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def big():
    docs = _corpus()
    tokens = tk.prepare(docs)
    rng = np.random.default_rng(11)
    names = [f"{f} {s}" for f in FIRST_NAMES for s in FAMILY_NAMES]
    segs = tokens[["doc_id", "seg_id"]].drop_duplicates()
    # a third of the paragraphs are narration: no speaker
    speaker = [None if rng.random() < 0.35 else names[rng.integers(SPEAKERS)] for _ in range(len(segs))]
    segs = segs.assign(speaker=pd.Series(speaker, index=segs.index, dtype="str"))
    tokens = tokens.merge(segs, on=["doc_id", "seg_id"], how="left")
    hits = tk.find_themes(tokens, "all")
    return docs, tokens, hits


def _validation_result() -> pd.DataFrame:
    """Precision and recall of all 41 themes and sub-themes of the shipped lexicons (values generated)."""
    themes = sorted(tk.load_lexicon("all")["theme"].unique())
    rng = np.random.default_rng(3)
    p, r = rng.uniform(0.4, 0.95, len(themes)), rng.uniform(0.4, 0.95, len(themes))
    result = pd.DataFrame({"theme": themes, "n": 400, "positives": rng.integers(5, 80, len(themes)),
                           "precision": p, "recall": r, "precision_low": p - 0.1, "precision_high": p + 0.04,
                           "recall_low": r - 0.12, "recall_high": r + 0.05})
    result.loc[3, ["precision", "precision_low", "precision_high"]] = np.nan
    result.attrs["ci"] = 0.95
    return result


def _largest_source(docs):
    return docs["source"].value_counts().sort_index().idxmax()


# (chart function, case id, call): every public chart function of toolkit.plot, with the options that matter at scale
CASES = [
    ("top_terms", "pooled", lambda d, t, h: plot.top_terms(tk.count_terms(t, by="source", docs=d), glosses="all")),
    ("top_terms", "40-sources", lambda d, t, h: plot.top_terms(tk.count_terms(t, by="source", docs=d), by="source",
                                                               glosses="all")),
    ("top_terms", "30-speakers", lambda d, t, h: plot.top_terms(tk.count_terms(t, by="speaker"), by="speaker")),
    ("theme_rates", "40-sources", lambda d, t, h: plot.theme_rates(tk.theme_rates(h, t, by="source", docs=d))),
    ("theme_rates", "30-speakers", lambda d, t, h: plot.theme_rates(tk.theme_rates(h, t, by="speaker"))),
    ("theme_rates", "stacked", lambda d, t, h: plot.theme_rates(tk.theme_rates(h, t, by="source", docs=d),
                                                                kind="stacked")),
    ("theme_rates", "by-date", lambda d, t, h: plot.theme_rates(tk.theme_rates(h, t, by="date", docs=d))),
    ("theme_heatmap", "80-paragraphs", lambda d, t, h: plot.theme_heatmap(h, t, doc_id="long")),
    ("theme_heatmap", "sub-themes", lambda d, t, h: plot.theme_heatmap(h, t, doc_id="long", level=None)),
    ("dispersion", "entries", lambda d, t, h: plot.dispersion(h, t, doc_id="long", item="entry", glosses="all")),
    ("dispersion", "sub-themes", lambda d, t, h: plot.dispersion(h, t, doc_id="long", level=None)),
    ("theme_timeline", "months", lambda d, t, h: plot.theme_timeline(h, t, docs=d)),
    ("theme_timeline", "weeks", lambda d, t, h: plot.theme_timeline(h, t, docs=d, freq="W")),
    ("keyness", "source", lambda d, t, h: plot.keyness(tk.keyness(t, target=_largest_source(d), by="source", docs=d),
                                                       glosses="all")),
    ("cooccurrence_network", "entries", lambda d, t, h: plot.cooccurrence_network(h, glosses="all")),
    ("cooccurrence_network", "sub-themes", lambda d, t, h: plot.cooccurrence_network(h, item="theme", level=None)),
    ("collocation_network", "pairs", lambda d, t, h: plot.collocation_network(tk.collocations(t, min_count=3),
                                                                              glosses="all")),
    ("wordcloud", "terms", lambda d, t, h: plot.wordcloud(tk.count_terms(t, by=[]), glosses="all")),
    ("validation", "41-themes", lambda d, t, h: plot.validation(_validation_result())),
]
IDS = [f"{name}-{case}" for name, case, _ in CASES]


def test_every_chart_function_is_drawn_at_scale():
    charts = {name for name in plot.__all__ if name not in NOT_CHARTS}
    assert charts == {name for name, _, _ in CASES}


@pytest.fixture(scope="module")
def drawn(big):
    """Each case drawn once (lazily), with its renderer."""
    cache = {}

    def draw(case_id):
        if case_id not in cache:
            name, _, call = CASES[IDS.index(case_id)]
            if name == "wordcloud":
                pytest.importorskip("wordcloud")
            ax = call(*big)
            fig = ax.get_figure(root=True)
            fig.canvas.draw()
            cache[case_id] = (ax, fig, fig.canvas.get_renderer(), _texts(fig))
        return cache[case_id]

    yield draw
    plt.close("all")


def _all_axes(fig):
    out = []
    todo = list(fig.axes)
    while todo:
        ax = todo.pop(0)
        out.append(ax)
        todo.extend(ax.child_axes)
    return out


def _texts(fig):
    """Every visible, non-empty text of the figure (ticks, labels, titles, annotations, legends)."""
    return [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip() and t.get_figure() is not None]


def _box(text, renderer):
    # an Annotation's own extent includes its arrow; the label is the text alone
    return Text.get_window_extent(text, renderer)


def _overlaps(texts, renderer, tolerance: float = 1.0):
    """Pairs of texts whose rendered boxes overlap by more than ``tolerance`` pixels both ways."""
    boxes = [(t, _box(t, renderer)) for t in texts]
    boxes = [(t, b) for t, b in boxes if b.width > 0 and b.height > 0]
    bad = []
    for (a, ba), (b, bb) in itertools.combinations(boxes, 2):
        dx = min(ba.x1, bb.x1) - max(ba.x0, bb.x0)
        dy = min(ba.y1, bb.y1) - max(ba.y0, bb.y0)
        if dx > tolerance and dy > tolerance:
            bad.append((a.get_text(), b.get_text()))
    return bad


@pytest.mark.slow
@pytest.mark.parametrize("case_id", IDS)
def test_tick_labels_do_not_overlap(drawn, case_id):
    ax, fig, renderer, _ = drawn(case_id)
    for a in _all_axes(fig):
        for axis in (a.xaxis, a.yaxis):
            labels = [t for t in axis.get_ticklabels() if t.get_visible() and t.get_text().strip()]
            assert _overlaps(labels, renderer) == [], (case_id, axis.axis_name)


@pytest.mark.slow
@pytest.mark.parametrize("case_id", IDS)
def test_no_two_texts_of_the_figure_overlap(drawn, case_id):
    """Titles, axis labels, tick labels, annotations, bar labels, legend entries: no two overlap."""
    _, _, renderer, texts = drawn(case_id)
    bad = _overlaps(texts, renderer)
    assert bad == [], (case_id, len(bad), bad[:5])


@pytest.mark.slow
@pytest.mark.parametrize("case_id", IDS)
def test_figure_size_stays_sane(drawn, case_id):
    _, fig, _, _ = drawn(case_id)
    width, height = fig.get_size_inches()
    assert 4.0 <= width <= MAX_INCHES[0] and 3.0 <= height <= MAX_INCHES[1], (case_id, width, height)


def test_the_largest_figure_is_documented():
    assert plot.MAX_FIGURE_INCHES == MAX_INCHES
    assert "MAX_FIGURE_INCHES" in plot.__doc__


@pytest.fixture(scope="module")
def glosses():
    return plot.term_glosses("all")


@pytest.mark.slow
@pytest.mark.parametrize("case_id", IDS)
def test_labels_are_whole_and_glosses_shown_in_full(drawn, glosses, case_id):
    """No label is cut short ("…"), no group is called "nan", and a glossed term shows its whole gloss."""
    _, _, _, texts = drawn(case_id)
    squeeze = "".join
    for t in texts:
        text = " ".join(t.get_text().split())
        assert "…" not in text and "..." not in text, (case_id, text)
        assert not re.search(r"\bnan\b", text, re.IGNORECASE), (case_id, text)
        term = text.split(" (")[0]
        gloss = glosses.get(term.lower())
        if "(" in text and gloss and gloss.lower() != term.lower():
            assert squeeze(f"({gloss})".split()) in squeeze(t.get_text().split()), (case_id, text, gloss)


PROJECTOR = ["top_terms-40-sources", "theme_rates-40-sources", "dispersion-entries", "theme_timeline-months",
             "keyness-source", "cooccurrence_network-entries", "validation-41-themes"]


@pytest.mark.slow
@pytest.mark.parametrize("case_id", PROJECTOR)
def test_the_projector_style_stays_readable_at_scale(big, case_id):
    """Fonts 1.6 times larger: the charts that grow with their labels still keep them apart, in a sane figure."""
    _, _, call = CASES[IDS.index(case_id)]
    with plot.projector():
        ax = call(*big)
        fig = ax.get_figure(root=True)
        fig.canvas.draw()
        assert _overlaps(_texts(fig), fig.canvas.get_renderer()) == [], case_id
    width, height = fig.get_size_inches()
    assert width <= MAX_INCHES[0] and height <= MAX_INCHES[1], (case_id, width, height)


@pytest.mark.slow
@pytest.mark.parametrize("case_id", [i for i in IDS if "network" in i])
def test_networks_show_a_top_n_and_fill_their_axes(drawn, case_id):
    ax, fig, renderer, _ = drawn(case_id)
    assert len(ax.texts) <= 60  # 40 entries by default; 30 pairs have at most 60 words
    boxes = [Text.get_window_extent(t, renderer) for t in ax.texts]
    boxes += [c.get_window_extent(renderer) for c in ax.collections if len(c.get_offsets())]
    x0, x1 = min(b.x0 for b in boxes), max(b.x1 for b in boxes)
    y0, y1 = min(b.y0 for b in boxes), max(b.y1 for b in boxes)
    figure = fig.bbox
    # nodes and labels span most of the figure: no huge empty margins
    assert (x1 - x0) >= 0.6 * figure.width and (y1 - y0) >= 0.6 * figure.height, (case_id, x0, x1, y0, y1)


@pytest.mark.slow
def test_timeline_draws_the_empty_year_as_one_gap(drawn, big):
    ax, _, _, _ = drawn("theme_timeline-months")
    docs, _, _ = big
    months = pd.period_range(f"{YEARS[0]}-01", f"{YEARS[1]}-12", freq="M")
    slots = len(months) - 12 + 1  # the twelve empty months of the empty year are one slot
    for line in ax.get_lines():
        assert len(line.get_xdata()) == slots
    gap = [t for t in ax.texts if t.get_gid() == "gap"]
    assert [t.get_text() for t in gap] == [f"no documents, Jan {EMPTY_YEAR} – Dec {EMPTY_YEAR}"]
    # no line crosses the gap: every theme's value there is missing
    k = int(round(gap[0].get_position()[0]))
    assert all(np.isnan(line.get_ydata()[k]) for line in ax.get_lines())
    twin = [a for a in ax.get_figure().axes if a is not ax][0]
    assert twin.get_ylabel() == "Documents per month" and len(twin.get_yticklabels()) >= 2
    per_month = pd.to_datetime(docs["date"]).dt.to_period("M").value_counts()
    assert sorted(p.get_height() for p in twin.patches) == sorted(per_month.tolist())


@pytest.mark.slow
def test_many_groups_keep_the_largest_and_pool_the_others(drawn, big):
    ax, _, _, _ = drawn("theme_rates-40-sources")
    docs, tokens, _ = big
    labels = [" ".join(t.get_text().split()) for t in ax.get_xticklabels()]
    assert len(labels) == 13 and labels[-1].startswith(f"{SOURCES - 12} others (")
    sizes = tokens.merge(docs[["doc_id", "source"]], on="doc_id")["source"].value_counts()
    largest = sizes.sort_index().sort_values(ascending=False, kind="stable").index[:12]
    assert {lab.split(" (")[0] for lab in labels[:-1]} == set(largest)
    assert labels[-1].endswith(f"({int(sizes[~sizes.index.isin(largest)].sum()):,} tokens)")


@pytest.mark.slow
def test_a_paragraph_without_speaker_is_labelled_with_its_tokens(drawn, big):
    _, tokens, _ = big
    narration = int(tokens["speaker"].isna().sum())
    ax, _, _, _ = drawn("theme_rates-30-speakers")
    labels = [" ".join(t.get_text().split()) for t in ax.get_xticklabels()]
    assert f"(no speaker) ({narration:,} tokens)" in labels
    ax, _, _, _ = drawn("top_terms-30-speakers")
    assert f"(no speaker) ({narration:,} tokens)" in [panel.get_title() for panel in ax.child_axes]
