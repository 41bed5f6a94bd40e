"""The TNEF parser's own process: reads winmail.dat from stdin, writes its parts to stdout.

tnefparse 1.4.0 can loop without bound on corrupt input, so bot.unpack.tnef runs this file
as a script (``python -P tnef_worker.py MEMORY CPU``) under memory and CPU limits and a
wall-clock timeout. It imports nothing of the bot and logs nothing: stderr is discarded.
The output is a run of frames (see ``write_frame``); the exit code says what went wrong.
"""

from __future__ import annotations

import contextlib
import logging
import resource
import sys
from pathlib import Path
from typing import Any, BinaryIO

if __package__:  # imported by the bot
    from bot.unpack.frames import EXIT_BROKEN, EXIT_MEMORY, answer, read_frames, write_frame
else:  # run as a script with -P: its own folder only
    sys.path.insert(0, str(Path(__file__).parent))
    from frames import (  # type: ignore[no-redef]
        EXIT_BROKEN,
        EXIT_MEMORY,
        answer,
        read_frames,
        write_frame,
    )

# Frame kinds: an attachment (label: its name), the plain or HTML body (label: its charset,
# may be empty), the RTF body decompressed (no label) and the subject (data: UTF-8).
FILE, BODY, HTML, RTF, SUBJECT = b"F", b"B", b"H", b"R", b"S"
__all__ = ["EXIT_BROKEN", "EXIT_MEMORY", "dump", "read_frames", "write_frame"]


def decompress_rtf(data: bytes) -> bytes:
    """Compressed RTF (PR_RTF_COMPRESSED, "LZFu" or stored "MELA") to plain RTF."""
    from compressed_rtf import decompress

    return bytes(decompress(data))


def _text(value: Any, charset: str | None) -> tuple[str, bytes]:
    """A body or name from tnefparse (str or bytes) as (charset, bytes)."""
    if isinstance(value, str):
        return "utf-8", value.encode("utf-8", "replace")
    return charset or "", bytes(value)


def _name(attachment: Any, charset: str) -> str:
    name = attachment.long_filename() or attachment.name
    if isinstance(name, list):  # multi-valued MAPI strings come as lists
        name = name[0] if name else ""
    if isinstance(name, bytes):
        name = name.decode(charset, "replace")
    return str(name or "").strip("\x00")


def dump(data: bytes, out: BinaryIO) -> None:
    """Parse `data` with tnefparse and write its attachments, bodies and subject as frames."""
    from tnefparse.properties import MAPI_SUBJECT
    from tnefparse.tnef import TNEF

    tnef = TNEF(data, do_checksum=False)
    charset = tnef.codepage or "cp1252"
    for attachment in tnef.attachments:
        content = attachment.data if isinstance(attachment.data, bytes) else b""
        write_frame(out, FILE, _name(attachment, charset), content)  # empty: the parent warns
    if tnef.body:
        write_frame(out, BODY, *_text(tnef.body, charset))
    if tnef.htmlbody:
        write_frame(out, HTML, *_text(tnef.htmlbody, None))
    if isinstance(tnef._rtfbody, bytes):
        with contextlib.suppress(Exception):  # damaged rich text is left out, the rest kept
            write_frame(out, RTF, "", decompress_rtf(tnef._rtfbody))
    subjects = [p.data for p in tnef.msgprops if p.name == TNEF.ATTSUBJECT]
    subjects += [p.data for p in tnef.mapiprops if p.name == MAPI_SUBJECT]
    subject = next((s for s in subjects if isinstance(s, str) and s.strip("\x00 ")), None)
    if subject:
        write_frame(out, SUBJECT, "", subject.strip("\x00").encode("utf-8", "replace"))


def main(argv: list[str]) -> int:
    """Limit memory and CPU time, then parse stdin; 0, EXIT_BROKEN or EXIT_MEMORY."""
    memory, cpu = int(argv[1]), int(argv[2])
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
    logging.disable(logging.CRITICAL)
    return answer(dump)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
