"""Progress over time: records recovered per week and the cumulative share of the registry. A
record counts from the day the confirmation that still stands filed a copy into it (the earliest,
if several copies were filed), so the last point equals today's recovered count."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, col, select

from bot.coverage.numbers import RECOVERED, Scope
from bot.decisions import CONFIRMING
from bot.models import Decision, Item, RecordProfile, RegistryDocument
from bot.states import CONFIRMED

MAX_WEEKS = 520  # ten years of weekly bars; older weeks are folded into the first bar


@dataclass(frozen=True)
class Week:
    start: date  # its Monday
    recovered: int
    cumulative: int
    share: float  # cumulative / registered records in the scope


def recovered_days(session: Session, scope: Scope) -> list[tuple[date, int]]:
    """(day, records first recovered that day), from each confirmed item's standing decision."""
    latest = (select(col(Decision.item_id), func.max(col(Decision.id)).label("decision_id"))
              .where(col(Decision.action).in_(CONFIRMING)).group_by(col(Decision.item_id))
              .subquery())
    first = (select(func.min(col(Decision.at)).label("at")).select_from(latest)
             .join(Decision, col(Decision.id) == latest.c.decision_id)
             .join(Item, col(Item.id) == col(Decision.item_id))
             .join(RegistryDocument, col(RegistryDocument.id) == col(Decision.document_id))
             .join(RecordProfile, col(RecordProfile.document_id) == col(Decision.document_id))
             .where(col(Item.state) == CONFIRMED, col(RegistryDocument.file_status) == RECOVERED,
                    *scope.conditions())
             .group_by(col(Decision.document_id)).subquery())
    day = func.date(first.c.at)
    rows = session.exec(select(day, func.count()).group_by(day).order_by(day)).all()
    return [(_as_date(d), int(n)) for d, n in rows if d is not None]


def _as_date(value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def weekly(days: list[tuple[date, int]], records: int, today: date) -> list[Week]:
    """Every week from the first recovery to this one (empty weeks too), with running totals."""
    if not days:
        return []
    per_week: dict[date, int] = {}
    for day, n in days:
        per_week[monday(day)] = per_week.get(monday(day), 0) + n
    last = max(monday(today), max(per_week))
    first = max(min(per_week), last - timedelta(weeks=MAX_WEEKS - 1))
    older = sum(n for week, n in per_week.items() if week < first)
    weeks, total, start = [], 0, first
    while start <= last:
        n = per_week.get(start, 0) + (older if start == first else 0)
        total += n
        weeks.append(Week(start, n, total, total / records if records else 0.0))
        start += timedelta(weeks=1)
    return weeks


def progress(session: Session, scope: Scope, records: int, today: date) -> list[Week]:
    return weekly(recovered_days(session, scope), records, today)
