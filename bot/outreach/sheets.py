"""The cover sheets (försättsblad) a request carries: one PDF per record asked for, so the person
prints it, lays it on top of the paper copy and scans — the split stage then files the pages
under that record (docs/split.md)."""

from __future__ import annotations

from sqlmodel import Session, col, select

from bot.casenumbers import Grammar
from bot.models import Case, OutreachRecord, RegistryDocument
from bot.split.sheets import SheetError, cover_pdf

MAX_SHEETS = 20  # a request for more records carries sheets for the first twenty

Attachment = tuple[str, str, bytes]  # file name, media type, bytes


def sheet_name(number: str) -> str:
    """'KS 2021/0456-3' -> 'forsattsblad-KS-2021-0456-3.pdf' (as the web's cover sheet link)."""
    return "forsattsblad-" + "".join(c if c.isalnum() else "-" for c in number) + ".pdf"


def sheet_names(numbers: list[str]) -> list[str]:
    return [sheet_name(n) for n in numbers[:MAX_SHEETS]]


def numbers_of(session: Session, request_id: int) -> list[str]:
    """The records a request asks for, as 'KS 2021/0456-3', in the order they were listed."""
    rows = session.exec(select(Case.case_number, RegistryDocument.doc_number)
                        .join(RegistryDocument, col(RegistryDocument.case_id) == col(Case.id))
                        .join(OutreachRecord,
                              col(OutreachRecord.document_id) == col(RegistryDocument.id))
                        .where(OutreachRecord.request_id == request_id)
                        .order_by(col(OutreachRecord.id))).all()
    return [f"{number}-{doc}" for number, doc in rows]


def sheets(session: Session, request_id: int, grammar: Grammar) -> list[Attachment]:
    """The request's cover sheets; a record the registry no longer knows gets none."""
    found = []
    for number in numbers_of(session, request_id)[:MAX_SHEETS]:
        try:
            found.append((sheet_name(number), "application/pdf", cover_pdf(session, number,
                                                                           grammar)))
        except SheetError:
            continue
    return found
