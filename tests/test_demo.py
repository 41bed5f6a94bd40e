"""`diariebot demo`: a fictional municipality is generated, imported, ingested and processed,
with a registrar account to log in with; running it again creates nothing new."""

import pytest
from sqlmodel import select

from bot.auth import find_user
from bot.context import open_context
from bot.db import session_scope
from bot.demo import DEMO_USER, run_demo
from bot.models import Case, Item


@pytest.mark.slow
def test_demo_builds_a_municipality_with_a_queue_and_an_account(settings, capsys):
    assert run_demo(settings, "127.0.0.1", 0, serve_after=False) == 0
    ctx = open_context(settings)
    with session_scope(ctx.engine) as session:
        items = session.exec(select(Item)).all()
        assert len(session.exec(select(Case)).all()) == 40
        assert find_user(session, DEMO_USER) is not None
    queued = [i for i in items if i.state == "queued"]
    assert len(queued) >= 20
    assert not [i for i in items if i.state in ("received", "unpacked", "extracted", "matched")]
    assert run_demo(settings, "127.0.0.1", 0, serve_after=False) == 0
    with session_scope(ctx.engine) as session:
        assert len(session.exec(select(Item)).all()) == len(items)
    assert "demo-registrator" in capsys.readouterr().out
