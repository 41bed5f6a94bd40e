"""Background processing: a worker loop that sleeps when idle and stops when told."""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from multiprocessing.process import BaseProcess
from typing import Protocol

from bot.context import Context
from bot.settings import Settings
from bot.worker import work_one, worker_name
from ocr import heap

log = logging.getLogger(__name__)


class EventLike(Protocol):
    def is_set(self) -> bool: ...
    def set(self) -> None: ...
    def wait(self, timeout: float | None = None) -> bool: ...


def run_forever(ctx: Context, stop: EventLike | None = None) -> None:
    """Work whenever there is work; poll every `poll_seconds` otherwise."""
    stop = stop or threading.Event()
    owner = worker_name()
    log.info("worker %s started", owner)
    while not stop.is_set():
        if not work_one(ctx, owner):
            stop.wait(ctx.settings.poll_seconds)
    log.info("worker %s stopped", owner)


def _worker_until_idle(settings: Settings, number: int) -> int:
    from bot.context import open_context
    from bot.worker import run_until_idle

    heap.fixed_mmap_threshold()  # a long-lived OCR process: page buffers go back when freed
    return run_until_idle(open_context(settings), owner=f"{worker_name()}-{number}")


def run_parallel_until_idle(settings: Settings, workers: int) -> int:
    """Several worker processes (OCR is CPU-bound); returns the stages run by all of them."""
    with ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
        futures = [pool.submit(_worker_until_idle, settings, n) for n in range(workers)]
        return sum(f.result() for f in futures)


def _worker_main(settings: Settings, stop: EventLike) -> None:
    from bot.context import open_context

    heap.fixed_mmap_threshold()
    run_forever(open_context(settings), stop)


@dataclass
class WorkerProcess:
    """The background worker of `serve`, in a process of its own (spawned, so no state is
    shared with the web process)."""

    process: BaseProcess
    stop_event: EventLike

    def stop(self, grace: float = 30.0) -> None:
        """Let the current stage finish (its transaction), then end; kill only if stuck."""
        self.stop_event.set()
        self.process.join(grace)
        if self.process.is_alive():
            self.process.terminate()
            self.process.join(5)


def start_worker_process(settings: Settings) -> WorkerProcess:
    context = get_context("spawn")
    stop = context.Event()
    process = context.Process(target=_worker_main, args=(settings, stop), daemon=True,
                              name="diariebot-worker")
    process.start()
    return WorkerProcess(process, stop)
