"""IMAP IDLE against a real Dovecot: a wait ends as soon as mail is appended, on its timeout or
on stop, and the scheduler fetches new mail within seconds even with an hour-long interval."""

from __future__ import annotations

import threading
import time

from sqlmodel import func, select

from bot.db import session_scope
from bot.intake import run_connector
from bot.models import Submission
from bot.scheduler import IntakeScheduler
from connectors.imap import ImapConnector
from tests.connectors.conftest import deliver, folder_count, imap_table
from tests.connectors.messages import fifty


def _later(seconds: float, action) -> threading.Thread:
    def run() -> None:
        time.sleep(seconds)
        action()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def _count(ctx) -> int:
    with session_scope(ctx.engine) as session:
        return int(session.exec(select(func.count()).select_from(Submission)).one())


def _wait_for(ctx, n: int, seconds: float) -> float:
    """Seconds until n submissions exist (or `seconds` when they never do)."""
    started = time.monotonic()
    while _count(ctx) < n and time.monotonic() - started < seconds:
        time.sleep(0.05)
    return time.monotonic() - started


def test_wait_ends_when_mail_is_appended_and_on_timeout(dovecot, imap_user):
    connector = ImapConnector("intag", imap_table(dovecot, imap_user))
    stop = threading.Event()
    started = time.monotonic()
    assert connector.wait_for_mail(1.0, stop) is False
    assert 0.9 <= time.monotonic() - started < 5
    sender = _later(0.5, lambda: deliver(dovecot, imap_user, [fifty()[0].data]))
    started = time.monotonic()
    assert connector.wait_for_mail(20.0, stop) is True
    assert time.monotonic() - started < 5
    sender.join(10)


def test_mail_arrived_since_the_last_fetch_wakes_at_once(ctx, dovecot, imap_user):
    connector = ImapConnector("intag", imap_table(dovecot, imap_user))
    run_connector(ctx, connector)  # the baseline: an empty folder
    deliver(dovecot, imap_user, [fifty()[1].data])  # while nobody idles
    started = time.monotonic()
    assert connector.wait_for_mail(20.0, threading.Event()) is True
    assert time.monotonic() - started < 5
    assert run_connector(ctx, connector).created == 1
    assert connector.wait_for_mail(0.5, threading.Event()) is False  # moved away: nothing new


def test_stop_ends_the_wait_promptly(dovecot, imap_user):
    connector = ImapConnector("intag", imap_table(dovecot, imap_user))
    stop = threading.Event()
    _later(0.5, stop.set)
    started = time.monotonic()
    assert connector.wait_for_mail(60.0, stop) is False
    assert time.monotonic() - started < 3


def test_unreachable_server_returns_false(dovecot, imap_user):
    connector = ImapConnector("intag", imap_table(dovecot, imap_user, port=1))
    assert connector.wait_for_mail(5.0, threading.Event()) is False


def test_scheduler_fetches_new_mail_within_seconds_once(ctx, dovecot, imap_user):
    connector = ImapConnector("intag", imap_table(dovecot, imap_user), poll_seconds=3600.0)
    scheduler = IntakeScheduler(ctx, [connector])
    scheduler.start()
    try:
        assert [t.name for t in scheduler.idlers] == ["idle-intag"]
        time.sleep(1.0)  # the first interval round and the IDLE command
        sent = fifty()
        for n, message in enumerate(sent[2:4], start=1):
            deliver(dovecot, imap_user, [message.data])
            assert _wait_for(ctx, n, 10.0) < 10.0
        time.sleep(1.0)  # a second, racing round would show up now
        assert _count(ctx) == 2
        assert folder_count(dovecot, imap_user, "INBOX") == 0
    finally:
        scheduler.stop()
    assert not any(t.is_alive() for t in scheduler.idlers)


def test_no_idle_thread_when_idle_is_off(ctx, dovecot, imap_user):
    connector = ImapConnector("intag", imap_table(dovecot, imap_user, idle=False),
                              poll_seconds=3600.0)
    assert connector.idle_enabled is False
    scheduler = IntakeScheduler(ctx, [connector])
    scheduler.start()
    try:
        assert scheduler.idlers == []
        assert not any(t.name == "idle-intag" for t in threading.enumerate())
    finally:
        scheduler.stop()


def test_a_server_without_idle_leaves_it_to_polling(dovecot, imap_user, monkeypatch):
    from imapclient import IMAPClient

    real = IMAPClient.has_capability
    monkeypatch.setattr(
        IMAPClient, "has_capability", lambda self, name: name != "IDLE" and real(self, name)
    )
    connector = ImapConnector("intag", imap_table(dovecot, imap_user))
    deliver(dovecot, imap_user, [fifty()[2].data])  # mail waiting: still no wake-up
    stop = threading.Event()
    started = time.monotonic()
    assert connector.wait_for_mail(1.0, stop) is False
    assert 0.9 <= time.monotonic() - started < 5  # waited out, no busy loop
    _later(0.3, stop.set)
    started = time.monotonic()
    assert connector.wait_for_mail(60.0, stop) is False
    assert time.monotonic() - started < 3  # stop still ends the wait
    assert len(list(connector.fetch())) == 1  # the poll fetches what IDLE could not announce
