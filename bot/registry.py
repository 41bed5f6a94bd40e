"""Imports the surviving registry (cases, document records) from CSV exports; re-import updates."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import insert, update
from sqlmodel import Session, select

from bot.casenumbers import CaseNumber, Grammar
from bot.matching import index
from bot.models import Case, RegistryDocument
from bot.registry_csv import CaseRow, DocumentRow, RowError, parse_registry_csv

CaseKey = tuple[str, int, int]


@dataclass
class ImportReport:
    kind: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    indexed: int = 0

    def summary(self) -> str:
        return (
            f"{self.kind}: {self.created} nya / new, {self.updated} uppdaterade / updated, "
            f"{self.unchanged} oförändrade / unchanged, {len(self.errors)} fel / errors"
        )


def case_key(number: CaseNumber) -> CaseKey:
    return (number.board or "", number.year, number.serial)


def _case_values(row: CaseRow) -> dict[str, Any]:
    board_key, year, serial = case_key(row.case_number)
    return {
        "case_number": row.raw_case_number.strip() or row.case_number.display(),
        "board_key": board_key,
        "year": year,
        "serial": serial,
        "title": row.title,
        "board": row.board or (row.case_number.board or None),
        "opened": row.opened,
        "status": row.status,
        "handler": row.handler,
    }


def _differs(current: Any, values: dict[str, Any]) -> bool:
    return any(getattr(current, name) != value for name, value in values.items())


def _apply(
    session: Session,
    model: Any,
    existing: dict[Any, Any],
    rows: list[tuple[Any, dict[str, Any]]],
    report: ImportReport,
) -> None:
    """Insert new rows in bulk; update rows whose values changed; a later duplicate row wins."""
    new: dict[Any, dict[str, Any]] = {}
    for key, values in rows:
        current = existing.get(key)
        if current is None:
            new[key] = values
        elif _differs(current, values):
            session.execute(update(model).where(model.id == current.id).values(**values))
            report.updated += 1
        else:
            report.unchanged += 1
    batch = list(new.values())
    for start in range(0, len(batch), 5000):
        session.execute(insert(model), batch[start : start + 5000])
    report.created += len(batch)


def import_cases(session: Session, rows: list[CaseRow], report: ImportReport) -> None:
    existing = {(c.board_key, c.year, c.serial): c for c in session.exec(select(Case))}
    _apply(
        session, Case, existing, [(case_key(r.case_number), _case_values(r)) for r in rows], report
    )


def _case_ids(session: Session) -> tuple[dict[CaseKey, int], dict[tuple[int, int], list[int]]]:
    by_key: dict[CaseKey, int] = {}
    by_number: dict[tuple[int, int], list[int]] = {}
    for case_id, board, year, serial in session.exec(
        select(Case.id, Case.board_key, Case.year, Case.serial)
    ):
        by_key[(board, year, serial)] = case_id or 0
        by_number.setdefault((year, serial), []).append(case_id or 0)
    return by_key, by_number


def _resolve(
    number: CaseNumber, by_key: dict[CaseKey, int], by_number: dict[tuple[int, int], list[int]]
) -> int | None:
    if case_key(number) in by_key:
        return by_key[case_key(number)]
    same = by_number.get((number.year, number.serial), [])
    return same[0] if len(same) == 1 and not number.board else None


def import_documents(session: Session, rows: list[DocumentRow], report: ImportReport) -> None:
    by_key, by_number = _case_ids(session)
    existing = {(d.case_id, d.doc_number): d for d in session.exec(select(RegistryDocument))}
    resolved = []
    for row in rows:
        case_id = _resolve(row.case_number, by_key, by_number)
        if case_id is None:
            report.errors.append(
                RowError(row.line, f"okänt ärende / unknown case {row.raw_case_number}")
            )
            continue
        resolved.append(
            (
                (case_id, row.doc_number),
                {
                    "case_id": case_id,
                    "doc_number": row.doc_number,
                    "date": row.date,
                    "direction": row.direction,
                    "counterpart": row.counterpart,
                    "description": row.description,
                },
            )
        )
    _apply(session, RegistryDocument, existing, resolved, report)


def import_registry_csv(session: Session, data: bytes, grammar: Grammar) -> ImportReport:
    parsed = parse_registry_csv(data, grammar)
    report = ImportReport(parsed.kind, errors=list(parsed.errors))
    if parsed.kind == "cases":
        import_cases(session, parsed.rows, report)  # type: ignore[arg-type]
    else:
        import_documents(session, parsed.rows, report)  # type: ignore[arg-type]
    report.errors.sort(key=lambda e: e.line)
    report.indexed = index.rebuild(session)
    return report
