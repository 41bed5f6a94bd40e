"""Matching time per item at the size of a real municipality: the intake texts of a bench run
matched against a registry of 100,000 cases and 500,000 document records (OCR excluded)."""

from __future__ import annotations

import sqlite3
import statistics
import time
from pathlib import Path

from bench.municipality import registry_only
from bot.context import open_context
from bot.db import session_scope
from bot.matching.engine import score_candidates
from bot.matching.sources import Source
from bot.models import Item
from bot.registry import import_registry_csv
from bot.settings import load_settings


def _texts(home: Path, limit: int) -> list[str]:
    with sqlite3.connect(home / "diariebot.db") as db:
        rows = db.execute("SELECT group_concat(text, char(10)) FROM page GROUP BY item_id "
                          "ORDER BY item_id LIMIT ?", (limit,)).fetchall()
    return [r[0] for r in rows if r[0]]


def matching_speed(bench_home: Path, work: Path, documents: int,
                   samples: int = 300) -> dict[str, float]:
    """Seconds: registry import at scale, and the median and p95 time to match one item."""
    source = registry_only(work / "registry", seed=4242, cases=documents // 5,
                           documents=documents)
    ctx = open_context(load_settings(work / "home"))
    started = time.perf_counter()
    for name in ("cases.csv", "documents.csv"):
        with session_scope(ctx.engine) as session:
            import_registry_csv(session, (source / name).read_bytes(), ctx.grammar)
    imported = time.perf_counter() - started
    times = []
    with session_scope(ctx.engine) as session:
        for text in _texts(bench_home, samples):
            item = Item(id=0, submission_id=0, sha256="0" * 64, filename="x.pdf", meta={})
            t0 = time.perf_counter()
            score_candidates(ctx, session, item, [Source("text", "sida 1", text)])
            times.append(time.perf_counter() - t0)
    times.sort()
    return {f"registry import, {documents} documents": imported,
            "match one item, median ms": 1000 * statistics.median(times),
            "match one item, p95 ms": 1000 * times[int(0.95 * (len(times) - 1))]}
