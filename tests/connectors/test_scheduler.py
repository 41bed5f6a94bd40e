"""The background intake: polling with exponential backoff (and a log line without personal
data), real apscheduler polling a real Dovecot, and the SMTP receiver started by `serve`."""

from __future__ import annotations

import asyncio
import logging
import smtplib
import socket
import time

from aiohttp import web
from sqlmodel import func, select

from bot.db import session_scope
from bot.models import Submission
from bot.scheduler import IntakeScheduler, start_intake
from bot.web.app import make_app
from connectors.errors import Unreachable
from tests.connectors.conftest import deliver, imap_table
from tests.connectors.dovecot import free_port
from tests.connectors.messages import fifty


class Flaky:
    """Fails `failures` times, then has nothing new."""

    name = "flaky"
    poll_seconds = 10.0

    def __init__(self, failures: int, error: Exception) -> None:
        self.failures, self.error, self.calls = failures, error, 0

    def fetch(self):
        self.calls += 1
        if self.calls <= self.failures:
            raise self.error
        return []

    def acknowledge(self, message) -> None:
        raise AssertionError("nothing to acknowledge")

    def check(self) -> list[str]:
        return []


def test_failing_connector_backs_off_exponentially_then_recovers(ctx, caplog):
    now = [0.0]
    flaky = Flaky(2, Unreachable("flaky", "127.0.0.1:1: Connection refused"))
    scheduler = IntakeScheduler(ctx, [flaky], clock=lambda: now[0])
    caplog.set_level(logging.INFO, logger="bot")
    assert scheduler.poll(flaky) is None
    assert scheduler.backoff["flaky"].until == 20.0  # 10 s * 2
    now[0] = 19.0
    scheduler.poll(flaky)
    assert flaky.calls == 1  # still backing off
    now[0] = 20.0
    scheduler.poll(flaky)
    assert scheduler.backoff["flaky"].until == 60.0  # then 40 s
    now[0] = 60.0
    assert scheduler.poll(flaky) is not None
    assert scheduler.backoff["flaky"].failures == 0
    text = caplog.text
    assert "flaky: hämtningen misslyckades / fetch failed (nås inte / unreachable: " in text
    assert "attempt 2, nästa om / next in 40 s" in text
    assert "flaky: fungerar igen / working again" in text


def test_unexpected_error_is_logged_by_type_only(ctx, caplog):
    flaky = Flaky(1, RuntimeError("anna.berg@exempelby.se: Ärende om skilsmässa"))
    scheduler = IntakeScheduler(ctx, [flaky], clock=lambda: 0.0)
    caplog.set_level(logging.DEBUG, logger="bot")
    scheduler.poll(flaky)
    assert "fetch failed (RuntimeError)" in caplog.text
    assert "anna.berg" not in caplog.text and "skilsmässa" not in caplog.text


def _count(ctx) -> int:
    with session_scope(ctx.engine) as session:
        return int(session.exec(select(func.count()).select_from(Submission)).one())


def _wait_for(ctx, n: int, seconds: float = 20.0) -> int:
    deadline = time.monotonic() + seconds
    while _count(ctx) < n and time.monotonic() < deadline:
        time.sleep(0.05)
    return _count(ctx)


def test_background_intake_polls_imap_and_receives_smtp(ctx, dovecot, imap_user):
    sent = fifty()
    deliver(dovecot, imap_user, [s.data for s in sent[:3]])
    port = free_port()
    ctx.settings.connectors = {
        "intag": imap_table(dovecot, imap_user, poll_seconds=0.2),
        "skanner": {"type": "smtp", "port": port},
        "avstangd": {"type": "imap", "enabled": False},
        "trasig": {"type": "imap"},  # logged and skipped, the others still run
    }
    intake = start_intake(ctx)
    assert intake is not None
    try:
        assert _wait_for(ctx, 3) == 3
        with smtplib.SMTP("127.0.0.1", port, timeout=10) as client:
            client.sendmail("per.ek@exempelby.se", ["scan@exempelby.se"], sent[3].data)
        deliver(dovecot, imap_user, [sent[4].data])  # arrives later, picked up by a later poll
        assert _wait_for(ctx, 5) == 5
    finally:
        intake.stop()
    assert [c.name for c in intake.polled] == ["intag"]


async def test_serve_starts_and_stops_the_smtp_receiver(ctx):
    port = free_port()
    ctx.settings.connectors = {"skanner": {"type": "smtp", "port": port}}
    runner = web.AppRunner(make_app(ctx))
    await runner.setup()  # runs the background cleanup context: worker + intake

    def send() -> None:
        with smtplib.SMTP("127.0.0.1", port, timeout=10) as client:
            client.sendmail("per.ek@exempelby.se", ["scan@exempelby.se"], fifty()[0].data)

    try:
        await asyncio.to_thread(send)
        assert _count(ctx) == 1
    finally:
        await runner.cleanup()
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0  # the receiver has stopped
