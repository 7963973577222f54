"""Progress bars for long runs: tqdm, in a notebook or a terminal."""

from __future__ import annotations

__all__ = ["progress_bar"]


def progress_bar(enabled: bool, total, unit: str, desc: str):
    """A tqdm progress bar (notebook or terminal), or None when switched off or tqdm is missing."""
    if not enabled:
        return None
    try:
        from tqdm.auto import tqdm
    except ImportError:  # pragma: no cover - tqdm is a dependency
        return None
    return tqdm(total=total, desc=desc, unit=unit, leave=False)
