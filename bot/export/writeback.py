"""Write-back: attach each confirmed file to its document record in the live registry through
an adapter, one file at a time, each delivery in the ledger before and after it is sent, so a
crash or a lost answer never sends a file twice and a failure stays with its file."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Protocol

from bot.context import Context
from bot.db import session_scope
from bot.export.files import ExportFile, confirmed_files
from bot.export.ledger import entry, finish_run, mark, start_run
from bot.models import ExportRun

RETRY_DELAYS = (0.5, 2.0)  # within one run, for errors the adapter calls transient
MAX_ATTEMPTS = 5  # across runs; then the file waits for an operator (`export retry`)


class WriteBackError(Exception):
    """The registry refused or could not take a file; `transient` errors are worth retrying."""

    def __init__(self, message: str, transient: bool = False, uncertain: bool = False) -> None:
        super().__init__(message)
        self.transient = transient or uncertain
        self.uncertain = uncertain  # the request may have arrived: look before sending again


class WriteBack(Protocol):
    """A registry product's way of taking a recovered file."""

    target: str  # the ledger's name for this registry, e.g. "sif:https://…"

    def attach(self, file: ExportFile, data: bytes) -> str:
        """Attach the file to its record; returns the registry's reference to it."""
        ...

    def find(self, file: ExportFile) -> str | None:
        """The reference of this very file (by its SHA-256) if the registry already has it."""
        ...


@dataclass
class WriteBackReport:
    sent: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (f"{len(self.sent)} skickade / sent, {len(self.failed)} misslyckade / failed, "
                f"{len(self.skipped)} överhoppade / skipped")


def _attach(adapter: WriteBack, file: ExportFile, data: bytes) -> str:
    """Send, retrying transient errors; after an answer was lost, look before sending again."""
    for delay in (*RETRY_DELAYS, None):
        try:
            return adapter.attach(file, data)
        except WriteBackError as error:
            if not error.transient or delay is None:
                raise
            time.sleep(delay)
            found = adapter.find(file) if error.uncertain else None
            if found:
                return found
    raise AssertionError("unreachable")


def _deliver(ctx: Context, adapter: WriteBack, run: ExportRun, file: ExportFile) -> str:
    """One file: after any earlier try, look first (its answer may have been lost); then mark,
    send, mark."""
    item_id = file.item.id or 0
    with session_scope(ctx.engine) as session:
        if entry(session, run.target, item_id) is not None:
            found = adapter.find(file)
            if found:
                mark(session, run, item_id, "sent", remote_ref=found)
                return found
        mark(session, run, item_id, "sending")
    data = ctx.blobs.get(file.item.sha256)
    try:
        ref = _attach(adapter, file, data)
    except WriteBackError as error:
        with session_scope(ctx.engine) as session:
            mark(session, run, item_id, "failed", error=str(error)[:500])
        raise
    with session_scope(ctx.engine) as session:
        mark(session, run, item_id, "sent", remote_ref=ref)
    return ref


def _exhausted(ctx: Context, target: str, file: ExportFile) -> bool:
    with session_scope(ctx.engine) as session:
        row = entry(session, target, file.item.id or 0)
        return row is not None and row.state == "failed" and row.attempts >= MAX_ATTEMPTS


def write_back(ctx: Context, adapter: WriteBack, actor: str = "cli") -> WriteBackReport:
    """Send every confirmed file the registry does not have yet; a new document (no record in
    the registry to attach to) is left for the registrar to register by hand."""
    report = WriteBackReport()
    with session_scope(ctx.engine) as session:
        files = confirmed_files(session, adapter.target)
        run = start_run(session, adapter.target, actor)
    for file in files:
        if file.document is None or _exhausted(ctx, adapter.target, file):
            report.skipped.append(file.record_number)
            continue
        try:
            _deliver(ctx, adapter, run, file)
            report.sent.append(file.record_number)
        except WriteBackError:
            report.failed.append(file.record_number)
    with session_scope(ctx.engine) as session:
        finish_run(session, session.merge(run), len(report.sent), len(report.failed), None)
    return report
