"""The web application: routes, the guard, static files, /healthz, and background processing
in the same process."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

from aiohttp import web
from aiohttp.abc import AbstractAccessLogger
from sqlalchemy import func
from sqlmodel import select

from bot.chat import web as chat
from bot.context import Context
from bot.db import session_scope
from bot.export.schedule import start_keeping
from bot.models import UserAccount
from bot.oidc import OidcClient
from bot.scheduler import start_intake
from bot.service import Supervisor
from bot.web import (
    actions,
    admin,
    archive,
    bulk,
    coverage,
    coversheets,
    health,
    item,
    login,
    oidc,
    outreach,
    search,
    wanted,
)
from bot.web.common import CTX, PACKAGE
from bot.web.errors import errors
from bot.web.facets import SyncState
from bot.web.guard import guard, security_headers
from bot.web.health import SUPERVISOR
from bot.web.queue import SYNC, queue_list


async def favicon(request: web.Request) -> web.FileResponse:
    """Browsers ask for /favicon.ico whatever the page says; they all take the SVG."""
    return web.FileResponse(PACKAGE / "static" / "favicon.svg", headers={
        "Content-Type": "image/svg+xml", "Cache-Control": "public, max-age=86400"})


def _background(ctx: Context, supervisor: Supervisor) -> Any:
    """Processing runs in a process of its own: OCR and PDF rendering (PDFium is not
    thread-safe) must never share a process with the web's preview threads; intake polling
    stays here in threads."""
    async def worker(app: web.Application) -> AsyncIterator[None]:
        supervisor.start()
        intake = await asyncio.to_thread(start_intake, ctx)  # mailboxes, SMTP receiver
        keeping = start_keeping(ctx)  # scheduled exports, write-backs, backups
        yield
        if keeping is not None:
            keeping.shutdown(wait=False)
        if intake is not None:
            intake.stop()
        await asyncio.to_thread(supervisor.stop)

    return worker


def make_app(ctx: Context, background: bool = True) -> web.Application:
    app = web.Application(middlewares=[guard, errors], client_max_size=1024 * 1024)
    app.on_response_prepare.append(security_headers)
    app[CTX] = ctx
    app[SYNC] = SyncState()
    app.router.add_get("/", queue_list)
    app.router.add_get("/favicon.ico", favicon)
    for module in (login, item, actions, search, bulk, admin, archive, coversheets, health,
                   coverage, wanted, outreach):
        app.add_routes(module.routes())
    if ctx.settings.oidc_issuer:
        oidc.install(app, OidcClient(ctx.settings, ctx.engine))
    app.router.add_static("/static/", PACKAGE / "static", append_version=False)
    chat.install(app, ctx, background)  # Teams' routes; Matrix sync and chat outbox
    if background:
        app[SUPERVISOR] = Supervisor(ctx, ctx.settings.serve_workers)
        app.cleanup_ctx.append(_background(ctx, app[SUPERVISOR]))
    return app


class PathOnlyAccessLog(AbstractAccessLogger):
    """Method, path, status and time: query strings (search words, submitters' addresses) and
    client addresses can hold personal data, so they stay out of the log."""

    def log(self, request: web.BaseRequest, response: web.StreamResponse, time: float) -> None:
        self.logger.info("%s %s %s %.1f ms", request.method, request.path, response.status,
                         time * 1000)


def _accounts(ctx: Context) -> int:
    with session_scope(ctx.engine) as session:
        return int(session.exec(select(func.count()).select_from(UserAccount)).one())


def serve(ctx: Context, host: str, port: int, background: bool = True) -> None:
    print(f"diariebot: http://{host}:{port}/", flush=True)
    if _accounts(ctx) == 0:
        print("diariebot: inga konton ännu / no accounts yet: "
              "diariebot user add NAMN --role admin", flush=True)
    web.run_app(make_app(ctx, background), host=host, port=port, print=None,
                access_log_class=PathOnlyAccessLog)
