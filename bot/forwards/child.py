"""A forwarded message as an item of its own: its .eml bytes, metadata and file name."""

from __future__ import annotations

import email.charset
import email.header
import email.message
import email.utils
from datetime import datetime

from bot.forwards.model import Chain, ForwardedMessage

MARKER = "X-Diariebot-Forwarded"
MAX_LISTED = 100  # forwarded messages listed in the email's metadata (the items are capped too)

_UTF8 = email.charset.Charset("utf-8")
_UTF8.body_encoding = email.charset.QP


def to_eml(message: ForwardedMessage) -> bytes:
    """A small email of the message's headers and body, so it unpacks as an email of its own.
    Deterministic: the same message forwarded twice gives the same bytes."""
    out = email.message.Message()
    out["MIME-Version"] = "1.0"
    for name, value in (("From", message.sender), ("To", message.to), ("Cc", message.cc)):
        if value:
            out[name] = _address_header(value)
    if message.subject:
        out["Subject"] = _header_value(message.subject)
    if message.date and "T" in message.date:
        out["Date"] = email.utils.format_datetime(datetime.fromisoformat(message.date))
    if message.date_text:
        out["X-Diariebot-Original-Date"] = _header_value(message.date_text)
    out[MARKER] = "citerat svar / quoted reply" if message.quoted else "vidarebefordrat / forwarded"
    out.set_payload(message.body, _UTF8)
    return out.as_bytes()


def _address_header(value: str) -> str:
    """Names as encoded words, addresses as they are, so the list still parses."""
    pairs = email.utils.getaddresses([value])
    # formataddr() encodes names only: an address that is not ASCII (or not an address at all)
    # would raise, so such a value is written as one encoded-word text instead.
    if value.isascii() or not pairs or not all(
        "@" in address and address.isascii() for _, address in pairs
    ):
        return _header_value(value)
    return ", ".join(email.utils.formataddr(pair, charset="utf-8") for pair in pairs)


def _header_value(value: str) -> str:
    text = " ".join(value.split())
    return text if text.isascii() else email.header.Header(text, "utf-8").encode()


def chain_meta(chain: Chain) -> dict[str, object]:
    """Metadata for the email that holds the chain: the original message's date, sender, subject."""
    original = chain.original
    if original is None:
        return {}
    return {
        "original_date": original.date,
        "original_from": original.sender,
        "original_subject": original.subject,
        "forwarded_count": len(chain.messages),
        "forward_note": chain.note,
        "forwarded_messages": [  # oldest (innermost) first, for the output contract
            {"from": m.sender, "date": m.date, "subject": m.subject}
            for m in reversed(chain.messages[:MAX_LISTED])
        ],
    }


def message_meta(message: ForwardedMessage, number: int) -> dict[str, object]:
    """Metadata for one forwarded message's own item."""
    return {"forwarded": True, "forward_number": number, "quoted": message.quoted,
            "original_date": message.date}


def forward_filename(number: int) -> str:
    return f"vidarebefordrat-{number}.eml"
