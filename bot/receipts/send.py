"""Send due receipts: record them, claim the rows, hand each message to the relay, retry later."""

from __future__ import annotations

import email.message
import logging
import smtplib
from datetime import timedelta

from sqlalchemy import update
from sqlmodel import col, select

from bot.context import Context
from bot.db import session_scope
from bot.models import Receipt, utcnow
from bot.receipts.batch import _due, _due_confirmations, _ready
from bot.receipts.compose import compose
from bot.receipts.kinds import CLAIM, GAVE_UP, MAX_ATTEMPTS, PENDING, RECEIVED, RECORDED, SENT
from bot.receipts.record import record_receipts
from bot.receipts.smtp import relay
from bot.receipts.text import TEXT

log = logging.getLogger(__name__)


def send_due_receipts(ctx: Context) -> int:
    """For the scheduler: record receipts of finished submissions, then send every receipt and
    batch of confirmation notices that is due. Returns the number of messages sent."""
    record_receipts(ctx)
    with session_scope(ctx.engine) as session:
        receipts = [(r.recipient, [r.id or 0]) for r in _due(session, RECEIVED)]
        batches = _due_confirmations(session, ctx.settings)
    return sum(_deliver(ctx, recipient, ids) for recipient, ids in receipts + batches)


def _claim(ctx: Context, ids: list[int]) -> list[Receipt]:
    """Take the rows for sending (compare-and-set, so two schedulers never both send)."""
    now = utcnow()
    taken = []
    with session_scope(ctx.engine) as session:
        for receipt_id in ids:
            won = session.execute(update(Receipt).where(col(Receipt.id) == receipt_id,
                                                        _ready(now)).values(retry_at=now + CLAIM))
            if won.rowcount == 1:  # type: ignore[attr-defined]
                taken.append(receipt_id)
        return list(session.exec(select(Receipt).where(col(Receipt.id).in_(taken))
                                 .order_by(col(Receipt.id))).all())


def _deliver(ctx: Context, recipient: str | None, ids: list[int]) -> int:
    """Send one message for these rows (one receipt, or one recipient's notices); 1 if sent."""
    rows = _claim(ctx, ids)
    if not rows or not recipient:
        return 0
    message = compose(ctx, recipient, rows)
    settings = ctx.settings
    if not (settings.receipt_smtp_host and settings.receipt_from):
        _finish(ctx, rows, RECORDED, message, TEXT["why_relay"])
        return 0
    try:
        relay(settings, message)
    except (OSError, smtplib.SMTPException) as error:
        log.warning("receipt %s: relay refused (%s)", rows[0].id, type(error).__name__)
        _retry(ctx, rows)
        return 0
    _finish(ctx, rows, SENT, message, None)
    return 1


def _finish(ctx: Context, rows: list[Receipt], state: str,
            message: email.message.EmailMessage, reason: str | None) -> None:
    with session_scope(ctx.engine) as session:
        for row in rows:
            session.execute(update(Receipt).where(col(Receipt.id) == row.id).values(
                state=state, reason=reason, retry_at=None, sent_at=utcnow(),
                recipient=str(message["To"]), message_id=str(message["Message-ID"])))


def _retry(ctx: Context, rows: list[Receipt]) -> None:
    """Try again later, waiting longer each time; give up after MAX_ATTEMPTS."""
    with session_scope(ctx.engine) as session:
        for row in rows:
            attempts = row.attempts + 1
            wait = timedelta(seconds=min(3600, 30 * 2 ** attempts))
            session.execute(update(Receipt).where(col(Receipt.id) == row.id).values(
                attempts=attempts, retry_at=utcnow() + wait,
                state=GAVE_UP if attempts >= MAX_ATTEMPTS else PENDING))
