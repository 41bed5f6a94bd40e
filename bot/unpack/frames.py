"""The frames in which a reader's child process (tnef_worker, archive_worker) writes its parts
to stdout: kind, label length, data length, the UTF-8 label, the data. Standard library only:
the workers import it as a script's neighbour, the bot as bot.unpack.frames."""

from __future__ import annotations

import errno
import struct
import sys
from collections.abc import Callable, Iterator
from typing import BinaryIO

_HEAD = struct.Struct("<cHQ")
EXIT_BROKEN, EXIT_MEMORY = 2, 3  # every worker's: its input is damaged; the memory limit hit


class Refused(Exception):
    """A worker's limit was hit; args[0] is its exit code."""


def answer(dump: Callable[[bytes, BinaryIO], None]) -> int:
    """Run a worker: stdin through `dump` to stdout as frames; 0, the exit code a Refused
    carries, EXIT_MEMORY or EXIT_BROKEN."""
    try:
        dump(sys.stdin.buffer.read(), sys.stdout.buffer)
        sys.stdout.buffer.flush()
    except Refused as refusal:
        return int(refusal.args[0])
    except MemoryError:
        return EXIT_MEMORY
    except Exception as error:  # edge: damaged input makes a parser or libarchive raise anything
        return EXIT_MEMORY if getattr(error, "errno", None) == errno.ENOMEM else EXIT_BROKEN
    return 0


def write_frame(out: BinaryIO, kind: bytes, label: str, data: bytes) -> None:
    """One frame: kind, label length, data length, the UTF-8 label, the data."""
    raw = label.encode("utf-8", "replace")[:65535]
    out.write(_HEAD.pack(kind, len(raw), len(data)) + raw)
    out.write(data)


def read_frames(blob: bytes) -> Iterator[tuple[bytes, str, bytes]]:
    """The frames written by write_frame; ValueError if the output is cut short."""
    offset = 0
    while offset < len(blob):
        if offset + _HEAD.size > len(blob):
            raise ValueError("truncated frame header")
        kind, label_size, data_size = _HEAD.unpack_from(blob, offset)
        start = offset + _HEAD.size + label_size
        offset = start + data_size
        if offset > len(blob):
            raise ValueError("truncated frame")
        yield kind, blob[start - label_size : start].decode("utf-8", "replace"), blob[start:offset]
