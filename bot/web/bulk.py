"""Bulk confirmation: every queued item certain of both case and record (`bot.bulk`, shared with
`diariebot confirm --high`) shown row by row, a page at a time, oldest first; the registrar
unticks any row that is wrong and confirms the page — only the rows that were shown and left
ticked, and only those still certain and queued when the confirmation arrives."""

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
from bot.web.common import BadRequest, ctx_of, in_db, int_or_none, login_of, render, see_other
from bot.web.facets import SyncState, sync
from bot.web.itemview import summary
from bot.web.listing import Filters, keyset
from bot.web.queue import SYNC

PAGE = 100  # rows shown, and at most confirmed, at once


def bulk_filters(filters: Filters) -> Filters:
    """Only queued, high-confidence items are ever confirmed in bulk, oldest first."""
    return replace(filters, state="queued", confidence="high", sort="oldest")


def _rows(session: Session, filters: Filters, state: SyncState, after: str) -> dict[str, Any]:
    sync(session, state)
    conditions = filters.conditions()
    chosen = bulk_query(*conditions).subquery()
    total = session.execute(select(func.count()).select_from(chosen)).scalar_one()
    start = keyset("oldest", after or "0")
    before = session.execute(select(func.count()).select_from(chosen).where(
        chosen.c.item_id <= int(after or 0))).scalar_one()
    rows = list(session.exec(bulk_query(*conditions, start)
                             .order_by(col(QueueEntry.item_id)).limit(PAGE + 1)).all())
    more, rows = len(rows) > PAGE, rows[:PAGE]
    details = summary(session, rows)
    return {"total": total, "first": before + 1, "last": before + len(rows), "more": more,
            "next": rows[-1].item_id if rows else 0,
            "rows": [(r, details.get(r.item_id)) for r in rows]}


async def bulk_page(request: web.Request) -> web.Response:
    filters = bulk_filters(Filters.parse(request.query))
    data = await in_db(request, _rows, filters, request.app[SYNC],
                       request.query.get("after", "")[:30])
    return render(request, "bulk.html", filters=filters, query=filters.query(), size=PAGE,
                  done=int_or_none(request.query.get("done")),
                  left=int_or_none(request.query.get("left")), **data)


def _ids(values: list[str]) -> list[int]:
    """Item ids from the form; anything else is a bad request, not a guess."""
    found = [int_or_none(v) for v in values[:PAGE]]
    if len(values) > PAGE or any(i is None or i < 1 for i in found):
        raise BadRequest("item")
    return [i for i in found if i is not None]


async def bulk_post(request: web.Request) -> web.StreamResponse:
    """Confirm the page's ticked rows (one transaction a batch); the next page follows."""
    form = await request.post()
    query = str(form.get("q", ""))[:1000]
    filters = bulk_filters(Filters.parse(dict(parse_qsl(query))))
    shown = _ids([str(v) for v in form.getall("shown", [])])
    ticked = [i for i in _ids([str(v) for v in form.getall("item", [])]) if i in shown]
    engine = ctx_of(request).engine
    ids = await asyncio.to_thread(bulk_ids, engine,
                                  [*filters.conditions(), col(QueueEntry.item_id).in_(ticked)])
    done = await asyncio.to_thread(confirm_all, engine, ids, login_of(request).username)
    left = len(set(shown) - set(ticked))
    return see_other(f"/bulk?{filters.query()}&after={max(shown, default=0)}"
                     f"&done={done}&left={left}")


def routes() -> list[web.RouteDef]:
    return [web.get("/bulk", bulk_page), web.post("/bulk", bulk_post)]
