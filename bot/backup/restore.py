"""`diariebot restore DIR --home NEW`: a new home in the state of a verified bundle — database,
every original (hash-checked again as it is copied) and the settings file."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from bot.backup.chain import opened_chain
from bot.backup.files import copy_verified
from bot.backup.layout import CONFIG, DATABASE, BackupError, blob_relpath, find_bundle
from bot.backup.verify import verify_bundle


@dataclass(frozen=True)
class RestoreReceipt:
    bundle: str
    home: Path
    blobs: int

    def summary(self) -> str:
        return (f"{self.home}: återställd från / restored from {self.bundle} "
                f"({self.blobs} originalfiler / originals)")


def _refuse_existing(home: Path) -> None:
    if (home / "diariebot.db").exists() or (home / "blobs").exists():
        raise BackupError(f"{home}: innehåller redan data, välj en tom mapp / already holds "
                          "data: restore into an empty folder")


def restore_bundle(folder: Path, home: Path, name: str | None = None,
                   identity: Path | None = None) -> RestoreReceipt:
    _refuse_existing(home)
    report = verify_bundle(folder, name, identity)
    if not report.ok:
        raise BackupError("kontrollen misslyckades / verify failed: " + "; ".join(report.problems))
    bundle = find_bundle(folder, report.bundle)
    home.mkdir(parents=True, exist_ok=True)
    with opened_chain(folder, bundle, identity) as roots:
        root = roots[bundle.name]
        shutil.copy2(root / DATABASE, home / "diariebot.db")
        if (root / CONFIG).is_file() and not (home / "diariebot.toml").exists():
            shutil.copy2(root / CONFIG, home / "diariebot.toml")
        for digest, where in bundle.blobs.items():
            target = home / blob_relpath(digest)
            copy_verified(roots[where] / blob_relpath(digest), target, digest)
            os.chmod(target, 0o444)
    return RestoreReceipt(bundle.name, home, len(bundle.blobs))
