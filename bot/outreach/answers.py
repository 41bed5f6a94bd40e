"""Links what arrives to the requests it answers: a reply naming the request's Message-ID in
In-Reply-To or References, or mail from the person asked, after the request went out (the latest
such request). Each submission is looked at once (a cursor)."""

from __future__ import annotations

import re
from datetime import datetime

from sqlmodel import Session, col, select

from bot.blobs import BlobCorrupted
from bot.context import Context
from bot.db import session_scope
from bot.models import Item, OutreachAnswer, OutreachCursor, OutreachRequest, Submission
from bot.outreach.plan import aware
from bot.policy import headers_of
from bot.sniff import EMAIL

BATCH = 500
MESSAGE_ID = re.compile(r"<[^<>\s]+>")


def _cursor(session: Session) -> OutreachCursor:
    cursor = session.get(OutreachCursor, 1)
    if cursor is None:
        cursor = OutreachCursor(id=1, submission_id=0)
        session.add(cursor)
    return cursor


def referenced(ctx: Context, top: Item | None) -> set[str]:
    """Message-IDs an email names in In-Reply-To and References."""
    if top is None or top.media_type != EMAIL:
        return set()
    try:
        headers = headers_of(ctx.blobs.get(top.sha256))
    except (OSError, BlobCorrupted):
        return set()
    named = f"{headers.get('In-Reply-To') or ''} {headers.get('References') or ''}"
    return set(MESSAGE_ID.findall(named))


def _by_reply(session: Session, ids: set[str]) -> list[OutreachRequest]:
    if not ids:
        return []
    return list(session.exec(select(OutreachRequest).where(
        col(OutreachRequest.message_id).in_(ids), col(OutreachRequest.sent_at).is_not(None))))


def _by_sender(session: Session, sender: str | None, received: datetime) -> OutreachRequest | None:
    if not sender:
        return None
    asked = session.exec(select(OutreachRequest).where(
        OutreachRequest.recipient == sender.strip().lower(),
        col(OutreachRequest.sent_at).is_not(None)).order_by(col(OutreachRequest.id).desc())).all()
    return next((r for r in asked if r.sent_at and aware(r.sent_at) <= aware(received)), None)


def _link(session: Session, request_id: int, submission_id: int, via: str) -> bool:
    known = session.exec(select(OutreachAnswer.id).where(
        OutreachAnswer.request_id == request_id,
        OutreachAnswer.submission_id == submission_id)).first()
    if known is None:
        session.add(OutreachAnswer(request_id=request_id, submission_id=submission_id, via=via))
    return known is None


def _examine(ctx: Context, session: Session, submission: Submission) -> int:
    top = session.exec(select(Item).where(Item.submission_id == submission.id,
                                          col(Item.parent_id).is_(None))).first()
    replied = _by_reply(session, referenced(ctx, top))
    linked = sum(_link(session, r.id or 0, submission.id or 0, "reply") for r in replied)
    if not replied:
        asked = _by_sender(session, submission.submitter, submission.received_at)
        linked += asked is not None and _link(session, asked.id or 0, submission.id or 0,
                                              "sender")
    return linked


def link_answers(ctx: Context) -> int:
    """Look at the submissions that arrived since the last call; returns answers linked."""
    with session_scope(ctx.engine) as session:
        cursor = _cursor(session)
        new = list(session.exec(select(Submission).where(col(Submission.id) > cursor.submission_id)
                                .order_by(col(Submission.id)).limit(BATCH)).all())
        if not new:
            return 0
        anyone = session.exec(select(OutreachRequest.id).where(
            col(OutreachRequest.sent_at).is_not(None)).limit(1)).first()
        linked = sum(_examine(ctx, session, s) for s in new) if anyone else 0
        cursor.submission_id = new[-1].id or 0
        session.add(cursor)
        return linked
