"""Who may submit: mail from a domain that is not allowed (or not authenticated, when that is
required) is quarantined with a reason and goes no further; operators' own files are not checked."""

from __future__ import annotations

import pytest
from sqlmodel import select

from bot.db import session_scope
from bot.ingest import submit
from bot.models import Item
from bot.policy import (
    TEXT,
    authenticated,
    domain_allowed,
    headers_of,
    is_quarantined,
    quarantine_reason,
    release,
)
from bot.worker import run_until_idle
from tests.conftest import make_email, make_pdf

ALLOWED = ["exempelby.se"]


def _mail(sender: str, extra: str = "") -> bytes:
    # the attachment names its sender: two mails never carry the same bytes (which would
    # rightly make the second one a duplicate)
    data = make_email("Beslut", "Hej, se bilaga.", [("beslut.pdf", make_pdf(["Beslut", sender]),
                                                      "application/pdf")])
    data = data.replace(b"Anna Berg <anna.berg@exempelby.se>", sender.encode())
    return extra.encode() + data


def _ingest(ctx, data: bytes, channel: str = "intake_mail") -> list[Item]:
    result = submit(ctx, channel=channel, source_ref=str(hash(data)), data=data,
                    filename="m.eml", submitter=None)
    run_until_idle(ctx)
    with session_scope(ctx.engine) as session:
        return list(session.exec(select(Item).where(Item.submission_id == result.submission_id)
                                 .order_by(Item.id)).all())


@pytest.mark.parametrize(("domain", "allowed", "ok"), [
    ("exempelby.se", [], True),
    ("exempelby.se", ["exempelby.se"], True),
    ("skola.exempelby.se", ["exempelby.se"], True),
    ("EXEMPELBY.SE", ["@Exempelby.se"], False),  # the caller lower-cases the domain
    ("exempelby.se.evil.example", ["exempelby.se"], False),
    ("notexempelby.se", ["exempelby.se"], False),
    ("bygg.example", ["exempelby.se", "*.bygg.example"], True),
])
def test_allowed_domains_take_subdomains_and_nothing_that_only_looks_alike(domain, allowed, ok):
    assert domain_allowed(domain, allowed) is ok


def test_mail_from_a_domain_not_allowed_is_quarantined_and_not_unpacked(ctx):
    ctx.settings.allowed_domains = ALLOWED
    (top,) = _ingest(ctx, _mail("Okänd <someone@elsewhere.example>"))
    assert top.state == "skipped"
    assert top.state_reason == ("karantän: avsändardomänen är inte tillåten / "
                                "quarantined: sender domain not allowed")
    assert is_quarantined(top)


def test_mail_from_an_allowed_domain_or_subdomain_is_processed(ctx):
    ctx.settings.allowed_domains = ALLOWED
    for sender in ("Anna <anna@exempelby.se>", "Skolan <rektor@skola.exempelby.se>"):
        top, pdf = _ingest(ctx, _mail(sender))
        assert (top.state, pdf.state) == ("queued", "queued")


def test_files_an_operator_ingests_are_not_checked(ctx):
    ctx.settings.allowed_domains = ALLOWED
    top, _pdf = _ingest(ctx, _mail("Okänd <someone@elsewhere.example>"), channel="cli")
    assert top.state == "queued"


def test_a_released_mail_is_processed_like_any_other(ctx):
    ctx.settings.allowed_domains = ALLOWED
    (top,) = _ingest(ctx, _mail("Okänd <someone@elsewhere.example>"))
    with session_scope(ctx.engine) as session:
        release(session, session.get(Item, top.id), actor="registrator:karin")
    run_until_idle(ctx)
    with session_scope(ctx.engine) as session:
        states = [i.state for i in session.exec(select(Item).order_by(Item.id))]
    assert states == ["queued", "queued"]


PASS_DMARC = "Authentication-Results: mx.exempelby.se; dmarc=pass (p=reject) header.from=exempelby.se\r\n"
EXCHANGE = ("Authentication-Results: spf=pass (sender IP is 192.0.2.1)\r\n smtp.mailfrom=exempelby.se; "
            "dkim=pass (signature was verified)\r\n header.d=exempelby.se;dmarc=pass action=none\r\n "
            "header.from=exempelby.se;compauth=pass reason=100\r\n")


@pytest.mark.parametrize(("headers", "ok"), [
    (PASS_DMARC, True),
    (EXCHANGE, True),  # Exchange Online writes no authserv-id
    ("Authentication-Results: mx.exempelby.se; spf=pass smtp.mailfrom=anna@exempelby.se;"
     " dkim=pass header.d=exempelby.se\r\n", True),
    ("Authentication-Results: mx.exempelby.se; spf=pass smtp.mailfrom=exempelby.se;"
     " dkim=pass header.d=evil.example\r\n", False),
    ("Authentication-Results: mx.exempelby.se; spf=pass smtp.mailfrom=exempelby.se;"
     " dkim=fail header.d=exempelby.se\r\n", False),
    ("Authentication-Results: mx.exempelby.se; dmarc=fail header.from=exempelby.se\r\n", False),
    ("Authentication-Results: mx.exempelby.se; dmarc=pass\r\n", False),  # for whom?
    ("Authentication-Results: mx.exempelby.se; dmarc=fail header.from=exempelby.se\r\n"
     + PASS_DMARC, False),  # only the topmost header is our own server's; the rest may be forged
    ("", False),
])
def test_authentication_results_must_pass_for_the_senders_domain(headers, ok):
    data = (headers + "From: Anna <anna@exempelby.se>\r\nSubject: x\r\n\r\nHej").encode()
    assert authenticated(headers_of(data), "exempelby.se") is ok


def test_a_named_mail_server_is_the_only_one_trusted():
    data = (b"Authentication-Results: mx.exempelby.se; dmarc=fail header.from=exempelby.se\r\n"
            b"Authentication-Results: gw.exempelby.se; dmarc=pass header.from=exempelby.se\r\n"
            b"From: anna@exempelby.se\r\n\r\nHej")
    headers = headers_of(data)
    assert authenticated(headers, "exempelby.se", "gw.exempelby.se")
    assert not authenticated(headers, "exempelby.se", "mx.exempelby.se")
    assert not authenticated(headers, "exempelby.se", "other.example")


def test_required_authentication_quarantines_mail_without_a_passing_result(ctx):
    ctx.settings.allowed_domains = ALLOWED
    ctx.settings.require_authentication_results = True
    (top,) = _ingest(ctx, _mail("Anna <anna@exempelby.se>"))
    assert top.state == "skipped"
    assert top.state_reason == TEXT["unauthenticated"]
    top, pdf = _ingest(ctx, _mail("Anna <anna@exempelby.se>", PASS_DMARC))
    assert (top.state, pdf.state) == ("queued", "queued")


def test_without_settings_everyone_may_submit(settings):
    assert quarantine_reason(settings, "intake_mail", _mail("x <x@elsewhere.example>")) is None
