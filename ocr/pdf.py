"""PDF pages to text: the text layer where it is real, otherwise the page rendered grey and OCRed.

pypdfium2 is not thread-safe: read PDFs from one thread per process (workers are processes).
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator

import numpy as np
import pypdfium2 as pdfium

from ocr import textlayer
from ocr.cleanup import Grey
from ocr.model import OcrError, OcrOptions, PageText
from ocr.page_ocr import ocr_page

POINTS_PER_INCH = 72.0
ENCRYPTED_CODES = (pdfium.raw.FPDF_ERR_PASSWORD, pdfium.raw.FPDF_ERR_SECURITY)


def pdf_pages(data: bytes, options: OcrOptions) -> Iterator[PageText]:
    """Open the PDF now (so a broken or encrypted one fails at once) and read its pages lazily."""
    document = _open(data)
    count = len(document)
    if count == 0:
        document.close()
        raise OcrError("PDF:en har inga sidor / PDF has no pages")
    return _read_pages(document, count, options)


def _open(data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if exc.err_code in ENCRYPTED_CODES:
            raise OcrError("PDF:en är krypterad / PDF is encrypted") from exc
        raise OcrError(f"trasig PDF / broken PDF: {exc}") from exc


def _read_pages(
    document: pdfium.PdfDocument, count: int, options: OcrOptions
) -> Iterator[PageText]:
    last = min(count, options.max_pages)
    try:
        for index in range(last):
            page = _read_page(document, index, options)
            if index == last - 1 and last < count:
                page.steps["truncated"] = f"{last} of {count} pages read"
            yield page
    finally:
        document.close()


def _read_page(document: pdfium.PdfDocument, index: int, options: OcrOptions) -> PageText:
    start = time.monotonic()
    try:
        page = document[index]
    except pdfium.PdfiumError as exc:
        return PageText(index + 1, "", None, "ocr", time.monotonic() - start, {"error": str(exc)})
    try:
        result = _read_loaded_page(page, index + 1, options)
    except (pdfium.PdfiumError, ValueError) as exc:  # ValueError: a page of no size
        result = PageText(index + 1, "", None, "ocr", 0.0, {"error": f"page: {exc}"})
    finally:
        page.close()
    result.seconds = time.monotonic() - start
    return result


def _read_loaded_page(page: pdfium.PdfPage, number: int, options: OcrOptions) -> PageText:
    text = _text_layer(page)
    if textlayer.usable(text, options.min_text_chars):
        return PageText(number, textlayer.tidy(text), None, "textlayer", 0.0, {})
    grey, dpi = _render(page, options)
    steps: dict[str, object] = {"dpi": dpi}
    if textlayer.char_count(text):
        steps["textlayer_chars"] = textlayer.char_count(text)
    return ocr_page(grey, number, options, dpi, steps)


def _text_layer(page: pdfium.PdfPage) -> str:
    textpage = page.get_textpage()
    try:
        return str(textpage.get_text_bounded())
    finally:
        textpage.close()


def _render(page: pdfium.PdfPage, options: OcrOptions) -> tuple[Grey, int]:
    """Render grey at options.dpi, or lower when that would exceed options.max_pixels."""
    width, height = page.get_size()
    scale = options.dpi / POINTS_PER_INCH
    area = max(width, 1.0) * max(height, 1.0)
    if area * scale * scale > options.max_pixels:
        scale = math.sqrt(options.max_pixels / area)
    bitmap = page.render(scale=scale, grayscale=True)
    try:
        pixels = np.array(bitmap.to_numpy(), dtype=np.uint8)  # a copy that outlives the bitmap
    finally:
        bitmap.close()
    if pixels.ndim == 3:
        pixels = np.ascontiguousarray(pixels[:, :, 0])
    return pixels, round(scale * POINTS_PER_INCH)
