"""Validate theme detection against human coding: sample, code, measure agreement, score, read the errors.

Dictionary methods must be checked against careful human reading before
their counts are cited ("validate, validate, validate": the R package
oolong, Chan & Sältzer 2020; Song et al. 2020 list what a validation
reports: sample size, coder agreement, precision, recall and F1 with their
uncertainty). The workflow, one plain function per step:

1. :func:`sample_for_coding` draws a reproducible random sample of
   paragraphs (or sentences, or documents), optionally stratified by the
   detected themes so that rare themes are represented;
2. :func:`write_coding_sheet` writes it as a CSV or Excel coding sheet with
   an empty 0/1 column per theme, a checksum of each text, and the codebook
   (theme definitions from the lexicon cards);
3. coders fill in the sheets, each their own copy, without seeing the
   toolkit's decisions;
4. :func:`read_coding_sheet` reads a sheet back and checks it (labels 0, 1
   or blank; texts unchanged), naming row and column of each problem;
5. :func:`agreement` measures how far the coders agree (percent agreement,
   Cohen's kappa, Krippendorff's alpha, per theme);
6. :func:`validate_themes` scores the detected themes against the
   (adjudicated) human codes: precision, recall and F1 with bootstrap
   intervals that resample documents;
7. :func:`validation_errors` lists the false positives and negatives with
   their text and evidence, and which lexicon entries fire where coders said
   no;
8. :func:`toolkit.plot.validation` draws precision and recall per theme.

Examples
--------
>>> import pathlib, tempfile
>>> import pandas as pd
>>> import toolkit as tk
>>> docs = pd.DataFrame({"doc_id": ["a", "b"], "text": [
...     "Pasukan menjaga keamanan perbatasan.\\n\\nCuaca cerah.",
...     "Kedua negara memperkuat kerja sama.\\n\\nPesawat tempur terbang."]})
>>> sample = sample_for_coding(docs, 4)              # every paragraph: a tiny corpus
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> sheet = write_coding_sheet(sample, folder / "anna.csv", themes=["security"])
>>> coded = pd.read_csv(sheet, dtype=str, keep_default_na=False)   # a coder fills in the sheet ...
>>> coded["security"] = ["1", "0", "0", "1"]
>>> coded.to_csv(sheet, index=False)
>>> gold = read_coding_sheet(sheet, coder="anna")
>>> gold[["unit_id", "security"]]
  unit_id  security
0     a:0         1
1     a:1         0
2     b:0         0
3     b:1         1
>>> detected = pd.DataFrame({"doc_id": ["a", "a", "b", "b"], "seg_id": [0, 1, 0, 1],
...                          "theme": "security", "present": [True, False, True, False]})
>>> validate_themes(detected, gold, n_boot=200)[["theme", "n", "tp", "fp", "fn", "precision", "recall"]]
      theme  n  tp  fp  fn  precision  recall
0  security  4   1   1   1        0.5     0.5
"""

from __future__ import annotations

import csv
import hashlib
import math
import numbers
import re
import warnings
from collections.abc import Iterable, Mapping
from importlib import resources
from itertools import combinations
from pathlib import Path
from typing import Literal, NamedTuple

import numpy as np
import pandas as pd

from ._validate import check_choice, check_columns, check_int
from .decisions import UNITS
from .errors import ColumnError, CorpusError, EmptyTextWarning
from .export import _fill_sheet
from .export import _openpyxl as _require_openpyxl
from .lexicon import MAIN_THEMES, fold_themes, top_theme
from .text import segment

__all__ = [
    "sample_for_coding",
    "write_coding_sheet",
    "read_coding_sheet",
    "agreement",
    "validate_themes",
    "validation_errors",
    "ValidationErrors",
]

#: Columns of a coding sheet that are not theme labels.
SHEET_COLUMNS = ("unit_id", "doc_id", "seg_id", "text", "text_sha1", "notes")
#: Document metadata that :func:`sample_for_coding` carries over from a docs table.
METADATA_COLUMNS = ("title", "date", "source")
_RESERVED = frozenset(SHEET_COLUMNS) | {"coder"}
_NOT_THEMES = _RESERVED | {"stratum", "inclusion_prob", "sampling_weight", *METADATA_COLUMNS}
_LABELS = {"0": 0, "1": 1, "0.0": 0, "1.0": 1}
_HOW_TO_CODE = (
    "In each theme column write 1 if the unit is about the theme as defined here, 0 if it is not; leave a cell "
    "blank only if you did not code it. Do not edit unit_id, doc_id, seg_id, text or text_sha1 (the toolkit "
    "checks each text against its text_sha1 when it reads the sheet back). Write doubts in notes."
)


# --------------------------------------------------------------------------- shared helpers


def _shown(values, limit: int = 5) -> str:
    values = list(values)
    text = ", ".join(map(repr, values[:limit]))
    return text + (f" ... ({len(values)} in all)" if len(values) > limit else "")


def _key_for(unit, *tables: pd.DataFrame) -> list[str]:
    """The unit key: doc_id + seg_id for segments, doc_id for documents (inferred when ``unit`` is None)."""
    if unit is None:
        return ["doc_id", "seg_id"] if all("seg_id" in t.columns for t in tables) else ["doc_id"]
    check_choice("unit", unit, UNITS)
    return ["doc_id"] if unit == "document" else ["doc_id", "seg_id"]


def _norm_keys(table: pd.DataFrame, key: list[str], name: str, hint: str = "") -> pd.DataFrame:
    """A copy of ``table`` with ``doc_id`` as str and ``seg_id`` as int (missing or bad values are errors)."""
    check_columns(table, key, table_name=name, hint=hint)
    out = table.copy()
    bad = out["doc_id"].isna()
    if bad.any():
        raise ValueError(f"{name} has a missing doc_id in row(s) {_shown(out.index[bad].tolist())}; every unit "
                         "needs the id of its document.")
    out["doc_id"] = out["doc_id"].astype(str)
    if "seg_id" in key:
        seg = pd.to_numeric(out["seg_id"], errors="coerce")
        bad = seg.isna() | (seg % 1 != 0)
        if bad.any():
            raise ValueError(f"{name} has a missing or non-integer seg_id in row(s) "
                             f"{_shown(out.index[bad].tolist())}; seg_id is the 0-based segment number.")
        out["seg_id"] = seg.astype("int64")
    return out


def _unit_ids(units: pd.DataFrame, key: list[str]) -> pd.Series:
    if key == ["doc_id"]:
        return units["doc_id"].astype(str)
    return units["doc_id"].astype(str) + ":" + units["seg_id"].astype(str)


def _text_sha1(text: str) -> str:
    """First 12 hex digits of the SHA-1 of the UTF-8 text, line endings made ``\\n`` first."""
    return hashlib.sha1(_newlines(text).encode("utf-8")).hexdigest()[:12]


def _newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _openpyxl():
    return _require_openpyxl("Writing and reading .xlsx coding sheets", "use a .csv path")


def _theme_list(themes, default, name: str = "themes") -> list[str]:
    if themes is None:
        themes = default
    themes = [themes] if isinstance(themes, str) else list(themes)
    bad = [t for t in themes if not isinstance(t, str) or not t.strip() or t in _RESERVED]
    if bad or not themes:
        raise ValueError(f"{name}={themes!r} is not allowed; give one or more theme names (not "
                         f"{', '.join(sorted(_RESERVED))}).")
    dup = sorted({t for t in themes if themes.count(t) > 1})
    if dup:
        raise ValueError(f"{name} names {_shown(dup)} more than once.")
    return themes


# --------------------------------------------------------------------------- sampling


