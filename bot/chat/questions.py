"""One question at a time to a submitter about a document the bot could not place: asked in
the file's thread, answered with a case number or "vet ej", the answer kept as evidence."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select

from bot.chat.commands import Command
from bot.chat.hints import add_hint, rescore
from bot.chat.text import say
from bot.context import Context
from bot.models import ChatContact, ChatMessage, Item, utcnow
from bot.receipts.summary import label

QUESTION = "question"
HELD, PENDING, SENT = "held", "pending", "sent"


def hold_question(session: Session, contact: ChatContact, item: Item, thread: str | None,
                  address: dict[str, Any]) -> None:
    """Queue a question about `item`; it is asked when the contact has none open."""
    key = f"{QUESTION}:{item.id}"
    if session.exec(select(ChatMessage).where(ChatMessage.key == key)).first() is not None:
        return
    session.add(ChatMessage(key=key, kind=QUESTION, channel=contact.channel,
                            contact_id=contact.id, item_id=item.id, address=address,
                            thread=thread, state=HELD,
                            body=say("question", contact.language, label=label(item))))
    session.flush()
    ask_next(session, contact)


def open_question(session: Session, contact: ChatContact) -> ChatMessage | None:
    return session.exec(select(ChatMessage).where(
        ChatMessage.contact_id == contact.id, ChatMessage.kind == QUESTION,
        col(ChatMessage.state).in_((PENDING, SENT)), col(ChatMessage.answered_at).is_(None))
        .order_by(col(ChatMessage.id))).first()


def ask_next(session: Session, contact: ChatContact) -> None:
    """Release the oldest held question when no other is open."""
    if open_question(session, contact) is not None:
        return
    held = session.exec(select(ChatMessage).where(
        ChatMessage.contact_id == contact.id, ChatMessage.kind == QUESTION,
        ChatMessage.state == HELD).order_by(col(ChatMessage.id))).first()
    if held is not None:
        held.state, held.created_at = PENDING, utcnow()
        session.add(held)


def answer(ctx: Context, session: Session, contact: ChatContact, question: ChatMessage,
           command: Command) -> str:
    """Record the answer on the item, score it again, and say thanks; the next question
    (if any) is released."""
    item = session.get(Item, question.item_id) if question.item_id else None
    question.answered_at = utcnow()
    session.add(question)
    lang = contact.language
    if item is None:
        return say("not_understood", lang)
    actor = f"{contact.channel}:{contact.user_id}"
    if command.name == "case_number" and command.number is not None:
        add_hint(session, item, command.number.display(), actor)
        rescore(ctx, session, item)
        reply = say("hint_noted", lang, case=command.number.display(), label=label(item))
    else:
        add_hint(session, item, "vet ej / don't know", actor)
        reply = say("hint_unknown", lang, label=label(item))
    session.flush()
    ask_next(session, contact)
    return reply
