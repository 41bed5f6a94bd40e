"""A submitter's answer to "which case is this?" as evidence on the item: kept in
`item.meta["hints"]`, shown to the registrar, and the item's proposals scored again with it.

The matching engine is to read the hints itself (a hook asked of the matching work); until it
does, `rescore` runs the match stage's scoring with each hint as one more piece of text."""

from __future__ import annotations

from sqlalchemy import delete
from sqlmodel import Session, col

from bot.context import Context
from bot.matching.engine import _proposal, score_candidates
from bot.matching.numbers import Source, sources_for
from bot.models import Item, Proposal, utcnow
from bot.states import record

SUBMITTER = "submitter"
WHERE = "inlämnarens svar i chatten"  # how a reason names the hint


def add_hint(session: Session, item: Item, text: str, actor: str) -> None:
    """Keep the answer on the item (appended: earlier answers stay) and in the audit trail."""
    hints = [*item.meta.get("hints", []),
             {"source": SUBMITTER, "text": text[:200], "at": utcnow().isoformat()}]
    item.meta = {**item.meta, "hints": hints}
    item.updated_at = utcnow()  # the registrar's queue resyncs the item
    session.add(item)
    record(session, actor=actor, action="hint", item_id=item.id, from_state=item.state,
           to_state=item.state, reason=f"inlämnaren angav / the submitter said: {text[:200]}")


def hint_sources(item: Item) -> list[Source]:
    return [Source("parent", WHERE, str(h.get("text") or "")) for h in item.meta.get("hints", [])
            if h.get("source") == SUBMITTER]


def rescore(ctx: Context, session: Session, item: Item) -> list[Proposal]:
    """The item's proposals computed again, the hints counting as text seen beside it."""
    view, scored = score_candidates(ctx, session, item,
                                    sources_for(session, item) + hint_sources(item))
    session.execute(delete(Proposal).where(col(Proposal.item_id) == item.id))
    proposals = [_proposal(item, rank, view, s) for rank, s in enumerate(scored[:5])]
    session.add_all(proposals)
    return proposals
