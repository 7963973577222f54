"""The counting behind theme_rates (shared with the streaming path), on hand-made cells."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from toolkit._theme_rates import hit_token_rows, rates_table


def test_rates_table_by_hand():
    # group k1: 4 tokens, 2 security hits (weights 1 + 0.5) and 1 cooperation hit; group t1: no token
    groups = pd.DataFrame({"doc_id": ["k1", "t1"]})
    out = rates_table(np.array([1, 2, 0, 0]), np.array([1.0, 1.5, 0.0, 0.0]), np.array([4, 0]), groups,
                      ["doc_id"], ["cooperation", "security"], 2)
    assert out["doc_id"].tolist() == ["k1", "k1", "t1", "t1"]
    assert out["theme"].tolist() == ["cooperation", "security"] * 2
    assert out["hits"].tolist() == [1, 2, 0, 0] and out["tokens"].tolist() == [4, 4, 0, 0]
    assert out["rate_per_1000"].tolist()[:2] == [250.0, 500.0] and out["rate_per_1000"].isna().tolist()[2:] == [True] * 2
    assert out["weighted_rate_per_1000"].tolist()[1] == 375.0
    assert out["share"].tolist() == pytest.approx([1 / 3, 2 / 3, 0.0, 0.0])
    assert [str(t) for t in out.dtypes] == ["str", "str", "int64", "float64", "int64", "float64", "float64", "float64"]


def test_hit_token_rows_by_token_or_by_document():
    tok = pd.DataFrame({"doc_id": ["a", "a", "b", "b"], "position": [0, 1, 0, 1]})
    hits = pd.DataFrame({"doc_id": ["b", "a"], "position": [1, 1]})
    assert hit_token_rows(tok, hits, doc_level=False).tolist() == [3, 1]
    assert hit_token_rows(tok, hits, doc_level=True).tolist() == [2, 0]  # each document's first token
    with pytest.raises(ValueError, match="not in tokens"):
        hit_token_rows(tok, pd.DataFrame({"doc_id": ["c"], "position": [0]}), doc_level=True)
    with pytest.raises(ValueError, match="not in the tokens table"):
        hit_token_rows(tok, pd.DataFrame({"doc_id": ["a"], "position": [5]}), doc_level=False)
