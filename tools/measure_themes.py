"""Measure the shipped theme lexicons against paragraphs labelled by hand.

Usage::

    python tools/measure_themes.py THEMES.tsv [--show] [--lexicon NAME_OR_PATH ...]

THEMES.tsv is tab-separated, UTF-8, with a header line holding at least the
columns ``id``, ``para_index``, ``text`` and one 0/1 column per theme
measured (``security``, ``connectivity``, ``multilateralism``,
``cooperation``); an optional ``ambiguous`` 0/1 column marks paragraphs the
labeller found hard. Text may be quoted (csv conventions).

Each paragraph is one document (``doc_id = f"{id}:{para_index}"``),
prepared with ``tk.prepare(docs, unit="document")`` and searched with
``toolkit.themes.find_themes`` for every shipped lexicon at once (or the
lexicons given with ``--lexicon``), so that the longest-match rule works
across themes as it does for users. A paragraph is predicted as theme T when
it has at least one hit whose top-level theme (``theme.split("/")[0]``) is T
(exclusions are never hits; weights do not matter here).

For each labelled theme the script prints the gold count, TP, FP, FN,
precision, recall and F1, on all paragraphs and on the non-ambiguous ones.
With ``--show`` it also lists every false positive and false negative: the
paragraph id, the hits of every theme, and the first 200 characters of the
text (printed to the terminal only; never copy them into the project).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import toolkit as tk  # noqa: E402
from toolkit.lexicon import list_lexicons, load_lexicon  # noqa: E402

THEMES = ("security", "connectivity", "multilateralism", "cooperation")


def read_gold(path: Path) -> pd.DataFrame:
    """Read the labelled paragraphs; check the columns; add ``doc_id``."""
    frame = pd.read_csv(path, sep="\t", dtype={"id": str}, keep_default_na=False, encoding="utf-8-sig")
    missing = [c for c in ("id", "para_index", "text") if c not in frame.columns]
    if missing:
        raise SystemExit(f"{path}: missing column(s) {', '.join(missing)}; header is {', '.join(frame.columns)}")
    frame["doc_id"] = frame["id"].astype(str) + ":" + frame["para_index"].astype(str)
    if frame["doc_id"].duplicated().any():
        dup = frame.loc[frame["doc_id"].duplicated(), "doc_id"].iloc[0]
        raise SystemExit(f"{path}: paragraph {dup} appears twice")
    if "ambiguous" not in frame.columns:
        frame["ambiguous"] = 0
    return frame


def predict(gold: pd.DataFrame, lexicon) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Hits of ``lexicon`` in every paragraph, and a 0/1 table of predicted top-level themes."""
    from toolkit.themes import find_themes

    docs = gold[["doc_id", "text"]].copy()
    tokens = tk.prepare(docs, unit="document")
    hits = find_themes(tokens, lexicon)
    hits = hits.assign(top=hits["theme"].str.split("/").str[0])
    pred = (
        hits.groupby(["doc_id", "top"]).size().unstack(fill_value=0).gt(0).astype(int)
        .reindex(gold["doc_id"], fill_value=0)
    )
    return hits, pred


def scores(gold_col: pd.Series, pred_col: pd.Series) -> dict:
    g, p = gold_col.astype(int).to_numpy(), pred_col.astype(int).to_numpy()
    tp = int(((g == 1) & (p == 1)).sum())
    fp = int(((g == 0) & (p == 1)).sum())
    fn = int(((g == 1) & (p == 0)).sum())
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return {"gold": int(g.sum()), "TP": tp, "FP": fp, "FN": fn, "precision": prec, "recall": rec, "F1": f1}


