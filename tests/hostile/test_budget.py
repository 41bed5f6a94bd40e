"""A budget per submission, through the real pipeline: a zip of nested zips fanning out by 8
stops at the submission's parts (it became 45,781 items), and its bytes, pages and seconds are
bounded the same way, each with its reason."""

from __future__ import annotations

from bench.hostile_files import LETTER, fan_out, zipped
from bot.db import session_scope
from bot.models import Item
from tests.conftest import make_pdf, make_scan
from tests.hostile.conftest import open_home, run_file


def test_a_fan_out_of_nested_zips_stops_at_the_submissions_parts(home):
    items = run_file(home, "bomb.zip", fan_out(levels=2),
                     settings="submission_max_parts = 40\n")
    assert 40 - 8 < len(items) <= 40  # 73 without the budget
    refused = [i for i in items if i.state == "failed"]
    assert refused and all("the submission has too many parts (over 40 in all)" in
                           (i.state_reason or "") for i in refused)
    assert any(i.state == "queued" for i in items)  # what fitted was read


def test_the_submissions_unpacked_bytes_are_bounded(home):
    big = [(f"bilaga-{n}.txt", (LETTER * 3000).encode()) for n in range(3)]  # 3 x 135 kB
    outer = zipped([("a.zip", zipped(big[:2])), ("b.zip", zipped(big[2:]))])
    items = run_file(home, "bytes.zip", outer,
                     settings="submission_max_bytes = 400000\n")
    refused = [i for i in items if i.state == "failed"]
    assert len(refused) == 1 and "too much unpacked data (over 400000 bytes in all)" in (
        refused[0].state_reason or "")


def test_pages_and_seconds_of_a_submission_are_bounded(home):
    pdfs = [(f"brev-{n}.pdf", make_pdf([f"Brev {n}", "Dnr KS 2021/0456-2"])) for n in range(3)]
    items = run_file(home, "pages.zip", zipped(pdfs),
                     settings="submission_max_pages = 2\n")
    reasons = sorted(i.state_reason or "" for i in items if i.filename.endswith(".pdf"))
    assert sum("too many pages (over 2 in all)" in r for r in reasons) == 1, reasons


def test_seconds_of_a_submission_are_bounded(home):
    pdfs = [(f"brev-{n}.pdf", make_pdf([f"Brev {n}", "Dnr KS 2021/0456-2"])) for n in range(2)]
    items = run_file(home, "seconds.zip", zipped(pdfs),
                     settings="submission_max_seconds = 0.000001\n")
    reasons = [i.state_reason or "" for i in items if i.filename.endswith(".pdf")]
    assert sum("took too long (over 1e-06 s in all)" in r for r in reasons) == 1, reasons


def test_a_splits_parts_share_their_files_bytes_and_pages(home):
    """Parts of a split hold the same bytes and copies of its pages: they spend nothing more,
    so a sibling read after a big scan was split is not refused for bytes or pages."""
    from bot.budget import spent
    from bot.decisions import new_part
    from bot.models import Page, Submission

    ctx = open_home(home)
    with session_scope(ctx.engine) as session:
        submission = Submission(channel="test", source_ref="split-budget")
        session.add(submission)
        session.flush()
        top = Item(submission_id=submission.id or 0, sha256="a" * 64, size=1000)
        session.add(top)
        session.flush()
        scan = Item(submission_id=top.submission_id, parent_id=top.id, sha256="b" * 64,
                    size=30_000_000, meta={"pages": [1, 70]})
        session.add(scan)
        session.flush()
        for number in range(1, 71):
            session.add(Page(item_id=scan.id or 0, number=number, text="", seconds=0.5))
        before = spent(session, top.submission_id)
        for first in range(1, 71):
            part = new_part(session, scan, first, first, first)
            session.add(Page(item_id=part.id or 0, number=1, text="", seconds=0.5))
        after = spent(session, top.submission_id)
    assert (after.bytes, after.pages, after.seconds) == (before.bytes, before.pages,
                                                          before.seconds) == (30_000_000, 70, 35.0)
    assert after.parts == before.parts + 70


def test_a_document_cut_short_by_the_pages_left_fails_instead_of_queueing_part_of_it(home):
    from fpdf import FPDF

    pdf = FPDF()
    for n in range(4):
        pdf.add_page()
        pdf.set_font("Helvetica", size=12)
        pdf.cell(0, 8, f"Sida {n + 1}: Dnr KS 2021/0456-2")
    items = run_file(home, "lang.pdf", bytes(pdf.output()),
                     settings="submission_max_pages = 2\n")
    [document] = [i for i in items if i.filename == "lang.pdf"]
    assert document.state == "failed"
    assert "too many pages (over 2 in all)" in (document.state_reason or "")


def test_a_documents_reading_is_bounded_by_the_seconds_the_submission_has_left(monkeypatch):
    import ocr
    from bot import reading
    from bot.settings import Settings

    given: list[float] = []
    monkeypatch.setattr(reading, "read", lambda data, media_type, options, memory, seconds:
                        given.append(seconds) or [])
    settings = Settings(read_seconds=1800)
    for left in (None, 5000.0, 120.0, 0.5):
        reading.read_bounded(settings, b"", "application/pdf", ocr.OcrOptions(), left)
    assert given == [1800, 1800, 120.0, reading.MIN_SECONDS]


def test_a_read_that_timed_out_still_spends_the_submissions_seconds(home):
    from bot.budget import spent

    scans = [(f"brev-{n}.png", make_scan([f"Brev {n}", "Dnr KS 2021/0456-2"])) for n in range(2)]
    items = run_file(home, "seg.zip", zipped(scans), settings="read_seconds = 0.05\n")
    failed = [i for i in items if i.filename.endswith(".png")]  # OCR takes more than 0.05 s
    assert [i.state for i in failed] == ["failed", "failed"]
    assert all("reading stopped after 0.05 s" in (i.state_reason or "") for i in failed)
    with session_scope(open_home(home).engine) as session:
        assert spent(session, failed[0].submission_id).seconds >= 0.1
