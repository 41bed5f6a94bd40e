"""PDF pages to text: the text layer where it is real, otherwise the page rendered grey and OCRed.

pypdfium2 is not thread-safe: read PDFs from one thread per process (workers are processes).
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator

import numpy as np
import pypdfium2 as pdfium

from ocr import layercheck, parallel, textlayer
from ocr.cleanup import Grey, is_blank
from ocr.model import OcrError, OcrOptions, PageText
from ocr.page_ocr import PageResult
from ocr.parallel import Job

POINTS_PER_INCH = 72.0
ENCRYPTED_CODES = (pdfium.raw.FPDF_ERR_PASSWORD, pdfium.raw.FPDF_ERR_SECURITY)


def pdf_pages(data: bytes, options: OcrOptions) -> Iterator[PageText]:
    """Open the PDF now (so a broken or encrypted one fails at once) and read its pages lazily."""
    return (result.page for result in pdf_results(data, options))


def pdf_results(data: bytes, options: OcrOptions, rendition: bool = False) -> Iterator[PageResult]:
    """`pdf_pages` with what a searchable rendition needs (see ocr.page_ocr.PageResult)."""
    document = _open(data)
    count = len(document)
    if count == 0:
        document.close()
        raise OcrError("PDF:en har inga sidor / PDF has no pages")
    layers: dict[int, str] = {}  # page number -> a short text layer, kept in case OCR reads less
    results = parallel.run(_jobs(document, count, options, layers), options, rendition)
    return (_short_layer_kept(result, layers) for result in results)


def _short_layer_kept(result: PageResult, layers: dict[int, str]) -> PageResult:
    """A page whose text layer was too short to trust alone (a one-line decision, a receipt)
    keeps that layer when OCR read nothing: a short document is still a document."""
    layer = layers.pop(result.page.number, "")
    if layer and not result.page.text.strip():
        result.page.text = textlayer.tidy(layer)
        result.page.method = "textlayer"
        result.page.confidence = None
        result.page.steps["short_textlayer"] = True
    return result


def _open(data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if exc.err_code in ENCRYPTED_CODES and b"/Encrypt" in data:
            raise OcrError("PDF:en är krypterad / PDF is encrypted") from exc
        if exc.err_code in (*ENCRYPTED_CODES, pdfium.raw.FPDF_ERR_SUCCESS):
            # an empty page tree fails without an error of its own: the code is a stale one
            raise OcrError(
                "trasig PDF, inte krypterad men går inte att öppna (inga sidor?) / "
                "broken PDF: not encrypted, yet cannot be opened (no pages?)"
            ) from exc
        raise OcrError(f"trasig PDF / broken PDF: {exc}") from exc


def _jobs(
    document: pdfium.PdfDocument, count: int, options: OcrOptions, layers: dict[int, str]
) -> Iterator[Job]:
    last = min(count, options.max_pages)
    try:
        for index in range(last):
            job = _job(document, index, options, layers)
            if index == last - 1 and last < count:
                parallel.mark_truncated(job, last, count)
            yield job
    finally:
        document.close()


def _job(
    document: pdfium.PdfDocument, index: int, options: OcrOptions, layers: dict[int, str]
) -> Job:
    start = time.monotonic()
    try:
        page = document[index]
    except pdfium.PdfiumError as exc:
        return _done(index + 1, "ocr", start, {"error": str(exc)})
    try:
        job = _page_job(page, index + 1, options, start, layers)
    except (pdfium.PdfiumError, ValueError) as exc:  # ValueError: a page of no size
        job = _done(index + 1, "ocr", start, {"error": f"page: {exc}"})
    finally:
        page.close()
    return job


def _done(number: int, method: str, start: float, steps: dict[str, object]) -> Job:
    page = PageText(number, "", None, method, time.monotonic() - start, steps)
    return Job(number, done=PageResult(page))


def _page_job(
    page: pdfium.PdfPage, number: int, options: OcrOptions, start: float, layers: dict[int, str]
) -> Job:
    text, layer_steps = _trusted_layer(page, options)
    if text is None:
        short = _short_layer(page, options)
        if short:
            layers[number] = short
    if text is not None:
        done = PageText(number, textlayer.tidy(text), None, "textlayer", 0.0, layer_steps)
        done.seconds = time.monotonic() - start
        return Job(number, done=PageResult(done))
    grey, dpi = _render(page, options)
    steps: dict[str, object] = {"dpi": dpi, **layer_steps}
    if is_blank(grey):
        return _done(number, "blank", start, steps)
    return Job(number, grey=grey, dpi=dpi, steps=steps, spent=time.monotonic() - start, inked=True)


def _trusted_layer(
    page: pdfium.PdfPage, options: OcrOptions
) -> tuple[str | None, dict[str, object]]:
    """The page's text layer when it is real text that matches the page's ink (None: OCR the
    page), and the steps to record either way."""
    textpage = page.get_textpage()
    try:
        text, repaired = textlayer.repair_mojibake(str(textpage.get_text_bounded()))
        chars = textlayer.char_count(text)
        steps: dict[str, object] = {"textlayer_chars": chars} if chars else {}
        if not textlayer.usable(text, options.min_text_chars):
            return None, steps
        fit = layercheck.check(page, textpage)  # a small render, only for scans
        if fit is not None and fit.mismatch:
            return None, {**steps, "textlayer_mismatch": fit.steps()}
        return text, {"mojibake_repaired": True} if repaired else {}
    finally:
        textpage.close()


def _layer_text(page: pdfium.PdfPage) -> str:
    textpage = page.get_textpage()
    try:
        return textlayer.repair_mojibake(str(textpage.get_text_bounded()))[0]
    finally:
        textpage.close()


def _short_layer(page: pdfium.PdfPage, options: OcrOptions) -> str:
    """A text layer of a few real characters: too short to trust over OCR, good as a fallback
    ("" for none, or for a long layer that was not trusted)."""
    text = _layer_text(page)
    short = len("".join(text.split())) < options.min_text_chars
    return text if short and textlayer.usable(text, 1) else ""


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
