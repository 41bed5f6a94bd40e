"""Offline backups: a populated home (items, decisions, audit chain, users, originals) goes
through backup, verify and restore unchanged; damage is found and named; bundles after the
first carry only new originals; encrypted bundles need their key."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import threading
from pathlib import Path

import pytest

from bot.backup.layout import BackupError, bundles
from bot.backup.restore import restore_bundle
from bot.backup.verify import verify_bundle
from bot.backup.write import write_backup
from bot.cli import main
from bot.context import open_context
from bot.settings import load_settings
from tests.export.conftest import confirmed_home
from tests.web.conftest import Want, queue_item

SKIP_TABLES = {"backup_run", "sqlite_sequence"}  # written after the snapshot, by design


def _dump(db: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'case_search%'")]
        return {t: sorted(map(tuple, conn.execute(f'SELECT * FROM "{t}"')), key=repr)
                for t in tables if t not in SKIP_TABLES}
    finally:
        conn.close()


def _blobs(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in root.glob("??/??/*")}


def test_round_trip_restores_the_same_home(home, tmp_path):
    ctx, _ = home
    receipt = write_backup(ctx.settings, tmp_path / "kopior")
    assert receipt.kind == "full" and receipt.blobs_copied == receipt.blobs_total == 4
    report = verify_bundle(tmp_path / "kopior")
    assert report.ok, report.problems
    new = tmp_path / "ny"
    restore_bundle(tmp_path / "kopior", new)
    assert _dump(new / "diariebot.db") == _dump(ctx.settings.home / "diariebot.db")
    assert _blobs(new / "blobs") == _blobs(ctx.settings.blob_path)
    restored = open_context(load_settings(home=new))  # opens, migrates, works
    assert main(["--home", str(restored.settings.home), "audit"]) == 0


def test_a_flipped_byte_in_an_original_fails_verify_and_names_the_file(home, tmp_path):
    ctx, _ = home
    bundle = write_backup(ctx.settings, tmp_path / "kopior").location
    victim = next(bundle.glob("blobs/??/??/*"))
    _flip(victim)
    report = verify_bundle(tmp_path / "kopior")
    assert not report.ok
    assert any(victim.name in p and "checksum" in p for p in report.problems)
    with pytest.raises(BackupError, match="verify failed"):
        restore_bundle(tmp_path / "kopior", tmp_path / "ny")


def test_a_flipped_byte_in_the_database_fails_verify(home, tmp_path):
    ctx, _ = home
    bundle = write_backup(ctx.settings, tmp_path / "kopior").location
    _flip(bundle / "database.sqlite3", offset=5000)
    problems = verify_bundle(tmp_path / "kopior").problems
    assert any("database.sqlite3" in p for p in problems)


def test_a_flipped_byte_in_the_manifest_fails_verify(home, tmp_path):
    ctx, _ = home
    bundle = write_backup(ctx.settings, tmp_path / "kopior").location
    _flip(bundle / "manifest.json", offset=10)
    assert any("manifest.json" in p for p in verify_bundle(tmp_path / "kopior").problems)


def _flip(path: Path, offset: int = 100) -> None:
    path.chmod(0o644)
    data = bytearray(path.read_bytes())
    data[min(offset, len(data) - 1)] ^= 0x01
    path.write_bytes(bytes(data))


def test_later_bundles_carry_only_new_originals_and_restore_whole(home, tmp_path):
    ctx, _ = home
    folder = tmp_path / "kopior"
    write_backup(ctx.settings, folder)
    queue_item(ctx, "ny.pdf", [["Ny handling KS 2021/0456"]], [Want("KS 2021/0456", 1, 0.9)])
    second = write_backup(ctx.settings, folder)
    assert (second.kind, second.blobs_copied, second.blobs_total) == ("incremental", 1, 5)
    assert verify_bundle(folder).ok
    restore_bundle(folder, tmp_path / "ny")
    assert _blobs(tmp_path / "ny" / "blobs") == _blobs(ctx.settings.blob_path)
    shutil.rmtree(bundles(folder)[0].path)  # the base is gone: the newer one is incomplete
    problems = verify_bundle(folder).problems
    assert any("missing bundles" in p for p in problems)


def test_backup_while_the_service_writes_is_consistent(home, tmp_path):
    ctx, _ = home
    stop = threading.Event()

    def writer() -> None:
        n = 0
        while not stop.is_set():
            n += 1
            queue_item(ctx, f"brev{n}.pdf", [[f"Brev {n} KS 2021/0456"]],
                       [Want("KS 2021/0456", 1, 0.8)])

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        for _ in range(3):
            write_backup(ctx.settings, tmp_path / "kopior")
    finally:
        stop.set()
        thread.join()
    for bundle in bundles(tmp_path / "kopior"):
        report = verify_bundle(tmp_path / "kopior", bundle.name)
        assert report.ok, report.problems


@pytest.mark.skipif(shutil.which("age-keygen") is None, reason="age is not installed")
def test_an_encrypted_bundle_needs_its_key_and_then_restores(home, tmp_path):
    ctx, _ = home
    key = tmp_path / "nyckel.txt"
    subprocess.run(["age-keygen", "-o", str(key)], check=True, capture_output=True)
    recipient = next(line.split(": ")[1] for line in key.read_text().splitlines()
                     if line.startswith("# public key"))
    folder = tmp_path / "kopior"
    receipt = write_backup(ctx.settings, folder, [recipient])
    assert receipt.location.name.endswith(".tar.age")
    assert not list(folder.glob("*/database.sqlite3"))  # nothing readable lies in the folder
    assert any("--identity" in p for p in verify_bundle(folder).problems)
    assert verify_bundle(folder, identity=key).ok
    restore_bundle(folder, tmp_path / "ny", identity=key)
    assert _dump(tmp_path / "ny" / "diariebot.db") == _dump(ctx.settings.home / "diariebot.db")
    _flip(receipt.location, offset=2000)
    assert any("checksum" in p for p in verify_bundle(folder, identity=key).problems)


def test_restore_refuses_a_home_that_holds_data(home, tmp_path):
    ctx, _ = home
    write_backup(ctx.settings, tmp_path / "kopior")
    with pytest.raises(BackupError, match="already holds data"):
        restore_bundle(tmp_path / "kopior", ctx.settings.home)


def test_cli_backup_verify_restore(home, tmp_path, capsys):
    ctx, _ = home
    h = ["--home", str(ctx.settings.home)]
    assert main([*h, "backup", str(tmp_path / "kopior")]) == 0
    assert main([*h, "verify", str(tmp_path / "kopior")]) == 0
    assert "all intact" in capsys.readouterr().out
    assert main(["restore", str(tmp_path / "kopior"), "--home", str(tmp_path / "ny")]) == 0
    assert (tmp_path / "ny" / "diariebot.db").exists()
    assert main(["verify", str(tmp_path / "tom")]) == 1
    assert "no backup bundle" in capsys.readouterr().err


def test_an_unreachable_postgresql_fails_clearly_and_leaves_no_bundle(tmp_path, monkeypatch):
    """PostgreSQL homes are backed up with pg_dump (tests/postgres/test_backup_pg.py)."""
    monkeypatch.setenv("DIARIEBOT_DATABASE_URL", "postgresql://x@127.0.0.1:9/db")
    settings = load_settings(home=tmp_path)
    with pytest.raises(BackupError, match="pg_dump"):
        write_backup(settings, tmp_path / "kopior")
    assert bundles(tmp_path / "kopior") == []


def test_a_second_home_keeps_its_config_file(registry, tmp_path):
    (registry.settings.home / "diariebot.toml").write_text('archive_organisation = "Exempelby"\n')
    confirmed_home(registry)
    write_backup(registry.settings, tmp_path / "kopior")
    restore_bundle(tmp_path / "kopior", tmp_path / "ny")
    assert load_settings(home=tmp_path / "ny").archive_organisation == "Exempelby"
