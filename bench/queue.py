"""The registrar's queue at the size of a real municipality: 100,000 items and 500,000 registry
document records, and the server time (p50, p95) of the queue list, the item page, a
confirmation and search-as-you-type; then the registrar's day (bench/queue_day.py): an item's
first and warm view with its picture, logging in, adding an account, bulk-confirming 100.
Items are inserted directly in bulk; nothing is OCR'd.

    python -m bench.queue WORK_DIR [--items 100000] [--documents 500000] [--samples 200]

WORK_DIR keeps the database, so a second run measures again without rebuilding."""

from __future__ import annotations

import argparse
import asyncio
import math
import random
import re
import statistics
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from aiohttp.typedefs import Handler, Middleware
from sqlalchemy import func, insert
from sqlmodel import Session, select

from bench import queue_day
from bench.municipality import registry_only
from bot.auth import add_user
from bot.context import Context, open_context
from bot.db import session_scope
from bot.models import AuditEvent, Case, Item, Page, Proposal, RegistryDocument, Submission
from bot.registry import import_registry_csv
from bot.settings import load_settings
from bot.web import make_app
from bot.web.facets import SyncState, sync

GOALS_MS = {"queue list": 100.0, "item view": 150.0, "confirm": 50.0, "search as you type": 100.0}
CHANNELS = ("mail", "mail", "mail", "scan", "chat", "cli")
STATES = ("queued",) * 18 + ("confirmed", "rejected")
BATCH = 5000
PASSWORD = "bänk-lösenord-123"
Rows = dict[str, list[dict[str, Any]]]


