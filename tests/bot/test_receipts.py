"""Receipts through a real SMTP relay (aiosmtpd, in-process): what arrived and what was found, in
Swedish, once per submission when its items are done; confirmations batched per submitter; never
an answer to auto-generated mail, never a loop."""

from __future__ import annotations

import email
import email.policy
import socket
from datetime import timedelta
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import update
from sqlmodel import col, select

from bot.db import session_scope
from bot.decisions import confirm
from bot.ingest import submit
from bot.models import Item, Receipt, utcnow
from bot.receipts import auto_generated, notify_confirmed, send_due_receipts
from bot.registry import import_registry_csv
from bot.states import CONFIRMED, QUEUED, transition
from bot.worker import run_until_idle
from tests.conftest import CASES_CSV, DOCUMENTS_CSV, make_pdf

OWN = "diariebot@exempelby.se"


class Inbox:
    """An SMTP handler that keeps what it is given."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        self.messages.append(email.message_from_bytes(envelope.content,
                                                      policy=email.policy.default))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def relay():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    yield controller, inbox
    controller.stop()


@pytest.fixture
def mailbot(ctx, relay):
    controller, _ = relay
    ctx.settings.receipt_smtp_host, ctx.settings.receipt_smtp_port = "127.0.0.1", controller.port
    ctx.settings.receipt_from = OWN
    with session_scope(ctx.engine) as session:
        import_registry_csv(session, CASES_CSV.encode(), ctx.grammar)
        import_registry_csv(session, DOCUMENTS_CSV.encode(), ctx.grammar)
    return ctx


def _mail(subject: str = "VB: Gamla handlingar", headers: str = "",
          sender: str = "Anna Berg <anna.berg@exempelby.se>", files: int = 3) -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "diariebot@exempelby.se"
    message["Subject"] = subject
    message["Message-ID"] = "<orig-1@exempelby.se>"
    message.set_content("Hej, här är handlingarna.\n/Anna")
    pdfs = [["Beslut", "Dnr KS 2021/0456-3"], ["Yttrande", "Er beteckning KS 2021/0456-2"],
            ["Inbjudan till julbord", "Ingen diarieföring"]]
    for number, lines in enumerate(pdfs[:files], 1):
        message.add_attachment(make_pdf(lines), maintype="application", subtype="pdf",
                               filename=f"handling-{number}.pdf")
    return headers.encode() + bytes(message)


def _submit(ctx, data: bytes, ref: str = "m1", channel: str = "intake_mail") -> int:
    return submit(ctx, channel=channel, source_ref=ref, data=data, filename=f"{ref}.eml",
                  submitter="anna.berg@exempelby.se").submission_id


def _body(message: EmailMessage) -> str:
    return message.get_content().replace("\r\n", "\n")


def _receipts(ctx) -> list[Receipt]:
    with session_scope(ctx.engine) as session:
        return list(session.exec(select(Receipt).order_by(Receipt.id)).all())


def test_the_receipt_says_in_swedish_what_arrived_and_what_was_found(mailbot, relay):
    _, inbox = relay
    _submit(mailbot, _mail())
    run_until_idle(mailbot)
    assert send_due_receipts(mailbot) == 1
    (message,) = inbox.messages
    body = _body(message)
    assert message["To"] == "anna.berg@exempelby.se"
    assert message["From"] == OWN
    assert message["Subject"] == "Mottaget: VB: Gamla handlingar"
    assert message["Auto-Submitted"] == "auto-replied"
    assert message["In-Reply-To"] == "<orig-1@exempelby.se>"
    assert "Vi har tagit emot ditt meddelande ”VB: Gamla handlingar”" in body
    assert "3 handlingar; KS 2021/0456 hittades i 2 av dem." in body
    assert "- handling-1.pdf: KS 2021/0456" in body
    assert "- handling-3.pdf: inget diarienummer hittat ännu" in body
    assert "Du får ett nytt meddelande när handlingarna har registrerats." in body
    assert inbox.envelopes == [(OWN, ["anna.berg@exempelby.se"])]


def test_one_receipt_per_submission_and_only_when_all_its_items_are_done(mailbot, relay):
    _, inbox = relay
    _submit(mailbot, _mail())
    run_until_idle(mailbot, limit=3)  # the email is unpacked, its attachments are not read yet
    assert send_due_receipts(mailbot) == 0
    run_until_idle(mailbot)
    assert send_due_receipts(mailbot) == 1
    assert send_due_receipts(mailbot) == 0
    assert len(inbox.messages) == 1
    (receipt,) = _receipts(mailbot)
    assert (receipt.kind, receipt.state, receipt.recipient) == (
        "received", "sent", "anna.berg@exempelby.se")


def test_failures_are_listed_with_their_reasons(mailbot, relay):
    _, inbox = relay
    message = EmailMessage()
    message["From"], message["Subject"] = "anna.berg@exempelby.se", "Gamla filer"
    message.set_content("Två filer.")
    message.add_attachment(b"%PDF-1.4\n trasig", maintype="application", subtype="pdf",
                           filename="trasig.pdf")
    _submit(mailbot, bytes(message))
    run_until_idle(mailbot)
    send_due_receipts(mailbot)
    body = _body(inbox.messages[0])
    assert "Vi hittade inga handlingar i meddelandet." in body
    assert "1 fil(er) kunde inte läsas:\n- trasig.pdf: " in body


AUTOMATIC = [
    "Auto-Submitted: auto-replied\r\n",
    "Auto-Submitted: auto-generated; type=vacation\r\n",
    "Precedence: bulk\r\n",
    "Precedence: list\r\n",
    "Precedence: junk\r\n",
    "X-Auto-Response-Suppress: All\r\n",
    "List-Id: <personal.exempelby.se>\r\n",
    "Return-Path: <>\r\n",
]


@pytest.mark.parametrize("headers", AUTOMATIC)
def test_no_receipt_for_auto_generated_mail(mailbot, relay, headers):
    _, inbox = relay
    _submit(mailbot, _mail(headers=headers, files=1))
    run_until_idle(mailbot)
    assert send_due_receipts(mailbot) == 0
    assert inbox.messages == []
    (receipt,) = _receipts(mailbot)
    assert receipt.state == "suppressed"
    assert receipt.reason.startswith("automatiskt meddelande")


@pytest.mark.parametrize("sender", ["MAILER-DAEMON@mx.exempelby.se", "postmaster@exempelby.se",
                                    "noreply@system.exempelby.se", "no-reply@x.example",
                                    "do-not-reply@x.example", OWN])
def test_no_receipt_to_robots_or_to_ourselves(mailbot, relay, sender):
    _, inbox = relay
    _submit(mailbot, _mail(sender=sender, files=1))
    run_until_idle(mailbot)
    assert send_due_receipts(mailbot) == 0
    assert inbox.messages == []


def test_our_own_receipt_sent_back_to_the_intake_is_not_answered(mailbot, relay):
    _, inbox = relay
    _submit(mailbot, _mail(files=1))
    run_until_idle(mailbot)
    send_due_receipts(mailbot)
    (receipt,) = inbox.messages
    bounced = bytes(receipt).replace(b"To: anna.berg@exempelby.se", b"To: " + OWN.encode())
    _submit(mailbot, bounced, ref="loop")
    run_until_idle(mailbot)
    assert send_due_receipts(mailbot) == 0
    assert len(inbox.messages) == 1
    assert _receipts(mailbot)[-1].state == "suppressed"


def test_auto_generated_reasons_name_the_header():
    headers = email.message_from_bytes(b"From: a@x.se\r\nPrecedence: bulk\r\n\r\n")
    assert "Precedence" in auto_generated(headers)
    plain = email.message_from_bytes(b"From: a@x.se\r\nAuto-Submitted: no\r\n\r\n")
    assert auto_generated(plain) is None


def test_operator_ingests_and_quarantined_mail_get_no_receipt(mailbot, relay):
    _, inbox = relay
    _submit(mailbot, _mail(files=1), ref="cli", channel="cli")
    mailbot.settings.allowed_domains = ["kommun.example"]
    _submit(mailbot, _mail(files=1), ref="elsewhere")
    run_until_idle(mailbot)
    assert send_due_receipts(mailbot) == 0
    assert inbox.messages == []
    assert [r.state for r in _receipts(mailbot)] == ["suppressed", "suppressed"]


def test_without_a_relay_receipts_are_recorded_but_not_sent(mailbot, relay):
    _, inbox = relay
    mailbot.settings.receipt_smtp_host = ""
    _submit(mailbot, _mail(files=1))
    run_until_idle(mailbot)
    assert send_due_receipts(mailbot) == 0
    (receipt,) = _receipts(mailbot)
    assert receipt.state == "recorded"
    assert "1 handling; KS 2021/0456 hittades i den." in receipt.body
    assert inbox.messages == []


def test_a_relay_that_is_down_is_tried_again_later(mailbot, relay):
    controller, inbox = relay
    mailbot.settings.receipt_smtp_port = _free_port()  # nobody listens there
    _submit(mailbot, _mail(files=1))
    run_until_idle(mailbot)
    assert send_due_receipts(mailbot) == 0
    (receipt,) = _receipts(mailbot)
    assert (receipt.state, receipt.attempts) == ("pending", 1)
    mailbot.settings.receipt_smtp_port = controller.port
    with session_scope(mailbot.engine) as session:
        session.execute(update(Receipt).values(retry_at=None))
    assert send_due_receipts(mailbot) == 1
    assert len(inbox.messages) == 1


def _confirm(ctx, *filenames: str) -> None:
    with session_scope(ctx.engine) as session:
        for item in session.exec(select(Item).where(col(Item.filename).in_(filenames))):
            assert item.state == QUEUED
            transition(session, item, CONFIRMED, actor="registrator:karin")
            notify_confirmed(session, item)


def test_confirmations_to_one_submitter_are_batched_into_one_message(mailbot, relay):
    _, inbox = relay
    mailbot.settings.receipt_batch_seconds = 3600
    _submit(mailbot, _mail())
    run_until_idle(mailbot)
    send_due_receipts(mailbot)
    _confirm(mailbot, "handling-1.pdf")
    _confirm(mailbot, "handling-2.pdf")
    assert send_due_receipts(mailbot) == 0  # still collecting
    with session_scope(mailbot.engine) as session:  # an hour later
        session.execute(update(Receipt).where(col(Receipt.kind) == "confirmed")
                        .values(created_at=utcnow() - timedelta(hours=2)))
    assert send_due_receipts(mailbot) == 1
    assert send_due_receipts(mailbot) == 0
    _receipt, notice = inbox.messages
    body = _body(notice)
    assert notice["Subject"] == "Registrerat i diariet: 2 handling(ar)"
    assert notice["Auto-Submitted"] == "auto-replied"
    assert "- handling-1.pdf: KS 2021/0456-3\n- handling-2.pdf: KS 2021/0456-2\n" in body
    assert [r.state for r in _receipts(mailbot)] == ["sent", "sent", "sent"]


def test_the_registrars_confirm_action_leads_to_a_notice_after_the_receipt(mailbot, relay):
    _, inbox = relay
    mailbot.settings.receipt_batch_seconds = 0
    _submit(mailbot, _mail())
    run_until_idle(mailbot)
    with session_scope(mailbot.engine) as session:
        item = session.exec(select(Item).where(Item.filename == "handling-1.pdf")).one()
        confirm(session, item.id, actor="registrator:karin")  # calls notify_confirmed
    assert send_due_receipts(mailbot) == 2
    receipt, notice = inbox.messages
    assert receipt["Subject"].startswith("Mottaget: ")
    assert notice["Subject"] == "Registrerat i diariet: 1 handling(ar)"
    assert "- handling-1.pdf: KS 2021/0456-3\n" in _body(notice)


def test_an_undone_confirmation_is_not_announced(mailbot, relay):
    _, inbox = relay
    mailbot.settings.receipt_batch_seconds = 0
    _submit(mailbot, _mail(files=1))
    run_until_idle(mailbot)
    send_due_receipts(mailbot)
    _confirm(mailbot, "handling-1.pdf")
    with session_scope(mailbot.engine) as session:
        item = session.exec(select(Item).where(Item.filename == "handling-1.pdf")).one()
        transition(session, item, QUEUED, actor="registrator:karin", reason="ångrad")
    assert send_due_receipts(mailbot) == 0
    assert len(inbox.messages) == 1
    assert _receipts(mailbot)[-1].state == "suppressed"


def _self_signed(tmp_path) -> tuple[str, str]:
    """A certificate for 127.0.0.1 and its key, made for this test only."""
    import datetime as dt
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(hours=1))
            .add_extension(x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = tmp_path / "relay.pem", tmp_path / "relay.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return str(cert_path), str(key_path)


def test_receipts_go_over_starttls_with_the_certificate_verified(ctx, tmp_path, monkeypatch):
    import ssl

    from bot import receipts

    cert, key = _self_signed(tmp_path)
    server_tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_tls.load_cert_chain(cert, key)
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port(),
                            tls_context=server_tls, require_starttls=True)
    controller.start()
    try:
        ctx.settings.receipt_smtp_host, ctx.settings.receipt_smtp_port = "127.0.0.1", controller.port
        ctx.settings.receipt_from, ctx.settings.receipt_smtp_starttls = OWN, True
        _submit(ctx, _mail(files=1))
        run_until_idle(ctx)
        assert send_due_receipts(ctx) == 0  # the system's authorities do not know this relay
        assert inbox.messages == []
        monkeypatch.setattr(receipts, "tls_context",
                            lambda: ssl.create_default_context(cafile=cert))
        with session_scope(ctx.engine) as session:
            session.execute(update(Receipt).values(retry_at=None))
        assert send_due_receipts(ctx) == 1
        assert len(inbox.messages) == 1
    finally:
        controller.stop()


def test_upgrading_never_mails_about_submissions_from_before_receipts(tmp_path, relay):
    from alembic import command

    from bot.context import open_context
    from bot.db import alembic_config, make_engine
    from bot.settings import load_settings

    settings = load_settings(home=tmp_path / "old")
    settings.home.mkdir(parents=True)
    engine = make_engine(settings.db_url)
    cfg = alembic_config(settings.db_url)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0004")
        conn.exec_driver_sql("INSERT INTO submission (channel, source_ref, submitter, received_at,"
                             " meta) VALUES ('intake_mail', 'old', 'a@exempelby.se',"
                             " '2024-01-01 10:00:00.000000', '{}')")
    ctx = open_context(settings)  # migrates to the newest revision
    (receipt,) = _receipts(ctx)
    assert (receipt.key, receipt.state) == ("received:1", "suppressed")
    assert receipt.created_at is not None


def test_signature_images_are_counted_not_listed(mailbot, relay):
    import io

    from PIL import Image

    _, inbox = relay
    logo = io.BytesIO()
    Image.new("RGB", (120, 40), (10, 60, 120)).save(logo, format="PNG")
    for ref in ("first", "second"):
        message = EmailMessage()
        message["From"], message["Subject"] = "anna.berg@exempelby.se", f"Beslut {ref}"
        message.set_content("Se bilaga.\n/Anna")
        message.add_attachment(make_pdf(["Beslut", f"Dnr KS 2021/0456 ({ref})"]),
                               maintype="application", subtype="pdf", filename=f"{ref}.pdf")
        message.add_attachment(logo.getvalue(), maintype="image", subtype="png",
                               filename="image001.png", disposition="inline")
        _submit(mailbot, bytes(message), ref=ref)
    run_until_idle(mailbot)
    assert send_due_receipts(mailbot) == 2
    for notice in inbox.messages:
        body = _body(notice)
        assert "1 handling; KS 2021/0456 hittades i den." in body
        assert "1 bild(er) var logotyper eller signaturer och hoppades över." in body
        assert "image001.png" not in body and "fanns redan" not in body


def test_the_relay_check_says_what_is_wrong(settings, relay):
    from bot.receipts import check_relay

    controller, _ = relay
    assert check_relay(settings) == []  # no relay configured: nothing to check
    settings.receipt_smtp_host, settings.receipt_smtp_port = "127.0.0.1", controller.port
    settings.receipt_from = OWN
    assert check_relay(settings) == []
    settings.receipt_smtp_starttls = True  # this relay offers no STARTTLS
    assert check_relay(settings) == [f"STARTTLS mot kvittoreläet 127.0.0.1:{controller.port} "
                                     "misslyckades (SMTPNotSupportedError) / STARTTLS with the "
                                     f"receipt relay 127.0.0.1:{controller.port} failed "
                                     "(SMTPNotSupportedError)"]
    settings.receipt_smtp_starttls, settings.receipt_from = False, ""
    settings.receipt_smtp_port = _free_port()
    problems = check_relay(settings)
    assert problems[0].startswith("receipt_from saknas")
    assert problems[1].startswith(f"kvittoreläet 127.0.0.1:{settings.receipt_smtp_port} svarar inte")


def test_a_mail_released_from_quarantine_gets_its_receipt_after_all(mailbot, relay):
    from bot.policy import release

    _, inbox = relay
    mailbot.settings.allowed_domains = ["kommun.example"]
    _submit(mailbot, _mail(files=1))
    run_until_idle(mailbot)
    assert send_due_receipts(mailbot) == 0
    with session_scope(mailbot.engine) as session:
        top = session.exec(select(Item).where(col(Item.parent_id).is_(None))).one()
        release(session, top, actor="registrator:karin")
    run_until_idle(mailbot)
    assert send_due_receipts(mailbot) == 1
    assert "1 handling; KS 2021/0456 hittades i den." in _body(inbox.messages[0])
