"""The registrar's day (issue 13): one language at a time (reasons, states, history, errors),
Stockholm time, a notice after every decision, a split that accounts for every page, the
record's own certainty beside the case's, styled error pages and a favicon."""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from sqlmodel import col, select

from bot import decisions
from bot.db import session_scope
from bot.decisions import DecisionError
from bot.i18n import one_language
from bot.models import AuditEvent, Item, Proposal
from bot.web import make_app
from bot.web.clock import local_time
from bot.web.history import lines
from bot.web.reasons import reason_text, untranslated
from tests.web.conftest import Want, log_in, queue_item

ENGINE_REASONS = [
    "diarienummer KS 2021/0456-2 i sida 1", "tolkat diarienummer KS 2O21/0456 i ämnesraden",
    "diarienumret förekommer 5 gånger", "ord ur ärendemeningen (75%)", "fastighet Tegelviken 3:14",
    "motpart Länsstyrelsen", "datum 2021-04-05 = en registrerad handlings datum",
    "Kommunstyrelsen nämns", "varning: texten nämner en annan fastighet",
    "varning: texten har ett diarienummer som inte finns i diariet",
    "varning: texten har ett annat ärendes diarienummer", "handling 3 angiven i texten",
    "ärendet har inga registrerade handlingar: ny handling i ärendet?",
    "ingen registrerad handling passar: ny handling i ärendet?",
    "handling 2: Yttrande över detaljplan, 2021-04-05", "handling 4: utan beskrivning",
    "dokumentets datum 2021-05-10 stämmer med en registrering i ärendet",
    "dokumentets datum 2021-05-10 stämmer med registreringen", "datumet 2021-05-10 står i texten",
    "riktning in: skriven till oss", "riktning ut: skriven av oss",
    "riktning upprättad: skriven av oss", "motpart Hamnkrogen AB nämns",
    "beskrivningen står i rubriken", "varning: dokumentets datum ligger utanför ärendets tid",
    "diarienumret i texten skiljer sig en siffra från ärendets (felläst siffra?)",
]
SWEDISH_WORDS = re.compile(r"\b(i|och|handling|diarienummer|ärende\w*|varning|sida|nämns|"
                           r"datum|motpart|fastighet|ord)\b")


def test_a_stored_text_shows_only_the_readers_half():
    assert one_language("bekräftad: KS 1 / confirmed: KS 1", "sv") == "bekräftad: KS 1"
    assert one_language("bekräftad: KS 1 / confirmed: KS 1", "en") == "confirmed: KS 1"
    assert one_language("bekräftad / confirmed: KS 2021/0456-3", "sv") == (
        "bekräftad: KS 2021/0456-3")  # older texts put the detail on the English half only
    assert one_language("bara svenska", "en") == "bara svenska"
    assert one_language(None, "en") == ""


def test_every_reason_the_engine_writes_reads_in_english():
    for text in ENGINE_REASONS:
        english = reason_text(text, "en")
        assert not untranslated(text), text
        assert english != text and not SWEDISH_WORDS.search(english), (text, english)
        assert reason_text(text, "sv") == text
    assert reason_text("fel / wrong", "en") == "wrong"


def test_times_are_shown_in_stockholm_summer_and_winter():
    assert local_time(datetime(2024, 7, 1, 10, 0, tzinfo=UTC)) == "2024-07-01 12:00:00"
    assert local_time(datetime(2024, 1, 15, 10, 0)) == "2024-01-15 11:00:00"  # naive = UTC
    assert local_time(None) == ""


def test_the_history_names_the_bot_and_states_in_one_language():
    events = [AuditEvent(actor="demo:mail:anna@exempelby.se", action="received",
                         to_state="received", at=datetime(2024, 3, 4, 9, 0)),
              AuditEvent(actor="worker:unpack_item", action="transition", from_state="received",
                         to_state="unpacked", at=datetime(2024, 3, 4, 9, 1)),
              AuditEvent(actor="rut", action="file_status", from_state="missing",
                         to_state="recovered", reason="KS 2021/0456-2",
                         at=datetime(2024, 3, 4, 9, 2))]
    sv, en = lines(events, "sv"), lines(events, "en")
    assert [(x.who, x.what) for x in sv] == [
        ("anna@exempelby.se", "mottagen via e-post (demo)"),
        ("diariebot (automatiskt)", "Mottagen → Uppackad"),
        ("rut", "handlingens fil: saknas → återställd")]
    assert [x.what for x in en] == ["received via email (demo)", "Received → Unpacked",
                                    "the record's file: missing → recovered"]
    assert sv[0].when == "2024-03-04 10:00:00"


