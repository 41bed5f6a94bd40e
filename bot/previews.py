"""Page previews: one page of an original (PDF or image) rendered to PNG and cached by content
hash and page — the first pages while the item is processed (`prerender`), any other on first
request. The original bytes are only read, never changed; an Office, RTF or HTML file is
shown through its PDF rendition (bot/renditions.py). Bounded however hostile the file: a
page is rendered at most MAX_SIDE pixels on its longer side, an image over MAX_PIXELS is not
decoded at all."""

from __future__ import annotations

import io
import logging
import os
import tempfile
import threading
from pathlib import Path

import pypdfium2
from PIL import Image

from bot.context import Context
from bot.models import Item
from bot.renditions import rendition_sha256

SCALE = 2.0  # 144 dpi: sharp when zoomed, ~1200 px wide for A4
MAX_SIDE = 2400  # pixels on a preview's longer side (A3 at 144 dpi still fits)
MAX_PIXELS = 80_000_000  # an image OCR would not read is not decoded for a preview either
FIRST_PAGES = 2  # what the item page shows before any scrolling, rendered while processing
RENDERING = threading.BoundedSemaphore(2)  # rendering is CPU work; leave room for the rest


class NoPreview(Exception):
    """This item has no page with that number that can be shown as a picture."""

_PDFIUM = threading.Lock()
log = logging.getLogger(__name__)

def can_preview(item: Item) -> bool:
    return (item.media_type == "application/pdf" or item.media_type.startswith("image/")
            or rendition_sha256(item) is not None)


def _shown(item: Item) -> tuple[str, str]:
    """The blob shown and its media type: the rendition when there is one, else the original."""
    rendition = rendition_sha256(item)
    return (rendition, "application/pdf") if rendition else (item.sha256, item.media_type)


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
            sheet = pdf[page - 1]
            width, height = sheet.get_size()  # points; a hostile MediaBox can be huge
            scale = min(SCALE, MAX_SIDE / max(width, height, 1.0))
            return sheet.render(scale=scale).to_pil()
        finally:
            pdf.close()


def _render_image(data: bytes, page: int) -> Image.Image:
    opened = Image.open(io.BytesIO(data))
    try:
        opened.seek(page - 1)
    except EOFError as error:
        raise NoPreview(page) from error
    if opened.size[0] * opened.size[1] > MAX_PIXELS:
        raise NoPreview(page)
    opened.draft("RGB", (MAX_SIDE, MAX_SIDE))  # a JPEG decodes at a reduced size
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
    sha256, media_type = _shown(item)
    path = cache_path(ctx, sha256, page)
    if not path.exists():
        try:
            png = _render(ctx.blobs.get(sha256), media_type, page)
        except (pypdfium2.PdfiumError, OSError, ValueError, Image.DecompressionBombError) as error:
            raise NoPreview(number) from error
        _store(path, png)
    return path


def prerender(ctx: Context, item: Item, count: int = FIRST_PAGES) -> int:
    """Render the first pages' previews now (while the item is processed), so that its first
    view is as fast as the next. Never fails: a page that cannot be rendered is left to be
    tried on request. Returns the number of pages in the cache."""
    if not can_preview(item):
        return 0
    for number in range(1, count + 1):
        try:
            preview(ctx, item, number)
        except NoPreview:
            return number - 1
        except Exception as error:  # a picture never fails the item
            log.warning("item %s: preview of page %s not rendered (%s)", item.id, number,
                        type(error).__name__)
            return number - 1
    return count
