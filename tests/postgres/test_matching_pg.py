"""Matching on PostgreSQL: every test of tests/bot/test_matching_index.py (the case index
rebuilt at each registry import, ranking by rare shared words, properties, query terms,
re-imports seen by other processes) and of tests/bot/test_matching_engine.py (proposals from
numbers, sub-numbers, dates, OCR-mangled numbers, threads), collected here on a fresh
PostgreSQL database, where case_search is a plain table (migration 0015) instead of FTS5."""

from tests.bot.test_matching_engine import *  # noqa: F403 (collected here, on PostgreSQL)
from tests.bot.test_matching_index import *  # noqa: F403


def test_the_index_is_on_postgresql(ctx):
    assert ctx.engine.dialect.name == "postgresql"
