"""Background processing: a worker loop that sleeps when idle and stops when told."""

from __future__ import annotations

import logging
import threading

from bot.context import Context
from bot.worker import work_one, worker_name

log = logging.getLogger(__name__)


def run_forever(ctx: Context, stop: threading.Event | None = None) -> None:
    """Work whenever there is work; poll every `poll_seconds` otherwise."""
    stop = stop or threading.Event()
    owner = worker_name()
    log.info("worker %s started", owner)
    while not stop.is_set():
        if not work_one(ctx, owner):
            stop.wait(ctx.settings.poll_seconds)
    log.info("worker %s stopped", owner)
