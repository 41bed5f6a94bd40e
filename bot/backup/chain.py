"""Opening a bundle and the earlier bundles it builds on: plain ones in place, encrypted ones
decrypted into a temporary folder for as long as they are needed."""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator
from pathlib import Path

from bot.backup.crypt import decrypt_folder
from bot.backup.files import sha256_file
from bot.backup.layout import BackupError, Bundle, bundles


def archive_ok(bundle: Bundle) -> str | None:
    """For an encrypted bundle: a problem with the encrypted file itself, or None."""
    if not bundle.path.exists():
        return f"{bundle.path}: saknas / missing"
    if sha256_file(bundle.path) != bundle.manifest.get("archive_sha256"):
        return f"{bundle.path}: kontrollsumman stämmer inte / checksum mismatch"
    return None


@contextlib.contextmanager
def opened_chain(folder: Path, bundle: Bundle,
                 identity: Path | None) -> Iterator[dict[str, Path]]:
    """name -> readable folder, for the bundle and every bundle it needs."""
    by_name = {b.name: b for b in bundles(folder)}
    needed = [bundle.name, *bundle.manifest.get("bases", [])]
    missing = [n for n in needed if n not in by_name]
    if missing:
        raise BackupError(f"{folder}: saknade säkerhetskopior / missing bundles: "
                          f"{', '.join(missing)}")
    with tempfile.TemporaryDirectory(prefix="diariebot-restore-") as temp:
        roots = {}
        for name in needed:
            roots[name] = _open(by_name[name], Path(temp) / name, identity)
        yield roots


def _open(bundle: Bundle, scratch: Path, identity: Path | None) -> Path:
    if not bundle.encrypted:
        return bundle.path
    problem = archive_ok(bundle)
    if problem:
        raise BackupError(problem)
    if identity is None:
        raise BackupError(f"{bundle.path}: krypterad, ange --identity / encrypted: give the age "
                          "identity file with --identity")
    decrypt_folder(bundle.path, scratch, identity)
    return scratch
