"""Search-as-you-type for choosing a case or document record: a typed case number (whole or its
beginning) or words, looked up in the full-text index of cases (SQLite FTS5; on PostgreSQL a
tsvector over the same indexed words)."""

from __future__ import annotations

import re

from aiohttp import web
from sqlalchemy import text
from sqlmodel import Session, col, select

from bot.casenumbers import CaseNumber, Grammar, parse
from bot.matching.index import is_available
from bot.matching.numbers import lookup
from bot.matching.text import properties, property_token, words
from bot.models import Case, RegistryDocument
from bot.web.common import ctx_of, in_db, render

MAX_CASES = 8
MAX_DOCUMENTS = 8
NUMBER_START = re.compile(r"^[A-Za-zÅÄÖåäö]{1,6}[ /-]?\d")
MIN_PREFIX = 3
TOKEN = re.compile(r"[a-z0-9]+")


def _by_number(session: Session, number: CaseNumber) -> list[Case]:
    return lookup(session, number.without_doc())[:MAX_CASES]


def _by_prefix(session: Session, typed: str) -> list[Case]:
    """Case numbers as the registry writes them, beginning with what was typed."""
    found: dict[int, Case] = {}
    for start in dict.fromkeys((typed, typed.upper())):
        query = select(Case).where(col(Case.case_number) >= start,
                                   col(Case.case_number) < start + "\uffff")
        for case in session.exec(query.order_by(col(Case.case_number)).limit(MAX_CASES)):
            found[case.id or 0] = case
    return list(found.values())[:MAX_CASES]


def _terms(typed: str) -> list[tuple[str, bool]]:
    """The indexed words of what was typed, each with whether it may be a beginning: every word
    must occur; the word still being typed may be a beginning."""
    terms = [(w, False) for w in words(typed)]
    last = typed.split()[-1] if typed.split() else ""
    if terms and not typed[-1:].isspace() and last.isalpha() and len(last) >= MIN_PREFIX:
        terms[-1] = (terms[-1][0], True)
    return terms + [(property_token(p), False) for p in properties(typed)]


def match_expression(typed: str) -> str:
    """SQLite FTS5 query: every word must occur; the word being typed may be a beginning."""
    return " ".join(f'"{t}"' + ("*" if prefix else "") for t, prefix in _terms(typed))


def tsquery_expression(typed: str) -> str:
    """The same query for PostgreSQL's to_tsquery (index tokens are plain a-z and digits)."""
    return " & ".join(f"'{t}'" + (":*" if prefix else "") for t, prefix in _terms(typed)
                      if TOKEN.fullmatch(t))


FTS5_QUERY = text("SELECT rowid FROM case_search WHERE case_search MATCH :q"
                  " ORDER BY rank LIMIT :n")
POSTGRES_QUERY = text(
    "SELECT rowid FROM case_search, to_tsquery('simple', :q) AS q"
    " WHERE to_tsvector('simple', body) @@ q"
    " ORDER BY ts_rank(to_tsvector('simple', body), q) DESC, rowid LIMIT :n")


def _by_words(session: Session, typed: str) -> list[Case]:
    postgres = session.get_bind().dialect.name == "postgresql"
    expression = tsquery_expression(typed) if postgres else match_expression(typed)
    if not expression:
        return []
    if not is_available(session):
        query = select(Case).where(col(Case.title).ilike(f"%{typed.strip()}%"))
        return list(session.exec(query.limit(MAX_CASES)).all())
    ids = [r[0] for r in session.execute(POSTGRES_QUERY if postgres else FTS5_QUERY,
                                         {"q": expression, "n": MAX_CASES})]
    cases = {c.id: c for c in session.exec(select(Case).where(col(Case.id).in_(ids)))}
    return [cases[i] for i in ids if i in cases]


def find(session: Session, typed: str, grammar: Grammar) -> tuple[list[Case], int | None]:
    """Cases for what was typed, and the document number when a whole number named one."""
    typed = typed.strip()[:200]
    if not typed:
        return [], None
    number = parse(typed, grammar)
    exact = _by_number(session, number) if number is not None else []
    if exact or number is not None or NUMBER_START.match(typed):
        # "KS 2021/04" is a whole number too (serial 4) but most likely the start of one
        more = [c for c in _by_prefix(session, typed) if c not in exact]
        return (exact + more)[:MAX_CASES], number.doc if number and exact else None
    return _by_words(session, typed), None


def _documents(session: Session, cases: list[Case]) -> dict[int, list[RegistryDocument]]:
    found: dict[int, list[RegistryDocument]] = {c.id or 0: [] for c in cases}
    query = select(RegistryDocument).where(col(RegistryDocument.case_id).in_(list(found)))
    for doc in session.exec(query.order_by(col(RegistryDocument.doc_number))):
        found[doc.case_id].append(doc)
    for docs in found.values():  # missing files first: those are the ones copies fill
        docs.sort(key=lambda d: (d.file_status != "missing", -d.doc_number))
        del docs[MAX_DOCUMENTS:]
    return found


def _results(session: Session, typed: str, grammar: Grammar
             ) -> tuple[list[Case], int | None, dict[int, list[RegistryDocument]]]:
    cases, doc_number = find(session, typed, grammar)
    return cases, doc_number, _documents(session, cases)


async def search(request: web.Request) -> web.Response:
    """An HTML fragment of choosable rows, put under the search box as the registrar types."""
    typed = request.query.get("q", "")
    mode = "new" if request.query.get("mode") == "new" else "reassign"
    cases, doc_number, documents = await in_db(request, _results, typed, ctx_of(request).grammar)
    return render(request, "_results.html", cases=cases, documents=documents,
                  doc_number=doc_number, mode=mode, typed=typed)


def routes() -> list[web.RouteDef]:
    return [web.get("/api/search", search)]
