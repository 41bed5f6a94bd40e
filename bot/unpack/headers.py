"""Email headers as sent: encoded words, raw 8-bit names, addresses, dates, auto-submitted."""

from __future__ import annotations

import email.header
import email.message
import email.utils
import re

from bot.unpack.charsets import _redecode


def _filename(part: email.message.Message) -> str | None:
    """RFC 2231 and encoded-word file names, decoded (Outlook sends the latter)."""
    try:
        name = part.get_filename()
        if name and "\ufffd" in name:  # raw 8-bit name (old clients): decode it ourselves
            name = _legacy_filename(part) or name
    except Exception:  # edge: malformed parameters
        return None
    if name and "=?" in name:
        name = _decode_words(name)
    return name or None


def _legacy_filename(part: email.message.Message) -> str | None:
    # The raw header keeps undecodable bytes as surrogates: decode those, then parse again.
    legacy = email.message.Message()
    for key, value in part.raw_items():
        if key.lower() in ("content-type", "content-disposition"):
            legacy[key] = _redecode(str(value))
    name = legacy.get_filename()
    return name if isinstance(name, str) else None


def _raw_header(message: email.message.Message, name: str) -> str | None:
    """The first such header as sent; raw 8-bit bytes read as UTF-8 or Windows-1252."""
    raw = next((str(v) for k, v in message.raw_items() if k.lower() == name), None)
    return None if raw is None else _redecode(raw)


def _header(message: email.message.Message, name: str) -> str | None:
    """A header's text with encoded words decoded and folding removed."""
    raw = _raw_header(message, name)
    return None if raw is None else " ".join(_decode_words(raw).split())


def _addresses(message: email.message.Message, name: str) -> str | None:
    """An address header as "Name <address>, …"; the decoded raw text if it does not parse."""
    raw = _raw_header(message, name)
    pairs = email.utils.getaddresses([raw]) if raw else []
    # "To: Per Ek" (no address, as forwarded headers often are) parses as the address "Per".
    if not pairs or not all("@" in address for _, address in pairs):
        return _header(message, name)
    named = (_address(" ".join(_decode_words(who).split()), addr) for who, addr in pairs)
    return ", ".join(dict.fromkeys(named))  # "a@x <a@x>" parses as two: keep one


def _address(who: str, address: str) -> str:
    if not who or who == address:
        return address
    if re.search(r'[,;<>@"]', who):  # quoted, so the list still reads back correctly
        who = '"' + who.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"{who} <{address}>"


def _decode_words(raw: str) -> str:
    try:
        return str(email.header.make_header(email.header.decode_header(raw)))
    except Exception:  # edge: broken encoded words or unknown charsets; keep the raw text
        return raw


def _iso_date(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return email.utils.parsedate_to_datetime(value).isoformat()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def _auto_submitted(message: email.message.Message) -> bool:
    # RFC 3834: never answer auto-submitted mail, bulk/list mail or delivery reports.
    auto = (_header(message, "auto-submitted") or "no").lower()
    precedence = (_header(message, "precedence") or "").lower()
    return (
        auto != "no"
        or precedence in ("bulk", "junk", "list", "auto_reply")
        or message.get_content_type() == "multipart/report"
    )
