"""The coverage views at the size of a real municipality: 120,000 cases and 450,000 document
records, a campaign under way (bench/coverage_build.py). Measures the server wall and CPU time
(p50, p95) of the coverage page, its drill-down, the case page, the most-wanted list and an
outreach preview; the computations under them (the report, a most-wanted page near the top and
deep down, planning an outreach of 10, 50 and 200 records, rebuilding the record profiles after
an import); the memory each takes (peak Python allocation) and the peak RSS of the serving
process; and `diariebot coverage --json` run as a script runs it (wall time, peak RSS).

    python -m bench.coverage WORK_DIR [--cases 120000] [--documents 450000] [--recovered 0.3]
                                      [--queued 40000] [--samples 40]

WORK_DIR keeps the database, so a second run measures again without rebuilding. The building
runs in a child process, so the figures of this process are those of serving alone."""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import random
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from aiohttp.typedefs import Handler, Middleware
from sqlalchemy import func
from sqlmodel import Session, select

from bench.coverage_build import PASSWORD, build_campaign, build_registry, staff_directory
from bench.queue import report
from bot.context import Context, open_context
from bot.coverage import cache, profile
from bot.coverage.holders import Directory
from bot.coverage.numbers import Scope
from bot.coverage.report import report as coverage_report
from bot.coverage.wanted import most_wanted
from bot.db import session_scope
from bot.models import Case, RegistryDocument
from bot.outreach.plan import plan
from bot.settings import load_settings
from bot.web import make_app

GOALS_MS = {"coverage": 500.0, "coverage board": 500.0, "coverage board+year": 500.0,
            "case page": 200.0, "most wanted": 300.0, "most wanted board": 300.0,
            "outreach preview": 300.0}
CHANGES = {"coverage after an item queued": (cache.AUDITED,),  # the whole municipality's page
           "coverage after a decision": (cache.AUDITED, cache.DECIDED)}
PLANS = (10, 50, 200)  # records in one outreach
DEEP = 20  # the deep most-wanted page
Times = dict[str, list[float]]


@dataclass
class Clocks:
    """Per kind: wall time (what a user waits) and this process's CPU time (what it costs,
    steady on a shared machine where the wall time waits for the CPU too)."""

    wall: Times = field(default_factory=dict)
    cpu: Times = field(default_factory=dict)

    def add(self, name: str, wall: float, cpu: float) -> None:
        self.wall.setdefault(name, []).append(wall)
        self.cpu.setdefault(name, []).append(cpu)


def clocked(times: list[tuple[float, float]]) -> Middleware:
    """Server wall and CPU time of each request: from the first middleware in to the response
    out."""

    @web.middleware
    async def clock(request: web.Request, handler: Handler) -> web.StreamResponse:
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            return await handler(request)
        finally:
            times.append((time.perf_counter() - wall, time.process_time() - cpu))

    return clock


def _build(work: Path, args: argparse.Namespace) -> None:
    """In a child process: the registry and the campaign, and the child's own peak RSS."""
    ctx = open_context(load_settings(work / "home"))
    print(f"registry import: {build_registry(ctx, work, args.cases, args.documents):.1f} s",
          flush=True)
    print(f"campaign inserted: {build_campaign(ctx, args.recovered, args.queued):.1f} s",
          flush=True)
    print(f"building: peak RSS {_rss_mb(resource.RUSAGE_SELF):.0f} MB", flush=True)


def _rss_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux reports KiB


def prepare(work: Path, args: argparse.Namespace) -> Context:
    """The municipality (built once, in a child), its staff directory and up-to-date profiles."""
    ctx = open_context(load_settings(work / "home"))
    with session_scope(ctx.engine) as session:
        have = session.exec(select(func.count()).select_from(Case)).one()
    if have == 0:
        child = multiprocessing.get_context("spawn").Process(target=_build, args=(work, args))
        child.start()
        child.join()
        if child.exitcode != 0:
            raise SystemExit(f"building failed ({child.exitcode})")
    staff_directory(ctx)
    started = time.perf_counter()
    rebuilt = profile.ensure(ctx.engine)
    print(f"record profiles {'rebuilt' if rebuilt else 'up to date'}: "
          f"{time.perf_counter() - started:.1f} s", flush=True)
    return ctx


