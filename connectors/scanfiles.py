"""Which files in a scan share are ready: not a temporary name, size and time unchanged since
the last look and quiet for a while; per-page images of one job (`…_0001.jpg`, `…_0002.jpg`)
grouped back together, ready only when the whole sequence is quiet."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

TEMPORARY_SUFFIXES = (".tmp", ".temp", ".part", ".partial", ".crdownload", ".filepart",
                      ".download", ".lock", ".swp", ".wbk", "~")
IGNORED_NAMES = frozenset({"thumbs.db", "desktop.ini", ".ds_store"})
PAGE_IMAGE = re.compile(r"^(?P<base>.+?)[_-](?P<page>\d{3,5})\.(?P<ext>jpe?g|png|tiff?)$",
                        re.IGNORECASE)
MAX_DEPTH = 2  # sub-folders below the share: person, or device/person


def temporary(name: str) -> bool:
    """A name a printer, Office or a copy program uses while a file is still being written."""
    lower = name.lower()
    return (lower.startswith(("~$", ".", "~")) or lower.endswith(TEMPORARY_SUFFIXES)
            or lower in IGNORED_NAMES)


@dataclass
class Seen:
    size: int
    mtime: float
    since: float  # our clock when this size and time were first seen


@dataclass
class Job:
    """One scan job: a file, or a sequence of page images (in page order)."""

    key: str  # folder-relative: 'anna/SKMBT_C36421031512340' or 'anna/SCAN_0001.pdf'
    paths: list[Path] = field(default_factory=list)

    @property
    def grouped(self) -> bool:
        return len(self.paths) > 1


class Watcher:
    """Remembers each file's size and time between polls (a restart forgets: files already
    quiet by their time are taken at once, others one poll later)."""

    def __init__(self, settle_seconds: float, clock: Callable[[], float] = time.time) -> None:
        self.settle = settle_seconds
        self.clock = clock
        self.seen: dict[Path, Seen] = {}

    def settled(self, path: Path, size: int, mtime: float) -> bool:
        now = self.clock()
        last = self.seen.get(path)
        if last is None or (last.size, last.mtime) != (size, mtime):
            self.seen[path] = last = Seen(size, mtime, now)
            quiet_by_time = mtime <= now - self.settle  # its own time: may be skewed, so…
            return quiet_by_time and size > 0 and mtime <= now
        return now - last.since >= self.settle and size > 0  # …or unchanged for a while

    def forget(self, paths: Iterable[Path]) -> None:
        for path in paths:
            self.seen.pop(path, None)


def walk(root: Path, skip: set[Path]) -> list[Path]:
    """Files under root (at most MAX_DEPTH folders down), not in `skip`, not temporary."""
    found: list[Path] = []
    folders = [(root, 0)]
    while folders:
        folder, depth = folders.pop()
        for entry in folder.iterdir():
            if entry in skip or temporary(entry.name):
                continue
            if entry.is_dir() and depth < MAX_DEPTH:
                folders.append((entry, depth + 1))
            elif entry.is_file():
                found.append(entry)
    return found


def group(root: Path, paths: list[Path], sequences: bool) -> list[Job]:
    """Files as jobs: page images with the same base name in one folder become one job."""
    jobs: dict[str, Job] = {}
    for path in sorted(paths, key=lambda p: (p.parent, _page_key(p))):
        found = PAGE_IMAGE.match(path.name) if sequences else None
        rel = path.parent.relative_to(root).as_posix()
        name = f"{found['base']}.{found['ext'].lower()}" if found else path.name
        key = f"{rel}/{name}" if rel != "." else name
        jobs.setdefault(key, Job(key)).paths.append(path)
    return list(jobs.values())


def _page_key(path: Path) -> tuple[str, int]:
    found = PAGE_IMAGE.match(path.name)
    return (found["base"], int(found["page"])) if found else (path.name, 0)
