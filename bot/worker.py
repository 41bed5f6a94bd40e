"""The worker loop: claim one item, run its next stage, write the result — the only place that
knows about leases, retries and transactions. A stage's writes commit only while its lease holds
(bot.leases); an item whose stage keeps killing its worker is failed after `max_attempts`
claims, so one poison file cannot stop the queue (Mailman's shunt queue is the model)."""

from __future__ import annotations

import logging
import traceback

from bot.context import Context
from bot.db import session_scope
from bot.leases import Heartbeat, Lease, LeaseLost, fence, owner_name
from bot.leases import claim as claim_lease
from bot.models import Item
from bot.pipeline import PIPELINE, Outcome
from bot.states import FAILED, record, transition

log = logging.getLogger(__name__)


def worker_name() -> str:
    return owner_name()


def claim(ctx: Context, owner: str) -> Lease | None:
    """Take the oldest workable item whose lease is free; the attempt counts from here."""
    return claim_lease(ctx.engine, owner, ctx.settings.lease_seconds)


def _release(item: Item) -> None:
    item.lease_owner = None
    item.lease_until = None


def run_stage(ctx: Context, lease: Lease) -> None:
    """Run the stage for the item's state and move it on, all in one fenced transaction."""
    with session_scope(ctx.engine) as session:
        item = session.get(Item, lease.item_id)
        if item is None or item.state != lease.state or item.state not in PIPELINE:
            raise LeaseLost(f"item {lease.item_id} left {lease.state}")
        stage = PIPELINE[item.state]
        outcome: Outcome = stage(ctx, session, item)
        fence(session, lease)  # late (another worker took over) or decided: all rolled back
        _release(item)
        item.attempts = 0
        transition(
            session, item, outcome.state, actor=f"worker:{stage.__name__}", reason=outcome.reason
        )


def _fail_reason(error: BaseException) -> str:
    return f"fel vid bearbetning / processing error: {type(error).__name__}"


def record_failure(ctx: Context, lease: Lease, error: BaseException) -> None:
    """The attempt was counted at the claim; after the last one the item fails with a reason."""
    with session_scope(ctx.engine) as session:
        fence(session, lease)
        item = session.get(Item, lease.item_id)
        if item is None:
            return
        _release(item)
        item.meta = {
            **item.meta,
            "error": traceback.format_exception_only(error)[-1].strip(),
            "traceback": traceback.format_exc(),
        }
        if item.attempts >= ctx.settings.max_attempts:
            transition(session, item, FAILED, actor="worker", reason=_fail_reason(error))
        session.add(item)


def give_up(ctx: Context, lease: Lease) -> None:
    """Claimed once more than `max_attempts` without a result: the earlier workers died in this
    stage (killed, aborted, out of memory). The item fails; its original is kept."""
    tries = lease.attempts - 1
    reason = (f"bearbetningen avbröts {tries} gånger (steg: {lease.state}) / "
              f"processing was interrupted {tries} times (stage: {lease.state})")
    with session_scope(ctx.engine) as session:
        fence(session, lease)
        item = session.get(Item, lease.item_id)
        if item is None:
            return
        _release(item)
        item.meta = {**item.meta, "error": f"interrupted {tries} times in {lease.state}"}
        transition(session, item, FAILED, actor="worker", reason=reason)
    log.warning("item %s: failed after %s interrupted attempts", lease.item_id, tries)


def _discarded(ctx: Context, lease: Lease) -> None:
    """The audit says a late stage result was thrown away (no state moved)."""
    log.warning("item %s: lease lost, stage result of %s discarded", lease.item_id, lease.owner)
    with session_scope(ctx.engine) as session:
        record(session, actor=f"worker:{lease.owner}", action="discarded", item_id=lease.item_id,
               from_state=lease.state,
               reason="sent resultat kastat, posten togs över / late result discarded")


def _attempt(ctx: Context, lease: Lease) -> None:
    try:
        with Heartbeat(ctx.engine, lease, ctx.settings.lease_seconds):
            run_stage(ctx, lease)
    except LeaseLost:
        _discarded(ctx, lease)
    except Exception as error:  # the one place that catches everything: the item fails, not us
        log.warning("item %s: stage failed with %s", lease.item_id, type(error).__name__)
        try:
            record_failure(ctx, lease, error)
        except LeaseLost:
            _discarded(ctx, lease)


def work_one(ctx: Context, owner: str) -> bool:
    """Process one stage of one item; False when there was nothing to do."""
    lease = claim(ctx, owner)
    if lease is None:
        return False
    if lease.attempts <= ctx.settings.max_attempts:
        _attempt(ctx, lease)
        return True
    try:
        give_up(ctx, lease)
    except LeaseLost:
        _discarded(ctx, lease)
    return True


def run_until_idle(ctx: Context, owner: str | None = None, limit: int | None = None) -> int:
    """Work until no item is claimable; returns the number of stages run."""
    owner = owner or worker_name()
    done = 0
    while (limit is None or done < limit) and work_one(ctx, owner):
        done += 1
    return done
