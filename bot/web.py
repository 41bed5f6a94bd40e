"""The web service: a plain page of queued items with their proposals, /healthz, and background
processing in the same process. (The registrar's real queue is its own piece of work.)"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import jinja2
from aiohttp import web
from sqlalchemy import func, text
from sqlmodel import select

from bot.context import Context
from bot.db import session_scope
from bot.models import Item
from bot.output import items_json
from bot.service import run_forever

TEMPLATES = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=jinja2.select_autoescape(["html"]),
)
CTX: web.AppKey[Context] = web.AppKey("ctx", Context)


def _counts(ctx: Context) -> dict[str, int]:
    with session_scope(ctx.engine) as session:
        rows = session.exec(select(Item.state, func.count()).group_by(Item.state)).all()
    return {state: n for state, n in rows}


def _queued(ctx: Context) -> list[dict[str, Any]]:
    with session_scope(ctx.engine) as session:
        return items_json(session, "queued")[:500]


async def index(request: web.Request) -> web.Response:
    ctx = request.app[CTX]
    counts, items = await asyncio.gather(
        asyncio.to_thread(_counts, ctx), asyncio.to_thread(_queued, ctx)
    )
    html = TEMPLATES.get_template("index.html").render(items=items, counts=counts)
    return web.Response(text=html, content_type="text/html")


def _db_ok(ctx: Context) -> None:
    with ctx.engine.connect() as conn:
        conn.execute(text("SELECT 1"))


async def healthz(request: web.Request) -> web.Response:
    ctx = request.app[CTX]
    try:
        await asyncio.to_thread(_db_ok, ctx)
    except Exception as error:  # health check reports, never raises
        return web.json_response({"status": "error", "database": str(error)}, status=503)
    return web.json_response({"status": "ok", "items": await asyncio.to_thread(_counts, ctx)})


def _background(ctx: Context) -> Any:
    async def worker(app: web.Application) -> AsyncIterator[None]:
        stop = threading.Event()
        task = asyncio.create_task(asyncio.to_thread(run_forever, ctx, stop))
        yield
        stop.set()
        await task

    return worker


def make_app(ctx: Context, background: bool = True) -> web.Application:
    app = web.Application()
    app[CTX] = ctx
    app.router.add_get("/", index)
    app.router.add_get("/healthz", healthz)
    if background:
        app.cleanup_ctx.append(_background(ctx))
    return app


def serve(ctx: Context, host: str, port: int, background: bool = True) -> None:
    print(f"diariebot: http://{host}:{port}/", flush=True)
    web.run_app(make_app(ctx, background), host=host, port=port, print=None)
