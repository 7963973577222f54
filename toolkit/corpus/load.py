"""Reading a corpus: :func:`load_corpus` (the whole source, one docs table) and :func:`iter_corpus` (chunks).

Both read through one reader layer (``_chunks.ChunkReader``): the same
sources, options, checks, messages and warnings. :func:`load_corpus` is the
concatenation of :func:`iter_corpus`, read as one chunk covering the whole
source (where Arrow's CSV reader, several times faster than pandas', can be
used); :func:`iter_corpus` holds one chunk at a time.
"""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd

from ._chunks import ChunkReader
from ._sample import load_sample

__all__ = ["load_corpus", "iter_corpus", "load_corpus_or_sample"]


def load_corpus(source, *, text_col: str | None = None, id_col: str | None = None, date_col: str | None | bool = None,
                html: bool = False, encoding: str = "utf-8") -> pd.DataFrame:
    """Load documents from a file, a folder or a DataFrame into a docs table.

    The documents :func:`iter_corpus` gives, read as one chunk that covers
    the whole source (use :func:`iter_corpus` for a corpus larger than
    memory).

    Parameters
    ----------
    source : str, Path or pandas.DataFrame
        One of:

        - a ``.txt`` file: one document, ``doc_id`` from the file name;
        - a folder: every ``.txt`` file below it (recursive, sorted by
          relative path), ``doc_id`` = the relative path without ``.txt``;
          links to folders are not followed; other entries (files of other
          types, broken links) are skipped and named in one warning;
        - a ``.csv`` or ``.tsv`` file (header line; every field read as
          text, nothing turned into NaN; every row must have as many fields
          as the header), a ``.jsonl`` file (one JSON object per line) or a
          ``.parquet`` file: one document per row;
        - a DataFrame: one document per row (the input is not modified).

        Lines may end in LF, CRLF or a lone CR (old Mac files); the text is
        kept as read and :func:`toolkit.segment` treats the three alike.
    text_col : str, optional
        The column holding the text. By default the first of
        :data:`TEXT_COLUMNS` present (text, body, content, full_text, isi,
        teks, konten, artikel, article), also matched case-insensitively.
    id_col : str, optional
        The column holding unique document ids. By default ``doc_id`` or
        ``id`` if present; otherwise documents are numbered from 1,
        zero-padded to the width of the row count (``news-01`` ... ``news-12``
        for the 12 rows of ``news.csv``, ``doc-1`` for a 3-row DataFrame).
        A chosen id column other than ``doc_id`` is also kept as metadata.
    date_col : str or False, optional
        The column of publication dates, read into datetimes in WIB
        (UTC+07:00). By default the first of :data:`DATE_COLUMNS` present
        (date, tanggal, tgl, published, published_at, ...; also matched
        case-insensitively) when it holds text; ``False`` keeps every column
        as read. Read: ``17/09/2019`` (day first), ``2019-09-17`` and ISO
        8601 times, ``17 September 2019``, ``17 Sep 2019``, ``Selasa,
        17/09/2019 10:00 WIB`` (Indonesian or English month and weekday
        names, an optional time and zone: WIB, WITA, WIT, UTC, +07:00). A
        value with a zone is converted to WIB, one without is taken to be
        WIB, so days and months are those of Jakarta. A column that already
        holds datetimes is kept as it is.
    html : bool, default False
        Texts are HTML (scraped pages): remove tags and decode entities with
        :func:`strip_html`, block elements becoming paragraph breaks. The
        cleaned text is the docs' ``text``, so every later offset
        (segments, tokens, hits) refers to the cleaned text, not the file.
    encoding : str, default "utf-8"
        Text encoding of the files; a UTF-8 byte order mark is accepted,
        and with the default a file that starts with a UTF-16 or UTF-32
        byte order mark (as some Windows tools save "Unicode" text) is read
        in that encoding.

    Returns
    -------
    pandas.DataFrame
        One row per document, in source order: ``doc_id`` (str, unique),
        ``text`` (str, as read, or cleaned with ``html=True``; empty or
        missing texts become ``""``), every other column of the source
        unchanged except the date column (``datetime64[us, UTC+07:00]``,
        NaT where missing) (a source column named ``text`` or ``doc_id``
        that was not chosen is kept as ``text_original`` or
        ``doc_id_original``), ``source_path`` (str, the file read; None for
        a DataFrame) and ``source_row`` (int, 1-based: the record in a
        CSV/TSV/Parquet file or DataFrame, the line in a JSONL file, 1 for a
        text file). RangeIndex.

    Raises
    ------
    FileNotFoundError
        ``source`` does not exist.
    CorpusError
        Unsupported file type, a folder without ``.txt`` files, an empty or
        unparsable file, a CSV/TSV row with more or fewer fields than the
        header (with its line), bytes that are not valid in ``encoding``
        (with the byte offset and line), no text column (with the columns
        and the names tried), a non-text value in the text column, a
        ``date_col`` that is not a column or holds numbers, or duplicate or
        empty ids (with their rows).

    Warns
    -----
    EmptyTextWarning
        Once, naming the documents whose text is empty or missing; they are
        kept as empty documents, never dropped.
    CorpusWarning
        Once each, naming files, rows or lines: entries of a folder that were
        skipped; lone surrogates (JSON escapes such as ``\\ud800`` that no
        file can store), each replaced by U+FFFD so lengths and offsets stay
        the same; texts that look like HTML while ``html=False``; dates that
        cannot be read (the first five rows and values; they become NaT).

    See Also
    --------
    load_sample, add_period, strip_html, segment, prepare, iter_corpus

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"id": ["a1", "a2"], "isi": ["Kerja sama RI-Tiongkok.", "Keamanan regional."],
    ...                       "sumber": ["kompas", "tempo"], "tanggal": ["Selasa, 17/09/2019 10:00 WIB", "2 Okt 2019"]})
    >>> docs = load_corpus(frame)
    >>> docs[["doc_id", "text", "sumber", "source_row"]]
      doc_id                     text  sumber  source_row
    0     a1  Kerja sama RI-Tiongkok.  kompas           1
    1     a2       Keamanan regional.   tempo           2
    >>> docs["tanggal"].tolist()
    [Timestamp('2019-09-17 10:00:00+0700', tz='UTC+07:00'), Timestamp('2019-10-02 00:00:00+0700', tz='UTC+07:00')]
    >>> load_corpus(pd.DataFrame({"text": ["<p>Kerja&nbsp;sama.</p><p>Keamanan.</p>"]}), html=True).loc[0, "text"]
    'Kerja sama.\\n\\nKeamanan.'
    """
    reader = ChunkReader(source, chunksize=None, text_col=text_col, id_col=id_col, date_col=date_col, html=html,
                         encoding=encoding)
    chunks = [docs for docs, _rows in reader]
    return chunks[0] if len(chunks) == 1 else pd.concat(chunks, ignore_index=True)


