"""`diariebot verify DIR`: every file of a bundle (and of the bundles it builds on) against its
SHA-256, every original against its name, the database's integrity, its audit chain, and that
every item's original is in the backup. Each problem names the file."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlmodel import Session

from bot.backup import postgres
from bot.backup.chain import opened_chain
from bot.backup.files import sha256_file
from bot.backup.layout import (
    DATABASE,
    DUMP,
    SUMS,
    BackupError,
    Bundle,
    blob_relpath,
    find_bundle,
)
from bot.states import verify_chain


@dataclass
class VerifyReport:
    bundle: str
    files: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _sums(root: Path) -> dict[str, str]:
    listed = {}
    for line in (root / SUMS).read_text(encoding="utf-8").splitlines():
        digest, _, rel = line.partition("  ")
        listed[rel] = digest
    return listed


def check_tree(root: Path, label: str) -> tuple[int, list[str]]:
    """Every file listed in SHA256SUMS present and unchanged, and no unlisted file."""
    if not (root / SUMS).is_file():
        return 0, [f"{label}/{SUMS}: saknas / missing"]
    listed, problems = _sums(root), []
    for rel, digest in listed.items():
        path = root / rel
        if not path.is_file():
            problems.append(f"{label}/{rel}: saknas / missing")
        elif sha256_file(path) != digest:
            problems.append(f"{label}/{rel}: ändrad, kontrollsumman stämmer inte / "
                            "changed: checksum mismatch")
    present = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
    problems += [f"{label}/{rel}: inte förtecknad / not listed"
                 for rel in sorted(present - set(listed) - {SUMS})]
    return len(listed), problems


def check_blobs(bundle: Bundle, roots: dict[str, Path]) -> list[str]:
    """Every original the database needs is in the bundle that claims it, under its hash."""
    problems = []
    for digest, where in sorted(bundle.blobs.items()):
        listed = _sums(roots[where]).get(blob_relpath(digest)) if where in roots else None
        if listed != digest:
            problems.append(f"{where}/{blob_relpath(digest)}: saknas eller fel innehåll / "
                            "missing or wrong content")
    return problems


def database_file(bundle: Bundle) -> str:
    """database.sqlite3, or database.pgdump for a PostgreSQL home."""
    return str(bundle.manifest.get("database", {}).get("file", DATABASE))


def _missing_originals(bundle: Bundle, digests: set[str]) -> list[str]:
    return [f"{bundle.name}/{blob_relpath(d)}: original saknas / original missing"
            for d in sorted(digests - set(bundle.blobs))]


def check_dump(bundle: Bundle, root: Path) -> list[str]:
    """A PostgreSQL dump: pg_restore reads it whole, and every item's original is there. (The
    audit chain is checked once it is loaded: `diariebot audit`.)"""
    problems, digests = postgres.check(root / DUMP)
    return [f"{bundle.name}/{DUMP}: {p}" for p in problems] + _missing_originals(bundle, digests)


def check_database(bundle: Bundle, root: Path) -> list[str]:
    """Integrity, the audit chain, and every item's original present in the manifest."""
    if database_file(bundle) == DUMP:
        return check_dump(bundle, root)
    path = root / DATABASE
    engine = create_engine(f"sqlite:///file:{path}?mode=ro&uri=true")
    try:
        with engine.connect() as conn:
            check = conn.execute(text("PRAGMA integrity_check")).scalar()
            digests = {row[0] for row in conn.execute(text("SELECT DISTINCT sha256 FROM item"))}
        with Session(engine) as session:
            broken = verify_chain(session)
    finally:
        engine.dispose()
    problems = [] if check == "ok" else [f"{bundle.name}/{DATABASE}: {check}"]
    if broken is not None:
        problems.append(f"{bundle.name}/{DATABASE}: granskningsloggen bruten vid händelse "
                        f"{broken} / audit chain broken")
    return problems + _missing_originals(bundle, digests)


def verify_bundle(folder: Path, name: str | None = None,
                  identity: Path | None = None) -> VerifyReport:
    try:
        bundle = find_bundle(folder, name)
    except BackupError as error:
        return VerifyReport(name or str(folder), problems=[str(error)])
    report = VerifyReport(bundle.name)
    try:
        with opened_chain(folder, bundle, identity) as roots:
            for label, root in roots.items():
                count, problems = check_tree(root, label)
                report.files += count
                report.problems += problems
            report.problems += check_blobs(bundle, roots)
            database = f"{bundle.name}/{database_file(bundle)}"
            if not any(p.startswith(database) for p in report.problems):
                report.problems += check_database(bundle, roots[bundle.name])
    except BackupError as error:
        report.problems.append(str(error))
    return report
