"""The service: /healthz answers without login, the queue lists queued items to a logged-in
registrar, background processing runs."""

import asyncio

from aiohttp.test_utils import TestClient, TestServer
from sqlmodel import select

from bot.auth import add_user
from bot.db import session_scope
from bot.ingest import ingest_paths
from bot.models import Item
from bot.registry import import_registry_csv
from bot.web import make_app
from tests.conftest import CASES_CSV, make_pdf

PASSWORD = "ett-långt-lösenord"


async def test_healthz_reports_ok_and_counts(ctx):
    async with TestClient(TestServer(make_app(ctx, background=False))) as client:
        resp = await client.get("/healthz")
        assert resp.status == 200
        assert await resp.json() == {"status": "ok"}  # the anonymous learn nothing more


def _queued(ctx):
    with session_scope(ctx.engine) as session:
        return session.exec(select(Item).where(Item.state == "queued")).first() is not None


async def test_background_processing_queues_items_shown_on_the_page(ctx, tmp_path):
    with session_scope(ctx.engine) as session:
        import_registry_csv(session, CASES_CSV.encode(), ctx.grammar)
        add_user(session, "rut", PASSWORD, "registrar")
    path = tmp_path / "tjänsteskrivelse.pdf"
    path.write_bytes(make_pdf(["Tjänsteskrivelse", "Dnr KS 2020/0102"]))
    ingest_paths(ctx, [path], "anna.berg@example.se")
    ctx.settings.poll_seconds = 0.05
    async with TestClient(TestServer(make_app(ctx, background=True))) as client:
        for _ in range(200):
            if _queued(ctx):
                break
            await asyncio.sleep(0.05)
        await client.post("/login", data={"username": "rut", "password": PASSWORD})
        page = await (await client.get("/")).text()
    assert "tjänsteskrivelse.pdf" in page
    assert "KS 2020/0102" in page
    assert "Delårsrapport" in page
