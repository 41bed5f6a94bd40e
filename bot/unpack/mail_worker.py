"""A big e-mail parsed in a bounded child: the email package holds a message several times
over while it parses (a 190 MB message takes 1.85 GB), so a message over IN_PROCESS_BYTES is
read by ``python -P -m bot.unpack.mail_worker LIMITS_JSON`` under bot/bounded.py, its parts
written back as frames (bot/unpack/frames.py): M (the rest of Unpacked as JSON), P (a part:
label [name, media type, inline], the bytes), E (an UnpackError: label its message)."""

from __future__ import annotations

import dataclasses
import json
import sys

from bot import bounded
from bot.unpack.frames import read_frames, write_frame
from bot.unpack.limits import TEXT, Limits, Room, UnpackError
from bot.unpack.parts import Part, Unpacked

IN_PROCESS_BYTES = 20_000_000
TIMEOUT_SECONDS = 120.0
MEMORY_BYTES = 256 << 20  # the child's own needs; ten times the message come on top
MEMORY_PER_BYTE = 10  # a 190 MB message peaks at 1.85 GB
EXIT_REFUSED, EXIT_MEMORY = 2, 3


def unpack_in_child(data: bytes, limits: Limits) -> Unpacked:
    """`read_email` in a bounded child; UnpackError for its refusals and its bounds."""
    command = [sys.executable, "-P", "-m", "bot.unpack.mail_worker",
               json.dumps(dataclasses.asdict(limits))]
    memory = MEMORY_BYTES + MEMORY_PER_BYTE * len(data)
    try:
        done = bounded.run(command, data, memory, TIMEOUT_SECONDS)
    except bounded.TimedOut as exc:
        raise UnpackError(TEXT["mail_timeout"].format(limit=f"{TIMEOUT_SECONDS:g}")) from exc
    try:
        frames = list(read_frames(done.stdout))
    except ValueError:  # cut short: the child died writing
        frames = []
    if done.returncode == EXIT_REFUSED and frames and frames[-1][0] == b"E":
        raise UnpackError(frames[-1][1])
    if done.returncode != 0 or not frames or frames[0][0] != b"M":
        raise UnpackError(TEXT["mail_memory"].format(limit=memory >> 20)
                          if done.returncode == EXIT_MEMORY or done.returncode < 0
                          else TEXT["bad_mail"])
    rest = json.loads(frames[0][2])
    parts = [_part(label, content) for kind, label, content in frames[1:] if kind == b"P"]
    return Unpacked(rest["kind"], rest["meta"], rest["body"], parts, rest["warnings"])


def _part(label: str, content: bytes) -> Part:
    name, media_type, inline = json.loads(label)
    return Part(name, content, media_type, inline)


def _limits(text: str) -> Limits:
    values = json.loads(text)
    room = values.pop("room")
    return Limits(**values, room=Room(**room) if room else None)


def main(argv: list[str]) -> int:
    from bot.unpack.mail import read_email

    data = sys.stdin.buffer.read()
    out = sys.stdout.buffer
    try:
        unpacked = read_email(data, _limits(argv[1]))
    except UnpackError as refusal:
        write_frame(out, b"E", str(refusal), b"")
        return EXIT_REFUSED
    except MemoryError:
        return EXIT_MEMORY
    except Exception as error:  # edge: the email package on hostile input, by its name only
        write_frame(out, b"E", TEXT["failed"].format(error=type(error).__name__), b"")
        return EXIT_REFUSED
    rest = {"kind": unpacked.kind, "meta": unpacked.meta, "body": unpacked.body_text,
            "warnings": unpacked.warnings}
    write_frame(out, b"M", "", json.dumps(rest).encode())
    for part in unpacked.children:
        write_frame(out, b"P", json.dumps([part.filename, part.media_type, part.inline]),
                    part.data)
    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
