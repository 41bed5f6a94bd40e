"""The queue list as queries: filters from the address, keyset paging in four sort orders,
counts per state and confidence band, the item that comes after a given one, and soft claims
(who has an item open, so that the others' "next" passes it by)."""

from __future__ import annotations

import math
import re
import time
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import func, or_, tuple_, update
from sqlalchemy import select as columns
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col, select

from bot.models import QueueEntry, utcnow
from bot.states import QUEUED
from bot.web.common import INT64, BadRequest
from bot.web.facets import VISIBLE

PAGE_SIZE = 50
BANDS = ("high", "medium", "low", "none")
SORTS = {  # name: (column, descending)
    "oldest": (None, False), "newest": (None, True),
    "score_desc": ("score", True), "score_asc": ("score", False),
}
OPTIONS_SECONDS = 60.0


@dataclass(frozen=True)
class Filters:
    """What the registrar narrowed the queue to; round-trips through the query string."""

    state: str = "queued"
    confidence: str = ""
    channel: str = ""
    board: str = ""
    year: str = ""
    submitter: str = ""
    has_number: str = ""  # "" | yes | no
    sort: str = "oldest"

    @classmethod
    def parse(cls, query: Mapping[str, str]) -> Filters:
        raw = {k: str(query.get(k, "")).strip()[:200] for k in cls.__dataclass_fields__}
        raw["state"] = raw["state"] if raw["state"] in (*VISIBLE, "all") else "queued"
        raw["confidence"] = raw["confidence"] if raw["confidence"] in BANDS else ""
        raw["has_number"] = raw["has_number"] if raw["has_number"] in ("yes", "no") else ""
        raw["sort"] = raw["sort"] if raw["sort"] in SORTS else "oldest"
        raw["year"] = raw["year"] if re.fullmatch(r"[0-9]{4}", raw["year"]) else ""
        return cls(**raw)

    def query(self, **changes: str) -> str:
        """The query string for these filters (defaults left out), with some changed."""
        values = asdict(replace(self, **changes))
        return urlencode({k: v for k, v in values.items() if v and getattr(Filters, k, None) != v})

    def conditions(self, skip: str = "", also_skip: str = "") -> list[ColumnElement[bool]]:
        found: list[ColumnElement[bool]] = []
        for name in ("state", "confidence", "channel", "board"):
            value = getattr(self, name)
            if value and value != "all" and name not in (skip, also_skip):
                found.append(col(getattr(QueueEntry, name)) == value)
        if self.year and skip != "year":
            found.append(col(QueueEntry.year) == int(self.year))
        if self.submitter:
            found.append(col(QueueEntry.submitter) == self.submitter.lower())
        if self.has_number:
            found.append(col(QueueEntry.has_number).is_(self.has_number == "yes"))
        return found


def cursor_of(entry: QueueEntry, sort: str) -> str:
    return f"{entry.score!r}:{entry.item_id}" if SORTS[sort][0] else str(entry.item_id)


def keyset(sort: str, cursor: str) -> ColumnElement[bool]:
    """The keyset condition for a page cursor; BadRequest when it is not one we hand out."""
    column, descending = SORTS[sort]
    try:
        score, _, number = cursor.rpartition(":") if column is not None else ("0", "", cursor)
        item_id, value = int(number), float(score)
    except ValueError as error:
        raise BadRequest("after") from error
    if not (0 <= item_id <= INT64 and math.isfinite(value)):
        raise BadRequest("after")
    if column is None:
        return col(QueueEntry.item_id) < item_id if descending else col(
            QueueEntry.item_id) > item_id
    key = tuple_(col(QueueEntry.score), col(QueueEntry.item_id))
    return key < (value, item_id) if descending else key > (value, item_id)


def page(session: Session, filters: Filters, after: str = "", size: int = PAGE_SIZE,
         also: ColumnElement[bool] | None = None) -> tuple[list[QueueEntry], str]:
    """One page of entries (those meeting `also` too, if given) and the cursor of the next page
    ('' at the end)."""
    query = select(QueueEntry).where(*filters.conditions())
    if also is not None:
        query = query.where(also)
    if after:
        query = query.where(keyset(filters.sort, after))
    column, descending = SORTS[filters.sort]
    keys = [col(QueueEntry.score)] if column else []
    keys.append(col(QueueEntry.item_id))
    query = query.order_by(*(k.desc() if descending else k for k in keys)).limit(size + 1)
    rows = list(session.exec(query).all())
    more = len(rows) > size
    rows = rows[:size]
    return rows, cursor_of(rows[-1], filters.sort) if more and rows else ""


