"""What has been asked about a record: each request (whom, when, its state) and the submissions
that answered it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session, col, select

from bot.models import Item, OutreachAnswer, OutreachRecord, OutreachRequest


@dataclass
class Asked:
    request_id: int
    name: str | None
    recipient: str
    state: str
    created_at: datetime
    sent_at: datetime | None
    answers: list[int] = field(default_factory=list)  # top items of answering submissions


def _answers(session: Session, request_ids: set[int]) -> dict[int, list[int]]:
    rows = session.exec(select(OutreachAnswer.request_id, Item.id)
                        .join(Item, col(Item.submission_id) == col(OutreachAnswer.submission_id))
                        .where(col(OutreachAnswer.request_id).in_(request_ids),
                               col(Item.parent_id).is_(None))
                        .order_by(col(Item.id))).all()
    found: dict[int, list[int]] = {}
    for request_id, item_id in rows:
        found.setdefault(request_id, []).append(item_id or 0)
    return found


def history(session: Session, doc_ids: list[int]) -> dict[int, list[Asked]]:
    """Per record id, the requests that asked for it, newest first."""
    rows = session.exec(select(OutreachRecord.document_id, OutreachRequest)
                        .join(OutreachRequest,
                              col(OutreachRequest.id) == col(OutreachRecord.request_id))
                        .where(col(OutreachRecord.document_id).in_(doc_ids))
                        .order_by(col(OutreachRequest.id).desc())).all()
    answers = _answers(session, {r.id or 0 for _, r in rows})
    found: dict[int, list[Asked]] = {}
    for doc_id, r in rows:
        found.setdefault(doc_id, []).append(Asked(r.id or 0, r.name, r.recipient, r.state,
                                                  r.created_at, r.sent_at,
                                                  answers.get(r.id or 0, [])))
    return found
