"""Imports the surviving registry (cases, document records) from CSV exports; re-import updates.

A file is read as a stream and written in batches: each batch looks up the rows it already has by
key, inserts the new ones, updates the changed ones and leaves the rest alone, so re-importing an
unchanged export writes nothing (and the search index is rebuilt only when something changed).
A key met twice in one file is reported on the later row, which is not imported."""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any, BinaryIO

from sqlalchemy import Table, bindparam, insert, select, tuple_, update
from sqlmodel import Session

from bot.casenumbers import CaseNumber, Grammar
from bot.matching import index
from bot.models import Case, RegistryDocument
from bot.registry_csv import CaseRow, DocumentRow, RowError, read_registry

CaseKey = tuple[str, int, int]
BATCH = 2000
CASES: Table = Case.__table__  # type: ignore[attr-defined]
DOCUMENTS: Table = RegistryDocument.__table__  # type: ignore[attr-defined]
CASE_FIELDS = ("case_number", "board_key", "year", "serial", "title", "board", "opened",
               "status", "handler")
DOC_FIELDS = ("case_id", "doc_number", "date", "direction", "counterpart", "description")


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

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


def case_key(number: CaseNumber) -> CaseKey:
    return (number.board or "", number.year, number.serial)


def _case_values(row: CaseRow) -> dict[str, Any]:
    board_key, year, serial = case_key(row.case_number)
    return {
        "case_number": row.raw_case_number.strip() or row.case_number.display(),
        "board_key": board_key, "year": year, "serial": serial, "title": row.title,
        "board": row.board or (row.case_number.board or None), "opened": row.opened,
        "status": row.status, "handler": row.handler,
    }


def _doc_values(row: DocumentRow, case_id: int) -> dict[str, Any]:
    return {"case_id": case_id, "doc_number": row.doc_number, "date": row.date,
            "direction": row.direction, "counterpart": row.counterpart,
            "description": row.description}


class _Seen:
    """The keys met so far in one file and the line of each (for 'the same as line N')."""

    def __init__(self) -> None:
        self.lines: dict[Any, int] = {}
        self.boards: dict[str, int] = {}

    def board(self, board: str) -> int:
        """Boards as small numbers, so that a case key packs into one int."""
        return self.boards.setdefault(board, len(self.boards))

    def earlier(self, key: tuple[Any, ...], line: int) -> int | None:
        compact = _compact(key)
        first = self.lines.setdefault(compact, line)
        return None if first == line else first


def _compact(key: tuple[Any, ...]) -> Any:
    """One int for a key of small ints (a tuple of Python objects costs ~4x the memory)."""
    if all(isinstance(part, int) and 0 <= part < 1 << 31 for part in key):
        number = 0
        for part in key:
            number = number << 31 | part
        return number
    return key


def _duplicate(line: int, first: int) -> RowError:
    return RowError(line, f"samma nyckel som rad {first}, raden importeras inte / "
                          f"the same key as line {first}, this row is not imported")


def _apply(session: Session, table: Table, fields: tuple[str, ...],
           wanted: dict[tuple[Any, ...], dict[str, Any]],
           existing: dict[tuple[Any, ...], Any], report: ImportReport) -> None:
    """Insert the new rows, update the changed ones, count the unchanged (one batch)."""
    new, changed = [], []
    written = itemgetter(*fields)
    for key, values in wanted.items():
        current = existing.get(key)
        if current is None:
            new.append(values)
        elif tuple(current)[1:] != written(values):
            changed.append({"_id": current[0], **values})
        else:
            report.unchanged += 1
    if new:
        session.execute(insert(table), new)
    if changed:
        session.execute(update(table).where(table.c.id == bindparam("_id"))
                        .values({name: bindparam(name) for name in fields}), changed)
    report.created += len(new)
    report.updated += len(changed)


def _existing(session: Session, table: Table, fields: tuple[str, ...], key_columns: tuple[str, ...],
              keys: Iterable[tuple[Any, ...]]) -> dict[tuple[Any, ...], Any]:
    """The stored rows of these keys, each as (id, *fields)."""
    wanted = list(keys)
    if not wanted:
        return {}
    key = tuple_(*(table.c[name] for name in key_columns))
    rows = session.execute(select(table.c.id, *(table.c[name] for name in fields))
                           .where(key.in_(wanted))).all()
    at = [fields.index(name) + 1 for name in key_columns]
    return {tuple(row[i] for i in at): row for row in rows}


