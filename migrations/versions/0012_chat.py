"""Chat: the people who write to the bot (contacts) and the messages it writes to them.

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

STR = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        "chat_contact",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("channel", STR(), nullable=False),
        sa.Column("user_id", STR(), nullable=False),
        sa.Column("address", sa.JSON(), nullable=False),
        sa.Column("language", STR(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["user_account.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("channel", "user_id", name="uq_chat_contact"),
    )
    op.create_table(
        "chat_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", STR(), nullable=False),
        sa.Column("kind", STR(), nullable=False),
        sa.Column("channel", STR(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("item_id", sa.Integer(), nullable=True),
        sa.Column("address", sa.JSON(), nullable=False),
        sa.Column("thread", STR(), nullable=True),
        sa.Column("body", STR(), nullable=False),
        sa.Column("state", STR(), nullable=False),
        sa.Column("reason", STR(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("retry_at", sa.DateTime(), nullable=True),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("answered_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["contact_id"], ["chat_contact.id"]),
        sa.ForeignKeyConstraint(["item_id"], ["item.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key", name="uq_chat_message_key"),
    )
    op.create_index("ix_chat_message_contact_id", "chat_message", ["contact_id"])
    op.create_index("ix_chat_message_state_kind", "chat_message", ["state", "kind"])
    op.create_index("ix_chat_message_kind_item", "chat_message", ["kind", "item_id"])


def downgrade() -> None:
    op.drop_table("chat_message")
    op.drop_table("chat_contact")
