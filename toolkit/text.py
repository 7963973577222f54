"""Text to segments to tokens: paragraph and sentence splitting, tokenising, normalising.

Every segment and token keeps ``start``/``end`` character offsets into its
document's ``text``, so ``docs.text[start:end]`` gives back exactly what was
written. Normalisation (Unicode NFKC, curly apostrophes, soft hyphens,
zero-width characters, lower case) applies to the ``token`` column only.

What a token is, is written once, in :mod:`toolkit._token_rules`; the
readable specification of the tokeniser is
:func:`toolkit.text_reference.tokenize_reference` (read it first), and the
fast engine that :func:`tokenize` and :func:`toolkit.prepare` run is
:mod:`toolkit._tokenize_engine` (a hypothesis test proves the two equal).
Paragraphs and sentences are found by :mod:`toolkit._segments`.
"""

from __future__ import annotations

from typing import Literal

import pandas as pd

from ._segments import check_segment_args, load_abbreviations, segment_parts, sentence_spans
from ._token_rules import normalize_token

from ._tokenize_engine import tokenize_segments
from ._validate import check_columns, renamed

__all__ = ["segment", "tokenize", "normalize_token", "split_sentences", "load_abbreviations"]

Unit = Literal["paragraph", "sentence", "document"]


def split_sentences(text: str, start: int = 0, end: int | None = None):
    """Sentence spans in ``text[start:end]``, as ``(start, end)`` offsets into ``text``.

    A sentence ends at ``.``, ``!``, ``?`` or an ellipsis (with any closing
    quotes or brackets after it) followed by white space and then a capital
    letter, a digit or an opening quote, or by the end of the span. A period
    does not end a sentence after an abbreviation from
    :func:`load_abbreviations` (dll., Prof., a.n., ...) or after a single
    capital letter (an initial); decimals (3.5) and dates (11/9/2019) have
    no white space after the period and never end one.

    Parameters
    ----------
    text : str
    start, end : int, optional
        The span to split (default: all of ``text``).

    Returns
    -------
    list of tuple of int

    Examples
    --------
    >>> t = "Prof. Hikmahanto hadir. Ia bicara soal ASEAN, APEC, dll. Lalu B. J. Habibie tiba."
    >>> [t[a:b] for a, b in split_sentences(t)]
    ['Prof. Hikmahanto hadir.', 'Ia bicara soal ASEAN, APEC, dll.', 'Lalu B. J. Habibie tiba.']
    """
    return sentence_spans(text, start, end)


@renamed(by="unit")
def segment(docs: pd.DataFrame, *, unit: Unit = "paragraph", text_col: str = "text", id_col: str = "doc_id") -> pd.DataFrame:
    """Split documents into paragraphs or sentences.

    Paragraphs are separated by blank lines; a document without any blank
    line has one paragraph per non-empty line. A line may end in LF, CRLF
    or a lone CR (old Mac files): the three split paragraphs alike, and
    offsets refer to the text as it is, line ends included. Sentences are
    found inside paragraphs (a sentence never crosses a paragraph), see
    :func:`split_sentences`. White space around a segment is left out of it.
    The input is not modified.

    Parameters
    ----------
    docs : pandas.DataFrame
        The docs table (see :func:`toolkit.load_corpus`).
    unit : {"paragraph", "sentence", "document"}, default "paragraph"
        The unit. ``"document"`` gives one segment per non-empty document.
    text_col, id_col : str
        Columns holding the text and the document id.

    Returns
    -------
    pandas.DataFrame
        One row per segment, in document order then text order: ``doc_id``
        (str), ``seg_id`` (int, 0-based within the document), ``start`` and
        ``end`` (int, character offsets into the document's text, so
        ``text[start:end]`` is the segment), ``text`` (str, the segment as
        written); with ``unit="sentence"`` also ``para_id`` (int, the
        paragraph the sentence is in). Documents with an empty text have no
        segments. RangeIndex.

    Raises
    ------
    ColumnError
        ``docs`` lacks ``text_col`` or ``id_col``.
    ValueError
        ``unit`` is not one of the allowed units, or two documents share an id.

    See Also
    --------
    tokenize, split_sentences, prepare

    Examples
    --------
    >>> import pandas as pd
    >>> docs = pd.DataFrame({"doc_id": ["a"], "text": ["Xi tiba. Dia disambut.\\n\\nTokayev bicara."]})
    >>> segment(docs)[["seg_id", "start", "end", "text"]]
       seg_id  start  end                    text
    0       0      0   22  Xi tiba. Dia disambut.
    1       1     24   39         Tokayev bicara.
    >>> segment(docs, unit="sentence")["text"].tolist()
    ['Xi tiba.', 'Dia disambut.', 'Tokayev bicara.']
    """
    check_segment_args(docs, unit, text_col, id_col)
    parts = segment_parts(docs, unit, text_col, id_col)
    out = pd.DataFrame(
        {
            "doc_id": parts["doc_id"],
            "seg_id": pd.Series(parts["seg_id"], copy=False),
            "start": pd.Series(parts["start"], copy=False),
            "end": pd.Series(parts["end"], copy=False),
            "text": pd.Series(parts["text"], dtype="str"),
        },
        copy=False,
    )
    if unit == "sentence":
        out["para_id"] = pd.Series(parts["para_id"], copy=False)
    return out


