"""Backups of a PostgreSQL home on a real server: the bundle holds a pg_dump (custom format)
instead of SQLite's copy, verify reads it with pg_restore and finds every item's original,
restore loads it into an empty database (or leaves it with the command that loads it), and the
restored home has the same rows, the same originals and an intact audit chain."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

from bot.backup.layout import DUMP, BackupError, bundles
from bot.backup.restore import restore_bundle
from bot.backup.verify import verify_bundle
from bot.backup.write import write_backup
from bot.cli import main
from bot.settings import load_settings
from tests.export.conftest import home  # noqa: F401 (confirmed items, on PostgreSQL here)

SKIP_TABLES = {"backup_run"}  # written after the snapshot, by design


def _rows(url: str) -> dict[str, list[tuple]]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return {t: sorted(map(tuple, conn.execute(text(f'SELECT * FROM "{t}"'))), key=repr)
                    for t in inspect(conn).get_table_names() if t not in SKIP_TABLES}
    finally:
        engine.dispose()


def _blobs(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in root.glob("??/??/*")}


def test_round_trip_through_pg_dump_restores_the_same_home(home, pg_server, tmp_path):  # noqa: F811
    ctx, _ = home
    receipt = write_backup(ctx.settings, tmp_path / "kopior")
    assert receipt.blobs_copied == 4
    (bundle,) = bundles(tmp_path / "kopior")
    assert bundle.manifest["database"]["file"] == DUMP
    assert bundle.manifest["database"]["revision"]  # read back from the dump
    assert (bundle.path / DUMP).read_bytes().startswith(b"PGDMP")  # pg_dump's custom format
    report = verify_bundle(tmp_path / "kopior")
    assert report.ok, report.problems

    target = pg_server.url(pg_server.create_database())
    new = tmp_path / "ny"
    done = restore_bundle(tmp_path / "kopior", new, database_url=target)
    assert "database loaded" in done.summary()
    assert load_settings(home=new).db_url == target
    assert _rows(target) == _rows(ctx.settings.db_url)
    assert _blobs(new / "blobs") == _blobs(ctx.settings.blob_path)
    assert main(["--home", str(new), "audit"]) == 0  # opens, migrates, the chain is whole


def test_without_a_database_the_dump_waits_in_the_new_home(home, tmp_path):  # noqa: F811
    ctx, _ = home
    write_backup(ctx.settings, tmp_path / "kopior")
    done = restore_bundle(tmp_path / "kopior", tmp_path / "ny")
    assert (tmp_path / "ny" / DUMP).read_bytes().startswith(b"PGDMP")
    assert "pg_restore" in done.summary() and "database_url" in done.summary()


def test_a_database_that_holds_data_is_refused(home, tmp_path):  # noqa: F811
    ctx, _ = home
    write_backup(ctx.settings, tmp_path / "kopior")
    with pytest.raises(BackupError, match="not empty"):
        restore_bundle(tmp_path / "kopior", tmp_path / "ny", database_url=ctx.settings.db_url)


def test_a_damaged_dump_fails_verify_and_names_it(home, tmp_path):  # noqa: F811
    ctx, _ = home
    location = write_backup(ctx.settings, tmp_path / "kopior").location
    dump = location / DUMP
    data = bytearray(dump.read_bytes())
    data[len(data) // 2] ^= 0xFF
    dump.write_bytes(bytes(data))
    report = verify_bundle(tmp_path / "kopior")
    assert any(DUMP in p and "checksum" in p for p in report.problems)


def test_an_item_whose_original_is_not_in_the_bundle_is_named(home, tmp_path):  # noqa: F811
    """verify reads the items out of the dump itself, not from the manifest."""
    ctx, _ = home
    location = write_backup(ctx.settings, tmp_path / "kopior").location
    manifest = location / "manifest.json"
    import json

    data = json.loads(manifest.read_text())
    gone = sorted(data["blobs"])[0]
    del data["blobs"][gone]
    manifest.write_text(json.dumps(data))
    from bot.backup.files import sums_text

    (location / "SHA256SUMS").write_text(sums_text(location))
    report = verify_bundle(tmp_path / "kopior")
    assert any(gone in p and "original missing" in p for p in report.problems), report.problems


def test_cli_backup_verify_restore_on_postgresql(home, pg_server, tmp_path, capsys):  # noqa: F811
    ctx, _ = home
    h = ["--home", str(ctx.settings.home)]
    assert main([*h, "backup", str(tmp_path / "kopior")]) == 0
    assert main([*h, "verify", str(tmp_path / "kopior")]) == 0
    assert "all intact" in capsys.readouterr().out
    target = pg_server.url(pg_server.create_database())
    assert main(["restore", str(tmp_path / "kopior"), "--home", str(tmp_path / "ny"),
                 "--database-url", target]) == 0
    assert main(["--home", str(tmp_path / "ny"), "items", "--json"]) == 0
    assert "Yttrande Länsstyrelsen.pdf" in capsys.readouterr().out
