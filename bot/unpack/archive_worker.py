"""The libarchive reader's own process: 7z, rar, tar and gzip/bzip2/xz streams from stdin,
their files to stdout as frames (bot/unpack/frames.py).

bot.unpack.libarchive runs this file as a script (``python -P archive_worker.py CHILDREN
TOTAL RATIO FLOOR RAW``) in a bounded child (bot/bounded.py): libarchive allocates what a
7z header asks for, so its memory is bounded from outside. The limits of a zip are enforced
here, while inflating: the count of files, the bytes declared and inflated, the ratio of
inflated to packed bytes. Links, devices and folders give no file. It imports nothing of the
bot and logs nothing; the exit code says which limit was hit.
"""

from __future__ import annotations

import errno
import sys
from pathlib import Path
from typing import Any, BinaryIO

if __package__:  # imported by the bot
    from bot.unpack.frames import EXIT_BROKEN, EXIT_MEMORY, Refused, answer, write_frame
else:  # run as a script with -P: its own folder only
    sys.path.insert(0, str(Path(__file__).parent))
    from frames import (  # type: ignore[no-redef]
        EXIT_BROKEN,
        EXIT_MEMORY,
        Refused,
        answer,
        write_frame,
    )

FILE, WARN = b"F", b"W"  # a file (label: its path in the archive); a warning (label: its key)
EXIT_TOO_MANY, EXIT_TOO_BIG, EXIT_BOMB = 4, 5, 6
__all__ = ["EXIT_BROKEN", "EXIT_MEMORY"]


class Budget:
    """The limits of one archive, counted as files are declared and inflated."""

    def __init__(self, packed: int, children: int, total: int, ratio: int, floor: int) -> None:
        self.packed, self.children, self.total, self.ratio, self.floor = (
            packed, children, total, ratio, floor)
        self.files = self.declared = self.inflated = 0

    def declare(self, size: int) -> None:
        self.files += 1
        if self.files > self.children:
            raise Refused(EXIT_TOO_MANY)
        self.declared += max(size, 0)
        self._check(self.declared)

    def spend(self, size: int) -> None:
        self.inflated += size
        self._check(self.inflated)

    def _check(self, size: int) -> None:
        if size > self.total:
            raise Refused(EXIT_TOO_BIG)
        if size > self.floor and size > self.packed * self.ratio:
            raise Refused(EXIT_BOMB)


def _content(entry: Any, budget: Budget) -> bytes:
    chunks: list[bytes] = []
    for block in entry.get_blocks():
        budget.spend(len(block))
        chunks.append(bytes(block))
    return b"".join(chunks)


def dump(data: bytes, out: BinaryIO, budget: Budget, raw: bool) -> None:
    """Every regular file of the archive (of the one compressed stream when `raw`) as a frame."""
    import libarchive
    from libarchive.exception import ArchiveError

    format_name = "raw" if raw else "all"
    with libarchive.memory_reader(data, format_name=format_name) as archive:
        for number, entry in enumerate(archive, 1):
            if entry.isdir:
                continue
            budget.declare(entry.size or 0)
            if entry.issym or entry.islnk or not entry.isreg:
                write_frame(out, WARN, "link", str(number).encode())
                continue
            try:
                content = _content(entry, budget)
            except ArchiveError as exc:  # a damaged or encrypted file; the others are read
                if exc.errno == errno.ENOMEM:  # the child's memory bound, not a damaged file
                    raise MemoryError from exc
                key = "encrypted" if "encrypt" in str(exc).lower() else "damaged"
                write_frame(out, WARN, key, str(number).encode())
                continue
            write_frame(out, FILE, "" if raw else str(entry.pathname or ""), content)


def main(argv: list[str]) -> int:
    """Read stdin within the limits in argv; 0 or an EXIT_ code."""
    children, total, ratio, floor, raw = (int(value) for value in argv[1:6])
    return answer(lambda data, out: dump(
        data, out, Budget(len(data), children, total, ratio, floor), bool(raw)))


if __name__ == "__main__":
    sys.exit(main(sys.argv))