def _item(ctx, pages=None, **meta) -> int:
    wants = [Want("KS 2021/0456", 2, 0.95, ("diarienummer KS 2021/0456-2 i sida 1",))]
    return queue_item(ctx, "brev.pdf", pages or [["Dnr KS 2021/0456-2"]], wants, meta=meta)


async def test_the_item_page_in_english_has_no_swedish_reasons_states_or_history(registry,
                                                                                 registrar):
    item_id = _item(registry)
    with session_scope(registry.engine) as session:
        proposal = session.exec(select(Proposal).where(Proposal.item_id == item_id)).one()
        proposal.doc_confidence, proposal.doc_score = "medium", 0.7
        proposal.doc_reasons = ["handling 2: Yttrande över detaljplan, 2021-04-05"]
        session.add(proposal)
    page = await (await registrar.get(f"/items/{item_id}?lang=en")).text()
    assert "case number KS 2021/0456-2 in page 1" in page
    assert "record 2: Yttrande över detaljplan, 2021-04-05" in page  # registry data stays
    assert "Why this record" in page and "band-medium" in page and "70&nbsp;%" in page
    assert "diarienummer" not in page and "mottagen" not in page.lower()
    assert "ongoing" in page and "pågående" not in page  # the case's status
    assert 'aria-label="Confirm the best proposal: KS 2021/0456-2"' in page


async def test_a_decision_is_told_on_the_next_page_with_undo(registry, registrar):
    first, second = _item(registry), _item(registry)
    resp = await registrar.post(f"/items/{first}/confirm", data={"csrf": registrar.csrf})
    page = await resp.text()
    assert str(resp.url.path) == f"/items/{second}"
    notice = re.search(r'<p class="notice" role="status" id="notice">(.*?)</p>', page, re.S)
    assert notice and f"#{first} brev.pdf: bekräftad: KS 2021/0456-2." in notice[1]
    assert 'form="form-undo"' in notice[1]
    resp = await registrar.post("/undo", data={"csrf": registrar.csrf, "item": str(second)})
    assert f"Ångrat: #{first} brev.pdf (bekräftad) ligger i kön igen." in await resp.text()


async def test_someone_elses_decision_is_not_told(ctx, registry, registrar, accounts):
    first = _item(registry)
    with session_scope(registry.engine) as session:
        decision = decisions.confirm(session, first, "ada")
    page = await (await registrar.get(f"/items/{first}?done={decision.id}")).text()
    assert 'id="notice"' not in page


def _three_pages(ctx) -> int:
    return _item(ctx, pages=[["Brev ett", "Dnr KS 2021/0456-2"], ["sidan två"], [""]])


def test_a_split_that_leaves_a_page_out_is_refused(registry):
    item_id = _three_pages(registry)
    with session_scope(registry.engine) as session, pytest.raises(DecisionError) as refused:
        decisions.split(session, item_id, "rut", "1, 2")
    assert "Sida 3 hamnar inte i någon del" in str(refused.value)
    with session_scope(registry.engine) as session, pytest.raises(DecisionError) as twice:
        decisions.split(session, item_id, "rut", "1-2, 2-3")
    assert "Sida 2 finns i två delar" in str(twice.value)


def test_a_page_set_aside_with_a_reason_is_kept_on_the_item_and_in_the_trail(registry):
    item_id = _three_pages(registry)
    with session_scope(registry.engine) as session:
        parts = decisions.split(session, item_id, "rut", "1, 2", {3: "tom sida"})
        assert len(parts) == 2
    with session_scope(registry.engine) as session:
        assert session.get(Item, item_id).meta["set_aside"] == [{"page": 3, "reason": "tom sida"}]
        events = session.exec(select(AuditEvent).where(AuditEvent.item_id == item_id,
                                                       AuditEvent.action == "set_aside")).all()
        assert [e.reason for e in events] == [
            "sida 3 lagd åt sidan: tom sida / page 3 set aside: tom sida"]
    with session_scope(registry.engine) as session:
        decisions.undo_last(session, "rut")
    with session_scope(registry.engine) as session:
        assert "set_aside" not in session.get(Item, item_id).meta


