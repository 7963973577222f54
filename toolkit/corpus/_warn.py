"""Warnings of the corpus readers, pointing at the code that called them."""

from __future__ import annotations

import os
import sys
import warnings

from ..errors import CorpusWarning

__all__ = ["warn"]

_PACKAGE = os.path.dirname(os.path.abspath(__file__)) + os.sep


def warn(message: str, category: type[Warning] = CorpusWarning) -> None:
    """Warn, pointing at the first frame outside ``toolkit/corpus/`` (the caller of load_corpus or iter_corpus).

    The readers are generators and helpers several calls deep; a fixed
    ``stacklevel`` would point into them, or at the wrong caller.
    """
    frame, level = sys._getframe(1), 2
    while frame is not None and frame.f_code.co_filename.startswith(_PACKAGE):
        frame, level = frame.f_back, level + 1
    warnings.warn(message, category, stacklevel=level)
