"""What a connector reads from a message's headers: Message-ID, sender, subject, date."""

from __future__ import annotations

import email.header
import email.utils
import hashlib
from email.message import Message as EmailMessage
from email.parser import BytesHeaderParser
from typing import Any


def _decoded(raw: str | None) -> str | None:
    if raw is None:
        return None
    try:
        return str(email.header.make_header(email.header.decode_header(str(raw)))).strip()
    except (UnicodeDecodeError, LookupError, email.errors.HeaderParseError):
        return str(raw).strip()  # an undecodable header is kept as it was written


def _headers(data: bytes) -> EmailMessage:
    return BytesHeaderParser().parsebytes(data)


def sender_address(data: bytes) -> str | None:
    """The From address (lower case), or None when there is none."""
    address = email.utils.parseaddr(_decoded(_headers(data).get("From")) or "")[1]
    return address.lower() or None


def header_meta(data: bytes) -> dict[str, Any]:
    """Header facts kept with the submission (never logged)."""
    headers = _headers(data)
    return {
        "message_id": (headers.get("Message-ID") or "").strip() or None,
        "subject": _decoded(headers.get("Subject")),
        "from": _decoded(headers.get("From")),
        "to": _decoded(headers.get("To")),
        "date": _decoded(headers.get("Date")),
        "sha256": hashlib.sha256(data).hexdigest(),
        "size": len(data),
    }


def message_filename(meta: dict[str, Any]) -> str:
    """The item's name as a registrar sees it: the subject, made safe, or a neutral name."""
    subject = " ".join(str(meta.get("subject") or "").split())
    safe = "".join(c for c in subject if c.isprintable() and c not in '/\\:*?"<>|').strip(" .")
    return f"{safe[:80]}.eml" if safe else "meddelande.eml"
