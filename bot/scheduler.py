"""Runs the intake in the background: polls each mailbox every `poll_seconds` (apscheduler)
with exponential backoff while it fails, wakes a poll at once when an IMAP IDLE reports new
mail, and starts and stops the SMTP receiver."""

from __future__ import annotations

import logging
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from typing import Protocol, runtime_checkable

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler

from bot.context import Context
from bot.intake import IntakeCounts, polled, receive, run_connector, served
from bot.outreach.answers import link_answers
from bot.outreach.send import send_due
from bot.receipts import send_due_receipts
from connectors.base import Connector, Receiver
from connectors.errors import ConnectorError
from connectors.factory import configured

log = logging.getLogger(__name__)
BACKOFF_MAX_SECONDS = 3600.0
RECEIPT_SECONDS = 60
IDLE_WAIT_SECONDS = 25 * 60.0  # one wait_for_mail call; the connector renews IDLE inside
IDLE_RETRY_SECONDS = 30.0  # after a wait that failed at once (server down, no IDLE)


@runtime_checkable
class Waker(Protocol):
    """A connector that can wait for new mail (IMAP IDLE) and says whether it should."""

    idle_enabled: bool

    def wait_for_mail(self, timeout: float, stop: threading.Event) -> bool: ...


@dataclass
class Backoff:
    failures: int = 0
    until: float = 0.0


class IntakeScheduler:
    """One job per polled connector, plus one IDLE thread per connector that can wait for new
    mail; a lock per connector keeps two rounds of one connector from running at once."""

    def __init__(self, ctx: Context, connectors: list[Connector | Receiver],
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.ctx = ctx
        self.polled = polled(connectors)
        self.served = served(connectors)
        self.clock = clock
        self.backoff = {c.name: Backoff() for c in self.polled}
        self._locks = {c.name: threading.Lock() for c in self.polled}
        self._stop = threading.Event()
        self.idlers: list[threading.Thread] = []
        self._scheduler = BackgroundScheduler(
            executors={"default": ThreadPoolExecutor(len(self.polled) + 1)},
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
            timezone=UTC,
        )

    def start(self) -> None:
        for receiver in self.served:
            try:
                receiver.start(partial(receive, self.ctx, receiver.name))
            except ConnectorError as error:
                log.error("%s: startade inte / did not start: %s", receiver.name, error.detail)
        for connector in self.polled:
            self._scheduler.add_job(self.poll, "interval", seconds=connector.poll_seconds,
                                    args=[connector], id=connector.name,
                                    next_run_time=datetime.now(UTC))
        self._scheduler.add_job(self.receipts, "interval", seconds=RECEIPT_SECONDS, id="receipts")
        self._scheduler.add_job(self.outreach, "interval", seconds=RECEIPT_SECONDS, id="outreach")
        logging.getLogger("apscheduler.executors.default").setLevel(logging.WARNING)
        self._scheduler.start()
        for connector in self.polled:
            if isinstance(connector, Waker) and connector.idle_enabled:
                thread = threading.Thread(target=self._idle_loop, args=[connector], daemon=True,
                                          name=f"idle-{connector.name}")
                thread.start()
                self.idlers.append(thread)

    def _idle_loop(self, connector: Connector) -> None:
        """Wait for new mail and poll at once; the interval job remains the fallback."""
        assert isinstance(connector, Waker)
        log.info("%s: IDLE, väntar på ny post / waiting for new mail", connector.name)
        while not self._stop.is_set():
            started = time.monotonic()
            woke = connector.wait_for_mail(IDLE_WAIT_SECONDS, self._stop)
            if self._stop.is_set():
                break
            if woke:
                self.poll(connector)
            elif time.monotonic() - started < 1.0:
                self._stop.wait(IDLE_RETRY_SECONDS)
            pause = self.backoff[connector.name].until - self.clock()
            if pause > 0:  # failing: the backoff holds for IDLE wake-ups too
                self._stop.wait(pause)

    def outreach(self) -> int:
        """Link mail that answers outreach requests, send the requests that are due; never
        raises (requests are recorded; a relay problem leaves them for the next round)."""
        try:
            link_answers(self.ctx)
            return send_due(self.ctx)
        except Exception as error:  # the job's boundary, like the receipts'
            log.warning("förfrågningar / outreach: %s", type(error).__name__)
            return 0

    def receipts(self) -> int:
        """Send the receipts and confirmation notices that are due; never raises."""
        try:
            return send_due_receipts(self.ctx)
        except Exception as error:  # the job's boundary: a relay problem must not stop intake
            log.warning("kvitton / receipts: %s", type(error).__name__)
            return 0

    def stop(self) -> None:
        self._stop.set()
        if self._scheduler.running:
            self._scheduler.shutdown(wait=False)
        for thread in self.idlers:
            thread.join(5.0)  # a wait ends within a second; a running round may take longer
        for receiver in self.served:
            receiver.stop()

    def poll(self, connector: Connector) -> IntakeCounts | None:
        """One round unless the connector is backing off; failures never leave this method."""
        with self._locks[connector.name]:  # the interval job and the IDLE thread take turns
            return self._round(connector)

    def _round(self, connector: Connector) -> IntakeCounts | None:
        state = self.backoff[connector.name]
        if self.clock() < state.until:
            return None
        try:
            counts = run_connector(self.ctx, connector)
        except ConnectorError as error:
            self._failed(connector, f"{error.kind}: {error.detail}")
            return None
        except Exception as error:  # the polling loop's boundary, like the worker's
            log.debug("%s: %s", connector.name, "".join(traceback.format_tb(error.__traceback__)))
            self._failed(connector, type(error).__name__)
            return None
        if state.failures:
            log.info("%s: fungerar igen / working again", connector.name)
        self.backoff[connector.name] = Backoff()
        return counts

    def _failed(self, connector: Connector, reason: str) -> None:
        state = self.backoff[connector.name]
        state.failures += 1
        delay = min(connector.poll_seconds * 2**state.failures, BACKOFF_MAX_SECONDS)
        state.until = self.clock() + delay
        log.warning("%s: hämtningen misslyckades / fetch failed (%s); försök / attempt %d, "
                    "nästa om / next in %.0f s", connector.name, reason, state.failures, delay)


def _configured(ctx: Context) -> list[Connector | Receiver]:
    """Every enabled intake connector that can be built; a bad table is logged and skipped."""
    return configured(ctx.settings.connectors, chat=False)


def start_intake(ctx: Context) -> IntakeScheduler | None:
    """Start polling and receiving for the configured connectors; None when there are none."""
    connectors = _configured(ctx)
    if not connectors:
        return None
    scheduler = IntakeScheduler(ctx, connectors)
    scheduler.start()
    return scheduler
