"""`diariebot confirm --high` confirms exactly what the web's bulk confirm confirms — the same
items, the same decisions, the same audit trail — `--board` narrows it, and an unknown or
inactive account confirms nothing."""

from __future__ import annotations

import re

import pytest
from sqlmodel import select

from bot.auth import add_user, find_user, set_active
from bot.cli import main
from bot.context import Context, open_context
from bot.db import session_scope
from bot.models import AuditEvent, Case, Decision, Item, Proposal, RegistryDocument
from bot.registry import import_registry_csv
from bot.settings import load_settings
from tests.conftest import CASES_CSV, DOCUMENTS_CSV
from tests.web.conftest import PASSWORD, Want, queue_item

# name, case, record, score; f.pdf's case is certain but its record is not
ITEMS = [("a.pdf", "KS 2021/0456", 1, 0.95), ("b.pdf", "BN 2021/0456", 1, 0.7),
         ("c.pdf", "KS 2020/0102", 1, 0.92), ("e.pdf", "BN 2021/0456", 1, 0.97),
         ("f.pdf", "KS 2021/0456", 3, 0.96)]


def _seed(ctx: Context) -> None:
    for name, case, doc, score in ITEMS:
        queue_item(ctx, name, [[f"Dnr {case}"]], [Want(case, doc, score)])
    queue_item(ctx, "d.pdf", [["reklam"]], [])
    with session_scope(ctx.engine) as session:
        unsure = session.exec(select(Proposal).join(Item, Item.id == Proposal.item_id)
                              .where(Item.filename == "f.pdf")).one()
        unsure.doc_confidence = "medium"
        session.add(unsure)


@pytest.fixture
def twin(tmp_path) -> Context:
    """A second home with the same registry, the same items and a registrar `rut`."""
    ctx = open_context(load_settings(home=tmp_path / "twin"))
    for data in (CASES_CSV, DOCUMENTS_CSV):
        with session_scope(ctx.engine) as session:
            import_registry_csv(session, data.encode(), ctx.grammar)
    _seed(ctx)
    with session_scope(ctx.engine) as session:
        add_user(session, "rut", PASSWORD, "registrar")
    return ctx


def _outcome(ctx: Context) -> dict[str, tuple[str, list[tuple], list[tuple]]]:
    """Per file: its state, its decisions (action, actor, case, record) and its audit events
    after arriving (action, from, to, actor)."""
    found = {}
    with session_scope(ctx.engine) as session:
        for item in session.exec(select(Item)).all():
            decided = session.exec(
                select(Decision.action, Decision.actor, Case.case_number,
                       RegistryDocument.doc_number)
                .join(Case, Case.id == Decision.case_id)
                .join(RegistryDocument, RegistryDocument.id == Decision.document_id)
                .where(Decision.item_id == item.id)).all()
            events = session.exec(select(AuditEvent.action, AuditEvent.from_state,
                                         AuditEvent.to_state, AuditEvent.actor)
                                  .where(AuditEvent.item_id == item.id,
                                         AuditEvent.action != "received")
                                  .order_by(AuditEvent.id)).all()
            found[item.filename] = (item.state, [tuple(d) for d in decided],
                                    [tuple(e) for e in events])
    return found


def _confirmed(outcome: dict[str, tuple]) -> set[str]:
    return {name for name, (state, _, _) in outcome.items() if state == "confirmed"}


async def test_the_command_confirms_what_the_web_bulk_confirm_does(registry, registrar, twin,
                                                                   capsys):
    _seed(registry)
    page = await (await registrar.get("/bulk")).text()
    shown = re.findall(r'name="shown" value="(\d+)"', page)
    resp = await registrar.post("/bulk", data=[("csrf", registrar.csrf), ("q", "")]
                                + [(name, i) for i in shown for name in ("shown", "item")],
                                allow_redirects=False)
    assert resp.status == 303
    assert main(["--home", str(twin.settings.home), "confirm", "--high", "--user", "rut"]) == 0
    assert "3 av 3 poster bekräftade" in capsys.readouterr().out
    web, command = _outcome(registry), _outcome(twin)
    assert _confirmed(web) == {"a.pdf", "c.pdf", "e.pdf"}
    assert command == web
    assert command["a.pdf"][1] == [("bulk_confirm", "rut", "KS 2021/0456", 1)]
    events = command["a.pdf"][2]
    assert events and all(actor == "rut" for *_, actor in events)


def test_board_narrows_the_command_to_one_board(twin, capsys):
    assert main(["--home", str(twin.settings.home), "confirm", "--high", "--board", "ks",
                 "--user", "rut"]) == 0
    assert "2 av 2" in capsys.readouterr().out
    assert _confirmed(_outcome(twin)) == {"a.pdf", "c.pdf"}


def test_an_unknown_or_inactive_account_confirms_nothing(twin, capsys):
    with session_scope(twin.engine) as session:
        set_active(session, find_user(session, "rut").id, False)
    for user in ("rut", "nobody"):
        assert main(["--home", str(twin.settings.home), "confirm", "--high",
                     "--user", user]) == 2
        assert "inget aktivt konto" in capsys.readouterr().err
    assert _confirmed(_outcome(twin)) == set()
