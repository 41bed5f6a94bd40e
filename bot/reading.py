"""Reading a document's pages (PDF text layers, renders and OCR, Word, text) in a child process
bounded in memory and time (bot/bounded.py, as for TNEF and archives): a PDF with a 4 GB
flate stream or a huge page ends the child, not the worker, and the item fails with a reason.

The child is `python -P -m ocr.child` (ocr/child.py); its OCR processes, when `ocr_workers`
asks for them, are its own children and inherit its bound.
"""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import sys

import ocr
from bot import bounded
from bot.settings import Settings
from ocr import child

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
    options_json = json.dumps(dataclasses.asdict(options))
    command = [sys.executable, "-P", "-m", "ocr.child", media_type, options_json]
    try:
        env = {**os.environ, child.PARENT: str(os.getpid())}
        done = bounded.run(command, data, memory_mb << 20, seconds, env=env)
    except bounded.TimedOut as exc:
        raise ocr.OcrError(TEXT["timeout"].format(limit=f"{seconds:g}")) from exc
    lines = done.stdout.splitlines()
    if done.returncode != 0:
        raise ocr.OcrError(_reason(done.returncode, _last_error(lines), memory_mb, seconds))
    try:
        return [child.page_from_json(line) for line in lines]
    except (ValueError, KeyError) as exc:  # output cut short
        raise ocr.OcrError(TEXT["broken"].format(error="output")) from exc


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