def sample_for_coding(
    data: pd.DataFrame,
    n: int,
    *,
    unit: Literal["paragraph", "sentence", "segment", "document"] = "paragraph",
    stratify_by: pd.DataFrame | str | None = None,
    seed: int = 0,
    text_col: str = "text",
) -> pd.DataFrame:
    """Draw a reproducible random sample of paragraphs (or sentences, documents) for human coding.

    **Units.** From a docs table the units are its paragraphs, sentences
    or documents (:func:`toolkit.segment` with ``by=unit``), with the
    document metadata ``title``, ``date`` and ``source`` (when present, and
    the ``stratify_by`` column) carried over. From a tokens table
    (:func:`toolkit.prepare`) the units are its segments, whatever unit it
    was prepared with (``unit`` "paragraph", "sentence" and "segment" all
    mean that), or its documents with ``unit="document"``; each text is
    rebuilt from the token columns ``text`` and ``after`` in position order
    (the text before the first token of a segment, such as an opening quote,
    is not in a tokens table and is left out; the segments of a document are
    joined by a blank line).

    **Drawing.** Each unit gets a pseudo-random number, the first 8 bytes
    of the BLAKE2b hash of ``"<seed>\\x1f<unit_id>"``; in each stratum the
    units with the smallest numbers are drawn. This is a simple random
    sample without replacement within each stratum; it depends only on the
    seed and the unit ids, never on the order of the rows, and a larger
    ``n`` with the same seed keeps the units of a smaller one (per stratum).

    **Strata and allocation.** ``stratify_by=None``: one stratum, "all".
    A column name: one stratum per value (missing values: "(missing)").
    A :func:`toolkit.detect_themes` table: each unit goes to the stratum of
    the rarest theme present in it (the theme present in the fewest units
    of the population; ties by name), units with no theme present to
    "none". ``n`` is shared out by *capped equal allocation*: every stratum
    gets the same number of units, a stratum smaller than its share gets all
    its units, and what it leaves is shared equally among the others
    (repeatedly); a remainder of fewer units than open strata goes one each
    to the smallest strata. So rare themes are sampled as fully as ``n``
    allows, and ``sampling_weight`` (stratum size / units drawn from it)
    weights a stratified sample back to the population.

    Parameters
    ----------
    data : pandas.DataFrame
        A docs table (``doc_id``, ``text_col``, metadata) or a tokens table
        (``doc_id``, ``seg_id``, ``position``, ``text``, ``after``). Not
        modified.
    n : int
        Units to draw (at least 1). When ``n`` is more than the number of
        units, every unit is returned, with a UserWarning (not an error:
        a small corpus can be coded whole).
    unit : {"paragraph", "sentence", "segment", "document"}, default "paragraph"
        The coding unit (see above; "segment" is "paragraph" for a docs table).
    stratify_by : DataFrame, str or None
        None, a :func:`toolkit.detect_themes` table for the same units
        (``doc_id``, ``seg_id``, ``theme``, ``present``; a per-segment table
        is folded to documents for ``unit="document"``: a theme is present
        in a document when it is present in one of its segments), or the
        name of a column of the units.
    seed : int, default 0
        Seed of the draw.
    text_col : str, default "text"
        Text column of a docs table.

    Returns
    -------
    pandas.DataFrame
        One row per drawn unit, sorted by ``doc_id`` then ``seg_id``,
        RangeIndex: ``unit_id`` (str, ``"doc_id:seg_id"``, or ``doc_id``
        for documents), ``doc_id`` (str), ``seg_id`` (int; not for documents),
        ``text`` (str), the carried metadata, ``stratum`` (str),
        ``inclusion_prob`` (float, units drawn / units in the stratum) and
        ``sampling_weight`` (float, 1 / inclusion_prob).

    Raises
    ------
    ValueError
        ``n`` is not a whole number of at least 1, or smaller than the
        number of strata; ``unit`` is not allowed; a doc_id is missing; the
        data has no unit with text; units are missing from the
        ``stratify_by`` table.
    ColumnError
        A needed column is missing (also the ``stratify_by`` column).

    Warns
    -----
    EmptyTextWarning
        Documents with an empty or missing text: named, and not sampled
        (there is nothing to code).
    UserWarning
        ``n`` is more than the number of units: the whole population is
        returned.

    See Also
    --------
    write_coding_sheet, toolkit.detect_themes

    Examples
    --------
    >>> import pandas as pd
    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "source": ["kompas", "tempo"], "text": [
    ...     "Pasukan menjaga perbatasan.\\n\\nCuaca cerah.\\n\\nHarga naik.",
    ...     "Kerja sama keamanan.\\n\\nJalan tol baru."]})
    >>> s = sample_for_coding(docs, 2, seed=1)
    >>> len(s), s["sampling_weight"].tolist()           # 2 of 5 paragraphs: weight 5 / 2
    (2, [2.5, 2.5])
    >>> s.columns.tolist()
    ['unit_id', 'doc_id', 'seg_id', 'text', 'source', 'stratum', 'inclusion_prob', 'sampling_weight']
    >>> by_source = sample_for_coding(docs, 4, stratify_by="source")
    >>> by_source.groupby("stratum")["sampling_weight"].first().to_dict()   # 2 of 3, 2 of 2
    {'kompas': 1.5, 'tempo': 1.0}
    """
    check_int("n", n, 1)
    check_int("seed", seed, 0)
    check_choice("unit", unit, UNITS)
    units, key = _coding_units(data, unit, text_col, stratify_by)
    units["stratum"] = _strata(units, key, stratify_by).to_numpy()
    sizes = units.groupby("stratum").size()
    sizes = sizes.loc[sorted(sizes.index, key=lambda s: (sizes[s], s))]
    if n >= len(units):
        if n > len(units):
            warnings.warn(f"n={n} is more than the number of units ({len(units)}): every unit is returned.",
                          UserWarning, stacklevel=2)
        taken = sizes.copy()
    elif n < len(sizes):
        raise ValueError(f"n={n} is smaller than the number of strata ({len(sizes)}: {_shown(sizes.index)}); "
                         "every stratum needs at least one unit. Draw more units or use fewer strata.")
    else:
        taken = _allocate(sizes, n)
    units["_rank"] = _priorities(units["unit_id"], seed)
    units = units.sort_values(["stratum", "_rank", "unit_id"], kind="stable")
    drawn = units[units.groupby("stratum").cumcount() < units["stratum"].map(taken)].drop(columns="_rank")
    drawn["inclusion_prob"] = (drawn["stratum"].map(taken) / drawn["stratum"].map(sizes)).astype("float64")
    drawn["sampling_weight"] = 1.0 / drawn["inclusion_prob"]
    return drawn.sort_values(key, kind="stable").reset_index(drop=True)


def _coding_units(data, unit, text_col, stratify_by) -> tuple[pd.DataFrame, list[str]]:
    """The population: unit_id, doc_id, [seg_id], text, metadata; and its key."""
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"data must be a pandas DataFrame (docs or tokens), not {type(data).__name__}.")
    key = _key_for(unit)
    keep = list(METADATA_COLUMNS) + ([stratify_by] if isinstance(stratify_by, str) else [])
    if {"position", "after", "seg_id"} <= set(data.columns):
        units = _units_from_tokens(data, key, keep, stratify_by)
    else:
        units = _units_from_docs(data, unit, text_col, keep)
    if units.empty:
        raise ValueError("data has no unit with text to sample.")
    units.insert(0, "unit_id", _unit_ids(units, key).to_numpy())
    return units, key


def _units_from_docs(docs: pd.DataFrame, unit: str, text_col: str, keep: list[str]) -> pd.DataFrame:
    check_columns(docs, ["doc_id", text_col], table_name="data",
                  hint="Give a docs table (tk.load_corpus) or a tokens table (tk.prepare).")
    docs = _norm_keys(docs, ["doc_id"], "data")
    empty = ~docs[text_col].map(lambda t: isinstance(t, str) and bool(t.strip()))
    if empty.any():
        warnings.warn(f"{int(empty.sum())} document(s) have an empty or missing {text_col!r} and are not sampled "
                      f"(there is nothing to code): {_shown(docs.loc[empty, 'doc_id'])}.", EmptyTextWarning,
                      stacklevel=4)
    by = "paragraph" if unit == "segment" else unit
    units = segment(docs[["doc_id", text_col]], by=by, text_col=text_col)[["doc_id", "seg_id", "text"]]
    if unit == "document":
        units = units.drop(columns="seg_id")
    meta = [c for c in dict.fromkeys(keep) if c in docs.columns and c not in ("doc_id", text_col)]
    if meta:
        units = units.merge(docs[["doc_id", *meta]], on="doc_id", how="left", validate="many_to_one")
    return units


def _units_from_tokens(tokens, key, keep, stratify_by) -> pd.DataFrame:
    check_columns(tokens, ["doc_id", "seg_id", "position", "text", "after"], table_name="data",
                  hint="Make a tokens table with tk.prepare(docs).")
    tokens = _norm_keys(tokens, ["doc_id", "seg_id"], "data").sort_values(["doc_id", "position"], kind="stable")
    piece = tokens["text"].astype(str) + tokens["after"].fillna("").astype(str)
    segs = piece.groupby([tokens["doc_id"], tokens["seg_id"]], sort=True).agg("".join).str.strip()
    units = segs.rename("text").reset_index()
    if key == ["doc_id"]:
        units = units.groupby("doc_id", sort=True)["text"].agg("\n\n".join).reset_index()
    meta = [c for c in dict.fromkeys(keep) if c in tokens.columns and c not in ("doc_id", "seg_id", "text")]
    if meta:
        grouped = tokens.groupby(key, sort=True)
        if isinstance(stratify_by, str) and stratify_by in meta:
            mixed = grouped[stratify_by].nunique(dropna=False) > 1
            if mixed.any():
                raise ValueError(f"stratify_by={stratify_by!r} varies within units of data "
                                 f"({_shown(mixed.index[mixed].tolist())}); stratify by a column that is "
                                 "constant in each unit.")
        units = units.merge(grouped[meta].first().reset_index(), on=key, how="left")
    return units


