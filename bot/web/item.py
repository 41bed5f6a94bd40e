"""The item page (opening it claims the item for a while), its page previews and its original
bytes."""

from __future__ import annotations

import asyncio
import re
from datetime import datetime
from urllib.parse import quote

from aiohttp import web
from sqlmodel import Session

from bot.models import Item
from bot.previews import NoPreview, preview
from bot.web.common import ctx_of, in_db, lang_of, login_of, render
from bot.web.facets import SyncState
from bot.web.history import lines
from bot.web.itemview import ItemPage, duplicate_candidates, load
from bot.web.listing import Filters, claim
from bot.web.notices import notice_of
from bot.web.queue import SYNC, now_of

SAFE_NAME = re.compile(r"[^A-Za-z0-9ÅÄÖåäöÉé._ ()-]+")


def item_id_of(request: web.Request) -> int:
    try:
        return int(request.match_info["item_id"])
    except ValueError as error:
        raise web.HTTPNotFound() from error


def _load(session: Session, item_id: int, filters: Filters, state: SyncState, me: str,
          now: datetime, minutes: float | None) -> tuple[ItemPage, list[Item]] | None:
    """What the page shows; the item is claimed for `me` unless `minutes` is None."""
    page = load(session, item_id, filters, state, me, now)
    if page is None:
        return None
    if minutes is not None:
        page.claim = claim(session, item_id, me, now, minutes)
    case = page.case
    return page, duplicate_candidates(session, page.item, case.id if case else None)



async def item_page(request: web.Request) -> web.Response:
    return await render_item(request, item_id_of(request), Filters.parse(request.query))


async def render_item(request: web.Request, item_id: int, filters: Filters, error: str = "",
                      status: int = 200) -> web.Response:
    """The item page; after a refused decision, with the reason shown above it. Opening it
    claims the item for this registrar (a browser's prefetch does not: no one looks yet)."""
    minutes = None if _prefetch(request) else ctx_of(request).settings.claim_minutes
    found = await in_db(request, _load, item_id, filters, request.app[SYNC],
                        login_of(request).username, now_of(request), minutes)
    if found is None:
        raise web.HTTPNotFound()
    page, candidates = found
    return render(request, "item.html", status=status, page=page, item=page.item,
                  filters=filters, query=filters.query(), candidates=candidates, error=error,
                  notice=await notice_of(request),
                  history=lines(page.history, lang_of(request)))


def _prefetch(request: web.Request) -> bool:
    """A browser fetching ahead (the item page's rel=prefetch of the next item)."""
    purpose = request.headers.get("Sec-Purpose") or request.headers.get("Purpose") or ""
    return "prefetch" in purpose.lower() or request.headers.get("X-Moz") == "prefetch"


def _item(session: Session, item_id: int) -> Item | None:
    return session.get(Item, item_id)


async def page_preview(request: web.Request) -> web.StreamResponse:
    item = await in_db(request, _item, item_id_of(request))
    try:
        number = int(request.match_info["number"])
        if item is None:
            raise NoPreview(number)
        path = await asyncio.to_thread(preview, ctx_of(request), item, number)
    except (ValueError, NoPreview) as error:
        raise web.HTTPNotFound() from error
    return web.FileResponse(path, headers={"Cache-Control": "private, max-age=86400",
                                           "Content-Type": "image/png"})


async def original(request: web.Request) -> web.Response:
    """The original bytes exactly as received, as a download (never shown inline)."""
    item = await in_db(request, _item, item_id_of(request))
    if item is None:
        raise web.HTTPNotFound()
    data = await asyncio.to_thread(ctx_of(request).blobs.get, item.sha256)
    name = SAFE_NAME.sub("_", item.filename or f"post-{item.id}")[:120] or "original"
    disposition = f"attachment; filename*=UTF-8''{quote(name, safe='')}"
    return web.Response(body=data, content_type="application/octet-stream", headers={
        "Content-Disposition": disposition,
        "Cache-Control": "private, no-store"})


def routes() -> list[web.RouteDef]:
    return [web.get(r"/items/{item_id:\d+}", item_page),
            web.get(r"/items/{item_id:\d+}/pages/{number:\d+}.png", page_preview),
            web.get(r"/items/{item_id:\d+}/original", original)]
