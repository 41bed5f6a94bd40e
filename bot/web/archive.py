"""The admin page for keeping the recovered archive safe: the last good backup (with a warning
when it is too old), recent backups, and recent exports and write-backs."""

from __future__ import annotations

from typing import Any

from aiohttp import web
from sqlmodel import Session, col, select

from bot.backup.record import backup_overdue
from bot.models import BackupRun, ExportRun
from bot.web.common import CTX, in_db, render

RECENT = 10


def _status(session: Session, warn_hours: float) -> dict[str, Any]:
    backups = list(session.exec(select(BackupRun).order_by(col(BackupRun.id).desc())
                                .limit(RECENT)).all())
    good = session.exec(select(BackupRun).where(col(BackupRun.ok))
                        .order_by(col(BackupRun.id).desc())).first()
    exports = list(session.exec(select(ExportRun).order_by(col(ExportRun.id).desc())
                                .limit(RECENT)).all())
    return {"backups": backups, "good": good, "overdue": backup_overdue(good, warn_hours),
            "exports": exports}


async def archive_page(request: web.Request) -> web.Response:
    settings = request.app[CTX].settings
    data = await in_db(request, _status, settings.backup_warn_hours)
    return render(request, "archive.html", warn_hours=settings.backup_warn_hours,
                  scheduled=bool(settings.backup_dir), **data)


def routes() -> list[web.RouteDef]:
    return [web.get("/admin/archive", archive_page)]
