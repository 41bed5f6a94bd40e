"""Run a reader of hostile input as a child bounded in memory, CPU time and wall-clock time.

The limits are set by util-linux's ``prlimit`` (no ``preexec_fn`` in a threaded process), and
its ``setpriv --pdeathsig`` kills the child when the worker that started it dies. The child
runs in a process group of its own, so a timeout kills it with everything it started
(LibreOffice's ``soffice`` starts ``soffice.bin``). Its stderr is dropped unread: it may hold
names or contents.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


class TimedOut(Exception):
    """The child outlasted its wall-clock time and was killed with its process group."""


@dataclass(frozen=True)
class Done:
    returncode: int
    stdout: bytes


def run(
    command: Sequence[str], stdin: bytes, memory: int, timeout: float,
    env: dict[str, str] | None = None, cwd: Path | None = None,
) -> Done:
    """Run `command` with `stdin` under an address-space bound of `memory` bytes and a CPU
    bound of `timeout` + 1 s; TimedOut after `timeout` seconds of wall-clock time."""
    limited = ["setpriv", "--pdeathsig", "KILL", "--",  # dies with the worker that started it
               "prlimit", f"--as={memory}", f"--cpu={int(timeout) + 1}", "--", *command]
    child = subprocess.Popen(  # our own command line, no shell
        limited, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        start_new_session=True, env=env, cwd=cwd,
    )
    try:
        stdout, _ = child.communicate(stdin, timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        raise TimedOut(command[0]) from exc
    finally:
        _kill_group(child)
    return Done(child.returncode, stdout)


def _kill_group(child: subprocess.Popen[bytes]) -> None:
    """Kill whatever the child left running in its group, then reap the child."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(child.pid, signal.SIGKILL)
    child.wait()
