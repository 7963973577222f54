"""Hypothesis strategies shared by the test modules (plain module beside them; pytest puts tests/ on sys.path)."""

from __future__ import annotations

import pandas as pd
from hypothesis import strategies as st


@st.composite
def tokens_tables(draw, terms: list, doc_ids: list, *, max_docs: int = 4, max_tokens: int = 6):
    """A tokens table as prepare makes it (a document's segments and positions in order), doc_id, token and stem
    str or categorical, with missing terms (None in ``terms``), stop words and a speaker column with missing
    values; each term's token is the term itself or the term + "nya"."""
    rows = []
    for doc_id in draw(st.lists(st.sampled_from(doc_ids), min_size=1, max_size=max_docs, unique=True)):
        position = 0
        for seg_id in range(draw(st.integers(1, 3))):
            for _ in range(draw(st.integers(0, max_tokens))):
                stem = draw(st.sampled_from(terms))
                token = None if stem is None else draw(st.sampled_from([stem, stem + "nya"]))
                rows.append((doc_id, seg_id, position, token, stem, draw(st.booleans()),
                             draw(st.sampled_from(["Xi", "Tokayev", None]))))
                position += 1
    table = pd.DataFrame(rows, columns=["doc_id", "seg_id", "position", "token", "stem", "is_stopword", "speaker"])
    table = table.astype({"doc_id": "str", "token": "str", "stem": "str", "speaker": "str", "seg_id": "int64",
                          "position": "int64", "is_stopword": "bool"})
    if draw(st.booleans()):  # as prepare stores them
        table = table.astype({"doc_id": "category", "token": "category", "stem": "category"})
    return table
