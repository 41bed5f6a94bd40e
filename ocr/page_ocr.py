"""OCR of one grey page image: blank check, deskew, Tesseract, a turn if the page lies sideways."""

from __future__ import annotations

import time

from ocr import cleanup, tesseract
from ocr.cleanup import Grey
from ocr.model import OcrOptions, PageText
from ocr.tesseract import Recognised, TesseractFailed, TesseractTimeout

CHECK_ORIENTATION_BELOW = 60.0  # mean word confidence under which a sideways page is suspected
MIN_OSD_CONFIDENCE = 2.0  # weaker OSD answers are not worth a second OCR pass


def ocr_page(
    grey: Grey, number: int, options: OcrOptions, dpi: int | None, steps: dict[str, object]
) -> PageText:
    """Read one page image; on a Tesseract timeout or failure, an empty page with steps["error"]."""
    start = time.monotonic()
    if cleanup.is_blank(grey):
        return PageText(number, "", None, "blank", time.monotonic() - start, steps)
    if options.deskew:
        grey, angle = cleanup.deskew(grey)
        if angle:
            steps["deskew"] = round(angle, 2)
    deadline = start + options.page_timeout
    try:
        result = _recognise_upright(grey, options, dpi, deadline, steps)
    except TesseractTimeout:
        steps["error"] = "timeout"
        return PageText(number, "", None, "ocr", time.monotonic() - start, steps)
    except TesseractFailed as exc:
        steps["error"] = f"tesseract: {exc}"
        return PageText(number, "", None, "ocr", time.monotonic() - start, steps)
    steps["words"] = result.words
    return PageText(number, result.text, result.confidence, "ocr", time.monotonic() - start, steps)


def _recognise_upright(
    grey: Grey, options: OcrOptions, dpi: int | None, deadline: float, steps: dict[str, object]
) -> Recognised:
    """OCR as is; if that reads poorly, ask OSD for a turn and keep whichever reading is better."""
    first = tesseract.recognise(grey, options.languages, dpi, _remaining(deadline))
    if not options.auto_rotate or first.confidence >= CHECK_ORIENTATION_BELOW:
        return first
    try:
        found = tesseract.orientation(grey, _remaining(deadline))
        if found is None or found[0] == 0 or found[1] < MIN_OSD_CONFIDENCE:
            return first
        turned_image = cleanup.rotate_quarters(grey, found[0])
        turned = tesseract.recognise(turned_image, options.languages, dpi, _remaining(deadline))
    except (TesseractTimeout, TesseractFailed):
        return first  # the first reading stands; the turn was only a chance to do better
    if turned.confidence <= first.confidence:
        return first
    steps["rotation"] = found[0]
    return turned


def _remaining(deadline: float) -> float:
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise TesseractTimeout
    return remaining
