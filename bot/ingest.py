"""Turns received bytes into a committed submission with its top-level item (idempotently)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlmodel import col, select

from bot.blobs import sha256_hex
from bot.context import Context
from bot.db import session_scope
from bot.models import Item, Submission
from bot.sniff import sniff
from bot.states import record
from bot.unpack.names import top_filename


@dataclass
class IngestResult:
    filename: str
    submission_id: int
    item_id: int | None
    created: bool
    message: str


def submit(
    ctx: Context,
    *,
    channel: str,
    source_ref: str,
    data: bytes,
    filename: str,
    submitter: str | None,
    meta: dict[str, Any] | None = None,
) -> IngestResult:
    """Store the bytes and record the submission once; a repeat of the same source is a no-op."""
    digest = ctx.blobs.put(data)  # before the row: a committed row always has its bytes
    with session_scope(ctx.engine) as session:
        existing = session.exec(
            select(Submission).where(
                Submission.channel == channel, Submission.source_ref == source_ref
            )
        ).first()
        if existing is not None:
            item = session.exec(
                select(Item).where(Item.submission_id == existing.id, col(Item.parent_id).is_(None))
            ).first()
            return IngestResult(
                filename,
                existing.id or 0,
                item.id if item else None,
                False,
                "redan mottagen / already received",
            )
        sub = Submission(
            channel=channel, source_ref=source_ref, submitter=submitter, meta=meta or {}
        )
        session.add(sub)
        session.flush()
        media_type = sniff(data, filename)
        item = Item(
            submission_id=sub.id or 0,
            filename=top_filename(filename, media_type),
            sha256=digest,
            size=len(data),
            media_type=media_type,
        )
        session.add(item)
        session.flush()
        record(
            session,
            actor=f"{channel}:{submitter or 'okänd'}",
            action="received",
            item_id=item.id,
            to_state=item.state,
        )
        return IngestResult(filename, sub.id or 0, item.id, True, "mottagen / received")


def _walk(paths: list[Path]) -> Iterator[Path]:
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file())
        else:
            yield path


def ingest_paths(
    ctx: Context, paths: list[Path], submitter: str | None, channel: str = "cli"
) -> list[IngestResult]:
    """One submission per file, identified by its content, its name and who submits it: the very
    same file from the same person again creates nothing; the same bytes under another name or
    from another person are a copy, a submission of their own (linked as a duplicate when
    unpacked: who else held a copy is evidence)."""
    results = []
    for path in _walk(paths):
        data = path.read_bytes()
        if len(data) > ctx.settings.max_file_bytes:
            results.append(IngestResult(path.name, 0, None, False, "för stor fil / file too large"))
            continue
        digest = sha256_hex(data)
        results.append(
            submit(
                ctx,
                channel=channel,
                source_ref=f"sha256:{digest}/{submitter or ''}/{path.name}",
                data=data,
                filename=path.name,
                submitter=submitter,
                meta={"path": str(path)},
            )
        )
    return results