def iter_corpus(source, *, chunksize: int = 10_000, text_col: str | None = None, id_col: str | None = None,
                date_col: str | None | bool = None, html: bool = False,
                encoding: str = "utf-8") -> Iterator[pd.DataFrame]:
    """Read a corpus in chunks of documents, each as :func:`toolkit.load_corpus` gives those rows.

    The source and the options are checked at once; the file is read as the
    returned iterator is consumed.

    Only one chunk (and, for files, a block of 64 KiB or one Parquet row
    group) is in memory at a time, so a corpus larger than memory can be
    read.

    Parameters
    ----------
    source : str, Path or pandas.DataFrame
        What :func:`toolkit.load_corpus` reads: a ``.csv``/``.tsv`` file
        (read with pandas in chunks), a ``.jsonl`` file (line by line), a
        ``.parquet`` file (record batches), a folder of ``.txt`` files
        (chunks of files), a single ``.txt`` file (one chunk) or a DataFrame
        (slices; the input is not modified).
    chunksize : int, default 10_000
        Documents per chunk; every chunk but the last has exactly this many.
    text_col, id_col : str, optional
        As for :func:`toolkit.load_corpus`; chosen once, from the first
        chunk's columns, and used for every chunk.
    date_col : str or False, optional
        As for :func:`toolkit.load_corpus`: the date column is read into
        datetimes in WIB, chunk by chunk.
    html : bool, default False
        As for :func:`toolkit.load_corpus`: remove HTML markup from every
        text (:func:`toolkit.strip_html`); offsets refer to the cleaned text.
    encoding : str, default "utf-8"
        Text encoding of the files; a UTF-8 byte order mark is accepted.

    Returns
    -------
    iterator of pandas.DataFrame
        Docs tables of at most ``chunksize`` documents, in source order, with
        the columns and dtypes of :func:`toolkit.load_corpus`: ``doc_id``,
        ``text``, the metadata columns, ``source_path`` and ``source_row``
        (numbering continues across chunks: the record in a CSV/TSV/Parquet
        file or DataFrame, the line in a JSONL file). RangeIndex from 0 in
        each chunk. Without an id column, documents are numbered across the
        whole source exactly as :func:`toolkit.load_corpus` numbers them
        (for CSV/TSV/JSONL this costs one extra streaming pass to count the
        records). A corpus without documents gives one empty table. For
        JSONL, whose records may have different fields, a chunk has every
        field seen up to it (missing values where a record lacks one); the
        text and id fields are chosen from the first chunk.

    Raises
    ------
    FileNotFoundError, TypeError
        ``source`` does not exist, or is neither a path nor a DataFrame
        (raised by the call itself).
    CorpusError
        As :func:`toolkit.load_corpus`, with the same messages (file, line,
        row, byte offset): an unsupported file type or a folder without
        ``.txt`` files at once, a problem in the data (such as a CSV row
        with more or fewer fields than the header) when the chunk that
        holds it is read. Duplicate ids are found across chunks too, naming
        both rows.
    ValueError
        ``chunksize`` is not a whole number of at least 1, or ``encoding``
        is unknown.

    Warns
    -----
    EmptyTextWarning
        Once per chunk that holds documents with an empty or missing text,
        naming them (they are kept as empty documents), so that a reader who
        stops early is still told. :func:`toolkit.analyze` gives one summary instead.
    CorpusWarning
        As :func:`toolkit.load_corpus` gives them: entries of a folder
        skipped (once, at the call), texts that look like HTML while
        ``html=False`` (once, at the first chunk that has them, counting that
        chunk's documents), and per chunk, lone surrogates replaced and
        dates that cannot be read.

    See Also
    --------
    load_corpus, toolkit.analyze

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"id": ["a1", "a2", "a3"], "isi": ["Kerja sama RI-Tiongkok.", "Keamanan regional.",
    ...                       "Konektivitas Jalur Sutra."], "sumber": ["kompas", "tempo", "antara"]})
    >>> for chunk in iter_corpus(frame, chunksize=2):
    ...     print(chunk[["doc_id", "sumber", "source_row"]])
      doc_id  sumber  source_row
    0     a1  kompas           1
    1     a2   tempo           2
      doc_id  sumber  source_row
    0     a3  antara           3
    """
    reader = ChunkReader(source, chunksize=chunksize, text_col=text_col, id_col=id_col, date_col=date_col, html=html,
                         encoding=encoding)
    return (docs for docs, _rows in reader)


