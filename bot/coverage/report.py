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
from bot.coverage.cache import AUDITED, DECIDED, REGISTRY, cached
from bot.coverage.numbers import (
    RECOVERED,
    Column,
    Counts,
    Cube,
    Scope,
    assembled,
    cube,
    cube_column,
)
from bot.coverage.progress import Week, progress, recovered_days, weekly
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


def kept_board_names(session: Session) -> dict[str, str]:
    """The boards' names, kept until the next registry import."""
    return cached(session, "names", lambda: board_names(session), REGISTRY)


def build(session: Session, scope: Scope, today: date) -> Report:
    counted = cube(session, scope)
    total = counted.total()
    return Report(scope, counted, total, progress(session, scope, total.records, today),
                  board_names(session))


# Each part kept at the level of what it is counted from (bot/coverage/cache.py): a decision
# counts recovered records and their days again, an item queued only the proposed ones.
LEVEL_OF = {"records": REGISTRY, RECOVERED: DECIDED, "proposed": AUDITED}


def _column(session: Session, scope: Scope, what: str) -> Column:
    return cached(session, (what, scope), lambda: cube_column(session, scope, what),
                  LEVEL_OF[what])


def _parts(session: Session, scope: Scope, today: date) -> Report:
    counted = assembled({what: _column(session, scope, what) for what in LEVEL_OF})
    total = counted.total()
    days = cached(session, ("days", scope), lambda: recovered_days(session, scope), DECIDED)
    return Report(scope, counted, total, weekly(days, total.records, today),
                  kept_board_names(session))


def current(session: Session, scope: Scope, today: date) -> Report:
    """The report as the database stands, its parts counted again only when something they
    count has changed (bot/coverage/cache.py); shared, so not to be changed."""
    return cached(session, ("report", scope, today), lambda: _parts(session, scope, today))


def report(engine: Engine, scope: Scope, today: date) -> Report:
    """The report, with the record profiles brought up to date with the registry first."""
    profile.ensure(engine)
    with session_scope(engine) as session:
        return current(session, scope, today)
