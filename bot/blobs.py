"""Content-addressed, write-once store of original bytes, verified on every read."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path


class BlobCorrupted(Exception):
    """The stored bytes no longer hash to their name: evidence has been damaged."""


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class BlobStore:
    """Files named by their SHA-256 under root/ab/cd/<hash>; never overwritten, never altered."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)

    def path(self, digest: str) -> Path:
        if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
            raise ValueError("ogiltig SHA-256 / invalid SHA-256")
        return self.root / digest[:2] / digest[2:4] / digest

    def put(self, data: bytes) -> str:
        """Store bytes once; returns their SHA-256. Writing the same bytes again is a no-op."""
        digest = sha256_hex(data)
        target = self.path(digest)
        if target.exists():
            return digest
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, 0o444)
            os.replace(tmp, target)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        return digest

    def get(self, digest: str) -> bytes:
        data = self.path(digest).read_bytes()
        if sha256_hex(data) != digest:
            raise BlobCorrupted(f"blob {digest[:12]}… har skadats / is corrupted")
        return data

    def exists(self, digest: str) -> bool:
        return self.path(digest).exists()
