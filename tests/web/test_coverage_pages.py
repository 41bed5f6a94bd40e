"""The coverage, most-wanted and outreach pages: numbers and a chart drawn on the server, the
drill-down from board to year to case, and outreach that sends nothing without the registrar's
CSRF-protected click — then exactly what the preview showed."""

from __future__ import annotations

import html
import re

import pytest
from aiosmtpd.controller import Controller
from sqlmodel import select

from bot import decisions
from bot.db import session_scope
from bot.models import Case, OutreachRequest, RegistryDocument
from tests.bot.test_receipts import Inbox, _free_port
from tests.web.conftest import Want, queue_item


def _doc_id(ctx, number: str, doc: int) -> int:
    with session_scope(ctx.engine) as session:
        return session.exec(select(RegistryDocument.id).join(
            Case, Case.id == RegistryDocument.case_id).where(
            Case.case_number == number, RegistryDocument.doc_number == doc)).one()


@pytest.fixture
def recovered(registry):
    """One record recovered (KS 2021/0456-2), one proposed (BN 2021/0456-1)."""
    item = queue_item(registry, "y.pdf", [["Dnr KS 2021/0456-2"]], [Want("KS 2021/0456", 2, 0.95)])
    queue_item(registry, "a.pdf", [["Ansökan om bygglov"]], [Want("BN 2021/0456", 1, 0.7)])
    with session_scope(registry.engine) as session:
        decisions.confirm(session, item, "rut")
    registry.settings.staff_addresses = {"Karin Lund": "karin.lund@exempelby.se",
                                         "Eva Sten": "eva.sten@exempelby.se"}
    registry.settings.intake_address = "diariet@exempelby.se"
    registry.settings.receipt_from = "diariebot@exempelby.se"
    return registry


async def test_the_coverage_page_shows_the_numbers_and_a_chart_drawn_on_the_server(recovered,
                                                                                    registrar):
    page = await (await registrar.get("/coverage")).text()
    summary = re.search(r'id="coverage-summary">([^<]+)<', page)[1]
    assert "1 av 5" in summary and "4 saknas" in summary.replace("</b>", "")
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page and 'class="bar"' in page
    assert "<script" not in page.split("<main ")[1]  # the pictures need no script
    assert 'href="/coverage?board=KS"' in page and 'href="/coverage?year=2021"' in page
    english = await (await registrar.get("/coverage?lang=en")).text()
    assert "1 of 5 registered records have their file back" in english


async def test_drilling_down_from_board_to_year_to_a_case_and_its_missing_records(recovered,
                                                                                  registrar):
    board = await (await registrar.get("/coverage?board=KS")).text()
    assert 'id="by-board"' not in board and 'href="/coverage?board=KS&amp;year=2021"' in board
    year = await (await registrar.get("/coverage?board=KS&year=2021")).text()
    case_id = re.search(r'href="/coverage/cases/(\d+)">KS 2021/0456<', year)[1]
    case = await (await registrar.get(f"/coverage/cases/{case_id}")).text()
    missing = [_doc_id(recovered, "KS 2021/0456", n) for n in (1, 3)]
    boxes = re.findall(r'name="doc" value="(\d+)"', case)
    assert sorted(map(int, boxes)) == sorted(missing)  # the recovered record has no box
    assert "karin.lund@exempelby.se" in case and "handläggare i ärendet" in case
    assert (await registrar.get("/coverage/cases/999999")).status == 404


async def test_most_wanted_puts_the_decision_first_with_reasons(recovered, registrar):
    page = await (await registrar.get("/wanted")).text()
    kinds = re.findall(r'data-kind="(\w+)"', page)
    assert kinds[0] == "beslut" and "beslut" not in kinds[1:]
    first = page.split('data-kind="beslut"')[1].split("</tr>")[0]
    assert "KS 2021/0456-3" in first and "ärendet pågår" in first
    assert "Bergström Bygg AB" in first and "ingen adress känd" in first
    assert "en kopia kan vänta i kön" in page  # BN 2021/0456-1 has a queued proposal


@pytest.fixture
def smtp(recovered):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    recovered.settings.receipt_smtp_host = "127.0.0.1"
    recovered.settings.receipt_smtp_port = controller.port
    yield inbox
    controller.stop()


