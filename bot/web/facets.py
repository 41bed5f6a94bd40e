"""Keeps the queue's facet rows (QueueEntry) in step with items: every item whose updated_at moved
since the last look gets its state, best proposal, board, year, channel and submitter copied
into one narrow indexed row, so the list filters, counts and pages fast on 100,000 items."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import and_, delete, func, insert, or_
from sqlalchemy import select as columns
from sqlmodel import Session, col, select

from bot.models import Case, Decision, Item, Proposal, QueueEntry, Submission
from bot.states import CONFIRMED, DUPLICATE, FAILED, QUEUED, REJECTED, SKIPPED, SPLIT

VISIBLE = (QUEUED, CONFIRMED, REJECTED, DUPLICATE, FAILED, SKIPPED, SPLIT)
# A worker stamps updated_at a moment before it commits; looking back this far catches such
# late commits (and modest clock differences between machines).
OVERLAP = timedelta(minutes=2)
CHUNK = 500


@dataclass
class SyncState:
    """How far this process has looked; per process, so nothing is shared but the database."""

    watermark: datetime | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)


def _stale(session: Session, since: datetime | None) -> list[tuple[int, datetime]]:
    """Items whose facet row is missing or older than the item, compared in the database."""
    entry = col(QueueEntry.synced_at)
    query = select(Item.id, Item.updated_at).join(
        QueueEntry, col(QueueEntry.item_id) == Item.id, isouter=True).where(
        or_(and_(col(QueueEntry.item_id).is_(None), col(Item.state).in_(VISIBLE)),
            entry != Item.updated_at))
    if since is not None:
        query = query.where(col(Item.updated_at) >= since)
    return [(i or 0, u) for i, u in session.exec(query).all()]


def sync(session: Session, state: SyncState) -> int:
    """Bring facet rows up to date with items changed since the last look; returns how many."""
    with state.lock:
        since = state.watermark - OVERLAP if state.watermark else None
        newest = session.exec(select(func.max(Item.updated_at))).one()
        stale = _stale(session, since)
        for start in range(0, len(stale), CHUNK):
            refresh(session, [item_id for item_id, _ in stale[start:start + CHUNK]])
        if newest is not None and (state.watermark is None or newest > state.watermark):
            state.watermark = newest
        return len(stale)


def _best_proposals(session: Session, ids: list[int]) -> dict[int, list[Proposal]]:
    found: dict[int, list[Proposal]] = {}
    for prop in session.exec(select(Proposal).where(col(Proposal.item_id).in_(ids))
                             .order_by(col(Proposal.item_id), col(Proposal.rank))):
        found.setdefault(prop.item_id, []).append(prop)
    return found


def _decided_cases(session: Session, ids: list[int]) -> dict[int, int]:
    """For confirmed items: the case of the latest filing decision."""
    rows = session.exec(select(Decision.item_id, Decision.case_id)
                        .where(col(Decision.item_id).in_(ids), col(Decision.case_id).is_not(None))
                        .order_by(col(Decision.id))).all()
    return {item_id: case_id for item_id, case_id in rows if case_id is not None}


def _has_number(proposals: list[Proposal]) -> bool:
    return any("start" in ev for p in proposals for ev in p.evidence)


def refresh(session: Session, ids: list[int]) -> None:
    """Rewrite the facet rows of these items (dropping those no longer in a visible state)."""
    session.execute(delete(QueueEntry).where(col(QueueEntry.item_id).in_(ids)))
    rows = session.execute(columns(col(Item.id), col(Item.state), col(Item.updated_at),
                                   col(Submission.channel), col(Submission.submitter))
                           .join(Submission, col(Submission.id) == Item.submission_id)
                           .where(col(Item.id).in_(ids), col(Item.state).in_(VISIBLE))).all()
    shown = [r[0] or 0 for r in rows]
    proposals, decided = _best_proposals(session, shown), _decided_cases(session, shown)
    case_ids = {p[0].case_id for p in proposals.values()} | set(decided.values())
    cases = {c.id: c for c in session.exec(select(Case).where(col(Case.id).in_(case_ids)))}
    values = []
    for item_id, state, updated, channel, submitter in rows:
        props = proposals.get(item_id or 0, [])
        case_id = decided.get(item_id or 0) if state == CONFIRMED else None
        case = cases.get(case_id or (props[0].case_id if props else None))
        values.append({
            "item_id": item_id, "state": state, "synced_at": updated, "channel": channel,
            "submitter": (submitter or "").lower(), "has_number": _has_number(props),
            "confidence": props[0].confidence if props else "none",
            "score": props[0].score if props else 0.0, "case_id": case.id if case else None,
            "board": case.board_key if case else "", "year": case.year if case else None})
    if values:
        session.execute(insert(QueueEntry), values)
