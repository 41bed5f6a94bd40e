"""Crash safety: a process killed between commit and acknowledge loses nothing and, after a
restart, every message is there exactly once."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sqlmodel import select

from bot.context import open_context
from bot.db import session_scope
from bot.models import Submission
from bot.settings import load_settings
from tests.connectors.conftest import deliver, folder_count, imap_table, write_config
from tests.connectors.messages import fifty

ROOT = Path(__file__).resolve().parents[2]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, check=False)


def test_killed_between_commit_and_acknowledge_then_restarted(tmp_path, dovecot, imap_user):
    sent = fifty()[:6]
    deliver(dovecot, imap_user, [s.data for s in sent])
    home = tmp_path / "home"
    write_config(home, {"intag": imap_table(dovecot, imap_user)})

    crashed = _run("-m", "tests.connectors.crash_child", str(home), "3")
    assert crashed.returncode == 17, crashed.stderr
    assert folder_count(dovecot, imap_user, "Behandlat") == 2  # the third was never moved
    assert folder_count(dovecot, imap_user, "INBOX") == 4

    again = _run("-m", "bot", "--home", str(home), "fetch")
    assert again.returncode == 0, again.stderr
    assert "4 hämtade / fetched, 3 nya / new, 1 redan mottagna / already received" in again.stdout

    ctx = open_context(load_settings(home=home))
    with session_scope(ctx.engine) as session:
        ids = [s.meta["message_id"] for s in session.exec(select(Submission))]
    assert sorted(ids, key=str) == sorted((s.message_id for s in sent), key=str)
    assert folder_count(dovecot, imap_user, "INBOX") == 0
    assert folder_count(dovecot, imap_user, "Behandlat") == 6
