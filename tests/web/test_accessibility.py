"""WCAG 2.1 AA in a real browser: axe-core (bundled by axe-playwright-python) on every page and
dialog of the queue finds nothing serious or critical; focus is visible; at 200 % zoom nothing
scrolls sideways and no band's per cent sign wraps; and the keyboard flow the registrar relies
on (Esc, per-page help, claims in the list, the record pre-selected by a full number, the split
accounting for every page). The result per page is written to artifacts/axe.json."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from sqlmodel import select

from bot.context import Context
from bot.db import session_scope
from bot.models import Case, Item, QueueEntry, RegistryDocument, utcnow
from bot.web.facets import SyncState, sync
from tests.web.conftest import NEEDS_CHROMIUM, SHOTS, Want, browser_log_in, queue_item

pytestmark = NEEDS_CHROMIUM
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = ("serious", "critical")
REPORT = SHOTS.parent / "axe.json"
DIALOGS = ("help", "dlg-search", "dlg-duplicate", "dlg-reject", "dlg-split")


@pytest.fixture
def items(registry: Context, accounts) -> dict[str, int]:
    letter = ["Yttrande över detaljplan", "Dnr KS 2021/0456-2", "Länsstyrelsen"]
    return {
        "first": queue_item(registry, "yttrande.pdf", [letter],
                            [Want("KS 2021/0456", 2, 0.95), Want("BN 2021/0456", 1, 0.3)]),
        "scan": queue_item(registry, "skanning.pdf", [letter, ["Bilaga"], [" "]],
                           [Want("KS 2021/0456", 3, 0.7)]),
        "third": queue_item(registry, "reklam.pdf", [["Erbjudande"]], []),
    }


def _axe(page, name: str, found: dict[str, dict[str, list[str]]]) -> None:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
    by_impact: dict[str, list[str]] = {}
    for violation in results.response["violations"]:
        by_impact.setdefault(violation["impact"] or "none", []).append(
            f"{violation['id']} ({len(violation['nodes'])})")
    found[name] = by_impact


def _open_dialog(page, key: str, dialog: str) -> None:
    page.keyboard.press(key)
    page.wait_for_selector(f"#{dialog}[open]")


def _coverage_paths(ctx: Context) -> tuple[tuple[str, str], ...]:
    with session_scope(ctx.engine) as session:
        case = session.exec(select(Case).where(Case.case_number == "KS 2021/0456")).one()
        doc = session.exec(select(RegistryDocument).where(RegistryDocument.case_id == case.id,
                                                          RegistryDocument.doc_number == 3)).one()
    return (("coverage", "/coverage"), ("coverage case", f"/coverage/cases/{case.id}"),
            ("wanted", "/wanted"), ("outreach", f"/outreach?doc={doc.id}"))


def _pages(page, items: dict[str, int], found: dict, ctx: Context) -> None:
    page.goto("/login")
    _axe(page, "login", found)
    browser_log_in(page, "ada")  # an admin sees every page
    for name, path in (("queue", "/"), ("bulk", "/bulk"), ("users", "/admin/users"),
                       ("archive", "/admin/archive"), ("health", "/admin/health"),
                       ("not found", "/items/999999"), *_coverage_paths(ctx),
                       ("item", f"/items/{items['scan']}")):
        page.goto(path)
        _axe(page, name, found)
    for dialog, key in zip(DIALOGS, ("?", "/", "d", "r", "s"), strict=True):
        _open_dialog(page, key, dialog)
        if dialog == "dlg-search":
            page.keyboard.type("KS 2021")
            page.wait_for_selector("#results li[data-case]")
        _axe(page, f"item + {dialog}", found)
        page.keyboard.press("Escape")
        page.wait_for_selector(f"#{dialog}:not([open])", state="attached")


def test_axe_finds_nothing_serious_on_any_page_or_dialog(page, items, registry):
    found: dict[str, dict[str, list[str]]] = {}
    _pages(page, items, found, registry)
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(json.dumps(found, indent=2, ensure_ascii=False), encoding="utf-8")
    blocking = {name: {k: v for k, v in impacts.items() if k in BLOCKING}
                for name, impacts in found.items()}
    assert {name: v for name, v in blocking.items() if v} == {}
    assert len(found) == 17


def _outline(page) -> str:
    return page.evaluate("getComputedStyle(document.activeElement).outlineStyle")


def test_focus_is_visible_and_200_percent_zoom_neither_scrolls_sideways_nor_wraps_bands(
        browser, live_server, items):
    tab = browser.new_page(base_url=live_server, viewport={"width": 700, "height": 450},
                           device_scale_factor=2)  # a 1400 px window at 200 %
    browser_log_in(tab)
    banded = ("/", f"/items/{items['first']}", "/bulk")
    for path in (*banded, "/coverage", "/wanted"):
        tab.goto(path)
        wide = tab.evaluate("document.documentElement.scrollWidth - "
                            "document.documentElement.clientWidth")
        assert wide <= 1, (path, wide)
        lines = tab.evaluate("[...document.querySelectorAll('.band')]"
                             ".map(b => b.getClientRects().length)")
        assert path not in banded or (lines and max(lines) == 1), (path, lines)
    tab.screenshot(path=SHOTS / "06-item-200-percent.png", full_page=True)
    tab.keyboard.press("Tab")
    assert _outline(tab) != "none"  # the skip link, then the rest
    tab.keyboard.press("Tab")
    assert _outline(tab) != "none"


def test_esc_closes_at_once_and_help_shows_this_pages_keys(page, items):
    browser_log_in(page)
    _open_dialog(page, "?", "help")
    assert "j" in page.inner_text("#help") and "Enter" in page.inner_text("#help")
    assert "dubblett" not in page.inner_text("#help")  # the item page's keys are not the list's
    page.keyboard.press("Escape")
    page.goto(f"/items/{items['first']}")
    _open_dialog(page, "/", "dlg-search")
    page.keyboard.type("Yttrande")
    page.keyboard.press("Escape")  # one press, though the search field has text in it
    assert page.locator("dialog[open]").count() == 0
    _open_dialog(page, "?", "help")
    assert "dubblett" in page.inner_text("#help")


def test_a_whole_record_number_preselects_the_record(page, items):
    browser_log_in(page)
    page.goto(f"/items/{items['third']}")
    _open_dialog(page, "/", "dlg-search")
    page.keyboard.type("KS 2021/0456-3")
    page.wait_for_selector("#results li.selected")
    selected = page.locator("#results li.selected")
    assert selected.get_attribute("class").split()[0] == "document"
    assert selected.inner_text().startswith("KS 2021/0456-3")
    assert page.get_attribute("#search-q", "aria-activedescendant") == selected.get_attribute("id")


def _claim_for(ctx: Context, item_id: int, who: str) -> None:
    with session_scope(ctx.engine) as session:
        sync(session, SyncState())
        entry = session.get(QueueEntry, item_id)
        entry.claimed_by, entry.claimed_until = who, utcnow() + timedelta(minutes=10)
        session.add(entry)


def test_enter_in_the_list_passes_by_an_item_someone_else_has_open(page, items, registry):
    _claim_for(registry, items["first"], "bo")
    browser_log_in(page)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/items/{items['scan']}(\?.*)?$"))
    page.goto("/")
    page.keyboard.press("j")  # the claimed first row has focus now
    page.keyboard.press("Enter")
    page.wait_for_selector("#list-status:not([hidden])")
    assert "bo" in page.inner_text("#list-status") and page.url.endswith("/")


def test_a_decision_is_told_with_undo_and_a_split_accounts_for_every_page(page, items,
                                                                          registry):
    browser_log_in(page)
    page.goto(f"/items/{items['first']}")
    page.keyboard.press("Enter")
    page.wait_for_selector("#notice")
    assert f"#{items['first']} yttrande.pdf: bekräftad: KS 2021/0456-2" in page.inner_text(
        "#notice")
    page.goto(f"/items/{items['scan']}")
    _open_dialog(page, "s", "dlg-split")
    page.keyboard.type("1, 2")
    assert page.locator("#split-parts .split-part").count() == 2
    assert page.locator("#split-parts img.thumb").count() == 2
    assert page.locator('.aside-row[data-page="3"]').is_visible()
    assert not page.locator('.aside-row[data-page="1"]').is_visible()
    page.screenshot(path=SHOTS / "07-split.png")
    page.keyboard.press("Enter")  # page 3 has no reason yet: the form does not go
    assert page.locator("#dlg-split[open]").count() == 1
    page.fill("#aside-3", "tom sida")
    page.press("#aside-3", "Enter")
    page.wait_for_selector("#notice")
    with session_scope(registry.engine) as session:
        scan = session.get(Item, items["scan"])
        assert scan.state == "split" and scan.meta["set_aside"] == [
            {"page": 3, "reason": "tom sida"}]
        assert len(session.exec(select(Item).where(Item.parent_id == scan.id)).all()) == 2


def test_bulk_rows_are_left_out_by_keyboard_and_stay_queued(page, items, registry):
    more = [queue_item(registry, f"{name}.pdf", [["Dnr KS 2021/0456-1"]],
                       [Want("KS 2021/0456", 1, 0.97)]) for name in ("brev", "kopia")]
    browser_log_in(page)
    page.goto("/bulk")
    _open_dialog(page, "?", "help")
    assert "lämna utanför" in page.inner_text("#help")
    page.keyboard.press("Escape")
    page.focus("#bulk-rows input[type=checkbox]")
    assert page.inner_text("#bulk-count") == "3"
    page.keyboard.press("j")
    page.keyboard.press("x")  # the second row, brev.pdf, is left out
    assert page.inner_text("#bulk-count") == "2"
    assert page.locator("#bulk-rows tr.left-out").count() == 1
    page.keyboard.press("Enter")  # on a row it opens the row's item, it confirms nothing
    page.wait_for_url(re.compile(rf"/items/{more[0]}$"))
    page.go_back()
    page.wait_for_selector("#bulk-rows")
    assert page.inner_text("#bulk-count") == "2"  # the row is still left out
    found: dict[str, dict[str, list[str]]] = {}
    _axe(page, "bulk", found)
    assert not set(found["bulk"]) & set(BLOCKING), found
    page.focus("#bulk-confirm")
    page.keyboard.press("Enter")
    page.wait_for_selector("p.notice")
    assert "2 poster bekräftades. 1 lämnades utanför" in page.inner_text("p.notice")
    with session_scope(registry.engine) as session:
        states = [session.get(Item, i).state for i in (items["first"], *more)]
    assert states == ["confirmed", "queued", "confirmed"]


def test_in_english_too_axe_finds_nothing_serious(page, items):
    browser_log_in(page)
    page.click("button[name=lang]")  # the language switch in the top bar
    page.wait_for_selector("html[lang=en]")
    found: dict[str, dict[str, list[str]]] = {}
    for name, path in (("queue", "/"), ("bulk", "/bulk"), ("not found", "/items/999999"),
                       ("item", f"/items/{items['first']}")):
        page.goto(path)
        assert page.get_attribute("html", "lang") == "en", path
        _axe(page, name, found)
    _open_dialog(page, "?", "help")
    _axe(page, "help", found)
    assert "Keys" in page.inner_text("#help") and "confirm the best proposal" in page.inner_text(
        "#help")
    assert len(found) == 5
    assert not [name for name, impacts in found.items() if set(impacts) & set(BLOCKING)], found


def test_enter_on_a_tick_box_sends_no_form(page, items):
    browser_log_in(page)
    page.goto("/wanted")  # its tick boxes choose records for an outreach request
    page.focus("input[type=checkbox][name=doc]")
    page.keyboard.press("Space")
    page.keyboard.press("Enter")
    page.wait_for_timeout(300)
    assert "/wanted" in page.url and page.is_checked("input[type=checkbox][name=doc]")
