"""Outreach from the browser: the dry-run preview of what each person would receive (GET), and the
registrar's click that records and sends exactly that (a CSRF-protected POST). Email needs the
relay; a chat channel is always ready (its outbox sends when the chat service runs)."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from aiohttp import web
from multidict import MultiMapping
from sqlmodel import Session

from bot.context import Context
from bot.coverage import profile
from bot.models import utcnow
from bot.outreach.channels import EMAIL, Sender, senders
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


def _ready(ctx: Context) -> tuple[dict[str, Sender], str | None]:
    """The channels that can carry a request now, and why email cannot (if it cannot)."""
    channels = senders(ctx.settings, ctx.engine)
    problem = channels[EMAIL].problem()
    return {name: s for name, s in channels.items() if not s.problem()}, problem


def _values(plan_: Plan, ready: dict[str, Sender], problem: str | None, ids: list[int],
            **extra: Any) -> dict[str, Any]:
    chosen = {m.key for m in plan_.messages if m.sendable and m.channel in ready}
    shown = problem if any(m.channel == EMAIL for m in plan_.messages) or not chosen else None
    return {"plan": plan_, "problem": shown, "ids": ids, "chosen": chosen, "ready": ready,
            "digest": plan_.digest(chosen), **extra}


async def preview_page(request: web.Request) -> web.Response:
    ctx = ctx_of(request)
    await asyncio.to_thread(profile.ensure, ctx.engine)
    ids = _ids(request.query.getall("doc", []))
    found = await in_db(request, _preview, ctx.settings, ids, utcnow())
    ready, problem = _ready(ctx)
    return render(request, "outreach.html", **_values(found, ready, problem, ids,
                                                     sent=int_or_none(request.query.get("sent")),
                                                     made=int_or_none(request.query.get("made"))))


def _form(data: MultiMapping[Any]) -> tuple[list[int], set[str], str]:
    ids = _ids([str(v) for v in data.getall("doc", [])])
    chosen = {str(v).strip().lower() for v in data.getall("to", [])[:MAX_CHOSEN]}
    return ids, chosen, str(data.get("digest", ""))[:64]


def _record(session: Session, settings: Settings, ready: dict[str, Sender], ids: list[int],
            chosen: set[str], digest: str, actor: str, now: datetime
            ) -> tuple[Plan, list[int], bool]:
    found = plan(session, settings, ids, now)
    done = record(session, found, chosen, digest, actor, ready, now)
    return found, done.request_ids, done.changed


async def send_post(request: web.Request) -> web.StreamResponse:
    """Record the previewed requests to the ticked people, then send what the hourly limit
    allows now (the scheduler sends the rest)."""
    ctx = ctx_of(request)
    ids, chosen, digest = _form(await request.post())
    await asyncio.to_thread(profile.ensure, ctx.engine)
    ready, problem = _ready(ctx)
    if problem and not chosen:
        found = await in_db(request, _preview, ctx.settings, ids, utcnow())
        return render(request, "outreach.html", status=409,
                      **_values(found, ready, problem, ids))
    found, made, changed = await in_db(request, _record, ctx.settings, ready, ids, chosen,
                                       digest, login_of(request).username, utcnow())
    if changed:
        return render(request, "outreach.html", status=409,
                      **_values(found, ready, problem, ids, changed=True))
    sent = await asyncio.to_thread(send_due, ctx) if made else 0
    query = urlencode([("doc", i) for i in ids] + [("made", len(made)), ("sent", sent)])
    return see_other(f"/outreach?{query}")


def routes() -> list[web.RouteDef]:
    return [web.get("/outreach", preview_page), web.post("/outreach", send_post)]
