"""The merging behind :mod:`toolkit.parts`: the documents of each part, and the union of groups, labels and counts.

A part keeps the documents it was made from as a sorted array of distinct
64-bit hashes of their ids (:func:`document_hashes`, about 8 bytes a
document), so that merging can refuse two parts that share a document
(:func:`union_of_documents`): a document split across parts, or a part
added to itself, would count twice.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pandas as pd

from . import _codes
from ._count_engine import all_groups

__all__ = ["document_hashes", "union_of_documents", "merge_groups", "merge_labels",
           "merge_names", "add_frames", "exact_sums"]


def hash_ids(ids) -> np.ndarray:
    """The uint64 hash of each id, as str (``pandas.util.hash_array``, the same in every process)."""
    return pd.util.hash_array(np.asarray([str(i) for i in ids], dtype=object))


def document_hashes(ids) -> np.ndarray:
    """The distinct documents of a ``doc_id`` column, as sorted distinct uint64 hashes of the ids as str.

    Missing ids are not documents and are left out; a categorical's unused
    categories too.

    Examples
    --------
    >>> h = document_hashes(pd.Series(["b", "a", "b", None]))
    >>> h.dtype, len(h), bool((h == np.sort(hash_ids(["a", "b"]))).all())
    (dtype('uint64'), 2, True)
    """
    codes, uniques = _codes.factorize(ids)
    codes = np.asarray(codes)
    used = np.zeros(len(uniques), bool)
    used[codes[codes >= 0]] = True
    return np.unique(hash_ids(np.asarray(uniques, dtype=object)[used]))


def union_of_documents(parts) -> np.ndarray:
    """The sorted hashes of the documents of all ``parts``; ValueError if two parts share one."""
    merged = np.sort(np.concatenate([p.doc_hashes for p in parts]))
    repeated = merged[1:][merged[1:] == merged[:-1]]
    if len(repeated):
        h = repeated[0]
        name = next((n for n in (id_with_hash(getattr(p, "groups", None), h) for p in parts) if n is not None),
                    None)
        which = (f"document {name!r} is" if name is not None else
                 f"a document (its doc_id, as str, has pandas.util.hash_array value {int(h)}) is")
        raise ValueError(
            f"cannot merge: {which} in two parts (a document split between partial calls, or a part added to "
            "itself): give each document's tokens and hits to one partial call (split a corpus by whole "
            "documents), and merge each part once.")
    return merged


def id_with_hash(groups: pd.DataFrame | None, h) -> object | None:
    """The ``doc_id`` of ``groups`` whose hash is ``h``, or None (no such group, or no ``doc_id`` column)."""
    if groups is None or "doc_id" not in groups.columns or not len(groups):
        return None
    ids = groups["doc_id"].dropna().unique()
    found = np.flatnonzero(hash_ids(ids) == h)
    return ids[found[0]] if len(found) else None


def merge_groups(parts, by: list[str]):
    """(the groups of all parts, sorted; each part's group codes → merged codes; tokens per merged group)."""
    if not by:
        return None, [np.zeros(1, np.int64)] * len(parts), np.array([sum(int(p.tokens.sum()) for p in parts)])
    tables = [p.groups for p in parts if len(p.groups)] or [parts[0].groups]
    groups = all_groups(pd.concat(tables, ignore_index=True), by, None)  # sorted as count_terms sorts its groups
    index = pd.Index(groups[by[0]]) if len(by) == 1 else pd.MultiIndex.from_frame(groups)
    maps = []
    tokens = np.zeros(len(groups), np.int64)
    for p in parts:
        values = p.groups[by[0]] if len(by) == 1 else pd.MultiIndex.from_frame(p.groups[by])
        codes = index.get_indexer(values).astype(np.int64)
        np.add.at(tokens, codes, p.tokens)
        maps.append(codes)
    return groups, maps, tokens


def merge_labels(pairs):
    """(the labels used by any part, each part's label codes → merged codes) from (labels, codes) per part."""
    used = [np.flatnonzero(np.bincount(codes, minlength=len(labels))) for labels, codes in pairs]
    kept = [np.asarray(labels, dtype=object)[u] for (labels, _), u in zip(pairs, used)]
    merged = pd.unique(np.concatenate(kept)) if kept else np.zeros(0, dtype=object)
    index = pd.Index(merged, dtype=object)
    maps = []
    for (labels, _), u, k in zip(pairs, used, kept):
        codes = np.full(len(labels), -1, np.int64)
        codes[u] = index.get_indexer(k)
        maps.append(codes)
    return np.asarray(merged, dtype=object), maps


def merge_names(names_per_part):
    """(the sorted union of theme names, each part's positions → merged positions)."""
    merged = tuple(sorted(set().union(*names_per_part)))
    index = pd.Index(merged, dtype=object)
    return merged, [index.get_indexer(list(names)).astype(np.int64) for names in names_per_part]


def add_frames(frames: list[pd.DataFrame], keys: list[str]) -> pd.DataFrame:
    """Stack tables of counts ``n`` and add up the counts of equal keys (a missing key, such as a missing
    weight or form, is a key like any other)."""
    frames = [f for f in frames if len(f)] or frames[:1]
    if len(frames) == 1:
        return frames[0]
    return pd.concat(frames, ignore_index=True).groupby(keys, dropna=False, sort=False, as_index=False)["n"].sum()


def exact_sums(keys: np.ndarray, weights: np.ndarray, ns: np.ndarray, size: int) -> np.ndarray:
    """Sum of weight × n per integer key in range(size), exactly (correctly rounded).

    When the exact total fits the float64 mantissa (weights such as 1, 0.5 or
    0.25, as in every shipped lexicon), every product and partial sum is a
    float exactly, so numpy's running sum is exact; otherwise the sums are
    done in integers and rounded once.
    """
    distinct, codes = np.unique(weights, return_inverse=True)
    fractions = [Fraction(float(w)) for w in distinct]
    shift = max((f.denominator.bit_length() - 1 for f in fractions), default=0)
    scaled = [f.numerator << (shift - (f.denominator.bit_length() - 1)) for f in fractions]
    per_weight = np.bincount(codes.ravel(), weights=ns, minlength=len(distinct)) if len(ns) else np.zeros(0)
    total = sum(int(n) * abs(s) for n, s in zip(per_weight.tolist(), scaled))
    if total < 2**53:
        return np.bincount(keys, weights=weights * ns, minlength=size)[:size] if len(keys) else np.zeros(size)
    sums = [0] * size
    for k, c, n in zip(keys.tolist(), codes.ravel().tolist(), ns.tolist()):
        sums[k] += int(n) * scaled[c]
    return np.array([float(Fraction(s, 2**shift)) for s in sums], dtype="float64")
