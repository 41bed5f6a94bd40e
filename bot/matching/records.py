"""Light, read-only copies of registry rows for matching: an item weighs dozens of candidate
cases and their records, and loading those as ORM objects cost more than scoring them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlmodel import Session, col

from bot.models import Case, RegistryDocument


@dataclass(frozen=True, slots=True)
class CaseRec:
    id: int
    case_number: str
    board_key: str
    year: int
    serial: int
    title: str
    board: str | None = None
    opened: date | None = None


@dataclass(frozen=True, slots=True)
class DocRec:
    id: int
    case_id: int
    doc_number: int
    date: date | None = None
    direction: str | None = None
    counterpart: str | None = None
    description: str | None = None
    file_status: str = "missing"


CASE_COLUMNS = [col(c) for c in (Case.id, Case.case_number, Case.board_key, Case.year,
                                  Case.serial, Case.title, Case.board, Case.opened)]
DOC_COLUMNS = [col(c) for c in (
    RegistryDocument.id, RegistryDocument.case_id, RegistryDocument.doc_number,
    RegistryDocument.date, RegistryDocument.direction, RegistryDocument.counterpart,
    RegistryDocument.description, RegistryDocument.file_status)]


def load_cases(session: Session, case_ids: set[int]) -> dict[int, tuple[CaseRec, list[DocRec]]]:
    """The cases and their records (by number), two queries whatever their count."""
    if not case_ids:
        return {}
    ids = list(case_ids)
    found: dict[int, tuple[CaseRec, list[DocRec]]] = {row[0]: (CaseRec(*row), []) for row in
             session.execute(select(*CASE_COLUMNS).where(col(Case.id).in_(ids)))}
    docs = session.execute(select(*DOC_COLUMNS).where(col(RegistryDocument.case_id).in_(ids))
                           .order_by(col(RegistryDocument.doc_number)))
    for row in docs:
        found[row[1]][1].append(DocRec(*row))
    return found
