"""Receipts and confirmation notices to submitters. Submissions that arrived before receipts
existed are marked as answered (suppressed), so upgrading never mails about old submissions.

Revision ID: 0005
Revises: 0004
"""

from datetime import UTC, datetime

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

STR = sqlmodel.sql.sqltypes.AutoString
WHEN = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "receipt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", STR(), nullable=False),
        sa.Column("kind", STR(), nullable=False),
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=True),
        sa.Column("recipient", STR(), nullable=True),
        sa.Column("state", STR(), nullable=False),
        sa.Column("reason", STR(), nullable=True),
        sa.Column("subject", STR(), nullable=False),
        sa.Column("body", STR(), nullable=False),
        sa.Column("message_id", STR(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("created_at", WHEN(), nullable=False),
        sa.Column("retry_at", WHEN(), nullable=True),
        sa.Column("sent_at", WHEN(), nullable=True),
        sa.ForeignKeyConstraint(["item_id"], ["item.id"]),
        sa.ForeignKeyConstraint(["submission_id"], ["submission.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key", name="uq_receipt_key"),
    )
    with op.batch_alter_table("receipt", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_receipt_submission_id"), ["submission_id"], unique=False
        )
        batch_op.create_index("ix_receipt_state_kind", ["state", "kind"], unique=False)
    _mark_earlier_submissions()


def _mark_earlier_submissions() -> None:
    op.execute(
        sa.text(
            "INSERT INTO receipt (key, kind, submission_id, state, reason, subject, body,"
            " attempts, created_at)"
            " SELECT 'received:' || CAST(id AS VARCHAR(20)), 'received', id, 'suppressed',"
            " :reason, '', '', 0, :now FROM submission"
        ).bindparams(
            sa.bindparam("reason", "inkom innan kvitton fanns / arrived before receipts existed"),
            sa.bindparam("now", datetime.now(UTC), type_=WHEN()),
        )
    )


def downgrade() -> None:
    op.drop_table("receipt")
