"""Preview pages rendered in a child bounded by bot/bounded.py (memory, CPU and wall-clock
time): the shown file on stdin, its media type and the page numbers as arguments, each page's
PNG out as a frame (a 4-byte length, then the bytes; length 0: no such page, or it could not
be rendered). A page is rendered at most MAX_SIDE pixels on its longer side, whatever its
MediaBox says; an image over MAX_PIXELS is not decoded. It imports nothing of the bot, so it
starts in a fraction of a second."""

from __future__ import annotations

import io
import struct
import sys

import pypdfium2
from PIL import Image

SCALE = 2.0  # 144 dpi: sharp when zoomed, ~1200 px wide for A4
MAX_SIDE = 2400  # pixels on a preview's longer side (A3 at 144 dpi still fits)
MAX_PIXELS = 80_000_000  # an image OCR would not read is not decoded for a preview either
FAILED = (pypdfium2.PdfiumError, OSError, ValueError, EOFError, Image.DecompressionBombError)


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()


def _pdf(data: bytes, pages: list[int]) -> list[bytes]:
    try:
        pdf = pypdfium2.PdfDocument(data)
    except FAILED:
        return [b""] * len(pages)
    try:
        return [_pdf_page(pdf, page) for page in pages]
    finally:
        pdf.close()


def _pdf_page(pdf: pypdfium2.PdfDocument, page: int) -> bytes:
    if not 1 <= page <= len(pdf):
        return b""
    try:
        sheet = pdf[page - 1]
        width, height = sheet.get_size()  # points; a hostile MediaBox can be huge
        scale = min(SCALE, MAX_SIDE / max(width, height, 1.0))
        return _png(sheet.render(scale=scale).to_pil())
    except FAILED:
        return b""


def _image(data: bytes, page: int) -> bytes:
    opened = Image.open(io.BytesIO(data))
    try:
        opened.seek(page - 1)
    except EOFError:
        return b""
    if opened.size[0] * opened.size[1] > MAX_PIXELS:
        return b""
    opened.draft("RGB", (MAX_SIDE, MAX_SIDE))  # a JPEG decodes at a reduced size
    image = opened.convert("RGB") if opened.mode not in ("RGB", "L") else opened.copy()
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    return _png(image)


def render(data: bytes, media_type: str, pages: list[int]) -> list[bytes]:
    """Each page's PNG, b"" for one that is not there or cannot be rendered."""
    if media_type == "application/pdf":
        return _pdf(data, pages)
    found = []
    for page in pages:
        try:
            found.append(_image(data, page))
        except FAILED:
            found.append(b"")
    return found


def main(argv: list[str]) -> int:
    media_type, pages = argv[0], [int(a) for a in argv[1:]]
    out = sys.stdout.buffer
    for png in render(sys.stdin.buffer.read(), media_type, pages):
        out.write(struct.pack(">I", len(png)) + png)
    out.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
