"""Does a PDF page's text layer match the ink on the page?

A scan can carry a text layer that is not its text: an archive stamp ("Inkom 2021-03-04
Dnr KS 2021/0456") or a header read by an old OCR tool over a page full of text, or an
invisible OCR layer misplaced or belonging to another page. Such a layer passes every test of
the text itself, so the page is rendered small and the layer's rectangles laid over its ink.

Only pages where a mismatch is possible are rendered: those mostly covered by images, and
those whose text is drawn invisibly. A page of ordinary vector text is trusted as it is.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np
import pypdfium2 as pdfium
from numpy.typing import NDArray

from ocr.cleanup import DARK_LEVEL, Grey

Mask = NDArray[np.bool_]
Box = tuple[int, int, int, int]  # top row, bottom row, left column, right column (exclusive)

POINTS_PER_INCH = 72.0
CHECK_DPI = 50  # 11-pt text is ~8 px tall: enough to tell lines of ink from blank paper
CHECK_MAX_PIXELS = 4_000_000  # a huge page is checked at a lower resolution
MIN_IMAGE_SHARE = 0.5  # images cover at least half the page: a scan, or a scan pasted in
INVISIBLE_SAMPLES = 16  # characters whose render mode is looked at (no walk over all objects)
RECT_MARGIN_PX = 2  # ~1 mm: an OCR layer's glyph boxes sit loosely on the scanned letters
# A blob of ink counts at most this many pixels (about a short word's ink at 11 pt and
# CHECK_DPI). Counted by plain pixels, one solid logo and a scanner edge made 0.8 of the ink
# on a good eight-line letter: a false alarm.
BLOB_CAP = 30
MIN_RECT_INK = 0.02  # a rectangle sits on ink when 2% of its pixels are dark (words: 10-30%)
# Uncovered ink on a good page: logos, signatures, stamps, table rules, handwritten notes and
# scanner borders. Weighed blob by blob (BLOB_CAP) they came to 0.00-0.15 on test pages with
# all of them; 0.33 with six lines of handwriting beside six printed ones, 0.36 with a
# half-page photo above six. A layer holding only a stamp or a header leaves 0.83-1.0
# uncovered, one holding a third of the page's lines 0.67.
MAX_UNCOVERED_INK = 0.5
# A matching layer has ink under nearly every rectangle (0.97-1.0 measured); a layer placed
# where the page is blank, or belonging to another page, has ink under few (0.0-0.4).
MIN_RECTS_ON_INK = 0.5


@dataclass(frozen=True)
class LayerFit:
    """How the text layer lies over the page's ink (both shares 0..1)."""

    uncovered_ink: float  # share of the ink outside the text rectangles (blobs capped)
    rects_on_ink: float  # share of the text rectangles with ink under them

    @property
    def mismatch(self) -> bool:
        """True when the layer cannot be the page's text: OCR the page instead."""
        return self.uncovered_ink > MAX_UNCOVERED_INK or self.rects_on_ink < MIN_RECTS_ON_INK

    def steps(self) -> dict[str, float]:
        """The figures, rounded, for a page's `steps`."""
        return {
            "uncovered_ink": round(self.uncovered_ink, 2),
            "rects_on_ink": round(self.rects_on_ink, 2),
        }


def check(page: pdfium.PdfPage, textpage: pdfium.PdfTextPage) -> LayerFit | None:
    """How the layer fits the page's ink; None for a page that needs no check (vector text)
    or cannot be rendered (its layer is then trusted, as it was before this check)."""
    try:
        if not needs_check(page, textpage):
            return None
        grey, boxes = render_with_boxes(page, textpage)
    except pdfium.PdfiumError:
        return None
    return fit(ink_mask(grey), boxes)


def needs_check(page: pdfium.PdfPage, textpage: pdfium.PdfTextPage) -> bool:
    """True when images cover much of the page or the text is drawn invisibly."""
    return image_share(page) >= MIN_IMAGE_SHARE or has_invisible_text(textpage)


def image_share(page: pdfium.PdfPage) -> float:
    """Share of the page under image objects (an image inside a form counts with the form)."""
    left, bottom, right, top = page.get_bbox()  # get_cropbox ignores an inherited MediaBox
    covered = 0.0
    for image in page.get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_IMAGE]):
        outermost = image
        while outermost.container is not None:  # nested bounds are in the form's space
            outermost = outermost.container
        x0, y0, x1, y1 = outermost.get_bounds()
        width, height = min(x1, right) - max(x0, left), min(y1, top) - max(y0, bottom)
        covered += max(width, 0.0) * max(height, 0.0)
    return min(covered / (max(right - left, 1.0) * max(top - bottom, 1.0)), 1.0)


