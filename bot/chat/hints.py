"""A submitter's answer to "which case is this?" as evidence on the item: kept in
`item.meta["hints"]`, shown to the registrar, and the item's proposals scored again with it.

The matching engine is to read the hints itself (`bot.matching.sources`, the matching work's
hook); where it does, `rescore` is the match stage's own `propose`; until then it runs the
engine's scoring with each hint as one more piece of text."""

from __future__ import annotations

import importlib.util

from sqlalchemy import delete
from sqlmodel import Session, col

from bot.context import Context
from bot.matching import propose
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


def engine_reads_hints() -> bool:
    """The matching engine's own hook: `bot.matching.sources` reads `item.meta["hints"]`."""
    return importlib.util.find_spec("bot.matching.sources") is not None


def _with_hints(ctx: Context, session: Session, item: Item) -> list[Proposal]:
    """Until then: the engine's scoring with each hint as one more piece of text."""
    from bot.matching.engine import _proposal, score_candidates
    from bot.matching.numbers import Source, sources_for

    hints = [Source("parent", WHERE, str(h.get("text") or ""))
             for h in item.meta.get("hints", []) if h.get("source") == SUBMITTER]
    view, scored = score_candidates(ctx, session, item, sources_for(session, item) + hints)
    return [_proposal(item, rank, view, s) for rank, s in enumerate(scored[:5])]


def rescore(ctx: Context, session: Session, item: Item) -> list[Proposal]:
    """The item's proposals computed again, the hints counting as evidence."""
    proposals = (propose(ctx, session, item) if engine_reads_hints()
                 else _with_hints(ctx, session, item))
    session.execute(delete(Proposal).where(col(Proposal.item_id) == item.id))
    session.add_all(proposals)
    return proposals
