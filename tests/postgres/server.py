"""A throw-away PostgreSQL server for the tests: initdb in a temporary folder, started on
loopback with its own port and socket folder, stopped and removed afterwards. initdb refuses to
run as root, so under root the server runs as the `postgres` system user on a folder it owns."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

# Not UTC on purpose: a time stored without its zone would come back shifted and fail a test.
SERVER_SETTINGS = ("-c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off"
                   " -c full_page_writes=off -c max_connections=100 -c timezone=Europe/Stockholm")


def binaries() -> Path | None:
    """The folder holding initdb and pg_ctl: on PATH, else Debian's newest version folder."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(os.path.realpath(found)).parent
    folders = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[4]))
    return Path(folders[-1]) if folders else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _run_as() -> str | None:
    """The user the server runs as: `postgres` under root (initdb refuses root), else us."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        return None
    return "postgres"


@dataclass
class Server:
    bin: Path
    folder: Path
    port: int
    user: str | None

    def _run(self, *args: str) -> None:
        done = subprocess.run([str(self.bin / args[0]), *args[1:]], user=self.user,
                              capture_output=True, text=True, timeout=120, check=False)
        if done.returncode != 0:
            log = self.folder / "log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{args[0]} failed ({done.returncode}): {done.stderr[-2000:]}"
                               f"{tail}")

    def start(self) -> None:
        data, sockets = self.folder / "data", self.folder / "sockets"
        sockets.mkdir()
        if self.user:
            shutil.chown(self.folder, self.user)
            shutil.chown(sockets, self.user)
        self._run("initdb", "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                  "--locale=C.UTF-8", "--no-sync")
        self._run("pg_ctl", "-D", str(data), "-w", "-t", "60", "-l", str(self.folder / "log"),
                  "-o", f"-p {self.port} -k {sockets} {SERVER_SETTINGS}", "start")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.folder / "data"), "-m", "fast", "-w", "stop")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def sql(self, statement: str) -> None:
        """One statement outside a transaction, on the maintenance database."""
        import psycopg

        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres",
                             autocommit=True) as conn:
            conn.execute(statement.encode())

    def create_database(self, template: str = "template0") -> str:
        """A new database copied from `template` (template0: empty); returns its name."""
        name = f"t_{uuid.uuid4().hex[:12]}"
        self.sql(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        return name

    def drop_database(self, name: str) -> None:
        """Drops it, ending the sessions a test left open."""
        self.sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def start_server() -> Server:
    folder = Path(tempfile.mkdtemp(prefix="diariebot-pg-"))
    folder.chmod(0o755)
    bin_folder = binaries()
    assert bin_folder is not None
    server = Server(bin_folder, folder, _free_port(), _run_as())
    try:
        server.start()
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return server
