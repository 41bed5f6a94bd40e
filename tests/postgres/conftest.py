"""Fixtures for the scale path on a real PostgreSQL: one server per test session (started only
when a test here needs it, skipped with the reason where PostgreSQL is not installed), a fresh
empty database per test. Here `settings` (and so `ctx`, `registry` and the web clients) point
at PostgreSQL, so tests of other folders imported here run unchanged on it."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.context import open_context
from bot.db import open_engine, session_scope
from bot.registry import import_registry_csv
from bot.settings import Settings, load_settings
from tests.conftest import CASES_CSV, DOCUMENTS_CSV
from tests.hostile.conftest import reaper  # noqa: F401 (fixtures)
from tests.postgres.server import Server, binaries, start_server
from tests.web.conftest import accounts, admin, anonymous, registrar  # noqa: F401


@pytest.fixture(scope="session")
def pg_server() -> Iterator[Server]:
    if binaries() is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL missing: scripts/bootstrap.sh test installs it")
        pytest.skip("PostgreSQL är inte installerat / not installed (initdb, pg_ctl): "
                    "apt-get install postgresql, or run scripts/bootstrap.sh test")
    server = start_server()
    try:
        yield server
    finally:
        try:
            server.stop()
        finally:
            shutil.rmtree(server.folder, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_template(pg_server: Server) -> str:
    """A database migrated to head once, copied for each test (CREATE DATABASE … TEMPLATE)."""
    name = pg_server.create_database()
    open_engine(pg_server.url(name)).dispose()
    return name


@pytest.fixture
def pg_empty_url(pg_server: Server) -> Iterator[str]:
    """The SQLAlchemy URL of a new, empty database on the test server."""
    name = pg_server.create_database()
    yield pg_server.url(name)
    pg_server.drop_database(name)


@pytest.fixture
def pg_url(pg_server: Server, pg_template: str) -> Iterator[str]:
    """The SQLAlchemy URL of a new database already migrated to head."""
    name = pg_server.create_database(pg_template)
    yield pg_server.url(name)
    pg_server.drop_database(name)


@pytest.fixture
def settings(tmp_path: Path, pg_url: str) -> Settings:
    """A home folder (originals, logs) whose database is on PostgreSQL, set in its
    diariebot.toml as an operator would (so CLI processes started with --home use it too)."""
    home = tmp_path / "home"
    home.mkdir()
    (home / "diariebot.toml").write_text(f'database_url = "{pg_url}"\n', encoding="utf-8")
    return load_settings(home=home)


@pytest.fixture
def home(tmp_path: Path, pg_url: str) -> Path:
    """tests/hostile's home on PostgreSQL: the small registry, 2-second leases, 0.1 s polls."""
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    (home / "diariebot.toml").write_text(
        f'database_url = "{pg_url}"\nlease_seconds = 2\npoll_seconds = 0.1\n', encoding="utf-8")
    ctx = open_context(load_settings(home=home))
    for data in (CASES_CSV, DOCUMENTS_CSV):
        with session_scope(ctx.engine) as session:
            import_registry_csv(session, data.encode(), ctx.grammar)
    return home