def _strata(units: pd.DataFrame, key: list[str], stratify_by) -> pd.Series:
    if stratify_by is None:
        return pd.Series("all", index=units.index, dtype="str")
    if isinstance(stratify_by, str):
        check_columns(units, [stratify_by], table_name="the units",
                      hint="stratify_by names a column of the units (document metadata such as 'source').")
        return units[stratify_by].map(lambda v: "(missing)" if pd.isna(v) else str(v)).astype("str")
    if isinstance(stratify_by, pd.DataFrame):
        return _theme_strata(units, key, stratify_by)
    raise TypeError("stratify_by must be None, a column name or a tk.detect_themes table, not "
                    f"{type(stratify_by).__name__}.")


def _theme_strata(units: pd.DataFrame, key: list[str], detected: pd.DataFrame) -> pd.Series:
    """Each unit's rarest present theme, or "none"."""
    hint = "Give a tk.detect_themes table for the same units (or a column name)."
    check_columns(detected, ["doc_id", "theme", "present"], table_name="stratify_by", hint=hint)
    if "seg_id" in key and "seg_id" not in detected.columns:
        raise ValueError("stratify_by is a per-document table but the units are segments; use "
                         "tk.detect_themes(tokens, unit=...) with the sampling unit.")
    d = _norm_keys(detected, key, "stratify_by", hint)
    d["present"] = d["present"].fillna(False).astype(bool)
    flags = d.groupby([*key, "theme"], sort=False)["present"].any().reset_index()
    seen = units[key].merge(flags[key].drop_duplicates(), on=key, how="left", indicator=True)
    missing = seen["_merge"] == "left_only"
    if missing.any():
        ids = _unit_ids(seen[missing], key)
        raise ValueError(f"stratify_by has no rows for {int(missing.sum())} unit(s): {_shown(ids)}; detect the "
                         "themes on the same documents and unit as the sample.")
    present = flags[flags["present"]].merge(units[key], on=key)
    present["size"] = present["theme"].map(present.groupby("theme").size())
    rarest = present.sort_values(["size", "theme"], kind="stable").drop_duplicates(key)
    theme = units[key].merge(rarest[[*key, "theme"]], on=key, how="left")["theme"]
    return theme.fillna("none").astype("str").set_axis(units.index)


def _allocate(sizes: pd.Series, n: int) -> pd.Series:
    """Capped equal allocation of ``n`` over strata (``sizes`` sorted smallest first)."""
    taken = pd.Series(0, index=sizes.index, dtype="int64")
    left = n
    while left > 0:
        open_ = [s for s in sizes.index if taken[s] < sizes[s]]
        if not open_:
            break
        share = left // len(open_)
        if share == 0:
            for s in open_[:left]:
                taken[s] += 1
            break
        for s in open_:
            add = min(share, int(sizes[s] - taken[s]))
            taken[s] += add
            left -= add
    return taken


def _priorities(unit_ids: pd.Series, seed: int) -> np.ndarray:
    return np.array([int.from_bytes(hashlib.blake2b(f"{seed}\x1f{u}".encode(), digest_size=8).digest(), "big")
                     for u in unit_ids], dtype=np.uint64)


# --------------------------------------------------------------------------- coding sheets


def write_coding_sheet(
    sample: pd.DataFrame,
    path,
    *,
    themes: Iterable[str] | str | None = None,
    codebook: Mapping[str, str] | None = None,
    overwrite: bool = False,
) -> Path:
    """Write a coding sheet (CSV or Excel) with an empty 0/1 column per theme, and its codebook.

    The sheet has the columns ``unit_id``, ``doc_id``, ``seg_id`` (when the
    sample has it), ``text``, ``text_sha1`` (the first 12 hex digits of the
    SHA-1 of the UTF-8 text, line endings made ``\\n``: so
    :func:`read_coding_sheet` notices a text changed since sampling), one
    empty column per theme, and ``notes``, in sample order. The stratum and
    the sampling weights are deliberately *not* on the sheet: they reveal
    the toolkit's decisions, and coders should code blind (keep the sample
    table to weight the codes back).

    The codebook holds each theme's definition: in Excel on a second sheet
    named "codebook" (the coding sheet is named "coding"; its theme columns
    accept only 0 and 1), next to a CSV in a side file ``<stem>.codebook.md``
    (``anna.csv`` → ``anna.codebook.md``). By default each definition is the
    first paragraph of the "Scope" section of the theme's lexicon card
    (``toolkit/data/lexicons/<theme>.md``, without Markdown emphasis); a
    theme without a card (your own, or a sub-theme) gets the line "No
    definition given: write one before coding." so the gap is visible. A CSV is written as UTF-8 with a byte
    order mark, so that Excel opens it with the right characters.

    Parameters
    ----------
    sample : pandas.DataFrame
        From :func:`sample_for_coding` (at least ``unit_id``, ``doc_id`` and
        ``text``). Not modified.
    path : str or pathlib.Path
        Ending in ``.csv`` or ``.xlsx``; missing folders are created.
    themes : str or list of str, optional
        The label columns; default :data:`toolkit.lexicon.MAIN_THEMES` ("security",
        "connectivity", "multilateralism", "cooperation"). Any names.
    codebook : dict, optional
        ``{theme: definition}``, replacing the card's definition for the
        themes it names.
    overwrite : bool, default False
        Replace an existing sheet (and side file). Off by default so that a
        coded sheet is never overwritten by mistake.

    Returns
    -------
    pathlib.Path
        The sheet written.

    Raises
    ------
    ValueError
        Bad suffix or theme names; codebook names a theme not in ``themes``;
        a unit_id repeated; a text missing (or, for Excel, longer than
        32,767 characters or holding a control character Excel refuses).
    FileExistsError
        The sheet or its side file exists and ``overwrite`` is False.
    ColumnError
        ``sample`` lacks a needed column.
    ImportError
        ``.xlsx`` without openpyxl (the message names the extra to install).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import pandas as pd
    >>> sample = pd.DataFrame({"unit_id": ["a:0"], "doc_id": ["a"], "seg_id": [0],
    ...                        "text": ["Pasukan menjaga perbatasan."]})
    >>> sheet = write_coding_sheet(sample, pathlib.Path(tempfile.mkdtemp()) / "anna.csv",
    ...                            themes=["security", "maritime"])
    >>> print(sheet.read_text(encoding="utf-8-sig"), end="")
    unit_id,doc_id,seg_id,text,text_sha1,security,maritime,notes
    a:0,a,0,Pasukan menjaga perbatasan.,1bb0996bd9ea,,,
    >>> book = sheet.with_name("anna.codebook.md").read_text(encoding="utf-8")
    >>> "lexicon card toolkit/data/lexicons/security.md" in book, "No definition given" in book
    (True, True)
    """
    path = Path(path)
    check_choice("path suffix", path.suffix.lower(), (".csv", ".xlsx"))
    themes = _theme_list(themes, MAIN_THEMES)
    table = _sheet_table(sample, themes)
    book = _codebook(themes, codebook)
    side = path.with_name(path.stem + ".codebook.md")
    for target in [path] + ([side] if path.suffix.lower() == ".csv" else []):
        if target.exists() and not overwrite:
            raise FileExistsError(f"{target} exists; a coded sheet is never overwritten unless overwrite=True.")
    if path.suffix.lower() == ".xlsx":
        _openpyxl()
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() == ".xlsx":
        _write_xlsx(table, book, path, themes)
    else:
        table.to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\n")
        side.write_text(_codebook_markdown(book, path.name), encoding="utf-8")
    return path


