"""Faults against the real command line on a generated municipality: workers killed (kill -9 of
the whole process tree, as a container is stopped) in the middle of `process` and of `ingest`,
a worker killed by its input on every try (the OOM killer's part), a worker frozen past its
lease while a registrar decides, three workers on one home. Each run is compared with an
uninterrupted run over the same input: items lost, doubled or ending in another state, items
left unfinished, decisions undone, crashes, hangs, "database is locked", the peak memory of any
one process and of the whole tree, seconds.

    python -m bench.hostile_faults                      # 120 intake files, 3,000 to ingest
    python -m bench.hostile_faults --intake 30 --ingest-files 300 --rounds 1   # quick

Results also go to bench/out/hostile_faults.json.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import signal
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlmodel import func, select

from bench.faults import (
    ROOT,
    Run,
    Tally,
    compare,
    finish,
    holder_pid,
    items_of,
    snapshot,
    start,
    states,
    without,
)
from bench.municipality import generate
from bot.context import open_context
from bot.db import session_scope
from bot.decisions import DecisionError, confirm
from bot.models import AuditEvent, Item
from bot.settings import load_settings

BOUND = 1800.0  # seconds after which a command counts as hung
SENDER = "anna.berg@exempelby.se"
Row = dict[str, Any]


@dataclass
class Town:
    """The generated input every scenario reads."""

    data: Path
    work: Path
    rng: random.Random
    rounds: int


def new_home(town: Town, name: str, tally: Tally, settings: str = "") -> Path:
    """A fresh home with the town's registry imported."""
    home = town.work / name
    home.mkdir()
    (home / "diariebot.toml").write_text("poll_seconds = 0.1\n" + settings)
    registry = [str(town.data / "cases.csv"), str(town.data / "documents.csv")]
    finish(start(home, "registry", "import", *registry), tally, BOUND)
    return home


def ingest(home: Path, folder: Path, tally: Tally, kill_after: float | None = None) -> int:
    child = start(home, "ingest", str(folder), "--submitter", SENDER)
    return finish(child, tally, BOUND, kill_after)


def process(home: Path, tally: Tally, kill_after: float | None = None) -> int:
    return finish(start(home, "process", "--until-idle", "--workers", "3"), tally, BOUND,
                  kill_after)


def row(kind: str, tally: Tally, began: float, home: Path, **figures: Any) -> Row:
    found = {"kind": kind, "final": states(home), **figures, "crashes": tally.crashes,
             "hangs": tally.hangs, "database_locked": tally.locked,
             "peak_mb": round(tally.peak_mb), "tree_mb": round(tally.tree_mb),
             "seconds": round(time.monotonic() - began, 1), "errors": tally.errors[:5]}
    print(json.dumps(found, ensure_ascii=False), flush=True)
    return found


def reference(town: Town) -> tuple[Row, Any, float]:
    """Three workers on one home, nobody killed: the run the others are compared with."""
    tally, began = Tally(), time.monotonic()
    home = new_home(town, "reference", tally)
    ingest(home, town.data / "intake", tally)
    started = time.monotonic()
    process(home, tally)
    seconds = time.monotonic() - started
    found = snapshot(home)
    return (row("3 workers on one home, uninterrupted (reference)", tally, began, home,
                tried=sum(found.values()), **compare(found, found)), found, seconds)


def killed_processing(town: Town, expected: Any, seconds: float) -> Row:
    """`process --workers 3` killed -9 at random moments, then run to the end."""
    tally, began = Tally(), time.monotonic()
    kills = 5 * town.rounds
    home = new_home(town, "killed-process", tally, "max_attempts = 20\n")  # kills are not poison
    ingest(home, town.data / "intake", tally)
    for _ in range(kills):
        process(home, tally, kill_after=town.rng.uniform(0.05, 0.8) * seconds / kills * 2)
    process(home, tally)
    found = snapshot(home)
    return row(f"kill -9 of process + workers, {tally.killed} times", tally, began, home,
               tried=sum(expected.values()), **compare(found, expected))


def text_files(folder: Path, count: int) -> Path:
    """`count` small distinct submissions naming cases (a 3,000-file drop like the probe's)."""
    folder.mkdir()
    for n in range(count):
        body = f"Yttrande nr {n}\nDnr KS 2021/{n % 900 + 1:04d}\nMed vänlig hälsning\n"
        (folder / f"yttrande-{n:05d}.txt").write_text(body, encoding="utf-8")
    return folder


def killed_ingest(town: Town, count: int) -> Row:
    """`ingest` of a big folder killed -9 at random moments, then run to the end."""
    folder = text_files(town.work / "drop", count)
    tally, began = Tally(), time.monotonic()
    clean = new_home(town, "ingest-reference", tally)
    started = time.monotonic()
    ingest(clean, folder, tally)
    seconds = time.monotonic() - started
    home = new_home(town, "killed-ingest", tally)
    for _ in range(4 * town.rounds):
        ingest(home, folder, tally, kill_after=town.rng.uniform(0.1, 0.6) * seconds)
    ingest(home, folder, tally)
    figures = compare(snapshot(home), snapshot(clean))
    figures.pop("unfinished")  # only received here: nobody processes
    return row(f"kill -9 of ingest ({count:,} files), {tally.killed} times", tally, began, home,
               tried=count, **figures)


def victim(reference_home: Path) -> Item:
    """The largest top-level scan or picture of the reference run that had no children."""
    found = items_of(reference_home)
    parents = {i.parent_id for i in found}
    return max((i for i in found if i.parent_id is None and i.id not in parents
                and i.media_type.startswith(("image/", "application/pdf"))),
               key=lambda i: i.size)


