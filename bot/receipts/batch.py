"""Which receipts are due, and confirmation notices grouped per recipient once they have waited."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, or_
from sqlmodel import Session, col, select

from bot.models import Item, Receipt, utcnow
from bot.receipts.kinds import BATCH, CONFIRMED_KIND, PENDING, RECEIVED, SUPPRESSED
from bot.receipts.text import TEXT, _aware
from bot.settings import Settings
from bot.states import CONFIRMED


def _ready(now: datetime) -> ColumnElement[bool]:
    return and_(col(Receipt.state) == PENDING,
                or_(col(Receipt.retry_at).is_(None), col(Receipt.retry_at) <= now))


def _due(session: Session, kind: str) -> list[Receipt]:
    return list(session.exec(select(Receipt).where(Receipt.kind == kind, _ready(utcnow()))
                             .order_by(col(Receipt.id)).limit(BATCH)).all())


def _due_confirmations(session: Session, settings: Settings) -> list[tuple[str | None, list[int]]]:
    """Pending notices per recipient, once the oldest has waited `receipt_batch_seconds`."""
    groups: dict[str, list[Receipt]] = defaultdict(list)
    for notice in _due(session, CONFIRMED_KIND):
        recipient = _confirmation_recipient(session, notice)
        if recipient:
            groups[recipient].append(notice)
    cutoff = utcnow() - timedelta(seconds=settings.receipt_batch_seconds)
    return [(recipient, [n.id or 0 for n in notices]) for recipient, notices in groups.items()
            if min(_aware(n.created_at) for n in notices) <= cutoff]


def _confirmation_recipient(session: Session, notice: Receipt) -> str | None:
    """The submission's receipt decides: suppressed there, suppressed here. None = not yet."""
    received = session.exec(select(Receipt).where(
        Receipt.key == f"{RECEIVED}:{notice.submission_id}")).first()
    item = session.get(Item, notice.item_id) if notice.item_id else None
    reason = received.reason if received is not None and received.state == SUPPRESSED else None
    if item is None or item.state != CONFIRMED:
        reason = TEXT["why_undone"]
    if reason:
        notice.state, notice.reason = SUPPRESSED, reason
        session.add(notice)
        return None
    return received.recipient if received is not None else None