def _sheet_table(sample: pd.DataFrame, themes: list[str]) -> pd.DataFrame:
    check_columns(sample, ["unit_id", "doc_id", "text"], table_name="sample",
                  hint="Draw one with tk.sample_for_coding(docs, n).")
    dup = sample["unit_id"][sample["unit_id"].duplicated()]
    if len(dup):
        raise ValueError(f"sample has repeated unit_id values: {_shown(dup.unique())}.")
    bad = ~sample["text"].map(lambda t: isinstance(t, str) and bool(t.strip()))
    if bad.any():
        raise ValueError(f"sample has a missing or empty text for unit(s) {_shown(sample.loc[bad, 'unit_id'])}; "
                         "there is nothing to code there.")
    cols = ["unit_id", "doc_id"] + (["seg_id"] if "seg_id" in sample.columns else [])
    out = sample[cols].astype({"unit_id": "str", "doc_id": "str"})
    out["text"] = sample["text"].map(_newlines)
    out["text_sha1"] = out["text"].map(_text_sha1)
    for theme in themes:
        out[theme] = ""
    out["notes"] = ""
    return out.reset_index(drop=True)


def _card_definition(theme: str) -> str | None:
    """The first paragraph of the "Scope" section of the theme's lexicon card, or None."""
    if top_theme(theme) != theme or not re.fullmatch(r"[a-z][a-z0-9_]*", theme):
        return None
    card = resources.files("toolkit") / "data" / "lexicons" / f"{theme}.md"
    if not card.is_file():
        return None
    lines = card.read_text(encoding="utf-8").splitlines()
    starts = [i for i, line in enumerate(lines) if re.fullmatch(r"##\s+(Scope|Definition)\s*", line.strip())]
    if not starts:
        return None
    paragraph: list[str] = []
    for line in lines[starts[0] + 1:]:
        if line.strip().startswith("#") or (not line.strip() and paragraph):
            break
        if line.strip():
            paragraph.append(line.strip())
    return re.sub(r"[*`]", "", " ".join(paragraph)) or None  # plain text: no Markdown emphasis in a spreadsheet


def _codebook(themes: list[str], codebook) -> pd.DataFrame:
    given = dict(codebook or {})
    extra = [t for t in given if t not in themes]
    if extra:
        raise ValueError(f"codebook names theme(s) not on the sheet: {_shown(extra)}; the sheet's themes: "
                         f"{_shown(themes)}.")
    rows = []
    for theme in themes:
        if theme in given:
            rows.append((theme, str(given[theme]).strip(), "given by the user"))
        elif (definition := _card_definition(theme)) is not None:
            rows.append((theme, definition, f"lexicon card toolkit/data/lexicons/{theme}.md, section Scope"))
        else:
            rows.append((theme, "No definition given: write one before coding.", "none"))
    return pd.DataFrame(rows, columns=["theme", "definition", "source"])


def _codebook_markdown(book: pd.DataFrame, sheet_name: str) -> str:
    parts = [f"# Codebook for {sheet_name}", "", _HOW_TO_CODE, ""]
    for row in book.itertuples(index=False):
        parts += [f"## {row.theme}", "", row.definition, "", f"Source: {row.source}.", ""]
    return "\n".join(parts)


def _write_xlsx(table: pd.DataFrame, book: pd.DataFrame, path: Path, themes: list[str]) -> None:
    openpyxl = _openpyxl()
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    for row in table.itertuples(index=False):
        if len(row.text) > 32767 or ILLEGAL_CHARACTERS_RE.search(row.text):
            raise ValueError(f"the text of unit {row.unit_id!r} cannot go into an Excel cell (longer than 32,767 "
                             "characters or holding a control character); write a .csv sheet instead.")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "coding"
    _fill_sheet(ws, table)
    columns = list(table.columns)
    for i, name in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = 80 if name == "text" else max(8, len(name) + 2)
        ws.cell(row=1, column=i).font = Font(bold=True)
    for cell in ws[get_column_letter(columns.index("text") + 1)][1:]:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    rule = DataValidation(type="list", formula1='"0,1"', allow_blank=True, showErrorMessage=True,
                          errorTitle="0 or 1", error="Enter 1 (about the theme), 0 (not about it) or leave blank.")
    ws.add_data_validation(rule)
    for theme in themes:
        letter = get_column_letter(columns.index(theme) + 1)
        rule.add(f"{letter}2:{letter}{max(2, len(table) + 1)}")
    sheet = wb.create_sheet("codebook")
    _fill_sheet(sheet, book)
    sheet.append([])
    sheet.append(["How to code", _HOW_TO_CODE])
    sheet.column_dimensions["A"].width = 20
    sheet.column_dimensions["B"].width = 100
    for cell in sheet["B"]:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    wb.save(path)


def read_coding_sheet(
    path,
    *,
    themes: Iterable[str] | str | None = None,
    coder: str | None = None,
) -> pd.DataFrame:
    """Read a coding sheet back and check it: labels 0, 1 or blank; texts unchanged; unit ids unique.

    Row numbers in errors are those a spreadsheet shows (the header is row
    1, the first unit row 2; a CSV record with line breaks in its text is
    still one row). Every problem found is listed (up to 20), not only the
    first. A label may be written ``0``, ``1`` (also ``0.0``, ``1.0``, as
    some programs save numbers) or left blank; anything else (``2``,
    ``yes``, ``0.5``, ``TRUE``) is an error. The ``text`` of each row must
    still match its ``text_sha1`` (line endings are ignored, as spreadsheets
    rewrite them).

    Parameters
    ----------
    path : str or pathlib.Path
        A ``.csv`` (UTF-8, with or without a byte order mark; separated by
        commas, or by semicolons as Excel saves it where the decimal mark
        is a comma) or ``.xlsx``
        sheet from :func:`write_coding_sheet` (in Excel, the sheet named
        "coding", else the first sheet).
    themes : str or list of str, optional
        The label columns to read (each must be there). Default: every
        column that is not one of ``unit_id``, ``doc_id``, ``seg_id``,
        ``text``, ``text_sha1``, ``notes``, ``coder``.
    coder : str, optional
        Name of the coder, added as a column ``coder`` (for
        :func:`agreement`).

    Returns
    -------
    pandas.DataFrame
        One row per unit, in sheet order, RangeIndex: ``unit_id`` (str),
        ``doc_id`` (str), ``seg_id`` (int64, when the sheet has it),
        ``text`` (str), one column per theme (nullable ``Int64``: 0, 1, or
        ``<NA>`` for blank), ``notes`` (str, "" when blank) and, when
        given, ``coder`` (str).

    Raises
    ------
    FileNotFoundError
        No such file.
    ColumnError
        A required column (``unit_id``, ``doc_id``, ``text``,
        ``text_sha1``, a requested theme) is missing, or no theme column is
        there; the message names the file.
    CorpusError
        Bad labels, changed texts, blank or repeated unit ids, bad seg_id,
        a file that is not UTF-8 or has no unit rows; the message names the
        file, and for each problem the row, the unit_id and the column
        (``err.path`` is the file).
    ImportError
        ``.xlsx`` without openpyxl.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> sheet = pathlib.Path(tempfile.mkdtemp()) / "budi.csv"
    >>> _ = sheet.write_text("unit_id,doc_id,seg_id,text,text_sha1,security,notes\\n"
    ...                      "a:0,a,0,Pasukan menjaga perbatasan.,1bb0996bd9ea,1,\\n"
    ...                      "a:1,a,1,Cuaca cerah.,acbeb8fde504,,unsure\\n", encoding="utf-8")
    >>> read_coding_sheet(sheet, coder="budi")[["unit_id", "security", "notes", "coder"]]
      unit_id  security   notes coder
    0     a:0         1          budi
    1     a:1      <NA>  unsure  budi
    >>> bad = sheet.with_name("bad.csv")
    >>> _ = bad.write_text(sheet.read_text().replace(",1,", ",2,"), encoding="utf-8")
    >>> read_coding_sheet(bad)
    Traceback (most recent call last):
    ...
    toolkit.errors.CorpusError: .../bad.csv: 1 problem in the coding sheet:
      - row 2 (unit_id 'a:0'), column 'security': '2' is not 0, 1 or blank
    """
    path = Path(path)
    check_choice("path suffix", path.suffix.lower(), (".csv", ".xlsx"))
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such coding sheet.")
    header, rows = _read_xlsx(path) if path.suffix.lower() == ".xlsx" else _read_csv(path)
    themes = _sheet_themes(path, header, themes)
    if not rows:
        raise CorpusError(f"{path}: the coding sheet has no unit rows.", path=str(path))
    records, problems = [], []
    for number, cells in rows:
        records.append(_parse_row(number, dict(zip(header, cells)), themes, "seg_id" in header, problems))
    seen: dict[str, int] = {}
    for number, rec in zip((n for n, _ in rows), records):
        if rec["unit_id"] and rec["unit_id"] in seen:
            problems.append(f"row {number}, column 'unit_id': {rec['unit_id']!r} repeats row {seen[rec['unit_id']]}")
        seen.setdefault(rec["unit_id"], number)
    if problems:
        shown = "\n".join(f"  - {p}" for p in problems[:20]) + ("\n  ..." if len(problems) > 20 else "")
        word = "problem" if len(problems) == 1 else "problems"
        raise CorpusError(f"{path}: {len(problems)} {word} in the coding sheet:\n{shown}", path=str(path))
    return _coding_table(records, themes, "seg_id" in header, coder)


