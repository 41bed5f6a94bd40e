"""Copying and hashing files for backups: streamed (a blob may be large), every copy hashed on
the way so a damaged original is found when it is backed up, not when it is needed."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

from bot.backup.layout import BackupError

CHUNK = 1 << 20
HEX = set("0123456789abcdef")


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def copy_verified(source: Path, target: Path, digest: str) -> int:
    """Copy source to target; the bytes must hash to `digest`. Returns the size."""
    target.parent.mkdir(parents=True, exist_ok=True)
    hasher, size = hashlib.sha256(), 0
    with open(source, "rb") as src, open(target, "wb") as dst:
        while chunk := src.read(CHUNK):
            hasher.update(chunk)
            dst.write(chunk)
            size += len(chunk)
        dst.flush()
        os.fsync(dst.fileno())
    if hasher.hexdigest() != digest:
        target.unlink()
        raise BackupError(f"{source}: innehållet stämmer inte med namnet / content does not "
                          "match its SHA-256 name")
    return size


def stored_blobs(root: Path) -> Iterator[tuple[str, Path]]:
    """(SHA-256, path) of every file in a content-addressed store root/ab/cd/<hash>."""
    if not root.is_dir():
        return
    for path in sorted(root.glob("??/??/*")):
        name = path.name
        if len(name) == 64 and set(name) <= HEX and path.is_file():
            yield name, path


def sums_text(root: Path) -> str:
    """`sha256sum -c`-compatible lines for every file under root except the list itself."""
    lines = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        rel = path.relative_to(root).as_posix()
        if rel != "SHA256SUMS":
            lines.append(f"{sha256_file(path)}  {rel}\n")
    return "".join(lines)
