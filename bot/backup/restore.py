"""`diariebot restore DIR --home NEW`: a new home in the state of a verified bundle — database,
every original (hash-checked again as it is copied) and the settings file. A PostgreSQL dump is
loaded into an empty database given by `--database-url` (the new home's settings then point
at it), or left in the new home with the command that loads it."""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from bot.backup import postgres
from bot.backup.chain import opened_chain
from bot.backup.files import copy_verified
from bot.backup.layout import CONFIG, DATABASE, DUMP, BackupError, blob_relpath, find_bundle
from bot.backup.verify import database_file, verify_bundle


@dataclass(frozen=True)
class RestoreReceipt:
    bundle: str
    home: Path
    blobs: int
    note: str = ""

    def summary(self) -> str:
        return (f"{self.home}: återställd från / restored from {self.bundle} "
                f"({self.blobs} originalfiler / originals){self.note}")


def _refuse_existing(home: Path) -> None:
    if any((home / name).exists() for name in ("diariebot.db", DUMP, "blobs")):
        raise BackupError(f"{home}: innehåller redan data, välj en tom mapp / already holds "
                          "data: restore into an empty folder")


def _point_at(home: Path, url: str) -> None:
    """The new home's settings name the database the dump was loaded into."""
    config = home / "diariebot.toml"
    text = config.read_text(encoding="utf-8") if config.exists() else ""
    line = f"database_url = {url!r}".replace("'", '"')
    text, found = re.subn(r"(?m)^database_url\s*=.*$", lambda _: line, text)
    config.write_text(text if found else f"{line}\n{text}", encoding="utf-8")


def _restore_dump(root: Path, home: Path, database_url: str | None) -> str:
    if database_url is None:
        shutil.copy2(root / DUMP, home / DUMP)
        return (f"\nladda databasen / load the database: pg_restore --no-owner --no-privileges "
                f"--dbname=URL {home / DUMP}; sätt sedan / then set database_url in "
                f"{home / 'diariebot.toml'}")
    postgres.load(root / DUMP, database_url)
    _point_at(home, database_url)
    return "\ndatabasen laddad / database loaded"


def restore_bundle(folder: Path, home: Path, name: str | None = None,
                   identity: Path | None = None,
                   database_url: str | None = None) -> RestoreReceipt:
    _refuse_existing(home)
    report = verify_bundle(folder, name, identity)
    if not report.ok:
        raise BackupError("kontrollen misslyckades / verify failed: " + "; ".join(report.problems))
    bundle = find_bundle(folder, report.bundle)
    home.mkdir(parents=True, exist_ok=True)
    with opened_chain(folder, bundle, identity) as roots:
        root, note = roots[bundle.name], ""
        if (root / CONFIG).is_file() and not (home / "diariebot.toml").exists():
            shutil.copy2(root / CONFIG, home / "diariebot.toml")
        if database_file(bundle) == DUMP:
            note = _restore_dump(root, home, database_url)
        else:
            shutil.copy2(root / DATABASE, home / "diariebot.db")
        for digest, where in bundle.blobs.items():
            target = home / blob_relpath(digest)
            copy_verified(roots[where] / blob_relpath(digest), target, digest)
            os.chmod(target, 0o444)
    return RestoreReceipt(bundle.name, home, len(bundle.blobs), note)
