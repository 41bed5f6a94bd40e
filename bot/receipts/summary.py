"""What a finished submission held, as its receipt tells it: documents, their cases, skips."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlmodel import Session, col, select

from bot.logos import TEXT as LOGO_TEXT
from bot.models import Case, Item, Proposal
from bot.sniff import EMAIL, MSG
from bot.states import CONFIRMED, DUPLICATE, FAILED, QUEUED, REJECTED, SKIPPED

LOGO_REASONS = tuple(text.split("{")[0] for text in LOGO_TEXT.values())  # their fixed starts


@dataclass
class Summary:
    """A finished submission, as its receipt tells it."""

    documents: list[tuple[str, str | None]] = field(default_factory=list)  # (label, case)
    duplicates: int = 0
    logos: int = 0  # logos and signature images, and copies of them: counted, not listed
    skipped: list[tuple[str, str]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)

    def cases(self) -> dict[str, int]:
        counts: dict[str, int] = defaultdict(int)
        for _, case in self.documents:
            if case:
                counts[case] += 1
        return dict(sorted(counts.items(), key=lambda kv: -kv[1]))


def label(item: Item) -> str:
    """How the submitter knows an item: an email by its subject and date, a file by its name."""
    subject = item.meta.get("subject")
    if item.meta.get("kind") == "email" and subject:
        when = str(item.meta.get("original_date") or item.meta.get("date") or "")[:10]
        return f"”{subject}”" + (f" ({when})" if when else "")
    return item.filename


def summarise(session: Session, submission_id: int) -> Summary:
    summary = Summary()
    items = session.exec(select(Item).where(Item.submission_id == submission_id)
                         .order_by(col(Item.id))).all()
    for item in items:
        if _is_wrapper(item):
            continue
        if _is_logo(session, item):
            summary.logos += 1
        elif item.state in (QUEUED, CONFIRMED, REJECTED):
            summary.documents.append((label(item), _found_case(session, item)))
        elif item.state == DUPLICATE:
            summary.duplicates += 1
        elif item.state == SKIPPED:
            summary.skipped.append((label(item), item.state_reason or ""))
        elif item.state == FAILED:
            summary.failed.append((label(item), item.state_reason or ""))
    return summary


def _is_logo(session: Session, item: Item) -> bool:
    """Skipped as a logo, or a copy of something skipped (a signature in every mail)."""
    if item.state == DUPLICATE and item.duplicate_of is not None:
        original = session.get(Item, item.duplicate_of)
        return original is not None and original.state == SKIPPED
    return item.state == SKIPPED and (item.state_reason or "").startswith(LOGO_REASONS)


def _is_wrapper(item: Item) -> bool:
    """The mail the employee wrote to the bot, an archive, or a forward with no text of its
    own: containers of documents, not documents."""
    if item.parent_id is None and item.media_type in (EMAIL, MSG):
        return True
    return item.state == SKIPPED and (
        item.meta.get("kind") == "archive" or bool(item.meta.get("forwarded_count"))
    )


def _found_case(session: Session, item: Item) -> str | None:
    """The case the best proposal names, when its number was seen (in the document, its name,
    subject or email) or the match is of high confidence; a guess is not called a find."""
    best = session.exec(select(Proposal).where(Proposal.item_id == item.id)
                        .order_by(col(Proposal.rank)).limit(1)).first()
    seen = best is not None and any("start" in evidence for evidence in best.evidence)
    if best is None or not (seen or best.confidence == "high"):
        return None
    case = session.get(Case, best.case_id)
    return case.case_number if case else None


def _top(session: Session, submission_id: int) -> Item | None:
    return session.exec(select(Item).where(Item.submission_id == submission_id,
                                           col(Item.parent_id).is_(None))).first()
