"""The recovery campaign on the demo municipality: `coverage --json` agrees with the registry and
the confirmed items; the most-wanted list puts the missing decisions first, each with the people
who may hold it; an outreach request goes through a real SMTP server (aiosmtpd) to exactly those
people, once."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from sqlmodel import select

from bot.cli import main
from bot.coverage.holders import Directory
from bot.coverage.kinds import kind_of
from bot.coverage.numbers import Scope
from bot.coverage.wanted import most_wanted
from bot.db import session_scope
from bot.models import (
    Case,
    Decision,
    Item,
    OutreachRecord,
    OutreachRequest,
    RegistryDocument,
    Submission,
    utcnow,
)
from bot.outreach.channels import EmailSender
from bot.outreach.plan import plan
from bot.outreach.record import record
from bot.outreach.send import send_due
from bot.outreach.sheets import sheet_name
from tests.bot.test_receipts import Inbox, _free_port
from tests.coverage.conftest import INTAKE, address_of
from tests.coverage.oracle import truth
from tests.web.conftest import CHROMIUM, SHOTS, browser, live_server, page  # noqa: F401 (fixtures)

pytestmark = pytest.mark.slow


def _coverage(demo, capsys, *args: str) -> dict:
    capsys.readouterr()
    assert main(["--home", str(demo.settings.home), "coverage", "--json", *args]) == 0
    return json.loads(capsys.readouterr().out)


def test_coverage_json_agrees_with_the_registry_and_the_confirmed_items(demo, capsys):
    with session_scope(demo.engine) as session:
        known = truth(session)
        marked = set(session.exec(select(RegistryDocument.id).where(
            RegistryDocument.file_status == "recovered")).all())
    report = _coverage(demo, capsys)
    assert report["records"] == sum(known.records.values()) == len(known.board_of) > 0
    assert 0 < report["recovered"] == len(known.recovered) == len(marked)
    assert marked == known.recovered
    assert report["proposed"] == len(known.proposed)
    for row in report["by_board"]:
        mine = [d for d, b in known.board_of.items() if b == row["board"]]
        assert row["records"] == known.records[row["board"]]
        assert row["recovered"] == len(known.recovered & set(mine))
        assert row["proposed"] == len(known.proposed & set(mine))
        assert row["missing"] == row["records"] - row["recovered"]
    assert sum(r["records"] for r in report["by_year"]) == report["records"]
    assert report["weeks"][-1]["cumulative"] == report["recovered"]
    board = report["by_board"][0]["board"]
    only = _coverage(demo, capsys, "--board", board.lower())
    assert only["records"] == report["by_board"][0]["records"]
    assert [b["board"] for b in only["by_board"]] == [board]


def test_most_wanted_ranks_the_missing_decisions_first_with_their_holders(demo):
    with session_scope(demo.engine) as session:
        docs = session.exec(select(RegistryDocument).where(
            RegistryDocument.file_status == "missing")).all()
        decisions = sum(kind_of(d.description, d.direction) == "beslut" for d in docs)
        rows = most_wanted(session, Scope(), Directory(demo.settings), size=decisions + 5)
    assert decisions >= 3
    assert [w.profile.kind for w in rows[:decisions]] == ["beslut"] * decisions
    assert "beslut" not in [w.profile.kind for w in rows[decisions:]]
    for w in rows[:decisions]:
        assert w.why[0].key == "wanted.why_kind" and w.why[0].kind == "beslut"
        handler = next(h for h in w.holders if h.reasons[0].role == "handler")
        assert (handler.name, handler.address) == (w.case.handler, address_of(w.case.handler))
        counterpart = [h for h in w.holders if any(r.role == "counterpart" for r in h.reasons)]
        assert [h.name for h in counterpart] == ([w.document.counterpart]
                                                 if w.document.counterpart else [])


def test_protocols_name_the_board_secretary_and_colleagues_who_sent_copies(demo):
    with session_scope(demo.engine) as session:
        rows = most_wanted(session, Scope(board="KS", kind="protokollsutdrag"),
                           Directory(demo.settings))
    assert rows
    secretaries = [h for w in rows for h in w.holders if h.reasons[0].role == "secretary"]
    assert len(secretaries) == len(rows)
    assert {h.address for h in secretaries} == {"kansliet@exempelby.se"}
    colleagues = {h.address for w in rows for h in w.holders
                  if any(r.role.startswith("colleague") for r in h.reasons)}
    assert colleagues and colleagues <= _submitters_filed_in(demo, "KS")


def _submitters_filed_in(demo, board: str) -> set[str]:
    """Who sent the items registrars confirmed into this board's cases."""
    with session_scope(demo.engine) as session:
        rows = session.exec(select(Submission.submitter).join(
            Item, Item.submission_id == Submission.id).join(
            Decision, Decision.item_id == Item.id).join(Case, Case.id == Decision.case_id).where(
            Item.state == "confirmed", Case.board_key == board)).all()
    return {s.lower() for s in rows if s}


@pytest.fixture
def smtp(demo):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    demo.settings.receipt_smtp_host, demo.settings.receipt_smtp_port = "127.0.0.1", controller.port
    yield inbox
    controller.stop()
    demo.settings.receipt_smtp_host = ""


