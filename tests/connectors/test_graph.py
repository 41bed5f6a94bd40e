"""Microsoft Graph: the real connector and the real msal against a local HTTPS endpoint that
answers as the Graph REST and Entra ID references document (verified against documented
protocol, not a live tenant)."""

from __future__ import annotations

import ssl
from collections.abc import Iterator

import pytest
from sqlmodel import select

from bot.db import session_scope
from bot.intake import run_connector
from bot.models import Submission
from connectors.graph import GraphConnector
from tests.connectors import fake_graph
from tests.connectors.background import BackgroundServer
from tests.connectors.dovecot import free_port
from tests.connectors.fake_graph import CLIENT_ID, MAILBOX, SECRET, TENANT, Graph
from tests.connectors.messages import fifty


@pytest.fixture
def graph(tls_files) -> Iterator[tuple[Graph, BackgroundServer]]:
    cert, key = tls_files
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(str(cert), str(key))
    state = Graph()
    server = BackgroundServer(fake_graph.build_app(state), tls=context).start()
    state.base = server.url
    yield state, server
    server.stop()


def _table(server: BackgroundServer, tls_files, **overrides) -> dict:
    table = {"type": "graph", "tenant_id": TENANT, "client_id": CLIENT_ID,
             "client_secret": SECRET, "mailbox": MAILBOX, "authority_host": server.url,
             "graph_url": server.url + "/v1.0", "ca_file": str(tls_files[0]), "timeout": 10}
    return table | overrides


def _subs(ctx) -> list[Submission]:
    with session_scope(ctx.engine) as session:
        return list(session.exec(select(Submission).order_by(Submission.id)))


def test_fifty_messages_over_pages_are_fetched_moved_and_never_repeated(ctx, graph, tls_files):
    state, server = graph
    sent = fifty()
    for s in sent:
        state.add(s.data, s.message_id)
    connector = GraphConnector("exo", _table(server, tls_files))
    counts = run_connector(ctx, connector)
    assert (counts.fetched, counts.created) == (50, 50)
    assert any("%24skip=40" in r or "$skip=40" in r for r in state.requests)  # third page
    subs = _subs(ctx)
    assert [s.meta["message_id"] for s in subs] == [s.message_id for s in sent]
    assert [s.submitter for s in subs] == [s.sender for s in sent]
    assert [ctx.blobs.get(s.meta["sha256"]) for s in subs] == [s.data for s in sent]
    processed = [f for f in state.folders.values() if f["displayName"] == "Behandlat"]
    assert len(processed) == 1
    assert len(state.in_folder(processed[0]["id"])) == 50 and state.in_folder("AAMkInbox") == []
    assert run_connector(ctx, connector).fetched == 0
    for mail in list(state.mails.values()):  # someone drags them all back: new ids again
        state.mails.pop(mail.id)
        state.add(mail.mime, mail.internet_id)
    again = run_connector(ctx, connector)
    assert (again.fetched, again.created, again.repeated) == (50, 0, 50)
    assert len(_subs(ctx)) == 50


def test_throttled_requests_wait_for_retry_after(ctx, graph, tls_files):
    state, server = graph
    for s in fifty()[:2]:
        state.add(s.data, s.message_id)
    slept: list[float] = []
    connector = GraphConnector("exo", _table(server, tls_files), sleep=slept.append)
    state.throttle = 2
    assert run_connector(ctx, connector).created == 2
    assert slept == [3.0, 3.0]


def test_nested_folder_path_and_existing_processed_folder(ctx, graph, tls_files):
    state, server = graph
    state.folders["AAMkScan"] = {"id": "AAMkScan", "displayName": "Skannat",
                                 "parentFolderId": "AAMkInbox"}
    state.folders["AAMkDone"] = {"id": "AAMkDone", "displayName": "Klart",
                                 "parentFolderId": "AAMkRoot"}
    state.add(fifty()[3].data, None, folder="AAMkScan")
    connector = GraphConnector("exo", _table(server, tls_files, folder="Inbox/Skannat",
                                             processed_folder="Klart"))
    assert run_connector(ctx, connector).created == 1
    assert len(state.in_folder("AAMkDone")) == 1
    assert _subs(ctx)[0].source_ref.startswith(f"graph:{MAILBOX}//")  # no Message-ID


@pytest.mark.parametrize(("overrides", "expected"), [
    ({}, []),
    ({"client_secret": "fel"}, ["inloggning / credentials: token nekades / token refused: "
                                "invalid_client AADSTS7000215"]),
    ({"tenant_id": "okand-tenant"}, ["finns inte / not found: katalogen (tenant) finns inte / "
                                     "tenant not found (okand-tenant)"]),
    ({"mailbox": "fel@exempelby.se"}, ["finns inte / not found: postlådan eller mappen / "
                                       "mailbox or folder (HTTP 404 ErrorInvalidUser)"]),
    ({"folder": "Inbox/Saknas"}, ["finns inte / not found: mappen / folder 'Inbox/Saknas'"]),
])
def test_check_says_what_is_wrong(graph, tls_files, overrides, expected):
    _, server = graph
    assert GraphConnector("exo", _table(server, tls_files, **overrides)).check() == expected


def test_check_unreachable_server(tls_files):
    url = f"https://127.0.0.1:{free_port()}"
    table = {"type": "graph", "tenant_id": TENANT, "client_id": CLIENT_ID,
             "client_secret": SECRET, "mailbox": MAILBOX, "authority_host": url,
             "graph_url": url + "/v1.0", "ca_file": str(tls_files[0]), "timeout": 5}
    problems = GraphConnector("exo", table).check()
    assert len(problems) == 1 and problems[0].startswith("nås inte / unreachable: 127.0.0.1:")
