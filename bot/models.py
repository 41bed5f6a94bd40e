"""The database tables: registry (cases, document records), intake (submissions, items, pages),
proposals, registrar decisions and the hash-chained audit trail."""

from __future__ import annotations

import datetime as dt
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


class Case(SQLModel, table=True):
    """An ärende from the surviving registry."""

    __table_args__ = (
        UniqueConstraint("board_key", "year", "serial", name="uq_case_key"),
        Index("ix_case_year_serial", "year", "serial"),
    )

    id: int | None = Field(default=None, primary_key=True)
    case_number: str = Field(index=True)  # as the registry writes it
    board_key: str = Field(default="")  # normalised board prefix, "" when the number has none
    year: int
    serial: int
    title: str = ""
    board: str | None = None
    opened: dt.date | None = None
    status: str | None = None
    handler: str | None = None


class RegistryDocument(SQLModel, table=True):
    """A registered document record (handling) whose file may be missing."""

    __tablename__ = "registry_document"
    __table_args__ = (UniqueConstraint("case_id", "doc_number", name="uq_document_number"),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    doc_number: int
    date: dt.date | None = None
    direction: str = "incoming"  # incoming | outgoing | internal
    counterpart: str | None = None
    description: str | None = None
    file_status: str = "missing"  # missing | recovered


class Submission(SQLModel, table=True):
    """One thing that arrived: an email fetched, a file dropped, a CLI ingest."""

    __table_args__ = (UniqueConstraint("channel", "source_ref", name="uq_submission_source"),)

    id: int | None = Field(default=None, primary_key=True)
    channel: str
    source_ref: str
    submitter: str | None = None
    received_at: datetime = Field(default_factory=utcnow)
    meta: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class Item(SQLModel, table=True):
    """A unit of work: an email, an attachment, a zip member; moves through states."""

    __table_args__ = (
        UniqueConstraint("submission_id", "parent_id", "position", name="uq_item_position"),
        Index("ix_item_state_lease", "state", "lease_until"),
    )

    id: int | None = Field(default=None, primary_key=True)
    submission_id: int = Field(foreign_key="submission.id", index=True)
    parent_id: int | None = Field(default=None, foreign_key="item.id", index=True)
    position: int = 0  # order among its siblings; with parent makes unpacking idempotent
    filename: str = ""
    media_type: str = "application/octet-stream"
    sha256: str = Field(index=True)
    size: int = 0
    state: str = Field(default="received", index=True)
    state_reason: str | None = None
    duplicate_of: int | None = Field(default=None, foreign_key="item.id")
    attempts: int = 0
    lease_owner: str | None = None
    lease_until: datetime | None = None
    meta: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class Page(SQLModel, table=True):
    """Text read from one page of an item."""

    __table_args__ = (UniqueConstraint("item_id", "number", name="uq_page_number"),)

    id: int | None = Field(default=None, primary_key=True)
    item_id: int = Field(foreign_key="item.id", index=True)
    number: int
    text: str = ""
    confidence: float | None = None
    method: str = "direct"
    seconds: float = 0.0
    steps: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class Proposal(SQLModel, table=True):
    """A suggestion that an item belongs to a case (and document record), with reasons."""

    id: int | None = Field(default=None, primary_key=True)
    item_id: int = Field(foreign_key="item.id", index=True)
    rank: int = 0
    case_id: int = Field(foreign_key="case.id")
    document_id: int | None = Field(default=None, foreign_key="registry_document.id")
    score: float = 0.0
    confidence: str = "low"  # high | medium | low
    reasons: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    evidence: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )


class Decision(SQLModel, table=True):
    """A registrar's action on an item; append-only."""

    id: int | None = Field(default=None, primary_key=True)
    item_id: int = Field(foreign_key="item.id", index=True)
    actor: str
    action: str  # confirm | reject | duplicate | reassign | ...
    case_id: int | None = Field(default=None, foreign_key="case.id")
    document_id: int | None = Field(default=None, foreign_key="registry_document.id")
    note: str | None = None
    at: datetime = Field(default_factory=utcnow)


class AuditEvent(SQLModel, table=True):
    """Append-only, hash-chained log of every state change and decision."""

    __tablename__ = "audit_event"

    id: int | None = Field(default=None, primary_key=True)
    item_id: int | None = Field(default=None, foreign_key="item.id", index=True)
    actor: str
    action: str
    from_state: str | None = None
    to_state: str | None = None
    reason: str | None = None
    at: datetime = Field(default_factory=utcnow)
    prev_hash: str = ""
    hash: str = ""


class ItemBand(SQLModel, table=True):
    """One locality-sensitive-hash band of an item's text fingerprint: items sharing a band
    are near-duplicate candidates."""

    __tablename__ = "item_band"
    __table_args__ = (Index("ix_item_band_key", "band", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    item_id: int = Field(foreign_key="item.id", index=True)
    band: int
    key: str


class RegistryState(SQLModel, table=True):
    """One row whose version goes up with every registry import, so every process can tell
    that its cached view of the registry (search vocabulary) is stale."""

    __tablename__ = "registry_state"

    id: int | None = Field(default=None, primary_key=True)
    version: int = 0
