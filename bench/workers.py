"""Two (or N) worker processes at once on one queue, SQLite or PostgreSQL: a registry of 50
cases, N text-layer letters ingested, then W `process --until-idle` processes started together.
Reports the seconds, the stages per second, each worker's share, and checks that every stage of
every item ran once and the audit chain is whole.

    python -m bench.workers WORK_DIR [--items 60] [--workers 2] [--database-url URL]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from fpdf import FPDF
from sqlmodel import select

from bot.context import Context, open_context
from bot.db import session_scope
from bot.ingest import ingest_paths
from bot.models import AuditEvent
from bot.registry import import_registry_csv
from bot.settings import load_settings
from bot.states import verify_chain

ROOT = Path(__file__).resolve().parents[1]
CASES = 50
TOPICS = ["Yttrande över detaljplan", "Ansökan om bygglov", "Begäran om allmän handling",
          "Synpunkter på trafiken", "Svar på remiss", "Anmälan om tillsyn"]


def _registry(ctx: Context) -> None:
    rows = ["case_number,title,board,opened,status,handler"]
    docs = ["case_number,doc_number,date,direction,counterpart,description"]
    for n in range(1, CASES + 1):
        topic = TOPICS[n % len(TOPICS)]
        rows.append(f"KS 2021/{n:04d},{topic} kvarter {n},Kommunstyrelsen,2021-01-01,,Karin Lund")
        docs.append(f"KS 2021/{n:04d},1,2021-02-01,incoming,Bolag {n} AB,{topic}")
    for data in ("\n".join(rows), "\n".join(docs)):
        with session_scope(ctx.engine) as session:
            import_registry_csv(session, data.encode(), ctx.grammar)


def _letter(n: int) -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    case = n % CASES + 1
    for line in (f"Bolag {case} AB", f"{TOPICS[case % len(TOPICS)]} kvarter {case}",
                 f"Dnr KS 2021/{case:04d}", f"Skrivelse {n}: vi hör av oss vecka {n % 52 + 1}."):
        pdf.cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _prepare(work: Path, items: int, url: str | None) -> Context:
    shutil.rmtree(work, ignore_errors=True)
    home, inbox = work / "home", work / "in"
    home.mkdir(parents=True)
    inbox.mkdir()
    if url:
        (home / "diariebot.toml").write_text(f"database_url = {json.dumps(url)}\n")
    ctx = open_context(load_settings(home=home))
    _registry(ctx)
    paths = []
    for n in range(items):
        paths.append(inbox / f"brev-{n:04d}.pdf")
        paths[-1].write_bytes(_letter(n))
    ingest_paths(ctx, paths, "anna.berg@exempelby.se")
    return ctx


def _run_workers(home: Path, workers: int) -> tuple[float, list[int]]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OMP_THREAD_LIMIT": "1"}
    began = time.monotonic()
    procs = [subprocess.Popen([sys.executable, "-m", "bot", "--home", str(home), "process",
                               "--until-idle", "--wait", "300"], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(workers)]
    outs = [p.communicate(timeout=3600) for p in procs]
    seconds = time.monotonic() - began
    if any(p.returncode for p in procs):
        raise SystemExit("a worker failed: " + " | ".join(err[-500:] for _, err in outs))
    return seconds, [int(re.search(r"(\d+) steg", out).group(1)) for out, _ in outs]  # type: ignore[union-attr]


def _checks(ctx: Context) -> dict[str, Any]:
    with session_scope(ctx.engine) as session:
        events = session.exec(select(AuditEvent)).all()
        broken = verify_chain(session)
    moves = Counter((e.item_id, e.from_state) for e in events
                    if e.action == "transition" and e.actor.startswith("worker"))
    return {"stage_runs_recorded": sum(moves.values()),
            "stages_run_twice": sum(1 for n in moves.values() if n > 1),
            "discarded": sum(1 for e in events if e.action == "discarded"),
            "audit_chain_intact": broken is None}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("work", type=Path, help="scratch folder (emptied)")
    parser.add_argument("--items", type=int, default=60, help="letters ingested")
    parser.add_argument("--workers", type=int, default=2, help="worker processes at once")
    parser.add_argument("--database-url", help="an empty PostgreSQL database (default SQLite)")
    args = parser.parse_args()
    ctx = _prepare(args.work, args.items, args.database_url)
    seconds, runs = _run_workers(ctx.settings.home, args.workers)
    report = {"database": ctx.engine.dialect.name, "items": args.items,
              "workers": args.workers, "seconds": round(seconds, 2), "stages": sum(runs),
              "stages_per_second": round(sum(runs) / seconds, 1), "per_worker": runs,
              **_checks(ctx)}
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
