"""TNEF (winmail.dat): the attachments and body Outlook packed, read by tnefparse in a child
process with memory, CPU and wall-clock limits (tnefparse 1.4.0 can loop without bound)."""

from __future__ import annotations

import sys
from pathlib import Path

from bot import bounded
from bot.sniff import TNEF_MAGIC
from bot.unpack import tnef_worker as worker
from bot.unpack.charsets import decode_text
from bot.unpack.htmltext import html_to_text
from bot.unpack.limits import TEXT, Limits, UnpackError, _Collector
from bot.unpack.outlook import _decode_html_bytes
from bot.unpack.parts import Unpacked

TIMEOUT_SECONDS = 20.0
MEMORY_BYTES = 512 << 20  # the child's address space, plus a few times the input
_WORKER = Path(worker.__file__).resolve()


def _unpack_tnef(data: bytes, limits: Limits) -> Unpacked:
    if not data.startswith(TNEF_MAGIC):
        raise UnpackError(TEXT["bad_tnef"])
    try:
        frames = list(worker.read_frames(_run_worker(data)))
    except ValueError as exc:  # output cut short
        raise UnpackError(TEXT["bad_tnef"]) from exc
    files = [(name, content) for kind, name, content in frames if kind == worker.FILE]
    if len(files) > limits.parts_cap:  # like a zip's central directory: before any part
        raise UnpackError(limits.too_many())
    found = _Collector(limits)
    for number, (name, content) in enumerate(files, 1):
        if content:
            found.spend(len(content))
            found.add(name or None, content)
        else:  # an OLE object or a link: nothing to read
            found.warn("unsupported", number)
    body = _body(frames)
    rtf = next((content for kind, _, content in frames if kind == worker.RTF), b"")
    if rtf and not body:  # Outlook's rich text is the only body: kept as a document
        found.spend(len(rtf))
        found.add("message.rtf", rtf)
    subject = next((c for k, _, c in frames if k == worker.SUBJECT), b"").decode("utf-8", "replace")
    meta: dict[str, object] = {"subject": subject} if subject.strip() else {}
    return Unpacked("archive", meta, body, found.children, found.warnings)


def _run_worker(data: bytes) -> bytes:
    """The child's output frames; UnpackError for a timeout, the memory limit or a parse error."""
    memory = MEMORY_BYTES + 4 * len(data)
    command = [sys.executable, "-P", str(_WORKER), str(memory), str(int(TIMEOUT_SECONDS) + 1)]
    try:
        done = bounded.run(command, data, memory, TIMEOUT_SECONDS)
    except bounded.TimedOut as exc:  # killed with its process group
        raise UnpackError(TEXT["tnef_timeout"].format(limit=f"{TIMEOUT_SECONDS:g}")) from exc
    if done.returncode == worker.EXIT_MEMORY:
        raise UnpackError(TEXT["tnef_memory"].format(limit=memory >> 20))
    if done.returncode != 0:
        raise UnpackError(TEXT["bad_tnef"])
    return done.stdout  # stderr is dropped unread: it may hold names or contents


def _body(frames: list[tuple[bytes, str, bytes]]) -> str | None:
    """The plain body, else the HTML body as text."""
    for kind, charset, content in frames:
        if kind == worker.BODY and content.strip(b"\0 \r\n"):
            return decode_text(content, charset or None).replace("\r\n", "\n").strip("\0 \n")
    for kind, charset, content in frames:
        if kind == worker.HTML:
            html = decode_text(content, charset) if charset else _decode_html_bytes(content)
            return html_to_text(html) or None
    return None
