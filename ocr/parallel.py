"""Pages OCRed in parallel worker processes, streamed in order with few pages in flight.

The caller's iterator renders or decodes one page at a time (in this process: pypdfium2 is
not thread-safe); at most `workers + 1` page images are waiting or being read (enough to keep
the workers busy: rendering a page takes a tenth of reading it), so memory stays bounded
however long the document. Workers are started once (spawn) and kept, so the
Tesseract model is loaded once per worker, not per page. Each worker's address space (and its
Tesseract's) is bounded; a page that overruns its time is reported and its worker replaced.

Workers are spawned: a script that calls `ocr.read` must do so under
`if __name__ == "__main__":` (or pass `OcrOptions(workers=0)` to read in its own process).
"""

from __future__ import annotations

import os
import resource
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from multiprocessing import get_context

from ocr import heap
from ocr.cleanup import Grey
from ocr.model import OcrOptions, PageText
from ocr.page_ocr import PageResult, read_page

GRACE_SECONDS = 10.0  # beyond the page timeout before a worker is given up for hung
_pools: dict[tuple[int, int], ProcessPoolExecutor] = {}
_pools_lock = threading.Lock()


@dataclass
class Job:
    """One page: already read (`done`), or an image still to OCR."""

    number: int
    done: PageResult | None = None
    grey: Grey | None = None
    dpi: int | None = None
    steps: dict[str, object] = field(default_factory=dict)
    spent: float = 0.0  # seconds already spent on the page (rendering, decoding)
    inked: bool = False  # already found not blank


def mark_truncated(job: Job, last: int, count: int) -> None:
    """The last page read of a document cut short by `max_pages` says so."""
    steps = job.done.page.steps if job.done else job.steps
    steps["truncated"] = f"{last} of {count} pages read"


def _limit_memory(megabytes: int) -> None:
    """Worker start-up: bound the address space; Tesseract started from here inherits it."""
    os.environ["OMP_THREAD_LIMIT"] = "1"
    heap.fixed_mmap_threshold()
    limit = megabytes * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard == resource.RLIM_INFINITY or limit < hard:
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _pool(options: OcrOptions) -> ProcessPoolExecutor:
    key = (options.workers, options.page_memory_mb)
    with _pools_lock:
        if key not in _pools:
            _pools[key] = ProcessPoolExecutor(
                max_workers=options.workers,
                mp_context=get_context("spawn"),
                initializer=_limit_memory,
                initargs=(options.page_memory_mb,),
            )
        return _pools[key]


def _discard_pool(options: OcrOptions) -> None:
    """Kill the pool's workers (one is hung or dead); the next page starts a fresh pool."""
    with _pools_lock:
        pool = _pools.pop((options.workers, options.page_memory_mb), None)
    if pool is None:
        return
    for process in list(getattr(pool, "_processes", {}).values()):
        process.kill()
    pool.shutdown(wait=False, cancel_futures=True)


def _read(job: Job, options: OcrOptions, rendition: bool) -> PageResult:
    assert job.grey is not None
    result = read_page(job.grey, job.number, options, job.dpi, job.steps, rendition, job.inked)
    result.page.seconds += job.spent
    heap.give_back()
    return result


def run(jobs: Iterable[Job], options: OcrOptions, rendition: bool = False) -> Iterator[PageResult]:
    """Results in page order; OCR in workers (or here, when options.workers is 0)."""
    if options.workers <= 0:
        for job in jobs:
            yield job.done or _read(job, options, rendition)
        return
    waiting: deque[tuple[Job, Future[PageResult] | None]] = deque()
    for job in jobs:
        waiting.append((job, None if job.done else _submit(job, options, rendition)))
        heap.give_back()  # the page's render buffers, freed, go back to the system
        while len(waiting) > options.workers or (waiting and waiting[0][1] is None):
            yield _collect(*waiting.popleft(), options, rendition)
    while waiting:
        yield _collect(*waiting.popleft(), options, rendition)


def _submit(job: Job, options: OcrOptions, rendition: bool) -> Future[PageResult]:
    try:
        return _pool(options).submit(_read, job, options, rendition)
    except BrokenProcessPool:
        _discard_pool(options)
        return _pool(options).submit(_read, job, options, rendition)


def _collect(
    job: Job, future: Future[PageResult] | None, options: OcrOptions, rendition: bool
) -> PageResult:
    if future is None:
        assert job.done is not None
        return job.done
    start = time.monotonic()
    try:
        return future.result(timeout=options.page_timeout + GRACE_SECONDS)
    except FutureTimeout:
        _discard_pool(options)
        return _failed(job, "timeout", start)
    except BrokenProcessPool:  # a worker died (memory bound, crash): this page or a neighbour
        _discard_pool(options)
    except Exception as exc:  # e.g. MemoryError raised in the worker under its memory bound
        return _failed(job, f"worker: {type(exc).__name__}: {exc}", start)
    try:  # one more try in a fresh pool, in case the page was only a bystander
        return (
            _pool(options)
            .submit(_read, job, options, rendition)
            .result(timeout=options.page_timeout + GRACE_SECONDS)
        )
    except (FutureTimeout, BrokenProcessPool):
        _discard_pool(options)
        return _failed(job, "worker died (memory or crash)", start)
    except Exception as exc:
        return _failed(job, f"worker: {type(exc).__name__}: {exc}", start)


def _failed(job: Job, reason: str, start: float) -> PageResult:
    steps = {**job.steps, "error": reason}
    seconds = job.spent + time.monotonic() - start
    return PageResult(PageText(job.number, "", None, "ocr", seconds, steps))
