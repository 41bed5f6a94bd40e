"""`ocr.read` as a process of its own, for a caller that bounds it from outside (the bot runs
it under prlimit: bot/reading.py). The document comes on stdin, the options as JSON in argv;
each page goes to stdout as one JSON line (ocr.to_json's page form) as soon as it is read.

    python -P -m ocr.child MEDIA_TYPE '{"dpi": 300, "workers": 0}' < file.pdf

Exit 0: all pages written; EXIT_ERROR: the document cannot be read (the last line is
{"error": "…"}, a message for a person); EXIT_MEMORY: a MemoryError under the memory bound;
EXIT_BROKEN: any other error (the last line names its type).
A library that aborts (PDFium when an allocation fails) ends it by a signal instead.
"""

from __future__ import annotations

import ctypes
import json
import os
import signal
import sys
from dataclasses import fields

from ocr.model import OcrError, OcrOptions, PageText, to_json
from ocr.reader import read

EXIT_ERROR, EXIT_MEMORY, EXIT_BROKEN, EXIT_ORPHAN = 2, 3, 4, 5
PR_SET_PDEATHSIG = 1  # linux/prctl.h
PARENT = "OCR_CHILD_PARENT"  # the caller's pid, in the environment


def _die_with_parent() -> bool:
    """Linux: SIGKILL when the process that started this one dies (a worker killed mid-read
    leaves no reader behind). False when it is already gone."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: the reader ends at its next write
        return True
    expected = os.environ.get(PARENT)
    return expected is None or os.getppid() == int(expected)


def options_from_json(text: str) -> OcrOptions:
    known = {f.name for f in fields(OcrOptions)}
    return OcrOptions(**{k: v for k, v in json.loads(text).items() if k in known})


def page_from_json(line: bytes) -> PageText:
    """A page written by this process."""
    page = json.loads(line)
    return PageText(page["number"], page["text"], page["confidence"], page["method"],
                    page["seconds"], page["steps"])


def _write(record: dict[str, object]) -> None:
    sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def main(argv: list[str]) -> int:
    if not _die_with_parent():
        return EXIT_ORPHAN
    media_type, options = argv[1], options_from_json(argv[2])
    data = sys.stdin.buffer.read()
    try:
        for page in read(data, media_type, options):
            _write(to_json([page])["pages"][0])
    except OcrError as error:
        _write({"error": str(error)})
        return EXIT_ERROR
    except MemoryError:
        return EXIT_MEMORY
    except Exception as error:  # edge: a library's own error on hostile input, by its name only
        _write({"error": f"{type(error).__name__}"})
        return EXIT_BROKEN
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
