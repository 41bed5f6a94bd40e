"""Reading a document's pages (PDF text layers, renders and OCR, Word, text) in a child process
bounded in memory and time (bot/bounded.py, as for TNEF and archives): a PDF with a 4 GB
flate stream or a huge page ends the child, not the worker, and the item fails with a reason.

The child is `ocr.child.forked`, forked by this process's zygote (ocr/zygote.py), which has
the readers imported: a fresh Python for each document spent 0.15–0.35 s importing them. It
sets its own bounds, takes a process group of its own and dies with its parent; its OCR
processes, when `ocr_workers` asks for them, are its own children and inherit its bound.
"""

from __future__ import annotations

import contextlib
import json
import signal
import time
from multiprocessing.connection import Connection

import ocr
from bot.settings import Settings
from ocr import child, zygote

_ZYGOTE = zygote.Zygote()

TEXT = {
    "memory": "läsningen avbröts vid minnesgränsen ({limit} MB) / reading stopped at the memory "
    "limit ({limit} MB)",
    "timeout": "läsningen avbröts efter {limit} s / reading stopped after {limit} s",
    "killed": "läsningen avbröts av {signal}, troligen vid minnesgränsen ({limit} MB) eller "
    "tidsgränsen ({seconds} s) / reading was stopped by {signal}, most likely at the memory "
    "limit ({limit} MB) or the time limit ({seconds} s)",
    "broken": "filen kunde inte läsas ({error}) / the file could not be read ({error})",
}


def read(data: bytes, media_type: str, options: ocr.OcrOptions, memory_mb: int,
         seconds: float) -> list[ocr.PageText]:
    """The pages `ocr.read` gives, read in a child of at most `memory_mb` MB of address space
    and `seconds` of wall-clock (and CPU) time; OcrError with a reason otherwise."""
    with _ZYGOTE.lock:
        try:
            reader = _ZYGOTE.fork(media_type, options, memory_mb << 20, int(seconds) + 1)
        except zygote.Gone as exc:
            raise ocr.OcrError(TEXT["broken"].format(error="reader not started")) from exc
        deadline = time.monotonic() + seconds
        lines = None
        try:
            lines = _exchange(reader.conn, data, deadline)
        finally:
            code = _ZYGOTE.reap(reader, deadline - time.monotonic(), kill=lines is None)
    if lines is None:
        raise ocr.OcrError(TEXT["timeout"].format(limit=f"{seconds:g}"))
    if code != 0:
        raise ocr.OcrError(_reason(code, _last_error(lines), memory_mb, seconds))
    try:
        return [child.page_from_json(line) for line in lines]
    except (ValueError, KeyError) as exc:  # output cut short
        raise ocr.OcrError(TEXT["broken"].format(error="output")) from exc


def _exchange(conn: Connection, data: bytes, deadline: float) -> list[bytes] | None:
    """Send the document, then take the child's lines until it closes the connection; None
    when the deadline passes first."""
    lines: list[bytes] = []
    with contextlib.suppress(OSError):  # the child died while taking it: its exit code says why
        conn.send_bytes(data)
    while True:
        left = deadline - time.monotonic()
        if left <= 0 or not conn.poll(left):
            return None
        try:
            lines.append(conn.recv_bytes())
        except (EOFError, OSError):
            return lines


def _last_error(lines: list[bytes]) -> str | None:
    """The error the child wrote last, if it did."""
    try:
        return str(json.loads(lines[-1])["error"]) if lines else None
    except (ValueError, KeyError, TypeError):
        return None


def _reason(code: int, error: str | None, memory_mb: int, seconds: float) -> str:
    """Why the child gave no pages, for a person."""
    if code == child.EXIT_ERROR and error:
        return error  # the reader's own message (encrypted, broken PDF …)
    if code == child.EXIT_MEMORY:
        return TEXT["memory"].format(limit=memory_mb)
    if code < 0:  # an abort (PDFium out of memory), SIGKILL or SIGXCPU at a bound
        return TEXT["killed"].format(signal=_signal_name(-code), limit=memory_mb,
                                     seconds=f"{seconds:g}")
    return TEXT["broken"].format(error=error or f"exit {code}")


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


MIN_SECONDS = 10.0  # what a submission nearly out of its seconds still gets for one document


def read_bounded(settings: Settings, data: bytes, media_type: str, options: ocr.OcrOptions,
                 left: float | None = None) -> list[ocr.PageText]:
    """`read` within the settings' `read_memory_mb` and `read_seconds`, and within the
    seconds `left` of the submission's budget (never under MIN_SECONDS)."""
    seconds = settings.read_seconds if left is None else min(
        settings.read_seconds, max(left, MIN_SECONDS))
    return read(data, media_type, options, settings.read_memory_mb, seconds)
