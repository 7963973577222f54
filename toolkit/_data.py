"""Reading the data files shipped in ``toolkit/data`` (UTF-8, validated, cached).

Nothing here touches the network: a missing file is an error that names the
places searched and what to do.
"""

from __future__ import annotations

import csv
import functools
import io
from importlib import resources
from pathlib import Path

from .errors import ResourceError

DATA_PACKAGE = "toolkit"


def data_path(name: str) -> Path:
    """Path of a file shipped in ``toolkit/data`` (raises ResourceError if absent)."""
    path = Path(str(resources.files(DATA_PACKAGE) / "data" / name))
    if not path.is_file():
        raise ResourceError(
            f"The toolkit's data file {name!r} is missing; searched {path}. "
            "The installation looks incomplete: reinstall with `pip install -e .` from a clone "
            "(or `make demo`, which sets everything up).",
            path=str(path),
        )
    return path


def read_text(path: str | Path, *, what: str = "file") -> str:
    """Read a UTF-8 file (a BOM is accepted), naming the file and byte offset on bad bytes."""
    path = Path(path)
    if not path.is_file():
        raise ResourceError(f"{what} not found: {path}", path=str(path))
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ResourceError(
            f"{path}: line {line}: bytes at offset {exc.start} are not valid UTF-8 ({exc.reason}); "
            "save the file as UTF-8.",
            path=str(path),
            line=line,
        ) from None


def read_word_list(path: str | Path, *, what: str, pattern=None) -> list[tuple[str, int]]:
    """Read a one-entry-per-line list; ``#`` starts a comment line; blank lines are skipped.

    Returns ``(entry, line_number)`` pairs. ``pattern`` (a compiled regex) must fully
    match every entry, and no entry may repeat; errors name the file and line.
    """
    text = read_text(path, what=what)
    seen: dict[str, int] = {}
    out: list[tuple[str, int]] = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        entry = line.strip()
        if not entry or entry.startswith("#"):
            continue
        if pattern is not None and not pattern.fullmatch(entry):
            raise ResourceError(
                f"{path}: line {lineno}: {entry!r} is not a valid entry for the {what} "
                f"(expected pattern {pattern.pattern!r}).",
                path=str(path),
                line=lineno,
            )
        key = entry.lower()
        if key in seen:
            raise ResourceError(
                f"{path}: line {lineno}: {entry!r} repeats line {seen[key]} of the {what}.",
                path=str(path),
                line=lineno,
            )
        seen[key] = lineno
        out.append((entry, lineno))
    return out


def read_csv_records(path: str | Path, *, what: str, required: list[str], optional: list[str] = ()) -> list[dict]:
    """Read a small CSV resource with the csv module, checking its header.

    Each record gets a ``_line`` key: the file line on which the record starts.
    Errors name the file, the line and the field.
    """
    text = read_text(path, what=what)
    if not text.strip():
        raise ResourceError(f"{path}: the {what} is empty; it needs a header line.", path=str(path), line=1)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = reader.fieldnames or []
    missing = [c for c in required if c not in header]
    if missing:
        raise ResourceError(
            f"{path}: line 1: the {what} lacks the column(s) {', '.join(missing)}; "
            f"its header is {', '.join(header)}; expected {', '.join(list(required) + list(optional))}.",
            path=str(path),
            line=1,
        )
    unknown = [c for c in header if c not in required and c not in optional]
    if unknown:
        raise ResourceError(
            f"{path}: line 1: unknown column(s) {', '.join(unknown)} in the {what}; "
            f"allowed: {', '.join(list(required) + list(optional))}.",
            path=str(path),
            line=1,
        )
    records = []
    start = reader.line_num + 1
    for row in reader:
        if None in row:  # more fields than header
            raise ResourceError(
                f"{path}: line {start}: more fields than the header has ({len(header)}).",
                path=str(path),
                line=start,
            )
        row = {k: (v if v is not None else "") for k, v in row.items()}
        row["_line"] = start
        records.append(row)
        start = reader.line_num + 1
    return records


CLITIC_KINDS = ("possessive", "particle")


def read_clitics(path: str | Path) -> tuple[str, ...]:
    """The clitics of a file shaped like ``clitics-id.csv``, longest first (then in file order); errors name the line.

    Examples
    --------
    >>> read_clitics(data_path("clitics-id.csv"))
    ('nya', 'lah', 'kah', 'tah', 'pun', 'ku', 'mu')
    """
    rows = read_csv_records(path, what="clitic list", required=["clitic", "kind"], optional=["note"])
    seen: dict[str, int] = {}
    for row in rows:
        clitic, kind, line = row["clitic"].strip(), row["kind"].strip(), row["_line"]
        if not clitic.isascii() or not clitic.isalpha() or clitic != clitic.lower():
            raise ResourceError(f"{path}: line {line}: clitic {clitic!r} must be lower-case letters a-z.",
                                path=str(path), line=line)
        if kind not in CLITIC_KINDS:
            raise ResourceError(f"{path}: line {line}: kind {kind!r} of {clitic!r} must be one of "
                                f"{', '.join(CLITIC_KINDS)}.", path=str(path), line=line)
        if clitic in seen:
            raise ResourceError(f"{path}: line {line}: {clitic!r} repeats line {seen[clitic]}.",
                                path=str(path), line=line)
        seen[clitic] = line
    return tuple(sorted(seen, key=len, reverse=True))


@functools.lru_cache(maxsize=1)
def clitics() -> tuple[str, ...]:
    """The shipped clitics (``toolkit/data/clitics-id.csv``), longest first: the tokeniser and the overrides share them.

    Examples
    --------
    >>> clitics()
    ('nya', 'lah', 'kah', 'tah', 'pun', 'ku', 'mu')
    """
    return read_clitics(data_path("clitics-id.csv"))
