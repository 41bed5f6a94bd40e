"""PostgreSQL homes in backup bundles: a pg_dump snapshot (custom format, taken in one
transaction, so consistent while the service writes) instead of SQLite's copy; read back with
pg_restore to check it, and loaded with pg_restore into an empty database to restore it."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, inspect
from sqlalchemy.engine import make_url

from bot.backup.files import sha256_file
from bot.backup.layout import DUMP, BackupError

TIMEOUT = 6 * 3600  # a very large registry still dumps; a hung server does not hang us forever


def is_postgresql(url: str) -> bool:
    return make_url(url).get_backend_name() == "postgresql"


def tool(name: str) -> str:
    """pg_dump or pg_restore: on PATH, else in Debian's newest PostgreSQL folder."""
    found = shutil.which(name) or next(iter(sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
        key=lambda p: int(p.split("/")[4]), reverse=True)), None)
    if found is None:
        raise BackupError(f"{name} saknas, installera postgresql-client / {name} not found: "
                          "install postgresql-client")
    return found


def libpq(url: str) -> tuple[str, dict[str, str]]:
    """The SQLAlchemy URL as a libpq URI, its password in the environment (not on `ps`)."""
    parsed = make_url(url)
    env = {**os.environ}
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)
    uri = parsed.set(drivername="postgresql", password=None)
    return uri.render_as_string(hide_password=False), env


def _run(args: list[str], env: dict[str, str] | None = None) -> str:
    try:
        done = subprocess.run(args, capture_output=True, text=True, env=env, timeout=TIMEOUT,
                              check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise BackupError(f"{Path(args[0]).name}: {error}") from None
    if done.returncode != 0:
        raise BackupError(f"{Path(args[0]).name}: {done.stderr.strip()[-500:]}")
    return done.stdout


def rows(dump: Path, table: str) -> list[dict[str, str | None]]:
    """A table's rows from the dump (COPY text format: tabs, \\N for null), values as text."""
    out = _run([tool("pg_restore"), "--data-only", f"--table={table}", "--file=-", str(dump)])
    found: list[dict[str, str | None]] = []
    columns: list[str] = []
    for line in out.splitlines():
        if line.startswith("COPY ") and columns == []:
            columns = [c.strip().strip('"') for c in line.split("(", 1)[1].split(")")[0].split(",")]
        elif columns and line != "\\.":
            found.append({c: None if v == "\\N" else v for c, v in zip(columns, line.split("\t"),
                                                                        strict=False)})
        elif line == "\\.":
            break
    return found


def snapshot(url: str, target: Path) -> dict[str, Any]:
    """pg_dump of the whole database; its schema revision read back from the dump itself."""
    uri, env = libpq(url)
    _run([tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
          f"--file={target}", f"--dbname={uri}"], env)
    versions = rows(target, "alembic_version")
    return {"file": DUMP, "format": "pg_dump custom", "sha256": sha256_file(target),
            "size": target.stat().st_size, "integrity": "pg_restore --list ok",
            "revision": versions[0]["version_num"] if versions else None}


def check(dump: Path) -> tuple[list[str], set[str]]:
    """Problems pg_restore finds reading the dump, and the originals its items need."""
    try:
        listing = _run([tool("pg_restore"), "--list", str(dump)])
        missing = [t for t in ("item", "audit_event", "case")
                   if f"TABLE DATA public {t} " not in listing]
        digests = {r["sha256"] or "" for r in rows(dump, "item")}
    except BackupError as error:
        return [str(error)], set()
    return [f"{t}: tabellen saknas i dumpen / table missing from the dump"
            for t in missing], digests


def load(dump: Path, url: str) -> None:
    """Into an empty database only: pg_restore, stopping at the first error."""
    engine = create_engine(url)
    try:
        tables = inspect(engine).get_table_names()
    finally:
        engine.dispose()
    if tables:
        raise BackupError(f"{make_url(url).database}: databasen är inte tom, välj en tom / the "
                          "database is not empty: restore into an empty one")
    uri, env = libpq(url)
    _run([tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error",
          f"--dbname={uri}", str(dump)], env)
