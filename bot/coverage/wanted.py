"""The most wanted missing records: ranked by importance — decisions, protocols, signed agreements,
permits and incoming applications before routine correspondence; records that later records
build on; open cases — each with the reasons for its rank and the people who may hold it."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import tuple_
from sqlmodel import Session, col, select

from bot.coverage.holders import Colleagues, Directory, Holder, Reason, colleagues, holders
from bot.coverage.kinds import builds_on, weight
from bot.coverage.numbers import MISSING, Scope
from bot.models import Case, Item, Proposal, RecordProfile, RegistryDocument
from bot.states import QUEUED

PAGE = 50


@dataclass(frozen=True)
class Why:
    """One reason for a record's rank: a text key and what fills it in."""

    key: str  # wanted.why_kind | why_incoming | why_dependents | why_open
    kind: str = ""
    n: int = 0
    names: str = ""


@dataclass
class Wanted:
    document: RegistryDocument
    case: Case
    profile: RecordProfile
    why: list[Why] = field(default_factory=list)
    holders: list[Holder] = field(default_factory=list)
    queued_items: list[int] = field(default_factory=list)  # a copy may be waiting in the queue

    @property
    def cursor(self) -> str:
        return f"{self.profile.importance}:{self.profile.document_id}"


def cursor_of(text: str) -> tuple[int, int] | None:
    """'importance:document id' -> the pair, or None when it is not one."""
    parts = text.split(":")
    if len(parts) != 2 or not all(p.isdigit() for p in parts):
        return None
    return int(parts[0]), int(parts[1])


def _page(session: Session, scope: Scope, after: str, size: int,
          ) -> list[tuple[RegistryDocument, Case, RecordProfile]]:
    query = (select(RegistryDocument, Case, RecordProfile)
             .join(RecordProfile, col(RecordProfile.document_id) == col(RegistryDocument.id))
             .join(Case, col(Case.id) == col(RecordProfile.case_id))
             .where(col(RegistryDocument.file_status) == MISSING, *scope.conditions()))
    position = cursor_of(after)
    if position:
        query = query.where(tuple_(col(RecordProfile.importance), col(RecordProfile.document_id))
                            < tuple_(*position))
    order = (col(RecordProfile.importance).desc(), col(RecordProfile.document_id).desc())
    return list(session.exec(query.order_by(*order).limit(size)).all())


def _later(session: Session, case_ids: set[int]) -> dict[int, list[tuple[int, str, str]]]:
    """Per case, its records in order: (number, kind, description)."""
    rows = session.exec(select(RegistryDocument.case_id, RegistryDocument.doc_number,
                               RecordProfile.kind, RegistryDocument.description)
                        .join(RecordProfile,
                              col(RecordProfile.document_id) == col(RegistryDocument.id))
                        .where(col(RegistryDocument.case_id).in_(case_ids))
                        .order_by(col(RegistryDocument.doc_number))).all()
    found: dict[int, list[tuple[int, str, str]]] = {}
    for case_id, number, kind, description in rows:
        found.setdefault(case_id, []).append((number, kind, description or ""))
    return found


def reasons(doc: RegistryDocument, profile: RecordProfile,
            case_records: list[tuple[int, str, str]]) -> list[Why]:
    why = [Why("wanted.why_kind", kind=profile.kind, n=weight(profile.kind, doc.direction))]
    if profile.kind == "ansokan" and doc.direction == "incoming":
        why.append(Why("wanted.why_incoming"))
    later = [f"{description} ({number})" for number, kind, description in case_records
             if number > doc.doc_number and builds_on(profile.kind, kind)]
    if later:
        why.append(Why("wanted.why_dependents", n=len(later), names=", ".join(later[:3])))
    if profile.open_case:
        why.append(Why("wanted.why_open"))
    return why


def _queued(session: Session, doc_ids: list[int]) -> dict[int, list[int]]:
    """Items waiting in the queue whose best proposal names the record."""
    rows = session.exec(select(Proposal.document_id, Proposal.item_id)
                        .join(Item, col(Item.id) == col(Proposal.item_id))
                        .where(col(Proposal.document_id).in_(doc_ids), col(Proposal.rank) == 0,
                               col(Item.state) == QUEUED)).all()
    found: dict[int, list[int]] = {}
    for doc_id, item_id in rows:
        found.setdefault(doc_id or 0, []).append(item_id)
    return found


def explain(session: Session, rows: list[tuple[RegistryDocument, Case, RecordProfile]],
            directory: Directory) -> list[Wanted]:
    """Reasons, likely holders and waiting copies for these records."""
    cases = {case.id or 0 for _, case, _ in rows}
    trail = _later(session, cases)
    found: Colleagues = colleagues(session, cases, {case.board_key for _, case, _ in rows},
                                   directory)
    queued = _queued(session, [doc.id or 0 for doc, _, _ in rows])
    return [Wanted(doc, case, prof, reasons(doc, prof, trail.get(case.id or 0, [])),
                   holders(doc, case, prof, directory, found), queued.get(doc.id or 0, []))
            for doc, case, prof in rows]


def most_wanted(session: Session, scope: Scope, directory: Directory, after: str = "",
                size: int = PAGE) -> list[Wanted]:
    """One page of missing records, most important first (keyset paging by `cursor`)."""
    return explain(session, _page(session, scope, after, size), directory)


def records(session: Session, doc_ids: list[int], directory: Directory) -> list[Wanted]:
    """These records (missing or not), explained, in importance order."""
    rows = session.exec(select(RegistryDocument, Case, RecordProfile)
                        .join(RecordProfile, col(RecordProfile.document_id)
                              == col(RegistryDocument.id))
                        .join(Case, col(Case.id) == col(RecordProfile.case_id))
                        .where(col(RegistryDocument.id).in_(doc_ids))
                        .order_by(col(RecordProfile.importance).desc(),
                                  col(RegistryDocument.id))).all()
    return explain(session, list(rows), directory)


__all__ = ["PAGE", "Holder", "Reason", "Wanted", "Why", "most_wanted", "records"]
