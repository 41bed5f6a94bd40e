"""Exports and backups at the size of a recovery in progress: N confirmed items with distinct
originals of a given size, then the seconds and files per second of a manifest export, an FGS
package, a second (empty) export, a full backup, an incremental one after 10% more, verify and
restore, with the peak memory of this process.

    python -m bench.keeping WORK_DIR [--items 2000] [--kib 200]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlmodel import select

from bot.backup.restore import restore_bundle
from bot.backup.verify import verify_bundle
from bot.backup.write import write_backup
from bot.context import Context, open_context
from bot.db import session_scope
from bot.decisions import bulk_confirm
from bot.export.run import export_folder
from bot.models import Case, Item, Proposal, RegistryDocument, Submission
from bot.registry import import_registry_csv
from bot.settings import load_settings
from bot.states import QUEUED


def _registry(ctx: Context, cases: int) -> None:
    rows = ["case_number,title,board,opened,status,handler"]
    docs = ["case_number,doc_number,date,direction,counterpart,description"]
    for n in range(1, cases + 1):
        rows.append(f"KS 2021/{n:04d},Ärende {n},Kommunstyrelsen,2021-01-01,pågående,Karin Lund")
        docs.append(f"KS 2021/{n:04d},1,2021-02-01,incoming,Bolag {n} AB,Skrivelse")
    for data in ("\n".join(rows), "\n".join(docs)):
        with session_scope(ctx.engine) as session:
            import_registry_csv(session, data.encode(), ctx.grammar)


def _items(ctx: Context, count: int, kib: int, rng: random.Random) -> list[int]:
    with session_scope(ctx.engine) as session:
        docs = list(session.exec(select(RegistryDocument)).all())
        ids = []
        for n in range(count):
            data = rng.randbytes(kib * 1024)
            sub = Submission(channel="mail", source_ref=f"bench:{uuid.uuid4()}",
                             submitter="anna@exempelby.se")
            session.add(sub)
            session.flush()
            item = Item(submission_id=sub.id or 0, filename=f"brev {n}.pdf", size=len(data),
                        media_type="application/pdf", sha256=ctx.blobs.put(data), state=QUEUED)
            session.add(item)
            session.flush()
            doc = docs[n % len(docs)]
            session.add(Proposal(item_id=item.id or 0, case_id=doc.case_id, document_id=doc.id,
                                 score=0.99, confidence="high"))
            ids.append(item.id or 0)
    with session_scope(ctx.engine) as session:
        bulk_confirm(session, ids, "bench")
    return ids


def _timed(label: str, count: int, step: Callable[[], Any], out: list[str]) -> Any:
    start = time.perf_counter()
    result = step()
    seconds = time.perf_counter() - start
    rate = f"{count / seconds:,.0f} files/s" if count and seconds else "-"
    out.append(f"| {label} | {count} | {seconds:.2f} | {rate} |")
    return result


def run(work: Path, items: int, kib: int) -> list[str]:
    shutil.rmtree(work, ignore_errors=True)
    ctx = open_context(load_settings(home=work / "home"))
    rng = random.Random(7)
    _registry(ctx, max(items // 3, 1))
    _items(ctx, items, kib, rng)
    out = ["| step | files | seconds | rate |", "|---|---|---|---|"]
    _timed("export manifest", items, lambda: export_folder(ctx, work / "ut", "manifest"), out)
    _timed("export FGS package", items, lambda: export_folder(ctx, work / "arkiv", "fgs"), out)
    _timed("export again (nothing new)", 0, lambda: export_folder(ctx, work / "arkiv", "fgs"),
           out)
    _timed("backup, full", items, lambda: write_backup(ctx.settings, work / "kopior"), out)
    more = max(items // 10, 1)
    _items(ctx, more, kib, rng)
    _timed("backup, incremental (+10%)", more,
           lambda: write_backup(ctx.settings, work / "kopior"), out)
    report = _timed("verify (newest + base)", items + more,
                    lambda: verify_bundle(work / "kopior"), out)
    assert report.ok, report.problems
    _timed("restore", items + more, lambda: restore_bundle(work / "kopior", work / "ny"), out)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out.append(f"\npeak memory of the process: {peak:.0f} MB; originals {kib} KiB each")
    with session_scope(ctx.engine) as session:
        assert len(session.exec(select(Case)).all()) >= 1
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("work", type=Path)
    parser.add_argument("--items", type=int, default=2000)
    parser.add_argument("--kib", type=int, default=200)
    args = parser.parse_args()
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    print("\n".join(run(args.work, args.items, args.kib)))


if __name__ == "__main__":
    main()
