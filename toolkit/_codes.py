"""Integer codes of string columns, remembered while the column lives.

Counting, theme matching, stemming and stop-word flags all work on integer
codes of the ``doc_id``, ``token`` and ``stem`` columns. Factorising five
million strings costs a tenth of a second or more each time, so the codes of
a column are kept here, keyed by the column's Arrow array. Arrow arrays are
immutable: any change to a column (assignment, ``.loc[...] = ...``,
filtering, concatenation) gives a new array, so remembered codes can never
describe other values. An entry goes away with its array (a weak
reference), and columns that are not Arrow-backed are factorised each time.

The codes are exactly those of ``pandas.factorize(values, sort=False)``:
first-appearance order, ``-1`` for a missing value. A categorical column
(the tokens table stores ``doc_id``, ``token`` and ``stem`` so) already is
codes: its own codes and categories are used, as they are (categories in
their order, those no row uses included).
"""

from __future__ import annotations

import weakref

import numpy as np
import pandas as pd

# id(Arrow array) -> (weak reference to it, codes, uniques). No lock: each access is one dict operation
# (atomic in CPython), and an entry is only used after checking that its weak reference still points at
# the very array asked about, so a race can at worst drop an entry (a cache miss), never serve a wrong one.
# (A lock here once deadlocked: a garbage collection inside remember() ran _forget() under the same lock.)
_MEMO: dict[int, tuple] = {}
# id(categories Index) -> (weak reference to it, the categories as an object array); Index objects are immutable
_CATEGORIES: dict[int, tuple] = {}


def index_dtype(n: int):
    """int32 for codes and take indices below 2**31 (Arrow takes them several times faster than int64), else int64."""
    return np.int32 if n < 2**31 - 1 else np.int64


def _arrow_of(values):
    """The immutable Arrow array behind a Series or pandas array, or None."""
    arr = values.array if isinstance(values, (pd.Series, pd.Index)) else values
    chunked = getattr(arr, "_pa_array", None)
    try:
        import pyarrow as pa
    except ImportError:  # pragma: no cover - pyarrow is a dependency
        return None
    return chunked if isinstance(chunked, pa.ChunkedArray) else None


def remember(values, codes: np.ndarray, uniques) -> tuple[np.ndarray, np.ndarray]:
    """Keep ``(codes, uniques)`` for the Arrow array behind ``values``; returns them as kept.

    The caller guarantees they equal ``pandas.factorize(values, sort=False)``
    (codes as integers, uniques as values in first-appearance order).
    """
    uniques = np.asarray(uniques, dtype=object)
    codes = np.asarray(codes)
    codes = codes.astype(index_dtype(len(uniques)), copy=False)
    codes.flags.writeable = False
    chunked = _arrow_of(values)
    if chunked is None:
        return codes, uniques
    key = id(chunked)

    def _forget(_ref, key=key):
        entry = _MEMO.get(key)
        if entry is not None and entry[0] is _ref:
            _MEMO.pop(key, None)

    _MEMO[key] = (weakref.ref(chunked, _forget), codes, uniques)
    return codes, uniques


def factorize(values) -> tuple[np.ndarray, np.ndarray]:
    """``pandas.factorize(values, sort=False)``, remembered for Arrow-backed columns; a categorical's own codes.

    Parameters
    ----------
    values : pandas.Series or array
        A column of strings (or any factorisable values).

    Returns
    -------
    codes : numpy.ndarray of int (read-only)
        One code per row, ``-1`` for a missing value.
    uniques : numpy.ndarray of object
        The distinct values, in order of first appearance; for a categorical,
        its categories (``uniques[codes]`` are the values either way).

    Examples
    --------
    >>> import pandas as pd
    >>> codes, uniques = factorize(pd.Series(["b", "a", "b", None], dtype="str"))
    >>> codes.tolist(), uniques.tolist()
    ([0, 1, 0, -1], ['b', 'a'])
    >>> codes, uniques = factorize(pd.Series(["b", "a", "b", None], dtype="category"))
    >>> codes.tolist(), uniques.tolist()
    ([1, 0, 1, -1], ['a', 'b'])
    """
    if isinstance(values.dtype, pd.CategoricalDtype):
        return _categorical_codes(values)
    chunked = _arrow_of(values)
    if chunked is not None:
        entry = _MEMO.get(id(chunked))
        if entry is not None and entry[0]() is chunked:
            return entry[1], entry[2]
    codes, uniques = pd.factorize(values, sort=False)
    uniques = np.asarray(uniques, dtype=object)
    if chunked is None:
        return codes, uniques
    return remember(values, codes, uniques)


