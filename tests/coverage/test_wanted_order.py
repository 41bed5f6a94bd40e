"""The most-wanted order on a registry made for it: decisions first; among applications, the one
in an open case, then the one a later decision builds on, then the one alone — each with its
reasons, in the list and on the page."""

from __future__ import annotations

from bot.coverage import profile
from bot.coverage.holders import Directory
from bot.coverage.numbers import Scope
from bot.coverage.wanted import most_wanted
from bot.db import session_scope
from bot.registry import import_registry_csv
from tests.web.conftest import accounts, registrar  # noqa: F401 (fixtures)

CASES = """case_number,title,board,opened,status,handler
KS 2022/0001,Bidrag till föreningen Ekbacken,Kommunstyrelsen,2022-01-10,pågående,Karin Lund
KS 2022/0002,Bidrag till föreningen Tallåsen,Kommunstyrelsen,2022-01-12,avslutat,Per Ek
KS 2022/0003,Information om vägarbeten,Kommunstyrelsen,2022-02-01,avslutat,Per Ek
KS 2022/0004,Bidrag till föreningen Björkhagen,Kommunstyrelsen,2022-01-14,avslutat,Per Ek
"""
DOCUMENTS = """case_number,doc_number,date,direction,counterpart,description
KS 2022/0001,1,2022-01-10,incoming,Föreningen Ekbacken,Ansökan om bidrag
KS 2022/0001,2,2022-03-01,outgoing,Föreningen Ekbacken,Beslut om bidrag
KS 2022/0001,3,2022-03-20,incoming,Föreningen Ekbacken,Överklagande av beslut
KS 2022/0002,1,2022-01-12,incoming,Föreningen Tallåsen,Ansökan om bidrag
KS 2022/0002,2,2022-03-02,outgoing,Föreningen Tallåsen,Beslut om bidrag
KS 2022/0003,1,2022-02-01,outgoing,,Skrivelse
KS 2022/0004,1,2022-01-14,incoming,Föreningen Björkhagen,Ansökan om bidrag
"""


def _import(ctx) -> None:
    for data in (CASES, DOCUMENTS):
        with session_scope(ctx.engine) as session:
            import_registry_csv(session, data.encode(), ctx.grammar)


def test_what_later_records_build_on_and_open_cases_come_first(ctx):
    _import(ctx)
    profile.ensure(ctx.engine)
    with session_scope(ctx.engine) as session:
        rows = most_wanted(session, Scope(), Directory(ctx.settings))
        order = [f"{w.case.case_number}-{w.document.doc_number}" for w in rows]
        why = {f"{w.case.case_number}-{w.document.doc_number}": w.why for w in rows}
    assert order == ["KS 2022/0001-2", "KS 2022/0002-2", "KS 2022/0001-1", "KS 2022/0002-1",
                     "KS 2022/0004-1", "KS 2022/0001-3", "KS 2022/0003-1"]
    keys = {number: [y.key.removeprefix("wanted.") for y in reasons]
            for number, reasons in why.items()}
    assert keys["KS 2022/0001-1"] == ["why_kind", "why_incoming", "why_dependents", "why_open"]
    assert keys["KS 2022/0002-1"] == ["why_kind", "why_incoming", "why_dependents"]
    assert keys["KS 2022/0004-1"] == ["why_kind", "why_incoming"]
    assert keys["KS 2022/0001-2"] == ["why_kind", "why_dependents", "why_open"]
    assert keys["KS 2022/0002-2"] == ["why_kind"]
    dependents = next(y for y in why["KS 2022/0001-1"] if y.key == "wanted.why_dependents")
    assert (dependents.n, dependents.names) == (1, "Beslut om bidrag (2)")


async def test_the_page_says_why(ctx, registrar):  # noqa: F811
    _import(ctx)
    page = await (await registrar.get("/wanted")).text()
    row = page.split("KS 2022/0001-1")[1].split("</tr>")[0]
    assert "1 senare handling(ar) bygger på den: Beslut om bidrag (2)" in row
    assert "inkommen till kommunen" in row and "ärendet pågår" in row
    assert page.index("KS 2022/0001-2") < page.index("KS 2022/0002-2") < page.index(
        "KS 2022/0001-1")
