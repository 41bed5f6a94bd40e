"""A page photographed on a desk: find the sheet's four corners and straighten it to A4.

The sheet is the largest bright four-cornered shape; it must cover a fair part of the photo
but not all of it (a flat scan with dark borders is not a photo), and be clearly brighter than
what surrounds it. The result is the sheet alone, at A4 proportions and 300 dpi.
"""

from __future__ import annotations

import cv2
import numpy as np

from ocr.cleanup import Grey

WORK_SIDE = 800
PAGE_AREA = (0.2, 0.92)  # share of the photo the sheet may cover
MIN_CONTRAST = 35.0  # sheet brighter than its surroundings by at least this (grey levels)
A4_300DPI = (2480, 3508)


def find_page(grey: Grey) -> np.ndarray | None:
    """The sheet's corners (4x2 float32, full-size pixels: top-left, top-right, bottom-right,
    bottom-left), or None when the image does not look like a photographed sheet."""
    scale = WORK_SIDE / max(grey.shape)
    resized = cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    small: Grey = np.asarray(cv2.GaussianBlur(resized, (5, 5), 0), dtype=np.uint8)
    _, bright = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    bright = cv2.morphologyEx(bright, cv2.MORPH_CLOSE, np.ones((9, 9), np.uint8))
    contours, _ = cv2.findContours(bright, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    sheet = max(contours, key=cv2.contourArea)
    share = cv2.contourArea(sheet) / float(small.shape[0] * small.shape[1])
    corners = cv2.approxPolyDP(sheet, 0.02 * cv2.arcLength(sheet, True), True)
    if not PAGE_AREA[0] <= share <= PAGE_AREA[1] or len(corners) != 4:
        return None
    if not cv2.isContourConvex(corners) or _contrast(small, sheet) < MIN_CONTRAST:
        return None
    return order_corners(corners.reshape(4, 2).astype(np.float32) / np.float32(scale))


def _contrast(small: Grey, sheet: np.ndarray) -> float:
    inside = np.zeros(small.shape, np.uint8)
    cv2.drawContours(inside, [sheet], -1, (255,), -1)
    return float(np.median(small[inside > 0]) - np.median(small[inside == 0]))


def order_corners(points: np.ndarray) -> np.ndarray:
    """Top-left, top-right, bottom-right, bottom-left (by coordinate sums and differences)."""
    sums, diffs = points.sum(axis=1), np.diff(points, axis=1).ravel()
    return np.array(
        [
            points[sums.argmin()],
            points[diffs.argmin()],
            points[sums.argmax()],
            points[diffs.argmax()],
        ],
        dtype=np.float32,
    )


def straighten(grey: Grey, corners: np.ndarray) -> Grey:
    """The sheet warped flat: A4 at 300 dpi, portrait or landscape as its sides say."""
    top = np.linalg.norm(corners[1] - corners[0]) + np.linalg.norm(corners[2] - corners[3])
    side = np.linalg.norm(corners[3] - corners[0]) + np.linalg.norm(corners[2] - corners[1])
    width, height = A4_300DPI if side >= top else A4_300DPI[::-1]
    target = np.array([[0, 0], [width, 0], [width, height], [0, height]], dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(corners, target)
    flat = cv2.warpPerspective(
        grey, matrix, (width, height), flags=cv2.INTER_CUBIC, borderValue=(255,)
    )
    return np.asarray(flat, dtype=np.uint8)
