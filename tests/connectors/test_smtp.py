"""The bot's own SMTP receiver, real aiosmtpd on a random port, smtplib as the sender: a
message is committed before 250; refused clients, domains and oversize get 5xx, nothing stored;
a failed commit gets 451 so the sender tries again."""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Iterator

import pytest
from sqlmodel import select

from bot.db import session_scope
from bot.intake import receive
from bot.models import Submission
from connectors.base import Message
from connectors.smtp import SmtpReceiver
from tests.connectors.dovecot import free_port
from tests.connectors.messages import fifty

SCAN = fifty()[2].data  # the hand-written printer scan (PDF)


def _subs(ctx) -> list[Submission]:
    with session_scope(ctx.engine) as session:
        return list(session.exec(select(Submission).order_by(Submission.id)))


@pytest.fixture
def start(ctx) -> Iterator:
    started: list[SmtpReceiver] = []

    def run(deliver=None, **table) -> SmtpReceiver:
        receiver = SmtpReceiver("skanner", {"type": "smtp", "port": free_port(), **table})
        receiver.start(deliver or (lambda m: receive(ctx, "skanner", m)))
        started.append(receiver)
        return receiver

    yield run
    for receiver in started:
        receiver.stop()


def _client(receiver: SmtpReceiver) -> smtplib.SMTP:
    return smtplib.SMTP("127.0.0.1", receiver.opts.port, timeout=10)


def test_message_is_committed_before_250(ctx, start):
    seen_before_answer: list[int] = []

    def deliver(message: Message) -> None:
        receive(ctx, "skanner", message)
        seen_before_answer.append(len(_subs(ctx)))

    receiver = start(deliver, sender_domains=["exempelby.se"])
    with _client(receiver) as client:
        refused = client.sendmail("scan-plan2@print.exempelby.se", ["scan@diariebot.exempelby.se"],
                                  SCAN)
        assert refused == {}
        assert len(_subs(ctx)) == 1  # committed by the time 250 came back
    sub = _subs(ctx)[0]
    assert seen_before_answer == [1]
    assert sub.channel == "skanner"
    assert sub.submitter == "scan-plan2@print.exempelby.se"
    assert sub.meta["message_id"] == "<20240403130511.0001@mfp-plan2.print.exempelby.se>"
    assert sub.meta["connector"]["rcpt_to"] == ["scan@diariebot.exempelby.se"]
    assert sub.source_ref == f"smtp:sha256:{sub.meta['sha256']}/{sub.meta['message_id']}"


def test_failed_commit_answers_451_and_the_sender_keeps_it(ctx, start):
    def broken(message: Message) -> None:
        raise OSError("disk full")

    receiver = start(broken)
    with _client(receiver) as client, pytest.raises(smtplib.SMTPDataError) as refused:
        client.sendmail("a@exempelby.se", ["scan@exempelby.se"], SCAN)
    assert refused.value.smtp_code == 451
    assert _subs(ctx) == []


def test_refused_sender_recipient_and_client_get_5xx_and_nothing_is_stored(ctx, start):
    receiver = start(sender_domains=["exempelby.se"], recipient_domains=["diariebot.exempelby.se"])
    with _client(receiver) as client:
        with pytest.raises(smtplib.SMTPSenderRefused) as sender:
            client.sendmail("someone@elsewhere.example", ["scan@diariebot.exempelby.se"], SCAN)
        assert sender.value.smtp_code == 550
        client.rset()
        with pytest.raises(smtplib.SMTPRecipientsRefused) as rcpt:
            client.sendmail("per.ek@exempelby.se", ["scan@other.example"], SCAN)
        assert rcpt.value.recipients["scan@other.example"][0] == 550
    closed = start(allowed_clients=["10.0.0.0/8"])
    with _client(closed) as client, pytest.raises(smtplib.SMTPSenderRefused) as peer:
        client.sendmail("per.ek@exempelby.se", ["scan@diariebot.exempelby.se"], SCAN)
    assert peer.value.smtp_code == 550
    assert _subs(ctx) == []


def test_oversized_message_gets_552_with_or_without_size_parameter(ctx, start):
    receiver = start(max_bytes=2000)
    big = SCAN + b"x" * 3000
    with _client(receiver) as client:
        with pytest.raises(smtplib.SMTPSenderRefused) as declared:
            client.sendmail("per.ek@exempelby.se", ["scan@exempelby.se"], big)  # SIZE=...
        assert declared.value.smtp_code == 552
        client.rset()
        client.ehlo()
        assert client.mail("per.ek@exempelby.se")[0] == 250  # no SIZE given
        assert client.rcpt("scan@exempelby.se")[0] == 250
        assert client.data(big)[0] == 552
    assert _subs(ctx) == []


def test_starttls_required_and_used(ctx, start, tls_files):
    cert, key = tls_files
    receiver = start(tls_cert=str(cert), tls_key=str(key), require_tls=True)
    with _client(receiver) as client:
        client.ehlo()
        assert client.mail("per.ek@exempelby.se")[0] == 530  # STARTTLS first
    context = ssl.create_default_context(cafile=str(cert))
    with _client(receiver) as client:
        client.starttls(context=context)
        assert client.sendmail("per.ek@exempelby.se", ["scan@exempelby.se"], SCAN) == {}
    assert len(_subs(ctx)) == 1


def test_fifty_messages_through_smtp_arrive_once_each(ctx, start):
    sent = fifty()
    receiver = start()
    with _client(receiver) as client:
        for s in sent:
            client.sendmail(s.sender or "okand@exempelby.se", ["diariet@exempelby.se"], s.data)
        client.sendmail(sent[0].sender, ["diariet@exempelby.se"], sent[0].data)  # resent
    subs = _subs(ctx)
    assert len(subs) == 50
    assert [s.meta["message_id"] for s in subs] == [s.message_id for s in sent]
    assert [s.meta["subject"] for s in subs] == [s.subject for s in sent]
