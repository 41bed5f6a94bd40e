"""Everything the item page shows, read in one transaction: pages with marked evidence,
proposals best first, the proposed case and its records, the submission and email headers,
duplicates, parts, and the item's history."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select as columns
from sqlmodel import Session, col, select

from bot.models import (
    AuditEvent,
    Case,
    Decision,
    Item,
    Page,
    Proposal,
    QueueEntry,
    RegistryDocument,
    Submission,
)
from bot.previews import can_preview
from bot.web.evidence import Segment, segments
from bot.web.facets import SyncState, sync
from bot.web.listing import Claim, Filters, next_after

KEYS = ("Enter", "1", "2", "3")
HEADERS = ("from", "to", "cc", "date", "original_date", "subject", "message_id")
MAX_ANCESTORS = 6


@dataclass
class ProposalView:
    proposal: Proposal
    key: str
    case: Case
    document: RegistryDocument | None


@dataclass
class PageView:
    number: int
    segments: list[Segment]
    method: str
    confidence: float | None


@dataclass
class ItemPage:
    item: Item
    submission: Submission
    headers: list[tuple[str, str]]
    pages: list[PageView]
    proposals: list[ProposalView]
    documents: list[RegistryDocument]
    next_id: int | None
    previews: list[int] = field(default_factory=list)
    duplicates: list[Item] = field(default_factory=list)
    primary: Item | None = None
    parts: list[Item] = field(default_factory=list)
    history: list[AuditEvent] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    claim: Claim | None = None  # someone else has the item open

    @property
    def case(self) -> Case | None:
        return self.proposals[0].case if self.proposals else None

    @property
    def missing(self) -> int:
        return sum(d.file_status == "missing" for d in self.documents)


def email_headers(session: Session, item: Item) -> list[tuple[str, str]]:
    """Headers of the email the item is, or arrived in (the nearest enclosing email)."""
    current: Item | None = item
    for _ in range(MAX_ANCESTORS):
        if current is None:
            break
        if current.meta.get("kind") == "email":
            return [(k, str(current.meta[k])) for k in HEADERS if current.meta.get(k)]
        current = session.get(Item, current.parent_id) if current.parent_id else None
    return []


def _proposals(session: Session, item_id: int) -> list[ProposalView]:
    rows = session.exec(select(Proposal, Case, RegistryDocument)
                        .join(Case, col(Case.id) == Proposal.case_id)
                        .join(RegistryDocument, col(RegistryDocument.id) == Proposal.document_id,
                              isouter=True)
                        .where(Proposal.item_id == item_id).order_by(col(Proposal.rank))).all()
    return [ProposalView(p, KEYS[i] if i < len(KEYS) else "", c, d)
            for i, (p, c, d) in enumerate(rows)]


def _pages(session: Session, item: Item, proposals: list[ProposalView]) -> list[PageView]:
    evidence = [list(p.proposal.evidence) for p in proposals]
    rows = session.exec(select(Page).where(Page.item_id == item.id)
                        .order_by(col(Page.number))).all()
    return [PageView(p.number, segments(p.text, f"sida {p.number}", evidence), p.method,
                     p.confidence) for p in rows]


def _documents(session: Session, case: Case | None) -> list[RegistryDocument]:
    if case is None:
        return []
    return list(session.exec(select(RegistryDocument).where(RegistryDocument.case_id == case.id)
                             .order_by(col(RegistryDocument.doc_number))).all())


def _related(session: Session, page: ItemPage) -> None:
    item = page.item
    page.duplicates = list(session.exec(select(Item).where(Item.duplicate_of == item.id)
                                        .order_by(col(Item.id)).limit(50)).all())
    page.primary = session.get(Item, item.duplicate_of) if item.duplicate_of else None
    page.parts = [i for i in session.exec(select(Item).where(Item.parent_id == item.id)
                                          .order_by(col(Item.position)).limit(200))]
    page.history = list(session.exec(select(AuditEvent).where(AuditEvent.item_id == item.id)
                                     .order_by(col(AuditEvent.id))).all())
    page.decisions = list(session.exec(select(Decision).where(Decision.item_id == item.id)
                                       .order_by(col(Decision.id))).all())


def load(session: Session, item_id: int, filters: Filters, state: SyncState, me: str = "",
         now: datetime | None = None) -> ItemPage | None:
    item = session.get(Item, item_id)
    if item is None:
        return None
    sync(session, state)
    submission = session.get(Submission, item.submission_id)
    proposals = _proposals(session, item_id)
    pages = _pages(session, item, proposals)
    page = ItemPage(item, submission or Submission(channel="?", source_ref="?"),
                    email_headers(session, item), pages, proposals,
                    _documents(session, proposals[0].case if proposals else None),
                    next_after(session, filters, item_id, me, now))
    if can_preview(item):
        page.previews = [p.number for p in pages] or [1]
    _related(session, page)
    return page


def duplicate_candidates(session: Session, item: Item, case_id: int | None) -> list[Item]:
    """Items one may mean by 'duplicate of': others in the same case, newest first."""
    if case_id is None:
        return []
    ids = session.exec(select(QueueEntry.item_id).where(QueueEntry.case_id == case_id,
                                                        QueueEntry.item_id != item.id)
                       .order_by(col(QueueEntry.item_id).desc()).limit(8)).all()
    return list(session.exec(select(Item).where(col(Item.id).in_(ids))
                             .order_by(col(Item.id).desc())).all())


@dataclass
class RowInfo:
    """What one row of the list shows besides its facets."""

    filename: str
    submitter: str | None
    channel: str
    received_at: datetime
    case_number: str = ""
    title: str = ""
    doc_number: int | None = None
    doc_confidence: str | None = None  # the best proposal's record band (None: not known)


def summary(session: Session, entries: Sequence[QueueEntry]) -> dict[int, RowInfo]:
    """File, submission and case (the best proposal's, or the one filed in) of list rows;
    plain columns only, so a page of 50 costs a few milliseconds."""
    ids = [e.item_id for e in entries]
    found = {i: RowInfo(f, who, ch, at) for i, f, who, ch, at in session.execute(
        columns(col(Item.id), col(Item.filename), col(Submission.submitter),
                col(Submission.channel), col(Submission.received_at))
        .join(Submission, col(Submission.id) == Item.submission_id).where(col(Item.id).in_(ids)))}
    best: dict[int, tuple[int, int | None, str | None]] = {}
    for item_id, case_id, doc_id, band in session.execute(
            columns(col(Proposal.item_id), col(Proposal.case_id), col(Proposal.document_id),
                    col(Proposal.doc_confidence))
            .where(col(Proposal.item_id).in_(ids)).order_by(col(Proposal.rank).desc())):
        best[item_id] = (case_id, doc_id, band)  # best last, so it is the one kept
    cases = {i: (n, t) for i, n, t in session.execute(
        columns(col(Case.id), col(Case.case_number), col(Case.title))
        .where(col(Case.id).in_({e.case_id for e in entries if e.case_id})))}
    wanted = {d for _, d, _ in best.values() if d}
    docs = dict(session.execute(columns(col(RegistryDocument.id), col(RegistryDocument.doc_number))
                                .where(col(RegistryDocument.id).in_(wanted))).all())
    for entry in entries:
        info, case = found.get(entry.item_id), cases.get(entry.case_id or 0)
        if info is None or case is None:
            continue
        info.case_number, info.title = case
        case_id, doc_id, band = best.get(entry.item_id, (None, None, None))
        if case_id == entry.case_id:
            info.doc_number, info.doc_confidence = docs.get(doc_id or 0), band
    return found
