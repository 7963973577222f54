"""Deprecated: ``toolkit.report`` is now part of :mod:`toolkit.reports`; import from there (or use ``tk.``).

Kept for one release so that code written against the old module keeps working.
"""

from __future__ import annotations

import warnings

from .reports import summarize, top_content_stems, write_summary  # noqa: F401

warnings.warn("toolkit.report is now toolkit.reports (the names are the same: "
              "from toolkit.reports import summarize, top_content_stems, write_summary); the old module goes in the next release.",
              FutureWarning, stacklevel=2)
