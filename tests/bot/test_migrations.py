"""The Alembic migrations and the sqlmodel tables describe the same schema."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlmodel import SQLModel

from bot.db import alembic_config, migrate, open_engine


def _not_search_index(name, type_, _parent):
    return not (type_ == "table" and name and name.startswith("case_search"))


def test_migrations_match_models(tmp_path):
    engine = open_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_name": _not_search_index})
        diff = compare_metadata(context, SQLModel.metadata)
    assert diff == []


def test_migrating_twice_is_harmless(tmp_path):
    engine = open_engine(f"sqlite:///{tmp_path / 'x.db'}")
    migrate(engine)
    with engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_revision()
    assert current == ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


def test_sqlite_runs_in_wal_mode(tmp_path):
    engine = open_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
