"""Registrar decisions on a queued item — confirm, choose another case or document record, new
document in a case, duplicate, reject, split, skip, undo — each an append-only Decision row plus
an audit event (who, what, state before and after, when)."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col, select

from bot.i18n import bilingual, both, translate
from bot.models import Case, Decision, Item, Page, Proposal, RegistryDocument, utcnow
from bot.receipts import notify_confirmed
from bot.split import ranges
from bot.states import (
    CONFIRMED,
    DUPLICATE,
    EXTRACTED,
    QUEUED,
    REJECTED,
    SPLIT,
    record,
    transition,
)

CONFIRMING = ("confirm", "choose_alternative", "reassign", "new_document", "bulk_confirm")
UNDOABLE = (*CONFIRMING, "duplicate", "reject", "split")
AFTER = ({"duplicate": DUPLICATE, "reject": REJECTED, "split": SPLIT}
         | dict.fromkeys(CONFIRMING, CONFIRMED))
NOT_DECIDING = ("skip", "undo")  # a part with only these on it is still undecided
MAX_NOTE = 500


class DecisionError(Exception):
    """A decision that cannot be made: `code` is not_found, conflict or invalid."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def _already(item_id: int, state: str) -> str:
    """'Post 5 är redan bekräftad / Item 5 is already confirmed'."""
    def said(lang: str) -> str:
        named = translate(f"state.{state}", lang).lower()
        return translate("error.already", lang, id=item_id, state=named)

    return bilingual(said("sv"), said("en"))


def _claim(session: Session, item_id: int, state: str = QUEUED) -> Item:
    """The item, if it is still in `state`; the compare-and-set write comes first, so two
    registrars deciding the same item at once cannot both win."""
    taken = session.execute(update(Item).where(col(Item.id) == item_id, col(Item.state) == state)
                            .values(updated_at=utcnow()))
    item = session.get(Item, item_id)
    if item is None:
        raise DecisionError("not_found", both("error.no_item", id=item_id))
    if taken.rowcount != 1:  # type: ignore[attr-defined]
        raise DecisionError("conflict", _already(item_id, item.state))
    session.refresh(item)
    return item


def _reason(action: str, what: str | tuple[str, str]) -> str:
    """'bekräftad: KS 2021/0456-3 / confirmed: KS 2021/0456-3': each half whole by itself."""
    sv, en = (what, what) if isinstance(what, str) else what
    return bilingual(translate(f"action.{action}", "sv") + (f": {sv}" if sv else ""),
                     translate(f"action.{action}", "en") + (f": {en}" if en else ""))


def _decide(session: Session, item: Item, actor: str, action: str, to_state: str, *,
            what: str | tuple[str, str] = "", case_id: int | None = None,
            document_id: int | None = None,
            note: str | None = None, undoes_id: int | None = None) -> Decision:
    decision = Decision(item_id=item.id or 0, actor=actor, action=action, case_id=case_id,
                        document_id=document_id, note=note, undoes_id=undoes_id)
    session.add(decision)
    reason = _reason(action, what)
    transition(session, item, to_state, actor=actor, reason=reason)
    session.flush()
    return decision


def describe(case: Case, document: RegistryDocument | None) -> str:
    """'KS 2021/0456-3' for a document record, 'KS 2021/0456' for the case alone."""
    return f"{case.case_number}-{document.doc_number}" if document else case.case_number


def _recover(session: Session, item: Item, actor: str, case: Case, doc: RegistryDocument) -> None:
    if doc.file_status == "recovered":
        return
    record(session, actor=actor, action="file_status", item_id=item.id,
           from_state=doc.file_status, to_state="recovered", reason=describe(case, doc))
    doc.file_status = "recovered"
    session.add(doc)


