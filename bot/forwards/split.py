"""Split a plain-text body into the forwarder's own note and the messages below it."""

from __future__ import annotations

import re
from dataclasses import replace

from bot.forwards.boundaries import MAX_DEPTH, _boundary, _Hit
from bot.forwards.dates import parse_date
from bot.forwards.headers import _one_line, addresses, bare_subject
from bot.forwards.model import Chain, ForwardedMessage
from bot.forwards.quotes import _is_quoted, _quoted_end


def split_forwards(body: str | None, subject: str | None = None) -> Chain:
    """The note and every forwarded or quoted message in `body` (a plain-text email body).
    A reply's attribution line has no subject: it gets `subject` without "SV:", "VB:" etc."""
    text = (body or "").replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\ufeff", "").replace("\xa0", " ")
    own, messages = _split(text.split("\n"), 0)
    inherited = bare_subject(subject)
    return Chain(_text(own), tuple(
        m if m.subject or not inherited else replace(m, subject=inherited) for m in messages))


def _split(lines: list[str], depth: int) -> tuple[list[str], list[ForwardedMessage]]:
    own: list[str] = []
    messages: list[ForwardedMessage] = []
    i = 0
    while i < len(lines):
        hit = _boundary(lines, i) if depth < MAX_DEPTH else None
        if hit is None:
            end = _quoted_end(lines, i) if _is_quoted(lines[i]) else i + 1
            own.extend(lines[i:end])  # a quote without a forward in it is the writer's text
            i = end
            continue
        inner = hit.body if hit.body is not None else lines[hit.start:]
        inner_own, inner_messages = _split(inner, depth + 1)
        if hit.fields is None:
            own.extend(inner_own)
        else:
            messages.append(_message(hit, inner_own))
        messages.extend(inner_messages)
        if hit.end is None:
            break
        i = hit.end
    return own, messages


def _text(lines: list[str]) -> str:
    return re.sub(r"\n{3,}", "\n\n", "\n".join(line.rstrip() for line in lines)).strip()


def _message(hit: _Hit, own: list[str]) -> ForwardedMessage:
    fields = hit.fields or {}
    date_text = _one_line(fields.get("date"))
    return ForwardedMessage(
        sender=addresses(fields.get("from")),
        to=addresses(fields.get("to")),
        cc=addresses(fields.get("cc")),
        date=parse_date(date_text),
        date_text=date_text,
        subject=_one_line(fields.get("subject")),
        body=_text(own),
        quoted=hit.quoted,
    )
