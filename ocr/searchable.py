"""A searchable PDF rendition from the same OCR pass that reads the text: each OCRed page is its
cleaned image with the words laid over it as invisible text where Tesseract found them; pages
with a real text layer are copied from the original. The original bytes are never changed."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pypdfium2 as pdfium
from fpdf import FPDF
from fpdf.enums import TextMode

from ocr.model import PageText
from ocr.page_ocr import PageResult

POINTS_PER_INCH = 72.0
ENCODING = "cp1252"  # the core font's code page: covers å ä ö § – and the rest of Swedish
A4_POINTS = (595.0, 842.0)
BASELINE = 0.8  # share of a word box's height above the baseline (letters with descenders)


def assemble(results: Iterator[PageResult], original: bytes | None) -> tuple[list[PageText], bytes]:
    """Pages read and the rendition: OCRed pages drawn anew, others copied from `original`."""
    output = pdfium.PdfDocument.new()
    source = pdfium.PdfDocument(original) if original is not None else None
    pages: list[PageText] = []
    try:
        for result in results:
            pages.append(result.page)
            if result.jpeg is not None:
                page_pdf = pdfium.PdfDocument(page_with_words(result))
                output.import_pages(page_pdf)
                page_pdf.close()
            elif source is not None:
                output.import_pages(source, [result.page.number - 1])
            else:  # an image page that could not be read: keep the page count right
                output.new_page(*A4_POINTS)
        return pages, _save(output)
    finally:
        output.close()
        if source is not None:
            source.close()


def page_with_words(result: PageResult) -> bytes:
    """One PDF page: the image at its resolution, each word invisible over its box."""
    assert result.jpeg is not None
    points = POINTS_PER_INCH / (result.dpi or 300)
    width, height = result.size[0] * points, result.size[1] * points
    pdf = FPDF(unit="pt", format=(width, height))
    pdf.core_fonts_encoding = ENCODING
    pdf.set_auto_page_break(False)
    pdf.set_margin(0)
    pdf.add_page()
    pdf.image(io.BytesIO(result.jpeg), x=0, y=0, w=width, h=height)
    pdf.text_mode = TextMode.INVISIBLE
    for left, top, box_width, box_height, word in result.boxes:
        _place(
            pdf,
            _encodable(word),
            left * points,
            top * points,
            box_width * points,
            box_height * points,
        )
    return bytes(pdf.output())


def _place(pdf: FPDF, word: str, x: float, y: float, width: float, height: float) -> None:
    if not word or width <= 0 or height <= 0:
        return
    pdf.set_font("Helvetica", size=max(1.0, height))
    pdf.set_stretching(100.0)  # fpdf2 measures with the stretching in force: the last word's
    natural = pdf.get_string_width(word)
    pdf.set_stretching(100.0 * width / natural if natural else 100.0)
    pdf.text(x, y + BASELINE * height, word + " ")  # the space keeps words apart when copied


def _encodable(word: str) -> str:
    return word.encode(ENCODING, "replace").decode(ENCODING)


def _save(document: pdfium.PdfDocument) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