def load_corpus_or_sample(corpus_path, *, text_col: str | None = None, id_col: str | None = None,
                          date_col: str | None | bool = None, html: bool = False,
                          encoding: str = "utf-8") -> pd.DataFrame:
    """Load ``corpus_path`` with :func:`load_corpus`, or the bundled article when it is None.

    This is what the notebooks' parameters cell needs. The bundled article
    is used **only** when ``corpus_path`` is None: a corpus that is given
    but cannot be read raises :func:`load_corpus`'s error (file, line or
    byte offset, and what to do), so that a mistyped path or column never
    runs the analysis on the wrong texts without a word. Column options
    given without a corpus are refused for the same reason.

    Parameters
    ----------
    corpus_path : str, Path, DataFrame or None
        Anything :func:`load_corpus` reads; None gives :func:`load_sample`.
    text_col, id_col, date_col, html, encoding
        Passed to :func:`load_corpus`.

    Returns
    -------
    pandas.DataFrame
        A docs table (see :func:`load_corpus` and :func:`load_sample`).

    Raises
    ------
    CorpusError, OSError
        As :func:`load_corpus`, when ``corpus_path`` is given and cannot be read.
    ValueError
        ``text_col`` or ``id_col`` given while ``corpus_path`` is None.

    Examples
    --------
    >>> load_corpus_or_sample(None)["doc_id"].tolist()
    ['beritasatu-2019-09-13-tiongkok-kazakhstan']
    >>> try:
    ...     load_corpus_or_sample("no-such-folder")
    ... except FileNotFoundError as err:
    ...     print(type(err).__name__)
    FileNotFoundError
    """
    if corpus_path is not None:
        return load_corpus(corpus_path, text_col=text_col, id_col=id_col, date_col=date_col, html=html,
                           encoding=encoding)
    given = {name: value for name, value in (("text_col", text_col), ("id_col", id_col)) if value is not None}
    if given:
        shown = ", ".join(f"{k}={v!r}" for k, v in given.items())
        raise ValueError(f"{shown} given but corpus_path is None: set corpus_path to your corpus, "
                         "or leave the column options at None to analyse the bundled article.")
    return load_sample()
