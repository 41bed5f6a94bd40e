"""How `diariebot` behaves as a Unix tool: one-line errors on stderr, documented exit codes,
quiet third-party logging, a closed pipe ended quietly, passwords read without a terminal."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import traceback
from collections.abc import Callable
from typing import NoReturn, TextIO

# Exit codes (docs/operator.md, "Exit codes"). 130 and 141 follow the shell's 128 + signal.
OK, FAILED, USAGE, INTERRUPTED, PIPE_CLOSED = 0, 1, 2, 130, 141

# Our own loggers speak at INFO; every other library only from WARNING (INFO with -v).
OWN_LOGGERS = ("bot", "ocr", "connectors", "bench")


class Parser(argparse.ArgumentParser):
    """argparse with a usage error on one line (the usage itself is one `--help` away)."""

    def error(self, message: str) -> NoReturn:
        fail(f"{self.prog}: {message} (se / see {self.prog} --help)")
        sys.exit(USAGE)


def fail(message: str) -> None:
    """One readable line on stderr."""
    print(" ".join(str(message).split()), file=sys.stderr)


def version() -> str:
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed("diariebot")
    except PackageNotFoundError:
        return "okänd / unknown (not installed)"


def configure_logging(verbose: bool) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    for name in OWN_LOGGERS:
        logging.getLogger(name).setLevel(logging.DEBUG if verbose else logging.INFO)


def guarded(run: Callable[[], int], verbose: bool) -> int:
    """Run a command; anything unexpected becomes one line (the traceback only with -v)."""
    try:
        status = run()
        sys.stdout.flush()
        return status
    except BrokenPipeError:
        return _pipe_closed()
    except KeyboardInterrupt:
        fail("avbrutet / interrupted")
        return INTERRUPTED
    except Exception as error:  # the one top-level guard: the command line never shows a trace
        if verbose:
            traceback.print_exc()
        fail(f"diariebot: fel / error: {type(error).__name__}: {error}"
             + ("" if verbose else " (-v visar detaljer / shows details)"))
        return FAILED


def _pipe_closed() -> int:
    """The reader went away (`| head`): stop quietly, and keep Python's own exit from retrying."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return PIPE_CLOSED


def read_password(stream: TextIO | None = None) -> str:
    """$DIARIEBOT_PASSWORD; else the first line of stdin when it is not a terminal; else asked
    twice at the terminal. Raises ValueError with a readable reason."""
    import getpass

    stream = stream if stream is not None else sys.stdin
    if os.environ.get("DIARIEBOT_PASSWORD"):
        return os.environ["DIARIEBOT_PASSWORD"]
    if stream is None or stream.closed or not stream.isatty():
        line = stream.readline() if stream is not None and not stream.closed else ""
        password = line.rstrip("\r\n")
        if not password:
            raise ValueError("inget lösenord: sätt DIARIEBOT_PASSWORD eller skicka det på "
                             "standard in / no password: set DIARIEBOT_PASSWORD or pipe it in")
        return password
    first = getpass.getpass("lösenord / password: ")
    if getpass.getpass("igen / again: ") != first:
        raise ValueError("lösenorden skiljer sig / the passwords differ")
    return first
