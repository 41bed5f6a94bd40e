"""`diariebot demo`: the demo municipality's files made (once), its registry imported, its copies
received through their channels, a registrar account, then served — the quickest way to see
the product."""

from __future__ import annotations

from pathlib import Path

from bot.context import Context, open_context
from bot.db import session_scope
from bot.demo.intake import COPIES
from bot.demo.registry import cases_csv, documents_csv
from bot.ingest import submit
from bot.registry import import_registry_csv
from bot.settings import Settings
from bot.worker import run_until_idle

DEMO_USER, DEMO_PASSWORD = "registrator", "demo-registrator"  # the demo only; printed on start


def demo_account(ctx: Context) -> None:
    """A registrar account for the demo queue, made once; a real install adds its own."""
    from bot.auth import add_user, find_user

    with session_scope(ctx.engine) as session:
        if find_user(session, DEMO_USER) is None:
            add_user(session, DEMO_USER, DEMO_PASSWORD, "registrar")
    print(f"logga in / log in: {DEMO_USER} / {DEMO_PASSWORD}")


def write_files(folder: Path) -> Path:
    """The registry exports and the intake files, written once (the same bytes every time)."""
    intake = folder / "intake"
    intake.mkdir(parents=True, exist_ok=True)
    for name, data in (("cases.csv", cases_csv), ("documents.csv", documents_csv)):
        if not (folder / name).exists():
            (folder / name).write_bytes(data())
    for copy in COPIES:
        path = intake / copy.filename
        if not path.exists():
            path.write_bytes(copy.make())
    return folder


def prepare(ctx: Context) -> Path:
    """Make the demo municipality's files, import its registry and receive its copies."""
    source = write_files(ctx.settings.home / "demo-kommun")
    for name in ("cases.csv", "documents.csv"):
        with session_scope(ctx.engine) as session:
            report = import_registry_csv(session, (source / name).read_bytes(), ctx.grammar)
        print(f"{name}: {report.summary()}")
    created = 0
    for copy in COPIES:
        result = submit(ctx, channel=copy.channel, source_ref=f"demo:{copy.filename}",
                        data=(source / "intake" / copy.filename).read_bytes(),
                        filename=copy.filename, submitter=copy.submitter)
        created += result.created
    print(f"{created} nya filer mottagna / new files received ({len(COPIES)} totalt)")
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