def _target(session: Session, case_id: int, document_id: int | None
            ) -> tuple[Case, RegistryDocument | None]:
    case = session.get(Case, case_id)
    doc = session.get(RegistryDocument, document_id) if document_id else None
    if case is None or (document_id and (doc is None or doc.case_id != case_id)):
        raise DecisionError("invalid", both("error.no_case"))
    return case, doc


def _file_in(session: Session, item: Item, actor: str, action: str, case_id: int,
             document_id: int | None, note: str | None = None) -> Decision:
    case, doc = _target(session, case_id, document_id)
    decision = _decide(session, item, actor, action, CONFIRMED, what=describe(case, doc),
                       case_id=case_id, document_id=document_id, note=note)
    if doc is not None:
        _recover(session, item, actor, case, doc)
    notify_confirmed(session, item)  # the one call site of the submitter's "registered" notice
    return decision


def proposals(session: Session, item_id: int) -> list[Proposal]:
    """The item's proposals, best first."""
    return list(session.exec(select(Proposal).where(Proposal.item_id == item_id)
                             .order_by(col(Proposal.rank))).all())


def confirm(session: Session, item_id: int, actor: str, proposal_id: int | None = None,
            action: str = "confirm") -> Decision:
    """File the item where a proposal says (the best one unless another is named)."""
    item = _claim(session, item_id)
    ranked = proposals(session, item_id)
    chosen = next((p for p in ranked if proposal_id in (None, p.id)), None)
    if chosen is None:
        raise DecisionError("invalid", both("error.no_proposal"))
    if chosen is not ranked[0] and action == "confirm":
        action = "choose_alternative"
    return _file_in(session, item, actor, action, chosen.case_id, chosen.document_id)


def reassign(session: Session, item_id: int, actor: str, case_id: int,
             document_id: int | None) -> Decision:
    """File the item in a case or document record the registrar found by search."""
    return _file_in(session, _claim(session, item_id), actor, "reassign", case_id, document_id)


def new_document(session: Session, item_id: int, actor: str, case_id: int,
                 note: str | None = None) -> Decision:
    """File the item in a case as a document the registry has no record of yet."""
    item = _claim(session, item_id)
    return _file_in(session, item, actor, "new_document", case_id, None, _note(note, False))


def _note(text: str | None, required: bool) -> str | None:
    note = (text or "").strip()[:MAX_NOTE]
    if required and not note:
        raise DecisionError("invalid", both("error.reason_needed"))
    return note or None


def mark_duplicate(session: Session, item_id: int, actor: str, of_item_id: int) -> Decision:
    """The item is a copy of another: link it to that item's primary copy."""
    item = _claim(session, item_id)
    other = session.get(Item, of_item_id)
    while other is not None and other.duplicate_of is not None:
        other = session.get(Item, other.duplicate_of)
    if other is None or other.id == item.id:
        raise DecisionError("invalid", both("error.no_item", id=of_item_id))
    item.duplicate_of = other.id
    return _decide(session, item, actor, "duplicate", DUPLICATE, what=f"#{other.id}")


def reject(session: Session, item_id: int, actor: str, reason: str) -> Decision:
    """Not a record of the registry; the reason is required."""
    note = _note(reason, True)
    item = _claim(session, item_id)
    return _decide(session, item, actor, "reject", REJECTED, what=note or "", note=note)


def skip(session: Session, item_id: int, actor: str) -> Decision | None:
    """Leave the item for later; recorded, but its state does not change."""
    item = session.get(Item, item_id)
    if item is None or item.state != QUEUED:
        return None
    decision = Decision(item_id=item_id, actor=actor, action="skip")
    session.add(decision)
    record(session, actor=actor, action="skip", item_id=item_id, from_state=QUEUED,
           to_state=QUEUED, reason=both("action.skip"))
    return decision


def parse_ranges(text: str, pages: int) -> list[tuple[int, int]]:
    try:
        return ranges.parse_ranges(text, pages)
    except ranges.RangeError as error:
        raise DecisionError("invalid", str(error)) from error


