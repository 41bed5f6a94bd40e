"""A short document is still a document: a PDF whose whole text is a line or two is read even
when its page renders (almost) blank, and goes on to be matched."""

from __future__ import annotations

from fpdf import FPDF
from sqlmodel import select

import ocr
from bot.db import session_scope
from bot.ingest import ingest_paths
from bot.models import Case, Item, Proposal
from bot.states import QUEUED
from bot.worker import run_until_idle

LINE = "Beslut KS 2021/0456"


def one_line(size: float, lines: tuple[str, ...] = (LINE,)) -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=size)
    for line in lines:
        pdf.cell(0, 4, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def test_a_line_too_small_to_see_is_read_from_its_text_layer():
    (page,) = ocr.read(one_line(3), "application/pdf", ocr.OcrOptions(workers=0))
    assert (page.method, page.text) == ("textlayer", LINE)
    assert page.steps["short_textlayer"] is True


def test_a_short_layer_that_ocr_reads_stays_an_ocr_page():
    (page,) = ocr.read(one_line(12), "application/pdf", ocr.OcrOptions(workers=0))
    assert (page.method, page.text) == ("ocr", LINE)


def test_a_one_line_decision_is_matched_not_skipped(registry, tmp_path):
    path = tmp_path / "beslut.pdf"
    path.write_bytes(one_line(3, (LINE, "Bifalls.")))
    ingest_paths(registry, [path], "anna.berg@exempelby.se")
    run_until_idle(registry)
    with session_scope(registry.engine) as session:
        item = session.exec(select(Item).where(Item.filename == "beslut.pdf")).one()
        assert item.state == QUEUED, item.state_reason
        proposals = session.exec(select(Proposal).where(Proposal.item_id == item.id)).all()
        assert proposals, "no proposal"
        assert session.get(Case, proposals[0].case_id).case_number == "KS 2021/0456"
