"""Backups in the database: each run recorded with its outcome, so the admin page can show the
last good backup and warn when it is too old."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlmodel import col, select

from bot.backup.write import BackupReceipt
from bot.context import open_context
from bot.db import session_scope
from bot.models import BackupRun, utcnow
from bot.settings import Settings


@contextlib.contextmanager
def recorded(settings: Settings,
             folder: Path) -> Iterator[Callable[[BackupReceipt], None]]:
    """Record a backup run: failed unless the body reports its receipt."""
    engine = open_context(settings).engine
    with session_scope(engine) as session:
        run = BackupRun(location=str(folder.resolve()))
        session.add(run)
    receipts: list[BackupReceipt] = []
    try:
        yield receipts.append
    except Exception as error:
        _close(engine, run.id, None, f"{type(error).__name__}: {error}"[:500])
        raise
    _close(engine, run.id, receipts[0] if receipts else None, None)


def _close(engine: object, run_id: int | None, receipt: BackupReceipt | None,
           error: str | None) -> None:
    with session_scope(engine) as session:  # type: ignore[arg-type]
        run = session.get(BackupRun, run_id)
        if run is None:
            return
        run.finished_at, run.ok, run.error = utcnow(), receipt is not None, error
        if receipt is not None:
            run.location, run.kind = str(receipt.location), receipt.kind
            run.blobs, run.bytes = receipt.blobs_copied, receipt.bytes_copied
        session.add(run)


def last_good(engine: object) -> BackupRun | None:
    with session_scope(engine) as session:  # type: ignore[arg-type]
        return session.exec(select(BackupRun).where(col(BackupRun.ok))
                            .order_by(col(BackupRun.id).desc())).first()


def backup_overdue(run: BackupRun | None, warn_hours: float,
                   now: datetime | None = None) -> bool:
    """True when there is no good backup, or the last one is older than `warn_hours`."""
    if run is None or run.finished_at is None:
        return True
    finished = run.finished_at if run.finished_at.tzinfo else run.finished_at.replace(tzinfo=UTC)
    return (now or utcnow()) - finished > timedelta(hours=warn_hours)
