"""Coverage numbers kept until something they count changes. Each is kept under a stamp read from
the database at every look, at one of three levels, by what it is counted from:

- REGISTRY: the registry's version and the record profiles' version (an import moves them):
  the registered records per board, year and kind, the boards' names;
- DECIDED: those, and the decisions (the newest one's id and time, and how many: decisions are
  only ever added): what is recovered and when. A record's file is recovered or restored, and
  an item confirmed or taken back, only by a decision, in the transaction that adds it;
- AUDITED: those, and the head of the audit chain (its id and hash): everything else, such as
  the proposals of queued items. Every change the numbers count is audited in its own
  transaction (an item's state, its proposals replaced by the worker's stage or a submitter's
  hint, a decision). Events are appended one writer at a time (SQLite's lock, PostgreSQL's
  advisory lock held until commit), so a change committed after the stamp was read gives a newer
  head; its hash names the whole audited history, so a database restored from a backup is not
  taken for the one counted before.

The stamp is read before the numbers, so what is kept is never older than its stamp."""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from sqlalchemy import func
from sqlalchemy import select as columns
from sqlmodel import Session, col

from bot.coverage.profile import profiled_version, registry_version
from bot.models import AuditEvent, Decision

T = TypeVar("T")
REGISTRY, DECIDED, AUDITED = "registry", "decided", "audited"
LEVELS = (REGISTRY, DECIDED, AUDITED)
KEEP = 256  # kept results per database and level (scopes looked at since the last change)
Stamp = tuple[Any, ...]

_KEPT: dict[tuple[str, str], tuple[Stamp, dict[Hashable, Any]]] = {}
_LOCK = threading.Lock()  # the web computes in threads


def stamp(session: Session, level: str = AUDITED) -> Stamp:
    """What numbers kept at `level` are counted from."""
    found: Stamp = (registry_version(session), profiled_version(session))
    if level == DECIDED:  # the newest one's time tells a restored database's apart
        newest = session.execute(columns(col(Decision.id), col(Decision.at))
                                 .order_by(col(Decision.id).desc()).limit(1)).first()
        found += (*(newest or (0, None)), session.execute(
            columns(func.count(col(Decision.id)))).scalar_one())
    elif level == AUDITED:
        head = session.execute(columns(col(AuditEvent.id), col(AuditEvent.hash))
                               .order_by(col(AuditEvent.id).desc()).limit(1)).first()
        found += tuple(head) if head else (0, "")
    return found


def cached(session: Session, key: Hashable, compute: Callable[[], T], level: str = AUDITED
           ) -> T:
    """`compute()`'s result for `key`, kept until the stamp of `level` moves; the result is
    shared between callers, so it must not be changed."""
    now = stamp(session, level)
    where = (session.get_bind().engine.url.render_as_string(hide_password=True), level)
    with _LOCK:
        kept_stamp, kept = _KEPT.get(where, ((), {}))
        if key in kept and kept_stamp == now:
            result: T = kept[key]
            return result
    result = compute()
    with _LOCK:
        kept_stamp, kept = _KEPT.get(where, ((), {}))
        if kept_stamp != now:
            kept = {}
            _KEPT[where] = (now, kept)
        if len(kept) >= KEEP:
            kept.pop(next(iter(kept)))
        kept[key] = result
    return result


def clear(*levels: str) -> None:
    """Forget the results kept at these levels (all when none is named), as a change would:
    the bench measures counting again."""
    with _LOCK:
        for where in list(_KEPT):
            if not levels or where[1] in levels:
                del _KEPT[where]
