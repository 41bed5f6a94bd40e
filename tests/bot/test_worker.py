"""The worker: one stage per claim, retries, failures that don't stop the others, crash safety."""

import pytest
from sqlmodel import select

from bot import pipeline
from bot.db import session_scope
from bot.ingest import ingest_paths
from bot.leases import LeaseLost
from bot.models import AuditEvent, Item
from bot.states import transition
from bot.worker import claim, run_until_idle
from tests.conftest import make_pdf


def _ingest(ctx, tmp_path, n=2):
    paths = []
    for i in range(n):
        path = tmp_path / f"doc{i}.pdf"
        path.write_bytes(make_pdf([f"Dokument {i}", "Dnr KS 2021/0456"]))
        paths.append(path)
    return [r.item_id for r in ingest_paths(ctx, paths, "anna.berg@example.se")]


def _states(ctx):
    with session_scope(ctx.engine) as session:
        return {i.id: (i.state, i.state_reason, i.attempts) for i in session.exec(select(Item))}


def test_items_move_through_all_stages_to_the_queue(ctx, tmp_path):
    ids = _ingest(ctx, tmp_path)
    assert run_until_idle(ctx) == 8  # four stages each
    assert [_states(ctx)[i][0] for i in ids] == ["queued", "queued"]


def test_failing_item_fails_with_reason_after_retries_and_others_go_on(ctx, tmp_path, monkeypatch):
    ids = _ingest(ctx, tmp_path)
    real = pipeline.PIPELINE["unpacked"]

    def broken(c, session, item):
        if item.id == ids[0]:
            raise RuntimeError("boom")
        return real(c, session, item)

    monkeypatch.setitem(pipeline.PIPELINE, "unpacked", broken)
    run_until_idle(ctx)
    states = _states(ctx)
    assert states[ids[0]][0] == "failed"
    assert states[ids[0]][2] == ctx.settings.max_attempts
    assert "RuntimeError" in states[ids[0]][1]
    assert states[ids[1]][0] == "queued"


def test_a_worker_that_dies_holding_an_item_loses_nothing(ctx, tmp_path):
    ids = _ingest(ctx, tmp_path, n=1)
    ctx.settings.lease_seconds = 0  # the dead worker's lease runs out at once
    assert claim(ctx, "dead-worker").item_id == ids[0]  # ... and it never finishes
    run_until_idle(ctx, owner="new-worker")
    assert _states(ctx)[ids[0]][0] == "queued"


def test_a_held_lease_keeps_other_workers_away(ctx, tmp_path):
    _ingest(ctx, tmp_path, n=1)
    assert claim(ctx, "a") is not None
    assert claim(ctx, "b") is None


def test_a_repeated_unpack_stage_creates_no_second_children(ctx, tmp_path):
    from tests.conftest import make_email
    path = tmp_path / "mail.eml"
    path.write_bytes(make_email("VB: Yttrande", "Se bilaga.",
                                [("yttrande.pdf", make_pdf(["KS 2021/0456"]), "application/pdf")]))
    item_id = ingest_paths(ctx, [path], None)[0].item_id
    with session_scope(ctx.engine) as session:
        item = session.get(Item, item_id)
        pipeline.PIPELINE["received"](ctx, session, item)
        pipeline.PIPELINE["received"](ctx, session, item)
    with session_scope(ctx.engine) as session:
        children = session.exec(select(Item).where(Item.parent_id == item_id)).all()
    assert len(children) == 1


def test_a_late_stage_commit_is_discarded_once_another_worker_took_over(ctx, tmp_path):
    from bot.worker import run_stage
    ids = _ingest(ctx, tmp_path, n=1)
    ctx.settings.lease_seconds = 0
    late = claim(ctx, "slow-worker")  # its lease runs out before it commits
    run_until_idle(ctx, owner="other-worker")  # takes over and brings the item to the queue
    with pytest.raises(LeaseLost):
        run_stage(ctx, late)
    assert _states(ctx)[ids[0]][0] == "queued"


def test_a_stage_never_moves_an_item_a_registrar_decided(ctx, tmp_path):
    from bot.worker import work_one
    ids = _ingest(ctx, tmp_path, n=1)
    run_until_idle(ctx, limit=3)  # now matched: the last stage (enqueue) is next
    real = pipeline.PIPELINE["matched"]

    def decided_meanwhile(c, session, item):
        with session_scope(c.engine) as other:  # a registrar rejects it in another transaction
            held = other.get(Item, item.id)
            transition(other, held, "rejected", actor="registrar", reason="nej")
        return real(c, session, item)

    pipeline.PIPELINE["matched"] = decided_meanwhile
    try:
        assert work_one(ctx, "worker")
    finally:
        pipeline.PIPELINE["matched"] = real
    assert _states(ctx)[ids[0]][0] == "rejected"
    with session_scope(ctx.engine) as session:
        actions = [e.action for e in session.exec(select(AuditEvent)
                                                  .where(AuditEvent.item_id == ids[0]))]
    assert actions[-1] == "discarded"


def test_claims_count_attempts_so_a_worker_that_never_returns_still_used_one(ctx, tmp_path):
    ids = _ingest(ctx, tmp_path, n=2)
    ctx.settings.lease_seconds = 0
    for _ in range(ctx.settings.max_attempts):  # each claimant dies: no result, no failure
        assert claim(ctx, "dying-worker").item_id == ids[0]
    run_until_idle(ctx, owner="healthy-worker")
    states = _states(ctx)
    assert states[ids[0]][0] == "failed"
    assert "avbröts 3 gånger" in states[ids[0]][1]
    assert "interrupted 3 times" in states[ids[0]][1]
    assert states[ids[1]][0] == "queued"


def test_a_completed_stage_starts_the_next_with_fresh_attempts(ctx, tmp_path):
    ids = _ingest(ctx, tmp_path, n=1)
    run_until_idle(ctx)
    assert _states(ctx)[ids[0]][::2] == ("queued", 0)
