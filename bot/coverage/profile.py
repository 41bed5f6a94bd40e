"""Each registry record's profile for the coverage views (board, year, kind, importance), rebuilt
from the registry whenever it has been imported again, so the views aggregate with plain GROUP BY
over one narrow indexed table instead of reading descriptions at every look."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import groupby
from typing import Any

from sqlalchemy import delete, insert, update
from sqlalchemy import select as columns
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from bot.coverage.kinds import builds_on, is_open, kind_of, weight
from bot.db import session_scope
from bot.models import Case, RecordProfile, RecordProfileState, RegistryDocument, RegistryState

BATCH = 5000
DEPENDENT_POINTS, DEPENDENT_CAP = 2, 3  # per later record building on it, counted up to three
OPEN_POINTS = 3
RULES = 1  # raise when the kinds or the points change: profiles are then rebuilt at the next look

Row = tuple[int, int, int, str, str | None]  # document id, case id, number, direction, description


def registry_version(session: Session) -> int:
    """The version profiles must be built from: the registry's, and these rules'."""
    state = session.get(RegistryState, 1)
    return (state.version if state else 0) * 1000 + RULES


def profiled_version(session: Session) -> int:
    state = session.get(RecordProfileState, 1)
    return state.version if state else -1


def importance(kind_weight: int, dependents: int, open_case: bool) -> int:
    return (kind_weight + DEPENDENT_POINTS * min(dependents, DEPENDENT_CAP)
            + (OPEN_POINTS if open_case else 0))


def _case_profiles(case: tuple[str, int, bool], rows: list[Row]) -> Iterator[dict[str, Any]]:
    board_key, year, open_case = case
    kinds = [kind_of(description, direction) for _, _, _, direction, description in rows]
    for i, (doc_id, case_id, _, direction, _) in enumerate(rows):
        dependents = sum(builds_on(kinds[i], later) for later in kinds[i + 1:])
        yield {"document_id": doc_id, "case_id": case_id, "board_key": board_key, "year": year,
               "kind": kinds[i], "dependents": dependents, "open_case": open_case,
               "importance": importance(weight(kinds[i], direction), dependents, open_case)}


def _profiles(session: Session) -> Iterator[dict[str, Any]]:
    cases = {case_id: (board, year, is_open(status)) for case_id, board, year, status in
             session.exec(select(Case.id, Case.board_key, Case.year, Case.status)).all()}
    d = RegistryDocument
    rows = session.execute(columns(col(d.id), col(d.case_id), col(d.doc_number),
                                   col(d.direction), col(d.description))
                           .order_by(col(d.case_id), col(d.doc_number))
                           .execution_options(yield_per=BATCH))
    for case_id, group in groupby(rows, key=lambda row: int(row[1])):
        yield from _case_profiles(cases[case_id], [tuple(row) for row in group])


def _claim(session: Session, version: int) -> bool:
    """Take the rebuild for this version (a write first: it waits for a rebuild under way in
    another process, then finds the version already done)."""
    won = session.execute(update(RecordProfileState).where(
        col(RecordProfileState.id) == 1, col(RecordProfileState.version) != version)
        .values(version=version))
    return bool(won.rowcount)  # type: ignore[attr-defined]


def rebuild(session: Session, version: int) -> bool:
    """Rebuild the profiles for this registry version, unless another process already has;
    call it in a transaction whose first statement this is. True if rebuilt."""
    if not _claim(session, version):
        return False
    session.execute(delete(RecordProfile))
    batch: list[dict[str, Any]] = []
    for profile in _profiles(session):
        batch.append(profile)
        if len(batch) == BATCH:
            session.execute(insert(RecordProfile), batch)
            batch = []
    if batch:
        session.execute(insert(RecordProfile), batch)
    return True


def ensure(engine: Engine) -> bool:
    """Profiles that match the registry: a cheap look when they do, a rebuild (seconds on a large
    registry, once per import) when they do not. True if rebuilt."""
    with session_scope(engine) as session:
        version = registry_version(session)
        if profiled_version(session) == version:
            return False
    with session_scope(engine) as session:
        return rebuild(session, version)
