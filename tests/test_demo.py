"""`diariebot demo`: the hand-written municipality is made, imported, received and processed,
with a registrar account to log in with; its queue has every confidence band, a near-duplicate,
a forwarded email, an OCR'd scan and a scan to split; running it again creates nothing new."""

import ast
from pathlib import Path

import pytest
from sqlmodel import select

from bot.auth import find_user
from bot.context import open_context
from bot.db import session_scope
from bot.demo import DEMO_USER, run_demo
from bot.demo.intake import COPIES
from bot.i18n import SEPARATOR
from bot.models import AuditEvent, Case, Item, Page, Proposal
from bot.web.reasons import untranslated

BOT = Path(__file__).resolve().parents[1] / "bot"


def _best_bands(session) -> dict[int, str]:
    best = {p.item_id: p.confidence for p in session.exec(select(Proposal).where(
        Proposal.rank == 0))}
    return {i.id: best.get(i.id, "none") for i in session.exec(select(Item).where(
        Item.state == "queued"))}


@pytest.mark.slow
def test_demo_builds_a_municipality_with_every_band_and_an_account(settings, capsys):
    assert run_demo(settings, "127.0.0.1", 0, serve_after=False) == 0
    ctx = open_context(settings)
    with session_scope(ctx.engine) as session:
        items = session.exec(select(Item)).all()
        assert len(session.exec(select(Case)).all()) == 16
        assert find_user(session, DEMO_USER) is not None
        assert set(_best_bands(session).values()) == {"high", "medium", "low", "none"}
        ocr = {p.item_id for p in session.exec(select(Page).where(Page.method != "textlayer"))}
        pages = {i.id: len(session.exec(select(Page).where(Page.item_id == i.id)).all())
                 for i in items}
    assert not [i for i in items if i.state in ("received", "unpacked", "extracted", "matched")]
    assert [i for i in items if i.state == "duplicate" and i.duplicate_of]  # the rescanned letter
    assert [i for i in items if i.parent_id and i.media_type == "message/rfc822"]  # the forward
    assert {i.filename for i in items if i.id in ocr} >= {"skanning-0001.png", "IMG_2041.jpg"}
    assert any(pages[i.id] == 3 and i.state == "queued" for i in items)  # two letters to split
    _every_reason_reads_in_one_language(ctx)
    assert run_demo(settings, "127.0.0.1", 0, serve_after=False) == 0
    with session_scope(ctx.engine) as session:
        assert len(session.exec(select(Item)).all()) == len(items)
    assert "demo-registrator" in capsys.readouterr().out


def _every_reason_reads_in_one_language(ctx) -> None:
    """What the pipeline stored is 'svenska / English' (one half shown), and every proposal
    reason has an English reading: nothing a registrar sees stays in the other language."""
    with session_scope(ctx.engine) as session:
        stored = [e.reason for e in session.exec(select(AuditEvent)) if e.reason]
        stored += [i.state_reason for i in session.exec(select(Item)) if i.state_reason]
        reasons = [r for p in session.exec(select(Proposal)) for r in [*p.reasons, *p.doc_reasons]]
    assert [r for r in stored if r.count(SEPARATOR) != 1] == []
    assert reasons and [r for r in reasons if untranslated(r)] == []


def test_the_demo_files_are_the_same_bytes_every_time():
    for copy in COPIES:
        assert copy.make() == copy.make(), copy.filename


def test_the_product_never_imports_bench():
    for path in BOT.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            assert not [n for n in names if n.split(".")[0] == "bench"], path
