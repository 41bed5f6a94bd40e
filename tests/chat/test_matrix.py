"""Chat end to end on a real Synapse: a user drops PDFs on the bot, gets receipts naming the
case, asks `status`, answers the bot's question, hears the registrar's confirmation; the
registrars' room gets the digest; a user from a homeserver that is not allowed is refused."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from sqlmodel import col, select

from bot.chat.service import ChatService
from bot.context import Context
from bot.db import session_scope
from bot.decisions import confirm
from bot.models import Case, Item, Proposal, Submission
from bot.states import QUEUED
from bot.worker import run_until_idle
from connectors.matrix import MatrixConnector
from tests.chat.matrix_user import MatrixUser
from tests.chat.synapse import Synapse
from tests.conftest import make_pdf

pytestmark = pytest.mark.slow
PASSWORD = "hemligt-lösen-1"


async def until(check: Callable[[], Any], timeout: float = 30) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = await asyncio.to_thread(check)
        if value:
            return value
        await asyncio.sleep(0.2)
    raise AssertionError("timed out waiting")


def case_id(session, number: str) -> int:
    return session.exec(select(Case.id).where(Case.case_number == number)).one()


def submissions(ctx: Context) -> list[Submission]:
    with session_scope(ctx.engine) as session:
        return list(session.exec(select(Submission).order_by(col(Submission.id))).all())


@pytest.fixture
async def bot(synapse: Synapse, registry: Context, tmp_path) -> AsyncIterator[dict[str, Any]]:
    tag = str(int(time.monotonic() * 1000))[-7:]
    names = {k: f"{k}{tag}" for k in ("bot", "anna", "mallory", "reg")}
    ids = {k: await asyncio.to_thread(synapse.register, v, PASSWORD) for k, v in names.items()}
    registrars = await MatrixUser(synapse.url, ids["reg"], PASSWORD).login()
    digest_room = await registrars.direct_room(ids["bot"])
    table = {"type": "matrix", "homeserver": synapse.url, "user_id": ids["bot"],
             "password": PASSWORD, "allowed_homeservers": ["kommun.test"],
             "allowed_users": [ids["anna"], ids["reg"]], "registrars": [ids["reg"]],
             "digest_room": digest_room, "digest_hour": 0, "state_dir": str(tmp_path / "mx"),
             "timeout": 10}
    registry.settings.receipt_batch_seconds = 0
    connector = MatrixConnector("matrix", table)
    service = ChatService(registry, [connector], tick_seconds=0.3)
    service.start()
    assert await asyncio.to_thread(connector.ready.wait, 30)
    yield {"ctx": registry, "ids": ids, "registrars": registrars, "digest_room": digest_room,
           "service": service}
    service.stop()
    await registrars.close()


async def test_a_user_drops_files_asks_status_answers_and_hears_the_confirmation(bot):
    ctx, ids = bot["ctx"], bot["ids"]
    anna = await MatrixUser(bot["registrars"].client.homeserver, ids["anna"], PASSWORD).login()
    room = await anna.direct_room(ids["bot"])
    await anna.wait_joined(room, ids["bot"])

    first = await anna.send_file(room, "beslut.pdf", make_pdf(
        ["Kommunstyrelsen", "Dnr KS 2021/0456", "Beslut om detaljplan för Tegelviken 3:14"]))
    await until(lambda: len(submissions(ctx)) == 1)
    await asyncio.to_thread(run_until_idle, ctx)
    receipt = await anna.wait_for(ids["bot"], "KS 2021/0456")
    assert receipt["content"]["body"].startswith("Tack! 1 handling mottagen")
    assert receipt["content"]["m.relates_to"]["event_id"] == first  # in the file's thread
    assert submissions(ctx)[0].submitter == ids["anna"]

    mark = len(anna.seen)
    await anna.say(room, "status")
    status = await anna.wait_for(ids["bot"], "Dina senaste inlämningar", after=mark)
    assert "beslut.pdf" in status["content"]["body"]
    assert "KS 2021/0456" in status["content"]["body"]
    assert "väntar på registrator" in status["content"]["body"]

    mark = len(anna.seen)
    await anna.send_file(room, "anteckning.pdf", make_pdf(
        ["Anteckningar", "Vi talade om gatubelysningen och snöröjningen i vintras."]))
    await until(lambda: len(submissions(ctx)) == 2)
    await asyncio.to_thread(run_until_idle, ctx)
    question = await anna.wait_for(ids["bot"], "Vilket ärende gäller anteckning.pdf", after=mark)
    await anna.say(room, "KS 2020/0102", thread=question["content"]["m.relates_to"]["event_id"])
    noted = await anna.wait_for(ids["bot"], "Jag har noterat KS 2020/0102", after=mark)
    assert "anteckning.pdf" in noted["content"]["body"]

    second = submissions(ctx)[1]
    with session_scope(ctx.engine) as session:
        item = session.exec(select(Item).where(Item.submission_id == second.id)).one()
        assert item.meta["hints"][0]["source"] == "submitter"
        assert item.meta["hints"][0]["text"] == "KS 2020/0102"
        best = session.exec(select(Proposal).where(Proposal.item_id == item.id)
                            .order_by(col(Proposal.rank))).first()
        assert best is not None and best.case_id == case_id(session, "KS 2020/0102")
        assert any("KS 2020/0102" in r for r in best.reasons)  # the registrar sees why
        queued = session.exec(select(Item.id).where(Item.state == QUEUED)).all()
        for item_id in queued:
            confirm(session, item_id, "registrator")

    mark = len(anna.seen)
    notice = await anna.wait_for(ids["bot"], "Registrerat i diariet", after=mark)
    body = notice["content"]["body"]
    assert "beslut.pdf: KS 2021/0456" in body and "anteckning.pdf: KS 2020/0102" in body
    await anna.sync(500)
    notices = [e for e in anna.seen[mark:] if e.get("sender") == ids["bot"]
               and "Registrerat" in str(e.get("content", {}).get("body"))]
    assert len(notices) == 1  # batched: one message for both confirmations

    digest = await bot["registrars"].wait_for(ids["bot"], "poster i kön")
    assert digest["room_id"] == bot["digest_room"]
    await anna.close()


async def test_a_user_from_a_homeserver_that_is_not_allowed_is_refused(bot):
    ctx, ids = bot["ctx"], bot["ids"]
    mallory = await MatrixUser(bot["registrars"].client.homeserver, ids["mallory"],
                               PASSWORD).login()
    room = await mallory.direct_room(ids["bot"])

    async def declined() -> bool:
        await mallory.sync(500)
        members = await mallory.client.joined_members(room)
        return ids["bot"] not in [m.user_id for m in members.members]
    await asyncio.sleep(2)  # the bot's sync sees the invite and declines it
    assert await declined()

    anna = await MatrixUser(mallory.client.homeserver, ids["anna"], PASSWORD).login()
    shared = await anna.direct_room(ids["bot"], ids["mallory"])
    await anna.wait_joined(shared, ids["bot"])
    await mallory.client.join(shared)
    await mallory.send_file(shared, "intrang.pdf", make_pdf(["Dnr KS 2021/0456"]))
    refusal = await mallory.wait_for(ids["bot"], "Du får inte lämna in handlingar")
    assert refusal["room_id"] == shared
    assert submissions(ctx) == []  # nothing was taken from her
    await anna.close()
    await mallory.close()
