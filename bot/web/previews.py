"""Page previews: one page of an original (PDF or image) rendered to PNG on first request and
cached by content hash and page; the original bytes are only read, never changed."""

from __future__ import annotations

import io
import os
import tempfile
import threading
from pathlib import Path

import pypdfium2
from PIL import Image

from bot.context import Context
from bot.models import Item

SCALE = 2.0  # 144 dpi: sharp when zoomed, ~1200 px wide for A4
MAX_SIDE = 2400
RENDERING = threading.BoundedSemaphore(2)  # rendering is CPU work; leave room for the rest


class NoPreview(Exception):
    """This item has no page with that number that can be shown as a picture."""

_PDFIUM = threading.Lock()

def can_preview(item: Item) -> bool:
    return item.media_type == "application/pdf" or item.media_type.startswith("image/")


def original_page(item: Item, number: int) -> int:
    """The page in the original bytes: a part made by splitting counts from its first page."""
    pages = item.meta.get("pages")
    if not isinstance(pages, list) or len(pages) != 2:
        return number
    first, last = int(pages[0]), int(pages[1])
    if number > last - first + 1:
        raise NoPreview(number)
    return first + number - 1


def _render_pdf(data: bytes, page: int) -> Image.Image:
    with _PDFIUM:  # PDFium is not thread-safe, and previews render in a thread pool
        pdf = pypdfium2.PdfDocument(data)
        try:
            if not 1 <= page <= len(pdf):
                raise NoPreview(page)
            return pdf[page - 1].render(scale=SCALE).to_pil()
        finally:
            pdf.close()


def _render_image(data: bytes, page: int) -> Image.Image:
    opened = Image.open(io.BytesIO(data))
    try:
        opened.seek(page - 1)
    except EOFError as error:
        raise NoPreview(page) from error
    image = opened.convert("RGB") if opened.mode not in ("RGB", "L") else opened.copy()
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    return image


def _render(data: bytes, media_type: str, page: int) -> bytes:
    with RENDERING:
        image = _render_pdf(data, page) if media_type == "application/pdf" else _render_image(
            data, page)
        out = io.BytesIO()
        image.save(out, format="PNG", optimize=False)
        return out.getvalue()


def cache_path(ctx: Context, sha256: str, page: int) -> Path:
    return ctx.settings.home / "previews" / sha256[:2] / f"{sha256}-{page}.png"


def _store(path: Path, png: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".render-")
    with os.fdopen(fd, "wb") as handle:
        handle.write(png)
    os.replace(tmp, path)


def preview(ctx: Context, item: Item, number: int) -> Path:
    """The cached PNG of the item's page `number` (1-based), rendered when first asked for."""
    if not can_preview(item) or number < 1:
        raise NoPreview(number)
    page = original_page(item, number)
    path = cache_path(ctx, item.sha256, page)
    if not path.exists():
        try:
            png = _render(ctx.blobs.get(item.sha256), item.media_type, page)
        except (pypdfium2.PdfiumError, OSError, ValueError) as error:
            raise NoPreview(number) from error
        _store(path, png)
    return path
