"""Runs the intake in the background: polls each mailbox every `poll_seconds` (apscheduler)
with exponential backoff while it fails, and starts and stops the SMTP receiver."""

from __future__ import annotations

import logging
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler

from bot.context import Context
from bot.intake import IntakeCounts, polled, receive, run_connector, served
from bot.receipts import send_due_receipts
from connectors.base import Connector, Receiver
from connectors.errors import ConnectorError
from connectors.factory import build, enabled

log = logging.getLogger(__name__)
BACKOFF_MAX_SECONDS = 3600.0
RECEIPT_SECONDS = 60


@dataclass
class Backoff:
    failures: int = 0
    until: float = 0.0


class IntakeScheduler:
    """One job per polled connector (never two rounds of one connector at once)."""

    def __init__(self, ctx: Context, connectors: list[Connector | Receiver],
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.ctx = ctx
        self.polled = polled(connectors)
        self.served = served(connectors)
        self.clock = clock
        self.backoff = {c.name: Backoff() for c in self.polled}
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
        logging.getLogger("apscheduler.executors.default").setLevel(logging.WARNING)
        self._scheduler.start()

    def receipts(self) -> int:
        """Send the receipts and confirmation notices that are due; never raises."""
        try:
            return send_due_receipts(self.ctx)
        except Exception as error:  # the job's boundary: a relay problem must not stop intake
            log.warning("kvitton / receipts: %s", type(error).__name__)
            return 0

    def stop(self) -> None:
        if self._scheduler.running:
            self._scheduler.shutdown(wait=False)
        for receiver in self.served:
            receiver.stop()

    def poll(self, connector: Connector) -> IntakeCounts | None:
        """One round unless the connector is backing off; failures never leave this method."""
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
    """Every enabled connector that can be built; a bad table is logged and skipped."""
    built: list[Connector | Receiver] = []
    for name, table in ctx.settings.connectors.items():
        if not enabled(dict(table)):
            continue
        try:
            built.append(build(name, dict(table)))
        except ConnectorError as error:
            log.error("%s: %s: %s (run `diariebot check`)", name, error.kind, error.detail)
    return built


def start_intake(ctx: Context) -> IntakeScheduler | None:
    """Start polling and receiving for the configured connectors; None when there are none."""
    connectors = _configured(ctx)
    if not connectors:
        return None
    scheduler = IntakeScheduler(ctx, connectors)
    scheduler.start()
    return scheduler
