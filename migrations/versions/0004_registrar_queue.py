"""The registrar's queue: accounts, sessions, login attempts, queue facets, undo links, and
indexes for finding recently changed items and an item's duplicates.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

STR = sqlmodel.sql.sqltypes.AutoString
WHEN = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "user_account",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", STR(), nullable=False),
        sa.Column("password_hash", STR(), nullable=False),
        sa.Column("role", STR(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", WHEN(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_user_account_username"), ["username"], unique=True)

    op.create_table(
        "web_session",
        sa.Column("id", STR(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("csrf_token", STR(), nullable=False),
        sa.Column("created_at", WHEN(), nullable=False),
        sa.Column("expires_at", WHEN(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("web_session", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_web_session_user_id"), ["user_id"], unique=False)

    op.create_table(
        "login_attempt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", STR(), nullable=False),
        sa.Column("remote", STR(), nullable=False),
        sa.Column("success", sa.Boolean(), nullable=False),
        sa.Column("at", WHEN(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("login_attempt", schema=None) as batch_op:
        batch_op.create_index("ix_login_attempt_username_at", ["username", "at"], unique=False)
        batch_op.create_index("ix_login_attempt_remote_at", ["remote", "at"], unique=False)

    _queue_entry()
    _item_and_decision()


def _queue_entry() -> None:
    op.create_table(
        "queue_entry",
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("state", STR(), nullable=False),
        sa.Column("confidence", STR(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("board", STR(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("channel", STR(), nullable=False),
        sa.Column("submitter", STR(), nullable=False),
        sa.Column("has_number", sa.Boolean(), nullable=False),
        sa.Column("synced_at", WHEN(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["case.id"]),
        sa.ForeignKeyConstraint(["item_id"], ["item.id"]),
        sa.PrimaryKeyConstraint("item_id"),
    )
    with op.batch_alter_table("queue_entry", schema=None) as batch_op:
        batch_op.create_index("ix_queue_entry_state", ["state", "item_id"], unique=False)
        batch_op.create_index(
            "ix_queue_entry_confidence", ["state", "confidence", "item_id"], unique=False
        )
        batch_op.create_index("ix_queue_entry_score", ["state", "score", "item_id"], unique=False)
        batch_op.create_index("ix_queue_entry_board", ["state", "board", "year"], unique=False)
        batch_op.create_index("ix_queue_entry_channel", ["state", "channel"], unique=False)
        batch_op.create_index("ix_queue_entry_submitter", ["state", "submitter"], unique=False)
        batch_op.create_index("ix_queue_entry_case", ["case_id", "item_id"], unique=False)
        batch_op.create_index("ix_queue_entry_facets", ["state", "confidence", "has_number",
                              "channel", "board", "year", "submitter"], unique=False)


def _item_and_decision() -> None:
    with op.batch_alter_table("item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_item_updated_at"), ["updated_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_item_duplicate_of"), ["duplicate_of"], unique=False)
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.add_column(sa.Column("undoes_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key("fk_decision_undoes_id", "decision", ["undoes_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.drop_constraint("fk_decision_undoes_id", type_="foreignkey")
        batch_op.drop_column("undoes_id")
    with op.batch_alter_table("item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_item_duplicate_of"))
        batch_op.drop_index(batch_op.f("ix_item_updated_at"))
    op.drop_table("queue_entry")
    op.drop_table("login_attempt")
    op.drop_table("web_session")
    op.drop_table("user_account")
