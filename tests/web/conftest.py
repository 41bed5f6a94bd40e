"""Fixtures for the web queue: a registry, queued items with real PDF originals and chosen
proposals (so tests do not depend on the matching model), accounts, and logged-in clients."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from typing import Any

import pytest
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
