"""A warm parent for bounded readers: one process per caller with the readers imported, which
forks a reader for each document (`ocr.child.forked`) instead of starting a Python that
imports them again (0.15–0.35 s a document). It never touches a document itself.

    python -P -m ocr.zygote          # stdin: a SOCK_SEQPACKET socket to its caller

One document at a time, each a conversation over the socket:

1. the caller sends {"media_type", "options", "memory", "cpu"} with one file descriptor, its
   connection to the reader, which the reader inherits;
2. the zygote forks the reader and answers {"pid": N}; the reader's process group is N;
3. the caller exchanges the document and its pages with the reader, then sends {"wait": true}
   (having killed group N if its time ran out) and the zygote answers {"exit": code}
   (negative: the signal that ended it) once the reader has ended;
4. the caller kills whatever is left in group N and sends {"reap": true}: only then is the
   reader reaped, so N cannot be reused while the caller may still signal it.

The zygote dies with its caller (PDEATHSIG) and each reader with the zygote.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import signal
import socket
import subprocess
import sys
import threading
from dataclasses import dataclass
from multiprocessing.connection import Connection

from ocr import child
from ocr.model import OcrOptions

MESSAGE = 4096


class Gone(Exception):
    """The zygote ended (killed, or out of memory) during a conversation."""


@dataclass(frozen=True)
class Reader:
    pid: int
    conn: Connection


def _message(sock: socket.socket) -> dict[str, object]:
    data = sock.recv(MESSAGE)
    if not data:
        raise Gone
    return dict(json.loads(data))


def _send(sock: socket.socket, message: dict[str, object], fds: list[int] | None = None) -> None:
    socket.send_fds(sock, [json.dumps(message).encode()], fds or [])


class Zygote:
    """The caller's side: starts the zygote on first use, and again after it ended."""

    def __init__(self) -> None:
        self.lock = threading.Lock()  # one conversation at a time
        self.process: subprocess.Popen[bytes] | None = None
        self.sock: socket.socket | None = None
        self.owner = 0

    def _running(self) -> socket.socket:
        if self.sock is None or self.owner != os.getpid() or self.process is None \
                or self.process.poll() is not None:
            self._start()
        assert self.sock is not None
        return self.sock

    def _start(self) -> None:
        self.close()
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        env = {**os.environ, child.PARENT: str(os.getpid())}
        self.process = subprocess.Popen(  # our own command line, no shell
            [sys.executable, "-P", "-m", "ocr.zygote"], stdin=theirs.fileno(),
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        theirs.close()
        self.sock, self.owner = ours, os.getpid()

    def fork(self, media_type: str, options: OcrOptions, memory: int, cpu: int) -> Reader:
        """A reader forked for one document; the caller must `reap` it."""
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        request = {"media_type": media_type, "options": dataclasses.asdict(options),
                   "memory": memory, "cpu": cpu}
        try:
            for attempt in (1, 2):  # a zygote that ended since the last document is replaced
                try:
                    sock = self._running()
                    _send(sock, request, [theirs.fileno()])
                    pid = int(str(_message(sock)["pid"]))
                    return Reader(pid, Connection(ours.detach()))
                except (Gone, OSError):
                    self.close()
                    if attempt == 2:
                        raise Gone from None
        finally:
            theirs.close()
            ours.close()
        raise Gone

    def reap(self, reader: Reader, grace: float, kill: bool = False) -> int:
        """The reader's exit code, waiting at most `grace` seconds for it to end before its
        group is killed (at once with `kill`); -9 when the zygote ended."""
        reader.conn.close()
        if kill:
            _kill_group(reader.pid)
        try:
            assert self.sock is not None
            _send(self.sock, {"wait": True})
            code = self._exit_code(reader.pid, grace)
            _kill_group(reader.pid)  # what the reader left running; it is not reaped yet
            _send(self.sock, {"reap": True})
            return code
        except (Gone, OSError, AssertionError, ValueError):
            self.close()
            return -9

    def _exit_code(self, pid: int, grace: float) -> int:
        assert self.sock is not None
        self.sock.settimeout(max(grace, 0.1))
        try:
            answer = _message(self.sock)
        except TimeoutError:
            _kill_group(pid)
            self.sock.settimeout(None)
            answer = _message(self.sock)
        finally:
            self.sock.settimeout(None)
        return int(str(answer["exit"]))

    def close(self) -> None:
        if self.sock is not None:
            self.sock.close()
        if self.process is not None and self.owner == os.getpid():
            self.process.kill()
            self.process.wait()
        self.sock = self.process = None


def _kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


def _ended(pid: int) -> int:
    """Wait for the reader to end, without reaping it: its exit code."""
    info = os.waitid(os.P_PID, pid, os.WEXITED | os.WNOWAIT)
    if info is None:
        return -signal.SIGKILL
    return info.si_status if info.si_code == os.CLD_EXITED else -info.si_status


def _serve(sock: socket.socket) -> None:
    while True:
        message, fds, _flags, _addr = socket.recv_fds(sock, MESSAGE, 1)
        if not message:
            return
        request = json.loads(message)
        pid = os.fork()
        if pid == 0:  # the reader: never returns
            _reader(sock, request, fds[0])
        for fd in fds:
            os.close(fd)
        _send(sock, {"pid": pid})
        if not sock.recv(MESSAGE):  # "wait"; nothing: the caller ended, the reader dies with us
            return
        _send(sock, {"exit": _ended(pid)})
        if not sock.recv(MESSAGE):  # "reap"
            return
        os.waitpid(pid, 0)


def _reader(sock: socket.socket, request: dict[str, object], fd: int) -> None:
    try:
        sock.close()
        options = child.options_from_json(json.dumps(request["options"]))
        child.forked(Connection(fd), str(request["media_type"]), options,
                     int(str(request["memory"])), int(str(request["cpu"])))
    finally:
        os._exit(child.EXIT_BROKEN)


def main() -> int:
    expected = os.environ.get(child.PARENT)
    if not child.die_with_parent(int(expected) if expected else None):
        return child.EXIT_ORPHAN
    with contextlib.suppress(OSError, KeyboardInterrupt):
        _serve(socket.socket(fileno=0))
    return 0


if __name__ == "__main__":
    sys.exit(main())
