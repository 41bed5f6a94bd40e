"""The queue in a real browser (Debian's Chromium, headless): log in, work five items with the
keyboard alone, undo, and read the audit trail; screenshots go to artifacts/screenshots/."""

from __future__ import annotations

import re

import pytest
from sqlmodel import col, select

from bot.context import Context
from bot.db import session_scope
from bot.models import Case, Decision, Item, RegistryDocument
from bot.states import verify_chain
from tests.web.conftest import NEEDS_CHROMIUM, PASSWORD, SHOTS, Want, queue_item

pytestmark = NEEDS_CHROMIUM


@pytest.fixture
def five_items(registry: Context, accounts) -> dict[str, int]:
    ctx = registry
    yttrande = ["Yttrande över detaljplan", "Dnr KS 2021/0456-2",
                "Länsstyrelsen i Västra Götalands län"]
    return {
        "confirm": queue_item(ctx, "yttrande.pdf", [yttrande],
                              [Want("KS 2021/0456", 2, 0.95), Want("BN 2021/0456", 1, 0.3)]),
        "alternative": queue_item(ctx, "ansokan.pdf", [["Ansökan om bygglov", "Ärende 2021/0456",
                                                        "Kvarnbacken 2:7, Bergström Bygg AB"]],
                                  [Want("KS 2021/0456", 3, 0.5), Want("BN 2021/0456", 1, 0.45)]),
        "search": queue_item(ctx, "rapport.pdf", [["Delårsrapport januari-augusti 2020"]],
                             [Want("KS 2021/0456", 1, 0.2)]),
        "duplicate": queue_item(ctx, "yttrande-kopia.pdf", [yttrande],
                                [Want("KS 2021/0456", 2, 0.93)]),
        "reject": queue_item(ctx, "reklam.pdf", [["Erbjudande! Köp kontorsmaterial nu"]], []),
        "left": queue_item(ctx, "protokoll.pdf", [["Protokoll", "KS 2020/0102"]],
                           [Want("KS 2020/0102", 1, 0.7)]),
    }


def _at(page, item_id: int) -> None:
    """Wait until the browser shows this item (a decision's notice rides in the query)."""
    page.wait_for_url(re.compile(rf"/items/{item_id}(\?.*)?$"))


def _decisions(ctx: Context) -> list[Decision]:
    with session_scope(ctx.engine) as session:
        return list(session.exec(select(Decision).order_by(col(Decision.id))).all())


def _log_in(page) -> None:
    page.goto("/")
    assert "/login" in page.url
    page.screenshot(path=SHOTS / "01-login.png")
    page.keyboard.type("rut")  # the user name field has focus
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_selector("#queue")
    page.screenshot(path=SHOTS / "02-queue.png")


def _work_five(page, items: dict[str, int]) -> None:
    page.keyboard.press("Enter")  # the list: Enter opens the first item
    _at(page, items["confirm"])
    page.screenshot(path=SHOTS / "03-item.png")
    page.keyboard.press("Enter")  # confirm the best proposal
    _at(page, items["alternative"])
    page.keyboard.press("1")  # the first alternative
    _at(page, items["search"])
    page.keyboard.press("/")
    page.keyboard.type("Delårsrapport")
    page.wait_for_selector("#results li.document")
    page.keyboard.press("ArrowDown")  # from the case to its document record
    page.screenshot(path=SHOTS / "04-search.png")
    page.keyboard.press("Enter")
    _at(page, items["duplicate"])
    page.keyboard.press("d")
    page.keyboard.type(str(items["confirm"]))
    page.keyboard.press("Enter")
    _at(page, items["reject"])
    page.keyboard.press("r")
    page.keyboard.type("Reklam")
    page.keyboard.press("Enter")
    _at(page, items["left"])


def test_a_registrar_works_five_items_by_keyboard_and_reads_the_trail(page, five_items, registry):
    _log_in(page)
    _work_five(page, five_items)
    actions = [(d.item_id, d.action, d.actor) for d in _decisions(registry)]
    assert actions == [(five_items["confirm"], "confirm", "rut"),
                       (five_items["alternative"], "choose_alternative", "rut"),
                       (five_items["search"], "reassign", "rut"),
                       (five_items["duplicate"], "duplicate", "rut"),
                       (five_items["reject"], "reject", "rut")]
    with session_scope(registry.engine) as session:
        chosen = {d.action: d for d in session.exec(select(Decision))}
        assert session.get(Case, chosen["choose_alternative"].case_id).case_number == "BN 2021/0456"
        doc = session.get(RegistryDocument, chosen["reassign"].document_id)
        assert session.get(Case, doc.case_id).case_number == "KS 2020/0102"
        assert session.get(Item, five_items["duplicate"]).duplicate_of == five_items["confirm"]
        assert chosen["reject"].note == "Reklam"
        assert verify_chain(session) is None
    page.goto(f"/items/{five_items['confirm']}")
    history = page.inner_text("#history")
    assert "rut" in history and "bekräftad: KS 2021/0456-2" in history
    assert "confirmed" not in history  # one language at a time
    assert "saknas → återställd" in history  # the document record's file is back
    assert "worker:" not in history and "transition" not in history
    page.locator("#history").screenshot(path=SHOTS / "05-history.png")


def test_undo_by_keyboard_puts_the_last_decision_back(page, five_items, registry):
    _log_in(page)
    page.goto(f"/items/{five_items['reject']}")
    page.keyboard.press("r")
    page.keyboard.type("Reklam")
    page.keyboard.press("Enter")
    _at(page, five_items["left"])
    page.keyboard.press("u")
    _at(page, five_items["reject"])
    assert page.locator("#form-confirm").count() == 1  # queued again, actions offered
    assert [d.action for d in _decisions(registry)] == ["reject", "undo"]
