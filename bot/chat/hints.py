"""A submitter's answer to "which case is this?" as evidence on the item: kept in
`item.meta["hints"]`, shown to the registrar, and the item's proposals scored again with it.
The matching engine reads the hints itself (bot/matching/sources.py: a stated case number,
named "inlämnarens svar" in the reasons)."""

from __future__ import annotations

from sqlalchemy import delete
from sqlmodel import Session, col

from bot.context import Context
from bot.matching import propose
from bot.models import Item, Proposal, utcnow
from bot.states import record

SUBMITTER = "submitter"


def add_hint(session: Session, item: Item, text: str, actor: str) -> None:
    """Keep the answer on the item (appended: earlier answers stay) and in the audit trail."""
    hints = [*item.meta.get("hints", []),
             {"source": SUBMITTER, "text": text[:200], "at": utcnow().isoformat()}]
    item.meta = {**item.meta, "hints": hints}
    item.updated_at = utcnow()  # the registrar's queue resyncs the item
    session.add(item)
    record(session, actor=actor, action="hint", item_id=item.id, from_state=item.state,
           to_state=item.state, reason=f"inlämnaren angav / the submitter said: {text[:200]}")


def rescore(ctx: Context, session: Session, item: Item) -> list[Proposal]:
    """The item's proposals computed again, the hints among the evidence."""
    proposals = propose(ctx, session, item)
    session.execute(delete(Proposal).where(col(Proposal.item_id) == item.id))
    session.add_all(proposals)
    return proposals
