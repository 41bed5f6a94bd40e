"""Page previews: one page of an original (PDF or image) rendered to PNG and cached by content
hash and page — the first pages while the item is processed (`prerender`), any other on first
request. The original bytes are only read, never changed; an Office, RTF or HTML file is
shown through its PDF rendition (bot/renditions.py). Rendering runs in a child bounded in
memory and time (bot/preview_worker.py under bot/bounded.py): a hostile file costs the web
process and the worker nothing but the wait; a page is rendered at most 2400 pixels on its
longer side and an image over 80 M pixels is not decoded."""

from __future__ import annotations

import logging
import os
import struct
import sys
import tempfile
import threading
from pathlib import Path

from bot import bounded
from bot import preview_worker as worker
from bot.context import Context
from bot.models import Item
from bot.renditions import rendition_sha256

FIRST_PAGES = 2  # what the item page shows before any scrolling, rendered while processing
MEMORY_BYTES = 768 << 20  # the child's address space (Python, PDFium, one page's bitmap)
TIMEOUT_SECONDS = 30.0
RENDERING = threading.BoundedSemaphore(2)  # rendering is CPU work; leave room for the rest
_WORKER = Path(worker.__file__).resolve()
log = logging.getLogger(__name__)


class NoPreview(Exception):
    """This item has no page with that number that can be shown as a picture."""


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


def _frames(out: bytes, count: int) -> list[bytes]:
    found, at = [], 0
    for _ in range(count):
        if at + 4 > len(out):
            raise NoPreview("output cut short")
        (size,) = struct.unpack(">I", out[at:at + 4])
        found.append(out[at + 4:at + 4 + size])
        at += 4 + size
    return found


def _render(data: bytes, media_type: str, pages: list[int]) -> list[bytes]:
    """Each page's PNG (b"" where there is none), rendered in a bounded child."""
    command = [sys.executable, "-P", str(_WORKER), media_type, *(str(p) for p in pages)]
    with RENDERING:
        try:
            done = bounded.run(command, data, MEMORY_BYTES + len(data), TIMEOUT_SECONDS)
        except bounded.TimedOut as error:
            raise NoPreview("timed out") from error
    if done.returncode != 0:  # killed at its memory or CPU bound, or crashed
        raise NoPreview(f"exit {done.returncode}")
    return _frames(done.stdout, len(pages))


def cache_path(ctx: Context, sha256: str, page: int) -> Path:
    return ctx.settings.home / "previews" / sha256[:2] / f"{sha256}-{page}.png"


def _store(path: Path, png: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".render-")
    with os.fdopen(fd, "wb") as handle:
        handle.write(png)
    os.replace(tmp, path)


def _cached(ctx: Context, item: Item, numbers: list[int]) -> list[Path | None]:
    """The cached PNGs of these pages of the item, rendering (at once) those not yet there."""
    sha256, media_type = _shown(item)
    paths = [cache_path(ctx, sha256, original_page(item, n)) for n in numbers]
    missing = [(path, original_page(item, n)) for path, n in zip(paths, numbers, strict=True)
               if not path.exists()]
    if missing:
        pngs = _render(ctx.blobs.get(sha256), media_type, [page for _, page in missing])
        for (path, _), png in zip(missing, pngs, strict=True):
            if png:
                _store(path, png)
    return [path if path.exists() else None for path in paths]


def preview(ctx: Context, item: Item, number: int) -> Path:
    """The cached PNG of the item's page `number` (1-based), rendered when first asked for."""
    if not can_preview(item) or number < 1:
        raise NoPreview(number)
    path = _cached(ctx, item, [number])[0]
    if path is None:
        raise NoPreview(number)
    return path


def prerender(ctx: Context, item: Item, count: int = FIRST_PAGES) -> int:
    """Render the first pages' previews now (while the item is processed), so that its first
    view is as fast as the next. Never fails: a page that cannot be rendered is left to be
    tried on request. Returns the number of pages in the cache."""
    if not can_preview(item):
        return 0
    try:
        pages = item.meta.get("pages")
        if isinstance(pages, list) and len(pages) == 2:
            count = min(count, int(pages[1]) - int(pages[0]) + 1)
        return sum(1 for path in _cached(ctx, item, list(range(1, count + 1))) if path)
    except Exception as error:  # a picture never fails the item
        log.warning("item %s: previews not rendered (%s)", item.id, type(error).__name__)
        return 0
