"""The whole mail path against real servers: varied messages delivered into Dovecot are
fetched, unpacked (forwards inline and attached, printer scans), read and matched; forwarded
messages keep their original sender and date; each submitter gets a Swedish receipt through a
real SMTP relay (aiosmtpd)."""

from __future__ import annotations

import email
import email.policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from sqlmodel import select

from bot.db import session_scope
from bot.intake import run_connector
from bot.models import Item, Submission
from bot.receipts import send_due_receipts
from bot.registry import import_registry_csv
from bot.worker import run_until_idle
from connectors.imap import ImapConnector
from tests.bot.test_receipts import Inbox, _free_port
from tests.conftest import CASES_CSV, DOCUMENTS_CSV
from tests.connectors.conftest import deliver, folder_count, imap_table
from tests.connectors.messages import fifty

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "forwards"


def _messages() -> list[bytes]:
    """The nine hand-written forward shapes and the fifty varied messages."""
    return [p.read_bytes() for p in sorted(SAMPLES.glob("*.eml"))] + [s.data for s in fifty()]


@pytest.fixture
def relay(ctx):
    """A real SMTP relay for receipts, set in the settings."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    ctx.settings.receipt_smtp_host, ctx.settings.receipt_smtp_port = "127.0.0.1", controller.port
    ctx.settings.receipt_from = "diariebot@exempelby.se"
    yield inbox
    controller.stop()


def _items(ctx) -> list[Item]:
    with session_scope(ctx.engine) as session:
        return list(session.exec(select(Item).order_by(Item.id)))


def test_varied_mail_from_dovecot_becomes_items_with_original_metadata_and_receipts(
        ctx, dovecot, imap_user, relay):
    with session_scope(ctx.engine) as session:
        import_registry_csv(session, CASES_CSV.encode(), ctx.grammar)
        import_registry_csv(session, DOCUMENTS_CSV.encode(), ctx.grammar)
    inbox = relay
    sent = _messages()
    deliver(dovecot, imap_user, sent)
    counts = run_connector(ctx, ImapConnector("intag", imap_table(dovecot, imap_user)))
    assert (counts.fetched, counts.created) == (len(sent), len(sent))
    assert folder_count(dovecot, imap_user, "INBOX") == 0
    run_until_idle(ctx)
    items = _items(ctx)
    top = [i for i in items if i.parent_id is None]
    assert len(top) == len(sent)
    with session_scope(ctx.engine) as session:
        subjects = {s.id: s.meta.get("subject") for s in session.exec(select(Submission))}
    for expected, item in zip(fifty(), top[-50:], strict=True):
        assert subjects[item.submission_id] == expected.subject, expected.kind
    assert not [i for i in items if i.state in ("received", "unpacked", "extracted",
                                                "matched")]
    forwarded = [i for i in items if i.meta.get("forwarded")]
    assert len(forwarded) >= 6  # every inline-forward sample yields its own message item
    assert all(i.meta.get("original_date") for i in forwarded)
    originals = {i.meta.get("original_from") for i in top if i.meta.get("original_from")}
    assert originals  # the original sender is kept, not only the forwarder
    attached_pdfs = [i for i in items if i.parent_id and i.media_type == "application/pdf"]
    assert attached_pdfs and all(i.state in ("queued", "duplicate") for i in attached_pdfs)
    assert send_due_receipts(ctx) >= 1
    receipts = [m for m in inbox.messages if m["Auto-Submitted"] == "auto-replied"]
    assert receipts
    body = receipts[0].get_body(preferencelist=("plain",)).get_content()
    assert "handling" in body.lower()
    assert all(m["To"] and "diariebot@exempelby.se" not in m["To"] for m in receipts)


def test_a_receipt_is_never_sent_twice(ctx, dovecot, imap_user, relay):
    inbox = relay
    deliver(dovecot, imap_user, [s.data for s in fifty()[:3]])
    run_connector(ctx, ImapConnector("intag", imap_table(dovecot, imap_user)))
    run_until_idle(ctx)
    first = send_due_receipts(ctx)
    assert first >= 1
    assert send_due_receipts(ctx) == 0
    assert len(inbox.messages) == first
    assert all(email.message_from_bytes(bytes(m), policy=email.policy.default)
               for m in inbox.messages)
