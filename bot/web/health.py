"""Health: `/healthz` tells the anonymous (load balancers, Docker) only ok or not ok; admins
get the details there and on /admin/health — item counts, worker processes and their restarts,
leases held, and the database error if any."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any

from aiohttp import web
from sqlalchemy import func, text
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import select

from bot.context import Context
from bot.db import session_scope
from bot.leases import held_leases
from bot.models import Item
from bot.service import Supervisor
from bot.web.clock import SECONDS, local_time
from bot.web.common import CTX, LOGIN_KEY, render

SUPERVISOR: web.AppKey[Supervisor] = web.AppKey("supervisor", Supervisor)


def _counts(ctx: Context) -> dict[str, int]:
    with session_scope(ctx.engine) as session:
        rows = session.exec(select(Item.state, func.count()).group_by(Item.state)).all()
    return {state: n for state, n in rows}


def _database(ctx: Context) -> dict[str, Any]:
    with ctx.engine.connect() as conn:
        conn.execute(text("SELECT 1"))
    return {"items": _counts(ctx), "leases": len(held_leases(ctx.engine))}


async def report(app: web.Application) -> dict[str, Any]:
    """The full picture; `status` is ok only when the database answers and every worker runs."""
    supervisor = app.get(SUPERVISOR)
    found: dict[str, Any] = {"status": "ok", "database": "ok"}
    try:
        found.update(await asyncio.to_thread(_database, app[CTX]))
    except SQLAlchemyError as error:  # reported, never raised
        found.update(status="error", database=str(error).splitlines()[0][:300])
    if supervisor is not None:
        found["workers"] = supervisor.status()
        if not supervisor.healthy():
            found["status"] = "error"
    return found


def _is_admin(request: web.Request) -> bool:
    login = request.get(LOGIN_KEY)
    return login is not None and login.is_admin


async def healthz(request: web.Request) -> web.Response:
    found = await report(request.app)
    status = 200 if found["status"] == "ok" else 503
    body = found if _is_admin(request) else {"status": found["status"]}
    response = web.json_response(body, status=status)
    response.headers["Cache-Control"] = "no-store"
    return response


def _when(iso: str | None) -> str:
    """A time from the report (ISO, UTC) as the admin reads it: in Stockholm."""
    return local_time(datetime.fromisoformat(iso), SECONDS) if iso else "–"


async def health_page(request: web.Request) -> web.Response:
    return render(request, "health.html", health=await report(request.app), when=_when)


def routes() -> list[web.RouteDef]:
    return [web.get("/healthz", healthz), web.get("/admin/health", health_page)]
