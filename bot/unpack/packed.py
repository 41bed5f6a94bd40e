"""7z, rar, tar and gzip/bzip2/xz files (tar.gz …), read by libarchive in a bounded child
(bot/unpack/archive_worker.py) under the limits of a zip: parts, bytes, packing ratio,
nesting (the caller's depth), and the child's memory and time."""

from __future__ import annotations

import sys
from pathlib import Path

from bot import bounded
from bot.sniff import BZIP2, GZIP, XZ
from bot.unpack import archive_worker as worker
from bot.unpack.archive import RATIO_FLOOR
from bot.unpack.frames import read_frames
from bot.unpack.limits import TEXT, Limits, UnpackError, _Collector
from bot.unpack.names import safe_path
from bot.unpack.parts import Unpacked

TIMEOUT_SECONDS = 60.0
MEMORY_BYTES = 256 << 20  # the child's own needs; the bytes it may inflate come on top
_WORKER = Path(worker.__file__).resolve()
STREAMS = frozenset({GZIP, BZIP2, XZ})  # one compressed file, unless it holds a tar


def unpack_packed(media_type: str, data: bytes, limits: Limits, filename: str = "") -> Unpacked:
    """The files of the archive; a compressed stream that is no tar gives its one file, named
    after the stream without its extension (`beslut.pdf.gz` → `beslut.pdf`)."""
    try:
        frames = _read(data, limits, raw=False)
    except UnpackError as error:
        if media_type not in STREAMS or str(error) != TEXT["bad_archive"]:
            raise  # a limit hit is never retried
        frames = []
    if media_type in STREAMS and not frames:  # zeros or text read as an empty tar: no tar
        inner = _inner_name(filename)
        frames = [(kind, label or inner, content)
                  for kind, label, content in _read(data, limits, raw=True)]
    found = _Collector(limits)
    paths: list[str] = []
    for kind, label, content in frames:
        if kind == worker.WARN:
            found.warn(label, int(content))
            continue
        found.spend(len(content))
        found.add(label or None, content)
        paths.append(safe_path(label) if label else found.children[-1].filename)
    return Unpacked("archive", {"member_paths": paths}, None, found.children, found.warnings)


def _inner_name(filename: str) -> str:
    """`x.pdf.gz` → `x.pdf`, `x.tgz` → `x.tar`; "" when nothing is left."""
    stem, dot, extension = filename.rpartition(".")
    if not dot:
        return ""
    return f"{stem}.tar" if extension.lower() in ("tgz", "tbz2", "txz") else stem


def _read(data: bytes, limits: Limits, raw: bool) -> list[tuple[bytes, str, bytes]]:
    numbers = (limits.parts_cap, limits.bytes_cap, limits.max_ratio, RATIO_FLOOR, raw)
    command = [sys.executable, "-P", str(_WORKER), *(str(int(n)) for n in numbers)]
    memory = MEMORY_BYTES + 2 * limits.bytes_cap + 2 * len(data)
    try:
        done = bounded.run(command, data, memory, TIMEOUT_SECONDS)
    except bounded.TimedOut as exc:
        raise UnpackError(TEXT["archive_timeout"].format(limit=f"{TIMEOUT_SECONDS:g}")) from exc
    refusal = _refusal(done.returncode, limits, memory)
    if refusal:
        raise UnpackError(refusal)
    try:
        return list(read_frames(done.stdout))
    except ValueError as exc:  # output cut short
        raise UnpackError(TEXT["bad_archive"]) from exc


def _refusal(code: int, limits: Limits, memory: int) -> str | None:
    """The user-readable reason for the child's exit code; None for success."""
    reasons = {
        0: None,
        worker.EXIT_TOO_MANY: limits.too_many(),
        worker.EXIT_TOO_BIG: limits.too_big(),
        worker.EXIT_BOMB: TEXT["bomb"].format(limit=limits.max_ratio),
        worker.EXIT_MEMORY: TEXT["archive_memory"].format(limit=memory >> 20),
    }
    return reasons.get(code, TEXT["bad_archive"])
