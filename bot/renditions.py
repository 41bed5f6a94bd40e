"""Office files, RTF and HTML in the pipeline: a PDF rendition made by LibreOffice (bot/office.py),
stored as a derived blob beside the untouched original and named in ``item.meta["rendition"]``;
its text layer (OCR for pictures in it) is the item's text, its pages the preview's.

A .docx keeps its own reader (ocr/direct.py: text boxes, notes, headers) for the text; an
HTML file whose rendition fails is read as text. The original's sha256 never changes.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import replace

import ocr
from bot import office, reading
from bot.context import Context
from bot.models import Item
from bot.sniff import DOCX, HTML, PDF
from bot.unpack import decode_text, html_to_text

MADE_BY = "LibreOffice"


def convertible(item: Item) -> bool:
    return office.convertible(item.media_type)


def rendition_sha256(item: Item) -> str | None:
    """The stored PDF rendition of the item, if one was made."""
    found = item.meta.get("rendition")
    return str(found["sha256"]) if isinstance(found, dict) and found.get("sha256") else None


def read(ctx: Context, item: Item, options: ocr.OcrOptions,
         left: float | None = None) -> Iterable[ocr.PageText]:
    """The item's pages; the rendition is made and recorded on the way (OcrError if neither
    it nor a fallback reader gives text)."""
    data = ctx.blobs.get(item.sha256)
    start = time.monotonic()
    try:
        pdf = office.to_pdf(data, item.media_type)
    except office.OfficeError as error:
        item.meta = {**item.meta, "rendition_error": str(error)}
        return _counted(_fallback(ctx, data, item.media_type, str(error)), start)
    item.meta = {**item.meta, "rendition": {"sha256": ctx.blobs.put(pdf), "media_type": PDF,
                                            "made_by": MADE_BY}}
    if item.media_type == DOCX:
        return _counted(reading.read_bounded(ctx.settings, data, DOCX, options, left), start)
    # LibreOffice's text layer is the document's own text: any of it is trusted; a page
    # without any (a scan pasted into a letter) is still OCRed
    pages = reading.read_bounded(ctx.settings, pdf, PDF, replace(options, min_text_chars=1),
                                 left)
    return _counted(pages, start)


def _counted(pages: Iterable[ocr.PageText], start: float) -> list[ocr.PageText]:
    """The conversion's seconds counted on the first page (the submission's reading budget)."""
    read = list(pages)
    converting = round(time.monotonic() - start - sum(page.seconds for page in read), 3)
    if read and converting > 0:
        read[0].seconds += converting
        read[0].steps["rendition_seconds"] = converting
    return read


def _fallback(ctx: Context, data: bytes, media_type: str, reason: str) -> list[ocr.PageText]:
    """Without LibreOffice: a .docx by its own reader, HTML as text; else OcrError."""
    if media_type == DOCX:
        return reading.read_bounded(ctx.settings, data, DOCX, ocr.OcrOptions())
    if media_type == HTML:
        text = html_to_text(decode_text(data, None))
        return [ocr.PageText(1, text, None, "direct", 0.0, {"format": "html"})]
    raise ocr.OcrError(reason)
