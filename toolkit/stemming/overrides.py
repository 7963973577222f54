"""The stemming overrides: the two data files, their checks, and the ``overrides=`` switch.

The overrides are data, in ``toolkit/data`` (card: ``stem_overrides.md``):

- ``stem_overrides.csv`` (columns ``word, stem, reason``): known Sastrawi
  errors, such as ``memerangi`` → ``rang`` (should be ``perang``).
- ``protected_words.csv`` (columns ``word, kind, reason``): names and
  acronyms that must not be stemmed (``bali`` stays ``bali``, not ``bal``).

:func:`load_overrides` reads and checks both as one table.
:func:`as_mapping` turns an ``overrides=`` argument (True, False, a dict or
a DataFrame) into the ``{word: stem}`` mapping a stemmer uses, and
:func:`override_of` applies the look-up rule, clitics included.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Mapping

import pandas as pd

from .. import _data
from .._validate import check_columns
from ..errors import ResourceError

__all__ = ["CLITICS", "load_overrides", "as_mapping", "fingerprint", "override_of"]



def __getattr__(name: str):
    """``CLITICS``: the clitics a protected or overridden host may carry (longest first), read from
    ``data/clitics-id.csv`` (the tokeniser reads the same file) on first use, not at import."""
    if name == "CLITICS":
        return _data.clitics()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

_WORD_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_KINDS = ("place", "person", "organisation", "acronym", "other")


def _bad(path, record: dict, message: str) -> ResourceError:
    """The error for a malformed record: names the file and the line."""
    return ResourceError(f"{path}: line {record['_line']}: {message}", path=str(path), line=record["_line"])


def _one_word(path, record: dict, field: str) -> str:
    """The stripped field, checked to be one lower-case word."""
    value = record[field].strip()
    if not _WORD_RE.fullmatch(value):
        raise _bad(path, record, f"field {field!r} is {value!r}; it must be one lower-case word "
                                 "(letters, digits, inner hyphens).")
    return value


def _filled(path, record: dict, field: str) -> str:
    """The stripped field, checked to be non-empty."""
    value = record[field].strip()
    if not value:
        raise _bad(path, record, f"field {field!r} is empty.")
    return value


def _read_overrides_file(path) -> list[dict]:
    rows = _data.read_csv_records(path, what="stem overrides", required=["word", "stem", "reason"])
    out = []
    for r in rows:
        word, stem_, reason = (_filled(path, r, field) for field in ("word", "stem", "reason"))
        word, stem_ = _one_word(path, r, "word"), _one_word(path, r, "stem")
        out.append({"word": word, "stem": stem_, "reason": reason, "_line": r["_line"]})
    return out


def _read_protected_file(path) -> list[dict]:
    rows = _data.read_csv_records(path, what="protected words", required=["word", "kind", "reason"])
    out = []
    for r in rows:
        word = _one_word(path, r, "word")
        kind = r["kind"].strip()
        if kind not in _KINDS:
            raise _bad(path, r, f"field 'kind' is {kind!r}; allowed: {', '.join(_KINDS)}.")
        reason = _filled(path, r, "reason")
        out.append({"word": word, "stem": word, "reason": f"{kind}: {reason}", "_line": r["_line"]})
    return out


def load_overrides(*, overrides_path=None, protected_path=None) -> pd.DataFrame:
    """Load the stemming overrides: corrected stems and protected words, as one table.

    Parameters
    ----------
    overrides_path, protected_path : str or Path, optional
        Files to read instead of the shipped ``stem_overrides.csv`` (columns
        ``word, stem, reason``) and ``protected_words.csv`` (columns ``word,
        kind, reason``; ``kind`` is one of place, person, organisation,
        acronym, other). Both are UTF-8 CSV with a header line.

    Returns
    -------
    pandas.DataFrame
        Columns ``word`` (str, lower case), ``stem`` (str; a protected word's
        stem is the word itself), ``reason`` (str), ``source`` (str, file
        name) and ``line`` (int, line in that file). One row per word, sorted
        by ``word``. Pass it (or an extended copy) as ``overrides=`` to the
        stemming functions.

    Raises
    ------
    ResourceError
        A file is missing or malformed, or a word appears twice; the message
        names the file, line and field.

    See Also
    --------
    stem_word, Stemmer

    Examples
    --------
    >>> table = load_overrides()
    >>> table.set_index("word").loc[["memerangi", "bali"], "stem"].tolist()
    ['perang', 'bali']
    """
    opath = overrides_path or _data.data_path("stem_overrides.csv")
    ppath = protected_path or _data.data_path("protected_words.csv")
    rows = []
    for path, reader in ((opath, _read_overrides_file), (ppath, _read_protected_file)):
        for r in reader(path):
            rows.append({**r, "source": str(path.name if hasattr(path, "name") else path)})
    seen: dict[str, dict] = {}
    for r in rows:
        if r["word"] in seen:
            first = seen[r["word"]]
            raise _bad(r["source"], r, f"{r['word']!r} is already listed at {first['source']} line {first['_line']}.")
        seen[r["word"]] = r
    table = pd.DataFrame(
        [{"word": r["word"], "stem": r["stem"], "reason": r["reason"], "source": r["source"], "line": r["_line"]} for r in rows],
        columns=["word", "stem", "reason", "source", "line"],
    )
    return table.sort_values("word", kind="stable").reset_index(drop=True)


@functools.cache
def _shipped() -> pd.DataFrame:
    return load_overrides()


def as_mapping(overrides) -> dict[str, str]:
    """The ``{word: stem}`` mapping an ``overrides=`` argument stands for (keys lower-cased).

    ``True``: the shipped overrides and protected words; ``False`` or None:
    none (pure Sastrawi); a dict, or a DataFrame with columns ``word`` and
    ``stem``: exactly those. Anything else is a TypeError; an empty word or
    stem a ValueError.
    """
    if overrides is True:
        table = _shipped()
        return dict(zip(table["word"], table["stem"]))
    if overrides is False or overrides is None:
        return {}
    if isinstance(overrides, pd.DataFrame):
        check_columns(overrides, ["word", "stem"], table_name="overrides")
        items = zip(overrides["word"], overrides["stem"])
    elif isinstance(overrides, Mapping):
        items = overrides.items()
    else:
        raise TypeError(
            f"overrides={overrides!r} is not allowed; use True (the shipped overrides), False "
            "(pure Sastrawi), a dict {word: stem} or a DataFrame with columns word and stem."
        )
    out = {}
    for w, s in items:
        if not isinstance(w, str) or not isinstance(s, str) or not w or not s:
            raise ValueError(f"overrides: every word and stem must be a non-empty string; got {w!r} -> {s!r}.")
        out[w.lower()] = s
    return out


def fingerprint(mapping: Mapping[str, str]) -> str:
    """A short hash of an overrides mapping and the clitics a host may carry: the stem cache keeps the stems of
    each apart."""
    h = hashlib.sha256()
    h.update(("clitics\t" + ",".join(_data.clitics()) + "\n").encode())
    for w in sorted(mapping):
        h.update(f"{w}\t{mapping[w]}\n".encode())
    return h.hexdigest()[:16]


def override_of(mapping: Mapping[str, str], word: str) -> str | None:
    """The overriding stem of ``word``, or None when Sastrawi decides.

    A listed word (lower-cased) gets its stem; a listed host plus one clitic
    (:data:`CLITICS`) gets the host's stem (``pasukannya`` → ``pasukan``).
    """
    if not mapping:
        return None
    low = word.lower()
    hit = mapping.get(low)
    if hit is not None:
        return hit
    for clitic in _data.clitics():
        if low.endswith(clitic) and len(low) > len(clitic) + 2:
            host = mapping.get(low[: -len(clitic)])
            if host is not None:
                return host
    return None
