"""The dry run of an outreach request: for the chosen missing records, one message per person who
may hold any of them — exactly the subject and text they will receive — and who cannot be asked
(no known address, or asked within the period)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, col, select

from bot.coverage.holders import EMAIL, Directory, Holder, Reason
from bot.coverage.wanted import Wanted, records
from bot.models import OutreachRequest
from bot.outreach import text
from bot.outreach.sheets import sheet_names
from bot.settings import Settings

MAX_RECORDS = 200  # one request lists at most this many records


@dataclass
class Message:
    """What one person would receive (by email, or in the chat they sent copies in from), and
    when they were last asked."""

    address: str
    name: str | None
    channel: str = EMAIL
    wanted: list[tuple[Wanted, tuple[Reason, ...]]] = field(default_factory=list)
    subject: str = ""
    body: str = ""
    attachments: list[str] = field(default_factory=list)  # cover sheets' file names
    last_asked: datetime | None = None
    again: datetime | None = None  # when they may be asked again, if not now

    @property
    def sendable(self) -> bool:
        return self.again is None

    @property
    def key(self) -> str:
        """What the registrar ticks: the address, with its chat channel when not email."""
        return (self.address if self.channel == EMAIL
                else f"{self.channel}:{self.address}").lower()


@dataclass
class Plan:
    messages: list[Message]
    unreachable: list[tuple[Holder, list[Wanted]]]  # named, but no address is known
    skipped: list[Wanted]  # chosen records that are not missing (recovered meanwhile)

    def digest(self, chosen: set[str]) -> str:
        """A fingerprint of exactly what would go to the chosen people, so the click sends what
        the registrar saw (or nothing, when anything changed)."""
        sha = hashlib.sha256()
        for m in self.messages:
            if m.key in chosen and m.sendable:
                sha.update(f"{m.key}\0{m.subject}\0{m.body}\0{m.attachments}\0".encode())
        return sha.hexdigest()[:32]


def _group(wanted: list[Wanted]) -> tuple[dict[str, Message], dict[str, tuple[Holder,
                                                                              list[Wanted]]]]:
    messages: dict[str, Message] = {}
    unreachable: dict[str, tuple[Holder, list[Wanted]]] = {}
    for w in wanted:
        for holder in w.holders:
            if holder.address is None:
                unreachable.setdefault(holder.key, (holder, []))[1].append(w)
                continue
            message = messages.setdefault(holder.key, Message(holder.address, holder.name,
                                                              holder.channel))
            message.name = message.name or holder.name
            message.wanted.append((w, tuple(holder.reasons)))
    return messages, unreachable


def _line(w: Wanted, reasons: tuple[Reason, ...]) -> text.Line:
    doc = w.document
    return text.Line(f"{w.case.case_number}-{doc.doc_number}", doc.description or "",
                     doc.date.isoformat() if doc.date else "", w.case.title, w.profile.kind,
                     reasons)


def aware(moment: datetime) -> datetime:
    """SQLite hands back naive times; they are UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def last_asked(session: Session, addresses: list[str], since: datetime) -> dict[str, datetime]:
    """When each person was last asked (a request not given up on), within the period."""
    rows = session.exec(select(OutreachRequest.recipient, func.max(OutreachRequest.created_at))
                        .where(col(OutreachRequest.recipient).in_(addresses),
                               col(OutreachRequest.created_at) >= since,
                               col(OutreachRequest.state) != "failed")
                        .group_by(col(OutreachRequest.recipient))).all()
    return {address: aware(at) for address, at in rows if at is not None}


def _compose(message: Message, settings: Settings) -> None:
    """Subject, text and cover sheets; a chat carries no cover sheet, and its text asks for
    the copies in that chat."""
    lines = [_line(w, reasons) for w, reasons in message.wanted]
    chat = message.channel != EMAIL
    message.attachments = [] if chat else sheet_names([line.number for line in lines])
    message.subject = text.subject(lines)
    message.body = text.body(message.name if message.name != message.address else None, lines,
                             settings.intake_address or "diariet", message.attachments, chat)


def plan(session: Session, settings: Settings, doc_ids: list[int], now: datetime) -> Plan:
    """The messages the chosen records would make, composed, and who may not be asked now."""
    period = timedelta(days=settings.outreach_period_days)
    chosen = records(session, doc_ids[:MAX_RECORDS], Directory(settings))
    missing = [w for w in chosen if w.document.file_status == "missing"]
    messages, unreachable = _group(missing)
    asked = last_asked(session, [m.address.lower() for m in messages.values()], now - period)
    for message in messages.values():
        _compose(message, settings)
        message.last_asked = asked.get(message.address.lower())
        message.again = message.last_asked + period if message.last_asked else None
    ordered = sorted(messages.values(), key=lambda m: (not m.sendable, m.key))
    return Plan(ordered, list(unreachable.values()),
                [w for w in chosen if w.document.file_status != "missing"])