def build_registry(ctx: Context, work: Path, documents: int) -> float:
    """The surviving registry, generated and imported the ordinary way; seconds taken."""
    source = registry_only(work / "registry", seed=4242, cases=documents // 5, documents=documents)
    started = time.perf_counter()
    for name in ("cases.csv", "documents.csv"):
        with session_scope(ctx.engine) as session:
            import_registry_csv(session, (source / name).read_bytes(), ctx.grammar)
    return time.perf_counter() - started


def _registry(session: Session) -> tuple[list[Case], dict[int, list[int]]]:
    cases = list(session.exec(select(Case)).all())
    docs: dict[int, list[int]] = {}
    for doc_id, case_id in session.exec(select(RegistryDocument.id, RegistryDocument.case_id)):
        docs.setdefault(case_id, []).append(doc_id or 0)
    return cases, docs


def _proposal(item_id: int, rank: int, case: Case, docs: list[int], score: float,
              text: str, rng: random.Random) -> dict[str, Any]:
    start = text.find(case.case_number)
    evidence = ([{"source": "text", "where": "sida 1", "start": start,
                  "end": start + len(case.case_number), "text": case.case_number}]
                if start >= 0 else [{"source": "text", "kind": "title", "text": case.title[:20]}])
    band = "high" if score >= 0.9 else "medium" if score >= 0.6 else "low"
    return {"item_id": item_id, "rank": rank, "case_id": case.id, "score": round(score, 4),
            "document_id": rng.choice(docs) if docs else None, "confidence": band,
            "reasons": [f"diarienummer {case.case_number} i sida 1"], "evidence": evidence}


def _one_item(item_id: int, rng: random.Random, cases: list[Case], docs: dict[int, list[int]],
              rows: Rows, now: datetime) -> None:
    case = rng.choice(cases)
    with_number = rng.random() < 0.65
    text = (f"{case.title}\n" + (f"Dnr {case.case_number}\n" if with_number else "")
            + "Härmed översänds handlingen för kännedom. " * 4)
    received = now - timedelta(minutes=rng.randint(0, 500_000))
    rows["submission"].append({"id": item_id, "channel": rng.choice(CHANNELS),
                               "source_ref": f"bench:{item_id}", "received_at": received,
                               "submitter": f"person{rng.randint(1, 500)}@exempelby.se",
                               "meta": {}})
    rows["item"].append({"id": item_id, "submission_id": item_id, "position": 0, "meta": {},
                         "filename": f"handling-{item_id}.pdf", "media_type": "application/pdf",
                         "sha256": f"{item_id:064x}", "size": 40_000, "attempts": 0,
                         "state": rng.choice(STATES), "created_at": received,
                         "updated_at": received + timedelta(minutes=3)})
    rows["page"].append({"item_id": item_id, "number": 1, "text": text, "method": "textlayer",
                         "seconds": 0.0, "steps": {}})
    score = rng.choice((rng.uniform(0.9, 0.99), rng.uniform(0.6, 0.9), rng.uniform(0.05, 0.6)))
    rows["proposal"].append(_proposal(item_id, 0, case, docs.get(case.id or 0, []), score, text,
                                      rng))
    for rank in range(1, rng.randint(1, 3)):
        other = rng.choice(cases)
        rows["proposal"].append(_proposal(item_id, rank, other, docs.get(other.id or 0, []),
                                          score * rng.uniform(0.1, 0.5), text, rng))
    rows["audit_event"].append({"item_id": item_id, "actor": "bench", "action": "received",
                                "to_state": "queued", "at": received, "prev_hash": "",
                                "hash": ""})


MODELS = {"submission": Submission, "item": Item, "page": Page, "proposal": Proposal,
          "audit_event": AuditEvent}


def build_items(ctx: Context, items: int, seed: int = 7) -> float:
    """`items` submissions with one queued (or decided) item each, their page and proposals."""
    started, rng, now = time.perf_counter(), random.Random(seed), datetime.now(UTC)
    with session_scope(ctx.engine) as session:
        cases, docs = _registry(session)
    for first in range(1, items + 1, BATCH):
        rows: Rows = {name: [] for name in MODELS}
        for item_id in range(first, min(items, first + BATCH - 1) + 1):
            _one_item(item_id, rng, cases, docs, rows, now)
        with session_scope(ctx.engine) as session:
            for name, model in MODELS.items():
                session.execute(insert(model), rows[name])
    return time.perf_counter() - started


def timing(times: list[float]) -> Middleware:
    """Server time of each request: from the first middleware in to the response out."""

    @web.middleware
    async def timer(request: web.Request, handler: Handler) -> web.StreamResponse:
        started = time.perf_counter()
        try:
            return await handler(request)
        finally:
            times.append(time.perf_counter() - started)

    return timer


def _list_urls(session: Session, rng: random.Random) -> list[str]:
    board, year = session.exec(select(Case.board_key, Case.year).limit(1)).one()
    return ["/", "/?confidence=high", "/?channel=scan", f"/?board={board}", f"/?year={year}",
            f"/?submitter=person{rng.randint(1, 500)}@exempelby.se", "/?has_number=yes",
            "/?sort=score_desc", "/?sort=newest", "/?state=all", "/?state=confirmed",
            f"/?board={board}&year={year}&confidence=medium", "/?sort=score_asc&channel=chat"]


def _searches(cases: list[Case], rng: random.Random, n: int) -> list[str]:
    typed = []
    for _ in range(n):
        case = rng.choice(cases)
        title = [w for w in re.findall(r"\w+", case.title) if len(w) > 3] or ["plan"]
        typed += [case.case_number, case.case_number[:-2], f"{rng.choice(title)} {title[-1][:5]}"]
    return typed[:n]


async def _request(client: TestClient, method: str, url: str, data: Any = None) -> str:
    response = await client.request(method, url, data=data, allow_redirects=False)
    body = await response.read()  # the whole answer, a picture too
    assert response.status in (200, 303), (url, response.status)
    return body.decode() if response.content_type.startswith("text/") else ""


async def _run(ctx: Context, samples: int, rng: random.Random) -> dict[str, list[float]]:
    times: list[float] = []
    app = make_app(ctx, background=False)
    app.middlewares.insert(0, timing(times))
    with session_scope(ctx.engine) as session:
        cases, _ = _registry(session)
        urls = _list_urls(session, rng)
        queued = list(session.exec(select(Item.id).where(Item.state == "queued")).all())
    result: dict[str, list[float]] = {name: [] for name in GOALS_MS}
    async with TestClient(TestServer(app)) as client:
        await client.post("/login", data={"username": "bench", "password": PASSWORD})
        csrf = re.findall(r'name="csrf" value="([^"]+)"', await (await client.get("/")).text())[0]
        chosen = rng.sample(queued, 2 * samples)
        plan: list[tuple[str, str, str, dict[str, str] | None]] = [
            ("queue list", "GET", urls[i % len(urls)], None) for i in range(samples)]
        plan += [("item view", "GET", f"/items/{i}", None) for i in chosen[:samples]]
        plan += [("confirm", "POST", f"/items/{i}/confirm", {"csrf": csrf, "q": ""})
                 for i in chosen[samples:]]
        plan += [("search as you type", "GET", f"/api/search?q={q}", None)
                 for q in _searches(cases, rng, samples)]
        rng.shuffle(plan)
        for name, method, url, data in plan:
            await _request(client, method, url, data)
            result[name].append(times[-1])
        taken = set(chosen)
        unseen = [i for i in queued if i is not None and i not in taken]
        result.update(await _day(ctx, client, times, unseen, samples, rng))
    return result


async def _day(ctx: Context, client: TestClient, times: list[float], unseen: list[int],
               samples: int, rng: random.Random) -> dict[str, list[float]]:
    """The registrar's day: views with pictures, accounts, bulk confirmation of 100."""
    views = min(samples, 50)
    picked = rng.sample(unseen, 2 * views)
    queue_day.with_originals(ctx, picked[:views], rendered=True)
    queue_day.with_originals(ctx, picked[views:], rendered=False)
    queue_day.ensure_admin(ctx, PASSWORD)
    found = await queue_day.views(client, times, picked[:views], picked[views:], _request)
    found.update(await queue_day.accounts(client, times, PASSWORD, min(samples, 20), _request))
    found.update(await queue_day.bulk(client, times, max(1, min(5, samples // 40)), _request))
    return found


def report(result: dict[str, list[float]], goals: dict[str, float] | None = None) -> str:
    """p50 and p95 in ms per kind of request, against its goal (p95) where it has one."""
    goals = {**GOALS_MS, **queue_day.GOALS_MS} if goals is None else goals
    width = max([20, *(len(name) for name in result)])
    lines = [f"{'request':<{width}} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'goal ms':>8}  ok",
             "-" * (width + 38)]
    for name, values in result.items():
        ordered = sorted(values)
        p50 = 1000 * statistics.median(ordered)
        p95 = 1000 * ordered[math.ceil(0.95 * len(ordered)) - 1]  # nearest rank
        goal = goals.get(name)
        ok = "-" if goal is None else "yes" if p95 < goal else "NO"
        shown = "-" if goal is None else f"{goal:.0f}"
        lines.append(f"{name:<{width}} {len(values):>5} {p50:>8.1f} {p95:>8.1f} {shown:>8}  {ok}")
    return "\n".join(lines)


def prepare(work: Path, items: int, documents: int) -> Context:
    ctx = open_context(load_settings(work / "home"))
    with session_scope(ctx.engine) as session:
        have = session.exec(select(func.count()).select_from(Item)).one()
    if have == 0:
        print(f"registry import: {build_registry(ctx, work, documents):.1f} s", flush=True)
        print(f"{items} items inserted: {build_items(ctx, items):.1f} s", flush=True)
        with session_scope(ctx.engine) as session:
            add_user(session, "bench", PASSWORD, "registrar")
    started = time.perf_counter()
    with session_scope(ctx.engine) as session:
        synced = sync(session, SyncState())
    print(f"first facet sync ({synced} items): {time.perf_counter() - started:.1f} s", flush=True)
    return ctx


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.queue", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("work", type=Path, help="working folder (kept between runs)")
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--documents", type=int, default=500_000)
    parser.add_argument("--samples", type=int, default=200, help="requests per kind")
    args = parser.parse_args(argv)
    ctx = prepare(args.work, args.items, args.documents)
    print(report(asyncio.run(_run(ctx, args.samples, random.Random(11)))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
