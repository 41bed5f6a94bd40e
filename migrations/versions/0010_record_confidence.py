"""The document record's own certainty on a proposal (score, band, reasons), beside the
whole proposal's band, so a registrar sees how sure the record is, not only the case.

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

STR = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    with op.batch_alter_table("proposal", schema=None) as batch_op:
        batch_op.add_column(sa.Column("doc_score", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("doc_confidence", STR(), nullable=True))
        batch_op.add_column(
            sa.Column("doc_reasons", sa.JSON(), nullable=False, server_default="[]")
        )


def downgrade() -> None:
    with op.batch_alter_table("proposal", schema=None) as batch_op:
        batch_op.drop_column("doc_reasons")
        batch_op.drop_column("doc_confidence")
        batch_op.drop_column("doc_score")
