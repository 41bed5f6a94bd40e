"""Leases on items: a claim hands out a fencing token, a heartbeat renews the lease while the
stage runs, and the stage's writes commit only if the token still holds; leases of workers that
are known to be gone are freed at once."""

from __future__ import annotations

import logging
import os
import socket
import threading
from dataclasses import dataclass
from datetime import timedelta
from types import TracebackType
from typing import Any

from sqlalchemy import or_, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, col, select

from bot.db import session_scope
from bot.models import Item, utcnow
from bot.states import WORKABLE

log = logging.getLogger(__name__)


class LeaseLost(Exception):
    """Another worker took the item, or it left the pipeline state the stage started from
    (a registrar decided it): the stage's writes are discarded."""


@dataclass(frozen=True)
class Lease:
    """A claim on one item for one stage: `token` fences every write of that stage."""

    item_id: int
    token: int
    state: str
    attempts: int  # claims of this stage so far, this one included
    owner: str


def _pid_namespace() -> str:
    try:
        return str(os.stat("/proc/self/ns/pid").st_ino)
    except OSError:
        return "0"


def owner_name(pid: int | None = None) -> str:
    """host:pid:pid-namespace, so that a lease's holder can be told dead on this machine."""
    return f"{socket.gethostname()}:{pid or os.getpid()}:{_pid_namespace()}"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie (dead, not yet reaped) holds nothing
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def owner_is_gone(owner: str | None) -> bool:
    """True only when the holder is certainly dead: a process of this machine and namespace
    that no longer runs. Holders elsewhere are never judged (their lease expires instead)."""
    parts = (owner or "").split(":")
    if len(parts) != 3 or not parts[1].isdigit():
        return False
    host, pid, namespace = parts
    if host != socket.gethostname() or namespace != _pid_namespace():
        return False
    return int(pid) != os.getpid() and not _pid_alive(int(pid))


def _free() -> Any:
    return or_(col(Item.lease_until).is_(None), col(Item.lease_until) < utcnow())


def _take(session: Session, item_id: int, owner: str, seconds: int) -> Lease | None:
    """Compare-and-set: bump the token and count the attempt in the same write."""
    row = session.execute(
        update(Item)
        .where(col(Item.id) == item_id, col(Item.state).in_(WORKABLE), _free())
        .values(lease_owner=owner, lease_until=utcnow() + timedelta(seconds=seconds),
                lease_token=col(Item.lease_token) + 1, attempts=col(Item.attempts) + 1)
        .returning(col(Item.lease_token), col(Item.state), col(Item.attempts))
    ).first()
    if row is None:
        return None
    return Lease(item_id, int(row[0]), str(row[1]), int(row[2]), owner)


def claim(engine: Engine, owner: str, seconds: int) -> Lease | None:
    """Take the oldest workable item whose lease is free; portable compare-and-set."""
    with session_scope(engine) as session:
        for item_id in session.exec(
            select(Item.id).where(col(Item.state).in_(WORKABLE), _free())
            .order_by(col(Item.id)).limit(8)
        ):
            lease = _take(session, item_id or 0, owner, seconds)
            if lease is not None:
                return lease
    return None


def _held(lease: Lease) -> Any:
    return (col(Item.id) == lease.item_id, col(Item.lease_token) == lease.token,
            col(Item.state) == lease.state)


def fence(session: Session, lease: Lease) -> None:
    """In the stage's own transaction: still ours and still in the state it started from,
    or LeaseLost (the caller rolls back). The write also frees the lease."""
    done = session.execute(update(Item).where(*_held(lease))
                           .values(lease_owner=None, lease_until=None))
    if done.rowcount != 1:  # type: ignore[attr-defined]
        raise LeaseLost(f"item {lease.item_id}: lease {lease.token} lost")


def still_held(engine: Engine, lease: Lease) -> bool:
    with session_scope(engine) as session:
        found = session.exec(select(Item.id).where(*_held(lease))).first()
    return found is not None


def renew(engine: Engine, lease: Lease, seconds: int) -> bool:
    """Push the lease's end forward; False when it is no longer ours."""
    with session_scope(engine) as session:
        done = session.execute(update(Item).where(*_held(lease)).values(
            lease_until=utcnow() + timedelta(seconds=seconds)))
        return bool(done.rowcount == 1)  # type: ignore[attr-defined]


class Heartbeat:
    """Renews a lease every third of its length while a stage runs (a thread of the worker)."""

    def __init__(self, engine: Engine, lease: Lease, seconds: int) -> None:
        self.engine, self.lease, self.seconds = engine, lease, seconds
        self.stopped = threading.Event()
        self.lost = threading.Event()
        self.thread = threading.Thread(target=self._beat, daemon=True,
                                       name=f"lease-{lease.item_id}")

    def _beat(self) -> None:
        while not self.stopped.wait(max(0.2, self.seconds / 3)):
            try:
                if not renew(self.engine, self.lease, self.seconds):
                    self.lost.set()
                    log.warning("item %s: lease lost while its stage ran", self.lease.item_id)
                    return
            except OperationalError as error:  # busy database: try again next beat
                log.warning("item %s: lease not renewed (%s)", self.lease.item_id,
                            type(error).__name__)

    def __enter__(self) -> Heartbeat:
        self.thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.stopped.set()
        self.thread.join()


def free_leases_of_gone(engine: Engine) -> int:
    """Free the leases whose holder is certainly dead (see owner_is_gone); returns how many."""
    freed = 0
    for item_id, owner, token in held_leases(engine):
        if owner_is_gone(owner):
            with session_scope(engine) as session:
                done = session.execute(update(Item).where(
                    col(Item.id) == item_id, col(Item.lease_token) == token)
                    .values(lease_owner=None, lease_until=None))
                freed += int(done.rowcount)  # type: ignore[attr-defined]
    return freed


def free_leases_of(engine: Engine, owner: str) -> int:
    """Free every lease held by this owner (a worker process its supervisor saw die)."""
    with session_scope(engine) as session:
        done = session.execute(update(Item).where(col(Item.lease_owner) == owner,
                                                  col(Item.state).in_(WORKABLE))
                               .values(lease_owner=None, lease_until=None))
        return int(done.rowcount)  # type: ignore[attr-defined]


def held_leases(engine: Engine) -> list[tuple[int, str, int]]:
    """(item id, holder, token) of every workable item under a lease that has not run out."""
    with session_scope(engine) as session:
        rows = session.exec(select(Item.id, Item.lease_owner, Item.lease_token).where(
            col(Item.state).in_(WORKABLE), col(Item.lease_until) >= utcnow())).all()
    return [(int(i or 0), str(o or ""), int(t)) for i, o, t in rows]
