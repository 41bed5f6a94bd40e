"""Scheduled keeping, by configuration: exports to `export_dir`, write-backs to Public 360, and
backups to `backup_dir`, each at its own interval, one run of each at a time; failures are
recorded (backups on the admin page) and retried at the next interval, never raised."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from apscheduler.schedulers.background import BackgroundScheduler

from bot.context import Context

log = logging.getLogger(__name__)


def _export(ctx: Context) -> None:
    from bot.export.run import export_folder

    receipt = export_folder(ctx, Path(ctx.settings.export_dir), ctx.settings.export_format,
                            actor="schemalagd / scheduled")
    log.info("scheduled export: %d files", receipt.files)


def _writeback(ctx: Context) -> None:
    from bot.export.sif import SifAdapter
    from bot.export.writeback import write_back

    report = write_back(ctx, SifAdapter(ctx.settings.sif_url, ctx.settings.sif_authkey),
                        actor="schemalagd / scheduled")
    log.info("scheduled write-back: %s", report.summary())


def _backup(ctx: Context) -> None:
    from bot.backup.record import recorded
    from bot.backup.write import write_backup

    folder = Path(ctx.settings.backup_dir)
    with recorded(ctx.settings, folder) as note:
        note(write_backup(ctx.settings, folder, ctx.settings.backup_age_recipients))


def _guarded(job: Callable[[Context], None], ctx: Context) -> Callable[[], None]:
    def run() -> None:
        try:
            job(ctx)
        except Exception as error:  # a scheduled job reports and waits for its next turn
            log.warning("scheduled %s failed: %s", job.__name__.strip("_"), type(error).__name__)

    return run


def jobs(ctx: Context) -> list[tuple[Callable[[Context], None], float]]:
    """(job, hours) for every keeping job the settings turn on."""
    s = ctx.settings
    wanted = [(_export, s.export_every_hours, bool(s.export_dir)),
              (_writeback, s.sif_every_hours, bool(s.sif_url and s.sif_authkey)),
              (_backup, s.backup_every_hours, bool(s.backup_dir))]
    return [(job, hours) for job, hours, on in wanted if on and hours > 0]


def start_keeping(ctx: Context) -> BackgroundScheduler | None:
    """Start the configured jobs in a background scheduler; None when none is configured."""
    wanted = jobs(ctx)
    if not wanted:
        return None
    scheduler = BackgroundScheduler(daemon=True)
    for job, hours in wanted:
        scheduler.add_job(_guarded(job, ctx), "interval", hours=hours, max_instances=1,
                          coalesce=True, id=job.__name__)
    scheduler.start()
    return scheduler
