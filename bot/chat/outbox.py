"""Send what the bot recorded for chat users and rooms (receipts, questions, batched
confirmations, digests, outreach requests): claim the rows, hand each message to its channel,
retry later, and mask personnummer on the way out."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, or_, update
from sqlmodel import col, select

from bot.chat.mask import mask
from bot.chat.notices import due_confirmations, notice_text
from bot.context import Context
from bot.db import session_scope
from bot.models import ChatContact, ChatMessage, utcnow
from connectors.chat import ChatChannel
from connectors.errors import ConnectorError

log = logging.getLogger(__name__)
SENT_ONE_BY_ONE = ("receipt", "question", "digest", "outreach")
BATCH = 50
CLAIM = timedelta(minutes=2)
MAX_ATTEMPTS = 8


def _ready(now: datetime) -> ColumnElement[bool]:
    return and_(col(ChatMessage.state) == "pending",
                or_(col(ChatMessage.retry_at).is_(None), col(ChatMessage.retry_at) <= now))


def _due(ctx: Context, now: datetime) -> list[list[ChatMessage]]:
    with session_scope(ctx.engine) as session:
        single = session.exec(select(ChatMessage).where(
            col(ChatMessage.kind).in_(SENT_ONE_BY_ONE), _ready(now))
            .order_by(col(ChatMessage.id)).limit(BATCH)).all()
        batches = due_confirmations(session, ctx.settings.receipt_batch_seconds, now)
    return [[row] for row in single] + batches


def _claim(ctx: Context, rows: list[ChatMessage], now: datetime) -> bool:
    """Take all the rows of one message (compare-and-set: two senders never both send)."""
    with session_scope(ctx.engine) as session:
        for row in rows:
            won = session.execute(update(ChatMessage).where(col(ChatMessage.id) == row.id,
                                                            _ready(now))
                                  .values(retry_at=now + CLAIM))
            if won.rowcount != 1:  # type: ignore[attr-defined]
                session.rollback()
                return False
    return True


def _text(ctx: Context, rows: list[ChatMessage]) -> str:
    if rows[0].kind != "confirmed":
        return rows[0].body
    with session_scope(ctx.engine) as session:
        contact = session.get(ChatContact, rows[0].contact_id) if rows[0].contact_id else None
    return notice_text(rows, contact.language if contact else "sv")


def _finish(ctx: Context, rows: list[ChatMessage], error: str | None) -> None:
    with session_scope(ctx.engine) as session:
        for row in rows:
            fresh = session.get(ChatMessage, row.id)
            if fresh is None:
                continue
            if error is None:
                fresh.state, fresh.sent_at, fresh.retry_at = "sent", utcnow(), None
            else:
                fresh.attempts += 1
                fresh.reason = error
                fresh.retry_at = utcnow() + timedelta(seconds=min(3600, 15 * 2**fresh.attempts))
                fresh.state = "failed" if fresh.attempts >= MAX_ATTEMPTS else "pending"
            session.add(fresh)


def send_due(ctx: Context, channels: dict[str, ChatChannel]) -> int:
    """Send every due message through its channel; returns how many were sent."""
    sent, now = 0, utcnow()
    for rows in _due(ctx, now):
        channel = channels.get(rows[0].channel)
        if channel is None or not _claim(ctx, rows, now):
            continue
        try:
            channel.send(rows[0].address, mask(_text(ctx, rows)), rows[0].thread, rows[0].key)
        except ConnectorError as error:
            log.warning("%s: meddelande %s skickades inte / not sent: %s", channel.name,
                        rows[0].id, error.detail)
            _finish(ctx, rows, f"{error.kind}: {error.detail}")
            continue
        _finish(ctx, rows, None)
        sent += 1
    return sent
