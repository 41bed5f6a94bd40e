"""What became of what a chat user sent: the documents of a submission (not the wrappers and
logos), the record or case each is proposed for or filed in, and one phrase for its state."""

from __future__ import annotations

from sqlmodel import Session, col, select

from bot.chat.text import half, say
from bot.decisions import describe
from bot.i18n import translate
from bot.models import Case, Decision, Item, Proposal, RegistryDocument
from bot.receipts.summary import _is_logo, _is_wrapper
from bot.states import CONFIRMED, DUPLICATE, FAILED, QUEUED, REJECTED, SKIPPED, SPLIT, WORKABLE

SURE_ENOUGH = ("high", "medium")  # a low band is a guess: the bot asks instead of naming it


def documents(session: Session, submission_id: int) -> list[Item]:
    items = session.exec(select(Item).where(Item.submission_id == submission_id)
                         .order_by(col(Item.id))).all()
    return [i for i in items if not _is_wrapper(i) and not _is_logo(session, i)]


def best(session: Session, item: Item) -> Proposal | None:
    return session.exec(select(Proposal).where(Proposal.item_id == item.id)
                        .order_by(col(Proposal.rank)).limit(1)).first()


def _named(session: Session, case_id: int | None, document_id: int | None) -> str | None:
    case = session.get(Case, case_id) if case_id else None
    if case is None:
        return None
    doc = session.get(RegistryDocument, document_id) if document_id else None
    return describe(case, doc)


def proposed(session: Session, item: Item) -> str | None:
    """'KS 2021/0456-3' when the best proposal is sure enough to be named, else None."""
    top = best(session, item)
    if top is None or top.confidence not in SURE_ENOUGH:
        return None
    return _named(session, top.case_id, top.document_id)


def filed_in(session: Session, item: Item) -> str | None:
    """Where the latest confirming decision filed the item."""
    decision = session.exec(select(Decision).where(
        Decision.item_id == item.id, col(Decision.case_id).is_not(None))
        .order_by(col(Decision.id).desc()).limit(1)).first()
    return _named(session, decision.case_id, decision.document_id) if decision else None


def phrase(session: Session, item: Item, lang: str) -> str:
    """What became of one document, in a few words."""
    if item.state in WORKABLE:
        return say("working", lang)
    if item.state == QUEUED:
        target = proposed(session, item)
        return say("waiting", lang, target=target) if target else say("waiting_none", lang)
    if item.state == CONFIRMED:
        return say("registered", lang, target=filed_in(session, item) or "diariet")
    simple = {REJECTED: "rejected", DUPLICATE: "duplicate", SPLIT: "split"}
    if item.state in simple:
        return say(simple[item.state], lang)
    if item.state in (FAILED, SKIPPED):
        key = "unreadable" if item.state == FAILED else "skipped_one"
        return say(key, lang, reason=half(item.state_reason, lang))
    return translate(f"state.{item.state}", lang)


def needs_question(session: Session, item: Item) -> bool:
    """A queued document whose best proposal is low, or that has none."""
    return item.state == QUEUED and proposed(session, item) is None
