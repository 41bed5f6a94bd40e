"""Resolution: low-dpi scans are upscaled to about 300 dpi, where Tesseract reads best; an image
with no trustworthy dpi is judged by the height of its letters instead."""

from __future__ import annotations

import cv2
import numpy as np

from ocr.cleanup import Grey

TARGET_DPI = 300
UPSCALE_BELOW_DPI = 250  # a scan at or above this is left as it is
GLYPH_PX_AT_300 = 28.0  # median letter height of 10-12 pt text at 300 dpi (analysis: full size)
MAX_FACTOR = 3.0


def factor_for(dpi: int | None, glyph_px: float) -> float:
    """How much to enlarge: from the dpi when known, else from the letter height (1.0: leave)."""
    if dpi:
        return min(MAX_FACTOR, TARGET_DPI / dpi) if dpi < UPSCALE_BELOW_DPI else 1.0
    if glyph_px <= 0 or glyph_px >= GLYPH_PX_AT_300 * UPSCALE_BELOW_DPI / TARGET_DPI:
        return 1.0
    return min(MAX_FACTOR, GLYPH_PX_AT_300 / glyph_px)


def upscale(grey: Grey, factor: float) -> Grey:
    """Enlarge by `factor` with bicubic interpolation (letters stay smooth, not blocky)."""
    if factor <= 1.0:
        return grey
    bigger = cv2.resize(grey, None, fx=factor, fy=factor, interpolation=cv2.INTER_CUBIC)
    return np.asarray(bigger, dtype=np.uint8)
