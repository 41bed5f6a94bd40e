"""Organisation accounts (OpenID Connect): the provider's subject of an account, unique.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

STR = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.add_column(sa.Column("oidc_subject", STR(), nullable=True))
        batch_op.create_index(batch_op.f("ix_user_account_oidc_subject"), ["oidc_subject"],
                              unique=True)


def downgrade() -> None:
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_user_account_oidc_subject"))
        batch_op.drop_column("oidc_subject")
