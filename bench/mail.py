"""Builds a forwarded e-mail (.eml) the way Swedish Outlook forwards one, document attached."""

from __future__ import annotations

import html
import random
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime

from bench.swedish import outlook_sent

CET = timezone(timedelta(hours=1))
NOTES = (
    "Här kommer ett dokument som jag hittade i min inkorg.",
    "Skickar vidare enligt önskemålet om att återställa diariet.",
    "Hittade detta bland mina mejl, hoppas det är till hjälp.",
    "Den här borde höra till ärendet om {subject}.",
    "Fanns kvar i min mejl. Säg till om ni behöver något mer.",
    "FYI",
)


@dataclass(frozen=True)
class Original:
    """The message that is being forwarded."""

    sender: str
    recipient: str
    subject: str
    sent: datetime
    text: str


@dataclass(frozen=True)
class Forward:
    """Who forwards what, when, with which note and attachment."""

    forwarder: str  # "Anna Berg <anna.berg@example.se>"
    intake: str
    when: datetime
    note: str
    original: Original
    attachment: bytes
    attachment_name: str


def body_text(fwd: Forward) -> str:
    first = fwd.forwarder.split()[0]
    orig = fwd.original
    return (
        f"Hej!\n\n{fwd.note}\n\n/{first}\n\n"
        "-----Ursprungligt meddelande-----\n"
        f"Från: {orig.sender}\nSkickat: {outlook_sent(orig.sent)}\nTill: {orig.recipient}\n"
        f"Ämne: {orig.subject}\n\n{orig.text}\n"
    )


def body_html(text: str) -> str:
    paragraphs = "".join(f"<p>{html.escape(p).replace(chr(10), '<br>')}</p>"
                         for p in text.split("\n\n"))
    return f'<html><head><meta charset="utf-8"></head><body lang="SV">{paragraphs}</body></html>'


def fix_boundaries(message: EmailMessage, rng: random.Random) -> None:
    """Fixed MIME boundaries, so that the same seed gives the same bytes."""
    for part in message.walk():
        if part.is_multipart():
            part.set_boundary(f"_{rng.getrandbits(64):016x}_NextPart_")


def forward_eml(rng: random.Random, fwd: Forward, with_html: bool) -> bytes:
    """The .eml bytes of the forward."""
    message = EmailMessage()
    domain = fwd.forwarder.rsplit("@", 1)[-1].rstrip(">")
    message["From"] = fwd.forwarder
    message["To"] = fwd.intake
    message["Subject"] = f"VB: {fwd.original.subject}"
    message["Date"] = format_datetime(fwd.when)
    message["Message-ID"] = f"<{rng.getrandbits(96):024x}@{domain}>"
    message["Thread-Topic"] = fwd.original.subject
    message["Accept-Language"] = "sv-SE, en-US"
    text = body_text(fwd)
    message.set_content(text, cte="quoted-printable")
    if with_html:
        message.add_alternative(body_html(text), subtype="html", cte="quoted-printable")
    message.add_attachment(fwd.attachment, maintype="application", subtype="pdf",
                           filename=fwd.attachment_name)
    fix_boundaries(message, rng)
    return message.as_bytes(policy=policy.SMTP)


def original_message(rng: random.Random, fwd: Forward) -> EmailMessage:
    """The forwarded message itself, with the document attached, as its sender sent it."""
    orig = fwd.original
    message = EmailMessage()
    message["From"] = orig.sender
    message["To"] = orig.recipient
    message["Subject"] = orig.subject
    message["Date"] = format_datetime(orig.sent)
    domain = orig.sender.rsplit("@", 1)[-1].rstrip(">")
    message["Message-ID"] = f"<{rng.getrandbits(96):024x}@{domain}>"
    message.set_content(orig.text, cte="quoted-printable")
    message.add_attachment(fwd.attachment, maintype="application", subtype="pdf",
                           filename=fwd.attachment_name)
    return message


def forward_as_attachment_eml(rng: random.Random, fwd: Forward) -> bytes:
    """Outlook's "forward as attachment": the note, and the original message as message/rfc822
    (its own headers, body and attachment) — not quoted in the body."""
    message = EmailMessage()
    domain = fwd.forwarder.rsplit("@", 1)[-1].rstrip(">")
    message["From"] = fwd.forwarder
    message["To"] = fwd.intake
    message["Subject"] = f"VB: {fwd.original.subject}"
    message["Date"] = format_datetime(fwd.when)
    message["Message-ID"] = f"<{rng.getrandbits(96):024x}@{domain}>"
    first = fwd.forwarder.split()[0]
    message.set_content(f"Hej!\n\n{fwd.note}\n\n/{first}\n", cte="quoted-printable")
    inner = original_message(rng, fwd)
    fix_boundaries(inner, rng)
    message.add_attachment(inner, filename=f"{fwd.original.subject[:60]}.eml")
    fix_boundaries(message, rng)
    return message.as_bytes(policy=policy.SMTP)
