"""`saknas KS 2021/0456`: the records of a case that still lack their file, for a registrar
or for someone who submitted something to that case; to anyone else the case does not exist."""

from __future__ import annotations

from sqlalchemy import exists, or_
from sqlmodel import Session, col, select

from bot.casenumbers import CaseNumber
from bot.chat.text import say
from bot.decisions import describe
from bot.matching.numbers import lookup
from bot.models import Case, ChatContact, Decision, Item, Proposal, RegistryDocument, Submission

SHOWN = 15


def may_see(session: Session, channel: str, contact: ChatContact, case: Case) -> bool:
    """The contact submitted an item proposed for, or filed in, this case."""
    theirs = (select(Item.id).join(Submission, col(Submission.id) == col(Item.submission_id))
              .where(Submission.channel == channel, Submission.submitter == contact.user_id))
    proposed = exists().where(col(Proposal.item_id).in_(theirs), col(Proposal.case_id) == case.id)
    filed = exists().where(col(Decision.item_id).in_(theirs), col(Decision.case_id) == case.id)
    return bool(session.exec(select(or_(proposed, filed))).one())


def missing(session: Session, channel: str, contact: ChatContact, number: CaseNumber | None,
            registrar: bool) -> str:
    lang = contact.language
    if number is None:
        return say("missing_usage", lang)
    shown = number.without_doc().display()
    cases = [c for c in lookup(session, number.without_doc())
             if registrar or may_see(session, channel, contact, c)]
    if not cases:
        return say("missing_no_case" if registrar else "missing_unseen", lang, case=shown)
    return "\n\n".join(_records(session, case, lang) for case in cases[:3])


def _records(session: Session, case: Case, lang: str) -> str:
    docs = session.exec(select(RegistryDocument).where(
        RegistryDocument.case_id == case.id, RegistryDocument.file_status == "missing")
        .order_by(col(RegistryDocument.doc_number))).all()
    if not docs:
        return say("missing_none", lang, case=case.case_number)
    lines = [say("missing_head", lang, case=case.case_number, n=len(docs))]
    lines += [say("missing_line", lang, number=describe(case, d), date=d.date or "",
                  description=d.description or "") for d in docs[:SHOWN]]
    if len(docs) > SHOWN:
        lines.append(say("missing_more", lang, n=len(docs) - SHOWN))
    return "\n".join(lines)
