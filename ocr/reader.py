"""Choosing how to read a document from its media type: PDF, image, Word, plain text, or CSV,
JSON and XML as text."""

from __future__ import annotations

from collections.abc import Iterator

from ocr import direct
from ocr.images import image_pages, image_results
from ocr.model import OcrError, OcrOptions, PageText
from ocr.pdf import pdf_pages, pdf_results
from ocr.structured import KINDS as STRUCTURED
from ocr.structured import structured_page

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TEXT = "text/plain"
IMAGES = frozenset(
    {"image/png", "image/jpeg", "image/tiff", "image/gif", "image/bmp", "image/webp"}
)
ALIASES = {
    "image/jpg": "image/jpeg",
    "image/pjpeg": "image/jpeg",
    "image/x-png": "image/png",
    "image/tif": "image/tiff",
    "image/x-tiff": "image/tiff",
    "image/x-bmp": "image/bmp",
    "image/x-ms-bmp": "image/bmp",
    "application/xml": "text/xml",
}
DEFAULT_OPTIONS = OcrOptions()


def normalise(media_type: str) -> str:
    """Lower case, without parameters (`; charset=...`), common aliases mapped to one name."""
    bare = media_type.split(";", 1)[0].strip().lower()
    return ALIASES.get(bare, bare)


def supported(media_type: str) -> bool:
    """True when `read` can read documents of this media type."""
    kind = normalise(media_type)
    return kind in (PDF, DOCX, TEXT) or kind in IMAGES or kind in STRUCTURED


def read(data: bytes, media_type: str, options: OcrOptions = DEFAULT_OPTIONS) -> Iterator[PageText]:
    """Pages of text, one at a time; OcrError (here or while iterating) when it cannot be read.

    Unsupported types, broken or encrypted PDFs and undecodable images fail when called;
    a page that cannot be loaded, times out or fails in Tesseract comes back empty
    (method "ocr", confidence None) with the reason in steps["error"].
    """
    kind = normalise(media_type)
    if kind == PDF:
        return pdf_pages(data, options)
    if kind in IMAGES:
        return image_pages(data, options)
    if kind == DOCX:
        return iter([direct.docx_page(data)])
    if kind == TEXT:
        return iter([direct.text_page(data)])
    if kind in STRUCTURED:
        return iter([structured_page(data, kind)])
    raise OcrError(f"filtypen stöds inte / unsupported file type: {media_type}")


def read_searchable(
    data: bytes, media_type: str, options: OcrOptions = DEFAULT_OPTIONS
) -> tuple[list[PageText], bytes]:
    """`read` for a PDF or an image, plus a searchable PDF rendition made in the same pass:
    scanned pages as their cleaned image with an invisible text layer, text-layer pages copied."""
    from ocr import searchable  # fpdf: half a second to import, for renditions only

    kind = normalise(media_type)
    if kind == PDF:
        return searchable.assemble(pdf_results(data, options, rendition=True), data)
    if kind in IMAGES:
        return searchable.assemble(image_results(data, options, rendition=True), None)
    raise OcrError(f"ingen PDF-version för denna filtyp / no PDF rendition for: {media_type}")


def searchable_pdf(data: bytes, media_type: str, options: OcrOptions = DEFAULT_OPTIONS) -> bytes:
    """Only the searchable PDF rendition of a scan or photo (see `read_searchable`)."""
    return read_searchable(data, media_type, options)[1]
