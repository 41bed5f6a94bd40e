"""Undoing a split: the original is queued again and its parts leave the queue as rejected,
all appended (nothing deleted) — unless a registrar has already decided one of the parts."""

from __future__ import annotations

import pytest
from sqlalchemy import func
from sqlmodel import col, select

from bot import decisions
from bot.context import Context
from bot.db import session_scope
from bot.decisions import DecisionError
from bot.models import AuditEvent, Decision, Item, Page, QueueEntry
from bot.states import verify_chain
from bot.web.facets import SyncState, sync
from bot.worker import run_until_idle
from tests.web.conftest import Want, queue_item

PAGES = [["Yttrande", "Dnr KS 2021/0456-2"], ["Bilaga"], ["Beslut", "Dnr BN 2021/0456"]]


def _scan(ctx: Context, name: str = "skanning.pdf") -> int:
    return queue_item(ctx, name, PAGES, [Want("KS 2021/0456", 2, 0.95)])


def _do(ctx, work, *args):
    with session_scope(ctx.engine) as session:
        return work(session, *args)


def _counts(ctx) -> dict[str, int]:
    with session_scope(ctx.engine) as session:
        return {model.__name__: session.exec(select(func.count()).select_from(model)).one()
                for model in (Item, Page, Decision, AuditEvent)}


def _states(ctx, ids) -> list[str]:
    with session_scope(ctx.engine) as session:
        return [session.get(Item, i).state for i in ids]


def _split(ctx, actor: str = "rut") -> tuple[int, list[int]]:
    item_id = _scan(ctx)
    parts = [p.id for p in _do(ctx, decisions.split, item_id, actor, "1-2, 3")]
    return item_id, parts


def test_undoing_a_split_queues_the_original_and_withdraws_its_parts(registry):
    item_id, parts = _split(registry)
    run_until_idle(registry)  # the parts are matched and queued: still undecided
    assert _states(registry, parts) == ["queued", "queued"]
    before = _counts(registry)
    split_id = _do(registry, lambda s: s.exec(select(Decision.id).where(
        Decision.action == "split")).one())

    undo = _do(registry, decisions.undo_last, "rut")

    assert (undo.action, undo.undoes_id, undo.item_id) == ("undo", split_id, item_id)
    assert _states(registry, [item_id]) == ["queued"]
    assert _states(registry, parts) == ["rejected", "rejected"]
    after = _counts(registry)
    assert after["Item"] == before["Item"] and after["Page"] == before["Page"]  # nothing deleted
    assert after["Decision"] == before["Decision"] + 3  # the original's undo, one per part
    assert after["AuditEvent"] == before["AuditEvent"] + 3
    with session_scope(registry.engine) as session:
        for part in parts:
            item = session.get(Item, part)
            assert item.state_reason == (f"delning av post {item_id} ångrad / "
                                         f"split of item {item_id} undone")
            rows = session.exec(select(Decision).where(Decision.item_id == part)).all()
            assert [(d.action, d.actor, d.undoes_id) for d in rows] == [("undo", "rut", split_id)]
        history = session.exec(select(AuditEvent).where(AuditEvent.item_id == item_id)
                               .order_by(col(AuditEvent.id))).all()
        assert [(e.actor, e.from_state, e.to_state) for e in history[-2:]] == [
            ("rut", "queued", "split"), ("rut", "split", "queued")]
        assert history[-1].reason == "ångrad: delad / undone: split"
        assert verify_chain(session) is None
        sync(session, SyncState())
        facets = {e.item_id: e.state for e in session.exec(select(QueueEntry))}
        assert facets == {item_id: "queued", parts[0]: "rejected", parts[1]: "rejected"}
    with pytest.raises(DecisionError):
        _do(registry, decisions.undo_last, "rut")  # the split is undone: nothing left


def test_parts_not_yet_matched_are_withdrawn_too_and_the_original_can_be_split_again(registry):
    item_id, parts = _split(registry)
    assert _states(registry, parts) == ["extracted", "extracted"]
    _do(registry, decisions.undo_last, "rut")
    assert _states(registry, parts) == ["rejected", "rejected"]
    run_until_idle(registry)  # the worker leaves the withdrawn parts alone
    assert _states(registry, parts) == ["rejected", "rejected"]

    again = [p.id for p in _do(registry, decisions.split, item_id, "rut", "1, 2-3")]
    _do(registry, decisions.undo_last, "rut")  # only the new parts are this split's
    assert _states(registry, [item_id, *again]) == ["queued", "rejected", "rejected"]
    with session_scope(registry.engine) as session:
        for part in parts:  # the first parts were not touched by the second undo
            assert len(session.exec(select(Decision).where(Decision.item_id == part)).all()) == 1


def test_undoing_a_split_is_refused_once_a_part_is_decided(registry):
    item_id, parts = _split(registry)
    run_until_idle(registry)
    _do(registry, decisions.confirm, parts[0], "eva")
    before = _counts(registry)
    with pytest.raises(DecisionError) as refused:
        _do(registry, decisions.undo_last, "rut")
    assert refused.value.code == "conflict"
    assert str(refused.value) == (
        f"Delningen av post {item_id} kan inte ångras: delarna #{parts[0]} är redan beslutade / "
        f"The split of item {item_id} cannot be undone: parts #{parts[0]} are already decided")
    assert _counts(registry) == before
    assert _states(registry, [item_id, *parts]) == ["split", "confirmed", "queued"]


def test_a_part_decided_and_undone_again_counts_as_undecided(registry):
    item_id, parts = _split(registry)
    run_until_idle(registry)
    _do(registry, decisions.skip, parts[1], "rut")
    _do(registry, decisions.confirm, parts[0], "eva")
    _do(registry, decisions.undo_last, "eva")
    _do(registry, decisions.undo_last, "rut")
    assert _states(registry, [item_id, *parts]) == ["queued", "rejected", "rejected"]


def test_only_the_registrar_who_split_can_undo_the_split(registry):
    item_id, parts = _split(registry, "rut")
    with pytest.raises(DecisionError) as refused:
        _do(registry, decisions.undo_last, "eva")  # eva's last decision: none
    assert refused.value.code == "invalid"
    other = _scan(registry, "annat.pdf")
    _do(registry, decisions.reject, other, "eva", "reklam")
    assert _do(registry, decisions.undo_last, "eva").item_id == other  # eva's, not rut's split
    assert _states(registry, [item_id, *parts]) == ["split", "extracted", "extracted"]
