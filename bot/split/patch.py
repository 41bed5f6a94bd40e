"""The PATCH-T separator sheet: Kodak's transfer patch, four parallel bars narrow-wide-narrow-
wide (bars 2 mm and 5 mm, spaces 2 mm, at least 19 mm long). Seen in either reading direction
(a sheet fed the other way round reads wide-narrow-wide-narrow), across or along the page."""

from __future__ import annotations

import itertools
import re

import cv2
import numpy as np

from ocr.cleanup import Grey

NARROW_MM, WIDE_MM, MIN_LENGTH_MM = 2.0, 5.0, 19.0
WORK_DPI = 75
TOLERANCE = 0.35  # a bar may be this much wider or narrower than specified (print, scan)
PATTERNS = ("NWNW", "WNWN")
_TEXT = re.compile(r"patch[\s_-]*t\b", re.IGNORECASE)


def _bars(mask: Grey, px_per_mm: float) -> list[tuple[int, int, int, int]]:
    """Solid upright rectangles at least MIN_LENGTH_MM tall: (x, y, width, height)."""
    count, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    bars = []
    for x, y, w, h, area in stats[1:count]:
        if h >= MIN_LENGTH_MM * px_per_mm and h >= 3 * w and area >= 0.85 * w * h:
            bars.append((int(x), int(y), int(w), int(h)))
    return sorted(bars)


def _kind(width: float, px_per_mm: float) -> str | None:
    for name, mm in (("N", NARROW_MM), ("W", WIDE_MM)):
        if abs(width / px_per_mm - mm) <= TOLERANCE * mm:
            return name
    return None


def _is_patch(group: list[tuple[int, int, int, int]], px_per_mm: float) -> bool:
    kinds = "".join(_kind(w, px_per_mm) or "?" for _, _, w, _ in group)
    if kinds not in PATTERNS:
        return False
    gaps = [b[0] - (a[0] + a[2]) for a, b in itertools.pairwise(group)]
    tops = [y for _, y, _, _ in group]
    same_row = max(tops) - min(tops) <= 3 * NARROW_MM * px_per_mm
    return same_row and all(_kind(g, px_per_mm) == "N" for g in gaps)


def _found_upright(mask: Grey, px_per_mm: float) -> bool:
    bars = _bars(mask, px_per_mm)
    return any(_is_patch(bars[i:i + 4], px_per_mm) for i in range(len(bars) - 3))


def has_patch_t(grey: Grey, dpi: int) -> bool:
    """True when the page carries a transfer patch (bars running down or across the page)."""
    if dpi > WORK_DPI * 1.5:  # bars are 2 mm and more: a coarse image shows them, 4x faster
        factor = WORK_DPI / dpi
        grey = np.asarray(cv2.resize(grey, None, fx=factor, fy=factor,
                                     interpolation=cv2.INTER_AREA), dtype=np.uint8)
        dpi = WORK_DPI
    px_per_mm = dpi / 25.4
    _, binary = cv2.threshold(grey, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    mask: Grey = np.asarray(binary, dtype=np.uint8)
    return _found_upright(mask, px_per_mm) or _found_upright(np.ascontiguousarray(mask.T),
                                                             px_per_mm)


def says_patch_t(text: str) -> bool:
    """The sheet's printed caption, read by OCR ("PATCH T")."""
    return _TEXT.search(text) is not None and len(text.split()) <= 12
