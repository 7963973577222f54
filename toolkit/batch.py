"""Deprecated: ``toolkit.batch`` is now part of :mod:`toolkit.reports`; import from there (or use ``tk.``).

Kept for one release so that code written against the old module keeps working.
"""

from __future__ import annotations

import warnings

from .reports import DEFAULT_LEXICONS, write_report  # noqa: F401

warnings.warn("toolkit.batch is now toolkit.reports (the names are the same: "
              "from toolkit.reports import DEFAULT_LEXICONS, write_report); the old module goes in the next release.",
              FutureWarning, stacklevel=2)