def _urls(ctx: Context, rng: random.Random, n: int) -> list[tuple[str, str]]:
    with session_scope(ctx.engine) as session:
        keys = session.exec(select(Case.board_key, Case.year).distinct()).all()
        case_ids = session.exec(select(Case.id).order_by(func.random()).limit(n)).all()
        missing = session.exec(select(RegistryDocument.id).where(
            RegistryDocument.file_status == "missing").order_by(func.random()).limit(10 * n)).all()
    plan_ = []
    for i in range(n):
        board, year = rng.choice(keys)
        docs = "&".join(f"doc={d}" for d in missing[10 * i:10 * i + 10])
        plan_ += [("coverage", "/coverage"), ("coverage board", f"/coverage?board={board}"),
                  ("coverage board+year", f"/coverage?board={board}&year={year}"),
                  ("case page", f"/coverage/cases/{case_ids[i % len(case_ids)]}"),
                  ("most wanted", "/wanted"), ("most wanted board", f"/wanted?board={board}"),
                  ("outreach preview", f"/outreach?{docs}")]
    rng.shuffle(plan_)
    return plan_


async def _get(client: TestClient, name: str, url: str) -> None:
    response = await client.get(url, allow_redirects=False)
    body = await response.text()
    assert response.status == 200, (url, response.status)
    assert name != "coverage" or "<svg" in body, "the coverage page has no chart"


