"""Keeping a long-lived OCR worker's memory from creeping up: glibc's malloc raises its mmap
threshold after large blocks are freed, so later page-sized buffers (Tesseract's copies of a
300-dpi page) land in the heap and stay resident after use. The threshold is fixed, and freed
memory handed back to the system after each page. A no-op where glibc is absent."""

from __future__ import annotations

import ctypes
import ctypes.util
from functools import cache

M_MMAP_THRESHOLD = -3  # mallopt parameter numbers from glibc's malloc.h
MMAP_THRESHOLD_BYTES = 1 << 20  # blocks from 1 MB up are mapped, and unmapped when freed


@cache
def _libc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
    except OSError:
        return None
    if libc is None or not hasattr(libc, "malloc_trim") or not hasattr(libc, "mallopt"):
        return None
    return libc


def fixed_mmap_threshold() -> None:
    """Map large blocks however many were freed before (no dynamic threshold)."""
    libc = _libc()
    if libc is not None:
        libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES)


def give_back() -> None:
    """Return the heap's free memory to the system (after a page is read)."""
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)