def counts(session: Session, filters: Filters) -> dict[str, dict[str, int]]:
    """Entries per state (other filters applied) and per band (all filters but the band), from
    one scan of the covering facet index."""
    rows = session.exec(select(QueueEntry.state, QueueEntry.confidence, func.count())
                        .where(*filters.conditions(skip="state", also_skip="confidence"))
                        .group_by(col(QueueEntry.state), col(QueueEntry.confidence))).all()
    by_state: dict[str, int] = {}
    by_band: dict[str, int] = {}
    for state, band, n in rows:
        if filters.confidence in ("", band):
            by_state[state] = by_state.get(state, 0) + n
        if filters.state in ("all", state):
            by_band[band] = by_band.get(band, 0) + n
    return {"state": by_state, "confidence": by_band}


def next_after(session: Session, filters: Filters, item_id: int, me: str = "",
               now: datetime | None = None) -> int | None:
    """The item after this one in the registrar's current order, for 'next' and prefetching;
    items someone else (not `me`) has claimed until after `now` are passed by."""
    entry = session.get(QueueEntry, item_id)
    cursor = cursor_of(entry, filters.sort) if entry else str(item_id)
    if entry is None and SORTS[filters.sort][0]:
        filters = replace(filters, sort="oldest")
    rows, _ = page(session, filters, cursor, size=1, also=unclaimed(me, now or utcnow()))
    return rows[0].item_id if rows else None


@dataclass(frozen=True)
class Claim:
    """Someone else's live claim on an item: who has it open, and until when (UTC)."""

    by: str
    until: datetime


def unclaimed(me: str, now: datetime) -> ColumnElement[bool]:
    """Entries no one but `me` holds a live claim on: one more condition in the same query, so
    'next' stays one index walk however many items are claimed."""
    until = col(QueueEntry.claimed_until)
    return or_(until.is_(None), until <= now, col(QueueEntry.claimed_by) == me)


def claim(session: Session, item_id: int, me: str, now: datetime, minutes: float
          ) -> Claim | None:
    """Claim a queued item for `me` until `minutes` from `now` (one UPDATE by primary key),
    unless someone else's claim is live; returns that other claim, or None."""
    session.execute(update(QueueEntry)
                    .where(col(QueueEntry.item_id) == item_id, col(QueueEntry.state) == QUEUED,
                           unclaimed(me, now))
                    .values(claimed_by=me, claimed_until=now + timedelta(minutes=minutes))
                    .execution_options(synchronize_session=False))
    row = session.execute(columns(col(QueueEntry.state), col(QueueEntry.claimed_by),
                                  col(QueueEntry.claimed_until))
                          .where(col(QueueEntry.item_id) == item_id)).first()
    if row is None or row[0] != QUEUED:
        return None
    return _other(row[1], row[2], me, now)


def release(session: Session, item_id: int, me: str | None = None) -> None:
    """End the claim on an item: only `me`'s when named (a skip), anyone's when not (decided)."""
    query = update(QueueEntry).where(col(QueueEntry.item_id) == item_id,
                                     col(QueueEntry.claimed_by).is_not(None))
    if me is not None:
        query = query.where(col(QueueEntry.claimed_by) == me)
    session.execute(query.values(claimed_by=None, claimed_until=None)
                    .execution_options(synchronize_session=False))


def _other(by: str | None, until: datetime | None, me: str, now: datetime) -> Claim | None:
    if by is None or until is None or by == me or until <= now:
        return None
    return Claim(by, until)


def claims(entries: Sequence[QueueEntry], me: str, now: datetime) -> dict[int, Claim]:
    """Others' live claims among list rows already read (no query), by item id."""
    found = {e.item_id: _other(e.claimed_by, e.claimed_until, me, now) for e in entries}
    return {item_id: c for item_id, c in found.items() if c is not None}


_OPTIONS: dict[str, Any] = {"at": 0.0, "values": {}}


def options(session: Session) -> dict[str, list[Any]]:
    """Channels, boards and years that occur, for the filter menus (cached for a minute)."""
    if time.monotonic() - _OPTIONS["at"] > OPTIONS_SECONDS:
        _OPTIONS["values"] = {
            name: sorted(v for v in session.exec(select(getattr(QueueEntry, name)).distinct())
                         if v not in (None, ""))
            for name in ("channel", "board", "year")}
        _OPTIONS["at"] = time.monotonic()
    values: dict[str, list[Any]] = _OPTIONS["values"]
    return values
