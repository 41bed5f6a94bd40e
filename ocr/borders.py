"""Scanner debris around the text: dark borders (the lid, the copier's edge) and punched holes.

Both are large dark shapes that text never makes: a dark region touching the edge of the image,
or a filled disc 4-10 mm across near an edge. They are painted paper-white, keeping the size.
"""

from __future__ import annotations

import cv2
import numpy as np

from ocr.cleanup import Grey

DARK = 90  # a pixel darker than this may belong to a border or a hole
WORK_SCALE = 0.25
BORDER_MIN_AREA = 0.002  # share of the page: smaller edge-touching shapes are left alone
HOLE_MM = (4.0, 10.0)  # diameter of a punched hole
HOLE_MARGIN_MM = 30.0  # holes sit within this distance of an edge
HOLE_FILL = 0.7  # area / bounding box; a disc has pi/4 = 0.785
MM_PER_INCH = 25.4


def _dark_parts(grey: Grey) -> tuple[int, np.ndarray, np.ndarray, float]:
    small = cv2.resize(grey, None, fx=WORK_SCALE, fy=WORK_SCALE, interpolation=cv2.INTER_AREA)
    mask = (small < DARK).astype(np.uint8)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    return count, labels, stats, small.shape[0] * small.shape[1]


def border_mask(grey: Grey) -> Grey:
    """255 where a large dark region touches the image edge (at a quarter of the resolution)."""
    return _border_mask(*_dark_parts(grey))


def _columns(stats: np.ndarray) -> tuple[np.ndarray, ...]:
    return tuple(stats[:, column] for column in range(5))  # left, top, width, height, area


def _border_mask(count: int, labels: np.ndarray, stats: np.ndarray, area: float) -> Grey:
    height, width = labels.shape
    left, top, w, h, size = _columns(stats)
    touches = (left == 0) | (top == 0) | (left + w == width) | (top + h == height)
    keep = touches & (size >= BORDER_MIN_AREA * area)
    keep[0] = False  # label 0 is the background
    return _painted(labels, keep)


def _painted(labels: np.ndarray, keep: np.ndarray) -> Grey:
    if not keep.any():
        return np.zeros(labels.shape, np.uint8)
    return np.asarray(keep[labels] * 255, dtype=np.uint8)


def hole_mask(grey: Grey, dpi: int) -> Grey:
    """255 over filled dark discs of punched-hole size near an edge (quarter resolution)."""
    count, labels, stats, _ = _dark_parts(grey)
    return _hole_mask(count, labels, stats, dpi)


def _hole_mask(count: int, labels: np.ndarray, stats: np.ndarray, dpi: int) -> Grey:
    px_per_mm = dpi * WORK_SCALE / MM_PER_INCH
    small_d, large_d = HOLE_MM[0] * px_per_mm, HOLE_MM[1] * px_per_mm
    margin = HOLE_MARGIN_MM * px_per_mm
    height, width = labels.shape
    left, top, w, h, size = _columns(stats)
    aspect = w / np.maximum(h, 1)
    round_enough = (aspect > 0.8) & (aspect < 1.25) & (size >= HOLE_FILL * w * h)
    edge = np.minimum(np.minimum(left, top), np.minimum(width - left - w, height - top - h))
    keep = (w >= small_d) & (w <= large_d) & round_enough & (edge <= margin)
    keep[0] = False
    return _painted(labels, keep)


def paint_white(grey: Grey, small_mask: Grey, grow: int = 2) -> Grey:
    """A copy with the (quarter-size) mask's pixels, slightly grown, set to white."""
    if not small_mask.any():
        return grey
    grown = cv2.dilate(small_mask, np.ones((2 * grow + 1, 2 * grow + 1), np.uint8))
    full = cv2.resize(grown, (grey.shape[1], grey.shape[0]), interpolation=cv2.INTER_NEAREST)
    painted = grey.copy()
    painted[full > 0] = 255
    return painted


def remove_borders(grey: Grey) -> tuple[Grey, float]:
    """Dark borders painted white; also the share of the page they covered (0.0: none)."""
    mask = border_mask(grey)
    return paint_white(grey, mask), float(np.count_nonzero(mask)) / mask.size


def remove_holes(grey: Grey, dpi: int) -> tuple[Grey, int]:
    """Punched holes painted white; also how many were found."""
    mask = hole_mask(grey, dpi)
    holes = cv2.connectedComponents(mask)[0] - 1
    return paint_white(grey, mask), int(holes)


def remove_debris(grey: Grey, dpi: int) -> tuple[Grey, float, int]:
    """Borders and holes in one pass over the dark parts: image, border share, holes found."""
    count, labels, stats, area = _dark_parts(grey)
    if count <= 1:
        return grey, 0.0, 0
    border = _border_mask(count, labels, stats, area)
    holes = _hole_mask(count, labels, stats, dpi)
    found = cv2.connectedComponents(holes)[0] - 1
    share = float(np.count_nonzero(border)) / border.size
    return paint_white(grey, np.maximum(border, holes)), share, int(found)