async def _serve(ctx: Context, urls: list[tuple[str, str]]) -> tuple[Clocks, dict[str, float]]:
    """Server time of each request, then each kind's peak Python allocation (one more each)."""
    times: list[tuple[float, float]] = []
    app = make_app(ctx, background=False)
    app.middlewares.insert(0, clocked(times))
    result = Clocks()
    peaks: dict[str, float] = {}
    async with TestClient(TestServer(app)) as client:
        await client.post("/login", data={"username": "bench", "password": PASSWORD})
        for name in GOALS_MS:
            result.wall[name], result.cpu[name] = [], []
        for name, url in urls:
            await _get(client, name, url)
            result.add(name, *times[-1])
        for _ in range(max(1, len(urls) // len(GOALS_MS) // 4)):
            for name, levels in CHANGES.items():
                cache.clear(*levels)  # what that change makes count again
                await _get(client, "coverage", "/coverage")
                result.add(name, *times[-1])
        tracemalloc.start()
        one = dict(urls)
        for name in GOALS_MS:
            tracemalloc.reset_peak()
            await _get(client, name, one[name])
            peaks[name] = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    return result, peaks


def _cursors(session: Session, directory: Directory) -> list[str]:
    """The cursor after each of the first DEEP pages of the most-wanted list."""
    found, after = [], ""
    for _ in range(DEEP):
        page = most_wanted(session, Scope(), directory, after)
        if not page:
            break
        after = page[-1].cursor
        found.append(after)
    return found


def _top(session: Session, directory: Directory, n: int) -> list[int]:
    """The n most important missing records (what a registrar would pick from)."""
    return [w.document.id or 0 for w in most_wanted(session, Scope(), directory, size=n)]


def _counted(ctx: Context, today: date) -> Any:
    """The whole report counted again, as the first look after a change does."""
    cache.clear()
    return coverage_report(ctx.engine, Scope(), today)


def _jobs(ctx: Context, session: Session, rng: random.Random) -> dict[str, Callable[[], Any]]:
    """The computations under the pages, each a call with random but fixed arguments."""
    directory, today = Directory(ctx.settings), date.today()
    boards = list(session.exec(select(Case.board_key).distinct()).all())
    cursors, top = _cursors(session, directory), _top(session, directory, 1000)
    jobs: dict[str, Callable[[], Any]] = {
        "coverage report": lambda: coverage_report(ctx.engine, Scope(), today),
        "coverage report board": lambda: coverage_report(ctx.engine,
                                                         Scope(board=rng.choice(boards)), today),
        "coverage report, counted": lambda: _counted(ctx, today),
        "most wanted page 1": lambda: most_wanted(session, Scope(), directory),
        f"most wanted page {DEEP}": lambda: most_wanted(session, Scope(), directory,
                                                         cursors[-1] if cursors else ""),
        "most wanted board": lambda: most_wanted(session, Scope(board=rng.choice(boards)),
                                                 directory)}
    for n in PLANS:
        jobs[f"outreach plan {n} records"] = _planner(ctx, session, top, n, rng)
    return jobs


def _planner(ctx: Context, session: Session, top: list[int], n: int,
             rng: random.Random) -> Callable[[], Any]:
    """Planning an outreach of n records picked among the top ones."""
    return lambda: plan(session, ctx.settings, rng.sample(top, min(n, len(top))),
                        datetime.now(UTC))


def compute(ctx: Context, samples: int, rng: random.Random) -> tuple[Clocks, dict[str, float]]:
    """Each computation's times, then its peak Python allocation (one more run each)."""
    times = Clocks()
    peaks: dict[str, float] = {}
    with session_scope(ctx.engine) as session:
        jobs = _jobs(ctx, session, rng)
        for name, job in jobs.items():
            for _ in range(samples):
                wall, cpu = time.perf_counter(), time.process_time()
                job()
                times.add(name, time.perf_counter() - wall, time.process_time() - cpu)
        tracemalloc.start()
        for name, job in jobs.items():
            tracemalloc.reset_peak()
            job()
            peaks[name] = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    return times, peaks


def outreach_size(ctx: Context, rng: random.Random) -> str:
    """What planning the largest outreach makes: messages, people without an address."""
    with session_scope(ctx.engine) as session:
        top = _top(session, Directory(ctx.settings), 1000)
        made = plan(session, ctx.settings, rng.sample(top, min(PLANS[-1], len(top))),
                    datetime.now(UTC))
        return (f"outreach of {PLANS[-1]} records: {len(made.messages)} messages, "
                f"{len(made.unreachable)} people without a known address")


def rebuild_time(ctx: Context) -> str:
    """Rebuilding every record's profile, as the first look after a registry import does (in a
    transaction rolled back, so nothing changes)."""
    with Session(ctx.engine) as session:
        wall, cpu = time.perf_counter(), time.process_time()
        profile.rebuild(session, -2)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        session.rollback()
    return f"record profiles rebuilt (first look after an import): {wall:.1f} s ({cpu:.1f} s CPU)"


# The script run as a script, reporting its own peak RSS (VmHWM) at exit: wait4's ru_maxrss of a
# child started from this process counts this process's memory too (a fork's image is kept in
# it through exec: a child that allocated nothing read 311 MB beside a 300 MB parent).
PEAK_OF = ("import atexit, runpy, sys\n"
           "def peak():\n"
           "    hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM')]\n"
           "    print(f'peak-kib {hwm[0].split()[1]}', file=sys.stderr)\n"
           "atexit.register(peak)\n"
           "sys.argv = ['diariebot', *sys.argv[1:]]\n"
           "runpy.run_module('bot', run_name='__main__')\n")


def cli_run(home: Path) -> str:
    """`diariebot coverage --json` as a script runs it: its wall time and its own peak RSS."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        child = subprocess.run([sys.executable, "-c", PEAK_OF, "--home", str(home), "coverage",
                                "--json"], stdout=out, stderr=err, check=False)
        seconds = time.perf_counter() - started
        out.seek(0)
        data = json.loads(out.read()) if child.returncode == 0 else {}
        err.seek(0)
        peak = [int(line.split()[1]) for line in err.read().decode().splitlines()
                if line.startswith("peak-kib ")]
    if not data or not peak:
        raise SystemExit(f"coverage --json failed ({child.returncode})")
    return (f"diariebot coverage --json: {seconds:.2f} s wall, peak RSS "
            f"{peak[-1] / 1024:.0f} MB ({data['records']} records, {data['recovered']} "
            f"recovered, {data['proposed']} proposed, {len(data['weeks'])} weeks)")


def memory(peaks: dict[str, float]) -> str:
    lines = [f"{'peak Python allocation':<28} {'MiB':>8}", "-" * 37]
    lines += [f"{name:<28} {mib:>8.1f}" for name, mib in peaks.items()]
    return "\n".join(lines)


def measure(ctx: Context, samples: int, seed: int = 11) -> list[str]:
    """Every figure, as the lines of the report."""
    rng = random.Random(seed)
    served, served_peaks = asyncio.run(_serve(ctx, _urls(ctx, rng, samples)))
    computed, computed_peaks = compute(ctx, max(1, samples // 4), rng)
    return ["pages, server wall time", report(served.wall, GOALS_MS), "",
            "pages, server CPU time", report(served.cpu, {}), "",
            "computations, wall time", report(computed.wall, {}), "",
            "computations, CPU time", report(computed.cpu, {}), "",
            memory({**served_peaks, **computed_peaks}), "",
            f"this process (served and computed all the above): peak RSS "
            f"{_rss_mb(resource.RUSAGE_SELF):.0f} MB",
            outreach_size(ctx, rng), rebuild_time(ctx)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.coverage", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("work", type=Path, help="working folder (kept between runs)")
    parser.add_argument("--cases", type=int, default=120_000)
    parser.add_argument("--documents", type=int, default=450_000)
    parser.add_argument("--recovered", type=float, default=0.3, help="share already recovered")
    parser.add_argument("--queued", type=int, default=40_000, help="items waiting in the queue")
    parser.add_argument("--samples", type=int, default=40, help="requests per kind of page")
    args = parser.parse_args(argv)
    ctx = prepare(args.work, args)
    print("\n".join(measure(ctx, args.samples)), flush=True)
    print(cli_run(ctx.settings.home), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
