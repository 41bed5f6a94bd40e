"""The most-wanted page: missing records ranked by importance, with the reasons for the rank, the
people who may hold a copy, what has been asked already, and boxes to choose records for an
outreach request."""

from __future__ import annotations

import asyncio
from typing import Any

from aiohttp import web
from sqlmodel import Session

from bot.coverage import profile
from bot.coverage.holders import Directory
from bot.coverage.numbers import Scope
from bot.coverage.report import kept_board_names
from bot.coverage.wanted import PAGE, most_wanted
from bot.outreach.history import history
from bot.web.common import ctx_of, in_db, render
from bot.web.coverage import link, scope_of


def _wanted(session: Session, scope: Scope, after: str, directory: Directory) -> dict[str, Any]:
    rows = most_wanted(session, scope, directory, after)
    return {"rows": rows, "asked": history(session, [w.document.id or 0 for w in rows]),
            "next_cursor": rows[-1].cursor if len(rows) == PAGE else "",
            "boards": kept_board_names(session)}


async def wanted_page(request: web.Request) -> web.Response:
    scope = scope_of(request.query)
    after = request.query.get("after", "")[:40]
    await asyncio.to_thread(profile.ensure, ctx_of(request).engine)
    data = await in_db(request, _wanted, scope, after, Directory(ctx_of(request).settings))
    return render(request, "wanted.html", scope=scope, after=after, link=link, **data)


def routes() -> list[web.RouteDef]:
    return [web.get("/wanted", wanted_page)]
