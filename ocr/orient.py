"""Which way up is the page? Latin letters reach up (b d f h k l t, capitals, å ä ö) far more
often than down (g j p q y): on an upright line there is more ink above the x-height band than
below it. Measured per text line on an upright-or-upside-down mask, summed over the page."""

from __future__ import annotations

import cv2
import numpy as np

from ocr.cleanup import Grey
from ocr.layout import LINE_MAX_THICKNESS, LINE_MIN_LENGTH, glyph_height

UPRIGHT_ABOVE_BELOW = 1.4  # ink above / below at least this: upright
UPSIDE_DOWN_ABOVE_BELOW = 1 / 1.4  # at most this: upside down; between: cannot tell
MIN_LINES = 4
BAND_SHARE = 0.5  # rows with at least this share of the line's densest row form the x-band


def ascender_ratio(mask: Grey, glyph: float = 0.0) -> tuple[float, int]:
    """(ink above the x-band / ink below it over all lines, lines measured) on a level mask;
    `glyph`: the median letter height when already known."""
    glyph = glyph or glyph_height(mask)
    if not glyph:
        return 1.0, 0
    closed = cv2.morphologyEx(
        mask, cv2.MORPH_CLOSE, np.ones((1, max(3, round(glyph * 1.5))), np.uint8)
    )
    count, _, stats, _ = cv2.connectedComponentsWithStats(closed, connectivity=8)
    above = below = 0.0
    measured = 0
    for left, top, width, height, _ in stats[1:count]:
        if width < LINE_MIN_LENGTH * glyph or height > LINE_MAX_THICKNESS * glyph:
            continue
        up, down = _line_ink(mask[top : top + height, left : left + width])
        above, below, measured = above + up, below + down, measured + 1
    return (above + 1.0) / (below + 1.0), measured


def _line_ink(line: Grey) -> tuple[float, float]:
    profile = np.count_nonzero(line, axis=1).astype(np.float64)
    if not profile.any():
        return 0.0, 0.0
    band = np.flatnonzero(profile >= BAND_SHARE * profile.max())
    return float(profile[: band[0]].sum()), float(profile[band[-1] + 1 :].sum())


def turn_needed(mask: Grey, glyph: float = 0.0) -> int | None:
    """0 (upright) or 180 (upside down) for a level page, None when the page cannot tell."""
    ratio, lines = ascender_ratio(mask, glyph)
    if lines < MIN_LINES:
        return None
    if ratio >= UPRIGHT_ABOVE_BELOW:
        return 0
    if ratio <= UPSIDE_DOWN_ABOVE_BELOW:
        return 180
    return None
