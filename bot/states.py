"""The item life cycle: allowed state moves, and the one transition() that writes the audit."""

from __future__ import annotations

import hashlib
import json

from sqlalchemy import text
from sqlmodel import Session, col, select

from bot.models import AuditEvent, Item, utcnow

RECEIVED, UNPACKED, EXTRACTED, MATCHED, QUEUED = (
    "received",
    "unpacked",
    "extracted",
    "matched",
    "queued",
)
CONFIRMED, REJECTED, DUPLICATE, FAILED, SKIPPED, SPLIT = (
    "confirmed",
    "rejected",
    "duplicate",
    "failed",
    "skipped",
    "split",  # a multi-document scan cut into page ranges, each its own new item
)

# States a worker picks up, each with the stage that moves it on.
WORKABLE = (RECEIVED, UNPACKED, EXTRACTED, MATCHED)

ALLOWED: dict[str, set[str]] = {
    RECEIVED: {UNPACKED, FAILED, SKIPPED, DUPLICATE},
    UNPACKED: {EXTRACTED, FAILED, SKIPPED},
    EXTRACTED: {MATCHED, FAILED, SKIPPED, REJECTED,  # rejected: a part of an undone split
                SPLIT},  # split: cut into parts at cover sheets, separators, paragraphs
    MATCHED: {QUEUED, DUPLICATE, FAILED, REJECTED},
    QUEUED: {CONFIRMED, REJECTED, DUPLICATE, MATCHED, SPLIT},
    CONFIRMED: {QUEUED},
    REJECTED: {QUEUED},
    DUPLICATE: {QUEUED, REJECTED},
    FAILED: {RECEIVED, REJECTED},
    SKIPPED: {QUEUED, RECEIVED},
    SPLIT: {QUEUED},  # only when the split is undone (its parts then leave as rejected)
}


class IllegalTransition(Exception):
    """A state move that the life cycle does not allow."""


def _event_hash(prev: str, event: AuditEvent) -> str:
    body = json.dumps(
        [
            prev,
            event.item_id,
            event.actor,
            event.action,
            event.from_state,
            event.to_state,
            event.reason,
            event.at.isoformat(),
        ],
        ensure_ascii=False,
    )
    return hashlib.sha256(body.encode()).hexdigest()


AUDIT_LOCK = 0x64696172  # "diar": the PostgreSQL advisory lock that orders the audit chain


def _chain_lock(session: Session) -> None:
    """PostgreSQL: two transactions could read the same last event and fork the chain, so
    appends take a lock held until commit (also keeping ids in chain order). SQLite has one
    writer at a time already."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": AUDIT_LOCK})


def record(
    session: Session,
    *,
    actor: str,
    action: str,
    item_id: int | None = None,
    from_state: str | None = None,
    to_state: str | None = None,
    reason: str | None = None,
) -> AuditEvent:
    """Append one event to the hash chain."""
    _chain_lock(session)
    last = session.exec(select(AuditEvent).order_by(col(AuditEvent.id).desc()).limit(1)).first()
    event = AuditEvent(
        item_id=item_id,
        actor=actor,
        action=action,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        prev_hash=last.hash if last else "",
    )
    event.hash = _event_hash(event.prev_hash, event)
    session.add(event)
    return event


def transition(
    session: Session, item: Item, to: str, *, actor: str, reason: str | None = None
) -> None:
    """Move an item to a new state if the life cycle allows it, and log the move."""
    if to not in ALLOWED.get(item.state, set()):
        raise IllegalTransition(f"{item.state} -> {to}")
    record(
        session,
        actor=actor,
        action="transition",
        item_id=item.id,
        from_state=item.state,
        to_state=to,
        reason=reason,
    )
    item.state = to
    item.state_reason = reason
    item.updated_at = utcnow()
    session.add(item)


def verify_chain(session: Session) -> int | None:
    """Id of the first event whose hash does not follow from its predecessor, or None."""
    prev = ""
    for event in session.exec(select(AuditEvent).order_by(col(AuditEvent.id))):
        if event.prev_hash != prev or _event_hash(prev, event) != event.hash:
            return event.id
        prev = event.hash
    return None
