"""The frames in which a reader's child process (tnef_worker, archive_worker) writes its parts
to stdout: kind, label length, data length, the UTF-8 label, the data. Standard library only:
the workers import it as a script's neighbour, the bot as bot.unpack.frames."""

from __future__ import annotations

import struct
from collections.abc import Iterator
from typing import BinaryIO

_HEAD = struct.Struct("<cHQ")


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
