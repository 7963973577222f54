"""Reports: a corpus summary (Markdown and CSV) and the theme report (tables, charts, one HTML page).

- :mod:`toolkit.reports.summary`: :func:`summarize` (size figures),
  :func:`write_summary` (``summary.md``, ``top_stems.csv``, ``themes.csv``;
  the ``summary`` command); :func:`top_content_stems`, now
  ``tk.top_terms(tk.count_terms(tokens, by=[], forms=True), n=n)``, kept one
  release with a FutureWarning;
- :mod:`toolkit.reports.html`: :func:`write_report` (CSV and Parquet tables,
  PNG charts, ``index.html``; the ``report`` command), written into a
  temporary folder and moved into place when complete.

Both were separate modules before (``toolkit.report`` and ``toolkit.batch``);
those names still work for one release, with a FutureWarning.
"""

from __future__ import annotations

from .html import DEFAULT_LEXICONS, write_report
from .summary import summarize, top_content_stems, write_summary

__all__ = ["summarize", "top_content_stems", "write_summary", "write_report", "DEFAULT_LEXICONS"]
