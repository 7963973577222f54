"""Theme lexicons as data: loading, validating, combining, describing.

Compiling a lexicon into token tests is :mod:`toolkit._compiled_lexicon`.

A lexicon is a CSV file (UTF-8, header line) with one entry per row:

========  ==========================================================
column    meaning
========  ==========================================================
theme     the theme, lower case; may be hierarchical, ``security/terrorism``
entry     the term as written: ``keamanan``, ``tiga kekuatan jahat``, ``SCO``
match     how the entry matches tokens (below)
weight    a number ≥ 0, default 1; 0 marks an exclusion (below)
gloss_en  an English gloss for charts and tables
note      why the entry is there, or what it deliberately leaves out
requires  context rule (optional): cues separated by ``;``, at least one
          of which must stand near the hit for it to count in a decision
forbids   context rule (optional): cues separated by ``;``, none of which
          may stand near the hit for it to count in a decision
window    where cues are looked for: a number of tokens on each side of
          the hit, ``segment`` (the default) or ``document``
========  ==========================================================

A cue is a word (matched by its stem), ``=word`` (that exact form), several
words in a row (``siap tempur``, each by its stem or ``=form``), or
``@theme``: another hit of that top-level theme. Context rules do not change
the hit table of :func:`toolkit.find_themes`; they decide which hits count in
:func:`toolkit.detect_themes`.

``match`` is ``stem`` (one word, stemmed like the text: every form of the
root), ``word`` (that exact, normalised word form: ``keamanan`` but not
``aman``), ``phrase`` (two or more words in a row in one segment, each by
its stem or, written ``=word``, by its form), ``glob`` (one word form with
``*`` and ``?``) or ``regex`` (a pattern of the ``regex`` package that must
match a whole word form, within :data:`toolkit.themes.REGEX_TIMEOUT`
seconds, else :class:`toolkit.RegexTimeoutError`). An entry of weight 0 is
an **exclusion**: where it matches, shorter entries of its own top-level
theme do not (``keamanan penerbangan`` = flight safety stops ``keamanan``),
and it counts for nothing. ``toolkit/data/lexicons/README.md`` has the full
rules; :mod:`toolkit.themes_reference` states them as code.

A missing cell (``None`` or NaN in a table, as ``pd.read_csv`` makes of an
empty cell) in ``theme`` or ``entry`` is an error naming the row and the
column; elsewhere it means the default.

Shipped lexicons live in ``toolkit/data/lexicons/NAME.csv`` with a card
``NAME.md``; :func:`list_lexicons` lists them; :func:`save_lexicon` writes
a lexicon table in this format.

Themes form a tree by their names (``security/terrorism`` lies below
``security``): :mod:`toolkit.theme_tree` walks it (:func:`~toolkit.theme_tree.top_theme`,
:func:`~toolkit.theme_tree.fold_themes`, :func:`~toolkit.theme_tree.within_themes`;
also importable from here, as before).
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

import pandas as pd
import regex

from . import _data
from ._validate import check_columns
from .errors import ResourceError
from .theme_tree import fold_themes, top_theme, within_themes  # noqa: F401  (also importable from here, as before)

__all__ = [
    "LEXICON_COLUMNS",
    "MAIN_THEMES",
    "MATCH_TYPES",
    "MAX_WEIGHT",
    "list_lexicons",
    "load_lexicon",
    "make_lexicon",
    "save_lexicon",
    "combine_lexicons",
    "subset_lexicon",
    "describe_lexicon",
]

#: Columns of a lexicon table, in order.
LEXICON_COLUMNS = ("theme", "entry", "match", "weight", "gloss_en", "note", "requires", "forbids", "window")
#: Largest allowed weight of an entry (weights are evidence in a segment's score; see toolkit.decisions).
MAX_WEIGHT = 10.0
_CUE_RE = re.compile(r"@[a-z][a-z0-9_]*|=?[^\s=@;]+(?: =?[^\s=@;]+)*")
#: The four main shipped themes: the default of the theme report and the label columns of a coding sheet.
MAIN_THEMES = ("security", "connectivity", "multilateralism", "cooperation")
#: Allowed values of the ``match`` column.
MATCH_TYPES = ("stem", "word", "phrase", "glob", "regex")
_THEME_RE = re.compile(r"[a-z][a-z0-9_]*(?:/[a-z][a-z0-9_]*)*")


def _lexicon_dir() -> Path:
    return Path(str(resources.files("toolkit") / "data" / "lexicons"))


def list_lexicons() -> pd.DataFrame:
    """The lexicons shipped with the toolkit.

    Returns
    -------
    pandas.DataFrame
        One row per lexicon, sorted by name: ``name`` (str), ``entries``
        (int), ``themes`` (str: the themes it holds, joined by ", "),
        ``path`` (str, the CSV file) and ``card`` (str, its Markdown card).

    Examples
    --------
    >>> names = list_lexicons()["name"].tolist()
    >>> {"security", "connectivity", "multilateralism", "cooperation"} <= set(names)
    True
    """
    rows = []
    for path in sorted(_lexicon_dir().glob("*.csv")):
        lex = load_lexicon(path)
        rows.append(
            {
                "name": path.stem,
                "entries": len(lex),
                "themes": ", ".join(sorted(lex["theme"].unique())),
                "path": str(path),
                "card": str(path.with_suffix(".md")),
            }
        )
    return pd.DataFrame(rows, columns=["name", "entries", "themes", "path", "card"])


def _fail(origin, line, message):
    where = f"{origin}: line {line}: " if line is not None else f"{origin}: "
    raise ResourceError(where + message, path=str(origin), line=line)


def _missing(value) -> bool:
    """None, NaN or pd.NA: what a table holds in an empty cell."""
    return value is None or (not isinstance(value, str) and pd.api.types.is_scalar(value) and bool(pd.isna(value)))


def _blank(value) -> bool:
    return _missing(value) or str(value).strip() == ""


def _text(value, field: str, origin, line, *, required: bool = False) -> str:
    """A text cell, stripped; '' when missing or blank, which is an error for a required field."""
    if _blank(value):
        if required:
            what = "missing (None or NaN)" if _missing(value) else "empty"
            hint = (" A table read with pd.read_csv turns empty cells, and words such as 'NA' or 'null', into NaN: "
                    "load lexicon files with tk.load_lexicon(path)." if _missing(value) else "")
            _fail(origin, line, f"field {field!r} is {what}.{hint}")
        return ""
    return str(value).strip()


def _weight(value, origin, line) -> float:
    """The weight cell: default 1 when missing or blank, else a finite number from 0 to MAX_WEIGHT."""
    if _blank(value):
        return 1.0
    try:
        weight = float(value) if not isinstance(value, bool) else math.nan
    except (TypeError, ValueError):
        weight = math.nan
    if not (math.isfinite(weight) and 0 <= weight <= MAX_WEIGHT):
        _fail(origin, line, f"field 'weight' is {value!r}; use a number from 0 to {MAX_WEIGHT:g} (default 1).")
    return weight


def _cues(value, field: str, origin, line) -> str:
    """Check a context-rule field (cues separated by ';') and return it normalised ('' when blank)."""
    if _blank(value):
        return ""
    cues = [" ".join(c.split()) for c in str(value).split(";")]
    for cue in cues:
        if not cue or not _CUE_RE.fullmatch(cue):
            _fail(origin, line, f"field {field!r} is {value!r}: each cue (separated by ';') is a word, '=word', "
                                "several words, or '@theme'.")
    return "; ".join(cues)


def _window(value, origin, line) -> str:
    """Check the window field: a whole number of tokens ≥ 1, 'segment' (default) or 'document'."""
    if _blank(value):
        return "segment"
    text = str(value).strip().lower()
    if text in ("segment", "document"):
        return text
    try:
        number = float(text)
    except ValueError:
        number = float("nan")
    if not (math.isfinite(number) and number == int(number) and 1 <= number <= 1000):
        _fail(origin, line, f"field 'window' is {value!r}; use a whole number of tokens from 1 to 1000, "
                            "'segment' or 'document'.")
    return str(int(number))


def _validate_rows(rows: list[dict], origin: str) -> pd.DataFrame:
    """Check and normalise lexicon rows; errors name the origin, the line and the field."""
    out = []
    seen: dict[tuple, int] = {}
    for r in rows:
        line = r.get("_line")
        theme = _text(r.get("theme"), "theme", origin, line, required=True)
        if not _THEME_RE.fullmatch(theme):
            _fail(origin, line, f"field 'theme' is {theme!r}; use lower-case names joined by '/', such as 'security/terrorism'.")
        entry = _text(r.get("entry"), "entry", origin, line, required=True)
        match = _text(r.get("match"), "match", origin, line) or "stem"
        if match not in MATCH_TYPES:
            _fail(origin, line, f"field 'match' is {match!r}; allowed: {', '.join(MATCH_TYPES)}.")
        weight = _weight(r.get("weight"), origin, line)
        words = entry.split()
        if match in ("stem", "word", "glob") and len(words) != 1:
            _fail(origin, line, f"field 'entry' is {entry!r}: match={match!r} takes one word; use match 'phrase' for several.")
        if match == "phrase" and len(words) < 2:
            _fail(origin, line, f"field 'entry' is {entry!r}: a phrase needs two or more words; use match 'stem' or 'word'.")
        if match == "regex":
            try:
                regex.compile(entry)
            except regex.error as exc:
                _fail(origin, line, f"field 'entry' is not a valid regular expression ({exc}).")
        if match in ("stem", "word") and entry.startswith("="):
            _fail(origin, line, f"field 'entry' is {entry!r}: '=' marks exact forms inside phrases only; use match 'word'.")
        requires = _cues(r.get("requires"), "requires", origin, line)
        forbids = _cues(r.get("forbids"), "forbids", origin, line)
        window = _window(r.get("window"), origin, line)
        if weight == 0 and (requires or forbids):
            _fail(origin, line, "an exclusion (weight 0) cannot have context rules (requires, forbids).")
        key = (theme, entry.lower(), match)
        if key in seen:
            _fail(origin, line, f"entry {entry!r} ({match}) is already listed for theme {theme!r} at line {seen[key]}.")
        seen[key] = line
        out.append(
            {
                "theme": theme,
                "entry": entry,
                "match": match,
                "weight": weight,
                "gloss_en": _text(r.get("gloss_en"), "gloss_en", origin, line),
                "note": _text(r.get("note"), "note", origin, line),
                "requires": requires,
                "forbids": forbids,
                "window": window,
                "lexicon": r.get("lexicon", ""),
                "line": line,
            }
        )
    frame = pd.DataFrame(out, columns=list(LEXICON_COLUMNS) + ["lexicon", "line"])
    frame["weight"] = frame["weight"].astype("float64")
    frame["line"] = frame["line"].astype("Int64")
    return frame


def load_lexicon(name_or_path) -> pd.DataFrame:
    """Load one or more theme lexicons, validated.

    Parameters
    ----------
    name_or_path : str, Path, or a list of them
        A shipped lexicon's name (see :func:`list_lexicons`), a path to a
        lexicon CSV file, or a list of names and paths (combined with
        :func:`combine_lexicons`). ``"all"`` loads every shipped lexicon. A
        lexicon table saved with ``DataFrame.to_csv`` loads too: its index
        and its ``lexicon`` and ``line`` columns are ignored (the file's own
        name and lines are recorded); :func:`save_lexicon` writes the file
        without them.

    Returns
    -------
    pandas.DataFrame
        One row per entry, in file order: ``theme``, ``entry``, ``match``
        (str), ``weight`` (float), ``gloss_en``, ``note`` (str, may be
        empty), ``lexicon`` (str: the name or file it came from) and
        ``line`` (Int64: the line in that file).

    Raises
    ------
    ResourceError
        Unknown name (the message lists the shipped ones), missing file, or
        a malformed file: the message names the file, the line and the field.

    See Also
    --------
    list_lexicons, make_lexicon, save_lexicon, combine_lexicons, subset_lexicon

    Examples
    --------
    >>> lex = load_lexicon("security")
    >>> lex.loc[lex["entry"] == "tiga kekuatan jahat", ["theme", "match"]].iloc[0].tolist()
    ['security/extremism', 'phrase']
    """
    if isinstance(name_or_path, (list, tuple)):
        return combine_lexicons(*(load_lexicon(x) for x in name_or_path))
    if name_or_path == "all":
        return combine_lexicons(*(load_lexicon(p) for p in sorted(_lexicon_dir().glob("*.csv"))))
    path = Path(name_or_path)
    if path.suffix.lower() != ".csv" and not path.exists():
        candidate = _lexicon_dir() / f"{name_or_path}.csv"
        if not candidate.is_file():
            shipped = sorted(p.stem for p in _lexicon_dir().glob("*.csv"))
            raise ResourceError(
                f"No lexicon named {str(name_or_path)!r}; searched {candidate}. Shipped lexicons: "
                f"{', '.join(shipped) or '(none)'}; or give the path of a CSV file.",
                path=str(candidate),
            )
        path = candidate
    return _load_file(str(path))


@functools.lru_cache(maxsize=64)
def _load_file_cached(path: str, mtime: float) -> pd.DataFrame:
    # "lexicon", "line" and an unnamed first column (the index) are what DataFrame.to_csv adds to a
    # lexicon table: allowed, and ignored (the file's own name and lines are recorded instead)
    records = _data.read_csv_records(path, what="lexicon", required=["theme", "entry"],
                                     optional=["match", "weight", "gloss_en", "note", "requires",
                                               "forbids", "window", "lexicon", "line", ""])
    if records and "" in records[0] and next(iter(records[0])) != "":
        _fail(path, 1, "a column has no name; only the first column may (the index that DataFrame.to_csv writes).")
    name = Path(path).stem
    for r in records:
        r["lexicon"] = name
    return _validate_rows(records, path)


def _load_file(path: str) -> pd.DataFrame:
    p = Path(path)
    if not p.is_file():
        raise ResourceError(f"Lexicon file not found: {p}", path=str(p))
    return _load_file_cached(str(p), p.stat().st_mtime).copy()


def make_lexicon(entries, *, name: str = "custom") -> pd.DataFrame:
    """Build a validated lexicon from a DataFrame or a list of dicts.

    Parameters
    ----------
    entries : pandas.DataFrame or list of dict
        Rows with at least ``theme`` and ``entry``; ``match`` defaults to
        ``stem``, ``weight`` to 1, ``gloss_en`` and ``note`` to empty. A
        missing value (None, NaN) means the default, except in ``theme``
        and ``entry``, where it is an error.
    name : str, default "custom"
        Recorded in the ``lexicon`` column.

    Returns
    -------
    pandas.DataFrame
        A lexicon table (columns as in :func:`load_lexicon`; ``line`` is
        the 1-based row number in ``entries``).

    Raises
    ------
    ResourceError
        A malformed row (a missing ``theme`` or ``entry``, a weight that is
        not a number from 0 to :data:`MAX_WEIGHT`, ...); the message names
        the row and the field.

    Examples
    --------
    >>> mine = make_lexicon([{"theme": "maritime", "entry": "Laut China Selatan", "match": "phrase"},
    ...                      {"theme": "maritime", "entry": "nelayan", "gloss_en": "fishermen"}])
    >>> mine[["theme", "entry", "match", "weight"]]
          theme               entry   match  weight
    0  maritime  Laut China Selatan  phrase     1.0
    1  maritime             nelayan    stem     1.0
    """
    if isinstance(entries, pd.DataFrame):
        check_columns(entries, ["theme", "entry"], table_name="entries")
        records = entries.to_dict("records")
    else:
        records = [dict(r) for r in entries]
    for i, r in enumerate(records, start=1):
        r["_line"] = i
        r["lexicon"] = name
    frame = _validate_rows(records, f"lexicon {name!r} row")
    return frame


def save_lexicon(lexicon: pd.DataFrame, path) -> Path:
    """Write a lexicon table as a lexicon CSV file, which :func:`load_lexicon` reads back.

    The rows are checked as :func:`make_lexicon` checks them, then written
    with the columns of :data:`LEXICON_COLUMNS`, in that order, without the
    index. The input is not modified.

    Parameters
    ----------
    lexicon : pandas.DataFrame
        A lexicon table (:func:`make_lexicon`, :func:`load_lexicon`,
        :func:`combine_lexicons`) or any table with at least ``theme`` and
        ``entry``.
    path : str or Path
        The file to write (UTF-8). When it is loaded again, its name without
        ``.csv`` fills the ``lexicon`` column and its lines the ``line``
        column; so name it after the lexicon to get the same hit tables.

    Returns
    -------
    pathlib.Path
        ``path``.

    Raises
    ------
    ResourceError
        A malformed row; the message names the row and the field.

    See Also
    --------
    load_lexicon, make_lexicon

    Examples
    --------
    >>> import pathlib, tempfile
    >>> mine = make_lexicon([{"theme": "maritime", "entry": "nelayan", "gloss_en": "fishermen"}], name="maritime")
    >>> path = save_lexicon(mine, pathlib.Path(tempfile.mkdtemp()) / "maritime.csv")
    >>> print(path.read_text(encoding="utf-8"), end="")
    theme,entry,match,weight,gloss_en,note,requires,forbids,window
    maritime,nelayan,stem,1.0,fishermen,,,,segment
    >>> load_lexicon(path)[["theme", "entry", "weight", "lexicon", "line"]].values.tolist()
    [['maritime', 'nelayan', 1.0, 'maritime', 2]]
    """
    path = Path(path)
    checked = make_lexicon(lexicon, name=path.stem)
    checked[list(LEXICON_COLUMNS)].to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
    return path


def combine_lexicons(*lexicons: pd.DataFrame) -> pd.DataFrame:
    """Stack lexicons into one, checking that no (theme, entry, match) repeats.

    Parameters
    ----------
    *lexicons : pandas.DataFrame
        Lexicon tables (:func:`load_lexicon`, :func:`make_lexicon`).

    Returns
    -------
    pandas.DataFrame
        The rows of all of them, in the order given, RangeIndex.

    Raises
    ------
    ResourceError
        The same entry appears twice for one theme (names both origins).

    Examples
    --------
    >>> both = combine_lexicons(load_lexicon("security"), make_lexicon([{"theme": "maritime", "entry": "nelayan"}]))
    >>> both["theme"].str.split("/").str[0].unique().tolist()
    ['security', 'maritime']
    """
    frames = [lx for lx in lexicons if len(lx)]
    if not frames:
        return _validate_rows([], "lexicon")
    for lx in frames:
        check_columns(lx, ["theme", "entry", "match", "weight"], table_name="lexicon")
    out = pd.concat(frames, ignore_index=True)
    key = out["theme"] + "\t" + out["entry"].str.lower() + "\t" + out["match"]
    dup = key.duplicated(keep=False)
    if dup.any():
        rows = out[dup]
        first = rows.iloc[0]
        others = rows[key[dup] == key[dup].iloc[0]]
        where = "; ".join(f"{r.lexicon} line {r.line}" for r in others.itertuples())
        raise ResourceError(f"entry {first.entry!r} ({first.match}) of theme {first.theme!r} is listed twice: {where}.")
    return out


def subset_lexicon(lexicon: pd.DataFrame, *, themes: Iterable[str] | str | None = None,
                   matches: Iterable[str] | None = None, min_weight: float | None = None) -> pd.DataFrame:
    """Keep some of a lexicon's entries.

    Parameters
    ----------
    lexicon : pandas.DataFrame
    themes : str or iterable of str, optional
        Themes to keep; a theme keeps its sub-themes (``"security"`` keeps
        ``security/terrorism``).
    matches : iterable of str, optional
        Match types to keep (see :data:`MATCH_TYPES`).
    min_weight : float, optional
        Keep entries with at least this weight (``min_weight=0.01`` drops
        exclusions).

    Returns
    -------
    pandas.DataFrame
        The kept rows, in their order, RangeIndex. The input is not modified.

    Examples
    --------
    >>> lex = load_lexicon(["security", "cooperation"])
    >>> sorted(subset_lexicon(lex, themes="cooperation")["theme"].str.split("/").str[0].unique())
    ['cooperation']
    """
    keep = pd.Series(True, index=lexicon.index)
    if themes is not None:
        keep &= within_themes(lexicon["theme"], themes)
    if matches is not None:
        matches = list(matches)
        for m in matches:
            if m not in MATCH_TYPES:
                raise ValueError(f"matches contains {m!r}; allowed: {', '.join(MATCH_TYPES)}.")
        keep &= lexicon["match"].isin(matches)
    if min_weight is not None:
        keep &= lexicon["weight"] >= min_weight
    return lexicon[keep].reset_index(drop=True)


def describe_lexicon(lexicon, *, level: int | None = None) -> pd.DataFrame:
    """A lexicon at a glance: per theme, its entries, exclusions, weak entries, context rules and kinds of match.

    The counts of the table in ``toolkit/data/lexicons/README.md``, for any
    lexicon and per sub-theme.

    Parameters
    ----------
    lexicon : pandas.DataFrame, str or list of str
        A lexicon table (:func:`load_lexicon`, :func:`make_lexicon`,
        :func:`combine_lexicons`), or names or paths that
        :func:`load_lexicon` reads. Not modified.
    level : int or None, default None
        Fold sub-themes to their first ``level`` levels (1: one row per
        top-level theme; :func:`toolkit.theme_tree.fold_themes`); None
        gives one row per theme as named (``security/terrorism``).

    Returns
    -------
    pandas.DataFrame
        One row per theme, sorted by name, then a last row ``(total)`` for
        the whole lexicon; RangeIndex. Columns: ``theme`` (str),
        ``entries``, ``exclusions`` (weight 0), ``weak`` (weight above 0 and
        below 1), ``rules`` (entries with a context rule: ``requires`` or
        ``forbids``), then one column per kind of match, in the order of
        :data:`MATCH_TYPES` (``stem``, ``word``, ``phrase``, ``glob``,
        ``regex``); the counts are int64.

    Raises
    ------
    ColumnError
        The table lacks ``theme``, ``match`` or ``weight``.

    See Also
    --------
    list_lexicons : the shipped lexicons, their sizes and cards.

    Examples
    --------
    >>> mine = make_lexicon([
    ...     {"theme": "maritime", "entry": "nelayan"},
    ...     {"theme": "maritime/navy", "entry": "kapal perang", "match": "phrase"},
    ...     {"theme": "maritime/navy", "entry": "kapal perang mainan", "match": "phrase", "weight": 0},
    ...     {"theme": "maritime/navy", "entry": "TNI AL", "match": "phrase", "weight": 0.5, "requires": "laut"}])
    >>> print(describe_lexicon(mine).to_string(index=False))
            theme  entries  exclusions  weak  rules  stem  word  phrase  glob  regex
         maritime        1           0     0      0     1     0       0     0      0
    maritime/navy        3           1     1      1     0     0       3     0      0
          (total)        4           1     1      1     1     0       3     0      0
    >>> describe_lexicon(mine, level=1)["entries"].tolist()
    [4, 4]
    """
    table = lexicon if isinstance(lexicon, pd.DataFrame) else load_lexicon(lexicon)
    check_columns(table, ["theme", "match", "weight"], table_name="lexicon",
                  hint="Make one with tk.load_lexicon(name) or tk.make_lexicon(entries).")
    rules = pd.Series(False, index=table.index)
    for column in ("requires", "forbids"):
        if column in table.columns:
            rules |= table[column].fillna("").astype("str").str.strip() != ""
    weight = table["weight"].astype("float64")
    flags = pd.DataFrame({"theme": fold_themes(table["theme"].astype("str"), level), "entries": 1,
                          "exclusions": weight == 0, "weak": (weight > 0) & (weight < 1), "rules": rules,
                          **{kind: table["match"] == kind for kind in MATCH_TYPES}})
    per_theme = flags.groupby("theme", sort=True).sum().astype("int64")
    per_theme.loc["(total)"] = per_theme.sum()
    return per_theme.astype("int64").rename_axis("theme").reset_index()
