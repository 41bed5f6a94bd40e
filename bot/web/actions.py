"""The registrar's actions as form posts: each one decision, then straight on to the next item
in the same filtered order (or back to the item with the reason when it was refused). A decision
ends the item's claim, a skip ends the registrar's own; the next item is claimed at once, since
the browser may show it from its prefetch without asking again."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import web
from sqlmodel import Session

from bot import decisions
from bot.decisions import DecisionError
from bot.web.common import ctx_of, in_db, int_or_none, login_of, see_other, with_query
from bot.web.facets import SyncState, sync
from bot.web.item import item_id_of, render_item
from bot.web.listing import Filters, claim, next_after, release
from bot.web.notices import latest
from bot.web.queue import SYNC, now_of

STATUS = {"not_found": 404, "conflict": 409, "invalid": 400}


def _next(session: Session, filters: Filters, item_id: int, state: SyncState, me: str,
          now: datetime, minutes: float) -> int | None:
    """The next item no one else has claimed, claimed for `me`."""
    sync(session, state)
    next_id = next_after(session, filters, item_id, me, now)
    if next_id is not None:
        claim(session, next_id, me, now, minutes)
    return next_id


def _work_and_release(session: Session, work: Callable[..., Any], own_only: bool, item_id: int,
                      actor: str, *args: Any) -> int | None:
    """The decision, and in the same transaction the end of the item's claim (only the actor's
    own when `own_only`: skipping leaves someone else's claim alone)."""
    work(session, item_id, actor, *args)
    release(session, item_id, actor if own_only else None)
    return latest(session, item_id, actor)


def _then(path: str, query: str, done: int | None) -> web.Response:
    """On to `path` in the same filters, telling it which decision was just made."""
    told = f"done={done}" if done else ""
    return see_other(with_query(path, "&".join(q for q in (query, told) if q)))


async def _form(request: web.Request) -> tuple[dict[str, str], str, Filters]:
    form = {k: str(v) for k, v in (await request.post()).items()}
    query = form.get("q", "")[:1000]
    return form, query, Filters.parse(dict(parse_qsl(query)))


async def _decide(request: web.Request, work: Callable[..., Any], *args: Any,
                  own_only: bool = False) -> web.StreamResponse:
    item_id = item_id_of(request)
    _, query, filters = await _form(request)
    me = login_of(request).username
    try:
        done = await in_db(request, _work_and_release, work, own_only, item_id, me, *args)
    except DecisionError as error:
        return await render_item(request, item_id, filters, str(error), STATUS[error.code])
    next_id = await in_db(request, _next, filters, item_id, request.app[SYNC], me,
                          now_of(request), ctx_of(request).settings.claim_minutes)
    return _then(f"/items/{next_id}" if next_id else "/", query, done)


async def confirm(request: web.Request) -> web.StreamResponse:
    form, _, _ = await _form(request)
    return await _decide(request, decisions.confirm, int_or_none(form.get("proposal")))


async def assign(request: web.Request) -> web.StreamResponse:
    form, _, filters = await _form(request)
    case_id = int_or_none(form.get("case"))
    if case_id is None:
        return await render_item(request, item_id_of(request), filters,
                                 "välj ett ärende / choose a case", 400)
    if form.get("mode") == "new":
        return await _decide(request, decisions.new_document, case_id, form.get("note"))
    return await _decide(request, decisions.reassign, case_id, int_or_none(form.get("document")))


async def duplicate(request: web.Request) -> web.StreamResponse:
    form, _, _ = await _form(request)
    return await _decide(request, decisions.mark_duplicate,
                         int_or_none(form.get("of", "").lstrip("#")) or 0)


async def reject(request: web.Request) -> web.StreamResponse:
    form, _, _ = await _form(request)
    return await _decide(request, decisions.reject, form.get("reason", ""))


async def split(request: web.Request) -> web.StreamResponse:
    form, _, _ = await _form(request)
    aside = {int(k.removeprefix("aside-")): v for k, v in form.items()
             if k.startswith("aside-") and k.removeprefix("aside-").isdigit() and v.strip()}
    return await _decide(request, decisions.split, form.get("ranges", ""), aside)


async def skip(request: web.Request) -> web.StreamResponse:
    return await _decide(request, decisions.skip, own_only=True)


async def undo(request: web.Request) -> web.StreamResponse:
    form, query, filters = await _form(request)
    try:
        done = await in_db(request, decisions.undo_last, login_of(request).username)
    except DecisionError as error:
        current = int_or_none(form.get("item"))
        if current is None:
            return see_other(with_query("/", query))
        return await render_item(request, current, filters, str(error), STATUS[error.code])
    return _then(f"/items/{done.item_id}", query, done.id)


def routes() -> list[web.RouteDef]:
    item = r"/items/{item_id:\d+}"
    return [web.post(f"{item}/confirm", confirm), web.post(f"{item}/assign", assign),
            web.post(f"{item}/duplicate", duplicate), web.post(f"{item}/reject", reject),
            web.post(f"{item}/split", split), web.post(f"{item}/skip", skip),
            web.post("/undo", undo)]
