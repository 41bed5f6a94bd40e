"""The cover sheet for a record the registry holds: the number checked against the registry,
the case's title and the record's description added for the person scanning."""

from __future__ import annotations

from sqlmodel import Session, select

from bot.casenumbers import Grammar, parse
from bot.matching.numbers import lookup
from bot.models import RegistryDocument
from bot.split.coversheet import Sheet, render


class SheetError(Exception):
    """No cover sheet for this number; the message says why (Swedish / English)."""


def sheet_for(session: Session, text: str, grammar: Grammar) -> Sheet:
    number = parse(text, grammar)
    if number is None:
        raise SheetError(f"inte ett diarienummer / not a case number: {text!r}")
    cases = lookup(session, number)
    if len(cases) != 1:
        raise SheetError(f"ärendet finns inte i diariet / case not in the registry: {text}")
    case = cases[0]
    number = type(number)(case.board_key or number.board, number.year, number.serial,
                          number.doc)
    if number.doc is None:
        return Sheet(number, case.title)
    doc = session.exec(select(RegistryDocument).where(
        RegistryDocument.case_id == case.id, RegistryDocument.doc_number == number.doc)).first()
    if doc is None:
        raise SheetError(f"handlingen finns inte i ärendet / no such record in the case: {text}")
    described = ", ".join(str(x) for x in (doc.description, doc.date) if x)
    return Sheet(number, case.title, described)


def cover_pdf(session: Session, text: str, grammar: Grammar) -> bytes:
    """The PDF of the cover sheet; SheetError when the registry has no such case or record."""
    return render(sheet_for(session, text, grammar))
