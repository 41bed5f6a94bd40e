"""One export of the confirmed files not yet delivered to a folder: read what is new, write the
batch (manifest) or the package (FGS) whole, then record every file in the ledger and the run
in the audit trail — so a second export adds nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlmodel import col, select

from bot.context import Context
from bot.db import session_scope
from bot.export.fgs import write_package
from bot.export.files import ExportFile, confirmed_files
from bot.export.folder import locked
from bot.export.ledger import finish_run, mark, start_run
from bot.export.manifest import write_batch
from bot.export.names import file_path
from bot.models import ExportRun, utcnow

FORMATS = ("manifest", "fgs")


@dataclass(frozen=True)
class ExportReceipt:
    """What an export delivered: how many files, where, under which run."""

    target: str
    files: int
    location: Path | None = None
    run_id: int | None = None

    def summary(self) -> str:
        if not self.files:
            return "inget nytt att exportera / nothing new to export"
        return (f"{self.files} filer exporterade till {self.location} (körning {self.run_id}) / "
                f"{self.files} files exported")


def target_of(fmt: str, out_dir: Path) -> str:
    return f"{fmt}:{out_dir.resolve()}"


def _batch_name(created: datetime) -> str:
    return f"diariebot-export-{created.strftime('%Y%m%dT%H%M%SZ')}"


def _write(ctx: Context, fmt: str, out_dir: Path, files: list[ExportFile],
           created: datetime) -> Path:
    organisation = ctx.settings.archive_organisation
    if fmt == "fgs":
        return write_package(ctx.blobs, out_dir, files, organisation, created)[0]
    header = {"format": "manifest", "created": created.isoformat(timespec="seconds"),
              "organisation": organisation, "files": len(files)}
    batch = out_dir / _batch_name(created)
    write_batch(ctx.blobs, batch, files, header)
    return batch


def export_folder(ctx: Context, out_dir: Path, fmt: str, actor: str = "cli",
                  since: datetime | None = None, everything: bool = False,
                  clock: Callable[[], datetime] = utcnow) -> ExportReceipt:
    """Export what is new for this folder and format (all confirmed files with `everything`,
    only those confirmed since `since` when given)."""
    if fmt not in FORMATS:
        raise ValueError(f"okänt format / unknown format: {fmt}")
    target = target_of(fmt, out_dir)
    with locked(out_dir):
        with session_scope(ctx.engine) as session:
            files = confirmed_files(session, None if everything else target, since)
        if not files:
            return ExportReceipt(target, 0)
        location = _write(ctx, fmt, out_dir, files, clock())
        with session_scope(ctx.engine) as session:
            run = start_run(session, target, actor)
            for f in files:
                mark(session, run, f.item.id or 0, "sent", remote_ref=str(file_path(f)))
            finish_run(session, run, len(files), 0, str(location))
            return ExportReceipt(target, len(files), location, run.id)


def last_export(ctx: Context, fmt: str, out_dir: Path) -> datetime | None:
    """When this folder last received an export (for `--since last`)."""
    with session_scope(ctx.engine) as session:
        run = session.exec(select(ExportRun).where(ExportRun.target == target_of(fmt, out_dir))
                           .order_by(col(ExportRun.id).desc())).first()
        return run.started_at if run else None