def _set_aside(parsed: list[tuple[int, int]], pages: int,
               reasons: dict[int, str] | None) -> list[dict[str, Any]]:
    try:
        return ranges.account(parsed, pages, reasons or {})
    except ranges.RangeError as error:
        raise DecisionError("invalid", str(error)) from error


def _pages(session: Session, item_id: int) -> list[Page]:
    return list(session.exec(select(Page).where(Page.item_id == item_id)
                             .order_by(col(Page.number))).all())


def new_part(session: Session, item: Item, position: int, first: int, last: int,
             meta: dict[str, object] | None = None) -> Item:
    """A new item for pages first..last: the same original bytes, the page range in meta
    (also used by the automatic split, bot/split/parts.py, with what it knows in `meta`)."""
    offset = int(item.meta.get("pages", [1])[0]) - 1  # a part of a part counts in the original
    name = PurePath(item.filename)
    child = Item(submission_id=item.submission_id, parent_id=item.id, position=position,
                 filename=f"{name.stem} (s. {first}-{last}){name.suffix}",
                 media_type=item.media_type, sha256=item.sha256, size=item.size,
                 state=EXTRACTED, meta={"kind": "document", "split_of": item.id,
                                        "pages": [first + offset, last + offset], **(meta or {})})
    session.add(child)
    session.flush()
    return child


def split(session: Session, item_id: int, actor: str, ranges_text: str,
          set_aside: dict[int, str] | None = None) -> list[Item]:
    """Make one new item per page range (matched afresh by the worker); every page not in a
    range must be set aside with a reason (kept on the item, meta["set_aside"]). The scan
    itself leaves the queue as split. The original bytes are shared, never cut or altered."""
    item = _claim(session, item_id)
    pages = _pages(session, item_id)
    parsed = parse_ranges(ranges_text, len(pages))
    aside = _set_aside(parsed, len(pages), set_aside)
    siblings = session.exec(select(Item.position).where(Item.parent_id == item_id)).all()
    children = []
    for position, (first, last) in enumerate(parsed, start=max(siblings, default=0) + 1):
        child = new_part(session, item, position, first, last)
        session.add_all(Page(item_id=child.id or 0, number=p.number - first + 1, text=p.text,
                             confidence=p.confidence, method=p.method, steps={"split_from": p.id})
                        for p in pages[first - 1:last])
        record(session, actor=actor, action="split", item_id=child.id, to_state=EXTRACTED,
               reason=both("history.split_part", first=first, last=last, id=item_id))
        children.append(child)
    _record_aside(session, item, actor, aside)
    what = ", ".join(f"#{c.id}" for c in children)
    _decide(session, item, actor, "split", SPLIT, what=what, note=ranges_text.strip())
    return children


def _record_aside(session: Session, item: Item, actor: str, aside: list[dict[str, Any]]) -> None:
    """The pages in no part, kept on the item and each in the audit trail with its reason."""
    item.meta = {**item.meta, "set_aside": aside}
    for page in aside:
        record(session, actor=actor, action="set_aside", item_id=item.id,
               reason=both("history.set_aside", page=page["page"], reason=page["reason"]))


def _last_undoable(session: Session, actor: str) -> Decision | None:
    recent = session.exec(select(Decision).where(Decision.actor == actor,
                                                 col(Decision.action).in_(UNDOABLE))
                          .order_by(col(Decision.id).desc()).limit(50)).all()
    ids = [d.id for d in recent]
    undone = set(session.exec(select(Decision.undoes_id)
                              .where(col(Decision.undoes_id).in_(ids))).all())
    return next((d for d in recent if d.id not in undone), None)


