"""kill -9 of `process` with three workers mid-stage, on PostgreSQL (tests/hostile/test_kills.py's
test with homes whose database is on the test server): after running again, the home holds
exactly what an uninterrupted run over the same input holds — nothing lost, nothing doubled,
every item in the same final state; the dead workers' leases are taken over at once."""

from __future__ import annotations

from pathlib import Path

from bench.faults import Tally, compare, snapshot
from bot.db import session_scope
from bot.ingest import ingest_paths
from bot.registry import import_registry_csv
from tests.conftest import CASES_CSV, DOCUMENTS_CSV
from tests.hostile.conftest import ingest, open_home
from tests.hostile.test_kills import SETTINGS, _kill_mid_stage, _process

FILES = ["a.pdf", "b.pdf", "c.pdf", "d.pdf", "e.pdf", "f.pdf", "g.pdf", "h.pdf"]


def _pg_home(folder: Path, url: str) -> Path:
    folder.mkdir()
    (folder / "diariebot.toml").write_text(f'database_url = "{url}"\n{SETTINGS}')
    ctx = open_home(folder)
    assert ctx.engine.dialect.name == "postgresql"
    for data in (CASES_CSV, DOCUMENTS_CSV):
        with session_scope(ctx.engine) as session:
            import_registry_csv(session, data.encode(), ctx.grammar)
    return folder


def test_kill_9_of_three_workers_loses_and_doubles_nothing_on_postgresql(tmp_path, pg_server,
                                                                          pg_template):
    tally = Tally()
    urls = [pg_server.url(pg_server.create_database(pg_template)) for _ in range(2)]
    reference = _pg_home(tmp_path / "reference", urls[0])
    ingest(reference, FILES)
    assert _process(reference, tally) == 0
    home = _pg_home(tmp_path / "killed", urls[1])
    again = [tmp_path / "in" / name for name in FILES]  # the very same bytes
    ingest_paths(open_home(home), again, "anna.berg@exempelby.se")
    assert [_kill_mid_stage(home, tally) for _ in range(2)] == [-9, -9]
    assert _process(home, tally) == 0
    expected, found = snapshot(reference), snapshot(home)
    assert {key[3] for key in expected} <= {"queued", "duplicate"}
    assert compare(found, expected) == {"lost": 0, "doubled": 0, "changed": 0, "unfinished": 0}
    assert (tally.killed, tally.crashes, tally.hangs) == (2, 0, 0)
