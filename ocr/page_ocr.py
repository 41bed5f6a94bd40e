"""OCR of one grey page image: blank check, clean-up, Tesseract, a turn if still unreadable,
the paragraph sign put back. Runs in a worker process (see ocr.parallel) or in-process."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import cv2

from ocr import cleanup, fixes, languages, layout, tesseract
from ocr.cleanup import Grey
from ocr.model import OcrOptions, PageText
from ocr.prepare import Prepared, prepare
from ocr.tesseract import Box, Recognised, TesseractFailed, TesseractTimeout

CHECK_ORIENTATION_BELOW = 60.0  # mean word confidence under which a turned page is suspected
MIN_OSD_CONFIDENCE = 2.0  # weaker OSD answers are not worth a second OCR pass
RENDITION_JPEG_QUALITY = 60  # the page image inside the searchable PDF
MIN_CLEAN_SIDE = 64  # pixels: a smaller image is read as it is


@dataclass
class PageResult:
    """A page read, plus (when asked for) what a searchable PDF of it needs."""

    page: PageText
    jpeg: bytes | None = None  # the cleaned page image as OCRed
    size: tuple[int, int] = (0, 0)  # its width and height in pixels
    dpi: int | None = None
    boxes: list[Box] = field(default_factory=list)


def ocr_page(
    grey: Grey, number: int, options: OcrOptions, dpi: int | None, steps: dict[str, object]
) -> PageText:
    """Read one page image; on a Tesseract timeout or failure, an empty page with steps["error"]."""
    return read_page(grey, number, options, dpi, steps).page


def read_page(
    grey: Grey,
    number: int,
    options: OcrOptions,
    dpi: int | None,
    steps: dict[str, object],
    rendition: bool = False,
    known_inked: bool = False,
) -> PageResult:
    """`ocr_page`, keeping the cleaned image and word boxes when `rendition` is asked for;
    `known_inked`: the caller has already found the page not blank."""
    start = time.monotonic()
    if not known_inked and cleanup.is_blank(grey):
        blank = PageText(number, "", None, "blank", time.monotonic() - start, steps)
        return image_only(blank, grey, dpi) if rendition else PageResult(blank)
    ready = _clean(grey, dpi, options, steps)
    models = languages.narrow(options.languages)
    if models != options.languages:
        steps["languages"] = models  # a configured model is not installed here
    try:
        deadline = start + options.page_timeout
        result, image = _recognise_upright(ready, options, models, deadline, steps)
    except (TesseractTimeout, TesseractFailed) as exc:
        steps["error"] = "timeout" if isinstance(exc, TesseractTimeout) else f"tesseract: {exc}"
        return PageResult(PageText(number, "", None, "ocr", time.monotonic() - start, steps))
    text = result.text
    if options.fix_paragraphs:
        text = _corrected(text, steps)
    steps["words"] = result.words
    page = PageText(number, text, result.confidence, "ocr", time.monotonic() - start, steps)
    if not rendition:
        return PageResult(page)
    rendered = image_only(page, image, ready.dpi)
    rendered.boxes = result.boxes
    if text != result.text:  # the searchable rendition says `§` where the text does
        words = fixes.corrected_words([box[4] for box in result.boxes], text)
        rendered.boxes = [(*box[:4], word) for box, word in zip(result.boxes, words, strict=True)]
    return rendered


def _corrected(text: str, steps: dict[str, object]) -> str:
    """`§` and `–` put back where the context asks for them, counted in the steps."""
    for key, correct in (
        ("paragraph_signs", fixes.restore_paragraph_signs),
        ("en_dashes", fixes.restore_en_dashes),
    ):
        text, count = correct(text)
        if count:
            steps[key] = count
    return text


def image_only(page: PageText, image: Grey, dpi: int | None) -> PageResult:
    """The page with its image JPEG-encoded for a searchable rendition (no words yet)."""
    jpeg = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, RENDITION_JPEG_QUALITY])[1]
    return PageResult(page, jpeg.tobytes(), (image.shape[1], image.shape[0]), dpi)


def _clean(grey: Grey, dpi: int | None, options: OcrOptions, steps: dict[str, object]) -> Prepared:
    if options.clean_up and min(grey.shape) >= MIN_CLEAN_SIDE:
        try:
            return prepare(grey, dpi, steps, turn=options.auto_rotate, straighten=options.deskew)
        except cv2.error as exc:  # a page OpenCV cannot handle is read as it came
            steps["cleanup_error"] = str(exc).strip().splitlines()[-1][:200]
            return Prepared(grey, dpi, False)
    if options.deskew and min(grey.shape) >= MIN_CLEAN_SIDE:
        grey, angle = layout.deskew(grey)
        if angle:
            steps["deskew"] = round(angle, 2)
    return Prepared(grey, dpi, False)


def _recognise_upright(
    ready: Prepared, options: OcrOptions, models: str, deadline: float, steps: dict[str, object]
) -> tuple[Recognised, Grey]:
    """OCR as is; if that reads poorly and the way up is not known, ask OSD for a turn and keep
    whichever reading is better."""
    grey, dpi = ready.grey, ready.dpi
    first = tesseract.recognise(grey, models, dpi, _remaining(deadline))
    if (
        ready.upright_known
        or not options.auto_rotate
        or first.confidence >= CHECK_ORIENTATION_BELOW
    ):
        return first, grey
    try:
        found = tesseract.orientation(grey, _remaining(deadline))
        if found is None or found[0] == 0 or found[1] < MIN_OSD_CONFIDENCE:
            return first, grey
        turned_image = cleanup.rotate_quarters(grey, found[0])
        turned = tesseract.recognise(turned_image, models, dpi, _remaining(deadline))
    except (TesseractTimeout, TesseractFailed):
        return first, grey  # the first reading stands; the turn was only a chance to do better
    if turned.confidence <= first.confidence:
        return first, grey
    steps["rotation"] = (int(str(steps.get("rotation", 0))) + found[0]) % 360
    return turned, turned_image


def _remaining(deadline: float) -> float:
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise TesseractTimeout
    return remaining
