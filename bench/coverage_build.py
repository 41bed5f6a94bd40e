"""The municipality `bench/coverage.py` measures: a generated registry imported the ordinary way, a
recovery campaign under way (a share of the records recovered by confirmed items over the past
year, more proposed by items waiting in the queue), a registrar, and a staff directory that gives
every handler and board secretary an address (so the outreach plans real messages)."""

from __future__ import annotations

import random
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert, update
from sqlmodel import col, select

from bench.municipality import registry_only
from bot.auth import add_user
from bot.context import Context
from bot.db import session_scope
from bot.models import Case, Decision, Item, Proposal, RegistryDocument, Submission
from bot.registry import import_registry_csv
from bot.settings import Settings

PASSWORD = "bänk-lösenord-123"
BATCH = 5000
SUBMITTERS = 800  # colleagues who sent copies in
Rows = dict[str, list[dict[str, Any]]]
MODELS = {"submission": Submission, "item": Item, "decision": Decision, "proposal": Proposal}


def build_registry(ctx: Context, work: Path, cases: int, documents: int) -> float:
    """The surviving registry, generated and imported the ordinary way; seconds taken."""
    source = registry_only(work / "registry", seed=4242, cases=cases, documents=documents)
    started = time.perf_counter()
    for name in ("cases.csv", "documents.csv"):
        with session_scope(ctx.engine) as session:
            import_registry_csv(session, (source / name).read_bytes(), ctx.grammar)
    return time.perf_counter() - started


def _item(n: int, doc: tuple[int, int], state: str, when: datetime, rows: Rows,
          rng: random.Random) -> None:
    doc_id, case_id = doc
    rows["submission"].append({"id": n, "channel": "mail", "source_ref": f"bench:{n}",
                               "received_at": when, "meta": {},
                               "submitter": f"person{rng.randint(1, SUBMITTERS)}@exempelby.se"})
    rows["item"].append({"id": n, "submission_id": n, "position": 0, "meta": {},
                         "filename": f"h-{n}.pdf", "media_type": "application/pdf",
                         "sha256": f"{n:064x}", "size": 40_000, "attempts": 0, "state": state,
                         "created_at": when, "updated_at": when})
    score = rng.uniform(0.6, 0.99)
    rows["proposal"].append({"item_id": n, "rank": 0, "case_id": case_id, "document_id": doc_id,
                             "score": score, "confidence": "high" if score > 0.9 else "medium",
                             "reasons": [], "doc_reasons": [], "evidence": []})
    if state == "confirmed":
        rows["decision"].append({"item_id": n, "actor": "bench", "action": "confirm",
                                 "case_id": case_id, "document_id": doc_id,
                                 "at": when + timedelta(hours=rng.randint(1, 72))})


def _write(ctx: Context, rows: Rows) -> None:
    with session_scope(ctx.engine) as session:
        for name, model in MODELS.items():
            if rows[name]:
                session.execute(insert(model), rows[name])


def _mark_recovered(ctx: Context, done: list[tuple[int, int]]) -> None:
    with session_scope(ctx.engine) as session:
        for first in range(0, len(done), BATCH):
            ids = [d for d, _ in done[first:first + BATCH]]
            session.execute(update(RegistryDocument).where(col(RegistryDocument.id).in_(ids))
                            .values(file_status="recovered"))


def build_campaign(ctx: Context, recovered: float, queued: int, seed: int = 7) -> float:
    """Confirmed items recovering `recovered` of the records over the past year, and `queued`
    items waiting with proposals for missing ones; seconds taken."""
    started, rng, now = time.perf_counter(), random.Random(seed), datetime.now(UTC)
    with session_scope(ctx.engine) as session:
        docs = [(d or 0, c) for d, c in session.exec(select(RegistryDocument.id,
                                                            RegistryDocument.case_id)).all()]
    rng.shuffle(docs)
    done = docs[:int(len(docs) * recovered)]
    waiting = docs[len(done):len(done) + queued]
    plan = [(d, "confirmed") for d in done] + [(d, "queued") for d in waiting]
    for first in range(0, len(plan), BATCH):
        rows: Rows = {name: [] for name in MODELS}
        for n, (doc, state) in enumerate(plan[first:first + BATCH], start=first + 1):
            _item(n, doc, state, now - timedelta(days=rng.uniform(0, 365)), rows, rng)
        _write(ctx, rows)
    _mark_recovered(ctx, done)
    with session_scope(ctx.engine) as session:
        add_user(session, "bench", PASSWORD, "registrar")
    return time.perf_counter() - started


def staff_directory(ctx: Context) -> None:
    """Every handler and every board's secretary gets an address, as a municipality configures
    `staff_addresses` and `board_secretaries`; requests name the intake address."""
    with session_scope(ctx.engine) as session:
        handlers = session.exec(select(Case.handler).distinct()).all()
        boards = session.exec(select(Case.board_key).distinct()).all()
    settings: Settings = ctx.settings
    settings.intake_address = "diariet@exempelby.se"
    settings.staff_addresses = {h: f"staff{i}@exempelby.se" for i, h in enumerate(handlers) if h}
    settings.board_secretaries = {b: f"kansli.{b.lower()}@exempelby.se" for b in boards}
