"""Partial counts: the mergeable first step of :func:`~toolkit.count_terms`, :func:`~toolkit.theme_rates` and
:func:`~toolkit.explain_themes`.

Each of these analyses is two steps:

1. **partial**: :func:`toolkit.count_terms_partial`,
   :func:`toolkit.theme_rates_partial` and
   :func:`toolkit.explain_themes_partial` read a tokens (or hits) table and
   keep only integer counts keyed by group, term, theme or entry: a *part*
   (:class:`CountTermsPart`, :class:`ThemeRatesPart`,
   :class:`ExplainThemesPart`);
2. **finalize**: ``part.finalize()`` turns the counts into the table,
   computing the rates, shares, ranks and forms once.

The in-memory function is these two steps on the whole table
(``tk.count_terms(tokens, by="source")`` is
``tk.count_terms_partial(tokens, by="source").finalize()``), and
:func:`toolkit.analyze` and :func:`toolkit.analyze_dask` are short loops
over the same steps: a part per chunk (or Dask partition), the parts merged,
one finalize at the end. So the streaming tables equal the in-memory ones by
construction.

Parts merge with ``+``, ``sum(parts)`` or :func:`merge_parts`, in any order
and grouping, with the same result: counts are integers, and the one float,
the sum of entry weights, is kept as a count of hits per distinct weight and
summed exactly at finalize (correctly rounded; for weights such as 1, 0.5 or
0.25, every shipped lexicon's, it is also the plain running sum). Only parts
of one kind made with the same options merge; anything else is an error
naming the option that differs. ``sum(parts)`` of an empty list is the
number 0, not a part: when the list may be empty, use
``tk.merge_parts(parts)``, which says so with a clear error.

Split a corpus by whole documents: each document's tokens and hits must go
into one part (as :func:`toolkit.iter_corpus` chunks do), and each part is
merged once. A document split across parts would count twice in
``explain_themes``' ``documents`` and lose the n-grams across the cut; a
part added to itself would count everything twice. So each part keeps the
set of its documents, compactly (``doc_hashes``: the sorted distinct 64-bit
hashes of the ids, about 8 bytes a document, no id), and merging parts that
share a document raises a ``ValueError`` naming the document (or, when the
part holds no ``doc_id`` group to name it by, its hash). Two distinct ids
with the same 64-bit hash would be taken for one document: with a million
documents, a chance of about 1 in 37 million.

A part does not record how its tokens were made (``tk.prepare``'s
``unit``, ``overrides``, ``speakers``; ``find_themes``' lexicon and
``overrides``): merge only parts made from tokens and hits prepared the
same way, or the merged counts mix two analyses without an error.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
import pandas as pd

from ._count_engine import finish_counts, sum_by
from ._parts_merge import (add_frames, exact_sums, merge_groups, merge_labels, merge_names,
                           union_of_documents)
from ._theme_rates import presence_columns, rates_table
from ._validate import check_int

__all__ = ["CountTermsPart", "ThemeRatesPart", "ExplainThemesPart", "merge_parts"]

_ENTRY = ["theme", "entry", "match"]


class _Part:
    """What the three kinds of part share: read-only options, their documents, ``+``, ``sum()`` and the checks
    that parts can merge."""

    options: Mapping
    doc_hashes: np.ndarray
    #: Options derived from others (theme_rates' lexicon themes are folded to ``level``): compared last, so that
    #: a merge error names the option the caller set.
    _DERIVED: tuple = ()

    def __post_init__(self):
        object.__setattr__(self, "options", MappingProxyType(dict(self.options)))  # shared by merged parts

    def __getstate__(self) -> dict:  # a mappingproxy does not pickle (Dask sends parts between processes)
        return {**self.__dict__, "options": dict(self.options)}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state, options=MappingProxyType(dict(state["options"])))

    def __add__(self, other):
        if isinstance(other, _Part):
            return merge_parts([self, other])
        return NotImplemented

    def __radd__(self, other):
        if isinstance(other, int) and not isinstance(other, bool) and other == 0:  # sum(parts) starts from 0
            return self
        return NotImplemented

    def __repr__(self) -> str:
        shown = ", ".join(f"{k}={list(v) if isinstance(v, tuple) else v!r}" for k, v in self.options.items())
        return f"{type(self).__name__}({shown}: {self._size()})"


def merge_parts(parts) -> CountTermsPart | ThemeRatesPart | ExplainThemesPart:
    """Merge parts of one analysis into one part, as if made from all their tokens at once.

    ``part_a + part_b`` and ``sum(parts)`` do the same, two at a time;
    this merges any number in one step (one concatenation and one sort of
    the counts), which is faster for many parts. Use it when the list may
    be empty: ``sum([])`` is the number 0, not a part, while
    ``merge_parts([])`` raises an error that says so.

    Parameters
    ----------
    parts : iterable of CountTermsPart, ThemeRatesPart or ExplainThemesPart
        At least one; all of one kind, made with the same options from
        tokens prepared the same way, from disjoint sets of whole documents
        (no document in two parts, no part twice). Not modified.

    Returns
    -------
    CountTermsPart, ThemeRatesPart or ExplainThemesPart
        Of the parts' kind and options, holding the documents of all the
        parts. The order and grouping of the merges do not change it (nor
        its ``finalize()`` table).

    Raises
    ------
    TypeError
        An item is not a part, or the parts are of different kinds.
    ValueError
        No parts; parts made with different options (the message names the
        option and both values); or two parts holding the same document (a
        document split between partial calls, or a part merged with itself;
        the message names the document when a part has a ``doc_id`` group,
        else its hash).

    See Also
    --------
    toolkit.count_terms_partial, toolkit.theme_rates_partial, toolkit.explain_themes_partial

    Examples
    --------
    >>> import pandas as pd, toolkit as tk
    >>> docs = pd.DataFrame({"doc_id": ["a", "b", "c"],
    ...                      "text": ["Keamanan negara.", "Kerja sama keamanan.", "Negara kuat."]})
    >>> tokens = tk.prepare(docs)
    >>> parts = [tk.count_terms_partial(tokens[tokens["doc_id"] == d], by=[]) for d in ["a", "b", "c"]]
    >>> merged = merge_parts(parts)
    >>> merged
    CountTermsPart(by=[], term='stem', ..., denominator='all': 1 group, 3 terms, 3 group-term pairs)
    >>> merged.finalize().equals(tk.count_terms(tokens, by=[]))
    True
    >>> merge_parts([parts[0], tk.count_terms_partial(tokens, by="doc_id")])
    Traceback (most recent call last):
    ...
    ValueError: cannot merge parts made with different options: by=[] in one, by=['doc_id'] in another; ...
    >>> part = tk.count_terms_partial(tokens[tokens["doc_id"] == "a"], by="doc_id")
    >>> part + part
    Traceback (most recent call last):
    ...
    ValueError: cannot merge: document 'a' is in two parts (a document split between partial calls, or a part ...
    """
    parts = list(parts)
    if not parts:
        raise ValueError("merge_parts needs at least one part, and got none (note that sum([]) is 0, not a part).")
    first = parts[0]
    for i, part in enumerate(parts):
        if not isinstance(part, _Part):
            raise TypeError(f"merge_parts: item {i + 1} is a {type(part).__name__}, not a part (made by "
                            "tk.count_terms_partial, tk.theme_rates_partial or tk.explain_themes_partial).")
        if type(part) is not type(first):
            raise TypeError(f"cannot merge a {type(first).__name__} with a {type(part).__name__}: merge only "
                            "parts of the same analysis.")
        if part.options != first.options:
            keys = sorted(first.options, key=lambda k: k in first._DERIVED)  # (a stable sort: the options' order)
            key = next(k for k in keys if first.options[k] != part.options[k])
            one, other = ([list(v) if isinstance(v, tuple) else v for v in (first.options[key], part.options[key])])
            raise ValueError(f"cannot merge parts made with different options: {key}={one!r} in one, "
                             f"{key}={other!r} in another; make every part with the same options.")
    return first if len(parts) == 1 else type(first)._merge(parts, union_of_documents(parts))


# --------------------------------------------------------------------------
# count_terms
# --------------------------------------------------------------------------


@dataclass(frozen=True, eq=False, repr=False)
class CountTermsPart(_Part):
    """Term counts of part of a corpus: the mergeable first step of :func:`toolkit.count_terms`.

    Made by :func:`toolkit.count_terms_partial`; merged with ``+``,
    ``sum()`` or :func:`merge_parts`; turned into the table by
    :meth:`finalize`. Holds integers only: no token, no document id.

    Attributes
    ----------
    options : mapping (read-only)
        The options it was made with (``by``, ``term``,
        ``include_stopwords``, ``include_numbers``, ``ngram``,
        ``denominator``); only parts with equal options merge.
    doc_hashes : numpy.ndarray of uint64
        The documents it was made from: the sorted distinct hashes of their
        ids (``pandas.util.hash_array`` of the ids as str); parts that share
        one do not merge.
    groups : pandas.DataFrame or None
        The distinct groups (the ``by`` columns), sorted; None for ``by=[]``.
    tokens : numpy.ndarray of int64
        Each group's denominator (one number for ``by=[]``).
    terms : numpy.ndarray of object
        The term labels that ``term_codes`` point at.
    group_codes, term_codes, counts : numpy.ndarray of int
        Each distinct (group, term) pair and how often the term occurs.

    Examples
    --------
    >>> import pandas as pd, toolkit as tk
    >>> tokens = tk.prepare(pd.DataFrame({"doc_id": ["a", "b"],
    ...                                   "text": ["Keamanan negara.", "Kerja sama keamanan."]}))
    >>> part = tk.count_terms_partial(tokens[tokens["doc_id"] == "a"], by=[])
    >>> part += tk.count_terms_partial(tokens[tokens["doc_id"] == "b"], by=[])
    >>> part.finalize(min_count=2)
       term  count  tokens  rate_per_1000  rank
    0  aman      2       5          400.0     1
    """

    options: Mapping
    doc_hashes: np.ndarray
    groups: pd.DataFrame | None
    tokens: np.ndarray
    terms: np.ndarray
    group_codes: np.ndarray
    term_codes: np.ndarray
    counts: np.ndarray

    def finalize(self, *, min_count: int = 1, complete: bool = False) -> pd.DataFrame:
        """The :func:`toolkit.count_terms` table of the counts.

        ``min_count`` and ``complete`` are options of this step, not of the
        partial one: ``min_count`` applies to the totals over all the merged
        parts (a term rare in every chunk may be common in the corpus).

        Parameters
        ----------
        min_count : int, default 1
            Keep terms whose count over the whole table is at least this.
        complete : bool, default False
            List every group × term combination, zeros included (see
            :func:`toolkit.count_terms`).

        Returns
        -------
        pandas.DataFrame
            Exactly what :func:`toolkit.count_terms` returns for all the
            tokens of the merged parts with these options (columns, dtypes,
            order, groups without terms). The part is not changed.

        Raises
        ------
        ValueError
            A bad ``min_count``, or ``complete`` above 50 million rows.

        Examples
        --------
        >>> import pandas as pd, toolkit as tk
        >>> tokens = tk.prepare(pd.DataFrame({"doc_id": ["a"], "text": ["Keamanan negara, keamanan."]}))
        >>> tk.count_terms_partial(tokens, by=[]).finalize(min_count=2)[["term", "count", "rank"]]
           term  count  rank
        0  aman      2     1
        """
        check_int("min_count", min_count, 1)
        return finish_counts(self.group_codes, self.term_codes, self.counts, self.terms, self.tokens, self.groups,
                             list(self.options["by"]), min_count=min_count, complete=bool(complete))

    def _size(self) -> str:
        return f"{_plural(len(self.tokens), 'group')}, {_plural(len(np.unique(self.term_codes)), 'term')}, " \
               f"{_plural(len(self.counts), 'group-term pair')}"

    @classmethod
    def _merge(cls, parts: list[CountTermsPart], doc_hashes: np.ndarray) -> CountTermsPart:
        groups, g_maps, tokens = merge_groups(parts, list(parts[0].options["by"]))
        terms, t_maps = merge_labels([(p.terms, p.term_codes) for p in parts])
        (kg, kt), counts = sum_by(
            [np.concatenate([m[p.group_codes] for m, p in zip(g_maps, parts)]),
             np.concatenate([m[p.term_codes] for m, p in zip(t_maps, parts)])],
            [len(tokens), len(terms)], np.concatenate([p.counts for p in parts]))
        return cls(parts[0].options, doc_hashes, groups, tokens, terms, kg, kt, counts)


# --------------------------------------------------------------------------
# theme_rates
# --------------------------------------------------------------------------


@dataclass(frozen=True, eq=False, repr=False)
class ThemeRatesPart(_Part):
    """Theme hit counts of part of a corpus: the mergeable first step of :func:`toolkit.theme_rates`.

    Made by :func:`toolkit.theme_rates_partial`; merged with ``+``,
    ``sum()`` or :func:`merge_parts`; turned into the table by
    :meth:`finalize`. Holds integers only (the hits of each weight, so that
    the weighted sums are exact).

    Attributes
    ----------
    options : mapping (read-only)
        The options it was made with (``by``, ``lexicon``: the reported
        themes, or None for those seen in the hits; ``level``,
        ``denominator``, ``detected``: whether presence was counted).
    doc_hashes : numpy.ndarray of uint64
        The documents it was made from: the sorted distinct hashes of their
        ids (``pandas.util.hash_array`` of the ids as str); parts that share
        one do not merge.
    groups : pandas.DataFrame or None
        The distinct groups (the ``by`` columns), sorted; None for ``by=[]``.
    tokens : numpy.ndarray of int64
        Each group's denominator.
    themes : tuple of str
        The reported themes, sorted.
    cell_groups, cell_themes, weights, hits : numpy.ndarray
        Each distinct (group, theme, entry weight) and its number of hits.
    segments : numpy.ndarray of int64 or None
        With ``detected``: segments per group.
    decided : tuple of str
        With ``detected``: the themes of the decisions.
    present : numpy.ndarray of int64 or None
        With ``detected``: segments where each theme is present, per group ×
        decided theme (flattened).

    Examples
    --------
    >>> import pandas as pd, toolkit as tk
    >>> tokens = tk.prepare(pd.DataFrame({"doc_id": ["a", "b"], "text": ["Keamanan negara.", "Cuaca cerah."]}))
    >>> hits = tk.find_themes(tokens, "security")
    >>> part = sum(tk.theme_rates_partial(hits[hits["doc_id"] == d], tokens[tokens["doc_id"] == d],
    ...                                   by=[], lexicon="security") for d in ["a", "b"])
    >>> part.finalize()[["theme", "hits", "tokens", "rate_per_1000"]]
          theme  hits  tokens  rate_per_1000
    0  security     1       4          250.0
    """

    options: Mapping
    doc_hashes: np.ndarray
    groups: pd.DataFrame | None
    tokens: np.ndarray
    themes: tuple
    cell_groups: np.ndarray
    cell_themes: np.ndarray
    weights: np.ndarray
    hits: np.ndarray
    segments: np.ndarray | None = None
    decided: tuple = ()
    present: np.ndarray | None = None
    _DERIVED = ("lexicon",)  # folded to level: a different level is reported as such

    def finalize(self) -> pd.DataFrame:
        """The :func:`toolkit.theme_rates` table of the counts.

        Returns
        -------
        pandas.DataFrame
            Exactly what :func:`toolkit.theme_rates` returns for all the hits
            and tokens of the merged parts (columns, dtypes, order, every
            group × theme); ``weighted`` is the exact sum of the weights,
            correctly rounded. The part is not changed.

        Examples
        --------
        >>> import pandas as pd, toolkit as tk
        >>> tokens = tk.prepare(pd.DataFrame({"doc_id": ["a"], "text": ["Keamanan negara."]}))
        >>> part = tk.theme_rates_partial(tk.find_themes(tokens, "security"), tokens, lexicon="security")
        >>> part.finalize()[["doc_id", "theme", "hits", "rate_per_1000"]]
          doc_id     theme  hits  rate_per_1000
        0      a  security     1          500.0
        """
        n_groups, n_themes = len(self.tokens), len(self.themes)
        size = n_groups * n_themes
        cells = self.cell_groups * max(n_themes, 1) + self.cell_themes
        counts = np.zeros(size, np.int64)
        np.add.at(counts, cells, self.hits)
        weighted = exact_sums(cells, self.weights, self.hits, size)
        out = rates_table(counts, weighted, self.tokens, self.groups, list(self.options["by"]), list(self.themes),
                          n_groups)
        if self.segments is None:
            return out
        columns = pd.Index(self.decided, dtype=object).get_indexer(list(self.themes))
        decided = self.present.reshape(n_groups, len(self.decided))
        present = np.zeros((n_groups, n_themes), np.int64)
        present[:, columns >= 0] = decided[:, columns[columns >= 0]]
        return presence_columns(out, self.segments, present.ravel(), n_themes)

    def _size(self) -> str:
        return f"{_plural(len(self.tokens), 'group')}, {_plural(len(self.themes), 'theme')}, " \
               f"{int(self.hits.sum())} hits"

    @classmethod
    def _merge(cls, parts: list[ThemeRatesPart], doc_hashes: np.ndarray) -> ThemeRatesPart:
        groups, g_maps, tokens = merge_groups(parts, list(parts[0].options["by"]))
        themes, t_maps = merge_names([p.themes for p in parts])
        weights = np.concatenate([p.weights for p in parts])
        distinct, w_codes = np.unique(weights, return_inverse=True)
        (kg, kt, kw), hits = sum_by(
            [np.concatenate([m[p.cell_groups] for m, p in zip(g_maps, parts)]),
             np.concatenate([m[p.cell_themes] for m, p in zip(t_maps, parts)]), w_codes.ravel()],
            [len(tokens), len(themes), len(distinct)], np.concatenate([p.hits for p in parts]))
        presence = {}
        if parts[0].segments is not None:
            decided, d_maps = merge_names([p.decided for p in parts])
            present = np.zeros((len(tokens), len(decided)), np.int64)
            segments = np.zeros(len(tokens), np.int64)
            for p, gm, dm in zip(parts, g_maps, d_maps):
                np.add.at(segments, gm, p.segments)
                np.add.at(present, (gm[:, None], dm[None, :]), p.present.reshape(len(gm), len(dm)))
            presence = {"segments": segments, "decided": decided, "present": present.ravel()}
        return cls(parts[0].options, doc_hashes, groups, tokens, themes, kg, kt, distinct[kw], hits, **presence)


# --------------------------------------------------------------------------
# explain_themes
# --------------------------------------------------------------------------


@dataclass(frozen=True, eq=False, repr=False)
class ExplainThemesPart(_Part):
    """Hits per lexicon entry and form of part of a corpus: the mergeable first step of
    :func:`toolkit.explain_themes`.

    Made by :func:`toolkit.explain_themes_partial`; merged with ``+``,
    ``sum()`` or :func:`merge_parts`; turned into the table by
    :meth:`finalize`.

    Attributes
    ----------
    options : mapping (read-only)
        The options it was made with (``themes``, ``level``).
    doc_hashes : numpy.ndarray of uint64
        The documents it was made from (those of its hits): the sorted distinct hashes of their
        ids (``pandas.util.hash_array`` of the ids as str); parts that share
        one do not merge.
    hits : pandas.DataFrame
        ``theme``, ``entry``, ``match``, ``weight`` and ``n``: hits per entry
        and weight.
    forms : pandas.DataFrame
        ``theme``, ``entry``, ``match``, ``form`` (lower-cased) and ``n``.
    documents : pandas.DataFrame
        ``theme``, ``entry``, ``match`` and ``n``: documents with a hit of
        the entry (parts hold disjoint documents, so these add up).

    Examples
    --------
    >>> import pandas as pd, toolkit as tk
    >>> tokens = tk.prepare(pd.DataFrame({"doc_id": ["a", "b"], "text": ["Keamanan.", "Keamanan, keamanan!"]}))
    >>> hits = tk.find_themes(tokens, "security")
    >>> part = tk.explain_themes_partial(hits[hits["doc_id"] == "a"]) + tk.explain_themes_partial(
    ...     hits[hits["doc_id"] == "b"])
    >>> part.finalize()[["entry", "hits", "documents", "forms"]]
          entry  hits  documents        forms
    0  keamanan     3          2  keamanan ×3
    """

    options: Mapping
    doc_hashes: np.ndarray
    hits: pd.DataFrame
    forms: pd.DataFrame
    documents: pd.DataFrame

    def finalize(self) -> pd.DataFrame:
        """The :func:`toolkit.explain_themes` table of the counts.

        Returns
        -------
        pandas.DataFrame
            Exactly what :func:`toolkit.explain_themes` returns for all the
            hits of the merged parts; ``weighted`` is the exact sum of the
            weights, correctly rounded (a missing weight adds 0; a missing
            ``matched_text`` is a hit without a form). The part is not
            changed.

        Examples
        --------
        >>> import pandas as pd, toolkit as tk
        >>> tokens = tk.prepare(pd.DataFrame({"doc_id": ["a"], "text": ["Keamanan dan pengamanan."]}))
        >>> part = tk.explain_themes_partial(tk.find_themes(tokens, "security"))
        >>> part.finalize()[["entry", "hits", "forms"]]
                entry  hits          forms
        0    keamanan     1    keamanan ×1
        1  pengamanan     1  pengamanan ×1
        """
        n = self.hits
        if n.empty:
            return pd.DataFrame({"theme": pd.Series([], dtype="str"), "entry": pd.Series([], dtype="str"),
                                 "match": pd.Series([], dtype="str"), "hits": pd.Series([], dtype="int64"),
                                 "weighted": pd.Series([], dtype="float64"), "documents": pd.Series([], dtype="int64"),
                                 "forms": pd.Series([], dtype="str")})
        hits = n.groupby(_ENTRY, sort=True)["n"].sum()
        cells = hits.index.get_indexer(pd.MultiIndex.from_frame(n[_ENTRY]))
        weights = n["weight"].to_numpy(dtype="float64")
        weights = np.where(np.isnan(weights), 0.0, weights)  # a missing weight adds nothing, as in Series.sum()
        weighted = exact_sums(cells, weights, n["n"].to_numpy(dtype=np.int64), len(hits))
        documents = self.documents.groupby(_ENTRY)["n"].sum()
        forms = {key: g.set_index("form")["n"] for key, g in self.forms.groupby(_ENTRY, sort=False)}
        no_forms = pd.Series([], dtype="int64")  # an entry whose hits all lack matched_text
        rows = []
        for i, (key, count) in enumerate(hits.items()):
            f = forms.get(key, no_forms).sort_index(kind="stable").sort_values(ascending=False, kind="stable")
            rows.append({"theme": key[0], "entry": key[1], "match": key[2], "hits": int(count),
                         "weighted": float(weighted[i]), "documents": int(documents[key]),
                         "forms": ", ".join(f"{form} ×{c}" for form, c in f.items())})
        out = pd.DataFrame(rows)
        return out.sort_values(["theme", "hits", "entry"], ascending=[True, False, True],
                               kind="stable").reset_index(drop=True)

    def _size(self) -> str:
        return f"{_plural(len(self.documents), 'entry', 'entries')}, {int(self.hits['n'].sum())} hits"

    @classmethod
    def _merge(cls, parts: list[ExplainThemesPart], doc_hashes: np.ndarray) -> ExplainThemesPart:
        return cls(parts[0].options, doc_hashes, add_frames([p.hits for p in parts], _ENTRY + ["weight"]),
                   add_frames([p.forms for p in parts], _ENTRY + ["form"]),
                   add_frames([p.documents for p in parts], _ENTRY))


# --------------------------------------------------------------------------
# merging helpers
# --------------------------------------------------------------------------


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else plural or word + 's'}"
