"""PDF pages are read in a bounded child, through the real pipeline: a PDF whose content stream
inflates to 256 MB (4 GB took a worker to 5.4 GB) and one with a 5-metre page fail with a
reason at the child's memory bound, the worker's own memory unmoved, and the letter sent with
them is read as usual."""

from __future__ import annotations

import resource

from sqlmodel import select

from bench.hostile_files import pdf_flate_bomb, pdf_huge_media_box
from bot.db import session_scope
from bot.ingest import ingest_paths
from bot.models import Item
from bot.worker import run_until_idle
from tests.conftest import make_pdf
from tests.hostile.conftest import open_home


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