def _restore_file_status(session: Session, item: Item, actor: str, undone: Decision) -> None:
    """Back to missing, unless another confirmed item still holds this document record."""
    doc = session.get(RegistryDocument, undone.document_id) if undone.document_id else None
    if doc is None or doc.file_status != "recovered":
        return
    others = session.exec(select(Decision.id).join(Item, col(Item.id) == Decision.item_id)
                          .where(Decision.document_id == doc.id, Item.state == CONFIRMED,
                                 Item.id != item.id).limit(1)).first()
    if others is None:
        record(session, actor=actor, action="file_status", item_id=item.id,
               from_state="recovered", to_state="missing", reason=f"#{doc.id}")
        doc.file_status = "missing"
        session.add(doc)


def _parts(session: Session, item: Item) -> list[Item]:
    """The parts of the item's current split: its split parts, less those withdrawn when an
    earlier split of it was undone."""
    earlier = select(Decision.id).where(Decision.item_id == item.id, Decision.action == "split")
    withdrawn = select(Decision.item_id).where(col(Decision.undoes_id).in_(earlier),
                                               Decision.item_id != item.id)
    children = session.exec(select(Item).where(Item.parent_id == item.id,
                                               col(Item.id).not_in(withdrawn))
                            .order_by(col(Item.position))).all()
    return [c for c in children if c.meta.get("split_of") == item.id]


def _decided(session: Session, parts: list[Item]) -> list[int]:
    """Ids of the parts with a registrar's decision on them that still stands."""
    made = session.exec(select(Decision).where(col(Decision.item_id).in_([p.id for p in parts]),
                                               col(Decision.action).not_in(NOT_DECIDING))).all()
    undone = set(session.exec(select(Decision.undoes_id).where(
        col(Decision.undoes_id).in_([d.id for d in made]))).all())
    return sorted({d.item_id for d in made if d.id not in undone})


def _withdraw_parts(session: Session, item: Item, actor: str, split_decision: Decision) -> None:
    """Undoing a split: refused once a registrar has decided any part; otherwise every part
    leaves the queue as rejected (nothing is deleted), each with its own undo row."""
    parts = _parts(session, item)
    decided = _decided(session, parts)
    if decided:
        raise DecisionError("conflict", both("error.parts_decided", id=item.id,
                                             parts=", ".join(f"#{i}" for i in decided)))
    reason = both("history.split_undone", id=item.id)
    for part in parts:
        held = _claim(session, part.id or 0, part.state)  # not moved on meanwhile by the worker
        session.add(Decision(item_id=held.id or 0, actor=actor, action="undo",
                             undoes_id=split_decision.id))
        transition(session, held, REJECTED, actor=actor, reason=reason)


def undo_last(session: Session, actor: str) -> Decision:
    """Take back this registrar's latest decision that is not yet undone; the item is queued
    again. Skips are not undone (nothing changed). A split is undone only while no registrar
    has decided any of its parts: the parts then leave the queue as rejected ("split undone")
    and the original is queued again; otherwise the undo is refused (conflict)."""
    last = _last_undoable(session, actor)
    if last is None:
        raise DecisionError("invalid", both("error.nothing_to_undo"))
    item = _claim(session, last.item_id, AFTER[last.action])
    if last.action == "split":
        _withdraw_parts(session, item, actor, last)
        item.meta = {k: v for k, v in item.meta.items() if k != "set_aside"}
    if last.action == "duplicate":
        item.duplicate_of = None
    if last.action in CONFIRMING:
        _restore_file_status(session, item, actor, last)
    undone = (translate(f"action.{last.action}", "sv"), translate(f"action.{last.action}", "en"))
    return _decide(session, item, actor, "undo", QUEUED, what=undone, undoes_id=last.id)


def bulk_confirm(session: Session, item_ids: list[int], actor: str) -> int:
    """Confirm the best proposal of each item still queued; returns how many were filed."""
    done = 0
    for item_id in item_ids:
        try:  # a refusal happens before anything is written, so the batch goes on
            confirm(session, item_id, actor, action="bulk_confirm")
        except DecisionError:
            continue  # decided meanwhile by someone else, or no proposal: left as it is
        done += 1
    return done
