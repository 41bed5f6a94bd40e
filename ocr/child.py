"""`ocr.read` as a process of its own, bounded in memory and CPU time. The document comes on
stdin, the options as JSON in argv; each page goes to stdout as one JSON line (ocr.to_json's
page form) as soon as it is read.

    python -P -m ocr.child MEDIA_TYPE '{"dpi": 300, "workers": 0}' < file.pdf

The bot does not start a Python for each document: `forked` is the same reader as a process
forked from a warm parent with these modules already imported (bot/reading.py), which sets
its own bounds and process group, and talks over a connection instead of stdin and stdout.

Exit 0: all pages written; EXIT_ERROR: the document cannot be read (the last line is
{"error": "…"}, a message for a person); EXIT_MEMORY: a MemoryError under the memory bound;
EXIT_BROKEN: any other error (the last line names its type).
A library that aborts (PDFium when an allocation fails) ends it by a signal instead.
"""

from __future__ import annotations

import ctypes
import json
import os
import resource
import signal
import sys
from collections.abc import Callable
from dataclasses import fields
from multiprocessing.connection import Connection

from ocr.model import OcrError, OcrOptions, PageText, to_json
from ocr.reader import read

EXIT_ERROR, EXIT_MEMORY, EXIT_BROKEN, EXIT_ORPHAN = 2, 3, 4, 5
PR_SET_PDEATHSIG = 1  # linux/prctl.h
PARENT = "OCR_CHILD_PARENT"  # the caller's pid, in the environment


def die_with_parent(expected: int | None) -> bool:
    """Linux: SIGKILL when the process that started this one dies (a worker killed mid-read
    leaves no reader behind). False when it is already gone."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: the reader ends at its next write
        return True
    return expected is None or os.getppid() == expected


def options_from_json(text: str) -> OcrOptions:
    known = {f.name for f in fields(OcrOptions)}
    return OcrOptions(**{k: v for k, v in json.loads(text).items() if k in known})


def page_from_json(line: bytes) -> PageText:
    """A page written by this process."""
    page = json.loads(line)
    return PageText(page["number"], page["text"], page["confidence"], page["method"],
                    page["seconds"], page["steps"])


def _line(record: dict[str, object]) -> bytes:
    return (json.dumps(record, ensure_ascii=False) + "\n").encode()


def _write(record: dict[str, object]) -> None:
    sys.stdout.buffer.write(_line(record))
    sys.stdout.flush()


def _read_all(data: bytes, media_type: str, options: OcrOptions,
              write: Callable[[dict[str, object]], None]) -> int:
    """Every page to `write`, then the exit code."""
    try:
        for page in read(data, media_type, options):
            write(to_json([page])["pages"][0])
    except OcrError as error:
        write({"error": str(error)})
        return EXIT_ERROR
    except MemoryError:
        return EXIT_MEMORY
    except Exception as error:  # edge: a library's own error on hostile input, by its name only
        write({"error": f"{type(error).__name__}"})
        return EXIT_BROKEN
    return 0


def main(argv: list[str]) -> int:
    expected = os.environ.get(PARENT)
    if not die_with_parent(int(expected) if expected else None):
        return EXIT_ORPHAN
    media_type, options = argv[1], options_from_json(argv[2])
    return _read_all(sys.stdin.buffer.read(), media_type, options, _write)


def forked(conn: Connection, media_type: str, options: OcrOptions, memory: int,
           cpu_seconds: int) -> None:
    """The reader in a process just forked from a warm parent: a process group of its own,
    killed with its parent, `memory` bytes of address space and `cpu_seconds` of CPU; the
    document arrives on `conn`, each page leaves on it as a JSON line. Ends the process."""
    parent = os.getppid()
    os.setsid()
    _quiet()
    if not die_with_parent(parent):
        os._exit(EXIT_ORPHAN)
    try:
        _limit(resource.RLIMIT_AS, memory)
        _limit(resource.RLIMIT_CPU, cpu_seconds)
        data = conn.recv_bytes()
        code = _read_all(data, media_type, options, lambda page: conn.send_bytes(_line(page)))
        conn.close()
    except MemoryError:
        code = EXIT_MEMORY
    except BaseException:  # the caller went away (EOF, a broken connection)
        code = EXIT_ORPHAN
    os._exit(code)


def _limit(kind: int, value: int) -> None:
    """Soft and hard limit `value`, or the hard limit already in force when that is lower."""
    _, hard = resource.getrlimit(kind)
    bound = value if hard == resource.RLIM_INFINITY else min(value, hard)
    resource.setrlimit(kind, (bound, bound))


def _quiet() -> None:
    """Standard output and error to /dev/null: a library's messages may hold names or
    contents, and the parent's streams are the worker's."""
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.dup2(null, 2)
    os.close(null)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
