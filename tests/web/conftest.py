"""Fixtures for the web queue: a registry, queued items with real PDF originals and chosen
proposals (so tests do not depend on the matching model), accounts, logged-in clients, and the
live server and Chromium page of the browser tests."""

from __future__ import annotations

import asyncio
import re
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from sqlmodel import select

from bot.auth import add_user
from bot.context import Context
from bot.db import session_scope
from bot.models import Case, Item, Page, Proposal, RegistryDocument, Submission
from bot.states import QUEUED, record
from bot.web import make_app
from tests.conftest import make_pdf

PASSWORD = "korrekt-häst-batteri"


@dataclass
class Want:
    """One proposal to put on an item: case number, document number, score."""

    case_number: str
    doc: int | None
    score: float
    reasons: tuple[str, ...] = ("diarienummer i sida 1",)


def _band(score: float) -> str:
    return "high" if score >= 0.9 else "medium" if score >= 0.6 else "low"


def _ids(session) -> tuple[dict[str, int], dict[tuple[str, int], int]]:
    cases = {c.case_number: c.id for c in session.exec(select(Case))}
    docs = {}
    for doc in session.exec(select(RegistryDocument)):
        number = next(n for n, i in cases.items() if i == doc.case_id)
        docs[(number, doc.doc_number)] = doc.id
    return cases, docs


def queue_item(ctx: Context, name: str, pages: list[list[str]], wants: list[Want],
               submitter: str = "anna.berg@exempelby.se", channel: str = "mail",
               meta: dict[str, Any] | None = None) -> int:
    """A queued item with a real PDF (one page per list of lines) and the given proposals."""
    from fpdf import FPDF

    pdf = FPDF()
    for lines in pages:
        pdf.add_page()
        pdf.set_font("Helvetica", size=12)
        for line in lines:
            pdf.cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    data = bytes(pdf.output()) if len(pages) > 1 else make_pdf(pages[0])
    digest = ctx.blobs.put(data)
    with session_scope(ctx.engine) as session:
        sub = Submission(channel=channel, source_ref=f"test:{uuid.uuid4()}", submitter=submitter)
        session.add(sub)
        session.flush()
        item = Item(submission_id=sub.id, filename=name, media_type="application/pdf",
                    sha256=digest, size=len(data), state=QUEUED, meta=meta or {})
        session.add(item)
        session.flush()
        for number, lines in enumerate(pages, start=1):
            session.add(Page(item_id=item.id, number=number, text="\n".join(lines),
                             method="textlayer"))
        cases, docs = _ids(session)
        for rank, want in enumerate(wants):
            text = "\n".join(pages[0])
            evidence = [{"source": "text", "kind": "counterpart", "text": "Länsstyrelsen"}]
            m = re.search(re.escape(want.case_number), text)
            if m:
                evidence.append({"source": "text", "where": "sida 1", "start": m.start(),
                                 "end": m.end(), "text": m.group()})
            session.add(Proposal(item_id=item.id, rank=rank, case_id=cases[want.case_number],
                                 document_id=docs.get((want.case_number, want.doc)),
                                 score=want.score, confidence=_band(want.score),
                                 reasons=list(want.reasons), evidence=evidence))
        record(session, actor="test", action="received", item_id=item.id, to_state=QUEUED)
        return item.id


def without_notice(location: str) -> str:
    """Where a decision leads, without the `done=N` that tells that page to show its notice."""
    path, _, query = location.partition("?")
    kept = "&".join(p for p in query.split("&") if p and not p.startswith("done="))
    return f"{path}?{kept}" if kept else path


@pytest.fixture
def accounts(ctx: Context) -> dict[str, str]:
    with session_scope(ctx.engine) as session:
        add_user(session, "rut", PASSWORD, "registrar")
        add_user(session, "ada", PASSWORD, "admin")
    return {"registrar": "rut", "admin": "ada"}


@pytest.fixture
async def anonymous(ctx: Context):
    async with TestClient(TestServer(make_app(ctx, background=False))) as client:
        yield client


async def log_in(client: TestClient, username: str, password: str = PASSWORD) -> str:
    """Log in through the form; returns the CSRF token of the new session."""
    resp = await client.post("/login", data={"username": username, "password": password},
                             allow_redirects=False)
    assert resp.status == 303, await resp.text()
    page = await (await client.get("/")).text()
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


@pytest.fixture
async def registrar(ctx: Context, accounts):
    async with TestClient(TestServer(make_app(ctx, background=False))) as client:
        client.csrf = await log_in(client, accounts["registrar"])
        yield client


@pytest.fixture
async def admin(ctx: Context, accounts):
    async with TestClient(TestServer(make_app(ctx, background=False))) as client:
        client.csrf = await log_in(client, accounts["admin"])
        yield client


# Browser tests: the real app served from its own thread, and a page in Debian's Chromium
# (Playwright driving /usr/bin/chromium, never a browser of its own download).
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"]
SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
NEEDS_CHROMIUM = [pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium"),
                  pytest.mark.timeout(180)]


@pytest.fixture
def live_server(ctx: Context) -> Iterator[str]:
    """The real app on a random port, served from its own thread and event loop."""
    runner = web.AppRunner(make_app(ctx, background=False))
    loop, ready, port = asyncio.new_event_loop(), threading.Event(), []

    def run() -> None:
        asyncio.set_event_loop(loop)
        loop.run_until_complete(runner.setup())
        site = web.TCPSite(runner, "127.0.0.1", 0)
        loop.run_until_complete(site.start())
        port.append(runner.addresses[0][1])
        ready.set()
        loop.run_forever()
        loop.run_until_complete(runner.cleanup())
        loop.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    assert ready.wait(10)
    yield f"http://127.0.0.1:{port[0]}"
    loop.call_soon_threadsafe(loop.stop)
    thread.join(10)


@pytest.fixture
def browser(live_server: str):
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser, live_server: str):
    tab = browser.new_page(base_url=live_server, viewport={"width": 1400, "height": 900})
    tab.set_default_timeout(15_000)
    yield tab
    tab.close()


def browser_log_in(page, name: str = "rut") -> None:
    """By keyboard, as a registrar would: the user name field has focus."""
    page.goto("/login")
    # autofocus may land a moment after 'load' on a busy machine: keys typed before it are lost
    page.wait_for_function("document.activeElement && document.activeElement.name === 'username'")
    page.keyboard.type(name)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/login" not in url)
    page.wait_for_load_state("load")  # the keys' script runs deferred
