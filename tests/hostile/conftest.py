"""Fixtures for hostile tests against real processes: a home folder with a registry and fast
settings, files ingested into it, child processes started and watched."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlmodel import col, select

from bot.context import Context, open_context
from bot.db import session_scope
from bot.ingest import ingest_paths
from bot.models import AuditEvent, Item
from bot.registry import import_registry_csv
from bot.settings import load_settings
from bot.states import WORKABLE
from bot.worker import run_until_idle
from tests.conftest import CASES_CSV, DOCUMENTS_CSV, make_pdf, make_scan
from tests.web.conftest import accounts, admin, anonymous, registrar  # noqa: F401 (fixtures)

ROOT = Path(__file__).resolve().parents[2]


def open_home(home: Path) -> Context:
    return open_context(load_settings(home=home))


def run_file(home: Path, name: str, data: bytes, settings: str = "") -> list[Item]:
    """`settings` added to the home's diariebot.toml, `data` ingested as NAME and processed:
    every item in id order, none left in the pipeline."""
    if settings:
        with (home / "diariebot.toml").open("a") as toml:
            toml.write(settings)
    ctx = open_home(home)
    path = home.parent / name
    path.write_bytes(data)
    ingest_paths(ctx, [path], "anna.berg@exempelby.se")
    run_until_idle(ctx)
    with session_scope(ctx.engine) as session:
        items = list(session.exec(select(Item).order_by(col(Item.id))))
        session.expunge_all()
    assert not [i for i in items if i.state in WORKABLE], "work left in the pipeline"
    return items


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A home with the small registry and short leases (2 s) and polls (0.1 s)."""
    return make_home(tmp_path / "home")


def make_home(home: Path) -> Path:
    home.mkdir()
    (home / "diariebot.toml").write_text("lease_seconds = 2\npoll_seconds = 0.1\n")
    ctx = open_home(home)
    for data in (CASES_CSV, DOCUMENTS_CSV):
        with session_scope(ctx.engine) as session:
            import_registry_csv(session, data.encode(), ctx.grammar)
    return home


def ingest(home: Path, names: list[str]) -> list[int]:
    """One small document per name, each naming a registered case: a text-layer PDF, or a
    scan to be read by OCR (a few seconds) when the name ends in .png."""
    folder = home.parent / "in"
    folder.mkdir(exist_ok=True)
    paths = []
    for name in names:
        path = folder / name
        lines = [f"Yttrande {name}", "Dnr KS 2021/0456-2"]
        path.write_bytes(make_scan(lines) if name.endswith(".png") else make_pdf(lines))
        paths.append(path)
    return [r.item_id for r in ingest_paths(open_home(home), paths, "anna.berg@exempelby.se")]


def states(home: Path) -> dict[int, tuple[str, str | None, int]]:
    with session_scope(open_home(home).engine) as session:
        return {i.id or 0: (i.state, i.state_reason, i.attempts)
                for i in session.exec(select(Item))}


def audit(home: Path, item_id: int) -> list[tuple[str, str | None, str | None]]:
    """(action, from, to) of the item's events, in order."""
    with session_scope(open_home(home).engine) as session:
        return [(e.action, e.from_state, e.to_state) for e in session.exec(
            select(AuditEvent).where(AuditEvent.item_id == item_id)
            .order_by(col(AuditEvent.id)))]


def child(home: Path, mode: str, stage: str = "unpacked", seconds: float = 0,
          args: tuple[str, ...] = ()) -> subprocess.Popen[str]:
    env = {**os.environ, "HOSTILE_MODE": mode, "HOSTILE_STAGE": stage,
           "HOSTILE_SECONDS": str(seconds), "HOSTILE_HOME": str(home), "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "tests.hostile.children", *args], cwd=ROOT,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def cli(home: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "bot", "--home", str(home), *args], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=timeout, check=False)


def wait_for(condition: Callable[[], object], seconds: float = 60, what: str = "") -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what or condition}")
        time.sleep(0.05)


@pytest.fixture
def reaper() -> Iterator[list[subprocess.Popen[str]]]:
    """Processes a test starts; whatever still runs at the end is continued and killed."""
    started: list[subprocess.Popen[str]] = []
    yield started
    for process in started:
        if process.poll() is None:
            os.kill(process.pid, signal.SIGCONT)
            process.kill()
            process.wait(10)
