"""Outreach on the small registry, through a real SMTP server (aiosmtpd): the hourly limit, once
per person per period, retries of a refusing relay, and answers linked to their request — by
In-Reply-To/References, or by the person asked writing afterwards — but not a stranger's mail."""

from __future__ import annotations

from datetime import timedelta
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller
from sqlmodel import select

from bot.coverage import profile
from bot.db import session_scope
from bot.ingest import submit
from bot.models import Case, OutreachAnswer, OutreachRequest, RegistryDocument, utcnow
from bot.outreach.answers import link_answers
from bot.outreach.channels import EmailSender
from bot.outreach.history import history
from bot.outreach.plan import plan
from bot.outreach.record import record
from bot.outreach.send import send_due
from tests.bot.test_receipts import Inbox, _free_port

STAFF = {"Karin Lund": "karin.lund@exempelby.se", "Per Ek": "per.ek@exempelby.se",
         "Eva Sten": "eva.sten@exempelby.se"}
ASKED = (("KS 2021/0456", 3), ("KS 2020/0102", 1), ("BN 2021/0456", 1))  # one per handler


class Refusing(Inbox):
    """A relay that refuses every recipient, permanently."""

    async def handle_RCPT(self, server, session, envelope, address, options) -> str:
        return "550 no such user"


def _relay(ctx, handler: Inbox):
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
    controller.start()
    ctx.settings.receipt_smtp_host, ctx.settings.receipt_smtp_port = "127.0.0.1", controller.port
    return controller


@pytest.fixture
def office(registry):
    registry.settings.staff_addresses = dict(STAFF)
    registry.settings.receipt_from = "diariebot@exempelby.se"
    registry.settings.intake_address = "diariet@exempelby.se"
    profile.ensure(registry.engine)
    return registry


@pytest.fixture
def smtp(office):
    inbox = Inbox()
    controller = _relay(office, inbox)
    yield inbox
    controller.stop()


def _ids(ctx) -> list[int]:
    with session_scope(ctx.engine) as session:
        return [session.exec(select(RegistryDocument.id).join(
            Case, Case.id == RegistryDocument.case_id).where(
            Case.case_number == number, RegistryDocument.doc_number == n)).one()
            for number, n in ASKED]


def _ask(ctx, now) -> list[int]:
    with session_scope(ctx.engine) as session:
        preview = plan(session, ctx.settings, _ids(ctx), now)
        chosen = {m.address for m in preview.messages}
        return record(session, preview, chosen, preview.digest(chosen), "rut",
                      EmailSender(ctx.settings), now).request_ids


def test_no_more_than_the_hourly_limit_goes_out(office, smtp):
    office.settings.outreach_per_hour = 2
    now = utcnow()
    assert len(_ask(office, now)) == 3
    assert send_due(office, now=now) == 2
    assert send_due(office, now=now + timedelta(minutes=10)) == 0
    assert send_due(office, now=now + timedelta(minutes=61)) == 1
    assert sorted(m["To"].addresses[0].addr_spec for m in smtp.messages) == sorted(STAFF.values())


def test_a_person_is_asked_once_per_period_then_again(office, smtp):
    now = utcnow()
    assert len(_ask(office, now)) == 3
    assert _ask(office, now + timedelta(days=29)) == []
    assert len(_ask(office, now + timedelta(days=31))) == 3


def test_a_refused_recipient_is_given_up_and_may_be_asked_again(office):
    controller = _relay(office, Refusing())
    try:
        _ask(office, utcnow())
        assert send_due(office) == 0
    finally:
        controller.stop()
    with session_scope(office.engine) as session:
        states = {r.state for r in session.exec(select(OutreachRequest))}
    assert states == {"failed"}
    assert len(_ask(office, utcnow())) == 3  # a failed request does not count as asked


def test_a_relay_that_is_down_is_retried_later(office):
    office.settings.receipt_smtp_host, office.settings.receipt_smtp_port = "127.0.0.1", _free_port()
    _ask(office, utcnow())
    assert send_due(office) == 0
    with session_scope(office.engine) as session:
        rows = session.exec(select(OutreachRequest)).all()
    assert {(r.state, r.attempts) for r in rows} == {("pending", 1)}
    assert all(r.retry_at is not None for r in rows)


def _mail(sender: str, subject: str, **headers: str) -> bytes:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, "diariet@exempelby.se", subject
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content("Här kommer den.")
    return message.as_bytes()


def test_answers_are_linked_to_their_request(office, smtp):
    _ask(office, utcnow())
    send_due(office)
    with session_scope(office.engine) as session:
        sent = {r.recipient: r for r in session.exec(select(OutreachRequest))}
    karin = sent["karin.lund@exempelby.se"]
    replies = [
        ("kollega@exempelby.se", _mail("kollega@exempelby.se", "SV: kopia",
                                       In_Reply_To=karin.message_id,
                                       References=f"<x@y> {karin.message_id}")),
        ("per.ek@exempelby.se", _mail("per.ek@exempelby.se", "Handlingen")),
        ("okand@exempelby.se", _mail("okand@exempelby.se", "Något annat")),
    ]
    for n, (sender, data) in enumerate(replies):
        submit(office, channel="mail", source_ref=f"t:{n}", data=data, filename="m.eml",
               submitter=sender)
    assert link_answers(office) == 2
    assert link_answers(office) == 0  # each submission looked at once
    with session_scope(office.engine) as session:
        answers = {(a.request_id, a.via) for a in session.exec(select(OutreachAnswer))}
        asked = history(session, _ids(office))
    assert answers == {(karin.id, "reply"), (sent["per.ek@exempelby.se"].id, "sender")}
    (karin_asked,) = asked[_ids(office)[0]]
    assert karin_asked.state == "sent" and len(karin_asked.answers) == 1


def test_mail_from_the_person_before_the_request_is_not_an_answer(office, smtp):
    submit(office, channel="mail", source_ref="early", data=_mail("per.ek@exempelby.se", "x"),
           filename="m.eml", submitter="per.ek@exempelby.se")
    _ask(office, utcnow())
    send_due(office)
    assert link_answers(office) == 0


def test_a_title_with_typographic_dashes_still_gets_its_cover_sheet(office):
    from bot.split.sheets import cover_pdf

    with session_scope(office.engine) as session:  # "Delårsrapport januari–augusti 2020"
        pdf = cover_pdf(session, "KS 2020/0102-1", office.grammar)
    assert pdf.startswith(b"%PDF")
