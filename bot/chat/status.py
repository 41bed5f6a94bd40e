"""`status`: the sender's recent submissions in this channel and what became of each document."""

from __future__ import annotations

from sqlmodel import Session, col, select

from bot.chat.items import documents, phrase
from bot.chat.text import say
from bot.models import ChatContact, Submission
from bot.receipts.summary import label
from bot.receipts.text import _when

RECENT = 10
PER_SUBMISSION = 5


def status(session: Session, channel: str, contact: ChatContact) -> str:
    lang = contact.language
    submissions = session.exec(select(Submission).where(
        Submission.channel == channel, Submission.submitter == contact.user_id)
        .order_by(col(Submission.id).desc()).limit(RECENT)).all()
    lines = []
    for submission in submissions:
        when = _when(submission.received_at)
        docs = documents(session, submission.id or 0)
        lines += [say("line", lang, label=f"{label(d)} ({when})", what=phrase(session, d, lang))
                  for d in docs[:PER_SUBMISSION]]
    if not lines:
        return say("status_none", lang)
    return "\n".join([say("status_head", lang), *lines])
