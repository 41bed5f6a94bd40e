"""Background processing: a worker loop that sleeps when idle and stops when told, the
supervisor that keeps `serve`'s worker processes alive, and draining the queue for scripts."""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from multiprocessing import get_context
from multiprocessing.process import BaseProcess
from typing import Any, Protocol

from bot.context import Context
from bot.leases import free_leases_of, free_leases_of_gone, held_leases, owner_name
from bot.models import utcnow
from bot.settings import Settings
from bot.worker import run_until_idle, work_one, worker_name
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
        if not work_one(ctx, owner) and not free_leases_of_gone(ctx.engine):
            stop.wait(ctx.settings.poll_seconds)
    log.info("worker %s stopped", owner)


def _worker_until_idle(settings: Settings, counter: Any) -> None:
    from bot.context import open_context

    heap.fixed_mmap_threshold()  # a long-lived OCR process: page buffers go back when freed
    done = run_until_idle(open_context(settings))
    with counter.get_lock():
        counter.value += done


def run_parallel_until_idle(settings: Settings, workers: int) -> int:
    """Several worker processes (OCR is CPU-bound); returns the stages run by all of them.
    Each is a process of its own, so one killed by its input takes no other down (a pool
    would kill the healthy ones, each then losing an attempt); the drain loop around this
    starts them again while work is left."""
    context = get_context("spawn")
    counter = context.Value("q", 0)
    processes = [context.Process(target=_worker_until_idle, args=(settings, counter),
                                 name=f"diariebot-worker-{n}") for n in range(workers)]
    for process in processes:
        process.start()
    for process in processes:
        process.join()
        if process.exitcode:
            log.warning("worker process %s died (exit %s)", process.pid, process.exitcode)
    return int(counter.value)


def drain(ctx: Context, workers: int = 1, wait: float = 0.0,
          limit: int | None = None) -> tuple[int, list[tuple[int, str, int]]]:
    """Work until nothing is left in the pipeline. Leases of workers gone from this machine
    are freed at once; leases of live (or remote) workers are waited for up to `wait` seconds.
    Returns the stages run and the leases still held (empty when the queue is idle)."""
    done, deadline = 0, time.monotonic() + wait
    while limit is None or done < limit:
        if workers > 1:
            done += run_parallel_until_idle(ctx.settings, workers)
        else:
            done += run_until_idle(ctx, limit=None if limit is None else limit - done)
        if free_leases_of_gone(ctx.engine):
            continue
        held = held_leases(ctx.engine)
        if not held or time.monotonic() >= deadline:
            return done, held
        time.sleep(min(ctx.settings.poll_seconds, 1.0))
    return done, []


def _worker_main(settings: Settings, stop: EventLike) -> None:
    from bot.context import open_context

    heap.fixed_mmap_threshold()
    run_forever(open_context(settings), stop)


@dataclass
class WorkerProcess:
    """One background worker of `serve`, in a process of its own (spawned, so no state is
    shared with the web process)."""

    process: BaseProcess
    stop_event: EventLike
    started: float = field(default_factory=time.monotonic)

    def stop(self, grace: float = 30.0) -> None:
        """Let the current stage finish (its transaction), then end; kill only if stuck."""
        self.stop_event.set()
        self.process.join(grace)
        if self.process.is_alive():
            self.process.terminate()
            self.process.join(5)


def start_worker_process(settings: Settings, number: int = 0) -> WorkerProcess:
    context = get_context("spawn")
    stop = context.Event()
    process = context.Process(target=_worker_main, args=(settings, stop), daemon=True,
                              name=f"diariebot-worker-{number}")
    process.start()
    return WorkerProcess(process, stop)


YOUNG_SECONDS = 60.0  # a worker dying younger than this, holding nothing, is in a crash loop
MAX_BACKOFF = 300.0


@dataclass
class Slot:
    """What the supervisor knows of one worker: the process, its deaths, its next start."""

    number: int
    worker: WorkerProcess | None = None
    restarts: int = 0
    dying_young: int = 0
    last_exit: int | None = None
    last_death: datetime | None = None
    start_at: float = 0.0

    def status(self) -> dict[str, Any]:
        alive = self.worker is not None and self.worker.process.is_alive()
        return {"worker": self.number, "alive": alive, "restarts": self.restarts,
                "pid": self.worker.process.pid if alive and self.worker else None,
                "last_exit": self.last_exit,
                "last_death": self.last_death.isoformat() if self.last_death else None}


class Supervisor:
    """Keeps `count` worker processes running: a dead one is reaped, the leases it held are
    freed (its attempt stays counted) and it is started again, after a back-off that doubles
    (0.5 s up to 5 min) while it keeps dying young without holding any item."""

    def __init__(self, ctx: Context, count: int = 1) -> None:
        self.ctx, self.settings = ctx, ctx.settings
        self.slots = [Slot(n) for n in range(count)]
        self.stopped = threading.Event()
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self._watch, daemon=True, name="supervisor")

    def start(self) -> Supervisor:
        for slot in self.slots:
            slot.worker = start_worker_process(self.settings, slot.number)
        self.thread.start()
        return self

    def _watch(self) -> None:
        while not self.stopped.wait(0.5):
            with self.lock:
                for slot in self.slots:
                    self._check(slot)

    def _check(self, slot: Slot) -> None:
        if slot.worker is not None and not slot.worker.process.is_alive():
            self._buried(slot, slot.worker)
        if slot.worker is None and time.monotonic() >= slot.start_at and not self.stopped.is_set():
            slot.worker = start_worker_process(self.settings, slot.number)
            slot.restarts += 1
            log.warning("worker %s restarted (%s restarts)", slot.number, slot.restarts)

    def _buried(self, slot: Slot, worker: WorkerProcess) -> None:
        """Reap the dead worker and free its leases. One that died holding an item was killed
        by its input (the attempt counted against the item, which fails in time): start it
        again at once. One that died holding nothing cannot start: back off, doubling."""
        worker.process.join(0)  # reaped: no zombie
        slot.worker, slot.last_exit, slot.last_death = None, worker.process.exitcode, utcnow()
        freed = self._free(worker)
        young = time.monotonic() - worker.started < YOUNG_SECONDS
        slot.dying_young = slot.dying_young + 1 if young and not freed else 0
        slot.start_at = time.monotonic() + min(MAX_BACKOFF, 2.0 ** slot.dying_young / 2)
        log.warning("worker %s died (exit %s); %s lease(s) freed", slot.number,
                    slot.last_exit, freed)

    def _free(self, worker: WorkerProcess) -> int:
        return free_leases_of(self.ctx.engine, owner_name(worker.process.pid))

    def healthy(self) -> bool:
        with self.lock:
            return all(s.worker is not None and s.worker.process.is_alive() for s in self.slots)

    def status(self) -> list[dict[str, Any]]:
        with self.lock:
            return [slot.status() for slot in self.slots]

    def stop(self) -> None:
        self.stopped.set()
        self.thread.join()
        for slot in self.slots:
            if slot.worker is not None:
                slot.worker.stop()
