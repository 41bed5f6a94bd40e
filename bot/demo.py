"""`diariebot demo`: a small fictional municipality, its registry imported, its copies ingested,
then served — the quickest way to see the product."""

from __future__ import annotations

from pathlib import Path

from bot.context import Context, open_context
from bot.db import session_scope
from bot.ingest import ingest_paths
from bot.registry import import_registry_csv
from bot.settings import Settings
from bot.worker import run_until_idle

DEMO_SUBMITTER = "anna.berg@exempelby.se"
DEMO_USER, DEMO_PASSWORD = "registrator", "demo-registrator"  # the demo only; printed on start


def demo_account(ctx: Context) -> None:
    """A registrar account for the demo queue, made once; a real install adds its own."""
    from bot.auth import add_user, find_user

    with session_scope(ctx.engine) as session:
        if find_user(session, DEMO_USER) is None:
            add_user(session, DEMO_USER, DEMO_PASSWORD, "registrar")
    print(f"logga in / log in: {DEMO_USER} / {DEMO_PASSWORD}")


def prepare(ctx: Context) -> Path:
    """Generate the demo municipality once, import its registry and ingest its intake files."""
    from bench.municipality import generate_demo

    source = ctx.settings.home / "demo-kommun"
    if not (source / "truth.json").exists():
        generate_demo(source)
    for name in ("cases.csv", "documents.csv"):
        with session_scope(ctx.engine) as session:
            report = import_registry_csv(session, (source / name).read_bytes(), ctx.grammar)
        print(f"{name}: {report.summary()}")
    results = ingest_paths(ctx, [source / "intake"], DEMO_SUBMITTER, channel="demo")
    print(
        f"{sum(r.created for r in results)} nya filer mottagna / new files received "
        f"({len(results)} totalt)"
    )
    return source


def run_demo(settings: Settings, host: str, port: int, serve_after: bool = True) -> int:
    ctx = open_context(settings)
    prepare(ctx)
    demo_account(ctx)
    if not serve_after:
        print(f"{run_until_idle(ctx)} steg körda / stages run")
        return 0
    from bot.web import serve

    serve(ctx, host, port, background=True)
    return 0
