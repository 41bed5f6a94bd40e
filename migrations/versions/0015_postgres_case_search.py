"""PostgreSQL: the case index, a plain table of each case's indexed words (what SQLite keeps in
its FTS5 table case_search, same name and columns, so matching reads both alike) with a GIN
index over its words as a tsvector for the registrar's search; and the chat tables' times as
timestamps with time zone, as the models declare (0012 made them without: PostgreSQL then kept
the session's local time). SQLite: nothing to do.

Revision ID: 0015
Revises: 0014
"""

from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


CHAT_TIMES = {"chat_contact": ["updated_at"],
              "chat_message": ["created_at", "retry_at", "sent_at", "answered_at"]}


def _chat_times(kind: str) -> None:
    """Without USING, PostgreSQL reads the stored local times in the session's time zone."""
    for table, columns in CHAT_TIMES.items():
        for column in columns:
            op.execute(f"ALTER TABLE {table} ALTER COLUMN {column} TYPE {kind}")


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    _chat_times("TIMESTAMP WITH TIME ZONE")
    op.execute("CREATE TABLE case_search (rowid INTEGER PRIMARY KEY, body TEXT NOT NULL)")
    op.execute("CREATE INDEX ix_case_search_words ON case_search"
               " USING gin (to_tsvector('simple', body))")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TABLE case_search")
        _chat_times("TIMESTAMP WITHOUT TIME ZONE")
