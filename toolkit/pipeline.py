"""The usual path in one call: documents to a tokens table with stems and stop-word flags."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Literal

import numpy as np
import pandas as pd

from ._count_engine import number_only
from ._tokenize_engine import sorted_labels, tokenize_documents
from ._validate import check_choice, renamed
from .stemming import stem_words
from .stopwords import STOPWORD_LISTS, mark_stopwords
from .text import Unit, segment, tokenize

__all__ = ["prepare", "analyzer"]


@renamed(by="unit")
def prepare(
    docs: pd.DataFrame,
    *,
    unit: Unit = "paragraph",
    overrides=True,
    extra_stopwords: Iterable[str] = (),
    keep_stopwords: Iterable[str] = (),
    stopword_lists=STOPWORD_LISTS,
    speakers: bool = False,
    n_jobs: int = 1,
    progress: bool = True,
    text_col: str = "text",
    id_col: str = "doc_id",
) -> pd.DataFrame:
    """Segment, tokenise, stem and flag stop words: the tokens table for analysis.

    Equivalent to ``docs.pipe(segment, unit=unit).pipe(tokenize).pipe(stem)
    .pipe(mark_stopwords)`` (the same values; here ``stem`` is categorical
    too). The input is not modified. Without ``speakers``, documents are
    read and tokenised a batch at a time, so memory holds one batch of
    their text as Python strings, never the whole corpus.

    Parameters
    ----------
    docs : pandas.DataFrame
        A docs table (:func:`toolkit.load_corpus` or :func:`toolkit.load_sample`).
    unit : {"paragraph", "sentence", "document"}, default "paragraph"
        The segment unit (see :func:`toolkit.segment`).
    overrides : bool, dict, DataFrame or Stemmer, default True
        Stemming overrides (see :class:`toolkit.Stemmer`); ``False`` gives
        pure Sastrawi stems.
    extra_stopwords, keep_stopwords, stopword_lists
        Passed to :func:`toolkit.mark_stopwords` as ``extra``, ``keep`` and
        ``lists``.
    n_jobs : int, default 1
        Processes for stemming words not yet in the stem cache (-1: every
        core); results are identical whatever the number.
    progress : bool, default True
        Show a progress bar (tqdm) while many new words are stemmed.
    speakers : bool, default False
        Attribute segments to quoted speakers
        (:func:`toolkit.attribute_speakers`) and add a ``speaker`` column
        (str, missing where no attribution is clear), so that counts, theme
        rates and keyness can be grouped ``by="speaker"``.
    text_col, id_col : str
        Columns of ``docs`` holding the text and the id.

    Returns
    -------
    pandas.DataFrame
        One row per token, in text order, RangeIndex: ``doc_id``
        (categorical of the ids, when they are strings; other ids keep
        their dtype), ``seg_id`` (int64, 0-based segment in the document),
        ``position`` (int32, 0-based token in the document), ``start`` and
        ``end`` (int32, offsets into the document's text; int64 for a
        document of 2**31 characters or more), ``text`` (str, as written),
        ``after`` (str, what is written up to the next token of the
        segment), ``token`` (categorical, normalised, lower case),
        ``stem`` (categorical, Sastrawi's stem apart from documented
        overrides; never empty: a word Sastrawi leaves empty keeps its
        normalised form), ``is_stopword`` (bool) and, with
        ``speakers=True``, ``speaker`` (str). Documents with an empty text
        have no tokens.

        The categoricals store each distinct value once (about 55 bytes a
        token in all, half of what str columns take); their categories
        are sorted strings, and ``token`` and ``stem`` share them. They
        compare with a string (``tokens["stem"] == "aman"``) and with each
        other, and group, sort, merge and write to Parquet as str columns
        do. Three things differ: compare a column with one of another
        table as str (``tokens["stem"] == other["stem"].astype(str)``);
        assign a value that is not a category after ``.astype(str)``; and
        ``value_counts()`` of a filtered table also lists the categories
        it no longer holds, with 0 (``groupby(column).size()`` does not).

    See Also
    --------
    segment, tokenize, stem, mark_stopwords

    Examples
    --------
    >>> import pandas as pd
    >>> docs = pd.DataFrame({"doc_id": ["a"], "text": ["Kedua negara memperkuat kerja sama keamanan."]})
    >>> prepare(docs)[["position", "token", "stem", "is_stopword"]]
       position      token    stem  is_stopword
    0         0      kedua     dua         True
    1         1     negara  negara        False
    2         2  memperkuat    kuat        False
    3         3      kerja   kerja         True
    4         4       sama    sama         True
    5         5   keamanan    aman        False
    """
    if speakers:
        segments = segment(docs, unit=unit, text_col=text_col, id_col=id_col)
        tokens = tokenize(segments)
    else:  # the same, without building the segments table
        tokens = tokenize_documents(docs, by=unit, text_col=text_col, id_col=id_col)
    tokens = _with_stems(tokens, overrides=overrides, n_jobs=n_jobs, progress=progress)
    tokens = mark_stopwords(tokens, extra=extra_stopwords, keep=keep_stopwords, lists=stopword_lists)
    if speakers:
        from .speakers import attribute_speakers

        plain = docs.rename(columns={id_col: "doc_id", text_col: "text"})[["doc_id", "text"]]
        attributed = attribute_speakers(segments, docs=plain)
        speaker = tokens[["doc_id", "seg_id"]].merge(attributed[["doc_id", "seg_id", "speaker"]], how="left",
                                                     on=["doc_id", "seg_id"], validate="many_to_one")["speaker"]
        tokens = tokens.assign(speaker=speaker.set_axis(tokens.index))  # (a merge would give doc_id as str)
    return tokens


def _with_stems(tokens: pd.DataFrame, *, overrides, n_jobs: int, progress: bool) -> pd.DataFrame:
    """``tk.stem(tokens)``, each token category stemmed once; ``token`` and ``stem`` become categoricals with
    the same categories (the forms and the stems, sorted), so that the two columns compare with each other."""
    token = tokens["token"].array
    forms = np.asarray(token.categories, dtype=object)
    stems = np.array(stem_words(forms.tolist(), overrides=overrides, n_jobs=n_jobs, progress=progress), dtype=object)
    labels = pd.unique(np.concatenate([forms, stems]))  # the forms first, in their order
    rank, categories = sorted_labels(labels)
    dtype = pd.CategoricalDtype(categories)
    of_form = np.append(rank[: len(forms)], -1)  # (code -1, a missing token: the appended -1)
    of_stem = np.append(rank[pd.Index(labels).get_indexer(stems)], -1)
    out = tokens.copy(deep=False)
    out["token"] = pd.Categorical.from_codes(of_form[token.codes], dtype=dtype, validate=False)
    out.insert(list(out.columns).index("token") + 1, "stem",
               pd.Categorical.from_codes(of_stem[token.codes], dtype=dtype, validate=False))
    return out


def analyzer(
    *,
    term: Literal["stem", "token"] = "stem",
    drop_stopwords: bool = True,
    include_numbers: bool = False,
    overrides=True,
):
    """A callable that turns one text into the toolkit's terms, for scikit-learn's vectorizers.

    Use it as ``CountVectorizer(analyzer=tk.analyzer())`` or
    ``TfidfVectorizer(analyzer=tk.analyzer())``: each text is tokenised and
    stemmed exactly as by :func:`prepare` (it calls :func:`prepare` on the
    text), so the features are the stems that the toolkit's counts and
    themes use, not scikit-learn's own ``\\w\\w+`` tokens. scikit-learn
    is an optional extra: ``pip install "toolkit[ml]"``. The callable can
    be pickled (a model pipeline that holds it can be saved). About 3 ms
    per news article; for a large corpus that is already prepared, pass
    ``tokens.groupby("doc_id")["stem"].agg(list)`` with ``analyzer=list``.

    Parameters
    ----------
    term : {"stem", "token"}, default "stem"
        Give stems, or normalised word forms.
    drop_stopwords : bool, default True
        Leave out stop words (``is_stopword`` of :func:`prepare`).
    include_numbers : bool, default False
        Keep number-only terms (``17``, ``9``, ``2019``: dates would become
        features); left out by default, as in :func:`toolkit.count_terms`.
    overrides : bool, dict, DataFrame or Stemmer, default True
        Stemming overrides, as for :func:`prepare`.

    Returns
    -------
    callable
        ``f(text: str) -> list of str``: the terms of the text, in text
        order (an empty list for an empty text).

    Examples
    --------
    >>> import toolkit as tk
    >>> stems = tk.analyzer()
    >>> stems("Kedua negara memperkuat keamanan pada 17 9 2019.")
    ['negara', 'kuat', 'aman']
    >>> tk.analyzer(drop_stopwords=False, include_numbers=True, term="token")("Pada 17 9 2019.")
    ['pada', '17', '9', '2019']
    """
    check_choice("term", term, ("stem", "token"))
    return functools.partial(_analyze, term=term, drop_stopwords=bool(drop_stopwords),
                             include_numbers=bool(include_numbers), overrides=overrides)


def _analyze(text, *, term: str, drop_stopwords: bool, include_numbers: bool, overrides) -> list[str]:
    if not isinstance(text, str):
        raise TypeError(f"tk.analyzer() takes one text (str), not {type(text).__name__}; in scikit-learn pass it "
                        "as analyzer=, with a list of texts to fit.")
    if not text.strip():
        return []
    tokens = prepare(pd.DataFrame({"doc_id": ["text"], "text": [text]}), overrides=overrides, progress=False)
    keep = np.ones(len(tokens), dtype=bool)
    if drop_stopwords:
        keep &= ~tokens["is_stopword"].to_numpy(dtype=bool)
    if not include_numbers:
        keep &= ~number_only(tokens[term])
    return tokens.loc[keep, term].tolist()
