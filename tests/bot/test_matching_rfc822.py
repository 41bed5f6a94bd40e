"""A message forwarded as an attachment (message/rfc822): its own headers, body and attachments
are its evidence, not the forwarder's few words around it."""

from __future__ import annotations

from email.message import EmailMessage

import pytest
from sqlmodel import col, select

from bot.db import session_scope
from bot.ingest import submit
from bot.models import Case, Item, Proposal, RegistryDocument
from bot.registry import import_registry_csv
from bot.worker import run_until_idle
from tests.bot.test_matching_engine import CASES, DOCUMENTS
from tests.conftest import make_pdf

EMAIL = "message/rfc822"


@pytest.fixture
def registry(ctx):
    for text in (CASES, DOCUMENTS):
        with session_scope(ctx.engine) as session:
            assert import_registry_csv(session, text.encode("utf-8"), ctx.grammar).errors == []
    return ctx


def _message(sender: str, subject: str, when: str, body: str) -> EmailMessage:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"], msg["Date"] = (
        sender, "eva.sten@exempelby.se", subject, when)
    msg.set_content(body)
    return msg


def _forward(inner: EmailMessage, name: str) -> bytes:
    """Eva forwards `inner` as an attachment, with a note that says nothing of the case."""
    outer = _message("Eva Sten <eva.sten@exempelby.se>", "VB: hittade i inkorgen",
                     "Mon, 14 Nov 2022 09:00:00 +0100", "Hej! Hittade denna, vet inte vart den hör.")
    outer.add_attachment(inner, filename=name)
    return outer.as_bytes()


def _proposals(ctx, data: bytes, name: str) -> dict[str, list[tuple[str, int | None, str, list[str]]]]:
    """Every item under the forward by file name ('.' is the forward): its proposals as
    (case, record, confidence, reasons)."""
    result = submit(ctx, channel="intake_mail", source_ref=name, data=data, filename=name,
                    submitter="eva.sten@exempelby.se")
    run_until_idle(ctx)
    shown: dict[str, list[tuple[str, int | None, str, list[str]]]] = {}
    with session_scope(ctx.engine) as session:
        items, level = [session.get(Item, result.item_id)], [result.item_id]
        while level:
            children = session.exec(select(Item).where(col(Item.parent_id).in_(level))).all()
            items += children
            level = [c.id for c in children]
        for item in items:
            rows = session.exec(select(Proposal).where(Proposal.item_id == item.id)
                                .order_by(col(Proposal.rank))).all()
            key = "." if item.id == result.item_id else item.filename
            shown[key] = [(session.get(Case, p.case_id).case_number,
                           session.get(RegistryDocument, p.document_id).doc_number
                           if p.document_id else None, p.confidence, list(p.reasons))
                          for p in rows]
    return shown


def _yttrande() -> EmailMessage:
    return _message("Länsstyrelsen i Västra Götalands län <registrator@lansstyrelsen.example>",
                    "Yttrande över detaljplan för Tegelviken 3:14",
                    "Mon, 05 Apr 2021 10:15:00 +0200",
                    "Länsstyrelsen har inga invändningar mot planförslaget.")


def test_the_forwarded_messages_own_headers_and_body_find_its_case_and_record(registry):
    shown = _proposals(registry, _forward(_yttrande(), "Yttrande.eml"), "vb.eml")
    case, record, confidence, reasons = shown["Yttrande.eml"][0]
    assert (case, record, confidence) == ("KS 2021/0456", 2, "high")
    assert "motpart Länsstyrelsen i Västra Götalands län" in reasons  # its own From
    assert "datum 2021-04-05 = en registrerad handlings datum" in reasons  # its own Date


def test_the_forwarders_note_around_it_is_never_high(registry):
    shown = _proposals(registry, _forward(_yttrande(), "Yttrande.eml"), "vb.eml")
    assert all(confidence != "high" for _, _, confidence, _ in shown["."])


def test_a_number_in_the_forwarded_messages_attachment_counts_for_the_message(registry):
    inner = _message("Karin Lund <karin.lund@exempelby.se>", "Handlingar",
                     "Mon, 05 Apr 2021 10:15:00 +0200", "Se bifogat.")
    inner.add_attachment(make_pdf(["Dnr KS 2021/0457", "Yttrande"]), maintype="application",
                         subtype="pdf", filename="yttrande.pdf")
    shown = _proposals(registry, _forward(inner, "Handlingar.eml"), "vb.eml")
    case, record, _, reasons = shown["Handlingar.eml"][0]
    assert (case, record) == ("KS 2021/0457", 2)
    assert "diarienummer KS 2021/0457 i bilagan yttrande.pdf" in reasons
    assert shown["yttrande.pdf"][0][:3] == ("KS 2021/0457", 2, "high")
