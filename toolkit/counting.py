"""Counting terms by group, with the denominator stated and selectable.

The readable specification of :func:`count_terms` is
:func:`toolkit.counting_reference.count_terms_reference` (a plain pandas
``groupby``: read it first); the fast kernel it runs is
:mod:`toolkit._count_engine` (a hypothesis test proves the two equal).
:func:`count_terms` is two steps, :func:`count_terms_partial` (integer
counts, mergeable across chunks of documents: :mod:`toolkit.parts`) and
``finalize``, which :func:`toolkit.analyze` runs chunk by chunk.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from ._count_engine import count_pairs, forms_column
from ._parts_merge import document_hashes
from ._validate import check_choice, check_columns, check_int
from .parts import CountTermsPart

__all__ = ["count_terms", "count_terms_partial", "top_terms"]


def count_terms(
    tokens: pd.DataFrame,
    *,
    by="doc_id",
    term: Literal["stem", "token"] = "stem",
    include_stopwords: bool = False,
    include_numbers: bool = False,
    ngram: int = 1,
    min_count: int = 1,
    docs: pd.DataFrame | None = None,
    denominator: Literal["all", "content"] = "all",
    complete: bool = False,
    forms: bool = False,
) -> pd.DataFrame:
    """Count terms (stems, word forms or n-grams of them) per group.

    Parameters
    ----------
    tokens : pandas.DataFrame
        A tokens table from :func:`toolkit.prepare`.
    by : str or list of str, default "doc_id"
        Group columns: any column of ``tokens`` (``doc_id``, ``speaker``) or,
        with ``docs=``, of the docs table (``source``, ``date``). ``by=[]``
        counts over the whole corpus. Segments are numbered within their
        document, so count per segment with ``by=["doc_id", "seg_id"]``.
    term : {"stem", "token"}, default "stem"
        Count stems (every form of a root together) or normalised word forms.
    include_stopwords : bool, default False
        Count stop words too. When False, an n-gram that contains a stop
        word is not counted (n-grams never bridge a removed word).
    include_numbers : bool, default False
        Count number-only terms too (digits and no letter: ``9``,
        ``2019``, ``1.000``; ``5G`` and ``COVID-19`` are words and always
        counted). When False they are left out like stop words (also from
        n-grams) but stay in the denominator. The toolkit's one default:
        :func:`top_terms`, the summary, the report and the command line
        leave numbers out too.
    ngram : int, default 1
        Length of the counted sequences; n-grams stay inside one segment and
        their words are joined by a space.
    min_count : int, default 1
        Keep terms whose count over the whole table is at least this.
    docs : pandas.DataFrame, optional
        Docs table, for group columns that are not in ``tokens``; groups of
        documents without tokens are then listed too.
    denominator : {"all", "content"}, default "all"
        What ``rate_per_1000`` divides by: ``"all"``, every token of the
        group (running words, stop words and numbers included: the usual
        corpus-linguistics norm); ``"content"``, the group's tokens that are
        not stop words.
    complete : bool, default False
        List every group × term combination, zeros included (for comparing
        a few terms across groups; refused above 50 million rows). No effect
        with ``by=[]``.
    forms : bool, default False
        Add a ``forms`` column: the word forms (``token``) counted under each
        stem in the group, most frequent first, then alphabetical, joined by
        ", " (``aman, keamanan``). Only for ``term="stem"`` and ``ngram=1``
        (a word form is its own form, and n-grams have too many): anything
        else is a ValueError. A token that is missing (NaN) is not listed as
        a form. Computed from the tokens at the end, so it is an
        option of this function only, not of :func:`count_terms_partial`.

    Returns
    -------
    pandas.DataFrame
        Long table, one row per group × term, sorted by the group columns,
        then ``count`` descending, then ``term``; RangeIndex. Columns: the
        group columns, ``term`` (str), ``count`` (int), ``tokens`` (int: the
        group's denominator), ``rate_per_1000`` (float: count / tokens ×
        1,000; missing (NaN) for a group without tokens, such as an empty
        document) and ``rank`` (int, 1-based within the group: 1 + the
        number of the group's terms with a higher count, so ties share the
        lowest rank, 1, 1, 3; computed after every filter, so no filtered
        term leaves a gap). A group in which no term is counted still has
        one row, with ``term`` missing and ``count`` 0, so no group is
        lost: with ``docs=``, every document (or docs group) is listed, an
        empty one with ``tokens`` 0, and a join back to ``docs`` loses
        nothing. With ``forms=True``, a last column ``forms`` (str; missing
        where ``count`` is 0 or every token counted there is missing).

    Raises
    ------
    ColumnError, KeyError
        A needed column is missing (the message lists the columns there are).
    ValueError
        A bad ``term``, ``denominator``, ``ngram`` or ``min_count``; ``forms=True``
        with ``term="token"`` or ``ngram`` above 1.

    See Also
    --------
    count_terms_partial : the same count in two steps, for corpora read in chunks.
    top_terms, toolkit.theme_rates

    Examples
    --------
    >>> import pandas as pd, toolkit as tk
    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "text": ["Keamanan dan pertahanan.", "Kerja sama keamanan."]})
    >>> count_terms(tk.prepare(docs))
      doc_id   term  count  tokens  rate_per_1000  rank
    0      a   aman      1       3     333.333333     1
    1      a  tahan      1       3     333.333333     1
    2      b   aman      1       3     333.333333     1

    The most frequent stems of the whole corpus, with the word forms behind each:

    >>> docs = pd.DataFrame({"doc_id": ["a", "b"],
    ...                      "text": ["Negara aman, keamanan terjaga.", "Keamanan negara-negara."]})
    >>> top_terms(count_terms(tk.prepare(docs), by=[], forms=True), n=2)[["term", "count", "rank", "forms"]]
         term  count  rank                  forms
    0    aman      3     1         keamanan, aman
    1  negara      2     2  negara, negara-negara
    """
    check_int("min_count", min_count, 1)
    if forms and (term != "stem" or ngram != 1):
        raise ValueError(f"forms=True lists the word forms counted under each stem: use it with term='stem' and "
                         f"ngram=1 (got term={term!r}, ngram={ngram!r}).")
    if forms:
        check_columns(tokens, ["token"], table_name="tokens", hint="Make one with tk.prepare(docs).")
    part = count_terms_partial(tokens, by=by, term=term, include_stopwords=include_stopwords,
                               include_numbers=include_numbers, ngram=ngram, docs=docs, denominator=denominator)
    table = part.finalize(min_count=min_count, complete=complete)
    if forms:
        groups = [by] if isinstance(by, str) else list(by)
        table["forms"] = forms_column(table, tokens, by=groups, term=term, include_stopwords=include_stopwords,
                                      include_numbers=include_numbers, docs=docs)
    return table


def count_terms_partial(
    tokens: pd.DataFrame,
    *,
    by="doc_id",
    term: Literal["stem", "token"] = "stem",
    include_stopwords: bool = False,
    include_numbers: bool = False,
    ngram: int = 1,
    docs: pd.DataFrame | None = None,
    denominator: Literal["all", "content"] = "all",
) -> CountTermsPart:
    """The first step of :func:`count_terms`: integer counts of part of a corpus, to merge and finalize.

    ``count_terms(tokens, ...)`` is ``count_terms_partial(tokens,
    ...).finalize(min_count=..., complete=...)``. Run it on each chunk of
    documents, add the parts up (``+``, ``sum(parts)`` or
    :func:`toolkit.merge_parts`) and call ``.finalize()`` once: the table
    equals :func:`count_terms` of all the tokens, for any split into chunks
    of whole documents. ``min_count`` and ``complete`` are options of
    ``finalize``, as they apply to the corpus totals.

    Parameters
    ----------
    tokens : pandas.DataFrame
        A tokens table from :func:`toolkit.prepare`: all the tokens of some
        documents. Not modified.
    by, term, include_stopwords, include_numbers, ngram, docs, denominator
        As for :func:`count_terms`. With ``docs=``, pass the docs table of
        the chunk (or the whole one: a group without tokens adds 0).

    Returns
    -------
    CountTermsPart
        The distinct (group, term) pairs with their counts, the groups and
        their denominators: integers only, no token is kept. Merges only
        with parts made with the same options.

    Raises
    ------
    ColumnError, KeyError
        A needed column is missing (the message lists the columns there are).
    ValueError
        A bad ``term``, ``denominator`` or ``ngram``.

    See Also
    --------
    count_terms, toolkit.merge_parts, toolkit.analyze

    Examples
    --------
    >>> import pandas as pd, toolkit as tk
    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "source": ["kompas", "tempo"],
    ...                      "text": ["Keamanan dan pertahanan.", "Kerja sama keamanan."]})
    >>> tokens = tk.prepare(docs)
    >>> parts = [count_terms_partial(tokens[tokens["doc_id"] == d], by="source", docs=docs) for d in ["a", "b"]]
    >>> table = sum(parts).finalize()
    >>> table
       source   term  count  tokens  rate_per_1000  rank
    0  kompas   aman      1       3     333.333333     1
    1  kompas  tahan      1       3     333.333333     1
    2   tempo   aman      1       3     333.333333     1
    >>> table.equals(count_terms(tokens, by="source", docs=docs))
    True
    """
    check_choice("term", term, ("stem", "token"))
    check_choice("denominator", denominator, ("all", "content"))
    check_int("ngram", ngram, 1)
    by = [by] if isinstance(by, str) else list(by)
    need = ["doc_id", "seg_id", "position", term] + ([] if include_stopwords and denominator == "all" else ["is_stopword"])
    check_columns(tokens, need, table_name="tokens", hint="Make one with tk.prepare(docs).")
    kg, kt, counts, labels, denom, groups = count_pairs(
        tokens, by=by, term=term, include_stopwords=include_stopwords, include_numbers=include_numbers, ngram=ngram,
        docs=docs, denominator=denominator)
    options = {"by": tuple(by), "term": term, "include_stopwords": bool(include_stopwords),
               "include_numbers": bool(include_numbers), "ngram": int(ngram), "denominator": denominator}
    return CountTermsPart(options, document_hashes(tokens["doc_id"]), groups, denom.astype(np.int64, copy=False),
                          labels, kg, kt, counts)


def top_terms(counts: pd.DataFrame, *, n: int = 20) -> pd.DataFrame:
    """The ``n`` most frequent terms of each group of a :func:`count_terms` table.

    Ranks are recomputed on the rows given, so a table filtered after
    counting (terms removed by hand, one group picked) still ranks without
    gaps: ``rank`` is 1 + the number of terms of the group with a higher
    count (ties share the lowest rank: 1, 1, 3). Number-only terms are left
    out by :func:`count_terms` unless ``include_numbers=True``.

    Parameters
    ----------
    counts : pandas.DataFrame
        From :func:`count_terms`; its group columns are the columns before
        ``term``. Not modified.
    n : int, default 20
        Terms per group; terms tied with the ``n``-th are kept too.

    Returns
    -------
    pandas.DataFrame
        The rows of ``counts`` with ``count > 0`` and (recomputed) ``rank <=
        n``, in the same order, RangeIndex; the columns of ``counts``, with
        ``rank`` (int) replaced or added at the end.

    Examples
    --------
    >>> import toolkit as tk
    >>> counts = count_terms(tk.prepare(tk.load_sample()), by=[])
    >>> top_terms(counts, n=3)[["term", "count", "rank"]]
             term  count  rank
    0    tiongkok     15     1
    1  kazakhstan     10     2
    2          xi      7     3
    >>> top_terms(counts[counts["term"] != "tiongkok"], n=2)[["term", "count", "rank"]]
             term  count  rank
    0  kazakhstan     10     1
    1          xi      7     2
    """
    check_int("n", n, 1)
    check_columns(counts, ["term", "count"], table_name="counts", hint="Make one with tk.count_terms(tokens).")
    groups = list(counts.columns[: list(counts.columns).index("term")])
    kept = counts[(counts["count"] > 0) & counts["term"].notna()]
    counted = kept.groupby(groups, dropna=False, sort=False)["count"] if groups else kept["count"]
    rank = counted.rank(method="min", ascending=False).astype("int64")
    return kept.assign(rank=rank)[rank <= n].reset_index(drop=True)
