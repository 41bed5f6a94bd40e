"""Scheduled keeping and the admin page: jobs only where configured, a scheduled backup recorded
and shown, the warning when the last good backup is too old."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from bot.auth import add_user
from bot.backup.record import backup_overdue, last_good
from bot.db import session_scope
from bot.export.schedule import _backup, _export, _guarded, jobs
from bot.models import BackupRun, utcnow
from tests.web.conftest import PASSWORD, log_in


@pytest.fixture
def accounts(home):
    ctx, _ = home
    with session_scope(ctx.engine) as session:
        add_user(session, "ada", PASSWORD, "admin")
    return {"admin": "ada", "registrar": "rut"}


def test_no_keeping_jobs_without_configuration(ctx):
    assert jobs(ctx) == []


def test_configured_jobs_run_and_a_backup_is_recorded(home, tmp_path):
    ctx, _ = home
    ctx.settings.backup_dir = str(tmp_path / "kopior")
    ctx.settings.export_dir = str(tmp_path / "ut")
    assert [job for job, _ in jobs(ctx)] == [_export, _backup]
    for job, _ in jobs(ctx):
        _guarded(job, ctx)()
    good = last_good(ctx.engine)
    assert good is not None and good.ok and Path(good.location).exists()
    assert list((tmp_path / "ut").glob("uuid-*"))  # the default scheduled format is FGS


def test_a_failing_scheduled_backup_is_recorded_not_raised(home, tmp_path):
    ctx, _ = home
    blocker = tmp_path / "fil"
    blocker.write_text("not a folder")
    ctx.settings.backup_dir = str(blocker / "kopior")
    _guarded(_backup, ctx)()
    assert last_good(ctx.engine) is None


def test_overdue_when_none_or_old():
    assert backup_overdue(None, 30)
    fresh = BackupRun(location="x", ok=True, finished_at=utcnow())
    assert not backup_overdue(fresh, 30)
    assert backup_overdue(fresh, 30, now=utcnow() + timedelta(hours=31))


@pytest.mark.parametrize("done", [False, True])
async def test_admin_page_shows_the_last_good_backup_or_warns(home, accounts, tmp_path, done):
    from aiohttp.test_utils import TestClient, TestServer

    from bot.web import make_app

    ctx, _ = home
    if done:
        ctx.settings.backup_dir = str(tmp_path / "kopior")
        _guarded(_backup, ctx)()
    async with TestClient(TestServer(make_app(ctx, background=False))) as client:
        await log_in(client, accounts["admin"])
        page = await (await client.get("/admin/archive")).text()
    assert ("Senaste lyckade säkerhetskopia" in page) is done
    assert ("Ingen lyckad säkerhetskopia ännu" in page) is not done


async def test_registrars_do_not_see_the_admin_page(home, accounts):
    from aiohttp.test_utils import TestClient, TestServer

    from bot.web import make_app

    ctx, _ = home
    async with TestClient(TestServer(make_app(ctx, background=False))) as client:
        await log_in(client, accounts["registrar"])
        resp = await client.get("/admin/archive", allow_redirects=False)
    assert resp.status == 403