def _ask(demo, doc_ids: list[int], now) -> list[int]:
    """Preview, then record what the preview showed to everyone it may go to."""
    with session_scope(demo.engine) as session:
        preview = plan(session, demo.settings, doc_ids, now)
        chosen = {m.address for m in preview.messages}
        done = record(session, preview, chosen, preview.digest(chosen), "rut",
                      EmailSender(demo.settings), now)
        return done.request_ids


def _expected(demo, doc_ids: list[int]) -> dict[str, set[str]]:
    """Who should be asked for what: every holder with an address, from the ranked list."""
    with session_scope(demo.engine) as session:
        rows = [w for w in most_wanted(session, Scope(), Directory(demo.settings), size=200)
                if w.document.id in doc_ids]
    wanted: dict[str, set[str]] = {}
    for w in rows:
        for holder in w.holders:
            if holder.address:
                number = f"{w.case.case_number}-{w.document.doc_number}"
                wanted.setdefault(holder.address, set()).add(number)
    return wanted


def test_an_outreach_request_reaches_the_right_people_once(demo, smtp):
    with session_scope(demo.engine) as session:
        top = most_wanted(session, Scope(), Directory(demo.settings), size=3)
    doc_ids = [w.document.id for w in top]
    expected = _expected(demo, doc_ids)
    assert {address_of(w.case.handler) for w in top} <= set(expected)
    made = _ask(demo, doc_ids, utcnow())
    assert len(made) == len(expected)
    assert send_due(demo) == len(expected)
    received = {m["To"].addresses[0].addr_spec: m for m in smtp.messages}
    assert set(received) == set(expected)
    for address, message in received.items():
        body = message.get_body(preferencelist=("plain",)).get_content()
        assert {n for n in _all_numbers(demo, doc_ids) if n in body} == expected[address]
        assert INTAKE in body and message["Reply-To"] == INTAKE
        sheets = {part.get_filename(): part.get_content() for part in message.iter_attachments()}
        assert set(sheets) == {sheet_name(n) for n in expected[address]}
        assert all(pdf.startswith(b"%PDF") and _says(pdf, n) for n, pdf in
                   ((n, sheets[sheet_name(n)]) for n in expected[address]))
    assert _ask(demo, doc_ids, utcnow() + timedelta(days=1)) == []  # within the period
    assert send_due(demo) == 0 and len(smtp.messages) == len(expected)
    with session_scope(demo.engine) as session:
        asked = session.exec(select(OutreachRecord.document_id).join(
            OutreachRequest, OutreachRequest.id == OutreachRecord.request_id)).all()
        ids = {m["Message-ID"].strip() for m in smtp.messages}
        stored = set(session.exec(select(OutreachRequest.message_id)).all())
    assert set(asked) == set(doc_ids) and ids == stored


def _says(pdf: bytes, number: str) -> bool:
    """The cover sheet prints the record's number."""
    import pypdfium2

    return number in pypdfium2.PdfDocument(pdf)[0].get_textpage().get_text_range()


def _all_numbers(demo, doc_ids: list[int]) -> set[str]:
    with session_scope(demo.engine) as session:
        rows = session.exec(select(Case.case_number, RegistryDocument.doc_number).join(
            RegistryDocument, RegistryDocument.case_id == Case.id).where(
            RegistryDocument.id.in_(doc_ids))).all()
    return {f"{c}-{n}" for c, n in rows}


@pytest.fixture
def ctx(demo):
    """The browser fixtures serve the demo municipality."""
    return demo


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium")
@pytest.mark.timeout(180)
def test_the_coverage_page_in_a_browser_shows_progress_drills_down_and_prints(page, demo):  # noqa: F811
    page.goto("/login?next=/coverage")
    page.fill("input[name=username]", "rut")
    page.fill("input[name=password]", "rut-lösenord-123")
    page.keyboard.press("Enter")
    page.wait_for_selector("#progress-chart svg")
    assert page.locator("#progress-chart svg rect.bar").count() >= 1
    assert "registrerade handlingar har fått tillbaka sin fil" in page.inner_text(
        "#coverage-summary")
    page.screenshot(path=SHOTS / "10-coverage.png", full_page=True)
    page.emulate_media(media="print")
    assert page.locator("header.top").is_hidden()
    assert page.locator("#progress-chart svg").is_visible()
    page.pdf(path=SHOTS / "10-coverage.pdf")
    assert (SHOTS / "10-coverage.pdf").stat().st_size > 10_000
    page.emulate_media(media="screen")
    page.click("#by-board a >> nth=0")
    page.click("#by-year a >> nth=0")
    page.click("#by-case a >> nth=0")
    page.wait_for_selector("#case-records")
    assert page.locator("#case-records input[name=doc]").count() >= 1
    page.screenshot(path=SHOTS / "11-case.png", full_page=True)
    page.goto("/wanted")
    assert page.get_attribute("#wanted tbody tr >> nth=0", "data-kind") == "beslut"
    page.check("#wanted tbody tr >> nth=0 >> input[name=doc]")
    page.screenshot(path=SHOTS / "12-wanted.png", full_page=True)
    page.click("#preview-request")
    page.wait_for_selector("section.message")
    assert "Har du en kopia" in page.inner_text("section.message >> nth=0")
    page.screenshot(path=SHOTS / "13-outreach-preview.png", full_page=True)
