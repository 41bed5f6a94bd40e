"""Unpack an Outlook .msg file: body text, attachments, embedded messages and metadata."""

from __future__ import annotations

import email.message
import io
import re
from datetime import datetime
from typing import Any

import extract_msg
from extract_msg.enums import AttachmentType, ErrorBehavior

from bot.sniff import MSG
from bot.unpack.charsets import decode_text
from bot.unpack.headers import _auto_submitted
from bot.unpack.htmltext import html_to_text
from bot.unpack.limits import TEXT, Limits, UnpackError, _Collector
from bot.unpack.parts import Unpacked


def _unpack_msg(data: bytes, limits: Limits) -> Unpacked:
    try:
        msg = extract_msg.openMsg(
            io.BytesIO(data), strict=False, errorBehavior=ErrorBehavior.ATTACH_SUPPRESS_ALL
        )
    except Exception as exc:  # edge: olefile / extract-msg raise many kinds of error
        raise UnpackError(TEXT["bad_msg"]) from exc
    try:
        found = _Collector(limits)
        for number, attachment in enumerate(_msg_attachments(msg), 1):
            _add_msg_attachment(found, attachment, number)
        return Unpacked("email", _msg_meta(msg), _msg_body(msg), found.children, found.warnings)
    finally:
        msg.close()


def _msg_attachments(msg: Any) -> list[Any]:
    return list(_msg_field(msg, "attachments") or [])


def _msg_attachment_name(attachment: Any) -> str | None:
    for name in ("longFilename", "shortFilename", "displayName", "name"):
        value = _msg_field(attachment, name)
        if isinstance(value, str) and value.strip("\x00 "):
            return value.strip("\x00")
    return None


def _add_msg_attachment(found: _Collector, attachment: Any, number: int) -> None:
    kind, data = _msg_field(attachment, "type"), _msg_field(attachment, "data")
    name = _msg_attachment_name(attachment)
    if hasattr(data, "exportBytes"):  # an embedded message (AttachmentType.MSG and the like)
        # We keep the embedded message whole: exportBytes() writes it out as a .msg file of
        # its own, so the caller unpacks it (and its attachments) like any other .msg.
        try:
            data = data.exportBytes()
        except Exception:  # edge: export of a damaged embedded message
            found.warn("msg_export", number)
            return
        if name and not name.lower().endswith(".msg"):
            name += ".msg"
        found.spend(len(data))
        found.add(name, data, MSG)
    elif isinstance(data, bytes):
        found.spend(len(data))
        found.add(name, data, None, bool(_msg_field(attachment, "hidden")))
    else:
        found.warn("link" if kind == AttachmentType.WEB else "unsupported", number)


def _msg_meta(msg: Any) -> dict[str, object]:
    date = _msg_field(msg, "date")
    class_type = str(_msg_field(msg, "classType") or "").strip("\x00")
    headers = _msg_field(msg, "header")
    auto = isinstance(headers, email.message.Message) and _auto_submitted(headers)
    return {
        "from": _msg_field(msg, "sender"),
        "to": _msg_field(msg, "to"),
        "cc": _msg_field(msg, "cc"),
        "date": date.isoformat() if isinstance(date, datetime) else None,
        "subject": _msg_field(msg, "subject"),
        "message_id": _msg_field(msg, "messageId"),
        "auto_submitted": auto or class_type.upper().startswith("REPORT"),
        "message_class": class_type or None,
    }


def _msg_field(msg: Any, name: str) -> Any:
    try:
        return getattr(msg, name, None)
    except Exception:  # edge: extract-msg decodes properties lazily and may fail on any
        return None


def _msg_body(msg: Any) -> str | None:
    body = _msg_field(msg, "body")
    if isinstance(body, str) and body.strip():
        return body.replace("\r\n", "\n").strip()
    html = _msg_field(msg, "htmlBody")
    if isinstance(html, bytes):
        return html_to_text(_decode_html_bytes(html)) or None
    return None


def _decode_html_bytes(html: bytes) -> str:
    match = re.search(rb"charset=[\"']?([\w-]+)", html[:4096], re.I)
    return decode_text(html, match.group(1).decode("ascii") if match else None)