def _categorical_codes(values) -> tuple[np.ndarray, np.ndarray]:
    """A categorical's codes (int32 or int64, read-only) and its categories as an object array (kept per Index)."""
    cat = values.array if isinstance(values, (pd.Series, pd.Index)) else values
    categories = cat.categories
    key = id(categories)
    entry = _CATEGORIES.get(key)
    if entry is None or entry[0]() is not categories:

        def _forget(_ref, key=key):
            if _CATEGORIES.get(key, (None,))[0] is _ref:
                _CATEGORIES.pop(key, None)

        entry = (weakref.ref(categories, _forget), np.asarray(categories, dtype=object))
        _CATEGORIES[key] = entry
    codes = cat.codes.astype(index_dtype(len(categories)), copy=False)
    codes.flags.writeable = False
    return codes, entry[1]


def codes_with_missing(values) -> tuple[np.ndarray, np.ndarray]:
    """Like :func:`factorize`, but a missing value gets its own code (the last one) instead of ``-1``.

    Examples
    --------
    >>> import pandas as pd
    >>> codes, uniques = codes_with_missing(pd.Series(["b", None, "a"], dtype="str"))
    >>> codes.tolist(), [u if isinstance(u, str) else "NA" for u in uniques]
    ([0, 2, 1], ['b', 'a', 'NA'])
    """
    codes, uniques = factorize(values)
    if len(codes) and codes.min() < 0:
        first_missing = int(np.argmax(codes < 0))
        missing = values.iloc[first_missing] if isinstance(values, pd.Series) else values[first_missing]
        codes = np.where(codes < 0, len(uniques), codes)
        uniques = np.append(uniques, np.array([missing], dtype=object))  # the value as written: None, NaN, NA
    return codes, uniques


def decoded(values: pd.Series) -> pd.Series:
    """A categorical column's values in its categories' dtype (str for the tokens table's); others unchanged.

    Examples
    --------
    >>> import pandas as pd
    >>> decoded(pd.Series(["b", "a"], dtype="category")).tolist(), decoded(pd.Series([1, 2])).dtype
    (['b', 'a'], dtype('int64'))
    """
    if isinstance(values.dtype, pd.CategoricalDtype):
        return values.astype(values.cat.categories.dtype)
    return values


def strings(labels, rows: np.ndarray) -> pd.Series:
    """A str column of ``labels[rows]``, missing where a row is negative (built in Arrow, not as Python objects).

    Examples
    --------
    >>> import numpy as np
    >>> strings(np.array(["x", "y"], dtype=object), np.array([1, -1, 0])).tolist()
    ['y', nan, 'x']
    """
    import pyarrow as pa

    rows = np.asarray(rows)
    idx = rows.astype(index_dtype(len(labels)), copy=False)
    if len(rows) and rows.min() < 0:
        idx = pa.array(np.maximum(idx, 0), mask=rows < 0)
    values = pa.array(list(labels), type=pa.large_string())
    if len(values) == 0:
        return pd.Series(pa.nulls(len(rows), type=pa.large_string()), dtype="str")
    return pd.Series(values.take(idx), dtype="str")


def take(values: pd.Series, rows: np.ndarray) -> pd.Series:
    """``values.take(rows)`` with a fresh RangeIndex; Arrow columns with int32 indices, chunk by chunk.

    Arrow's take on a column made of many chunks first joins the chunks
    into one array (a copy of the whole column); here each chunk is taken
    from on its own and the pieces put back in the order of ``rows``.

    Examples
    --------
    >>> import numpy as np, pandas as pd, pyarrow as pa
    >>> s = pd.Series(pa.chunked_array([["a", "b"], ["c"]], type=pa.large_string()), dtype="str")
    >>> take(s, np.array([2, 0, 2])).tolist()
    ['c', 'a', 'c']
    """
    import pyarrow as pa

    chunked = _arrow_of(values)
    rows = np.asarray(rows, dtype=np.int64)
    if chunked is None or chunked.num_chunks <= 1:
        if chunked is not None and len(values) < 2**31 - 1:
            combined = chunked.chunk(0) if chunked.num_chunks else pa.array([], type=chunked.type)
            return pd.Series(combined.take(rows.astype(np.int32)), dtype=values.dtype, name=values.name)
        return values.take(rows).reset_index(drop=True)
    ends = np.cumsum([len(c) for c in chunked.chunks])
    which = np.searchsorted(ends, rows, side="right")
    order = np.argsort(which, kind="stable")
    pieces = []
    for k in np.unique(which).tolist():
        local = rows[which == k] - (ends[k - 1] if k else 0)
        pieces.append(chunked.chunk(k).take(local))
    gathered = pa.concat_arrays(pieces) if pieces else pa.array([], type=chunked.type)
    back = np.empty(len(rows), dtype=np.int64)
    back[order] = np.arange(len(rows))
    return pd.Series(gathered.take(back), dtype=values.dtype, name=values.name)
