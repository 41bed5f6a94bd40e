"""Intake and the pipeline on PostgreSQL: every test of tests/bot's worker (claims, retries,
failures), duplicates (same bytes, near-duplicate bands), ingest, registry import and receipts
modules, collected here so that their `ctx` is a fresh PostgreSQL database."""

from tests.bot.test_duplicates import *  # noqa: F403 (collected here, on PostgreSQL)
from tests.bot.test_ingest import *  # noqa: F403
from tests.bot.test_receipts import *  # noqa: F403
from tests.bot.test_registry import *  # noqa: F403
from tests.bot.test_worker import *  # noqa: F403


def test_the_pipeline_runs_on_postgresql(ctx):
    assert ctx.engine.dialect.name == "postgresql"
