"""State moves follow the life cycle, and every move lands in a hash-chained audit trail."""

import pytest
from sqlmodel import select

from bot.db import session_scope
from bot.models import AuditEvent, Item, Submission
from bot.states import IllegalTransition, transition, verify_chain


def _item(session):
    sub = Submission(channel="test", source_ref="x")
    session.add(sub)
    session.flush()
    item = Item(submission_id=sub.id, sha256="0" * 64)
    session.add(item)
    session.flush()
    return item


def test_allowed_moves_are_logged_with_actor_and_reason(ctx):
    with session_scope(ctx.engine) as session:
        item = _item(session)
        transition(session, item, "unpacked", actor="worker", reason="ok")
        transition(session, item, "failed", actor="worker", reason="trasig / broken")
    with session_scope(ctx.engine) as session:
        events = session.exec(select(AuditEvent)).all()
        assert [(e.from_state, e.to_state) for e in events] == [
            ("received", "unpacked"), ("unpacked", "failed")]
        assert events[1].reason == "trasig / broken"
        assert verify_chain(session) is None


def test_illegal_move_is_refused(ctx):
    with session_scope(ctx.engine) as session:
        item = _item(session)
        with pytest.raises(IllegalTransition):
            transition(session, item, "confirmed", actor="worker")


def test_tampering_with_the_audit_trail_is_detected(ctx):
    with session_scope(ctx.engine) as session:
        item = _item(session)
        transition(session, item, "unpacked", actor="worker")
        transition(session, item, "extracted", actor="worker")
    with session_scope(ctx.engine) as session:
        first = session.exec(select(AuditEvent).order_by(AuditEvent.id)).first()
        first.reason = "rewritten history"
        session.add(first)
    with session_scope(ctx.engine) as session:
        assert verify_chain(session) == first.id
