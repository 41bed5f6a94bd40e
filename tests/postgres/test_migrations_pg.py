"""The migrations on a real PostgreSQL: an empty database upgrades to head, the result agrees
with the sqlmodel tables, and upgrading again changes nothing."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlmodel import SQLModel

from bot.db import alembic_config, migrate, open_engine
from tests.bot.test_migrations import _not_search_index


def test_empty_database_upgrades_to_head(pg_empty_url):
    engine = open_engine(pg_empty_url)
    assert engine.dialect.name == "postgresql"
    with engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_revision()
    assert current == ScriptDirectory.from_config(alembic_config(pg_empty_url)).get_current_head()
    tables = set(inspect(engine).get_table_names())
    assert set(SQLModel.metadata.tables) <= tables
    assert "case_search" in tables


def test_migrations_match_models_on_postgresql(pg_empty_url):
    engine = open_engine(pg_empty_url)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_name": _not_search_index})
        diff = compare_metadata(context, SQLModel.metadata)
    assert diff == []


def test_migrating_twice_is_harmless_on_postgresql(pg_empty_url):
    engine = open_engine(pg_empty_url)
    migrate(engine)
    with engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_revision()
    assert current == ScriptDirectory.from_config(alembic_config(pg_empty_url)).get_current_head()
