"""Record receipt rows: one per finished submission, and a notice per confirmed item."""

from __future__ import annotations

from sqlalchemy import exists
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from bot.context import Context
from bot.db import session_scope
from bot.models import Case, Decision, Item, Proposal, Receipt, RegistryDocument, Submission, utcnow
from bot.receipts.compose import render_received
from bot.receipts.kinds import (
    BATCH,
    CONFIRMED_KIND,
    GAVE_UP,
    PENDING,
    RECEIVED,
    RECORDED,
    SENT,
    SUPPRESSED,
)
from bot.receipts.recipients import addressee
from bot.receipts.summary import _top, label, summarise
from bot.receipts.text import TEXT, _when
from bot.sniff import EMAIL
from bot.states import WORKABLE


def _finished_without_receipt(session: Session) -> list[Submission]:
    """Submissions whose items have all left the working states and that have no receipt."""
    has_receipt = exists().where(col(Receipt.submission_id) == col(Submission.id),
                                 col(Receipt.kind) == RECEIVED)
    of_it = col(Item.submission_id) == col(Submission.id)
    working = exists().where(of_it, col(Item.state).in_(WORKABLE))
    has_items = exists().where(of_it)
    return list(session.exec(select(Submission).where(~has_receipt, ~working, has_items)
                             .order_by(col(Submission.id)).limit(BATCH)).all())


def _received_receipt(ctx: Context, session: Session, submission: Submission) -> Receipt:
    top = _top(session, submission.id or 0)
    data = ctx.blobs.get(top.sha256) if top is not None and top.media_type == EMAIL else None
    receipt = Receipt(key=f"{RECEIVED}:{submission.id}", kind=RECEIVED,
                      submission_id=submission.id or 0)
    recipient, why_not = (None, TEXT["why_not_mail"]) if top is None else addressee(
        ctx.settings, submission, top, data)
    if why_not or top is None:
        receipt.state, receipt.reason = SUPPRESSED, why_not
        return receipt
    subject = " ".join(str(top.meta.get("subject") or top.filename).split())
    receipt.recipient = recipient
    receipt.subject = TEXT["subject_received"].format(subject=subject)
    receipt.body = render_received(summarise(session, submission.id or 0), subject,
                                   _when(submission.received_at))
    return receipt


def record_receipts(ctx: Context) -> int:
    """A receipt row for every finished submission that has none yet; returns how many."""
    with session_scope(ctx.engine) as session:
        ids = [s.id for s in _finished_without_receipt(session)]
    made = 0
    for submission_id in ids:
        try:
            with session_scope(ctx.engine) as session:
                submission = session.get(Submission, submission_id)
                if submission is not None:
                    session.add(_received_receipt(ctx, session, submission))
                    made += 1
        except IntegrityError:  # another process recorded it first: fine
            continue
    return made


def notify_confirmed(session: Session, item: Item) -> None:
    """Note that a registrar confirmed `item`; the submitter hears of it in the next batch.
    Called in the registrar's transaction, after the item moved to `confirmed`."""
    key = f"{CONFIRMED_KIND}:{item.id}"
    receipt = session.exec(select(Receipt).where(Receipt.key == key)).first()
    if receipt is not None and receipt.state in (SENT, RECORDED, GAVE_UP):
        return
    receipt = receipt or Receipt(key=key, kind=CONFIRMED_KIND, submission_id=item.submission_id,
                                 item_id=item.id)
    receipt.state, receipt.reason, receipt.created_at = PENDING, None, utcnow()
    receipt.body = TEXT["confirmed_line"].format(label=label(item),
                                                 target=_filed_in(session, item))
    session.add(receipt)


def _filed_in(session: Session, item: Item) -> str:
    """ "KS 2021/0456-3": where the latest confirming decision (else the best proposal) filed it."""
    decision = session.exec(select(Decision).where(
        Decision.item_id == item.id, col(Decision.case_id).is_not(None))
        .order_by(col(Decision.id).desc()).limit(1)).first()
    target: Decision | Proposal | None = decision or session.exec(
        select(Proposal).where(Proposal.item_id == item.id).order_by(col(Proposal.rank))).first()
    case = session.get(Case, target.case_id) if target and target.case_id else None
    if target is None or case is None:
        return "diariet"
    doc = session.get(RegistryDocument, target.document_id) if target.document_id else None
    return f"{case.case_number}-{doc.doc_number}" if doc else case.case_number
