"""Clean-up of page images before OCR: the image type, blank pages, turning by any angle.

Every clean-up step in ocr/ is a small pure function on a 2-D uint8 grey numpy array."""

from __future__ import annotations

import cv2
import numpy as np
from numpy.typing import NDArray

Grey = NDArray[np.uint8]

DARK_LEVEL = 128  # a pixel darker than this counts as ink for blank-page detection
BLANK_INK_FRACTION = 0.00002  # ~170 ink pixels on A4 at 300 dpi: less than one 11-pt letter


def is_blank(grey: Grey) -> bool:
    """True when the page has (almost) no ink once isolated specks of scanner noise are removed."""
    if grey.size == 0:
        return True
    ink = (grey < DARK_LEVEL).astype(np.uint8)
    solid = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))
    return int(np.count_nonzero(solid)) < BLANK_INK_FRACTION * grey.size


def rotate(grey: Grey, degrees: float) -> Grey:
    """Rotate counter-clockwise by a small angle about the centre, keeping the size, white fill."""
    height, width = grey.shape
    matrix = cv2.getRotationMatrix2D((width / 2.0, height / 2.0), degrees, 1.0)
    rotated = cv2.warpAffine(
        grey, matrix, (width, height), flags=cv2.INTER_LINEAR, borderValue=(255,)
    )
    return np.asarray(rotated, dtype=np.uint8)


def rotate_quarters(grey: Grey, degrees_clockwise: int) -> Grey:
    """Rotate clockwise by a multiple of 90° (as Tesseract OSD's "Rotate:" asks)."""
    quarters = (degrees_clockwise // 90) % 4
    return np.ascontiguousarray(np.rot90(grey, k=-quarters))
