"""kill -9 of the whole process tree (as a container is stopped) in the middle of `process` with
three workers and in the middle of `ingest`: after running again, the home holds exactly what an
uninterrupted run over the same input holds — nothing lost, nothing doubled, every item in the
same final state — and no process saw "database is locked"."""

from __future__ import annotations

import time
from pathlib import Path

from bench.faults import Tally, compare, finish, items_of, snapshot, start
from bot.ingest import ingest_paths
from tests.hostile.conftest import ingest, make_home, open_home, wait_for

FILES = ["a.pdf", "b.pdf", "c.pdf", "scan.png", "d.pdf", "e.pdf"]
SETTINGS = "lease_seconds = 600\npoll_seconds = 0.1\nmax_attempts = 10\n"


def _leased(home: Path) -> bool:
    return any(i.lease_owner for i in items_of(home))


def _kill_mid_stage(home: Path, tally: Tally) -> int:
    """Start `process` with three workers; kill -9 its tree once a worker holds an item."""
    run = start(home, "process", "--until-idle", "--workers", "3")
    wait_for(lambda: _leased(home) or not run.alive(), 120, "a worker to take an item")
    return finish(run, tally, 300, kill_after=0)


def _process(home: Path, tally: Tally) -> int:
    return finish(start(home, "process", "--until-idle", "--workers", "3"), tally, 300)


def test_kill_9_of_process_and_its_workers_loses_and_doubles_nothing(tmp_path):
    tally = Tally()
    reference = make_home(tmp_path / "reference")
    (reference / "diariebot.toml").write_text(SETTINGS)
    ingest(reference, FILES)
    assert _process(reference, tally) == 0
    home = make_home(tmp_path / "killed")
    (home / "diariebot.toml").write_text(SETTINGS)
    again = [tmp_path / "in" / name for name in FILES]  # the very same bytes (PDFs carry a time)
    ingest_paths(open_home(home), again, "anna.berg@exempelby.se")
    assert [_kill_mid_stage(home, tally) for _ in range(2)] == [-9, -9]
    assert _process(home, tally) == 0
    expected, found = snapshot(reference), snapshot(home)
    assert {key[3] for key in expected} <= {"queued", "duplicate"}
    assert compare(found, expected) == {"lost": 0, "doubled": 0, "changed": 0, "unfinished": 0}
    assert (tally.killed, tally.crashes, tally.hangs, tally.locked) == (2, 0, 0, 0)


def _drop(folder: Path, count: int) -> Path:
    folder.mkdir()
    for n in range(count):
        (folder / f"yttrande-{n:04d}.txt").write_text(f"Yttrande {n}\nDnr KS 2021/0456-2\n")
    return folder


def _ingest(home: Path, folder: Path, tally: Tally, kill_at: int | None = None) -> int:
    run = start(home, "ingest", str(folder), "--submitter", "anna.berg@exempelby.se")
    if kill_at is None:
        return finish(run, tally, 300)
    wait_for(lambda: len(items_of(home)) >= kill_at or not run.alive(), 120, "items to arrive")
    return finish(run, tally, 300, kill_after=0)


def test_kill_9_of_ingest_loses_and_doubles_nothing(tmp_path):
    folder, tally = _drop(tmp_path / "drop", 300), Tally()
    reference = make_home(tmp_path / "reference")
    assert _ingest(reference, folder, tally) == 0
    home = make_home(tmp_path / "killed")
    began = time.monotonic()
    assert [_ingest(home, folder, tally, kill_at) for kill_at in (60, 180)] == [-9, -9]
    assert 0 < len(items_of(home)) < 300  # killed half-way indeed
    assert _ingest(home, folder, tally) == 0
    assert time.monotonic() - began < 300
    expected, found = snapshot(reference), snapshot(home)
    assert sum(expected.values()) == 300
    figures = compare(found, expected)
    assert (figures["lost"], figures["doubled"], figures["changed"]) == (0, 0, 0)
    assert (tally.crashes, tally.hangs, tally.locked) == (0, 0, 0)
