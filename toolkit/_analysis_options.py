"""The options :func:`toolkit.analyze` and :func:`toolkit.analyze_dask` share: one definition, one text, one check.

:class:`AnalysisOptions` holds them (checked when made, picklable for Dask
workers); :data:`OPTIONS_DOC` is their description, and
:func:`takes_options` gives both functions the same keyword-only
parameters (signature and docstring) from these two, so that neither list
is written twice.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import textwrap
from dataclasses import dataclass
from typing import Literal

from ._validate import check_choice, check_int

__all__ = ["AnalysisOptions", "OPTIONS_DOC", "takes_options", "as_columns"]


@dataclass(frozen=True)
class AnalysisOptions:
    """The analysis options (picklable, sent to Dask workers), checked when made: before any reading.

    ``by`` and ``count_by`` become tuples of column names.

    Examples
    --------
    >>> AnalysisOptions(by="source").by
    ('source',)
    >>> AnalysisOptions(ngram=0)
    Traceback (most recent call last):
    ...
    ValueError: ngram=0 is not allowed; use a whole number of at least 1.
    """

    lexicon: object = "all"
    by: object = "doc_id"
    count_by: object = ()
    term: Literal["stem", "token"] = "stem"
    include_stopwords: bool = False
    ngram: int = 1
    min_count: int = 1
    level: int | None = 1
    denominator: Literal["all", "content"] = "all"
    unit: Literal["paragraph", "sentence", "document"] = "paragraph"
    overrides: object = True
    speakers: bool = False

    def __post_init__(self):
        check_choice("term", self.term, ("stem", "token"))
        check_choice("denominator", self.denominator, ("all", "content"))
        check_choice("unit", self.unit, ("paragraph", "sentence", "document"))
        check_int("ngram", self.ngram, 1)
        check_int("min_count", self.min_count, 1)
        if self.level is not None:
            check_int("level", self.level, 1)
        for name in ("by", "count_by"):
            object.__setattr__(self, name, as_columns(name, getattr(self, name)))


OPTIONS_DOC = """\
lexicon : str, list, pandas.DataFrame or CompiledLexicon, default "all"
    The themes to find and report (see :func:`toolkit.find_themes`).
by : str or list of str, default "doc_id"
    Groups of the theme rates: a tokens column (``doc_id``, ``speaker``
    with ``speakers=True``) or a docs column (``source``, ``date``);
    ``by=[]`` for the whole corpus.
count_by : str or list of str, default ()
    Groups of the term counts (as ``by`` of :func:`toolkit.count_terms`);
    the default counts over the whole corpus.
term : {"stem", "token"}, default "stem"
include_stopwords : bool, default False
ngram : int, default 1
min_count : int, default 1
    As for :func:`toolkit.count_terms`; ``min_count`` applies to corpus
    totals.
level : int or None, default 1
    Theme level of the rates (see :func:`toolkit.theme_rates`).
denominator : {"all", "content"}, default "all"
    Denominator of both tables' rates.
unit : {"paragraph", "sentence", "document"}, default "paragraph"
    The segment unit (as for :func:`toolkit.prepare`).
overrides : bool, dict, DataFrame or Stemmer, default True
    Stemming overrides, for the text and the lexicon.
speakers : bool, default False
    Attribute quoted speakers (allows ``by="speaker"``)."""


def takes_options(func):
    """Decorator: ``func(first, *, own..., options)`` is called as ``func(first, *, lexicon=..., by=..., own...)``.

    The public signature (what ``help`` and ``inspect.signature`` show) is
    the first parameter, the fields of :class:`AnalysisOptions`, then the
    function's own keyword options; the docstring's line ``{options}``
    becomes :data:`OPTIONS_DOC`. The shared options arrive as one checked
    ``AnalysisOptions``; an unknown keyword is a TypeError naming it.

    Examples
    --------
    >>> @takes_options
    ... def run(source, *, chunksize=10, options):
    ...     '''Run.
    ...
    ...     Parameters
    ...     ----------
    ...     {options}
    ...     '''
    ...     return options.by, chunksize
    >>> run("x", by="source", chunksize=5)
    (('source',), 5)
    >>> list(inspect.signature(run).parameters)[:3]
    ['source', 'lexicon', 'by']
    >>> run("x", bye="source")
    Traceback (most recent call last):
    ...
    TypeError: run(): got an unexpected keyword argument 'bye'
    """
    own = list(inspect.signature(func).parameters.values())
    if not own or own[-1].name != "options" or "    {options}\n" not in (func.__doc__ or ""):
        raise TypeError(f"@takes_options: {func.__name__} needs a last parameter options and a docstring line "
                        "{options}.")
    shared = [inspect.Parameter(f.name, inspect.Parameter.KEYWORD_ONLY, default=f.default,
                                annotation=inspect.Parameter.empty if f.type == "object" else f.type)
              for f in dataclasses.fields(AnalysisOptions)]
    signature = inspect.signature(func).replace(parameters=[own[0], *shared, *own[1:-1]])
    names = [f.name for f in dataclasses.fields(AnalysisOptions)]

    @functools.wraps(func)
    def call(*args, **kwargs):
        try:
            bound = signature.bind(*args, **kwargs)
        except TypeError as error:
            raise TypeError(f"{func.__name__}(): {error}") from None
        options = AnalysisOptions(**{k: bound.arguments.pop(k) for k in names if k in bound.arguments})
        return func(*bound.args, **bound.kwargs, options=options)

    call.__signature__ = signature
    call.__doc__ = func.__doc__.replace("    {options}\n", textwrap.indent(OPTIONS_DOC, "    ") + "\n")
    return call


def as_columns(name: str, value) -> tuple:
    """A column name or list of names as a tuple; TypeError naming ``name`` for anything else."""
    if isinstance(value, str):
        return (value,)
    try:
        cols = tuple(value)
    except TypeError:
        raise TypeError(f"{name}={value!r} is not allowed; use a column name or a list of column names.") from None
    for c in cols:
        if not isinstance(c, str):
            raise TypeError(f"{name}={value!r} is not allowed; use a column name or a list of column names.")
    return cols
