"""EWS: exchangelib (the real client library) against a local endpoint answering FindItem,
GetItem, MoveItem (and the folder operations) as Microsoft's EWS reference documents them;
verified against documented protocol, not a live Exchange server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlmodel import select

from bot.db import session_scope
from bot.intake import run_connector
from bot.models import Submission
from connectors.ews import EwsConnector
from tests.connectors import fake_ews
from tests.connectors.background import BackgroundServer
from tests.connectors.dovecot import free_port
from tests.connectors.fake_ews import MAILBOX, PASSWORD, USER, Exchange
from tests.connectors.messages import fifty


@pytest.fixture
def exchange() -> Iterator[tuple[Exchange, BackgroundServer]]:
    state = Exchange()
    server = BackgroundServer(fake_ews.build_app(state)).start()
    yield state, server
    server.stop()


def _table(url: str, **overrides) -> dict:
    return {"type": "ews", "service_endpoint": f"{url}/EWS/Exchange.asmx", "username": USER,
            "password": PASSWORD, "mailbox": MAILBOX, "auth_type": "basic",
            "timeout": 10} | overrides


def _subs(ctx) -> list[Submission]:
    with session_scope(ctx.engine) as session:
        return list(session.exec(select(Submission).order_by(Submission.id)))


def test_fifty_messages_found_fetched_as_mime_and_moved_once(ctx, exchange):
    state, server = exchange
    sent = fifty()
    for s in sent:
        state.add(s.data)
    connector = EwsConnector("ews", _table(server.url))
    counts = run_connector(ctx, connector)
    assert (counts.fetched, counts.created) == (50, 50)
    subs = _subs(ctx)
    assert [ctx.blobs.get(s.meta["sha256"]) for s in subs] == [s.data for s in sent]
    assert [s.meta["message_id"] for s in subs] == [s.message_id for s in sent]
    assert [s.submitter for s in subs] == [s.sender for s in sent]
    processed = state.folder_by_name("Behandlat")
    assert processed is not None and processed["parent"] == "AQMkinbox"
    assert len(state.in_folder(processed["id"])) == 50 and state.in_folder("AQMkinbox") == []
    assert {"FindItem", "GetItem", "MoveItem", "CreateFolder"} <= set(state.operations)
    assert run_connector(ctx, connector).fetched == 0
    for item in state.in_folder(processed["id"]):  # dragged back: new ids, same content
        state.items.pop(item.id)
        state.add(item.mime)
    again = run_connector(ctx, connector)
    assert (again.fetched, again.created, again.repeated) == (50, 0, 50)


def test_subfolder_and_existing_processed_folder(ctx, exchange):
    state, server = exchange
    state.folders["AQMkScan"] = {"id": "AQMkScan", "name": "Skannat", "parent": "AQMkinbox",
                                 "distinguished": ""}
    state.folders["AQMkDone"] = {"id": "AQMkDone", "name": "Klart",
                                 "parent": "AQMkmsgfolderroot", "distinguished": ""}
    state.add(fifty()[3].data, folder="AQMkScan")
    connector = EwsConnector("ews", _table(server.url, folder="inbox/Skannat",
                                           processed_folder="Klart"))
    assert run_connector(ctx, connector).created == 1
    assert len(state.in_folder("AQMkDone")) == 1
    assert "CreateFolder" not in state.operations


@pytest.mark.parametrize(("overrides", "expected"), [
    ({}, ""),
    ({"password": "fel"}, "inloggning / credentials: servern nekade inloggningen / login refused"),
    ({"mailbox": "fel@exempelby.se"}, "finns inte / not found: postlådan finns inte / mailbox"),
    ({"folder": "inbox/Saknas"}, "finns inte / not found: mappen / folder 'inbox/Saknas'"),
])
def test_check_says_what_is_wrong(exchange, overrides, expected):
    _, server = exchange
    problems = EwsConnector("ews", _table(server.url, **overrides)).check()
    assert problems == [] if not expected else problems[0].startswith(expected), problems


def test_check_unreachable_server():
    problems = EwsConnector("ews", _table(f"http://127.0.0.1:{free_port()}")).check()
    assert len(problems) == 1 and problems[0].startswith("nås inte / unreachable: 127.0.0.1:")