def kill_holder(home: Path, target: Item, seen: dict[tuple[int, int], float]) -> str:
    """kill -9 whichever worker has held the target's lease for 0.3 s (working on it, as a
    worker its input makes huge is killed); returns the target's state."""
    [item] = [i for i in items_of(home) if (i.filename, i.sha256, i.parent_id) ==
              (target.filename, target.sha256, None)]
    pid = holder_pid(item)
    if pid:
        since = seen.setdefault((pid, item.lease_token), time.monotonic())
        if since and time.monotonic() - since >= 0.3:
            seen[(pid, item.lease_token)] = 0.0  # killed once
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
    return item.state


def poisoned(town: Town, expected: Any, target: Item) -> Row:
    """The worker reading one item is killed every time it takes it (as the OOM killer would
    kill a worker its input made huge): the item fails after max_attempts, the rest go on."""
    tally, began = Tally(), time.monotonic()
    seen: dict[tuple[int, int], float] = {}
    home = new_home(town, "poison", tally)
    ingest(home, town.data / "intake", tally)
    child = start(home, "process", "--until-idle", "--workers", "3")
    state = "received"
    while child.alive() and state != "failed":
        state = kill_holder(home, target, seen)
        time.sleep(0.05)
    finish(child, tally, BOUND)
    found = snapshot(home)
    reason = next(i.state_reason for i in items_of(home) if (i.filename, i.sha256) ==
                  (target.filename, target.sha256))
    kills = sum(1 for since in seen.values() if not since)
    return row(f"worker killed by its input on every try ({kills} kills)", tally, began,
               home, tried=sum(expected.values()), poison_reason=reason,
               **compare(without(found, target.filename, target.sha256),
                         without(expected, target.filename, target.sha256)))


def freeze_mid_stage(home: Path, child: Run, hold: float = 1.0) -> int | None:
    """SIGSTOP the worker once it has held one lease for `hold` seconds (a long stage: it is
    inside it). Returns the item it was frozen on (None: the run ended first)."""
    seen: tuple[int | None, int] | None = None
    since = time.monotonic()
    while child.alive():
        mine = [i for i in items_of(home) if holder_pid(i) == child.pid]
        now = (mine[0].id, mine[0].lease_token) if mine else None
        if now != seen:
            seen, since = now, time.monotonic()
        elif now and time.monotonic() - since >= hold:
            os.killpg(child.pid, signal.SIGSTOP)
            return now[0]
        time.sleep(0.05)
    return None


def decide_all(home: Path) -> dict[int, str]:
    """The registrar confirms every queued item that has a proposal."""
    ctx = open_context(load_settings(home=home))
    for item in items_of(home):
        if item.state == "queued" and item.id is not None:
            try:
                with session_scope(ctx.engine) as session:
                    confirm(session, item.id, "rut")
            except DecisionError:
                pass
    return {i.id or 0: i.state for i in items_of(home)}


def frozen_past_lease(town: Town, tally: Tally, n: int) -> tuple[int | None, int, int, int]:
    """One round: a worker frozen mid-stage past its 2-second lease; another finishes the work,
    the registrar decides, the frozen worker wakes. Returns (item, decided, undone, discarded)."""
    home = new_home(town, f"lease-{n}", tally, "lease_seconds = 2\n")
    ingest(home, town.data / "intake", tally)
    late = start(home, "process", "--until-idle")
    frozen = freeze_mid_stage(home, late)
    time.sleep(3.5)
    process(home, tally)
    before = decide_all(home)
    if frozen is not None:
        os.killpg(late.pid, signal.SIGCONT)
    finish(late, tally, BOUND)
    after = {i.id or 0: i.state for i in items_of(home)}
    undone = sum(1 for key, state in before.items() if after.get(key) != state)
    decided = sum(1 for state in before.values() if state == "confirmed")
    return frozen, decided, undone, discarded(home)


def discarded(home: Path) -> int:
    ctx = open_context(load_settings(home=home))
    with session_scope(ctx.engine) as session:
        return int(session.exec(select(func.count()).select_from(AuditEvent)
                                .where(AuditEvent.action == "discarded")).one())


def lease_expiry(town: Town) -> Row:
    tally, began = Tally(), time.monotonic()
    rounds = [frozen_past_lease(town, tally, n) for n in range(town.rounds)]
    home = town.work / f"lease-{town.rounds - 1}"
    return row(f"worker frozen past its lease while the registrar decides, {len(rounds)} times",
               tally, began, home, tried=sum(r[1] for r in rounds),
               frozen_mid_stage=sum(r[0] is not None for r in rounds),
               decisions_undone=sum(r[2] for r in rounds),
               late_results_discarded=sum(r[3] for r in rounds))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--intake", type=int, default=120, help="generated intake files")
    parser.add_argument("--ingest-files", type=int, default=3000, help="files of the killed ingest")
    parser.add_argument("--rounds", type=int, default=1,
                        help="multiplies the kills (5 of process, 4 of ingest) and frozen workers")
    parser.add_argument("--seed", type=int, default=21, help="the town and the kill moments")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="hostile-faults-") as tmp:
        town = Town(generate(Path(tmp) / "town", seed=args.seed, cases=300, documents=1500,
                             intake=args.intake), Path(tmp), random.Random(args.seed),
                    max(1, args.rounds))
        first, expected, seconds = reference(town)
        results = [first, killed_processing(town, expected, seconds),
                   poisoned(town, expected, victim(town.work / "reference")),
                   lease_expiry(town), killed_ingest(town, args.ingest_files)]
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "hostile_faults.json").write_text(json.dumps(results, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
