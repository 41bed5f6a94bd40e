"""`diariebot backup DIR`: a new bundle in DIR — the database snapshot first (SQLite's online
backup, or pg_dump for a PostgreSQL home; consistent while the service writes), then every
original file that no earlier bundle in DIR holds, a manifest and a SHA-256 list; encrypted
with age when recipients are given."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine

from bot.backup import postgres
from bot.backup.crypt import encrypt_folder
from bot.backup.files import copy_verified, sha256_file, stored_blobs, sums_text
from bot.backup.layout import (
    CONFIG,
    DATABASE,
    DUMP,
    ENCRYPTED,
    FORMAT,
    INDEX,
    MANIFEST,
    PREFIX,
    SUMS,
    BackupError,
    blob_relpath,
    bundles,
)
from bot.export.folder import locked
from bot.models import utcnow
from bot.settings import Settings


@dataclass(frozen=True)
class BackupReceipt:
    name: str
    location: Path
    kind: str
    blobs_total: int
    blobs_copied: int
    bytes_copied: int

    def summary(self) -> str:
        return (f"{self.location}: {self.kind}, {self.blobs_copied} nya filer av "
                f"{self.blobs_total} / new files of total, {self.bytes_copied} byte")


def sqlite_path(settings: Settings) -> Path:
    url = settings.db_url
    if not url.startswith("sqlite:///"):
        raise BackupError("bara SQLite- och PostgreSQL-databaser / only SQLite and PostgreSQL "
                          "databases are backed up by diariebot")
    return Path(url.removeprefix("sqlite:///"))


def snapshot_database(settings: Settings, staging: Path) -> dict[str, Any]:
    """The database into the bundle: pg_dump for PostgreSQL, else SQLite's online backup."""
    if postgres.is_postgresql(settings.db_url):
        return postgres.snapshot(settings.db_url, staging / DUMP)
    return snapshot(sqlite_path(settings), staging / DATABASE)


def snapshot(database: Path, target: Path) -> dict[str, Any]:
    """A consistent copy of the live database, checked, with its schema revision."""
    source = sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=60)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")
        check = copy.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        copy.close()
        source.close()
    if check != "ok":
        raise BackupError(f"{database}: integritetskontrollen misslyckades / integrity: {check}")
    return {"file": DATABASE, "sha256": sha256_file(target), "size": target.stat().st_size,
            "integrity": check, "revision": revision(target)}


def revision(database: Path) -> str | None:
    engine = create_engine(f"sqlite:///{database}")
    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    finally:
        engine.dispose()


def _name(folder: Path, created: datetime) -> str:
    base = f"{PREFIX}{created.strftime('%Y%m%dT%H%M%SZ')}"
    name, n = base, 1
    while any(folder.glob(f"{name}*")):
        n += 1
        name = f"{base}-{n}"
    return name


def _copy_blobs(settings: Settings, staging: Path, name: str,
                known: dict[str, str]) -> tuple[dict[str, str], int, int]:
    where: dict[str, str] = {}
    copied = size = 0
    for digest, path in stored_blobs(settings.blob_path):
        if digest in known:
            where[digest] = known[digest]
            continue
        size += copy_verified(path, staging / blob_relpath(digest), digest)
        where[digest] = name
        copied += 1
    return where, copied, size


def _finish(folder: Path, staging: Path, name: str, manifest: dict[str, Any],
            recipients: list[str]) -> Path:
    (staging / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    (staging / SUMS).write_text(sums_text(staging), encoding="utf-8")
    if not recipients:
        staging.rename(folder / name)
        return folder / name
    target = folder / f"{name}{ENCRYPTED}"
    encrypt_folder(staging, target, recipients)
    index = {**manifest, "archive_sha256": sha256_file(target), "recipients": recipients}
    (folder / f"{name}{INDEX}").write_text(json.dumps(index, indent=1), encoding="utf-8")
    shutil.rmtree(staging)
    return target


def write_backup(settings: Settings, folder: Path, recipients: list[str] | None = None,
                 full: bool = False, clock: Callable[[], datetime] = utcnow) -> BackupReceipt:
    """One new bundle; incremental (only new originals) unless `full` or the folder is empty."""
    if not postgres.is_postgresql(settings.db_url):
        sqlite_path(settings)  # refuse other databases before anything is written
    with locked(folder, ".diariebot-backup.lock"):
        earlier = [] if full else bundles(folder)
        created = clock()
        name = _name(folder, created)
        staging = folder / f".partial-{name}"
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir()
        try:
            db = snapshot_database(settings, staging)  # first: blobs are written before rows
            known = earlier[-1].blobs if earlier else {}
            where, copied, size = _copy_blobs(settings, staging, name, known)
            config = settings.home / "diariebot.toml"
            if config.is_file():
                (staging / CONFIG).parent.mkdir()
                shutil.copy2(config, staging / CONFIG)
            manifest = {"format": FORMAT, "name": name, "created": created.isoformat(),
                        "kind": "incremental" if earlier else "full",
                        "bases": sorted(set(where.values()) - {name}), "database": db,
                        "blobs": where}
            location = _finish(folder, staging, name, manifest, recipients or [])
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return BackupReceipt(name, location, str(manifest["kind"]), len(where), copied, size)
