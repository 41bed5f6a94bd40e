"""Coverage numbers kept until something they count changes: each is stored with the database's
stamp — the head of the audit chain (its id and hash), the registry's version and the record
profiles' version — and computed again when the stamp has moved.

Every change the numbers count is audited in its own transaction: an item's state (transition),
a record's file recovered or restored by an undo (file_status), an item's proposals replaced (by
the worker's stage, whose transition is audited, or with a submitter's hint), a decision; a
registry import moves the registry's version. Audit events are appended one writer at a time
(SQLite's lock, PostgreSQL's advisory lock held until commit), so their ids follow commit order:
a change committed after the stamp was read gives a newer head. The head's hash names the whole
audited history, so a database restored from a backup (same address, other history) is not
taken for the one counted before. The stamp is read before the numbers, so what is kept is never
older than its stamp."""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from sqlalchemy import select as columns
from sqlmodel import Session, col

from bot.coverage.profile import profiled_version, registry_version
from bot.models import AuditEvent

T = TypeVar("T")
KEEP = 256  # kept results per database (scopes looked at since the last change)
Stamp = tuple[Any, ...]

_KEPT: dict[str, tuple[Stamp, dict[Hashable, Any]]] = {}
_LOCK = threading.Lock()  # the web computes in threads


def stamp(session: Session) -> Stamp:
    """What the coverage numbers are counted from: the audit chain's head, the registry's
    version, the record profiles' version."""
    head = session.execute(columns(col(AuditEvent.id), col(AuditEvent.hash))
                           .order_by(col(AuditEvent.id).desc()).limit(1)).first()
    return (tuple(head) if head else (0, ""), registry_version(session), profiled_version(session))


def cached(session: Session, key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()`'s result for `key`, kept until the stamp moves; the result is shared between
    callers, so it must not be changed."""
    now = stamp(session)
    where = session.get_bind().engine.url.render_as_string(hide_password=True)
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


def clear() -> None:
    """Forget every kept result (the bench measures computing them)."""
    with _LOCK:
        _KEPT.clear()
