"""Glue between connectors and the intake: commit each fetched message as a submission, then
acknowledge it; a crash in between only means the next round finds it already received."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from sqlmodel import col, select

from bot.context import Context
from bot.db import session_scope
from bot.ingest import IngestResult, submit
from bot.models import Item, Submission
from bot.settings import Settings
from connectors.base import Connector, Message, Receiver
from connectors.factory import build, enabled

log = logging.getLogger(__name__)
ALREADY = "redan mottagen / already received"


@dataclass
class IntakeCounts:
    fetched: int = 0
    created: int = 0
    repeated: int = 0

    def add(self, result: IngestResult) -> None:
        self.fetched += 1
        if result.created:
            self.created += 1
        else:
            self.repeated += 1

    def summary(self) -> str:
        return (f"{self.fetched} hämtade / fetched, {self.created} nya / new, "
                f"{self.repeated} redan mottagna / already received")


def _same_submission(ctx: Context, channel: str, message: Message) -> Item | None:
    """The very same submission seen under another reference (IMAP UIDVALIDITY changed, a Graph
    message moved and back): this channel, these bytes, this name, this sender. The same bytes
    under another name or from someone else are a copy: a submission of its own, linked as a
    duplicate when unpacked (who else held a copy is evidence)."""
    with session_scope(ctx.engine) as session:
        return session.exec(
            select(Item)
            .join(Submission, col(Submission.id) == col(Item.submission_id))
            .where(Item.sha256 == message.sha256, col(Item.parent_id).is_(None),
                   Item.filename == message.filename, Submission.channel == channel,
                   Submission.submitter == message.submitter)
        ).first()


def receive(ctx: Context, channel: str, message: Message) -> IngestResult:
    """Commit one message as a submission, once: by its reference, and by its bytes."""
    earlier = _same_submission(ctx, channel, message)
    if earlier is not None:
        return IngestResult(message.filename, earlier.submission_id, earlier.id, False, ALREADY)
    return submit(ctx, channel=channel, source_ref=message.source_ref, data=message.data,
                  filename=message.filename, submitter=message.submitter, meta=message.meta)


def run_connector(ctx: Context, connector: Connector) -> IntakeCounts:
    """One round: fetch, commit, acknowledge; an error stops the round (nothing is lost)."""
    counts = IntakeCounts()
    messages = connector.fetch()
    try:
        for message in messages:
            counts.add(receive(ctx, connector.name, message))
            connector.acknowledge(message)  # only after the commit above returned
    finally:
        close = getattr(messages, "close", None)
        if close is not None:
            close()  # a generator holding a connection lets it go now
    log.info("%s: %d fetched, %d new, %d already received",
             connector.name, counts.fetched, counts.created, counts.repeated)
    return counts


def open_connectors(settings: Settings, only: str | None = None) -> list[Connector | Receiver]:
    """Every enabled configured connector (or just `only`); raises ConfigError on a bad table."""
    tables: dict[str, dict[str, Any]] = settings.connectors
    if only is not None:
        tables = {only: tables[only]} if only in tables else {}
    return [build(name, dict(table)) for name, table in tables.items() if enabled(table)]


def polled(items: list[Connector | Receiver]) -> list[Connector]:
    return [c for c in items if isinstance(c, Connector)]


def served(items: list[Connector | Receiver]) -> list[Receiver]:
    return [c for c in items if isinstance(c, Receiver) and not isinstance(c, Connector)]
