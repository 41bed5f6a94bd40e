"""Teams at the protocol level, driven by the real Microsoft 365 Agents SDK: activities signed
with a local key set (published as the Bot Framework's OpenID metadata documents), tokens for
the bot from a local Entra ID endpoint (msal), a local Bot Connector receiving the replies,
proactive receipts, notices and digest, and a file fetched from its download URL."""

from __future__ import annotations

import json
import ssl
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
from aiohttp import web
from sqlmodel import select

import bot.chat.service as chat_service
from bot.chat import web as chat_web
from bot.db import session_scope
from bot.decisions import confirm
from bot.models import Item, Submission
from bot.states import QUEUED
from bot.worker import run_until_idle
from connectors.teams import TeamsConnector
from tests.conftest import make_pdf
from tests.connectors import fake_graph
from tests.connectors.background import BackgroundServer
from tests.connectors.fake_graph import CLIENT_ID, SECRET, TENANT
from tests.connectors.fake_teams import (
    Connector,
    Keys,
    connector_app,
    file_info,
    identity_app,
    personal_message,
)

DIGEST_CHANNEL = "19:registratorer@thread.tacv2"


@pytest.fixture
def services(tls_files) -> Iterator[dict[str, Any]]:
    keys, base, state = Keys(), [""], Connector()
    identity = identity_app(keys, base)
    graph = fake_graph.Graph()
    identity.router.add_get("/{tenant}/v2.0/.well-known/openid-configuration",
                            fake_graph._discovery(graph))
    identity.router.add_post("/{tenant}/oauth2/v2.0/token", fake_graph._token)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*tls_files)
    login = BackgroundServer(identity, tls=context).start()
    base[0] = graph.base = login.url
    bot_connector = BackgroundServer(connector_app(state)).start()
    yield {"keys": keys, "login": login, "state": state, "connector": bot_connector.url + "/"}
    bot_connector.stop()
    login.stop()


def table(services: dict[str, Any], tls_files, **overrides: Any) -> dict[str, Any]:
    login = services["login"].url
    return {"type": "teams", "app_id": CLIENT_ID, "tenant_id": TENANT, "client_secret": SECRET,
            "authority_host": login, "openid_metadata": f"{login}/v1/.well-known/openidconfiguration",
            "service_url": services["connector"], "ca_file": str(tls_files[0]),
            "download_hosts": ["127.0.0.1"], "digest_room": DIGEST_CHANNEL, "digest_hour": 0,
            "timeout": 10, **overrides}


@pytest.fixture
def teams_bot(registry, services, tls_files, monkeypatch) -> Iterator[dict[str, Any]]:
    monkeypatch.setattr(chat_service, "TICK_SECONDS", 0.3)
    registry.settings.connectors = {"teams": table(services, tls_files)}
    registry.settings.receipt_batch_seconds = 0
    app = web.Application()
    chat_web.install(app, registry)
    server = BackgroundServer(app).start()
    yield {"ctx": registry, "url": server.url + "/api/messages/teams", **services}
    server.stop()


def post(url: str, activity: dict[str, Any], token: str | None) -> int:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, json.dumps(activity).encode(), headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def wait_for(state: Connector, conversation: str, contains: str, timeout: float = 30) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [t for t in state.texts(conversation) if contains in t]
        if found:
            return found[0]
        time.sleep(0.1)
    raise AssertionError(f"no {contains!r} in {state.texts(conversation)}")


def test_a_file_in_personal_chat_gets_a_receipt_status_and_the_confirmation(teams_bot):
    bot, state, keys = teams_bot, teams_bot["state"], teams_bot["keys"]
    svc, ctx = bot["connector"], bot["ctx"]
    state.files["beslut.pdf"] = make_pdf(["Dnr KS 2021/0456", "Beslut om detaljplan"])
    message = personal_message(svc, "1001", attachments=[
        file_info("beslut.pdf", f"{svc}files/beslut.pdf")])
    assert post(bot["url"], message, keys.sign(svc)) in (200, 202)
    assert post(bot["url"], message, keys.sign(svc)) in (200, 202)  # redelivered: nothing new
    with session_scope(ctx.engine) as session:
        subs = session.exec(select(Submission)).all()
    assert [(s.channel, s.source_ref, s.submitter) for s in subs] == [
        ("teams", "1001", "aad-anna")]
    run_until_idle(ctx)
    receipt = wait_for(state, "a:1anna", "KS 2021/0456-3 föreslås")
    assert receipt.startswith("Tack! 1 handling mottagen")

    assert post(bot["url"], personal_message(svc, "1002", text="status"), keys.sign(svc)) < 300
    status = wait_for(state, "a:1anna", "Dina senaste inlämningar")
    assert "beslut.pdf" in status
    reply = next(a for a in state.sent if "Dina senaste" in str(a.get("text")))
    assert reply["reply_to_path"] == "1002"  # answered in the turn, as a reply

    with session_scope(ctx.engine) as session:
        item = session.exec(select(Item).where(Item.state == QUEUED)).one()
        confirm(session, item.id, "registrator")
    notice = wait_for(state, "a:1anna", "Registrerat i diariet")
    assert "beslut.pdf: KS 2021/0456-3" in notice
    assert "poster i kön" in wait_for(state, DIGEST_CHANNEL, "Diariebot i dag")


def _wrong(keys: Keys, svc: str, kind: str) -> tuple[dict[str, Any], str | None]:
    message = personal_message(svc, "2001", text="status")
    if kind == "no token":
        return message, None
    if kind == "wrong audience":
        return message, keys.sign(svc, aud="someone-else")
    if kind == "expired":
        return message, keys.sign(svc, exp=int(time.time()) - 3600)
    if kind == "other key":
        return message, Keys().sign(svc)
    if kind == "other service url":
        return message, keys.sign("https://elsewhere.example/")
    return personal_message(svc, "2001", text="status", tenant="other-tenant"), keys.sign(svc)


@pytest.mark.parametrize("kind", ["no token", "wrong audience", "expired", "other key",
                                  "other service url", "other tenant"])
def test_activities_without_a_valid_token_for_our_app_and_tenant_are_refused(teams_bot, kind):
    message, token = _wrong(teams_bot["keys"], teams_bot["connector"], kind)
    assert post(teams_bot["url"], message, token) == 401
    assert teams_bot["state"].sent == []


def test_check_gets_a_token_and_the_keys(services, tls_files):
    assert TeamsConnector("teams", table(services, tls_files)).check() == []
    bad = TeamsConnector("teams", table(services, tls_files, client_secret="fel"))
    assert any("token nekades" in p and "AADSTS7000215" in p for p in bad.check())