def _read_csv(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            first = fh.readline()
            fh.seek(0)
            # Excel in locales with a decimal comma (Indonesian among them) saves CSV with ";"
            delimiter = ";" if ";" in first and "," not in first else ","
            records = list(csv.reader(fh, delimiter=delimiter))
    except UnicodeDecodeError as exc:
        raise CorpusError(f"{path}: not UTF-8 ({exc.reason} at byte {exc.start}); save the sheet as "
                          "'CSV UTF-8' (or as .xlsx).", path=str(path)) from None
    if not records:
        raise CorpusError(f"{path}: the coding sheet is empty (no header row).", path=str(path))
    header = [h.strip() for h in records[0]]
    rows = [(i, r + [""] * (len(header) - len(r))) for i, r in enumerate(records[1:], start=2)
            if any(c.strip() for c in r)]
    return header, rows


def _read_xlsx(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    openpyxl = _openpyxl()
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        ws = wb["coding"] if "coding" in wb.sheetnames else wb.worksheets[0]
        values = [[_cell_text(v) for v in row] for row in ws.iter_rows(values_only=True)]
    finally:
        wb.close()
    if not values:
        raise CorpusError(f"{path}: the coding sheet is empty (no header row).", path=str(path))
    header = [h.strip() for h in values[0]]
    rows = [(i, r + [""] * (len(header) - len(r))) for i, r in enumerate(values[1:], start=2)
            if any(c.strip() for c in r)]
    return header, rows


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _sheet_themes(path: Path, header: list[str], themes) -> list[str]:
    dup = sorted({h for h in header if header.count(h) > 1 and h})
    if dup:
        raise CorpusError(f"{path}: the header repeats the column(s) {_shown(dup)}.", path=str(path))
    found = [h for h in header if h and h not in _RESERVED]
    themes = found if themes is None else _theme_list(themes, None)
    need = ["unit_id", "doc_id", "text", "text_sha1", *themes]
    missing = [c for c in need if c not in header]
    if missing:
        raise ColumnError(f"{path}: the coding sheet lacks the column(s) {_shown(missing)}; it has: "
                          f"{', '.join(h for h in header if h) or '(none)'}.")
    if not themes:
        raise ColumnError(f"{path}: the coding sheet has no theme column (only {', '.join(header)}).")
    return themes


def _parse_row(number: int, cells: dict, themes: list[str], has_seg: bool, problems: list[str]) -> dict:
    unit = cells["unit_id"].strip()
    where = f"row {number} (unit_id {unit!r})"
    rec = {"unit_id": unit, "doc_id": cells["doc_id"].strip(), "text": _newlines(cells["text"]),
           "notes": cells.get("notes", "").strip()}
    for col in ("unit_id", "doc_id"):
        if not rec[col]:
            problems.append(f"{where}, column {col!r}: blank")
    if has_seg:
        seg = cells["seg_id"].strip()
        rec["seg_id"] = int(seg) if re.fullmatch(r"\d+", seg) else None
        if rec["seg_id"] is None:
            problems.append(f"{where}, column 'seg_id': {seg!r} is not a segment number")
    for theme in themes:
        value = cells[theme].strip()
        rec[theme] = _LABELS.get(value, pd.NA)
        if value and value not in _LABELS:
            problems.append(f"{where}, column {theme!r}: {value!r} is not 0, 1 or blank")
    if _text_sha1(rec["text"]) != cells["text_sha1"].strip():
        problems.append(f"{where}, column 'text': the text does not match its text_sha1 "
                        f"{cells['text_sha1'].strip()!r}: it was changed after sampling; restore it")
    return rec


def _coding_table(records: list[dict], themes: list[str], has_seg: bool, coder) -> pd.DataFrame:
    cols = ["unit_id", "doc_id"] + (["seg_id"] if has_seg else []) + ["text", *themes, "notes"]
    out = pd.DataFrame.from_records(records, columns=cols)
    out = out.astype({"unit_id": "str", "doc_id": "str", "text": "str", "notes": "str",
                      **{t: "Int64" for t in themes}})
    if has_seg:
        out["seg_id"] = out["seg_id"].astype("int64")
    if coder is not None:
        out["coder"] = pd.Series([str(coder)] * len(out), dtype="str")
    return out


# --------------------------------------------------------------------------- agreement


def agreement(
    *codings: pd.DataFrame,
    themes: Iterable[str] | str | None = None,
    coders: Iterable[str] | None = None,
) -> pd.DataFrame:
    """How far two or more coders agree, per theme: percent agreement, Cohen's kappa, Krippendorff's alpha.

    The coefficients come from NLTK's
    :class:`nltk.metrics.agreement.AnnotationTask` (Artstein & Poesio
    2008), with the binary (nominal) distance:

    - ``percent_agreement`` and ``cohen_kappa`` use the units coded by every
      coder (``n_units``): NLTK's kappa and observed agreement assume that
      every coder coded every unit. ``percent_agreement`` is the share of
      those units on which two coders give the same label, averaged over the
      pairs of coders (NLTK ``avg_Ao``; with two coders simply the share of
      agreements). ``cohen_kappa`` is Cohen's kappa, (Ao − Ae) / (1 − Ae)
      with Ae from each coder's own label shares; with three or more coders
      the plain mean of the pairwise kappas (NLTK ``kappa``; Light's kappa).
    - ``krippendorff_alpha`` is nominal Krippendorff's alpha over every unit
      that has at least two labels (``n_units_alpha``): it uses incomplete
      data as it should, and units with a single label are left out.

    A missing label (``<NA>``, a blank cell) means "not coded", never 0.
    Undefined coefficients are NaN, not a crash: when the coders used a
    single value for a theme (say everyone always wrote 0), chance
    agreement is 1 and kappa and alpha are 0/0 (NLTK itself returns 1
    there); a pair of coders whose kappa is undefined is left out of the
    mean; with no units coded by everyone, percent agreement and kappa are
    NaN. Read NaN as "no variation to agree on: look at percent_agreement
    and code a sample where the theme occurs".

    Parameters
    ----------
    *codings : pandas.DataFrame
        Two or more coding tables (:func:`read_coding_sheet`), one per
        coder, aligned on ``unit_id`` when every table has it, else on
        ``doc_id`` (+ ``seg_id`` when every table has it). Not modified.
    themes : str or list of str, optional
        Default: the numeric columns common to all tables, other than the
        sheet columns and the sampling columns (``sampling_weight``,
        ``inclusion_prob``), in the first table's order.
    coders : list of str, optional
        Coder names, one per table; default each table's ``coder`` column
        (when it holds one name), else "coder 1", "coder 2", ...

    Returns
    -------
    pandas.DataFrame
        One row per theme, RangeIndex: ``theme`` (str), ``n_units`` (int,
        coded by every coder), ``n_units_alpha`` (int, with at least two
        labels), ``coders`` (str, the names joined by ", "),
        ``percent_agreement``, ``cohen_kappa``, ``krippendorff_alpha``
        (float, NaN when undefined).

    Raises
    ------
    ValueError
        Fewer than two tables; a label other than 0, 1 or missing; a unit
        twice in one table; repeated coder names; no common theme.
    ColumnError
        A table lacks the unit key or a requested theme.

    See Also
    --------
    read_coding_sheet

    Examples
    --------
    Ten units, two coders (worked by hand in ``tests/test_validation.py``:
    Ao = 0.8, Ae = 0.4·0.4 + 0.6·0.6 = 0.52, kappa = 0.28 / 0.48 = 7/12,
    alpha = 29/48):

    >>> import pandas as pd
    >>> ids = [f"d{i}:0" for i in range(10)]
    >>> anna = pd.DataFrame({"unit_id": ids, "security": [1, 1, 1, 1, 0, 0, 0, 0, 0, 0]})
    >>> budi = pd.DataFrame({"unit_id": ids, "security": [1, 1, 1, 0, 1, 0, 0, 0, 0, 0]})
    >>> a = agreement(anna, budi, coders=["anna", "budi"])
    >>> a[["theme", "n_units", "coders"]]
          theme  n_units      coders
    0  security       10  anna, budi
    >>> a[["percent_agreement", "cohen_kappa", "krippendorff_alpha"]].round(4)
       percent_agreement  cohen_kappa  krippendorff_alpha
    0                0.8       0.5833              0.6042
    """
    if len(codings) < 2:
        raise ValueError(f"agreement needs two or more coding tables, got {len(codings)}.")
    for i, c in enumerate(codings, start=1):
        if not isinstance(c, pd.DataFrame):
            raise TypeError(f"coding table {i} must be a pandas DataFrame, not {type(c).__name__}.")
    names = _coder_names(codings, coders)
    key = ["unit_id"] if all("unit_id" in c.columns for c in codings) else _key_for(None, *codings)
    themes = _common_themes(codings, names, themes, key)
    rows = []
    for theme in themes:
        labels = [_coder_labels(c, key, theme, name) for c, name in zip(codings, names)]
        rows.append({"theme": theme, "coders": ", ".join(names), **_agreement_figures(labels, names)})
    cols = ["theme", "n_units", "n_units_alpha", "coders", "percent_agreement", "cohen_kappa", "krippendorff_alpha"]
    return pd.DataFrame(rows, columns=cols).astype({"n_units": "int64", "n_units_alpha": "int64"})


def _coder_names(codings, coders) -> list[str]:
    if coders is not None:
        names = [str(c) for c in ([coders] if isinstance(coders, str) else coders)]
        if len(names) != len(codings):
            raise ValueError(f"coders={names!r} names {len(names)} coder(s) for {len(codings)} tables.")
    else:
        names = []
        for i, c in enumerate(codings, start=1):
            given = c["coder"].dropna().unique() if "coder" in c.columns else []
            names.append(str(given[0]) if len(given) == 1 else f"coder {i}")
    dup = sorted({n for n in names if names.count(n) > 1})
    if dup:
        raise ValueError(f"coder names repeat ({_shown(dup)}); give distinct names with coders=[...].")
    return names


def _common_themes(codings, names, themes, key) -> list[str]:
    for c, name in zip(codings, names):
        check_columns(c, key, table_name=f"the coding table of {name}", hint="Read it with tk.read_coding_sheet.")
    if themes is None:
        common = [col for col in codings[0].columns if col not in _NOT_THEMES and col not in key
                  and all(col in c.columns and pd.api.types.is_numeric_dtype(c[col]) for c in codings)]
        if not common:
            raise ValueError("the coding tables have no theme column in common.")
        return common
    themes = _theme_list(themes, None)
    for c, name in zip(codings, names):
        check_columns(c, themes, table_name=f"the coding table of {name}")
    return themes


def _coder_labels(coding: pd.DataFrame, key: list[str], theme: str, name: str) -> pd.Series:
    """One coder's labels for a theme: 0/1 indexed by unit, missing labels dropped."""
    table = coding if key == ["unit_id"] else _norm_keys(coding, key, f"the coding table of {name}")
    units = table[key].astype(str).agg(":".join, axis=1) if len(table) else pd.Series([], dtype="str")
    dup = units[units.duplicated()]
    if len(dup):
        raise ValueError(f"the coding table of {name} has the unit(s) {_shown(dup.unique())} more than once.")
    labels = _labels01(table[theme], f"the coding table of {name}, column {theme!r}", units)
    return pd.Series(labels.to_numpy(), index=units.to_numpy(), dtype="Int64").dropna()


def _labels01(values: pd.Series, where: str, units: pd.Series) -> pd.Series:
    """``values`` as Int64 0/1/<NA>; any other value is an error naming the units."""
    num = pd.to_numeric(values, errors="coerce")
    bad = (values.notna() & num.isna()) | (num.notna() & ~num.isin([0, 1]))
    if bad.any():
        pairs = list(zip(units[bad], values[bad]))[:5]
        shown = ", ".join(f"{u!r}: {v.item() if isinstance(v, np.generic) else v!r}" for u, v in pairs)
        raise ValueError(f"{where} holds values other than 0, 1 or missing ({shown}).")
    return num.astype("Int64")


def _agreement_figures(labels: list[pd.Series], names: list[str]) -> dict:
    from nltk.metrics.agreement import AnnotationTask

    frame = pd.concat(labels, axis=1, keys=names)
    complete = frame.dropna()
    pairable = frame[frame.notna().sum(axis=1) >= 2]
    out = {"n_units": len(complete), "n_units_alpha": len(pairable), "percent_agreement": math.nan,
           "cohen_kappa": math.nan, "krippendorff_alpha": math.nan}
    if len(complete):
        task = AnnotationTask([(c, u, int(v)) for c in names for u, v in complete[c].items()])
        out["percent_agreement"] = float(task.avg_Ao())
        kappas = [math.nan if math.isclose(task.Ae_kappa(a, b), 1.0) else float(task.kappa_pairwise(a, b))
                  for a, b in combinations(names, 2)]
        if not all(math.isnan(k) for k in kappas):
            out["cohen_kappa"] = float(np.nanmean(kappas))
    values = pairable.stack().dropna()
    if values.nunique() > 1:
        task = AnnotationTask([(c, u, int(v)) for (u, c), v in values.items()])
        out["krippendorff_alpha"] = float(task.alpha())
    return out


# --------------------------------------------------------------------------- validation


def _outcomes(detected, gold, key, themes, weight_col=None) -> tuple[pd.DataFrame, list[str]]:
    """Long table: one row per unit and theme with a gold label; gold (0/1), present (bool) and the rest."""
    hint = "Make it with tk.detect_themes(tokens, unit=...)."
    check_columns(detected, ["theme", "present"], table_name="detected", hint=hint)
    d = _norm_keys(detected, key, "detected", hint)
    g = _norm_keys(gold, key, "gold", "Read it with tk.read_coding_sheet.")
    themes = _validated_themes(d, g, themes)
    _no_repeats(d, [*key, "theme"], "detected", "unit and theme", "is it for another unit? give unit=...")
    _no_repeats(g, key, "gold", "unit", "adjudicate the coders' sheets into one table first")
    if weight_col is not None:
        check_columns(g, [weight_col], table_name="gold")
        w = pd.to_numeric(g[weight_col], errors="coerce")
        if not (np.isfinite(w) & (w > 0)).all():
            raise ValueError(f"gold column {weight_col!r} must hold positive numbers (sampling weights).")
    ids = g["unit_id"] if "unit_id" in g.columns else _unit_ids(g, key)
    for theme in themes:
        g[theme] = _labels01(g[theme], f"gold column {theme!r}", ids)
    extra = [c for c in ("unit_id", "text", weight_col) if c is not None and c in g.columns and c not in key]
    long = g.melt(id_vars=[*key, *extra], value_vars=themes, var_name="theme", value_name="gold")
    long = long[long["gold"].notna()]
    keep = [c for c in ("score", "evidence") if c in d.columns]
    merged = long.merge(d[[*key, "theme", "present", *keep]], on=[*key, "theme"], how="left", indicator=True)
    missing = merged[merged["_merge"] == "left_only"]
    if len(missing):
        shown = _shown((_unit_ids(missing, key) + " " + missing["theme"]).unique())
        raise ValueError(f"detected has no row for {len(missing)} coded unit(s) and theme(s): {shown}; run "
                         "tk.detect_themes on the same documents and unit (it lists every unit and theme).")
    if merged["present"].isna().any():
        raise ValueError("detected has missing values in 'present'; it must be True or False for every row.")
    merged["gold"] = merged["gold"].astype("int64")
    merged["present"] = merged["present"].astype(bool)
    merged["weight"] = merged[weight_col].astype("float64") if weight_col else 1.0
    return merged.drop(columns="_merge"), themes


def _validated_themes(d: pd.DataFrame, g: pd.DataFrame, themes) -> list[str]:
    in_detected = set(d["theme"].astype(str))
    if themes is None:
        out = [c for c in g.columns if c in in_detected and c not in _RESERVED]
        if not out:
            raise ValueError(f"gold has no column for a theme of detected ({_shown(sorted(in_detected))}).")
        return out
    themes = _theme_list(themes, None)
    check_columns(g, themes, table_name="gold")
    absent = [t for t in themes if t not in in_detected]
    if absent:
        raise ValueError(f"detected has no rows for the theme(s) {_shown(absent)}.")
    return themes


def _no_repeats(table: pd.DataFrame, cols: list[str], name: str, per: str, advice: str) -> None:
    dup = table[table.duplicated(cols, keep=False)]
    if len(dup):
        shown = _shown(dup[cols].astype(str).agg(" ".join, axis=1).unique())
        raise ValueError(f"{name} has more than one row per {per} ({shown}); {advice}.")


def _rates(counts: np.ndarray) -> np.ndarray:
    """Precision, recall, F1 from (..., 4) arrays of tp, fp, fn, tn (NaN where undefined)."""
    tp, fp, fn = counts[..., 0], counts[..., 1], counts[..., 2]
    with np.errstate(divide="ignore", invalid="ignore"):
        p = np.where(tp + fp > 0, tp / (tp + fp), np.nan)
        r = np.where(tp + fn > 0, tp / (tp + fn), np.nan)
        f = np.where(2 * tp + fp + fn > 0, 2 * tp / (2 * tp + fp + fn), np.nan)
    return np.stack([p, r, f], axis=-1)


def _bootstrap(per_doc: np.ndarray, n_boot: int, seed: int, ci: float) -> np.ndarray:
    """Percentile intervals (themes, 3 measures, low/high) from per-document counts (docs, themes, 4)."""
    n_docs = per_doc.shape[0]
    if n_boot == 0 or n_docs == 0:
        return np.full(per_doc.shape[1:2] + (3, 2), np.nan)
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, n_docs, size=(n_boot, n_docs))
    flat = (np.arange(n_boot)[:, None] * n_docs + draws).ravel()
    times = np.bincount(flat, minlength=n_boot * n_docs).reshape(n_boot, n_docs).astype("float64")
    totals = np.tensordot(times, per_doc, axes=(1, 0))  # (n_boot, themes, 4)
    stats = _rates(totals)  # (n_boot, themes, 3)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN slices: the interval stays NaN
        low, high = np.nanquantile(stats, [(1 - ci) / 2, (1 + ci) / 2], axis=0)
    return np.stack([low, high], axis=-1)


def validate_themes(
    detected: pd.DataFrame,
    gold: pd.DataFrame,
    *,
    unit: Literal["paragraph", "sentence", "segment", "document"] | None = None,
    themes: Iterable[str] | str | None = None,
    n_boot: int = 1000,
    seed: int = 0,
    ci: float = 0.95,
    weight_col: str | None = None,
) -> pd.DataFrame:
    """Score detected themes against human codes: precision, recall and F1 with bootstrap intervals.

    Each unit with a gold label for a theme (0 or 1; missing labels are
    left out) is a true positive (gold 1, ``present``), false positive
    (gold 0, present), false negative (gold 1, not present) or true
    negative. precision = tp / (tp + fp), recall = tp / (tp + fn), F1 =
    2·tp / (2·tp + fp + fn). Undefined values are NaN: precision when
    nothing was detected, recall when the coders found no positive, F1 when
    both (F1 is 0, not NaN, when there are positives but nothing was
    detected). Every coded unit must have a row in ``detected`` for each
    scored theme (detect_themes lists every unit and theme, zeros
    included); a unit missing there is an error naming it, never silently
    dropped. There is no pooled "all themes" row: themes differ in
    prevalence, and a pooled figure hides the weak ones.

    **Intervals** are percentile bootstrap intervals that resample
    *documents* (paragraphs of one article are not independent), seeded:
    the documents with a coded unit are sorted by ``doc_id`` (as str);
    ``rng = numpy.random.default_rng(seed)``; ``rng.integers(0, D,
    size=(n_boot, D))`` draws, for each replicate, D documents with
    replacement (D = number of documents); each replicate's tp, fp, fn are
    the sums over its documents (a document drawn twice counts twice);
    the interval is ``numpy.nanquantile`` (linear) at (1 − ci)/2 and
    (1 + ci)/2 of the replicate values. Replicates where a measure is
    undefined (no detection in the drawn documents) are left out of its
    quantiles; when the point estimate is NaN, so is its interval. With
    few documents the intervals are rough, and with a single document they
    collapse to the point estimate (there is nothing to resample): code
    paragraphs from many documents.

    Parameters
    ----------
    detected : pandas.DataFrame
        From :func:`toolkit.detect_themes`: ``doc_id``, ``seg_id`` (not for
        documents), ``theme`` (top-level), ``present`` (bool); ``score`` and
        ``evidence`` are used by :func:`validation_errors`. Not modified.
    gold : pandas.DataFrame
        One row per coded unit with the key columns and one 0/1/missing
        column per theme (:func:`read_coding_sheet`, after adjudicating the
        coders' sheets into one). Not modified.
    unit : {"paragraph", "sentence", "segment", "document"}, optional
        The unit: documents are keyed by ``doc_id``, the others by
        ``doc_id`` + ``seg_id``. Default: ``doc_id`` + ``seg_id`` when both
        tables have ``seg_id``, else ``doc_id``.
    themes : str or list of str, optional
        Default: the gold columns that are themes of ``detected``, in
        gold's column order.
    n_boot : int, default 1000
        Bootstrap replicates (0: no intervals, NaN).
    seed : int, default 0
    ci : float, default 0.95
        Interval coverage, between 0 and 1.
    weight_col : str, optional
        A gold column of sampling weights (``sampling_weight`` from
        :func:`sample_for_coding`, merged in by ``unit_id``): tp, fp, fn,
        tn, positives and detected are then weighted sums (float), and the
        measures estimate the population's, not the sample's.

    Returns
    -------
    pandas.DataFrame
        One row per theme, RangeIndex: ``theme`` (str), ``n`` (int, units
        with a gold label), ``n_docs`` (int, their documents),
        ``positives`` (gold 1), ``detected`` (present), ``tp``, ``fp``,
        ``fn``, ``tn`` (int; float with ``weight_col``), ``precision``,
        ``recall``, ``f1`` and ``precision_low``, ``precision_high``,
        ``recall_low``, ``recall_high``, ``f1_low``, ``f1_high`` (float).
        ``attrs`` holds ``ci``, ``n_boot`` and ``seed``.

    Raises
    ------
    ValueError
        Bad ``unit``, ``n_boot``, ``seed`` or ``ci``; a missing doc_id or
        seg_id; a gold label other than 0, 1 or missing; a coded unit
        missing from ``detected``; repeated rows; bad weights; no theme in
        common.
    ColumnError
        A table lacks a needed column.

    See Also
    --------
    validation_errors, toolkit.plot.validation, agreement

    Examples
    --------
    >>> import pandas as pd
    >>> detected = pd.DataFrame({"doc_id": ["a", "a", "b", "b", "c"], "seg_id": [0, 1, 0, 1, 0],
    ...                          "theme": "security", "present": [True, True, False, True, False]})
    >>> gold = pd.DataFrame({"doc_id": ["a", "a", "b", "b", "c"], "seg_id": [0, 1, 0, 1, 0],
    ...                      "security": [1, 0, 1, 1, 0]})
    >>> v = validate_themes(detected, gold)
    >>> v[["theme", "n", "n_docs", "tp", "fp", "fn", "tn", "precision", "recall", "f1"]]
          theme  n  n_docs  tp  fp  fn  tn  precision  recall        f1
    0  security  5       3   2   1   1   1   0.666667  0.666667  0.666667
    >>> bool(v.loc[0, "precision_low"] <= v.loc[0, "precision"] <= v.loc[0, "precision_high"])
    True
    """
    check_int("n_boot", n_boot, 0)
    check_int("seed", seed, 0)
    if isinstance(ci, bool) or not isinstance(ci, numbers.Real) or not 0 < ci < 1:
        raise ValueError(f"ci={ci!r} is not allowed; use a number between 0 and 1, such as 0.95.")
    key = _key_for(unit, detected, gold)
    table, themes = _outcomes(detected, gold, key, themes, weight_col)
    w = table["weight"]
    for name, hit in (("tp", table["gold"].eq(1) & table["present"]), ("fp", table["gold"].eq(0) & table["present"]),
                      ("fn", table["gold"].eq(1) & ~table["present"]), ("tn", table["gold"].eq(0) & ~table["present"])):
        table[name] = w * hit
    docs = sorted(table["doc_id"].unique())
    per_doc = (table.groupby(["doc_id", "theme"])[["tp", "fp", "fn", "tn"]].sum()
               .reindex(pd.MultiIndex.from_product([docs, themes]), fill_value=0.0)
               .to_numpy(dtype="float64").reshape(len(docs), len(themes), 4))
    counts = per_doc.sum(axis=0)
    point = _rates(counts)
    intervals = _bootstrap(per_doc, n_boot, seed, ci)
    intervals[np.isnan(point)] = np.nan
    return _validation_table(table, themes, counts, point, intervals, weighted=weight_col is not None,
                             attrs={"ci": ci, "n_boot": n_boot, "seed": seed})


def _validation_table(table, themes, counts, point, intervals, *, weighted, attrs) -> pd.DataFrame:
    by_theme = table.groupby("theme")
    out = pd.DataFrame({"theme": pd.Series(themes, dtype="str"),
                        "n": by_theme.size().reindex(themes, fill_value=0).to_numpy(),
                        "n_docs": by_theme["doc_id"].nunique().reindex(themes, fill_value=0).to_numpy()})
    cast = "float64" if weighted else "int64"
    tp, fp, fn, tn = (counts[:, i] for i in range(4))
    for name, values in (("positives", tp + fn), ("detected", tp + fp), ("tp", tp), ("fp", fp), ("fn", fn),
                         ("tn", tn)):
        out[name] = np.round(values, 12).astype(cast) if weighted else np.rint(values).astype(cast)
    for j, measure in enumerate(("precision", "recall", "f1")):
        out[measure] = point[:, j]
    for j, measure in enumerate(("precision", "recall", "f1")):
        out[f"{measure}_low"] = intervals[:, j, 0]
        out[f"{measure}_high"] = intervals[:, j, 1]
    out.attrs.update(attrs)
    return out


class ValidationErrors(NamedTuple):
    """What :func:`validation_errors` returns: the wrong decisions, and the per-entry precision table.

    A named tuple, so ``errors, entries = tk.validation_errors(...)`` works.

    Attributes
    ----------
    errors : pandas.DataFrame
        The false positives and false negatives.
    entries : pandas.DataFrame or None
        Per-entry precision, or None when no hits were given.

    Examples
    --------
    >>> import pandas as pd
    >>> result = ValidationErrors(errors=pd.DataFrame(), entries=None)
    >>> errors, entries = result
    >>> entries is None
    True
    """

    errors: pd.DataFrame
    entries: pd.DataFrame | None


def validation_errors(
    detected: pd.DataFrame,
    gold: pd.DataFrame,
    *,
    hits: pd.DataFrame | None = None,
    text: pd.DataFrame | None = None,
    themes: Iterable[str] | str | None = None,
    unit: Literal["paragraph", "sentence", "segment", "document"] | None = None,
) -> ValidationErrors:
    """The false positives and false negatives with their text and evidence, and each entry's precision.

    Units, themes and checks are those of :func:`validate_themes`.

    The **entries** table (only with ``hits``) says which lexicon entries
    fire where the coders said no: for each top-level theme, sub-theme and
    entry, among the coded units (with a gold label for that theme) where the
    entry has a hit that counts (weight above 0; exclusions are left out),
    how many the coders marked 1. An entry's precision is that share, whether
    or not the unit's score reached the threshold; the worst entries come
    first.

    Parameters
    ----------
    detected, gold : pandas.DataFrame
        As for :func:`validate_themes`. Not modified.
    hits : pandas.DataFrame, optional
        From :func:`toolkit.find_themes` on the same tokens: ``doc_id``,
        ``seg_id``, ``theme`` (may be a sub-theme such as
        ``security/terrorism``), ``entry`` and ``weight``.
    text : pandas.DataFrame, optional
        Key columns and ``text`` (such as :func:`toolkit.segment`'s table),
        used instead of gold's ``text`` column.
    themes : str or list of str, optional
    unit : {"paragraph", "sentence", "segment", "document"}, optional

    Returns
    -------
    ValidationErrors
        A named tuple ``(errors, entries)``:

        - ``errors``: one row per wrong decision, sorted by theme, error
          (false positives first), doc_id and seg_id; RangeIndex. Columns:
          the key (``doc_id``, ``seg_id``), ``unit_id`` (when gold has it),
          ``theme`` (str), ``error`` ("false positive" or "false
          negative"), ``score`` (float, NaN when detected has none),
          ``evidence`` (str, "" when none), ``text`` (str, "" when no text
          is known).
        - ``entries`` (None without ``hits``): ``theme`` (top-level),
          ``sub_theme`` (the hit's theme), ``entry``, ``n_units`` (int,
          coded units where it fired), ``n_positive`` (int, of those, coded
          1), ``n_negative`` (int), ``precision`` (float); sorted by
          precision, then most units first, then theme and entry.

    Raises
    ------
    ValueError, ColumnError
        As for :func:`validate_themes`; ``hits`` or ``text`` lack a column.

    See Also
    --------
    validate_themes, toolkit.explain_themes

    Examples
    --------
    >>> import pandas as pd
    >>> detected = pd.DataFrame({"doc_id": ["a", "a", "b"], "seg_id": [0, 1, 0], "theme": "security",
    ...                          "score": [2.0, 1.0, 0.0], "present": [True, True, False],
    ...                          "evidence": ["keamanan ×2 (+2.0)", "keamanan (+1.0)", ""]})
    >>> gold = pd.DataFrame({"doc_id": ["a", "a", "b"], "seg_id": [0, 1, 0], "security": [1, 0, 1],
    ...                      "text": ["Keamanan kawasan.", "Keamanan penerbangan.", "Granat meledak."]})
    >>> hits = pd.DataFrame({"doc_id": ["a", "a"], "seg_id": [0, 1], "theme": "security",
    ...                      "entry": "keamanan", "weight": 1.0})
    >>> errors, entries = validation_errors(detected, gold, hits=hits)
    >>> errors[["doc_id", "seg_id", "error", "evidence", "text"]]
      doc_id  seg_id           error         evidence                   text
    0      a       1  false positive  keamanan (+1.0)  Keamanan penerbangan.
    1      b       0  false negative                          Granat meledak.
    >>> entries
          theme sub_theme     entry  n_units  n_positive  n_negative  precision
    0  security  security  keamanan        2           1           1        0.5
    """
    key = _key_for(unit, detected, gold)
    table, themes = _outcomes(detected, gold, key, themes, None)
    wrong = table[table["gold"].eq(1) != table["present"]].copy()
    wrong["error"] = np.where(wrong["present"], "false positive", "false negative")
    if text is not None:
        check_columns(text, [*key, "text"], table_name="text", hint="Give key columns and 'text' (tk.segment).")
        texts = _norm_keys(text, key, "text").drop_duplicates(key)[[*key, "text"]]
        wrong = wrong.drop(columns="text", errors="ignore").merge(texts, on=key, how="left")
    for col, fill in (("score", math.nan), ("evidence", ""), ("text", "")):
        wrong[col] = wrong[col].fillna(fill) if col in wrong.columns else fill
    order = {"false positive": 0, "false negative": 1}
    wrong = wrong.sort_values(["theme", "error", *key], key=lambda s: s.map(order) if s.name == "error" else s,
                              kind="stable")
    cols = [*key] + (["unit_id"] if "unit_id" in wrong.columns else []) + [
        "theme", "error", "score", "evidence", "text"]
    errors = wrong[cols].astype({"theme": "str", "error": "str", "score": "float64", "evidence": "str",
                                 "text": "str"}).reset_index(drop=True)
    entries = None if hits is None else _entry_precision(hits, table, key)
    return ValidationErrors(errors=errors, entries=entries)


def _entry_precision(hits: pd.DataFrame, table: pd.DataFrame, key: list[str]) -> pd.DataFrame:
    check_columns(hits, [*key, "theme", "entry"], table_name="hits",
                  hint="Make it with tk.find_themes(tokens, lexicon).")
    h = _norm_keys(hits, key, "hits")
    if "weight" in h.columns:
        h = h[pd.to_numeric(h["weight"], errors="coerce") > 0]
    h = h.assign(sub_theme=h["theme"].astype(str), theme=fold_themes(h["theme"].astype(str), 1),
                 entry=h["entry"].astype(str))
    fired = h.drop_duplicates([*key, "sub_theme", "entry"])[[*key, "theme", "sub_theme", "entry"]]
    coded = fired.merge(table[[*key, "theme", "gold"]], on=[*key, "theme"], how="inner")
    out = (coded.groupby(["theme", "sub_theme", "entry"], sort=True)["gold"]
           .agg(n_units="size", n_positive="sum").reset_index())
    out["n_negative"] = out["n_units"] - out["n_positive"]
    out["precision"] = out["n_positive"] / out["n_units"]
    out = out.astype({"theme": "str", "sub_theme": "str", "entry": "str", "n_units": "int64",
                      "n_positive": "int64", "n_negative": "int64", "precision": "float64"})
    return out.sort_values(["precision", "n_units", "theme", "entry"], ascending=[True, False, True, True],
                           kind="stable").reset_index(drop=True)
