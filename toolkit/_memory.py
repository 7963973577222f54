"""Memory for big columns: fresh arrays that cost only what is written, and freed memory given back.

glibc keeps the memory of freed arrays smaller than about 32 MB for reuse,
but the next step's arrays, of other sizes, often cannot use it: a run over
millions of tokens would keep hundreds of megabytes it no longer needs.
:func:`release_free_memory` calls glibc's ``malloc_trim(0)``, which returns
the free pages (a few milliseconds); where the C library is not glibc
(macOS, Windows, musl) it does nothing.

:func:`fresh_array` makes an array on an anonymous memory map of its own:
its pages are taken from the system as they are written (an array larger
than needed costs nothing past its last value) and given back as soon as
the array goes. numpy asks Linux for huge pages for its large arrays, which
on a machine set to compact memory for them (``defrag = madvise``) can stall
for tenths of a second; the tokens table's columns are written this way.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import mmap

import numpy as np

__all__ = ["release_free_memory", "fresh_array"]


def fresh_array(n: int, dtype) -> np.ndarray:
    """An uninitialised array of ``n`` values on an anonymous memory map (writable; freed with the array).

    Examples
    --------
    >>> a = fresh_array(3, "int32")
    >>> a[:] = [1, 2, 3]
    >>> a.tolist(), a.dtype.name
    ([1, 2, 3], 'int32')
    """
    dtype = np.dtype(dtype)
    return np.frombuffer(mmap.mmap(-1, max(n * dtype.itemsize, 1)), dtype=dtype, count=n)


@functools.lru_cache(maxsize=1)
def _malloc_trim():
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return libc.malloc_trim
    except (OSError, AttributeError):  # not glibc
        return None


def release_free_memory() -> None:
    """Return the memory glibc keeps free to the system (no effect elsewhere).

    Examples
    --------
    >>> release_free_memory()
    """
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
