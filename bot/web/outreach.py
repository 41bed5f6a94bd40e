"""Outreach from the browser: the dry-run preview of what each person would receive (GET), and the
registrar's click that records and sends exactly that (a CSRF-protected POST)."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from aiohttp import web
from multidict import MultiMapping
from sqlmodel import Session

from bot.coverage import profile
from bot.models import utcnow
from bot.outreach.channels import senders
from bot.outreach.plan import Plan, plan
from bot.outreach.record import record
from bot.outreach.send import send_due
from bot.settings import Settings
from bot.web.common import ctx_of, in_db, int_or_none, login_of, render, see_other

MAX_CHOSEN = 200


def _ids(values: list[str]) -> list[int]:
    found = [int_or_none(v) for v in values[:MAX_CHOSEN]]
    return list(dict.fromkeys(i for i in found if i))


def _preview(session: Session, settings: Settings, ids: list[int], now: datetime) -> Plan:
    return plan(session, settings, ids, now)


def _values(plan_: Plan, problem: str | None, ids: list[int], **extra: Any) -> dict[str, Any]:
    chosen = {m.address for m in plan_.messages if m.sendable}
    return {"plan": plan_, "problem": problem, "ids": ids, "chosen": chosen,
            "digest": plan_.digest(chosen), **extra}


async def preview_page(request: web.Request) -> web.Response:
    ctx = ctx_of(request)
    await asyncio.to_thread(profile.ensure, ctx.engine)
    ids = _ids(request.query.getall("doc", []))
    found = await in_db(request, _preview, ctx.settings, ids, utcnow())
    problem = senders(ctx.settings)["email"].problem()
    return render(request, "outreach.html", **_values(found, problem, ids,
                                                     sent=int_or_none(request.query.get("sent")),
                                                     made=int_or_none(request.query.get("made"))))


def _form(data: MultiMapping[Any]) -> tuple[list[int], set[str], str]:
    ids = _ids([str(v) for v in data.getall("doc", [])])
    chosen = {str(v).strip().lower() for v in data.getall("to", [])[:MAX_CHOSEN]}
    return ids, chosen, str(data.get("digest", ""))[:64]


def _record(session: Session, settings: Settings, ids: list[int], chosen: set[str],
            digest: str, actor: str, now: datetime) -> tuple[Plan, list[int], bool]:
    found = plan(session, settings, ids, now)
    done = record(session, found, chosen, digest, actor, senders(settings)["email"], now)
    return found, done.request_ids, done.changed


async def send_post(request: web.Request) -> web.StreamResponse:
    """Record the previewed requests to the ticked people, then send what the hourly limit
    allows now (the scheduler sends the rest)."""
    ctx = ctx_of(request)
    ids, chosen, digest = _form(await request.post())
    await asyncio.to_thread(profile.ensure, ctx.engine)
    problem = senders(ctx.settings)["email"].problem()
    if problem:
        found = await in_db(request, _preview, ctx.settings, ids, utcnow())
        return render(request, "outreach.html", status=409, **_values(found, problem, ids))
    found, made, changed = await in_db(request, _record, ctx.settings, ids, chosen, digest,
                                       login_of(request).username, utcnow())
    if changed:
        return render(request, "outreach.html", status=409,
                      **_values(found, None, ids, changed=True))
    sent = await asyncio.to_thread(send_due, ctx) if made else 0
    query = urlencode([("doc", i) for i in ids] + [("made", len(made)), ("sent", sent)])
    return see_other(f"/outreach?{query}")


def routes() -> list[web.RouteDef]:
    return [web.get("/outreach", preview_page), web.post("/outreach", send_post)]
