"""Measuring text on a page image: ink, glyph height, text lines, skew, sideways or upside down.

Text lines are found by smearing letters together along a line (a morphological close) and
taking `minAreaRect` of each smear; the median line angle is the skew. All of this runs on a
copy no wider than ANALYSIS_SIDE pixels, so it costs tens of milliseconds on an A4 page.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

from ocr.cleanup import Grey, rotate

ANALYSIS_SIDE = 1600  # analysis runs on a copy this size (long side)
MIN_GLYPH_PX = 4  # on the analysis copy: smaller components are specks
MIN_LINES = 3  # fewer text lines than this: no opinion on skew or orientation
LINE_MIN_LENGTH = 6.0  # a text line is at least this many glyph heights long ...
LINE_MAX_THICKNESS = 2.6  # ... and at most this many glyph heights thick
MIN_DESKEW_DEGREES = 0.3  # straightening a smaller skew does not help Tesseract
MAX_DESKEW_DEGREES = 10.0  # a larger angle is more likely layout than skew


@dataclass(frozen=True)
class Lines:
    """Text lines seen on the analysis copy: their angles (degrees) and lengths, both ways."""

    flat: list[tuple[float, float]]  # (angle, length) of lines within ±45° of horizontal
    upright: list[tuple[float, float]]  # the same for lines within ±45° of vertical
    glyph: float  # median glyph height on the analysis copy, pixels


def shrink(grey: Grey, side: int = ANALYSIS_SIDE) -> tuple[Grey, float]:
    """A copy whose long side is at most `side`, and the scale applied (<= 1)."""
    scale = min(1.0, side / max(grey.shape))
    if scale >= 1.0:
        return grey, 1.0
    small = cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    return np.asarray(small, dtype=np.uint8), scale


def ink(grey: Grey) -> Grey:
    """255 where there is ink: Otsu on a lightly smoothed copy (noise specks mostly vanish)."""
    smooth = cv2.GaussianBlur(grey, (3, 3), 0)
    _, mask = cv2.threshold(smooth, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    return np.asarray(mask, dtype=np.uint8)


def glyph_height(mask: Grey) -> float:
    """Median height of letter-sized ink components (0.0 when there are too few)."""
    count, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    heights = stats[1:count, cv2.CC_STAT_HEIGHT]
    widths = stats[1:count, cv2.CC_STAT_WIDTH]
    letters = heights[
        (heights >= MIN_GLYPH_PX) & (heights < mask.shape[0] / 20) & (widths < 4 * heights)
    ]
    return float(np.median(letters)) if letters.size >= 20 else 0.0


def text_lines(mask: Grey) -> Lines:
    """Smear letters into lines horizontally and vertically; keep the long thin smears."""
    glyph = glyph_height(mask)
    if not glyph:
        return Lines([], [], 0.0)
    reach = max(3, round(glyph * 1.5))
    flat = _smears(mask, np.ones((1, reach), np.uint8), glyph)
    upright = _smears(mask, np.ones((reach, 1), np.uint8), glyph)
    return Lines(
        [s for s in flat if abs(s[0]) <= 45], [s for s in upright if abs(s[0]) > 45], glyph
    )


def _smears(mask: Grey, kernel: np.ndarray, glyph: float) -> list[tuple[float, float]]:
    closed = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, kernel)
    contours, _ = cv2.findContours(closed, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    found = []
    for contour in contours:
        if len(contour) < 5:
            continue
        angle, length, thickness = _long_side(cv2.minAreaRect(contour))
        if length >= LINE_MIN_LENGTH * glyph and thickness <= LINE_MAX_THICKNESS * glyph:
            found.append((angle, length))
    return found


def _long_side(rect: tuple) -> tuple[float, float, float]:
    """(angle of the long side in image coordinates folded into (-90, 90], length, thickness)."""
    corners = cv2.boxPoints(rect)
    first, second = corners[1] - corners[0], corners[2] - corners[1]
    long_edge, short_edge = (
        (first, second) if np.hypot(*first) >= np.hypot(*second) else (second, first)
    )
    angle = math.degrees(math.atan2(float(long_edge[1]), float(long_edge[0])))
    while angle > 90.0:
        angle -= 180.0
    while angle <= -90.0:
        angle += 180.0
    return angle, float(np.hypot(*long_edge)), float(np.hypot(*short_edge))


def weighted_median(pairs: list[tuple[float, float]]) -> float:
    """Median of the values, each counted by its weight (line angles weighted by length)."""
    ordered = sorted(pairs)
    half = sum(weight for _, weight in ordered) / 2.0
    running = 0.0
    for value, weight in ordered:
        running += weight
        if running >= half:
            return value
    return 0.0


def is_sideways(lines: Lines) -> bool:
    """True when more text runs up and down than across: the page lies turned 90°."""
    across = sum(length for _, length in lines.flat)
    along = sum(length for _, length in lines.upright)
    return len(lines.upright) >= MIN_LINES and along > 2.0 * across


def skew(lines: Lines) -> float:
    """Counter-clockwise degrees that straighten the lines (0.0 with too few of them)."""
    if len(lines.flat) < MIN_LINES:
        return 0.0
    return weighted_median(lines.flat)


def skew_angle(grey: Grey) -> float:
    """Counter-clockwise degrees that straighten the text lines of a page image."""
    small, _ = shrink(grey)
    return skew(text_lines(ink(small)))


def deskew(grey: Grey) -> tuple[Grey, float]:
    """Straighten a skewed page; returns the image and the angle applied (0.0 when left alone)."""
    angle = skew_angle(grey)
    if not MIN_DESKEW_DEGREES < abs(angle) <= MAX_DESKEW_DEGREES:
        return grey, 0.0
    return rotate(grey, angle), angle
