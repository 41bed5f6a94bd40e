"""PDF pages are read in a bounded child, through the real pipeline: a PDF whose content stream
inflates to 256 MB (4 GB took a worker to 5.4 GB) and one with a 5-metre page fail with a
reason at the child's memory bound, the worker's own memory unmoved, and the letter sent with
them is read as usual; a reader dies with the worker that started it."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlmodel import select

from bench.hostile_files import pdf_flate_bomb, pdf_huge_media_box
from bot.db import session_scope
from bot.ingest import ingest_paths
from bot.models import Item
from bot.worker import run_until_idle
from tests.conftest import make_pdf
from tests.hostile.conftest import ROOT, open_home, wait_for


def _peak_mb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def test_a_flate_bomb_and_a_huge_page_fail_in_the_child_not_the_worker(home):
    with (home / "diariebot.toml").open("a") as toml:
        toml.write("read_memory_mb = 600\n")
    folder = home.parent / "in"
    folder.mkdir()
    (folder / "bomb.pdf").write_bytes(pdf_flate_bomb(256))
    (folder / "stor.pdf").write_bytes(pdf_huge_media_box())
    (folder / "brev.pdf").write_bytes(make_pdf(["Yttrande", "Dnr KS 2021/0456-2"]))
    ctx = open_home(home)
    ingest_paths(ctx, [folder], "anna.berg@exempelby.se")
    before = _peak_mb()
    run_until_idle(ctx)
    assert _peak_mb() - before < 100  # reading the bomb here took 700 MB more
    with session_scope(ctx.engine) as session:
        found = {i.filename: (i.state, i.state_reason or "") for i in session.exec(select(Item))}
    assert found["brev.pdf"][0] == "queued"
    for name in ("bomb.pdf", "stor.pdf"):
        state, reason = found[name]
        assert state == "failed" and "memory limit (600 MB)" in reason, (name, reason)


READER = """
import ocr
from bot import reading
from tests.conftest import make_scan
lines = [f"Rad {n} om detaljplanen för Tegelviken, Dnr KS 2021/0456-2" for n in range(40)]
scan = make_scan(lines, dpi=600)  # one page: the reader writes nothing for about 7 s
print("reading", flush=True)
reading.read(scan, "image/png", ocr.OcrOptions(workers=0), 2048, 300)
"""


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def _grandchildren(pid: int) -> list[int]:
    return [g for c in _children(pid) for g in _children(c)]


def _gone(pid: int) -> bool:
    stat = Path(f"/proc/{pid}/stat")
    return not stat.exists() or "Z" in stat.read_text().split(")")[-1][:3]


def test_a_reader_dies_with_the_worker_that_started_it(reaper):
    """The reader is forked by the worker's zygote: killing the worker ends both at once."""
    parent = subprocess.Popen([sys.executable, "-c", READER], cwd=ROOT, stdout=subprocess.PIPE,
                              env={**os.environ, "PYTHONPATH": str(ROOT)}, text=True)
    reaper.append(parent)
    assert parent.stdout is not None and parent.stdout.readline() == "reading\n"
    wait_for(lambda: _grandchildren(parent.pid), 30, "the reader forked by the zygote")
    [zygote] = _children(parent.pid)
    [reader] = _grandchildren(parent.pid)
    time.sleep(1.0)  # the reader is at work on the page
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait(10)
    wait_for(lambda: _gone(zygote) and _gone(reader), 2,
             "the zygote and the reader to die with the worker (not at the reader's next write)")
