"""Coverage and outreach: each registry record's profile (kind, importance) for the coverage
views, outreach requests to people who may hold copies of missing records (the records asked
for, the answers that came), and indexes for counting recovered records and finding a record's
proposals.

Revision ID: 0014
Revises: 0013
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

STR = sqlmodel.sql.sqltypes.AutoString
WHEN = sqlmodel.sql.sqltypes.UTCDateTime
KEY = sa.Integer


def _profiles() -> None:
    op.create_table(
        "record_profile",
        sa.Column("document_id", KEY(), nullable=False),
        sa.Column("case_id", KEY(), nullable=False),
        sa.Column("board_key", STR(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("kind", STR(), nullable=False),
        sa.Column("importance", sa.Integer(), nullable=False),
        sa.Column("dependents", sa.Integer(), nullable=False),
        sa.Column("open_case", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["case.id"]),
        sa.ForeignKeyConstraint(["document_id"], ["registry_document.id"]),
        sa.PrimaryKeyConstraint("document_id"),
    )
    op.create_index("ix_record_profile_case", "record_profile", ["case_id", "document_id"])
    op.create_index("ix_record_profile_cube", "record_profile", ["board_key", "year", "kind"])
    op.create_index("ix_record_profile_rank", "record_profile", ["importance", "document_id"])
    state = op.create_table(
        "record_profile_state",
        sa.Column("id", KEY(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.bulk_insert(state, [{"id": 1, "version": -1}])  # built at the first look


def _requests() -> None:
    op.create_table(
        "outreach_request",
        sa.Column("id", KEY(), nullable=False),
        sa.Column("channel", STR(), nullable=False),
        sa.Column("recipient", STR(), nullable=False),
        sa.Column("name", STR(), nullable=True),
        sa.Column("actor", STR(), nullable=False),
        sa.Column("subject", STR(), nullable=False),
        sa.Column("body", STR(), nullable=False),
        sa.Column("state", STR(), nullable=False),
        sa.Column("reason", STR(), nullable=True),
        sa.Column("message_id", STR(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("created_at", WHEN(), nullable=False),
        sa.Column("retry_at", WHEN(), nullable=True),
        sa.Column("sent_at", WHEN(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_outreach_request_message_id", "outreach_request", ["message_id"])
    op.create_index("ix_outreach_request_recipient", "outreach_request",
                    ["recipient", "created_at"])
    op.create_index("ix_outreach_request_state", "outreach_request", ["state", "id"])


def _links() -> None:
    op.create_table(
        "outreach_record",
        sa.Column("id", KEY(), nullable=False),
        sa.Column("request_id", KEY(), nullable=False),
        sa.Column("document_id", KEY(), nullable=False),
        sa.Column("reason", STR(), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["registry_document.id"]),
        sa.ForeignKeyConstraint(["request_id"], ["outreach_request.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("request_id", "document_id", name="uq_outreach_record"),
    )
    op.create_index("ix_outreach_record_document_id", "outreach_record", ["document_id"])
    op.create_index("ix_outreach_record_request_id", "outreach_record", ["request_id"])
    op.create_table(
        "outreach_answer",
        sa.Column("id", KEY(), nullable=False),
        sa.Column("request_id", KEY(), nullable=False),
        sa.Column("submission_id", KEY(), nullable=False),
        sa.Column("via", STR(), nullable=False),
        sa.Column("at", WHEN(), nullable=False),
        sa.ForeignKeyConstraint(["request_id"], ["outreach_request.id"]),
        sa.ForeignKeyConstraint(["submission_id"], ["submission.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("request_id", "submission_id", name="uq_outreach_answer"),
    )
    op.create_index("ix_outreach_answer_request_id", "outreach_answer", ["request_id"])
    op.create_index("ix_outreach_answer_submission_id", "outreach_answer", ["submission_id"])
    op.create_table(
        "outreach_cursor",
        sa.Column("id", KEY(), nullable=False),
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )


def upgrade() -> None:
    _profiles()
    _requests()
    _links()
    op.create_index("ix_proposal_document", "proposal", ["document_id"])
    op.create_index("ix_registry_document_status", "registry_document", ["file_status"])


def downgrade() -> None:
    op.drop_index("ix_registry_document_status", "registry_document")
    op.drop_index("ix_proposal_document", "proposal")
    for table in ("outreach_cursor", "outreach_answer", "outreach_record", "outreach_request",
                  "record_profile_state", "record_profile"):
        op.drop_table(table)
