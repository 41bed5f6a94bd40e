"""A registrar's confirmation told to the chat submitter: one notice row per confirmed item,
sent together once the oldest has waited `receipt_batch_seconds` (not one message per item)."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from sqlalchemy import exists
from sqlmodel import Session, col, select

from bot.chat.contacts import contact_for
from bot.chat.items import filed_in
from bot.chat.text import say
from bot.models import ChatMessage, Item, Submission, utcnow
from bot.receipts.summary import label
from bot.receipts.text import _aware
from bot.states import CONFIRMED

CONFIRMED_KIND = "confirmed"
LOOKBACK = timedelta(days=7)  # confirmations looked for among items changed this recently


def record_confirmations(session: Session, channels: list[str]) -> int:
    """A pending notice for every confirmed chat item that has none yet."""
    noticed = exists().where(col(ChatMessage.kind) == CONFIRMED_KIND,
                             col(ChatMessage.item_id) == col(Item.id))
    rows = session.exec(select(Item, Submission)
                        .join(Submission, col(Submission.id) == col(Item.submission_id))
                        .where(Item.state == CONFIRMED, col(Submission.channel).in_(channels),
                               col(Item.updated_at) >= utcnow() - LOOKBACK, ~noticed)).all()
    for item, submission in rows:
        contact = contact_for(session, submission.channel, submission.submitter or "")
        if contact is None:
            continue
        line = say("line", contact.language, label=label(item),
                   what=filed_in(session, item) or "diariet")
        session.add(ChatMessage(key=f"{CONFIRMED_KIND}:{item.id}", kind=CONFIRMED_KIND,
                                channel=submission.channel, contact_id=contact.id,
                                item_id=item.id, address=contact.address, body=line))
    return len(rows)


def due_confirmations(session: Session, batch_seconds: int,
                      now: datetime) -> list[list[ChatMessage]]:
    """Pending notices per contact whose oldest has waited long enough; undone ones are
    suppressed."""
    groups: dict[int, list[ChatMessage]] = defaultdict(list)
    for row in session.exec(select(ChatMessage).where(
            ChatMessage.kind == CONFIRMED_KIND, ChatMessage.state == "pending")
            .order_by(col(ChatMessage.id))):
        item = session.get(Item, row.item_id) if row.item_id else None
        if item is None or item.state != CONFIRMED:
            row.state, row.reason = "suppressed", "bekräftelsen ångrades / confirmation undone"
            session.add(row)
            continue
        groups[row.contact_id or 0].append(row)
    cutoff = now - timedelta(seconds=batch_seconds)
    return [rows for rows in groups.values()
            if min(_aware(r.created_at) for r in rows) <= cutoff]


def notice_text(rows: list[ChatMessage], lang: str) -> str:
    return "\n".join([say("confirmed", lang), *(r.body for r in rows)])
