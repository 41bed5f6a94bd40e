"""Bulk confirmation: the high-confidence items of a filtered set, confirmed at once after the
registrar has looked at a sample (the least certain of them first)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import web
from sqlalchemy import func
from sqlmodel import Session, col, select

from bot.decisions import bulk_confirm
from bot.models import QueueEntry
from bot.web.common import in_db, int_or_none, login_of, render, see_other
from bot.web.facets import SyncState, sync
from bot.web.itemview import summary
from bot.web.listing import Filters
from bot.web.queue import SYNC

SAMPLE = 20
MAX_PER_POST = 5000
BATCH = 200


def bulk_filters(filters: Filters) -> Filters:
    """Only queued, high-confidence items are ever confirmed in bulk."""
    return replace(filters, state="queued", confidence="high")


def _sample(session: Session, filters: Filters, state: SyncState) -> dict[str, Any]:
    sync(session, state)
    where = filters.conditions()
    total = session.exec(select(func.count()).select_from(QueueEntry).where(*where)).one()
    upto = session.exec(select(func.max(QueueEntry.item_id)).where(*where)).one()
    rows = session.exec(select(QueueEntry).where(*where).order_by(col(QueueEntry.score))
                        .limit(SAMPLE)).all()
    details = summary(session, rows)
    return {"total": total, "upto": upto or 0,
            "rows": [(r, details.get(r.item_id)) for r in rows]}


async def bulk_page(request: web.Request) -> web.Response:
    filters = bulk_filters(Filters.parse(request.query))
    data = await in_db(request, _sample, filters, request.app[SYNC])
    return render(request, "bulk.html", filters=filters, query=filters.query(),
                  done=int_or_none(request.query.get("done")), **data)


def _chosen(session: Session, filters: Filters, upto: int) -> list[int]:
    query = select(QueueEntry.item_id).where(*filters.conditions(),
                                             col(QueueEntry.item_id) <= upto)
    return list(session.exec(query.order_by(col(QueueEntry.item_id)).limit(MAX_PER_POST)).all())


async def bulk_post(request: web.Request) -> web.StreamResponse:
    """Confirm, in batches of one transaction each, the items the sample was drawn from (none
    that arrived after the registrar looked)."""
    form = {k: str(v) for k, v in (await request.post()).items()}
    query = form.get("q", "")[:1000]
    filters = bulk_filters(Filters.parse(dict(parse_qsl(query))))
    ids = await in_db(request, _chosen, filters, int_or_none(form.get("upto")) or 0)
    actor, done = login_of(request).username, 0
    for start in range(0, len(ids), BATCH):
        done += await in_db(request, bulk_confirm, ids[start:start + BATCH], actor)
    return see_other(f"/bulk?{filters.query(sort='oldest')}&done={done}")


def routes() -> list[web.RouteDef]:
    return [web.get("/bulk", bulk_page), web.post("/bulk", bulk_post)]
