"""The coverage report as data: totals, by board, by year, by kind, and the weekly progress, for
the web page and for `diariebot coverage --json` alike."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from bot.coverage import profile
from bot.coverage.cache import cached
from bot.coverage.numbers import Counts, Cube, Scope, cube
from bot.coverage.progress import Week, progress
from bot.db import session_scope
from bot.models import Case


@dataclass
class Report:
    scope: Scope
    cube: Cube
    total: Counts
    weeks: list[Week]
    board_names: dict[str, str]

    def as_json(self) -> dict[str, Any]:
        """The output contract of `coverage --json` (see docs/coverage.md)."""
        return {
            **self.total.as_json(),
            "filters": {"board": self.scope.board, "year": self.scope.year},
            "by_board": [{"board": key, "name": self.board_names.get(key, key), **c.as_json()}
                         for key, c in self.cube.by(0)],
            "by_year": [{"year": key, **c.as_json()} for key, c in self.cube.by(1)],
            "by_kind": [{"kind": key, **c.as_json()} for key, c in self.cube.by(2)],
            "weeks": [{"week": w.start.isoformat(), "recovered": w.recovered,
                       "cumulative": w.cumulative, "share": round(w.share, 4)}
                      for w in self.weeks],
        }


def board_names(session: Session) -> dict[str, str]:
    """Board prefix -> the board's name as the registry writes it (the first one seen)."""
    rows = session.exec(select(Case.board_key, func.min(col(Case.board)))
                        .group_by(col(Case.board_key))).all()
    return {key: name or key for key, name in rows}


def build(session: Session, scope: Scope, today: date) -> Report:
    counted = cube(session, scope)
    total = counted.total()
    return Report(scope, counted, total, progress(session, scope, total.records, today),
                  board_names(session))


def current(session: Session, scope: Scope, today: date) -> Report:
    """The report as the database stands, computed again only when something it counts has
    changed (bot.coverage.cache); shared, so not to be changed."""
    return cached(session, ("report", scope, today), lambda: build(session, scope, today))


def report(engine: Engine, scope: Scope, today: date) -> Report:
    """The report, with the record profiles brought up to date with the registry first."""
    profile.ensure(engine)
    with session_scope(engine) as session:
        return current(session, scope, today)
