"""Done when (issue 16), part one: a 40-page batch dropped in the scan folder becomes the right
queued documents with no manual step (real Tesseract; pages at 150 dpi to keep CI's time
reasonable). Part two, the protocol by mail, is tests/connectors/test_split_mail.py."""

from __future__ import annotations

import io
import os
import random
import time

import pypdfium2
import pytest
from sqlmodel import select

from bench import batches
from bench.degrade import ScanJob, make_scan
from bench.municipality import write_registry
from bench.registry import iter_registry
from bot.db import session_scope
from bot.intake import run_connector
from bot.models import Case, Item, Proposal, RegistryDocument
from bot.registry import import_registry_csv
from bot.worker import run_until_idle
from connectors.folder import FolderConnector

pytestmark = pytest.mark.slow


def _registry(ctx, tmp_path, seed: int, make=None):
    registry = list(iter_registry(seed, 300, 1200))
    made = make(registry) if make else None
    write_registry(tmp_path / "reg", registry, keep=False)
    for name in ("cases.csv", "documents.csv"):
        with session_scope(ctx.engine) as session:
            import_registry_csv(session, (tmp_path / "reg" / name).read_bytes(), ctx.grammar)
    return registry, made


def _jpeg_pages(pdf: bytes, seed: int, dpi: int) -> list[bytes]:
    """The batch as a copier sends it page by page: one degraded JPEG per page."""
    scanned = pypdfium2.PdfDocument(make_scan(ScanJob(pdf, seed, dpi, "pdf")))
    pages = []
    for index in range(len(scanned)):
        image = scanned[index].render(scale=dpi / 72, grayscale=True).to_pil()
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=80, dpi=(dpi, dpi))
        pages.append(buffer.getvalue())
    return pages


def _best(session, item: Item) -> tuple[str, int | None, str] | None:
    proposal = session.exec(select(Proposal).where(Proposal.item_id == item.id)
                            .order_by(Proposal.rank)).first()
    if proposal is None:
        return None
    doc = session.get(RegistryDocument, proposal.document_id) if proposal.document_id else None
    case = session.get(Case, proposal.case_id)
    return case.case_number, doc.doc_number if doc else None, proposal.confidence


def test_a_40_page_batch_dropped_in_the_scan_folder_becomes_its_7_documents(ctx, tmp_path):
    rng = random.Random(1616)
    registry, _ = _registry(ctx, tmp_path, 1616)
    batch = batches.make(rng, batches.pick_records(rng, registry, 7), "cover", 34)
    assert batch.page_count == 40 and len(batch.set_aside) == 6
    share = tmp_path / "skanner" / "plan3"
    share.mkdir(parents=True)
    old = time.time() - 60
    for n, data in enumerate(_jpeg_pages(batch.pdf, 16, 150), start=1):
        path = share / f"SKMBT_C36421031512340_{n:04d}.jpg"
        path.write_bytes(data)
        os.utime(path, (old, old))
    connector = FolderConnector("skanner", {"type": "folder", "path": str(tmp_path / "skanner"),
                                            "subfolders": "device", "recheck_seconds": 0})
    assert run_connector(ctx, connector).created == 1
    run_until_idle(ctx)
    with session_scope(ctx.engine) as session:
        (parent,) = session.exec(select(Item).where(Item.parent_id.is_(None))).all()
        parts = session.exec(select(Item).where(Item.parent_id == parent.id)
                             .order_by(Item.position)).all()
        assert parent.state == "split"
        assert [a["page"] for a in parent.meta["set_aside"]] == batch.set_aside
        assert [tuple(p.meta["pages"]) for p in parts] == [d.pages for d in batch.documents]
        assert [p.state for p in parts] == ["queued"] * 7
        found = [_best(session, p) for p in parts]
    assert [f[:2] for f in found] == [(d.case_number, d.doc_number) for d in batch.documents]
    assert [f[2] for f in found[1:]] == ["high"] * 6  # behind a cover sheet: certain
