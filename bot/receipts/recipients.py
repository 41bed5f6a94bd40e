"""Who may get a receipt: never auto-generated mail (RFC 3834); else the address to answer."""

from __future__ import annotations

import email.message
import re

from bot.models import Item, Submission
from bot.policy import headers_of, is_local, is_quarantined, sender_address
from bot.receipts.kinds import MARKER
from bot.receipts.text import TEXT
from bot.settings import Settings
from bot.sniff import EMAIL

NO_REPLY = re.compile(r"^(mailer-daemon|postmaster|no-?reply|do-?not-?reply|bounces?)([+.-]|$)")
ADDRESS = re.compile(r"^[^@\s<>,;\"]+@[^@\s<>,;\"]+\.[^@\s<>,;\"]+$")


def auto_generated(headers: email.message.Message, own_address: str = "") -> str | None:
    """Why a message must not be answered (RFC 3834 and common practice), or None."""
    def value(name: str) -> str:
        return " ".join(str(headers.get(name) or "").split()).lower()

    sender = sender_address(headers) or ""
    checks = (
        (value("auto-submitted").split(";")[0].strip() not in ("", "no"), "Auto-Submitted"),
        (value("precedence") in ("bulk", "list", "junk", "auto_reply"), "Precedence"),
        (bool(value("x-auto-response-suppress")), "X-Auto-Response-Suppress"),
        (bool(value("list-id") or value("list-unsubscribe")), "List-Id"),
        (value("return-path") == "<>", "Return-Path <>"),
        (bool(NO_REPLY.match(sender.split("@")[0])), "mailer-daemon/postmaster/noreply"),
        (bool(value(MARKER)), MARKER),
        (headers.get_content_type() == "multipart/report", "multipart/report"),
    )
    reason = next((name for hit, name in checks if hit), None)
    if reason is None and own_address and sender == own_address.strip().lower():
        return TEXT["why_own"]
    if reason is None:
        return None
    return f"automatiskt meddelande ({reason}) / auto-generated message ({reason})"


def addressee(settings: Settings, submission: Submission, top: Item,
              data: bytes | None) -> tuple[str | None, str | None]:
    """(address to answer, None) or (None, why no receipt is sent)."""
    if is_local(submission.channel):
        return None, TEXT["why_local"]
    if top.media_type != EMAIL or data is None:
        return None, TEXT["why_not_mail"]
    if is_quarantined(top):
        return None, TEXT["why_quarantined"]
    headers = headers_of(data)
    auto = auto_generated(headers, settings.receipt_from)
    if auto:
        return None, auto
    address = sender_address(headers) or (submission.submitter or "").strip().lower()
    return (address, None) if ADDRESS.match(address) else (None, TEXT["why_no_address"])
