"""Clean-up of page images before OCR: small pure functions on 2-D uint8 grey numpy arrays."""

from __future__ import annotations

import cv2
import numpy as np
from numpy.typing import NDArray

Grey = NDArray[np.uint8]

DARK_LEVEL = 128  # a pixel darker than this counts as ink for blank-page detection
BLANK_INK_FRACTION = 0.00002  # ~170 ink pixels on A4 at 300 dpi: less than one 11-pt letter
MIN_DESKEW_DEGREES = 0.3  # straightening a smaller skew does not help Tesseract
MAX_DESKEW_DEGREES = 10.0  # a larger minAreaRect angle is more likely layout than skew
MIN_INK_EXTENT = 0.05  # ink narrower than this share of the page (a word, a stamp) gives no angle


def is_blank(grey: Grey) -> bool:
    """True when the page has (almost) no ink once isolated specks of scanner noise are removed."""
    if grey.size == 0:
        return True
    ink = (grey < DARK_LEVEL).astype(np.uint8)
    solid = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))
    return int(np.count_nonzero(solid)) < BLANK_INK_FRACTION * grey.size


def skew_angle(grey: Grey) -> float:
    """Counter-clockwise rotation in degrees that straightens the ink, folded into ±45°."""
    _, ink = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    points = cv2.findNonZero(ink)
    if points is None or len(points) < 10:
        return 0.0
    _, (side_a, side_b), angle = cv2.minAreaRect(points)
    if min(side_a, side_b) < MIN_INK_EXTENT * min(grey.shape):
        return 0.0
    angle = float(angle)
    while angle > 45.0:  # OpenCV versions report the rectangle angle in different ranges
        angle -= 90.0
    while angle <= -45.0:
        angle += 90.0
    return angle


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


def deskew(grey: Grey) -> tuple[Grey, float]:
    """Straighten a skewed page; returns the image and the angle applied (0.0 when left alone)."""
    angle = skew_angle(grey)
    if not MIN_DESKEW_DEGREES < abs(angle) <= MAX_DESKEW_DEGREES:
        return grey, 0.0
    return rotate(grey, angle), angle
