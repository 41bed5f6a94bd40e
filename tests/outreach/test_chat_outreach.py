"""Outreach in chat: a colleague who sent copies in by chat is named as a holder and asked in that
chat — the request goes through the chat outbox to their conversation with the bot, without a
mail relay — and what they send back there is linked to the request as its answer."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlmodel import select

from bot import decisions
from bot.chat.outbox import send_due as chat_send_due
from bot.coverage import profile
from bot.coverage.holders import Directory
from bot.coverage.wanted import records
from bot.db import session_scope
from bot.ingest import submit
from bot.models import (
    Case,
    ChatContact,
    ChatMessage,
    OutreachAnswer,
    OutreachRequest,
    RegistryDocument,
    utcnow,
)
from bot.outreach.answers import link_answers
from bot.outreach.channels import senders
from bot.outreach.plan import plan
from bot.outreach.record import record
from bot.outreach.send import send_due
from tests.chat.test_conversation import Channel
from tests.conftest import make_pdf
from tests.web.conftest import Want, accounts, queue_item, registrar  # noqa: F401 (fixtures)

ANNA, GHOST, ROOM = "@anna:k.se", "@ghost:k.se", {"room": "!dm-anna"}


@pytest.fixture
def chatting(registry):
    """Anna sent KS 2021/0456-2 in by chat (confirmed); a stranger's chat copy of the same case
    came from someone the bot has no conversation with. No mail relay, a Matrix channel."""
    registry.settings.connectors = {"chat": {"type": "matrix"}}
    registry.settings.intake_address = "diariet@exempelby.se"
    for who in (ANNA, GHOST):
        item = queue_item(registry, f"{who}.pdf", [["Dnr KS 2021/0456-2"]],
                          [Want("KS 2021/0456", 2, 0.95)], submitter=who, channel="chat")
        with session_scope(registry.engine) as session:
            decisions.confirm(session, item, "rut")
    with session_scope(registry.engine) as session:
        session.add(ChatContact(channel="chat", user_id=ANNA, address=dict(ROOM)))
    profile.ensure(registry.engine)
    return registry


def _decision_id(ctx) -> int:
    with session_scope(ctx.engine) as session:
        return session.exec(select(RegistryDocument.id).join(
            Case, Case.id == RegistryDocument.case_id).where(
            Case.case_number == "KS 2021/0456", RegistryDocument.doc_number == 3)).one()


def _ask(ctx, now) -> list[int]:
    """Preview and record everything the ready channels can carry."""
    ready = {n: s for n, s in senders(ctx.settings, ctx.engine).items() if not s.problem()}
    with session_scope(ctx.engine) as session:
        preview = plan(session, ctx.settings, [_decision_id(ctx)], now)
        chosen = {m.key for m in preview.messages if m.channel in ready}
        return record(session, preview, chosen, preview.digest(chosen), "rut", ready,
                      now).request_ids


def test_a_chat_colleague_is_a_holder_reached_in_that_chat(chatting):
    with session_scope(chatting.engine) as session:
        [wanted] = records(session, [_decision_id(chatting)], Directory(chatting.settings))
        preview = plan(session, chatting.settings, [_decision_id(chatting)], utcnow())
    anna = [h for h in wanted.holders if h.address == ANNA]
    assert [(h.channel, [r.role for r in h.reasons]) for h in anna] == [
        ("chat", ["colleague_case", "colleague_board"])]
    assert GHOST not in {h.address for h in wanted.holders}  # no conversation to ask in
    [message] = [m for m in preview.messages if m.channel == "chat"]
    assert message.key == f"chat:{ANNA}" and message.attachments == []
    assert "KS 2021/0456-3" in message.body and "Här i chatten" in message.body
    assert "diariet@exempelby.se" in message.body


def test_the_request_goes_through_the_chat_outbox_and_the_answer_is_linked(chatting):
    made = _ask(chatting, utcnow())
    assert len(made) == 1  # email cannot go out (no relay); the chat can
    assert send_due(chatting) == 1
    channel = Channel()
    assert chat_send_due(chatting, {"chat": channel}) == 1
    [(address, text, thread)] = channel.sent
    assert address == ROOM and thread is None
    assert "KS 2021/0456-3" in text and text.startswith("Har du en kopia av KS 2021/0456-3?")
    with session_scope(chatting.engine) as session:
        request = session.get(OutreachRequest, made[0])
        row = session.exec(select(ChatMessage).where(ChatMessage.kind == "outreach")).one()
        assert (request.channel, request.recipient, request.state) == ("chat", ANNA, "sent")
        assert (row.state, row.key) == ("sent", f"outreach:{made[0]}")
    assert send_due(chatting) == 0 and chat_send_due(chatting, {"chat": channel}) == 0
    submit(chatting, channel="chat", source_ref="$answer", data=make_pdf(["Beslut"]),
           filename="beslut.pdf", submitter=ANNA)
    assert link_answers(chatting) == 1
    with session_scope(chatting.engine) as session:
        answer = session.exec(select(OutreachAnswer)).one()
    assert (answer.request_id, answer.via) == (made[0], "sender")
    assert _ask(chatting, utcnow() + timedelta(days=1)) == []  # once per period


def test_a_chat_contact_gone_is_given_up_not_retried(chatting):
    made = _ask(chatting, utcnow())
    with session_scope(chatting.engine) as session:
        session.delete(session.exec(select(ChatContact)).one())
    assert send_due(chatting) == 0
    with session_scope(chatting.engine) as session:
        assert session.get(OutreachRequest, made[0]).state == "failed"


async def test_the_preview_offers_the_chat_without_a_relay_and_the_click_sends_it(
        chatting, registrar):  # noqa: F811
    page = await (await registrar.get(f"/outreach?doc={_decision_id(chatting)}")).text()
    assert "i chatten (chat)" in page and 'id="outreach-send"' in page
    boxes = re.findall(r'name="to" value="([^"]+)"', page)
    assert boxes == [f"chat:{ANNA}"]
    digest = re.search(r'name="digest" value="([^"]+)"', page)[1]
    sent = await registrar.post("/outreach", data=[
        ("csrf", registrar.csrf), ("digest", digest), ("doc", str(_decision_id(chatting))),
        ("to", boxes[0])], allow_redirects=False)
    assert sent.status == 303
    with session_scope(chatting.engine) as session:
        rows = session.exec(select(ChatMessage).where(ChatMessage.kind == "outreach")).all()
    assert [r.address for r in rows] == [ROOM]
