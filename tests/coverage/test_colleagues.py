"""Colleagues per board are kept between pages (counting a board's confirmations reads all of
them) and are counted anew as soon as another confirmation is decided."""

from __future__ import annotations

import pytest
from sqlmodel import select

from bot.coverage.holders import Directory, colleagues
from bot.db import session_scope
from bot.models import Case, Decision, Item, Submission

pytestmark = pytest.mark.slow


def _board(demo, board: str) -> set[str]:
    with session_scope(demo.engine) as session:
        found = colleagues(session, [], [board], Directory(demo.settings))
    return {address for _, address, _ in found.by_board.get(board, [])}


def _confirm_from(demo, submitter: str, board: str) -> None:
    with session_scope(demo.engine) as session:
        case = session.exec(select(Case).where(Case.board_key == board)).first()
        assert case is not None
        submission = Submission(channel="email", source_ref=f"<late@{submitter}>",
                                submitter=submitter)
        session.add(submission)
        session.flush()
        item = Item(submission_id=submission.id or 0, filename="sent-late.pdf",
                    sha256="0" * 64, state="confirmed")
        session.add(item)
        session.flush()
        session.add(Decision(item_id=item.id or 0, actor="registrator", action="confirm",
                             case_id=case.id))


def test_a_new_confirmation_adds_its_submitter_to_the_boards_colleagues(demo):
    before = _board(demo, "KS")
    assert _board(demo, "KS") == before  # kept: the same answer without a new decision
    _confirm_from(demo, "new.colleague@exempelby.se", "KS")
    assert _board(demo, "KS") == before | {"new.colleague@exempelby.se"}
    assert "new.colleague@exempelby.se" not in _board(demo, "BN")
