"""Encrypted bundles with age (https://age-encryption.org, Debian's `age`): the bundle folder is
streamed as a tar into `age -r …`, and back out of `age -d -i …` into a folder."""

from __future__ import annotations

import shutil
import subprocess
import tarfile
from pathlib import Path

from bot.backup.layout import BackupError


def _age() -> str:
    found = shutil.which("age")
    if not found:
        raise BackupError("age saknas (apt-get install age) / the age tool is not installed")
    return found


def encrypt_folder(source: Path, target: Path, recipients: list[str]) -> None:
    """source/ as a tar, encrypted to every recipient (age public keys), written to target."""
    args = [_age(), "-o", str(target)]
    for recipient in recipients:
        args += ["-r", recipient]
    with subprocess.Popen(args, stdin=subprocess.PIPE, stderr=subprocess.PIPE) as proc:
        assert proc.stdin is not None
        with tarfile.open(fileobj=proc.stdin, mode="w|") as tar:
            tar.add(source, arcname=".")
        proc.stdin.close()
        error = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.returncode != 0:
        target.unlink(missing_ok=True)
        raise BackupError(f"age: {error.strip() or proc.returncode}")


def decrypt_folder(source: Path, target: Path, identity: Path) -> None:
    """The encrypted bundle `source`, decrypted with the age identity file, unpacked to target."""
    args = [_age(), "-d", "-i", str(identity), str(source)]
    target.mkdir(parents=True, exist_ok=True)
    with subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as proc:
        assert proc.stdout is not None
        try:
            with tarfile.open(fileobj=proc.stdout, mode="r|") as tar:
                tar.extractall(target, filter="data")
        except tarfile.TarError as bad:
            raise BackupError(f"{source}: {bad}") from None
        message = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.returncode != 0:
        raise BackupError(f"{source}: age: {message.strip() or proc.returncode}")
