"""A real Dovecot IMAP server for the tests: own config in a temporary folder, loopback only."""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

MAIL_USER = "diariebot-mail"
PASSWORD = "hemligt"
USERS = 40

CONFIG = """\
protocols = imap
listen = 127.0.0.1
base_dir = {base}/run
state_dir = {base}/state
log_path = {base}/dovecot.log
ssl = {ssl}
{ssl_files}disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
first_valid_uid = {uid}
last_valid_uid = 0
mail_location = maildir:~/Maildir
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {base}/users
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={base}/home/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {tls_port}
  }}
}}
service anvil {{
  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
}}
service stats {{
  unix_listener stats-writer {{
    mode = 0666
  }}
}}
protocol imap {{
  mail_max_userip_connections = 50
}}
"""


def _tool(name: str) -> str:
    return shutil.which(name) or f"/usr/sbin/{name}"  # sbin is not on every PATH


def available() -> str | None:
    """Why a Dovecot cannot run here, or None when it can."""
    if not Path(_tool("dovecot")).exists():
        return "dovecot is not installed (apt-get install dovecot-imapd)"
    if os.geteuid() != 0:
        return "dovecot tests run as root"
    try:
        pwd.getpwnam(MAIL_USER)
    except KeyError:
        subprocess.run(
            [_tool("useradd"), "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", MAIL_USER],
            check=True,
        )
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Dovecot:
    """Start, stop and add users to one Dovecot instance."""

    def __init__(self, tls: tuple[Path, Path] | None = None) -> None:
        # its own folder, readable by Dovecot's unprivileged auth process (pytest's are 0700)
        self.base = Path(tempfile.mkdtemp(prefix="diariebot-dovecot-"))
        self.base.chmod(0o755)
        self.port = free_port()
        self.tls = tls
        self.tls_port = free_port() if tls else 0
        self.config = self.base / "dovecot.conf"
        self.users = self.base / "users"
        self._count = 0
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        entry = pwd.getpwnam(MAIL_USER)
        for sub in ("run", "state", "home"):
            (self.base / sub).mkdir(parents=True, exist_ok=True)
        os.chown(self.base / "home", entry.pw_uid, entry.pw_gid)
        # all users up front: Dovecot may miss a passwd-file rewritten within the same second
        self.users.write_text(
            "".join(f"{self._user(n)}:{{PLAIN}}{PASSWORD}::::::nodelay=yes\n"
                    for n in range(1, USERS + 1)),
            encoding="utf-8",
        )
        self.config.write_text(
            CONFIG.format(base=self.base, uid=entry.pw_uid, gid=entry.pw_gid, port=self.port,
                          tls_port=self.tls_port, ssl="yes" if self.tls else "no",
                          ssl_files=f"ssl_cert = <{self.tls[0]}\nssl_key = <{self.tls[1]}\n"
                          if self.tls else ""),
            encoding="utf-8",
        )
        # in the foreground, in a session of its own: stop() ends exactly these processes
        self._process = subprocess.Popen([_tool("dovecot"), "-F", "-c", str(self.config)],
                                         start_new_session=True)
        self._wait()

    def _wait(self) -> None:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                    if sock.recv(100).startswith(b"* OK"):
                        return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("dovecot did not start: " + self.log())

    def log(self) -> str:
        path = self.base / "dovecot.log"
        return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""

    def stop(self) -> None:
        if self._process is not None:
            os.killpg(self._process.pid, signal.SIGKILL)  # a test server: no graceful drain
            self._process.wait(timeout=10)
            self._process = None
        shutil.rmtree(self.base, ignore_errors=True)

    def add_user(self) -> str:
        """A fresh mailbox for one test: its own user, so tests never see each other's mail."""
        self._count += 1
        if self._count > USERS:
            raise RuntimeError("raise USERS in tests/connectors/dovecot.py")
        return self._user(self._count)

    @staticmethod
    def _user(number: int) -> str:
        return f"intag{number}@example.test"

    def doveadm(self, *args: str) -> str:
        done = subprocess.run(
            [_tool("doveadm"), "-c", str(self.config), *args], capture_output=True, text=True, check=True
        )
        return done.stdout
