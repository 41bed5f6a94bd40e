"""Registrar decisions: each an append-only Decision and audit event; confirming recovers the
document record's file; undo puts it all back; split makes parts from the same original."""

from __future__ import annotations

import pytest
from sqlmodel import col, select

from bot import decisions
from bot.db import session_scope
from bot.decisions import DecisionError, parse_ranges
from bot.models import AuditEvent, Decision, Item, Page, RegistryDocument
from bot.states import verify_chain
from bot.worker import run_until_idle
from tests.web.conftest import Want, queue_item


def _item(ctx, name="brev.pdf", wants=None, pages=None) -> int:
    wants = wants if wants is not None else [Want("KS 2021/0456", 2, 0.95),
                                             Want("BN 2021/0456", 1, 0.3)]
    return queue_item(ctx, name, pages or [["Dnr KS 2021/0456-2"]], wants)


def _do(ctx, work, *args):
    with session_scope(ctx.engine) as session:
        return work(session, *args)


def _doc_status(ctx, case_doc_id: int) -> str:
    with session_scope(ctx.engine) as session:
        return session.get(RegistryDocument, case_doc_id).file_status


def test_confirm_files_the_item_and_recovers_the_document_record(registry):
    item_id = _item(registry)
    decision = _do(registry, decisions.confirm, item_id, "rut")
    assert decision.action == "confirm" and decision.actor == "rut"
    assert _doc_status(registry, decision.document_id) == "recovered"
    with session_scope(registry.engine) as session:
        assert session.get(Item, item_id).state == "confirmed"
        events = session.exec(select(AuditEvent).where(AuditEvent.item_id == item_id)
                              .order_by(col(AuditEvent.id))).all()
        assert [(e.actor, e.action, e.from_state, e.to_state) for e in events[1:]] == [
            ("rut", "transition", "queued", "confirmed"),
            ("rut", "file_status", "missing", "recovered")]
        assert "KS 2021/0456-2" in events[1].reason
        assert verify_chain(session) is None


def test_a_decided_item_cannot_be_decided_again(registry):
    item_id = _item(registry)
    _do(registry, decisions.confirm, item_id, "rut")
    with pytest.raises(DecisionError) as refused:
        _do(registry, decisions.reject, item_id, "eva", "inte en handling")
    assert refused.value.code == "conflict"


def test_choosing_an_alternative_and_new_document_are_named_as_such(registry):
    first, second = _item(registry), _item(registry, "b.pdf")
    with session_scope(registry.engine) as session:
        alternative = decisions.proposals(session, first)[1]
    assert _do(registry, decisions.confirm, first, "rut", alternative.id).action == \
        "choose_alternative"
    made = _do(registry, decisions.new_document, second, "rut", alternative.case_id, "bilaga")
    assert (made.action, made.document_id, made.note) == ("new_document", None, "bilaga")


def test_undo_takes_back_the_last_decision_and_the_recovered_file(registry):
    item_id = _item(registry)
    confirmed = _do(registry, decisions.confirm, item_id, "rut")
    undo = _do(registry, decisions.undo_last, "rut")
    assert (undo.action, undo.undoes_id, undo.item_id) == ("undo", confirmed.id, item_id)
    assert _doc_status(registry, confirmed.document_id) == "missing"
    with session_scope(registry.engine) as session:
        assert session.get(Item, item_id).state == "queued"
    with pytest.raises(DecisionError):
        _do(registry, decisions.undo_last, "rut")  # nothing left of rut's to undo


def test_undo_is_per_registrar(registry):
    mine, theirs = _item(registry), _item(registry, "b.pdf")
    _do(registry, decisions.reject, mine, "rut", "reklam")
    _do(registry, decisions.reject, theirs, "eva", "reklam")
    assert _do(registry, decisions.undo_last, "rut").item_id == mine


def test_duplicate_points_at_the_primary_copy(registry):
    first, second, third = _item(registry), _item(registry, "b.pdf"), _item(registry, "c.pdf")
    _do(registry, decisions.mark_duplicate, second, "rut", first)
    _do(registry, decisions.mark_duplicate, third, "rut", second)
    with session_scope(registry.engine) as session:
        assert session.get(Item, third).duplicate_of == first
    _do(registry, decisions.undo_last, "rut")
    with session_scope(registry.engine) as session:
        assert session.get(Item, third).duplicate_of is None


def test_reject_needs_a_reason_and_skip_changes_nothing(registry):
    item_id = _item(registry)
    with pytest.raises(DecisionError):
        _do(registry, decisions.reject, item_id, "rut", "  ")
    _do(registry, decisions.skip, item_id, "rut")
    with session_scope(registry.engine) as session:
        assert session.get(Item, item_id).state == "queued"
        assert [d.action for d in session.exec(select(Decision))] == ["skip"]


def test_page_ranges_are_read_and_checked():
    assert parse_ranges("1-2, 3; 4 - 6", 6) == [(1, 2), (3, 3), (4, 6)]
    for bad in ("0-1", "2-1", "1-7", "x", "", "1-6"):
        with pytest.raises(DecisionError):
            parse_ranges(bad, 6)


def test_split_makes_parts_of_the_same_original_which_are_matched_again(registry):
    pages = [["Yttrande", "Dnr KS 2021/0456-2"], ["Bilaga"], ["Beslut", "Dnr BN 2021/0456"]]
    item_id = _item(registry, "skanning.pdf", pages=pages)
    parts = _do(registry, decisions.split, item_id, "rut", "1-2, 3")
    with session_scope(registry.engine) as session:
        original = session.get(Item, item_id)
        assert original.state == "split"
        first, second = (session.get(Item, p.id) for p in parts)
        assert first.sha256 == second.sha256 == original.sha256
        assert (first.meta["pages"], second.meta["pages"]) == ([1, 2], [3, 3])
        texts = session.exec(select(Page.text).where(Page.item_id == second.id)).all()
        assert texts == ["Beslut\nDnr BN 2021/0456"]
    run_until_idle(registry)
    with session_scope(registry.engine) as session:
        assert {session.get(Item, p.id).state for p in parts} == {"queued"}
