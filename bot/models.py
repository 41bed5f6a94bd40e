"""The database tables: registry (cases, document records), intake (submissions, items, pages),
proposals, registrar decisions and the hash-chained audit trail."""

from __future__ import annotations

import datetime as dt
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel, col


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
    duplicate_of: int | None = Field(default=None, foreign_key="item.id", index=True)
    attempts: int = 0
    lease_owner: str | None = None
    lease_until: datetime | None = None
    lease_token: int = 0  # fencing token: +1 at every claim; a stage commits only if unchanged
    meta: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow, index=True)  # the queue syncs by it


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
    confidence: str = "low"  # high | medium | low: the whole proposal (case and record)
    reasons: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    # the document record's own certainty, given the case: null when no record is proposed
    doc_score: float | None = None
    doc_confidence: str | None = None  # high | medium | low
    doc_reasons: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    evidence: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )


class Decision(SQLModel, table=True):
    """A registrar's action on an item; append-only."""

    id: int | None = Field(default=None, primary_key=True)
    item_id: int = Field(foreign_key="item.id", index=True)
    actor: str
    action: str  # confirm | reject | duplicate | reassign | ...
    case_id: int | None = Field(default=None, foreign_key="case.id", index=True)
    document_id: int | None = Field(default=None, foreign_key="registry_document.id")
    note: str | None = None
    undoes_id: int | None = Field(default=None, foreign_key="decision.id")
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


class UserAccount(SQLModel, table=True):
    """Someone who may log in to the registrar's queue: a local account with an Argon2 hash, or
    an organisation account (OpenID Connect) with no password and its provider's subject."""

    __tablename__ = "user_account"

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(unique=True, index=True)
    password_hash: str  # empty for OIDC accounts: no password opens them
    role: str = "registrar"  # registrar | admin
    oidc_subject: str | None = Field(default=None, unique=True, index=True)  # "iss sub"
    active: bool = True
    created_at: datetime = Field(default_factory=utcnow)


