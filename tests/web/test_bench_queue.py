"""bench/queue.py still runs end to end (tiny: a few items on the test registry)."""

from __future__ import annotations

import random

from bench.queue import GOALS_MS, PASSWORD, _run, build_items, report
from bot.auth import add_user
from bot.db import session_scope


async def test_the_queue_benchmark_measures_every_kind_of_request(registry):
    build_items(registry, 60)
    with session_scope(registry.engine) as session:
        add_user(session, "bench", PASSWORD, "registrar")
    result = await _run(registry, 5, random.Random(1))
    assert {name: len(v) for name, v in result.items()} == {
        **dict.fromkeys(GOALS_MS, 5), "item first view": 5, "item warm view": 5,
        "item first view, rendered on request": 5, "login": 5, "add user": 5,
        "bulk page (100 rows)": 1, "bulk confirm of 100": 1}
    assert "queue list" in report(result) and "item first view" in report(result)
