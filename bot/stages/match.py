"""Stage 3: replace the item's proposals with freshly computed ones (or the one a split part
already knows: its cover sheet, its protocol paragraph, bot/split/known.py); then refresh the
proposals of the e-mails it came in, which were matched before their attachments were read."""

from __future__ import annotations

from sqlalchemy import delete
from sqlmodel import Session, col, select

from bot.context import Context
from bot.matching import propose
from bot.matching.sources import ancestors
from bot.models import Item, Proposal
from bot.split.known import known
from bot.stages import Outcome
from bot.states import MATCHED, QUEUED


def _replace(ctx: Context, session: Session, item: Item) -> list[Proposal]:
    session.execute(delete(Proposal).where(col(Proposal.item_id) == item.id))
    certain = known(session, item, ctx.grammar)
    proposals = [certain] if certain else propose(ctx, session, item)
    session.add_all(proposals)
    return proposals


def refresh_mails(ctx: Context, session: Session, item: Item) -> None:
    """An e-mail is matched before its attachments are read: once one is, the mails it came in
    (still queued, undecided) are matched again with the attachment's text as evidence. The
    row is locked first, so two attachments finishing at once refresh it one after the other."""
    for mail in ancestors(session, item):
        if mail.meta.get("kind") != "email":
            break
        locked = session.exec(select(Item).where(Item.id == mail.id)
                               .with_for_update()).first()
        if locked is None or locked.state != QUEUED:
            break
        _replace(ctx, session, locked)


def match(ctx: Context, session: Session, item: Item) -> Outcome:
    proposals = _replace(ctx, session, item)
    refresh_mails(ctx, session, item)
    if not proposals:
        return Outcome(MATCHED, "inget förslag / no proposal")
    return Outcome(MATCHED)
