"""Pending organisation logins (OpenID Connect) in the database, by the hash of their state, so
another process, or the same one after a restart, can finish them.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

STR = sqlmodel.sql.sqltypes.AutoString
WHEN = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "oidc_flow",
        sa.Column("state_hash", STR(), nullable=False),
        sa.Column("nonce", STR(), nullable=False),
        sa.Column("verifier", STR(), nullable=False),
        sa.Column("next_path", STR(), nullable=False),
        sa.Column("redirect_uri", STR(), nullable=False),
        sa.Column("expires_at", WHEN(), nullable=False),
        sa.PrimaryKeyConstraint("state_hash"),
    )
    with op.batch_alter_table("oidc_flow", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_oidc_flow_expires_at"), ["expires_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("oidc_flow", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_oidc_flow_expires_at"))
    op.drop_table("oidc_flow")
