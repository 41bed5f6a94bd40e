"""The queue list page: filters, counts, sort and keyset paging over the facet rows, with the
items other registrars have open marked."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from aiohttp import web
from sqlmodel import Session

from bot.models import utcnow
from bot.web.common import in_db, login_of, render
from bot.web.facets import VISIBLE, SyncState, sync
from bot.web.itemview import summary
from bot.web.listing import BANDS, SORTS, Filters, claims, counts, options, page
from bot.web.notices import notice_of

SYNC: web.AppKey[SyncState] = web.AppKey("sync", SyncState)
# What time it is for claims; an app may be given its own clock (tests move it forward).
CLOCK: web.AppKey[Callable[[], datetime]] = web.AppKey("clock")


def now_of(request: web.Request) -> datetime:
    return request.app.get(CLOCK, utcnow)()


def _listing(session: Session, filters: Filters, after: str, state: SyncState, me: str,
             now: datetime) -> dict[str, Any]:
    sync(session, state)
    rows, next_cursor = page(session, filters, after)
    details = summary(session, rows)
    found = counts(session, filters)
    by_band = found["confidence"]
    total = by_band.get(filters.confidence, 0) if filters.confidence else sum(by_band.values())
    return {"rows": [(r, details.get(r.item_id)) for r in rows], "next_cursor": next_cursor,
            "counts": found, "total": total, "options": options(session),
            "claims": claims(rows, me, now)}


async def queue_list(request: web.Request) -> web.Response:
    filters = Filters.parse(request.query)
    after = request.query.get("after", "")[:60]
    data = await in_db(request, _listing, filters, after, request.app[SYNC],
                       login_of(request).username, now_of(request))
    return render(request, "queue.html", filters=filters, after=after, states=VISIBLE,
                  bands=BANDS, sorts=list(SORTS), notice=await notice_of(request), **data)
