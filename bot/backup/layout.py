"""What a backup bundle holds and where: the names every other backup module agrees on, and
reading a folder's bundles (plain or encrypted) oldest first."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FORMAT = "diariebot-backup/1"
PREFIX = "diariebot-backup-"
DATABASE = "database.sqlite3"
DUMP = "database.pgdump"  # a PostgreSQL home: pg_dump --format=custom
MANIFEST = "manifest.json"
SUMS = "SHA256SUMS"
CONFIG = "config/diariebot.toml"
ENCRYPTED = ".tar.age"
INDEX = ".index.json"  # beside an encrypted bundle: what it holds, readable without the key


class BackupError(Exception):
    """A bundle is missing, damaged or cannot be written; the message names the file."""


@dataclass(frozen=True)
class Bundle:
    """One bundle in a backup folder: its name, whether it is encrypted, and its manifest (for
    an encrypted one, the plain index beside it)."""

    name: str
    path: Path
    encrypted: bool
    manifest: dict[str, Any]

    @property
    def blobs(self) -> dict[str, str]:
        """Every original file the bundle's database needs -> the bundle that stores it."""
        return dict(self.manifest.get("blobs", {}))

    def stored_here(self) -> set[str]:
        return {digest for digest, where in self.blobs.items() if where == self.name}


def blob_relpath(digest: str) -> str:
    return f"blobs/{digest[:2]}/{digest[2:4]}/{digest}"


def read_json(path: Path) -> dict[str, Any]:
    try:
        return dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError) as error:
        raise BackupError(f"{path}: kan inte läsas / cannot be read ({error})") from None


def bundles(folder: Path) -> list[Bundle]:
    """The folder's bundles, oldest first (names carry the UTC time they were made)."""
    found = []
    for path in sorted(folder.glob(f"{PREFIX}*")):
        if path.is_dir() and (path / MANIFEST).exists():
            found.append(Bundle(path.name, path, False, read_json(path / MANIFEST)))
        elif path.name.endswith(INDEX):
            name = path.name.removesuffix(INDEX)
            found.append(Bundle(name, folder / f"{name}{ENCRYPTED}", True, read_json(path)))
    return sorted(found, key=lambda b: b.name)


def find_bundle(folder: Path, name: str | None) -> Bundle:
    """The named bundle, or the newest one in the folder."""
    found = bundles(folder)
    if not found:
        raise BackupError(f"{folder}: ingen säkerhetskopia / no backup bundle here")
    if name is None:
        return found[-1]
    for bundle in found:
        if bundle.name == name:
            return bundle
    raise BackupError(f"{folder / name}: finns inte / no such bundle")
