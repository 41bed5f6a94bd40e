"""The conversation, whatever the channel: an event with files becomes submissions; a line
of text is a command (hjälp, status, saknas), or the answer to the bot's open question.
Answers are in the sender's language (Swedish unless they write English)."""

from __future__ import annotations

from sqlmodel import Session, select

from bot.chat.commands import Command, parse
from bot.chat.contacts import contact_for, is_registrar, remember
from bot.chat.intake import is_submission, take_files
from bot.chat.language import language
from bot.chat.mask import mask
from bot.chat.missing import missing
from bot.chat.questions import answer, open_question
from bot.chat.status import status
from bot.chat.text import say
from bot.context import Context
from bot.db import session_scope
from bot.models import ChatContact, ChatMessage, utcnow
from connectors.chat import ChatChannel, ChatEvent, ChatReply

REPLY = "reply"


def handle(ctx: Context, channel: ChatChannel, event: ChatEvent) -> list[ChatReply]:
    """What to answer at once; an event seen before gets nothing (it was answered then)."""
    if event.refused:
        return [refuse(event)]
    key = f"{REPLY}:{channel.name}:{event.event_id}"
    with session_scope(ctx.engine) as session:
        if session.exec(select(ChatMessage.id).where(ChatMessage.key == key)).first():
            return []
        earlier = contact_for(session, channel.name, event.sender)
        contact = remember(session, channel.name, event,
                           language(event.text, earlier.language if earlier else "sv"))
    if is_submission(event):  # each submission commits on its own
        texts = take_files(ctx, channel.name, event, contact)
        with session_scope(ctx.engine) as session:
            _record_reply(session, key, contact, event, texts)
    else:
        with session_scope(ctx.engine) as session:
            contact = session.merge(contact)
            texts = [_command(ctx, session, channel, contact, parse(event.text, ctx.grammar))]
            _record_reply(session, key, contact, event, texts)
    return [ChatReply(mask(t), event.thread or event.event_id) for t in texts if t]


def _record_reply(session: Session, key: str, contact: ChatContact, event: ChatEvent,
                  texts: list[str]) -> None:
    """What was answered at once, kept so a redelivered event is not answered again."""
    session.add(ChatMessage(key=key, kind=REPLY, channel=contact.channel, contact_id=contact.id,
                            address=contact.address, thread=event.thread or event.event_id,
                            body=mask("\n".join(texts)), state="sent", sent_at=utcnow()))

def _command(ctx: Context, session: Session, channel: ChatChannel, contact: ChatContact,
             command: Command) -> str:
    lang = contact.language
    if command.name == "help":
        return say("help", lang)
    if command.name == "status":
        return status(session, channel.name, contact)
    if command.name == "missing":
        return missing(session, channel.name, contact, command.number,
                       is_registrar(session, channel, contact))
    question = open_question(session, contact)
    if question is not None and command.name in ("case_number", "dont_know"):
        return answer(ctx, session, contact, question, command)
    return say("not_understood", lang)


def refuse(event: ChatEvent) -> ChatReply:
    """For a sender the channel does not accept (in their language)."""
    return ChatReply(say("refused", language(event.text)), event.thread or event.event_id)
