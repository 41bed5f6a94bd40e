"""The worker loop: claim one item, run its next stage, write the result — the only place that
knows about leases, retries and transactions."""

from __future__ import annotations

import logging
import os
import socket
import traceback
from datetime import timedelta

from sqlalchemy import or_, update
from sqlmodel import col, select

from bot.context import Context
from bot.db import session_scope
from bot.models import Item, utcnow
from bot.pipeline import PIPELINE, Outcome
from bot.states import FAILED, WORKABLE, transition

log = logging.getLogger(__name__)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def claim(ctx: Context, owner: str) -> int | None:
    """Take the oldest workable item whose lease is free; portable compare-and-set."""
    now = utcnow()
    free = or_(col(Item.lease_until).is_(None), col(Item.lease_until) < now)
    with session_scope(ctx.engine) as session:
        for item_id in session.exec(
            select(Item.id)
            .where(col(Item.state).in_(WORKABLE), free)
            .order_by(col(Item.id))
            .limit(8)
        ):
            taken = session.execute(
                update(Item)
                .where(col(Item.id) == item_id, free)
                .values(
                    lease_owner=owner,
                    lease_until=now + timedelta(seconds=ctx.settings.lease_seconds),
                )
            )
            if taken.rowcount == 1:  # type: ignore[attr-defined]
                return item_id
    return None


def _release(item: Item) -> None:
    item.lease_owner = None
    item.lease_until = None


def run_stage(ctx: Context, item_id: int, owner: str) -> None:
    """Run the stage for the item's state and move it on, all in one transaction."""
    with session_scope(ctx.engine) as session:
        item = session.get(Item, item_id)
        if item is None or item.lease_owner != owner or item.state not in PIPELINE:
            return
        stage = PIPELINE[item.state]
        outcome: Outcome = stage(ctx, session, item)
        _release(item)
        transition(
            session, item, outcome.state, actor=f"worker:{stage.__name__}", reason=outcome.reason
        )


def record_failure(ctx: Context, item_id: int, error: BaseException) -> None:
    """Count the attempt; after the last one the item fails with a readable reason."""
    with session_scope(ctx.engine) as session:
        item = session.get(Item, item_id)
        if item is None or item.state not in WORKABLE:
            return
        item.attempts += 1
        _release(item)
        item.meta = {
            **item.meta,
            "error": traceback.format_exception_only(error)[-1].strip(),
            "traceback": traceback.format_exc(),
        }
        if item.attempts >= ctx.settings.max_attempts:
            transition(
                session,
                item,
                FAILED,
                actor="worker",
                reason=f"fel vid bearbetning / processing error: {type(error).__name__}",
            )
        session.add(item)


def work_one(ctx: Context, owner: str) -> bool:
    """Process one stage of one item; False when there was nothing to do."""
    item_id = claim(ctx, owner)
    if item_id is None:
        return False
    try:
        run_stage(ctx, item_id, owner)
    except Exception as error:  # the one place that catches everything: the item fails, not us
        log.warning("item %s: stage failed with %s", item_id, type(error).__name__)
        record_failure(ctx, item_id, error)
    return True


def run_until_idle(ctx: Context, owner: str | None = None, limit: int | None = None) -> int:
    """Work until no item is workable; returns the number of stages run."""
    owner = owner or worker_name()
    done = 0
    while (limit is None or done < limit) and work_one(ctx, owner):
        done += 1
    return done
