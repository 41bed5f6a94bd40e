"""Stage 3: replace the item's proposals with freshly computed ones (or the one a split part
already knows: its cover sheet, its protocol paragraph, bot/split/known.py)."""

from __future__ import annotations

from sqlalchemy import delete
from sqlmodel import Session, col

from bot.context import Context
from bot.matching import propose
from bot.models import Item, Proposal
from bot.split.known import known
from bot.stages import Outcome
from bot.states import MATCHED


def match(ctx: Context, session: Session, item: Item) -> Outcome:
    session.execute(delete(Proposal).where(col(Proposal.item_id) == item.id))
    certain = known(session, item, ctx.grammar)
    proposals = [certain] if certain else propose(ctx, session, item)
    session.add_all(proposals)
    if not proposals:
        return Outcome(MATCHED, "inget förslag / no proposal")
    return Outcome(MATCHED)
