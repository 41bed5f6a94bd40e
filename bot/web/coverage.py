"""The coverage pages: how much is recovered, with a weekly progress chart, drilling down from the
whole registry to a board, a year, its cases, and one case's records (missing ones with the
people who may hold them)."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from datetime import date
from typing import Any
from urllib.parse import urlencode

from aiohttp import web
from sqlmodel import Session, col, select

from bot.coverage import profile
from bot.coverage.cache import cached
from bot.coverage.holders import Directory
from bot.coverage.numbers import Counts, Scope, by_case
from bot.coverage.report import Report, current
from bot.coverage.svg import progress_chart, stacked_bar
from bot.coverage.wanted import records
from bot.i18n import translate
from bot.models import Case, RegistryDocument
from bot.outreach.history import history
from bot.web.common import ctx_of, in_db, int_or_none, lang_of, render

MAX_CASES = 300


def scope_of(query: Mapping[str, str]) -> Scope:
    board = str(query.get("board", "")).strip().upper()[:12]
    year = int_or_none(str(query.get("year", "")).strip()[:4])
    kind = str(query.get("kind", "")).strip()[:30]
    return Scope(board=board or None, year=year, kind=kind or None)


def link(scope: Scope, path: str = "/coverage", **changes: Any) -> str:
    values = {"board": scope.board, "year": scope.year, "kind": scope.kind} | changes
    query = urlencode({k: v for k, v in values.items() if v not in (None, "")})
    return f"{path}?{query}" if query else path


def _cases(session: Session, scope: Scope) -> list[tuple[Case, Counts]]:
    """The scope's cases, those missing most records first (a board and year: some hundreds)."""
    counted: dict[int, Counts] = cached(session, ("cases", scope), lambda: by_case(session, scope))
    worst = sorted(counted, key=lambda i: (-counted[i].missing, i))[:MAX_CASES]
    cases = {c.id: c for c in session.exec(select(Case).where(col(Case.id).in_(worst)))}
    return [(cases[i], counted[i]) for i in worst if i in cases]


def _overview(session: Session, scope: Scope, today: date) -> dict[str, Any]:
    result = current(session, scope, today)
    drill = scope.board is not None and scope.year is not None
    return {"report": result, "cases": _cases(session, scope) if drill else []}


def _bars(lang: str) -> Any:
    def bar(counts: Counts) -> Any:
        return stacked_bar(counts, translate("coverage.chart_label", lang, **_numbers(counts)))
    return bar


def _numbers(counts: Counts) -> dict[str, Any]:
    return {"records": counts.records, "recovered": counts.recovered,
            "proposed": counts.proposed, "missing": counts.missing}


def _tables(result: Report, lang: str) -> list[tuple[str, str, list[Any], str]]:
    """(heading, first column, rows of (label, link, counts), id) for the axes not yet fixed."""
    scope, names = result.scope, result.board_names
    tables = []
    if scope.board is None:
        rows = [(f"{k} {names[k]}" if names.get(k, k) != k else k, link(scope, board=k), c)
                for k, c in result.cube.by(0)]
        tables.append(("coverage.by_board", "coverage.board", rows, "by-board"))
    if scope.year is None:
        rows = [(str(k), link(scope, year=k), c) for k, c in result.cube.by(1)]
        tables.append(("coverage.by_year", "coverage.year", rows, "by-year"))
    if scope.kind is None:
        rows = [(translate(f"kind.{k}", lang), link(scope, kind=k), c)
                for k, c in sorted(result.cube.by(2), key=lambda kc: -kc[1].records)]
        tables.append(("coverage.by_kind", "coverage.kind", rows, "by-kind"))
    return [(translate(h, lang), translate(f, lang), rows, i) for h, f, rows, i in tables]


async def coverage_page(request: web.Request) -> web.Response:
    scope = scope_of(request.query)
    await asyncio.to_thread(profile.ensure, ctx_of(request).engine)
    data = await in_db(request, _overview, scope, date.today())
    lang, result = lang_of(request), data["report"]
    chart = progress_chart(result.weeks, translate("coverage.progress", lang),
                           translate("coverage.per_week", lang),
                           translate("coverage.cumulative", lang))
    return render(request, "coverage.html", scope=scope, link=link, chart=chart,
                  bar=_bars(lang), tables=_tables(result, lang),
                  board_name=result.board_names.get(scope.board or "", scope.board), **data)


def _case(session: Session, case_id: int, directory: Directory) -> dict[str, Any] | None:
    case = session.get(Case, case_id)
    if case is None:
        return None
    ids = list(session.exec(select(RegistryDocument.id).where(
        RegistryDocument.case_id == case_id).order_by(col(RegistryDocument.doc_number))).all())
    explained = {w.document.id: w for w in records(session, [i or 0 for i in ids], directory)}
    rows = [explained[i] for i in ids if i in explained]
    counts = by_case(session, Scope(case_id=case_id)).get(case_id, Counts())
    return {"case": case, "rows": rows, "counts": counts,
            "asked": history(session, [i or 0 for i in ids])}


async def case_page(request: web.Request) -> web.Response:
    await asyncio.to_thread(profile.ensure, ctx_of(request).engine)
    directory = Directory(ctx_of(request).settings)
    data = await in_db(request, _case, int(request.match_info["case_id"]), directory)
    if data is None:
        return render(request, "error.html", status=404, message_key="error.no_case")
    return render(request, "coverage_case.html", bar=_bars(lang_of(request)), link=link,
                  scope=Scope(board=data["case"].board_key, year=data["case"].year), **data)


def routes() -> list[web.RouteDef]:
    return [web.get("/coverage", coverage_page),
            web.get(r"/coverage/cases/{case_id:\d+}", case_page)]
