"""Exports back to the registry and the e-archive (runs and a per-target ledger, so exports are
incremental and idempotent) and backup runs (the admin page shows the last good one).

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

STR = sqlmodel.sql.sqltypes.AutoString
WHEN = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "export_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("target", STR(), nullable=False),
        sa.Column("actor", STR(), nullable=False),
        sa.Column("started_at", WHEN(), nullable=False),
        sa.Column("finished_at", WHEN(), nullable=True),
        sa.Column("files", sa.Integer(), nullable=False),
        sa.Column("failed", sa.Integer(), nullable=False),
        sa.Column("location", STR(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_export_run_target", "export_run", ["target"])
    op.create_table(
        "export_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("target", STR(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("state", STR(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("error", STR(), nullable=True),
        sa.Column("remote_ref", STR(), nullable=True),
        sa.Column("at", WHEN(), nullable=False),
        sa.ForeignKeyConstraint(["item_id"], ["item.id"]),
        sa.ForeignKeyConstraint(["run_id"], ["export_run.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("target", "item_id", name="uq_export_entry"),
    )
    op.create_index("ix_export_entry_target", "export_entry", ["target"])
    op.create_index("ix_export_entry_item_id", "export_entry", ["item_id"])
    op.create_index("ix_export_entry_run_id", "export_entry", ["run_id"])
    op.create_table(
        "backup_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("location", STR(), nullable=False),
        sa.Column("kind", STR(), nullable=False),
        sa.Column("ok", sa.Boolean(), nullable=False),
        sa.Column("error", STR(), nullable=True),
        sa.Column("blobs", sa.Integer(), nullable=False),
        sa.Column("bytes", sa.Integer(), nullable=False),
        sa.Column("started_at", WHEN(), nullable=False),
        sa.Column("finished_at", WHEN(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    op.drop_table("backup_run")
    op.drop_index("ix_export_entry_run_id", table_name="export_entry")
    op.drop_index("ix_export_entry_item_id", table_name="export_entry")
    op.drop_index("ix_export_entry_target", table_name="export_entry")
    op.drop_table("export_entry")
    op.drop_index("ix_export_run_target", table_name="export_run")
    op.drop_table("export_run")
