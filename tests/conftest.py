"""Tiny shared frames and helpers for the test suite."""

from __future__ import annotations

import os
import tempfile

import matplotlib

matplotlib.use("Agg")
# the persistent stem cache goes to a throw-away folder, never the user's cache
os.environ["TOOLKIT_CACHE_DIR"] = tempfile.mkdtemp(prefix="toolkit-test-cache-")

import pandas as pd
import pytest


@pytest.fixture
def tiny_docs() -> pd.DataFrame:
    """Two short Indonesian documents, the second with two paragraphs."""
    return pd.DataFrame(
        {
            "doc_id": ["d1", "d2"],
            "text": [
                "Kedua negara memperkuat kerja sama keamanan.",
                "Tokayev mengatakan Kazakhstan siap.\n\nXi menekankan konektivitas, kata Xi.",
            ],
            "source": ["kompas", "tempo"],
        }
    )


@pytest.fixture(scope="session")
def sastrawi_stemmer():
    """A fresh PySastrawi stemmer, independent of the toolkit's own instance."""
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()