def has_invisible_text(textpage: pdfium.PdfTextPage) -> bool:
    """True when any of a few characters spread over the layer is drawn in invisible mode."""
    count = textpage.count_chars()
    for index in sorted({count * i // INVISIBLE_SAMPLES for i in range(INVISIBLE_SAMPLES)}):
        textobj = textpage.get_textobj(index) if index < count else None
        if textobj is None:
            continue
        mode = pdfium.raw.FPDFTextObj_GetTextRenderMode(textobj)
        if mode == pdfium.raw.FPDF_TEXTRENDERMODE_INVISIBLE:
            return True
    return False


def render_with_boxes(page: pdfium.PdfPage, textpage: pdfium.PdfTextPage) -> tuple[Grey, list[Box]]:
    """The page grey at CHECK_DPI and the layer's rectangles in its pixels. Images are
    sampled, not smoothed: a third faster, and faint strokes keep their contrast."""
    width, height = page.get_size()
    scale = CHECK_DPI / POINTS_PER_INCH
    scale = min(scale, math.sqrt(CHECK_MAX_PIXELS / (max(width, 1.0) * max(height, 1.0))))
    bitmap = page.render(scale=scale, grayscale=True, no_smoothimage=True)
    try:
        pixels = np.array(bitmap.to_numpy(), dtype=np.uint8)
        convert = bitmap.get_posconv(page)  # points to pixels, the page's rotation included
        boxes = []
        for index in range(textpage.count_rects()):
            left, bottom, right, top = textpage.get_rect(index)
            boxes.append(pixel_box(convert.to_bitmap(left, top), convert.to_bitmap(right, bottom)))
    finally:
        bitmap.close()
    if pixels.ndim == 3:
        pixels = np.ascontiguousarray(pixels[:, :, 0])
    return pixels, boxes


def pixel_box(corner: tuple[int, int], opposite: tuple[int, int]) -> Box:
    """A box from two opposite corners (x, y) in pixels, whichever way the page is turned."""
    (x0, y0), (x1, y1) = corner, opposite
    return min(y0, y1), max(y0, y1) + 1, min(x0, x1), max(x0, x1) + 1


def ink_mask(grey: Grey) -> Mask:
    """Dark pixels: ink."""
    return np.asarray(grey < DARK_LEVEL)


def fit(ink: Mask, boxes: list[Box]) -> LayerFit:
    """Both measures of a layer's fit over an ink mask."""
    return LayerFit(uncovered_share(ink, boxes), share_on_ink(ink, boxes))


def uncovered_share(ink: Mask, boxes: list[Box], margin: int = RECT_MARGIN_PX) -> float:
    """Share of the ink outside the boxes grown by `margin` pixels, each blob of ink weighing
    at most BLOB_CAP pixels (see `blob_weights`); 0.0 without ink."""
    weights = blob_weights(ink)
    total = float(weights.sum())
    if total == 0.0:
        return 0.0
    covered = np.zeros_like(ink)
    for top, bottom, left, right in boxes:
        covered[_window(top, bottom, left, right, margin)] = True
    return float(weights[~covered].sum()) / total


def blob_weights(ink: Mask, cap: int = BLOB_CAP) -> NDArray[np.float64]:
    """Per pixel: 0 off ink; on ink, min(1, cap / size of its blob), so that a solid logo, a
    scanner border or a table rule counts as a word, not as thousands of pixels of text."""
    _, labels, stats, _ = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
    areas = stats[:, cv2.CC_STAT_AREA].astype(np.float64)
    per_blob = np.minimum(1.0, cap / np.maximum(areas, 1.0))
    per_blob[0] = 0.0  # label 0: the paper
    return np.asarray(per_blob[labels], dtype=np.float64)


def share_on_ink(ink: Mask, boxes: list[Box], margin: int = RECT_MARGIN_PX) -> float:
    """Share of the boxes (grown by `margin`) at least MIN_RECT_INK dark; 0.0 without boxes.
    A box off the page has no ink under it."""
    inked = 0
    for top, bottom, left, right in boxes:
        window = ink[_window(top, bottom, left, right, margin)]
        if window.size and np.count_nonzero(window) >= MIN_RECT_INK * window.size:
            inked += 1
    return inked / len(boxes) if boxes else 0.0


def _window(top: int, bottom: int, left: int, right: int, margin: int) -> tuple[slice, slice]:
    return (
        slice(max(top - margin, 0), max(bottom + margin, 0)),
        slice(max(left - margin, 0), max(right + margin, 0)),
    )