def table(gold: pd.DataFrame, pred: pd.DataFrame, themes) -> pd.DataFrame:
    rows = []
    for t in themes:
        p = pred[t] if t in pred.columns else pd.Series(0, index=pred.index)
        rows.append({"theme": t, **scores(gold[t].reset_index(drop=True), p.reset_index(drop=True))})
    out = pd.DataFrame(rows)
    total = {"theme": "micro", "gold": out["gold"].sum(), "TP": out["TP"].sum(), "FP": out["FP"].sum(),
             "FN": out["FN"].sum()}
    tp, fp, fn = total["TP"], total["FP"], total["FN"]
    total["precision"] = tp / (tp + fp) if tp + fp else 0.0
    total["recall"] = tp / (tp + fn) if tp + fn else 0.0
    pr, rc = total["precision"], total["recall"]
    total["F1"] = 2 * pr * rc / (pr + rc) if pr + rc else 0.0
    out = pd.concat([out, pd.DataFrame([total])], ignore_index=True)
    macro = {"theme": "macro", "precision": out["precision"][:-1].mean(), "recall": out["recall"][:-1].mean(),
             "F1": out["F1"][:-1].mean()}
    return pd.concat([out, pd.DataFrame([macro])], ignore_index=True)


def fmt(frame: pd.DataFrame) -> str:
    f = frame.copy()
    for c in ("gold", "TP", "FP", "FN"):
        f[c] = f[c].map(lambda v: "" if pd.isna(v) else str(int(v)))
    for c in ("precision", "recall", "F1"):
        f[c] = f[c].map(lambda v: f"{v:.3f}")
    return f.to_string(index=False)


def show_errors(gold: pd.DataFrame, pred: pd.DataFrame, hits: pd.DataFrame, themes) -> None:
    by_doc = {d: g for d, g in hits.groupby("doc_id")}
    text = dict(zip(gold["doc_id"], gold["text"]))
    amb = dict(zip(gold["doc_id"], gold["ambiguous"]))
    for t in themes:
        p = pred[t] if t in pred.columns else pd.Series(0, index=pred.index)
        g = gold.set_index("doc_id")[t].astype(int)
        for kind, ids in (("FP", g.index[(g == 0) & (p == 1)]), ("FN", g.index[(g == 1) & (p == 0)])):
            print(f"\n### {t}: {kind} ({len(ids)})")
            for d in ids:
                h = by_doc.get(d)
                listed = "; ".join(f"{r.theme}={r.matched_text}" for r in h.itertuples()) if h is not None else "-"
                flag = " [ambiguous]" if int(amb.get(d, 0) or 0) else ""
                snippet = " ".join(str(text[d]).split())[:200]
                print(f"- {d}{flag}\n    hits: {listed}\n    text: {snippet}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("gold", type=Path, help="tab-separated file of labelled paragraphs")
    parser.add_argument("--show", action="store_true", help="list false positives and false negatives")
    parser.add_argument("--lexicon", nargs="+", default=None,
                        help="lexicon names or CSV paths (default: every shipped lexicon)")
    args = parser.parse_args(argv)

    gold = read_gold(args.gold)
    themes = [t for t in THEMES if t in gold.columns]
    if not themes:
        raise SystemExit(f"{args.gold}: none of the theme columns {', '.join(THEMES)}")
    lexicon = load_lexicon(args.lexicon if args.lexicon else "all")
    hits, pred = predict(gold, lexicon)

    names = ", ".join(args.lexicon) if args.lexicon else ", ".join(list_lexicons()["name"])
    print(f"{args.gold.name}: {len(gold)} paragraphs, {int(gold['ambiguous'].astype(int).sum())} ambiguous; "
          f"lexicons: {names} ({len(lexicon)} entries); {len(hits)} hits")
    print("\nAll paragraphs")
    print(fmt(table(gold, pred, themes)))
    clear = gold["ambiguous"].astype(int) == 0
    print(f"\nNon-ambiguous paragraphs ({int(clear.sum())})")
    print(fmt(table(gold[clear].reset_index(drop=True), pred[clear.to_numpy()], themes)))
    if args.show:
        show_errors(gold, pred, hits, themes)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
