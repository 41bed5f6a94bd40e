"""Document to text, page by page: PDF text layers, OCR of scans and photos, Word and plain text.

A library of its own (it knows nothing of `bot`):

    for page in ocr.read(data, "application/pdf"):
        print(page.number, page.method, page.confidence, page.text)

    pages, rendition = ocr.read_searchable(scan, "image/tiff")  # text + searchable PDF, one pass
"""

from ocr.model import OcrError, OcrOptions, PageText, to_json
from ocr.reader import read, read_searchable, searchable_pdf, supported

__all__ = [
    "OcrError",
    "OcrOptions",
    "PageText",
    "read",
    "read_searchable",
    "searchable_pdf",
    "supported",
    "to_json",
]
