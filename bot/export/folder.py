"""Writing a batch folder safely: files copied from the blob store (each hash checked again on
the way out), built under a temporary name and renamed into place only when complete."""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from bot.blobs import BlobStore, sha256_hex


class ExportError(Exception):
    """An export could not be written; nothing was recorded as delivered."""


@contextlib.contextmanager
def locked(out_dir: Path, name: str = ".diariebot-export.lock") -> Iterator[None]:
    """One writer into a folder at a time (a scheduled export or backup and a command, say)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with open(out_dir / name, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


@contextlib.contextmanager
def staged(final: Path) -> Iterator[Path]:
    """A temporary folder beside `final`, renamed to it on success, removed on failure."""
    if final.exists():
        raise ExportError(f"{final} finns redan / already exists")
    temp = final.with_name(f".partial-{final.name}")
    shutil.rmtree(temp, ignore_errors=True)
    temp.mkdir(parents=True)
    try:
        yield temp
        os.replace(temp, final)
    finally:
        shutil.rmtree(temp, ignore_errors=True)


def copy_blob(blobs: BlobStore, digest: str, root: Path, relative: PurePosixPath) -> int:
    """Write the original bytes (verified against their name) to root/relative; returns size."""
    data = blobs.get(digest)
    if sha256_hex(data) != digest:  # get() verifies too; an export never writes unproven bytes
        raise ExportError(f"{relative}: kontrollsumman stämmer inte / checksum mismatch")
    target = root / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    os.chmod(target, 0o444)
    return len(data)