async def test_the_split_form_sends_the_set_aside_pages(registry, registrar):
    item_id = _three_pages(registry)
    form = {"csrf": registrar.csrf, "ranges": "1-2"}
    refused = await registrar.post(f"/items/{item_id}/split", data=form)
    assert refused.status == 400 and "Sida 3 hamnar inte i någon del" in await refused.text()
    done = await registrar.post(f"/items/{item_id}/split", data={**form, "aside-3": "tom sida"})
    assert done.status == 200
    page = await (await registrar.get(f"/items/{item_id}")).text()
    assert re.search(r'id="set-aside">\s*<li>Sida 3: tom sida</li>', page)


async def test_unknown_pages_and_items_get_a_styled_page_in_the_readers_language(registrar):
    for path in ("/items/99999", "/no/such/page"):
        resp = await registrar.get(path)
        text = await resp.text()
        assert resp.status == 404 and "Sidan eller posten finns inte" in text, path
        assert 'href="/static/queue.css' in text and resp.headers["X-Frame-Options"] == "DENY"
    english = await registrar.get("/items/99999?lang=en")
    assert "No such page or item" in await english.text()
    api = await registrar.get("/api/nothing")
    assert api.status == 404 and (await api.json())["error"] == "page_error.404"


async def test_a_failure_is_a_500_page_and_the_log_holds_no_request_data(ctx, accounts, caplog):
    async def boom(request: web.Request) -> web.Response:
        raise ValueError(request.query["q"])  # a message made of what was asked

    app = make_app(ctx, background=False)
    app.router.add_get("/boom", boom)
    async with TestClient(TestServer(app)) as client:
        await log_in(client, accounts["registrar"])
        with caplog.at_level(logging.ERROR):
            resp = await client.get("/boom?q=Anna+Berg+19121212-1212")
        assert resp.status == 500 and "Något gick fel hos oss" in await resp.text()
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "ValueError" in logged and "19121212" not in logged and "Anna" not in logged


async def test_the_favicon_is_there_without_logging_in(anonymous):
    resp = await anonymous.get("/favicon.ico")
    assert resp.status == 200 and resp.content_type == "image/svg+xml"
    assert (await resp.read()).startswith(b"<svg")


async def test_the_duplicate_box_asks_for_an_item_number_in_words(registry, registrar):
    page = await (await registrar.get(f"/items/{_item(registry)}")).text()
    assert "Postnummer" not in page and "Nummer på posten den är en kopia av (#)" in page


async def test_the_list_shows_the_records_band_beside_the_cases(registry, registrar):
    item_id = _item(registry)
    with session_scope(registry.engine) as session:
        proposal = session.exec(select(Proposal).where(col(Proposal.item_id) == item_id)).one()
        proposal.doc_confidence = "low"
        session.add(proposal)
    page = await (await registrar.get("/")).text()
    row = page[page.index(f'href="/items/{item_id}"'):]
    row = row[:row.index("</tr>")]
    assert "band-high" in row and 'handlingen <span class="band band-low">låg</span>' in row
    assert "95&nbsp;%" in row  # the per cent sign never wraps onto a line of its own


async def test_admin_pages_show_stockholm_time_too(ctx, admin):
    from bot.auth import find_user
    from bot.models import BackupRun

    night = datetime(2026, 1, 31, 23, 30, tzinfo=UTC)  # 00:30 on 1 February in Stockholm
    with session_scope(ctx.engine) as session:
        session.add(BackupRun(location="/backup/a", ok=True, started_at=night,
                              finished_at=night))
        user = find_user(session, "rut")
        user.created_at = night
        session.add(user)
    archive = await (await admin.get("/admin/archive")).text()
    assert "2026-02-01 00:30" in archive and "UTC" not in archive and "23:30" not in archive
    users = await (await admin.get("/admin/users")).text()
    assert "2026-02-01" in users and "2026-01-31" not in users


async def test_an_account_error_reads_in_one_language(admin):
    form = {"csrf": admin.csrf, "username": "nils", "password": "kort", "role": "registrar"}
    swedish = await (await admin.post("/admin/users", data=form)).text()
    assert "lösenordet måste ha minst" in swedish and "the password needs" not in swedish
    await admin.post("/lang", data={"csrf": admin.csrf, "lang": "en", "next": "/admin/users"})
    english = await (await admin.post("/admin/users", data=form)).text()
    assert "lösenordet" not in english and "at least" in english


def test_a_workers_death_reads_in_stockholm_on_the_health_page():
    from bot.web.health import _when

    assert _when("2026-01-31T23:30:00+00:00") == "2026-02-01 00:30:00"
    assert _when("2026-07-01T10:00:00") == "2026-07-01 12:00:00"  # stored naive: UTC
    assert _when(None) == "–"
