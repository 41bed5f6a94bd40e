"""The coverage numbers are kept between looks (bot/coverage/cache.py) but never outlive what they
count: a confirmation, its undo, a proposal replaced and a registry import each show at the very
next look (the pages: tests/web/test_coverage_pages.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot import decisions
from bot.chat.hints import add_hint, rescore
from bot.coverage import report as reports
from bot.coverage.numbers import Scope
from bot.coverage.report import build, report
from bot.db import session_scope
from bot.models import Item
from bot.registry import import_registry_csv
from tests.web.conftest import Want, queue_item


def _numbers(ctx: Any, scope: Scope | None = None) -> dict[str, Any]:
    """The report as kept, checked against one counted afresh."""
    scope = scope or Scope()
    kept = report(ctx.engine, scope, date.today()).as_json()
    with session_scope(ctx.engine) as session:
        assert build(session, scope, date.today()).as_json() == kept
    return kept


def _proposed(numbers: dict[str, Any]) -> dict[str, int]:
    return {b["board"]: b["proposed"] for b in numbers["by_board"]}


def test_kept_while_nothing_changes_and_counted_again_after_a_change(registry):
    first = report(registry.engine, Scope(), date.today())
    assert report(registry.engine, Scope(), date.today()) is first
    assert report(registry.engine, Scope(board="KS"), date.today()) is not first
    queue_item(registry, "a.pdf", [["Ansökan om bygglov"]], [Want("BN 2021/0456", 1, 0.7)])
    assert report(registry.engine, Scope(), date.today()) is not first


def test_a_confirmation_shows_at_once_and_its_undo_takes_it_back(registry):
    item = queue_item(registry, "y.pdf", [["Dnr KS 2021/0456-2"]], [Want("KS 2021/0456", 2, 0.95)])
    before, ks = _numbers(registry), _numbers(registry, Scope(board="KS", year=2021))
    assert (before["recovered"], before["proposed"], before["weeks"]) == (0, 1, [])
    with session_scope(registry.engine) as session:
        decisions.confirm(session, item, "rut")
    after = _numbers(registry)
    assert (after["recovered"], after["proposed"], after["missing"]) == (1, 0, 4)
    assert after["weeks"][-1]["cumulative"] == 1
    assert _numbers(registry, Scope(board="KS", year=2021))["recovered"] == 1
    with session_scope(registry.engine) as session:
        decisions.undo_last(session, "rut")
    assert _numbers(registry) == before
    assert _numbers(registry, Scope(board="KS", year=2021)) == ks


def test_a_proposal_replaced_shows_at_once(registry):
    """A submitter's answer scores the item again: its proposal moves from BN to KS, the total
    stays the same."""
    item = queue_item(registry, "y.pdf", [["Dnr KS 2021/0456-2"]], [Want("BN 2021/0456", 1, 0.7)])
    before = _numbers(registry)
    assert before["proposed"] == 1 and _proposed(before) == {"BN": 1, "KS": 0}
    with session_scope(registry.engine) as session:
        held = session.get(Item, item)
        assert held is not None
        add_hint(session, held, "KS 2021/0456", "telegram:7")
        rescore(registry, session, held)
    after = _numbers(registry)
    assert after["proposed"] == 1 and _proposed(after) == {"BN": 0, "KS": 1}


def test_a_registry_import_shows_at_once(registry):
    before = _numbers(registry)
    assert before["records"] == 5
    cases = ("case_number,title,board,opened,status,handler\n"
             "MN 2022/0001,Tillsyn,Miljönämnden,2022-01-10,pågående,Eva Sten\n")
    documents = ("case_number,doc_number,date,direction,counterpart,description\n"
                 "KS 2021/0456,4,2021-06-01,outgoing,Bergström Bygg AB,Protokoll\n"
                 "MN 2022/0001,1,2022-01-10,incoming,Bergström Bygg AB,Anmälan\n")
    for data in (cases, documents):
        with session_scope(registry.engine) as session:
            import_registry_csv(session, data.encode(), registry.grammar)
    after = _numbers(registry)
    assert (after["records"], after["missing"]) == (7, 7)
    assert [(b["board"], b["name"], b["records"]) for b in after["by_board"]] == [
        ("BN", "Byggnadsnämnden", 1), ("KS", "Kommunstyrelsen", 5), ("MN", "Miljönämnden", 1)]


def _counting(monkeypatch: Any) -> list[str]:
    """What is counted again from now on: the cube's columns and the recovered days."""
    counted: list[str] = []
    column, days = reports.cube_column, reports.recovered_days
    monkeypatch.setattr(reports, "cube_column", lambda session, scope, what: (
        counted.append(what), column(session, scope, what))[1])
    monkeypatch.setattr(reports, "recovered_days", lambda session, scope: (
        counted.append("days"), days(session, scope))[1])
    return counted


def test_each_part_is_counted_again_only_when_what_it_counts_can_have_changed(registry,
                                                                             monkeypatch):
    _numbers(registry)
    counted = _counting(monkeypatch)
    item = queue_item(registry, "y.pdf", [["Dnr KS 2021/0456-2"]], [Want("KS 2021/0456", 2, 0.95)])
    assert _numbers(registry)["proposed"] == 1 and counted == ["proposed"]
    counted.clear()
    with session_scope(registry.engine) as session:
        decisions.confirm(session, item, "rut")
    assert _numbers(registry)["recovered"] == 1
    assert sorted(counted) == ["days", "proposed", "recovered"]
