"""Bulk confirmation: the high-confidence items of a filtered set, confirmed at once after the
registrar has looked at a sample (the least certain of them first). Which items: `bot.bulk`,
shared with `diariebot confirm --high`."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import web
from sqlalchemy import func
from sqlmodel import Session, col, select

from bot.bulk import bulk_ids, bulk_query, confirm_all
from bot.models import QueueEntry
from bot.web.common import ctx_of, in_db, int_or_none, login_of, render, see_other
from bot.web.facets import SyncState, sync
from bot.web.itemview import summary
from bot.web.listing import Filters
from bot.web.queue import SYNC

SAMPLE = 20


def bulk_filters(filters: Filters) -> Filters:
    """Only queued, high-confidence items are ever confirmed in bulk."""
    return replace(filters, state="queued", confidence="high")


def _sample(session: Session, filters: Filters, state: SyncState) -> dict[str, Any]:
    sync(session, state)
    chosen = bulk_query(*filters.conditions()).subquery()
    total = session.execute(select(func.count()).select_from(chosen)).scalar_one()
    upto = session.execute(select(func.max(chosen.c.item_id))).scalar_one()
    rows = session.exec(select(QueueEntry).where(col(QueueEntry.item_id).in_(
        select(chosen.c.item_id))).order_by(col(QueueEntry.score)).limit(SAMPLE)).all()
    details = summary(session, rows)
    return {"total": total, "upto": upto or 0,
            "rows": [(r, details.get(r.item_id)) for r in rows]}


async def bulk_page(request: web.Request) -> web.Response:
    filters = bulk_filters(Filters.parse(request.query))
    data = await in_db(request, _sample, filters, request.app[SYNC])
    return render(request, "bulk.html", filters=filters, query=filters.query(),
                  done=int_or_none(request.query.get("done")), **data)


async def bulk_post(request: web.Request) -> web.StreamResponse:
    """Confirm, in batches of one transaction each, the items the sample was drawn from (none
    that arrived after the registrar looked)."""
    form = {k: str(v) for k, v in (await request.post()).items()}
    query = form.get("q", "")[:1000]
    filters = bulk_filters(Filters.parse(dict(parse_qsl(query))))
    engine = ctx_of(request).engine
    ids = await asyncio.to_thread(bulk_ids, engine, filters.conditions(),
                                  int_or_none(form.get("upto")) or 0)
    done = await asyncio.to_thread(confirm_all, engine, ids, login_of(request).username)
    return see_other(f"/bulk?{filters.query(sort='oldest')}&done={done}")


def routes() -> list[web.RouteDef]:
    return [web.get("/bulk", bulk_page), web.post("/bulk", bulk_post)]