class WebSession(SQLModel, table=True):
    """A logged-in browser, stored by the SHA-256 of its cookie token (never the token)."""

    __tablename__ = "web_session"

    id: str = Field(primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    csrf_token: str
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime


class LoginAttempt(SQLModel, table=True):
    """One try to log in, kept for rate limiting failures per account and per address."""

    __tablename__ = "login_attempt"
    __table_args__ = (
        Index("ix_login_attempt_username_at", "username", "at"),
        Index("ix_login_attempt_remote_at", "remote", "at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    username: str
    remote: str
    success: bool = False
    at: datetime = Field(default_factory=utcnow)


class OidcFlow(SQLModel, table=True):
    """A started organisation login (OpenID Connect) awaiting its callback, stored by the
    SHA-256 of its `state` (never the state), so any process can finish it, once."""

    __tablename__ = "oidc_flow"

    state_hash: str = Field(primary_key=True)
    nonce: str
    verifier: str  # the PKCE code verifier
    next_path: str
    redirect_uri: str
    expires_at: datetime = Field(index=True)


class QueueEntry(SQLModel, table=True):
    """An item's facets in the registrar's queue (state, best proposal's band, board, year,
    channel, submitter), one narrow indexed row so lists filter, count and page fast."""

    __tablename__ = "queue_entry"
    __table_args__ = (
        Index("ix_queue_entry_state", "state", "item_id"),
        Index("ix_queue_entry_confidence", "state", "confidence", "item_id"),
        Index("ix_queue_entry_score", "state", "score", "item_id"),
        Index("ix_queue_entry_board", "state", "board", "year"),
        Index("ix_queue_entry_channel", "state", "channel"),
        Index("ix_queue_entry_submitter", "state", "submitter"),
        Index("ix_queue_entry_case", "case_id", "item_id"),
        # covers every facet, so counts are one index-only scan whatever the filters
        Index("ix_queue_entry_facets", "state", "confidence", "has_number", "channel", "board",
              "year", "submitter"),
    )

    item_id: int = Field(primary_key=True, foreign_key="item.id")
    state: str
    confidence: str = "none"  # the best proposal's band: high | medium | low | none
    score: float = 0.0
    case_id: int | None = Field(default=None, foreign_key="case.id")
    board: str = ""
    year: int | None = None
    channel: str = ""
    submitter: str = ""
    has_number: bool = False
    synced_at: datetime  # the item's updated_at that this row reflects
    # a soft claim: the registrar (Decision.actor, the username) who opened the item, until when
    claimed_by: str | None = None
    claimed_until: datetime | None = None


class Receipt(SQLModel, table=True):
    """A message to a submitter: the receipt for a submission, or the notice that a registrar
    confirmed one of its items. Recorded first, then sent, batched, or suppressed with a reason."""

    __table_args__ = (
        UniqueConstraint("key", name="uq_receipt_key"),
        Index("ix_receipt_state_kind", "state", "kind"),
    )

    id: int | None = Field(default=None, primary_key=True)
    key: str  # "received:<submission id>" | "confirmed:<item id>": one of each, ever
    kind: str  # received | confirmed
    submission_id: int = Field(foreign_key="submission.id", index=True)
    item_id: int | None = Field(default=None, foreign_key="item.id")
    recipient: str | None = None
    state: str = "pending"  # pending | sent | recorded (no relay) | suppressed | failed
    reason: str | None = None
    subject: str = ""
    body: str = ""
    message_id: str | None = None  # of the message that carried it (shared by a batch)
    attempts: int = 0
    created_at: datetime = Field(default_factory=utcnow)
    retry_at: datetime | None = None
    sent_at: datetime | None = None


class ExportRun(SQLModel, table=True):
    """One export of confirmed files to one target (a folder as manifest or FGS package, or a
    write-back adapter), with what it carried: the receipt."""

    __tablename__ = "export_run"

    id: int | None = Field(default=None, primary_key=True)
    target: str = Field(index=True)  # "manifest:/abs/dir" | "fgs:/abs/dir" | "sif:<url>"
    actor: str
    started_at: datetime = Field(default_factory=utcnow)
    finished_at: datetime | None = None
    files: int = 0
    failed: int = 0
    location: str | None = None  # the batch folder or package written, if any


class ExportEntry(SQLModel, table=True):
    """One confirmed item delivered to one target, once: the ledger that makes exports
    incremental and idempotent (and write-backs never send a file twice)."""

    __tablename__ = "export_entry"
    __table_args__ = (UniqueConstraint("target", "item_id", name="uq_export_entry"),)

    id: int | None = Field(default=None, primary_key=True)
    target: str = Field(index=True)
    item_id: int = Field(foreign_key="item.id", index=True)
    run_id: int = Field(foreign_key="export_run.id", index=True)
    state: str = "sent"  # sending | sent | failed
    attempts: int = 0
    error: str | None = None
    remote_ref: str | None = None  # what the target calls it (a path, a Recno)
    at: datetime = Field(default_factory=utcnow)


class BackupRun(SQLModel, table=True):
    """A backup bundle written (or tried): the admin page shows the last good one."""

    __tablename__ = "backup_run"

    id: int | None = Field(default=None, primary_key=True)
    location: str
    kind: str = "full"  # full | incremental
    ok: bool = False
    error: str | None = None
    blobs: int = 0
    bytes: int = 0
    started_at: datetime = Field(default_factory=utcnow)
    finished_at: datetime | None = None


class ChatContact(SQLModel, table=True):
    """Someone who writes to the bot in a chat channel: where to answer them, in which language,
    and (optionally) the web account that makes them a registrar."""

    __tablename__ = "chat_contact"
    __table_args__ = (UniqueConstraint("channel", "user_id", name="uq_chat_contact"),)

    id: int | None = Field(default=None, primary_key=True)
    channel: str  # the connector's name
    user_id: str  # "@anna:kommun.se", a Teams user's AAD object id
    address: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    language: str = "sv"
    account_id: int | None = Field(default=None, foreign_key="user_account.id")
    updated_at: datetime = Field(default_factory=utcnow)


class ChatMessage(SQLModel, table=True):
    """A message the bot writes in a chat (receipt, question, confirmation notice, digest):
    recorded first, then sent, retried, or suppressed. A question also keeps its answer."""

    __tablename__ = "chat_message"
    __table_args__ = (
        UniqueConstraint("key", name="uq_chat_message_key"),
        Index("ix_chat_message_state_kind", "state", "kind"),
        Index("ix_chat_message_kind_item", "kind", "item_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    key: str  # "receipt:<submission>", "question:<item>", "confirmed:<item>", "digest:<ch>:<day>"
    kind: str  # receipt | question | confirmed | digest
    channel: str
    contact_id: int | None = Field(default=None, foreign_key="chat_contact.id", index=True)
    item_id: int | None = Field(default=None, foreign_key="item.id")
    address: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    thread: str | None = None  # the event to answer in thread of
    body: str = ""
    state: str = "pending"  # pending | sent | suppressed | failed
    reason: str | None = None
    attempts: int = 0
    created_at: datetime = Field(default_factory=utcnow)
    retry_at: datetime | None = None
    sent_at: datetime | None = None
    answered_at: datetime | None = None  # a question: when the submitter answered it


# The coverage views find a record's proposals, and count recovered records, through these.
Index("ix_proposal_document", col(Proposal.document_id))
Index("ix_registry_document_status", col(RegistryDocument.file_status))


class RecordProfile(SQLModel, table=True):
    """A registry document record as the coverage views see it: its case's board and year, the
    kind of record (read from its description) and how much it matters when missing. Derived
    from the registry, rebuilt whenever the registry is imported again (RegistryState)."""

    __tablename__ = "record_profile"
    __table_args__ = (
        Index("ix_record_profile_cube", "board_key", "year", "kind"),
        Index("ix_record_profile_case", "case_id", "document_id"),
        Index("ix_record_profile_rank", "importance", "document_id"),
    )

    document_id: int = Field(primary_key=True, foreign_key="registry_document.id")
    case_id: int = Field(foreign_key="case.id")
    board_key: str = ""
    year: int = 0
    kind: str = "ovrigt"
    importance: int = 0  # the kind's weight, plus records building on it, plus an open case
    dependents: int = 0  # later records of the same case that build on this one
    open_case: bool = False


class RecordProfileState(SQLModel, table=True):
    """The registry version (RegistryState.version) the record profiles were built from."""

    __tablename__ = "record_profile_state"

    id: int | None = Field(default=None, primary_key=True)
    version: int = -1


class OutreachRequest(SQLModel, table=True):
    """One request to one person to send in copies of missing records, as a registrar approved
    it in the preview: recorded first, then sent (rate-limited) through its channel."""

    __tablename__ = "outreach_request"
    __table_args__ = (
        Index("ix_outreach_request_recipient", "recipient", "created_at"),
        Index("ix_outreach_request_state", "state", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    channel: str = "email"  # the sender that carries it (email now; chat later)
    recipient: str  # the person's address on that channel, lower case
    name: str | None = None
    actor: str  # the registrar who clicked send
    subject: str = ""
    body: str = ""
    state: str = "pending"  # pending | sent | failed
    reason: str | None = None
    message_id: str | None = Field(default=None, index=True)
    attempts: int = 0
    created_at: datetime = Field(default_factory=utcnow)
    retry_at: datetime | None = None
    sent_at: datetime | None = None


class OutreachRecord(SQLModel, table=True):
    """A missing document record that an outreach request asks for, with why that person."""

    __tablename__ = "outreach_record"
    __table_args__ = (UniqueConstraint("request_id", "document_id", name="uq_outreach_record"),)

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="outreach_request.id", index=True)
    document_id: int = Field(foreign_key="registry_document.id", index=True)
    reason: str = ""


class OutreachAnswer(SQLModel, table=True):
    """A submission that answers an outreach request: a reply to it (In-Reply-To, References),
    or mail from the person asked, after the request was sent."""

    __tablename__ = "outreach_answer"
    __table_args__ = (UniqueConstraint("request_id", "submission_id", name="uq_outreach_answer"),)

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="outreach_request.id", index=True)
    submission_id: int = Field(foreign_key="submission.id", index=True)
    via: str = "sender"  # reply | sender
    at: datetime = Field(default_factory=utcnow)


class OutreachCursor(SQLModel, table=True):
    """How far the answer linker has looked: the last submission it examined."""

    __tablename__ = "outreach_cursor"

    id: int | None = Field(default=None, primary_key=True)
    submission_id: int = 0
