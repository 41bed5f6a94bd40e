"""Stage 4: put a matched item in the registrars' queue."""

from __future__ import annotations

from sqlmodel import Session

from bot.context import Context
from bot.models import Item
from bot.stages import Outcome
from bot.states import QUEUED


def enqueue(ctx: Context, session: Session, item: Item) -> Outcome:
    return Outcome(QUEUED)
