"""The registrar's day in server time, for bench.queue: the first and the warm view of an item
(its page and its first page's picture, as the browser fetches them), the first view of one
whose previews were not rendered while it was processed (what every first view cost before),
logging in, adding an account, and bulk-confirming a page of 100 rows (showing it, then
confirming it). Items get real two-page PDF originals here; their previews are rendered by
the same call the queue stage makes (bot.previews.prerender)."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp.test_utils import TestClient
from sqlmodel import select

from bot.auth import add_user, find_user
from bot.context import Context
from bot.db import session_scope
from bot.models import Item
from bot.previews import FIRST_PAGES, cache_path, prerender

GOALS_MS = {"item first view": 150.0, "item warm view": 150.0, "login": 300.0}
ADMIN = "bench-admin"
Post = Callable[..., Awaitable[str]]


def _original(item_id: int) -> bytes:
    """A two-page letter of its own for each item (so each has its own previews)."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    for number in (1, 2):
        pdf.add_page()
        for line in (f"Handling {item_id}, sida {number}", "Exempelby kommun",
                     "Härmed översänds handlingen för kännedom. " * 3):
            pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def with_originals(ctx: Context, ids: list[int], rendered: bool) -> None:
    """Real originals for these items, their cached previews removed; then, when `rendered`,
    the first pages rendered as the queue stage does while processing."""
    with session_scope(ctx.engine) as session:
        for item in session.exec(select(Item).where(Item.id.in_(ids))):  # type: ignore[union-attr]
            data = _original(item.id or 0)
            item.sha256, item.size = ctx.blobs.put(data), len(data)
            session.add(item)
            for number in range(1, FIRST_PAGES + 1):
                cache_path(ctx, item.sha256, number).unlink(missing_ok=True)
            session.flush()
            if rendered:
                prerender(ctx, item)


def ensure_admin(ctx: Context, password: str) -> None:
    with session_scope(ctx.engine) as session:
        if find_user(session, ADMIN) is None:
            add_user(session, ADMIN, password, "admin")


async def views(client: TestClient, times: list[float], first: list[int], cold: list[int],
                request: Post) -> dict[str, list[float]]:
    """Each item's page and first picture: first view, then warm view (server times summed)."""
    found: dict[str, list[float]] = {"item first view": [], "item warm view": [],
                                     "item first view, rendered on request": []}

    async def view(item_id: int) -> float:
        await request(client, "GET", f"/items/{item_id}")
        page = times[-1]
        await request(client, "GET", f"/items/{item_id}/pages/1.png")
        return page + times[-1]

    for item_id in first:
        found["item first view"].append(await view(item_id))
        found["item warm view"].append(await view(item_id))
    for item_id in cold:
        found["item first view, rendered on request"].append(await view(item_id))
    return found


async def accounts(client: TestClient, times: list[float], password: str, n: int,
                   request: Post) -> dict[str, list[float]]:
    """Logging in (as the admin, who then adds n accounts) n times; adding an account n times."""
    found: dict[str, list[float]] = {"login": [], "add user": []}
    for _ in range(n):
        await request(client, "POST", "/login", {"username": ADMIN, "password": password})
        found["login"].append(times[-1])
    csrf = _csrf(await request(client, "GET", "/admin/users"))
    taken = len(re.findall(r"bench-user-", await request(client, "GET", "/admin/users")))
    for number in range(taken, taken + n):
        await request(client, "POST", "/admin/users", {
            "csrf": csrf, "username": f"bench-user-{number}", "password": password,
            "role": "registrar"})
        found["add user"].append(times[-1])
    return found


async def bulk(client: TestClient, times: list[float], n: int,
               request: Post) -> dict[str, list[float]]:
    """n times: the bulk page of 100 rows, then confirming all of them."""
    found: dict[str, list[float]] = {"bulk page (100 rows)": [], "bulk confirm of 100": []}
    for _ in range(n):
        page = await request(client, "GET", "/bulk")
        found["bulk page (100 rows)"].append(times[-1])
        shown = re.findall(r'name="shown" value="(\d+)"', page)  # 100 but in a tiny queue
        form: Any = [("csrf", _csrf(page)), ("q", "")]
        form += [(name, i) for i in shown for name in ("shown", "item")]
        await request(client, "POST", "/bulk", form)
        found["bulk confirm of 100"].append(times[-1])
    return found


def _csrf(page: str) -> str:
    return re.findall(r'name="csrf" value="([^"]+)"', page)[0]