def _form(page: str) -> list[tuple[str, str]]:
    form = page.split('id="outreach-form"')[1].split("</form>")[0]
    fields = re.findall(r'<input type="(?:hidden|checkbox)" name="(\w+)" value="([^"]*)"', form)
    return [(k, v.replace("&amp;", "&").replace("&lt;", "<")) for k, v in fields]


async def test_outreach_preview_then_click_sends_exactly_that_once(recovered, registrar, smtp):
    doc = _doc_id(recovered, "KS 2021/0456", 3)
    preview = await (await registrar.get(f"/outreach?doc={doc}")).text()
    assert "Hej Karin Lund!" in preview and "KS 2021/0456-3" in preview
    assert "diariet@exempelby.se" in preview and smtp.messages == []
    assert "forsattsblad-KS-2021-0456-3.pdf" in preview  # the cover sheet it will carry
    fields = _form(preview)
    refused = await registrar.post("/outreach", data=[(k, v) for k, v in fields if k != "csrf"])
    assert refused.status == 403 and smtp.messages == []
    sent = await registrar.post("/outreach", data=fields, allow_redirects=False)
    assert sent.status == 303
    to = {m["To"].addresses[0].addr_spec: m for m in smtp.messages}
    assert sorted(to) == ["anna.berg@exempelby.se", "karin.lund@exempelby.se"]  # + a colleague
    shown = dict(re.findall(r'data-address="([^"]+)">.*?<pre class="mail">(.*?)</pre>', preview,
                            re.S))
    for address, message in to.items():
        body = message.get_body(preferencelist=("plain",)).get_content().replace("\r\n", "\n")
        assert body.strip() == html.unescape(shown[address]).strip()
    again = await registrar.post("/outreach", data=fields, allow_redirects=False)
    assert again.status in (303, 409) and len(smtp.messages) == 2
    after = await (await registrar.get(f"/outreach?doc={doc}")).text()
    assert "Tillfrågad" in after and 'name="to"' not in after
    case = await (await registrar.get(f"/coverage/cases/{_case_id(recovered)}")).text()
    assert "efterfrågad hos Karin Lund" in case


def _case_id(ctx) -> int:
    with session_scope(ctx.engine) as session:
        return session.exec(select(Case.id).where(Case.case_number == "KS 2021/0456")).one()


async def test_a_changed_preview_sends_nothing(recovered, registrar, smtp):
    doc = _doc_id(recovered, "KS 2021/0456", 3)
    fields = _form(await (await registrar.get(f"/outreach?doc={doc}")).text())
    stale = [(k, "0" * 32 if k == "digest" else v) for k, v in fields]
    resp = await registrar.post("/outreach", data=stale)
    assert resp.status == 409 and "ändrades" in await resp.text()
    with session_scope(recovered.engine) as session:
        assert session.exec(select(OutreachRequest)).all() == []
    assert smtp.messages == []


async def test_without_a_relay_nothing_is_recorded(recovered, registrar):
    doc = _doc_id(recovered, "KS 2021/0456", 3)
    page = await (await registrar.get(f"/outreach?doc={doc}")).text()
    assert "Ingen e-postrelä" in page and 'id="outreach-send"' not in page
    resp = await registrar.post("/outreach", data=_form(page))
    assert resp.status == 409
    with session_scope(recovered.engine) as session:
        assert session.exec(select(OutreachRequest)).all() == []


async def test_the_pages_show_a_confirmation_and_its_undo_at_once(registry, registrar):
    item = queue_item(registry, "y.pdf", [["Dnr KS 2021/0456-2"]], [Want("KS 2021/0456", 2, 0.95)])

    async def look() -> tuple[str, str]:
        whole = await (await registrar.get("/coverage")).text()
        drill = await (await registrar.get("/coverage?board=KS&year=2021")).text()
        row = re.search(r'KS 2021/0456</a>.*?</tr>', drill, re.S)
        assert row is not None
        return re.search(r'id="coverage-summary">([^<]+)<', whole)[1], row[0]  # type: ignore[index]

    before = await look()
    assert "0 av 5" in before[0]
    with session_scope(registry.engine) as session:
        decisions.confirm(session, item, "rut")
    after = await look()
    assert "1 av 5" in after[0] and after[1] != before[1]
    with session_scope(registry.engine) as session:
        decisions.undo_last(session, "rut")
    assert await look() == before