def _case_batch(session: Session, rows: list[CaseRow], seen: _Seen,
                report: ImportReport) -> None:
    wanted: dict[tuple[Any, ...], dict[str, Any]] = {}
    for row in rows:
        key = case_key(row.case_number)
        first = seen.earlier((seen.board(key[0]), key[1], key[2]), row.line)
        if first is not None:
            report.errors.append(_duplicate(row.line, first))
            continue
        wanted[key] = _case_values(row)
    existing = _existing(session, CASES, CASE_FIELDS, ("board_key", "year", "serial"), wanted)
    _apply(session, CASES, CASE_FIELDS, wanted, existing, report)


def _cases_for(session: Session, rows: list[DocumentRow]
               ) -> tuple[dict[CaseKey, int], dict[tuple[int, int], list[int]]]:
    """The cases a batch of document rows names: by full key, and by (year, serial) for
    numbers written without a board."""
    pairs = {(r.case_number.year, r.case_number.serial) for r in rows}
    by_key: dict[CaseKey, int] = {}
    by_number: dict[tuple[int, int], list[int]] = {}
    found = session.execute(select(CASES.c.id, CASES.c.board_key, CASES.c.year, CASES.c.serial)
                            .where(tuple_(CASES.c.year, CASES.c.serial).in_(pairs)))
    for case_id, board, year, serial in found:
        by_key[(board, year, serial)] = case_id
        by_number.setdefault((year, serial), []).append(case_id)
    return by_key, by_number


def _resolve(number: CaseNumber, by_key: dict[CaseKey, int],
             by_number: dict[tuple[int, int], list[int]]) -> int | None:
    if case_key(number) in by_key:
        return by_key[case_key(number)]
    same = by_number.get((number.year, number.serial), [])
    return same[0] if len(same) == 1 and not number.board else None


def _doc_batch(session: Session, rows: list[DocumentRow], seen: _Seen,
               report: ImportReport) -> None:
    by_key, by_number = _cases_for(session, rows)
    wanted: dict[tuple[Any, ...], dict[str, Any]] = {}
    for row in rows:
        case_id = _resolve(row.case_number, by_key, by_number)
        if case_id is None:
            report.errors.append(
                RowError(row.line, f"okänt ärende / unknown case {row.raw_case_number}"))
            continue
        first = seen.earlier((case_id, row.doc_number), row.line)
        if first is not None:
            report.errors.append(_duplicate(row.line, first))
            continue
        wanted[(case_id, row.doc_number)] = _doc_values(row, case_id)
    existing = _existing(session, DOCUMENTS, DOC_FIELDS, ("case_id", "doc_number"), wanted)
    _apply(session, DOCUMENTS, DOC_FIELDS, wanted, existing, report)


def _batches(items: Iterator[Any], report: ImportReport) -> Iterator[list[Any]]:
    """Rows in batches of BATCH; row errors go to the report as they come."""
    batch: list[Any] = []
    for item in items:
        if isinstance(item, RowError):
            report.errors.append(item)
            continue
        batch.append(item)
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def import_registry_file(session: Session, stream: BinaryIO, grammar: Grammar,
                         reindex: bool = True) -> ImportReport:
    """Import one export from a binary file object; the search index is rebuilt afterwards
    when something changed (pass reindex=False to rebuild once after several files)."""
    parsed = read_registry(stream, grammar)
    report, seen = ImportReport(parsed.kind), _Seen()
    work = _doc_batch if parsed.kind == "documents" else _case_batch
    for batch in _batches(parsed.items, report):
        work(session, batch, seen, report)
    report.errors.sort(key=lambda e: e.line)
    if reindex and report.changed:
        report.indexed = index.rebuild(session)
    return report


def import_registry_csv(session: Session, data: bytes, grammar: Grammar) -> ImportReport:
    return import_registry_file(session, io.BytesIO(data), grammar)
