"""Loading documents: your own corpus, whole or in chunks, and the bundled sample article.

The docs table has one row per document: ``doc_id`` (str, unique),
``text`` (str, exactly as read: offsets into it lead back to the file;
with ``html=True``, the text with its markup removed), every metadata
column of the source (a date column read as dates), ``source_path`` and,
for tabular sources, ``source_row``.

One reader layer: each source kind is read in one place, as an iterator of
chunks, and every check is applied in one place. :func:`iter_corpus` gives
the chunks; :func:`load_corpus` is their concatenation (one chunk covering
the whole source).

The package
-----------
``load``
    :func:`load_corpus`, :func:`iter_corpus`, :func:`load_corpus_or_sample`.
``_chunks``
    ``ChunkReader``: a source as docs tables of ``chunksize`` documents
    (None: one table), with the state carried across chunks (columns
    chosen, ids numbered and seen, the HTML warning given once).
``_sources``
    The raw records of each kind: folders (listed, entries skipped and
    named), ``.txt`` files, JSONL (line by line), Parquet (record batches),
    DataFrames (slices); :data:`SUFFIXES`.
``_csv``
    CSV and TSV: whole (Arrow's fast reader where it applies, else pandas)
    or in chunks (pandas on a decoded stream); the field-count check.
``_decoding``
    Encodings and byte order marks, a whole file or a stream of blocks,
    with one error message for bad bytes.
``_checks``
    What every reader checks: text, id and date columns
    (:data:`TEXT_COLUMNS`, :data:`ID_COLUMNS`, :data:`DATE_COLUMNS`), lone
    surrogates, non-text values, empty and duplicate ids, empty texts,
    HTML-looking texts, dates; shared with :mod:`toolkit.scale`.
``_html``
    :func:`strip_html` and the test behind the HTML warning.
``_dates``
    Publication dates as Indonesian news writes them, read into WIB.
``_sample``
    :func:`load_sample`: the bundled Beritasatu.com article.
``periods``
    :func:`add_period`: the month, week, quarter or year of each date.
``_warn``
    Warnings that point at the caller outside this package.
"""

from __future__ import annotations

from ._checks import DATE_COLUMNS, ID_COLUMNS, TEXT_COLUMNS
from ._html import strip_html
from ._sample import SAMPLE_FILE, load_sample
from ._sources import SUFFIXES
from .load import iter_corpus, load_corpus, load_corpus_or_sample
from .periods import add_period

__all__ = ["load_corpus", "iter_corpus", "load_sample", "load_corpus_or_sample", "strip_html", "add_period",
           "TEXT_COLUMNS", "ID_COLUMNS", "DATE_COLUMNS", "SAMPLE_FILE", "SUFFIXES"]