def tokenize(segments: pd.DataFrame) -> pd.DataFrame:
    """Split segments into word tokens with character offsets.

    A token is a run of letters and digits; apostrophes between letters
    (Jum'at) and soft hyphens or zero-width joiners inside a word stay in
    it; numbers with inner ``.`` or ``,`` (1.000, 3,5) are one token.
    Hyphenated forms stay one token when they are reduplications
    (negara-negara, bersama-sama, sayur-mayur, bolak-balik), carry a clitic
    or mix letters and digits (COVID-19, ke-70, 5G); other hyphenated
    compounds are split (Tiongkok-Kazakhstan gives two tokens, so each
    country is counted). Punctuation is not a token. A zero-width space
    (U+200B) is a break between words, as Unicode's word-boundary rules
    (UAX #29) have it: ``kerja sama\u200bregional`` gives three tokens.

    Parameters
    ----------
    segments : pandas.DataFrame
        A segments table from :func:`segment` (columns ``doc_id``,
        ``seg_id``, ``start``, ``text``).

    Returns
    -------
    pandas.DataFrame
        One row per token, in text order: ``doc_id`` (categorical of the
        ids, when they are strings; other ids keep their dtype), ``seg_id``
        (int64), ``position`` (int32, 0-based index of the token in its
        document), ``start`` and ``end`` (int32, offsets into the
        document's text: ``docs.text[start:end] == text``; int64 for a
        document of 2**31 characters or more), ``text`` (str, as
        written), ``after`` (str, what is written between this token and
        the next one of its segment, or to the segment's end: spaces and
        punctuation, so ``text + after`` of a run of tokens gives back the
        segment exactly) and ``token`` (categorical: each distinct form,
        normalised by :func:`normalize_token`, stored once). RangeIndex.
        The input is not modified. Categoricals have sorted str
        categories: they compare with strings, group, sort and merge as
        str columns do (see :func:`toolkit.prepare` for what differs).

    Raises
    ------
    ColumnError
        ``segments`` lacks a needed column.

    Examples
    --------
    >>> import pandas as pd
    >>> docs = pd.DataFrame({"doc_id": ["a"], "text": ["Negara-negara Tiongkok-Kazakhstan, 5G & ke-70."]})
    >>> tokenize(segment(docs))[["position", "start", "end", "text", "after", "token"]]
       position  start  end           text after          token
    0         0      0   13  Negara-negara              negara-negara
    1         1     14   22       Tiongkok     -       tiongkok
    2         2     23   33     Kazakhstan    ,      kazakhstan
    3         3     35   37             5G    &              5g
    4         4     40   45          ke-70     .          ke-70
    """
    check_columns(segments, ["doc_id", "seg_id", "start", "text"], table_name="segments",
                  hint="Make one with tk.segment(docs).")
    return tokenize_segments(segments)
