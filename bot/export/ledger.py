"""The export ledger: a run per export, an entry per file delivered to a target, so a second
export of the same target adds nothing and a write-back never sends a file twice."""

from __future__ import annotations

from sqlmodel import Session, select

from bot.models import ExportEntry, ExportRun, utcnow
from bot.states import record


def start_run(session: Session, target: str, actor: str) -> ExportRun:
    run = ExportRun(target=target, actor=actor)
    session.add(run)
    session.flush()
    return run


def entry(session: Session, target: str, item_id: int) -> ExportEntry | None:
    return session.exec(select(ExportEntry).where(
        ExportEntry.target == target, ExportEntry.item_id == item_id)).first()


def mark(session: Session, run: ExportRun, item_id: int, state: str,
         remote_ref: str | None = None, error: str | None = None) -> ExportEntry:
    """Record (or update) the item's delivery to the run's target."""
    row = entry(session, run.target, item_id) or ExportEntry(
        target=run.target, item_id=item_id, run_id=run.id or 0)
    row.run_id, row.state, row.at = run.id or 0, state, utcnow()
    row.remote_ref, row.error = remote_ref or row.remote_ref, error
    row.attempts += state != "sending"
    session.add(row)
    session.flush()
    return row


def finish_run(session: Session, run: ExportRun, files: int, failed: int,
               location: str | None) -> ExportRun:
    """Close the run and put it in the audit trail."""
    run.files, run.failed, run.location, run.finished_at = files, failed, location, utcnow()
    session.add(run)
    record(session, actor=run.actor, action="export",
           reason=f"{run.target}: {files} filer / files, {failed} fel / failed")
    return run
