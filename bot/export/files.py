"""The confirmed files and their provenance: who supplied each, how, when, who confirmed it
where — what every export carries, read once from the database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from bot.decisions import CONFIRMING
from bot.models import Case, Decision, ExportEntry, Item, RegistryDocument, Submission
from bot.states import CONFIRMED

MARKING = "återskapad kopia"  # recovered copy: in the metadata, never in the file


@dataclass(frozen=True)
class ExportFile:
    """One confirmed item as an export sees it."""

    item: Item
    submission: Submission
    decision: Decision
    case: Case
    document: RegistryDocument | None

    @property
    def record_number(self) -> str:
        """'KS 2021/0456-3', or the case number alone for a new document in the case."""
        if self.document is None:
            return self.case.case_number
        return f"{self.case.case_number}-{self.document.doc_number}"

    @property
    def pages(self) -> list[int] | None:
        """The page range of the original that this item is (a split part), else None."""
        pages = self.item.meta.get("pages")
        return [int(p) for p in pages] if isinstance(pages, list) and len(pages) == 2 else None

    def provenance(self) -> dict[str, object]:
        """The manifest row: the same keys in CSV, JSON and the archival package."""
        return {
            "case_number": self.case.case_number,
            "doc_number": self.document.doc_number if self.document else None,
            "record_number": self.record_number,
            "file_name": self.item.filename,
            "sha256": self.item.sha256,
            "size": self.item.size,
            "media_type": self.item.media_type,
            "pages": self.pages,
            "supplied_by": self.submission.submitter,
            "channel": self.submission.channel,
            "received_at": _iso(self.submission.received_at),
            "confirmed_at": _iso(self.decision.at),
            "confirmed_by": self.decision.actor,
            "confirmation": self.decision.action,
            "item_id": self.item.id,
            "submission_id": self.submission.id,
            "marking": MARKING,
        }


def _iso(value: datetime) -> str:
    return value.isoformat(timespec="seconds")


def _filing_decisions(session: Session) -> dict[int, Decision]:
    """The newest filing decision of each confirmed item (an undone one is followed by the
    decision that refiled the item, so the newest is the one in force)."""
    newest = (select(func.max(Decision.id)).join(Item, col(Item.id) == Decision.item_id)
              .where(col(Decision.action).in_(CONFIRMING), Item.state == CONFIRMED)
              .group_by(col(Decision.item_id)))
    rows = session.exec(select(Decision).where(col(Decision.id).in_(newest))).all()
    return {d.item_id: d for d in rows}


def confirmed_files(session: Session, target: str | None = None,
                    since: datetime | None = None) -> list[ExportFile]:
    """Confirmed items, oldest confirmation first; without those already delivered to `target`
    and, with `since`, only those confirmed at or after it."""
    decisions = _filing_decisions(session)
    done: set[int] = set()
    if target is not None:
        done = set(session.exec(select(ExportEntry.item_id).where(
            ExportEntry.target == target, ExportEntry.state == "sent")).all())
    files = []
    for item_id, decision in sorted(decisions.items(), key=lambda kv: kv[1].id or 0):
        if item_id in done or (since is not None and _aware(decision.at) < _aware(since)):
            continue
        files.append(_load(session, decision))
    return files


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _load(session: Session, decision: Decision) -> ExportFile:
    item = session.get(Item, decision.item_id)
    case = session.get(Case, decision.case_id)
    assert item is not None and case is not None  # filing decisions always name both
    submission = session.get(Submission, item.submission_id)
    assert submission is not None
    document = session.get(RegistryDocument, decision.document_id) if decision.document_id else None
    return ExportFile(item, submission, decision, case, document)
