"""The chat receipt: once everything a contact sent has been processed, one message names
what was found ("Tack! 2 handlingar mottagna: KS 2021/0456-3 föreslås, 1 kunde inte läsas:
…"), in the thread of the first file; documents the bot could not place get a question."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import String, cast, exists, literal
from sqlmodel import Session, col, select

from bot.chat.contacts import contact_for
from bot.chat.items import documents, proposed
from bot.chat.questions import hold_question
from bot.chat.text import documents as count_documents
from bot.chat.text import half, say
from bot.models import ChatContact, ChatMessage, Item, Submission, utcnow
from bot.states import CONFIRMED, DUPLICATE, FAILED, QUEUED, REJECTED, SKIPPED, WORKABLE

RECEIPT = "receipt"
LOOKBACK = timedelta(days=30)  # older submissions without a receipt are not looked at again


@dataclass
class Found:
    targets: list[str] = field(default_factory=list)
    unplaced: list[Item] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    duplicates: int = 0

    def count(self) -> int:
        return (len(self.targets) + len(self.unplaced) + len(self.failed) + len(self.skipped)
                + self.duplicates)


def _found(session: Session, submissions: list[Submission], lang: str) -> Found:
    found = Found()
    for doc in (d for s in submissions for d in documents(session, s.id or 0)):
        if doc.state in (QUEUED, CONFIRMED, REJECTED):
            target = proposed(session, doc)
            if target:
                found.targets.append(target)
            else:
                found.unplaced.append(doc)
        elif doc.state == DUPLICATE:
            found.duplicates += 1
        elif doc.state in (FAILED, SKIPPED):
            bucket = found.failed if doc.state == FAILED else found.skipped
            bucket.append(half(doc.state_reason, lang))
    return found


def receipt_text(found: Found, lang: str) -> str:
    parts = [say("proposed", lang, target=t) for t in found.targets]
    if found.unplaced:
        parts.append(say("unmatched", lang, n=len(found.unplaced)))
    for key, reasons in (("failed", found.failed), ("skipped", found.skipped)):
        if reasons:
            parts.append(say(key, lang, n=len(reasons), reasons=", ".join(sorted(set(reasons)))))
    if found.duplicates:
        parts.append(say("duplicates", lang, n=found.duplicates))
    if not found.count():
        return say("receipt_empty", lang, parts="")
    one = found.count() == 1
    text = say("receipt_one" if one else "receipt", lang,
               documents=count_documents(found.count(), lang), parts=", ".join(parts))
    if not (found.targets or found.unplaced):
        return text
    return f"{text}\n{say('next_one' if one else 'next', lang)}"


def _waiting(session: Session, channels: list[str]) -> list[Submission]:
    """Chat submissions without a receipt row, newest month only."""
    has_row = exists().where(
        col(ChatMessage.key) == literal(f"{RECEIPT}:").concat(cast(Submission.id, String)))
    return list(session.exec(select(Submission).where(
        col(Submission.channel).in_(channels), ~has_row,
        col(Submission.received_at) >= utcnow() - LOOKBACK).order_by(col(Submission.id))).all())


def _finished(session: Session, submission: Submission) -> bool:
    return session.exec(select(Item.id).where(Item.submission_id == submission.id,
                                              col(Item.state).in_(WORKABLE))).first() is None


def record_receipts(session: Session, channels: list[str]) -> int:
    """One receipt per contact whose submissions are all processed; returns how many."""
    groups: dict[tuple[str, str], list[Submission]] = defaultdict(list)
    for submission in _waiting(session, channels):
        groups[(submission.channel, submission.submitter or "")].append(submission)
    made = 0
    for (channel, user_id), submissions in groups.items():
        contact = contact_for(session, channel, user_id)
        if contact is None or not all(_finished(session, s) for s in submissions):
            continue
        _record(session, contact, submissions)
        made += 1
    return made


def _record(session: Session, contact: ChatContact, submissions: list[Submission]) -> None:
    first = submissions[0].meta.get("chat", {})
    address, thread = first.get("address") or contact.address, first.get("thread")
    found = _found(session, submissions, contact.language)
    for n, submission in enumerate(submissions):
        session.add(ChatMessage(
            key=f"{RECEIPT}:{submission.id}", kind=RECEIPT, channel=contact.channel,
            contact_id=contact.id, address=address, thread=thread,
            body=receipt_text(found, contact.language) if n == 0 else "",
            state="pending" if n == 0 else "grouped",
            reason=None if n == 0 else f"{RECEIPT}:{submissions[0].id}"))
    session.flush()
    for item in (i for i in found.unplaced if i.state == QUEUED):
        meta = next((s.meta.get("chat", {}) for s in submissions if s.id == item.submission_id),
                    first)
        hold_question(session, contact, item, meta.get("thread") or thread, address)
