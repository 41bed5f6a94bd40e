"""Writes a split plan: one new item per part (the same original bytes, its page range, what is
known of it), its pages' text, an audit event each; the pages set aside are kept on the split
item. Reuses the manual split's parts (bot.decisions.new_part)."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, select

from bot.decisions import new_part
from bot.i18n import both
from bot.models import Item, Page
from bot.split.plan import PartPlan, SplitPlan
from bot.states import EXTRACTED, record

ACTOR = "worker:split"


def _pages(session: Session, item: Item) -> dict[int, Page]:
    return {p.number: p for p in session.exec(select(Page).where(Page.item_id == item.id))}


def _copy_pages(session: Session, child: Item, part: PartPlan, pages: dict[int, Page]) -> None:
    """The part's pages numbered from 1; blank back sides inside it are dropped (noted in its
    meta); a paragraph keeps only its own text of a page it shares with its neighbours."""
    for number in range(part.first, part.last + 1):
        page = pages.get(number)
        if page is None or number in part.blank_pages:
            continue
        session.add(Page(item_id=child.id or 0, number=number - part.first + 1,
                         text=part.texts.get(number, page.text), confidence=page.confidence,
                         method=page.method, steps={"split_from": page.id}))


def _part_meta(part: PartPlan) -> dict[str, Any]:
    meta: dict[str, Any] = {"role": part.role, **part.meta}
    if part.blank_pages:
        meta["blank_pages"] = part.blank_pages
    return meta


def write(session: Session, item: Item, plan: SplitPlan) -> list[Item]:
    """The parts as new items (state extracted: the worker matches each next)."""
    pages = _pages(session, item)
    siblings = session.exec(select(Item.position).where(Item.parent_id == item.id)).all()
    start = max(siblings, default=0) + 1
    children = []
    for position, part in enumerate(plan.parts, start=start):
        child = new_part(session, item, position, part.first, part.last, _part_meta(part))
        _copy_pages(session, child, part, pages)
        record(session, actor=ACTOR, action="split", item_id=child.id, to_state=EXTRACTED,
               reason=both("history.split_part", first=part.first, last=part.last, id=item.id))
        children.append(child)
    item.meta = {**item.meta, "set_aside": plan.set_aside,
                 "split": {"kind": plan.kind, "parts": [c.id for c in children]}}
    return children

