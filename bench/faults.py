"""Running a command of the real CLI as a process of its own, as a fault bench needs it: in a
session of its own (so kill -9 takes its workers and OCR children too), with its process tree's
memory sampled, its own peak from the kernel, and a time bound (a hang is counted, not waited
for). Also the snapshot of a home that two runs are compared by."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from sqlmodel import select

from bench.ocr_memory import _tree_rss_kb
from bot.context import open_context
from bot.db import session_scope
from bot.models import Item
from bot.settings import load_settings

ROOT = Path(__file__).resolve().parent.parent
FINAL = {"queued", "skipped", "failed", "duplicate", "split", "confirmed", "rejected"}


@dataclass
class Tally:
    """What the commands of one scenario did."""

    peak_mb: float = 0.0  # the largest single process (the kernel's max RSS of it and those it
    tree_mb: float = 0.0  # reaped); the largest sum over the whole tree, sampled every 0.2 s
    crashes: int = 0
    hangs: int = 0
    locked: int = 0  # "database is locked" in any stderr
    killed: int = 0
    errors: list[str] = field(default_factory=list)


class Run:
    """A command of the CLI running in a session of its own; its stderr goes to a file (a pipe
    nobody reads while it runs could fill and stall it)."""

    def __init__(self, home: Path, *args: str) -> None:
        env = {**os.environ, "PYTHONPATH": str(ROOT), "OMP_THREAD_LIMIT": "1"}
        self.err = tempfile.TemporaryFile("w+")  # noqa: SIM115 (closed when reaped)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot", "--home", str(home), *args], cwd=ROOT, env=env,
            stdout=subprocess.DEVNULL, stderr=self.err, text=True, start_new_session=True)
        self.pid = self.process.pid

    def alive(self) -> bool:
        """Still running (asked without reaping it, so wait4 can still read its rusage)."""
        flags = os.WEXITED | os.WNOHANG | os.WNOWAIT
        return os.waitid(os.P_PID, self.pid, flags) is None


def start(home: Path, *args: str) -> Run:
    return Run(home, *args)


def finish(child: Run, tally: Tally, bound: float, kill_after: float | None = None,
           ok: tuple[int, ...] = (0,)) -> int:
    """Wait for the command (sampling its tree), kill -9 its whole session after `kill_after`
    seconds, or after `bound` as a hang. Returns its exit code (negative: the signal)."""
    began = time.monotonic()
    while child.alive():
        tally.tree_mb = max(tally.tree_mb, _tree_rss_kb(child.pid) / 1024)
        elapsed = time.monotonic() - began
        if kill_after is not None and elapsed >= kill_after:
            tally.killed += 1
            return _reap(child, tally, counted=False)
        if elapsed >= bound:
            tally.hangs += 1
            return _reap(child, tally, counted=False)
        time.sleep(0.2)
    code = _reap(child, tally, counted=True)
    if code not in ok:
        tally.crashes += 1
        tally.errors.append(f"exit {code}")
    return code


def _reap(child: Run, tally: Tally, counted: bool) -> int:
    if not counted:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(child.pid, signal.SIGKILL)
    _pid, status, usage = os.wait4(child.pid, 0)
    child.process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    child.err.seek(0)
    err = child.err.read()
    child.err.close()
    tally.peak_mb = max(tally.peak_mb, usage.ru_maxrss / 1024)
    tally.locked += err.count("database is locked")
    if counted and "Traceback" in err:
        tally.crashes += 1
        tally.errors.append(err.strip().splitlines()[-1][:200])
    return child.process.returncode


def snapshot(home: Path) -> Counter[tuple[str, str, str, str]]:
    """Every item as (file name, content hash, parent's file name, state): two runs over the
    same input end alike when nothing was lost or doubled."""
    ctx = open_context(load_settings(home=home))
    with session_scope(ctx.engine) as session:
        items = {i.id: i for i in session.exec(select(Item))}
    return Counter((i.filename, i.sha256, _parent(items, i), i.state) for i in items.values())


def _parent(items: dict[int | None, Item], item: Item) -> str:
    parent = items.get(item.parent_id) if item.parent_id else None
    return parent.filename if parent else ""


def compare(found: Counter[tuple[str, str, str, str]],
            reference: Counter[tuple[str, str, str, str]]) -> dict[str, int]:
    """lost: items of the reference run missing; doubled: items too many; changed: the same
    item in another state; unfinished: items not in a final state."""
    def items(run: Counter[tuple[str, str, str, str]]) -> Counter[tuple[str, str, str]]:
        counts: Counter[tuple[str, str, str]] = Counter()
        for key, n in run.items():
            counts[key[:3]] += n
        return counts

    lost = sum((items(reference) - items(found)).values())
    return {"lost": lost, "doubled": sum((items(found) - items(reference)).values()),
            "changed": sum((reference - found).values()) - lost,
            "unfinished": sum(n for key, n in found.items() if key[3] not in FINAL)}


def states(home: Path) -> dict[str, int]:
    counts: Counter[str] = Counter()
    for key, n in snapshot(home).items():
        counts[key[3]] += n
    return dict(sorted(counts.items()))


def items_of(home: Path) -> list[Item]:
    ctx = open_context(load_settings(home=home))
    with session_scope(ctx.engine) as session:
        found = list(session.exec(select(Item)))
        session.expunge_all()
    return found


def holder_pid(item: Item) -> int | None:
    """The process holding the item's lease (owner is host:pid:namespace), if any."""
    if not item.lease_owner:
        return None
    return int(item.lease_owner.split(":")[1])


def without(run: Counter[tuple[str, str, str, str]], name: str,
            sha: str) -> Counter[tuple[str, str, str, str]]:
    return Counter({key: n for key, n in run.items() if key[:2] != (name, sha)})
