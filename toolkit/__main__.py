"""``python -m toolkit``: see :mod:`toolkit.cli`."""

from .cli import main

raise SystemExit(main())
