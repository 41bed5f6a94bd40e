"""The coverage counts — registered records, recovered, proposed, missing — per board, year, kind
and case, each from a few SQL GROUP BY queries over the record profiles."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func
from sqlalchemy import select as columns
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col

from bot.models import Item, Proposal, RecordProfile, RegistryDocument
from bot.states import QUEUED

RECOVERED, MISSING = "recovered", "missing"


@dataclass
class Counts:
    """Registered records; those with a recovered file; those still missing but named by the best
    proposal of an item waiting in the queue (not yet confirmed)."""

    records: int = 0
    recovered: int = 0
    proposed: int = 0

    @property
    def missing(self) -> int:
        return self.records - self.recovered

    @property
    def share(self) -> float:
        return self.recovered / self.records if self.records else 0.0

    def add(self, other: Counts) -> None:
        self.records += other.records
        self.recovered += other.recovered
        self.proposed += other.proposed

    def as_json(self) -> dict[str, Any]:
        return {"records": self.records, "recovered": self.recovered, "proposed": self.proposed,
                "missing": self.missing, "share": round(self.share, 4)}


@dataclass(frozen=True)
class Scope:
    """Which records to count: a board (its case-number prefix), a year, a kind; empty = all."""

    board: str | None = None
    year: int | None = None
    kind: str | None = None
    case_id: int | None = None

    def conditions(self) -> list[ColumnElement[bool]]:
        found = []
        for name in ("board_key", "year", "kind", "case_id"):
            value = getattr(self, "board" if name == "board_key" else name)
            if value is not None:
                found.append(col(getattr(RecordProfile, name)) == value)
        return found


@dataclass
class Cube:
    """Counts per (board, year, kind), and what is summed from them."""

    cells: dict[tuple[str, int, str], Counts] = field(default_factory=dict)

    def total(self) -> Counts:
        return _sum(self.cells.values())

    def by(self, axis: int) -> list[tuple[Any, Counts]]:
        """Counts per board (0), year (1) or kind (2), in key order."""
        groups: dict[Any, Counts] = {}
        for key, counts in self.cells.items():
            groups.setdefault(key[axis], Counts()).add(counts)
        return sorted(groups.items(), key=lambda kv: kv[0])


def _sum(counts: Iterable[Counts]) -> Counts:
    total = Counts()
    for one in counts:
        total.add(one)
    return total


def _grouped(session: Session, keys: list[Any], scope: Scope, what: str) -> list[Any]:
    """One GROUP BY: all records, the recovered ones, or the proposed (missing) ones."""
    p = RecordProfile
    if what == "records":
        query = columns(*keys, func.count()).select_from(p)
    elif what == RECOVERED:
        query = columns(*keys, func.count()).select_from(p).join(
            RegistryDocument, col(RegistryDocument.id) == col(p.document_id)).where(
            col(RegistryDocument.file_status) == RECOVERED)
    else:
        query = columns(*keys, func.count(func.distinct(col(p.document_id)))).select_from(p).join(
            RegistryDocument, col(RegistryDocument.id) == col(p.document_id)).join(
            Proposal, col(Proposal.document_id) == col(p.document_id)).join(
            Item, col(Item.id) == col(Proposal.item_id)).where(
            col(RegistryDocument.file_status) == MISSING, col(Proposal.rank) == 0,
            col(Item.state) == QUEUED)
    return list(session.execute(query.where(*scope.conditions()).group_by(*keys)).all())


COLUMNS = ("records", RECOVERED, "proposed")
Column = dict[tuple[Any, ...], int]  # a key's count of records, recovered or proposed


def _column(session: Session, keys: list[Any], scope: Scope, what: str) -> Column:
    return {tuple(key): int(n) for *key, n in _grouped(session, keys, scope, what)}


def _assembled(columns: dict[str, Column]) -> dict[Any, Counts]:
    found: dict[Any, Counts] = {}
    for what in COLUMNS:
        for key, n in columns[what].items():
            setattr(found.setdefault(key, Counts()), what, n)
    return found


def _counted(session: Session, keys: list[Any], scope: Scope) -> dict[Any, Counts]:
    return _assembled({what: _column(session, keys, scope, what) for what in COLUMNS})


def _cube_keys() -> list[Any]:
    p = RecordProfile
    return [col(p.board_key), col(p.year), col(p.kind)]


def cube_column(session: Session, scope: Scope, what: str) -> Column:
    """One of the cube's columns: records, recovered or proposed per (board, year, kind)."""
    return _column(session, _cube_keys(), scope, what)


def assembled(columns: dict[str, Column]) -> Cube:
    """The cube from its three columns."""
    return Cube(_assembled(columns))


def cube(session: Session, scope: Scope = Scope()) -> Cube:
    return Cube(_counted(session, _cube_keys(), scope))


def by_case(session: Session, scope: Scope) -> dict[int, Counts]:
    """Counts per case id within the scope (a board and year: some hundreds of cases)."""
    return {key[0]: counts for key, counts in
            _counted(session, [col(RecordProfile.case_id)], scope).items()}
