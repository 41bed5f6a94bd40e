"""A tiny RAR 4.x writer for tests (libarchive reads RAR but cannot write it): stored members
only, written from the format's technical note (RAR 1.50–4.x): a marker block, the main
archive header, one file header (HEAD_CRC: the low 16 bits of the CRC32 of the header from
HEAD_TYPE on) and the stored bytes per member (FILE_CRC: their CRC32), an end-of-archive block.
`declared` lets a member claim another unpacked size than its bytes (a bomb's header)."""

from __future__ import annotations

import struct
import zlib

MARKER = b"Rar!\x1a\x07\x00"  # itself a block: HEAD_CRC 0x6152, type 0x72, size 7
MAIN_HEAD, FILE_HEAD, END_HEAD = 0x73, 0x74, 0x7B
LONG_BLOCK = 0x8000  # ADD_SIZE (here PACK_SIZE) follows; always set in a file header
LARGE = 0x0100  # HIGH_PACK_SIZE and HIGH_UNP_SIZE follow ATTR
SKIP_IF_UNKNOWN = 0x4000
STORE = 0x30
HOST_UNIX = 3
UNP_VER = 20  # 2.0: enough for a stored file
DOS_TIME = (2021 - 1980) << 25 | 4 << 21 | 6 << 16 | 9 << 11  # 2021-04-06 09:00
REGULAR_FILE = 0o100644  # ATTR of a Unix host: the st_mode


def block(head_type: int, flags: int, body: bytes) -> bytes:
    """HEAD_CRC, HEAD_TYPE, HEAD_FLAGS, HEAD_SIZE and the rest of the header."""
    header = struct.pack("<BHH", head_type, flags, 7 + len(body)) + body
    return struct.pack("<H", zlib.crc32(header) & 0xFFFF) + header


def file_block(name: str, data: bytes, declared: int | None = None) -> bytes:
    """One stored member: its header, then its bytes."""
    unpacked = len(data) if declared is None else declared
    encoded = name.encode("ascii")
    flags = LONG_BLOCK | (LARGE if max(unpacked, len(data)) >> 32 else 0)
    fields = struct.pack("<IIBIIBBHI", len(data) & 0xFFFFFFFF, unpacked & 0xFFFFFFFF,
                         HOST_UNIX, zlib.crc32(data), DOS_TIME, UNP_VER, STORE,
                         len(encoded), REGULAR_FILE)
    if flags & LARGE:
        fields += struct.pack("<II", len(data) >> 32, unpacked >> 32)
    return block(FILE_HEAD, flags, fields + encoded) + data


def rar4(files: list[tuple[str, bytes]], declared: dict[str, int] | None = None) -> bytes:
    """A RAR 4.x archive of `files` (ASCII names), stored; `declared`: name → UNP_SIZE."""
    sizes = declared or {}
    main = block(MAIN_HEAD, 0, bytes(6))  # RESERVED1 (2 bytes), RESERVED2 (4 bytes)
    members = b"".join(file_block(name, data, sizes.get(name)) for name, data in files)
    return MARKER + main + members + block(END_HEAD, SKIP_IF_UNKNOWN, b"")
