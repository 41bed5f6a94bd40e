"""The short notice shown after a decision, on the page it leads to: which item, what was done
(in the reader's language), with undo beside it. Only the registrar's own decisions are told."""

from __future__ import annotations

from aiohttp import web
from sqlmodel import Session, col, select

from bot.decisions import CONFIRMING, describe
from bot.i18n import translate
from bot.models import Case, Decision, Item, RegistryDocument
from bot.web.common import in_db, int_or_none, lang_of, login_of


def latest(session: Session, item_id: int, actor: str) -> int | None:
    """The id of the actor's newest decision on the item."""
    return session.exec(select(Decision.id).where(Decision.item_id == item_id,
                                                  Decision.actor == actor)
                        .order_by(col(Decision.id).desc()).limit(1)).first()


def _detail(session: Session, decision: Decision, item: Item) -> str:
    if decision.action in CONFIRMING and decision.case_id:
        case = session.get(Case, decision.case_id)
        doc = session.get(RegistryDocument, decision.document_id) if decision.document_id else None
        return describe(case, doc) if case else ""
    if decision.action == "duplicate":
        return f"#{item.duplicate_of}" if item.duplicate_of else ""
    return decision.note or ""


def _undone_action(session: Session, decision: Decision) -> str:
    undone = session.get(Decision, decision.undoes_id) if decision.undoes_id else None
    return undone.action if undone else ""


def notice(session: Session, decision_id: int, me: str, lang: str) -> str:
    """'#12 brev.pdf: bekräftad: KS 2021/0456-3.' for the registrar's own decision, else ''."""
    decision = session.get(Decision, decision_id)
    if decision is None or decision.actor != me:
        return ""
    item = session.get(Item, decision.item_id)
    if item is None:
        return ""
    if decision.action == "undo":
        what = translate(f"action.{_undone_action(session, decision)}", lang)
        return translate("notice.undone", lang, id=item.id, name=item.filename, what=what)
    detail = _detail(session, decision, item)
    what = translate(f"action.{decision.action}", lang) + (f": {detail}" if detail else "")
    return translate("notice.done", lang, id=item.id, name=item.filename, what=what)


async def notice_of(request: web.Request) -> str:
    """The notice of the decision just made (`done` in the address), if it was this
    registrar's."""
    done = int_or_none(request.query.get("done"))
    if done is None:
        return ""
    return await in_db(request, notice, done, login_of(request).username, lang_of(request))
