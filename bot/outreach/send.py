"""Send the recorded requests that are due, no more than `outreach_per_hour` in any hour, each
through its channel; a failure is retried later, waiting longer each time, then given up."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import and_, func, or_, update
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import col, select

from bot.context import Context
from bot.db import session_scope
from bot.models import OutreachRequest, utcnow
from bot.outreach.channels import Sender, SendError, senders
from bot.outreach.sheets import Attachment, sheets

log = logging.getLogger(__name__)
PENDING, SENT, FAILED = "pending", "sent", "failed"
CLAIM = timedelta(minutes=5)
MAX_ATTEMPTS = 6


def _ready(now: datetime) -> ColumnElement[bool]:
    return and_(col(OutreachRequest.state) == PENDING,
                or_(col(OutreachRequest.retry_at).is_(None), col(OutreachRequest.retry_at) <= now))


def allowance(ctx: Context, now: datetime) -> int:
    """How many more may go out now without passing the hourly limit."""
    with session_scope(ctx.engine) as session:
        sent = session.exec(select(func.count()).select_from(OutreachRequest).where(
            col(OutreachRequest.sent_at) > now - timedelta(hours=1))).one()
    return max(0, ctx.settings.outreach_per_hour - int(sent))


def _claim(ctx: Context, now: datetime, limit: int) -> list[OutreachRequest]:
    """Take up to `limit` due rows (compare-and-set, so two processes never send one twice)."""
    with session_scope(ctx.engine) as session:
        due = session.exec(select(OutreachRequest.id).where(_ready(now))
                           .order_by(col(OutreachRequest.id)).limit(limit)).all()
        taken = [i for i in due if session.execute(
            update(OutreachRequest).where(col(OutreachRequest.id) == i, _ready(now))
            .values(retry_at=now + CLAIM)).rowcount == 1]  # type: ignore[attr-defined]
        return list(session.exec(select(OutreachRequest)
                                 .where(col(OutreachRequest.id).in_(taken))).all())


def _finish(ctx: Context, request: OutreachRequest, error: SendError | None) -> None:
    values: dict[str, object]
    if error is None:
        values = {"state": SENT, "sent_at": utcnow(), "retry_at": None, "reason": None}
    else:
        attempts = request.attempts + 1
        gave_up = not error.retry or attempts >= MAX_ATTEMPTS
        values = {"attempts": attempts, "reason": str(error)[:200],
                  "state": FAILED if gave_up else PENDING,
                  "retry_at": None if gave_up else utcnow() + timedelta(
                      seconds=min(3600, 60 * 2 ** attempts))}
    with session_scope(ctx.engine) as session:
        session.execute(update(OutreachRequest).where(col(OutreachRequest.id) == request.id)
                        .values(**values))


def _attachments(ctx: Context, request: OutreachRequest) -> list[Attachment]:
    with session_scope(ctx.engine) as session:
        return sheets(session, request.id or 0, ctx.grammar)


def send_due(ctx: Context, channels: dict[str, Sender] | None = None,
             now: datetime | None = None) -> int:
    """Send what is due within the hourly limit; returns how many were sent."""
    now = now or utcnow()
    channels = channels if channels is not None else senders(ctx.settings, ctx.engine)
    sent = 0
    for request in _claim(ctx, now, allowance(ctx, now)):
        sender = channels.get(request.channel)
        if sender is None or sender.problem():
            _finish(ctx, request, SendError("channel not ready"))
            continue
        try:
            sender.send(request, _attachments(ctx, request))
        except SendError as error:
            log.warning("outreach request %s: not sent (%s)", request.id, error)
            _finish(ctx, request, error)
            continue
        _finish(ctx, request, None)
        sent += 1
    return sent
