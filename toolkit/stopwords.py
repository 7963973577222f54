"""Stop words: flagged, never deleted.

Tokens get an ``is_stopword`` column; nothing is removed, so phrases such as
"kerja sama" (cooperation) stay findable by theme lexicons although both
words are on Sastrawi's stop-word list.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import Literal

import numpy as np
import pandas as pd

from . import _codes, _data
from ._validate import check_choice, check_columns

__all__ = ["load_stopwords", "mark_stopwords", "STOPWORD_LISTS"]

#: The stop-word lists that can be combined.
STOPWORD_LISTS = ("toolkit", "sastrawi")
ListName = Literal["toolkit", "sastrawi"]
_WORD = re.compile(r"[a-z]+(?:-[a-z]+)*")


@functools.lru_cache(maxsize=None)
def _toolkit_list() -> frozenset[str]:
    path = _data.data_path("stopwords-id.txt")
    return frozenset(w for w, _ in _data.read_word_list(path, what="stop-word list", pattern=_WORD))


@functools.lru_cache(maxsize=None)
def _sastrawi_list() -> frozenset[str]:
    from .stemming import check_sastrawi

    check_sastrawi()
    from Sastrawi.StopWordRemover.StopWordRemoverFactory import StopWordRemoverFactory

    return frozenset(StopWordRemoverFactory().get_stop_words())


def load_stopwords(*, lists: Iterable[ListName] = STOPWORD_LISTS) -> frozenset[str]:
    """The stop words: the toolkit's own list, Sastrawi's, or their union.

    Parameters
    ----------
    lists : iterable of {"toolkit", "sastrawi"}, default both
        ``"toolkit"``: ``toolkit/data/stopwords-id.txt``, the project's own
        Indonesian function words (card: ``stopwords-id.md``).
        ``"sastrawi"``: PySastrawi 1.2.1's list (809 words, taken from the
        installed package, MIT licence), which also holds content words such
        as kerja, sama, orang, pihak and masalah.

    Returns
    -------
    frozenset of str
        Lower-case words.

    Raises
    ------
    ValueError
        An unknown list name.
    ResourceError
        The toolkit's file is missing or malformed (names file and line).

    Examples
    --------
    >>> words = load_stopwords()
    >>> "dan" in words, "kerja" in words, "kerja" in load_stopwords(lists=["toolkit"])
    (True, True, False)
    """
    lists = [lists] if isinstance(lists, str) else list(lists)
    result: set[str] = set()
    for name in lists:
        check_choice("lists", name, STOPWORD_LISTS)
        result |= _toolkit_list() if name == "toolkit" else _sastrawi_list()
    return frozenset(result)


def mark_stopwords(
    tokens: pd.DataFrame,
    *,
    extra: Iterable[str] = (),
    keep: Iterable[str] = (),
    lists: Iterable[ListName] = STOPWORD_LISTS,
    token_col: str = "token",
) -> pd.DataFrame:
    """Add an ``is_stopword`` column to a tokens table; no token is removed.

    A token is a stop word when its normalised form (``token_col``, lower
    case) is in the chosen lists or in ``extra``, and not in ``keep``.

    Parameters
    ----------
    tokens : pandas.DataFrame
        A tokens table (see :func:`toolkit.tokenize`).
    extra : iterable of str
        More stop words (any case).
    keep : iterable of str
        Words never flagged, even when listed (for example
        ``keep=["kerja", "sama"]`` to count them as content words).
    lists : iterable of {"toolkit", "sastrawi"}, default both
        See :func:`load_stopwords`.
    token_col : str, default "token"

    Returns
    -------
    pandas.DataFrame
        A copy of ``tokens`` with a bool column ``is_stopword`` at the end;
        rows, order and index unchanged.

    Raises
    ------
    ColumnError
        ``tokens`` lacks ``token_col``.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"token": ["kerja", "sama", "di", "bidang", "keamanan"]})
    >>> mark_stopwords(t)["is_stopword"].tolist()
    [True, True, True, False, False]
    >>> mark_stopwords(t, keep=["kerja", "sama"])["is_stopword"].tolist()
    [False, False, True, False, False]
    """
    check_columns(tokens, [token_col], table_name="tokens", hint="Make one with tk.tokenize(segments).")
    words = set(load_stopwords(lists=lists)) | {w.lower() for w in extra}
    words -= {w.lower() for w in keep}
    out = tokens.copy(deep=False)  # copy-on-write: the input is never modified
    if "is_stopword" in out.columns:
        out = out.drop(columns="is_stopword")
    codes, uniques = _codes.factorize(out[token_col])
    flags = np.append(pd.Index(uniques, dtype=object).isin(words), False)  # a missing token (code -1) is not one
    out["is_stopword"] = flags[codes] if len(codes) else flags[:0]
    return out
