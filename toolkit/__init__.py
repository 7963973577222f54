"""toolkit: Indonesian text analysis for international-affairs news.

Plain functions over pandas tables, following the data flow
docs → segments → tokens (→ counts, hits → charts)::

    >>> import toolkit as tk
    >>> docs = tk.load_sample()
    >>> tokens = tk.prepare(docs)
    >>> tokens.loc[tokens["token"] == "memerangi", ["text", "stem"]].iloc[0].tolist()
    ['memerangi', 'perang']

Importing the package has no side effects beyond checking that the installed
``Sastrawi`` is PySastrawi 1.2.1 (the old ``Sastrawi`` 1.0.1 fails here with
a message saying how to fix the environment).
"""

from __future__ import annotations

from .stemming import check_sastrawi as _check_sastrawi

__version__ = "0.1.0"
_check_sastrawi()

from . import plot  # noqa: E402  (charts: tk.plot.top_terms(...), tk.plot.save(...))
from .context import collocations, filter_docs, format_kwic, kwic, kwic_themes, top_segments  # noqa: E402
from .cooccurrence import cooccurrence  # noqa: E402
from .corpus import add_period, iter_corpus, load_corpus, load_corpus_or_sample, load_sample, strip_html  # noqa: E402
from .counting import count_terms, count_terms_partial, top_terms  # noqa: E402
from .decisions import detect_themes  # noqa: E402
from .dispersion import dispersion  # noqa: E402
from .errors import (  # noqa: E402
    ColumnError,
    CorpusError,
    CorpusWarning,
    EmptyTextWarning,
    RegexTimeoutError,
    ResourceError,
    SastrawiVersionError,
    ToolkitError,
)
from .export import write_tables  # noqa: E402
from .keyness import keyness  # noqa: E402
from .lexicon import (  # noqa: E402
    combine_lexicons,
    describe_lexicon,
    list_lexicons,
    load_lexicon,
    make_lexicon,
    save_lexicon,
    subset_lexicon,
)
from .parts import CountTermsPart, ExplainThemesPart, ThemeRatesPart, merge_parts  # noqa: E402
from .pipeline import analyzer, prepare  # noqa: E402
from .regroup import group_totals, period_rates, pool_groups  # noqa: E402
from .reports import summarize, top_content_stems, write_report, write_summary  # noqa: E402
from .scale import Analysis, analyze, analyze_dask  # noqa: E402
from .stemming import (  # noqa: E402
    StemCacheWarning,
    Stemmer,
    cache_info,
    clear_cache,
    load_overrides,
    stem,
    stem_word,
    stem_words,
)
from .speakers import attribute_speakers, load_speech_cues  # noqa: E402
from .stopwords import load_stopwords, mark_stopwords  # noqa: E402
from .text import normalize_token, segment, split_sentences, tokenize  # noqa: E402
from .themes import (  # noqa: E402
    CompiledLexicon,
    compare_word_and_stem,
    compile_lexicon,
    explain_themes,
    explain_themes_partial,
    find_themes,
    rank_by_hits,
    theme_rates,
    theme_rates_partial,
)
from .validation import (  # noqa: E402
    agreement,
    read_coding_sheet,
    sample_for_coding,
    validate_themes,
    validation_errors,
    write_coding_sheet,
)

__all__ = [
    "load_corpus",
    "load_sample",
    "load_corpus_or_sample",
    "strip_html",
    "add_period",
    "segment",
    "split_sentences",
    "tokenize",
    "normalize_token",
    "stem",
    "stem_word",
    "stem_words",
    "Stemmer",
    "load_overrides",
    "cache_info",
    "clear_cache",
    "load_stopwords",
    "mark_stopwords",
    "prepare",
    "analyzer",
    "attribute_speakers",
    "load_speech_cues",
    "count_terms",
    "count_terms_partial",
    "top_terms",
    "list_lexicons",
    "load_lexicon",
    "make_lexicon",
    "save_lexicon",
    "combine_lexicons",
    "subset_lexicon",
    "describe_lexicon",
    "compile_lexicon",
    "CompiledLexicon",
    "find_themes",
    "theme_rates",
    "theme_rates_partial",
    "group_totals",
    "pool_groups",
    "period_rates",
    "detect_themes",
    "explain_themes",
    "explain_themes_partial",
    "rank_by_hits",
    "dispersion",
    "cooccurrence",
    "compare_word_and_stem",
    "sample_for_coding",
    "write_coding_sheet",
    "read_coding_sheet",
    "agreement",
    "validate_themes",
    "validation_errors",
    "filter_docs",
    "kwic",
    "kwic_themes",
    "top_segments",
    "format_kwic",
    "collocations",
    "keyness",
    "summarize",
    "top_content_stems",
    "write_summary",
    "write_report",
    "write_tables",
    "iter_corpus",
    "analyze",
    "analyze_dask",
    "Analysis",
    "merge_parts",
    "CountTermsPart",
    "ThemeRatesPart",
    "ExplainThemesPart",
    "ToolkitError",
    "CorpusError",
    "ColumnError",
    "ResourceError",
    "SastrawiVersionError",
    "CorpusWarning",
    "RegexTimeoutError",
    "EmptyTextWarning",
    "StemCacheWarning",
]
