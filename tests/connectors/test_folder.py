"""Scan folder as printers use it: settled files become submissions once, then move to the
processed folder; temporary names and files still being written wait; page-image sequences
become one job; device and person come from the folder or the file name; a vanished file,
a name collision and a restart mid-batch lose and double nothing."""

from __future__ import annotations

import io
import os
import time

import pypdfium2
from PIL import Image
from sqlmodel import select

from bot.db import session_scope
from bot.intake import receive, run_connector
from bot.models import Item, Submission
from connectors.folder import FolderConnector
from tests.conftest import make_pdf

OLD = time.time() - 600


def _write(path, data: bytes, mtime: float = OLD) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    os.utime(path, (mtime, mtime))


def _jpeg(text: str) -> bytes:
    image = Image.new("L", (400, 560), 255)
    image.paste(0, (40, 40, 40 + 10 * len(text), 60))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", dpi=(100, 100))
    return buffer.getvalue()


def _connector(scans, **extra) -> FolderConnector:
    table = {"type": "folder", "path": str(scans), "recheck_seconds": 0, **extra}
    return FolderConnector("skanner", table)


def _names(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.is_file()) if folder.exists() else []


def test_settled_files_are_received_once_and_moved(ctx, tmp_path):
    scans = tmp_path / "skanner"
    for n in range(3):
        _write(scans / f"SCAN_{n:04d}.pdf", make_pdf([f"KS 2021/{n:04d}"]))
    _write(scans / "halvskriven.pdf", b"%PDF-1.4 ...", time.time())  # still being written
    connector = _connector(scans, submitter="skrivare-plan3")
    counts = run_connector(ctx, connector)
    assert (counts.fetched, counts.created) == (3, 3)
    assert _names(scans / "behandlat") == ["SCAN_0000.pdf", "SCAN_0001.pdf", "SCAN_0002.pdf"]
    assert _names(scans) == ["halvskriven.pdf"]
    assert run_connector(ctx, connector).fetched == 0


def test_temporary_names_are_never_taken(ctx, tmp_path):
    scans = tmp_path / "skanner"
    temporary = ["~$brev.pdf", "SCAN_0001.pdf.tmp", "SCAN_0002.pdf.part", ".SCAN_0003.pdf",
                 "Thumbs.db", "skan.crdownload"]
    for name in temporary:
        _write(scans / name, make_pdf(["x"]))
    assert run_connector(ctx, _connector(scans)).fetched == 0
    assert _names(scans) == sorted(temporary)


def test_a_file_still_growing_waits_until_its_size_settles(ctx, tmp_path):
    scans = tmp_path / "skanner"
    now = [time.time()]
    connector = FolderConnector("skanner", {"type": "folder", "path": str(scans),
                                            "settle_seconds": 10, "recheck_seconds": 0},
                                clock=lambda: now[0])
    data = make_pdf(["Dnr KS 2021/0456"])
    _write(scans / "SKAN.pdf", data[:100], now[0])
    assert run_connector(ctx, connector).fetched == 0
    now[0] += 5
    _write(scans / "SKAN.pdf", data, now[0])  # more written, 5 s later
    assert run_connector(ctx, connector).fetched == 0
    now[0] += 11
    counts = run_connector(ctx, connector)
    assert (counts.fetched, counts.created) == (1, 1)
    with session_scope(ctx.engine) as session:
        assert session.exec(select(Item)).one().size == len(data)


def test_a_printer_clock_behind_ours_does_not_let_a_growing_file_through(ctx, tmp_path):
    scans = tmp_path / "skanner"
    path = scans / "SKAN.pdf"
    data = make_pdf(["Dnr KS 2021/0456"])
    _write(path, data[:200])  # its time says "long ago": the printer's clock is behind

    def grows(_seconds: float) -> None:
        with path.open("ab") as out:
            out.write(data[200:])
        os.utime(path, (OLD, OLD))

    connector = FolderConnector("skanner", {"type": "folder", "path": str(scans),
                                            "recheck_seconds": 1}, pause=grows)
    assert run_connector(ctx, connector).fetched == 0
    connector.pause = lambda _s: None
    assert run_connector(ctx, connector).created == 1
    with session_scope(ctx.engine) as session:
        assert session.exec(select(Item)).one().size == len(data)


def test_page_images_of_one_job_become_one_pdf_in_page_order(ctx, tmp_path):
    scans = tmp_path / "skanner"
    pages = {n: _jpeg("x" * n) for n in (1, 2, 3)}
    for n in (3, 1, 2):
        _write(scans / f"SKMBT_C36421031512340_{n:04d}.jpg", pages[n])
    _write(scans / "SKMBT_C36421031599990_0001.jpg", _jpeg("other job"))
    counts = run_connector(ctx, _connector(scans))
    assert (counts.fetched, counts.created) == (2, 2)
    with session_scope(ctx.engine) as session:
        item, single = session.exec(select(Item).order_by(Item.id)).all()
        sub = session.get(Submission, item.submission_id)
        assert item.filename == "SKMBT_C36421031512340.pdf"
        assert item.media_type == "application/pdf"
        assert [f["name"] for f in sub.meta["files"]] == [
            f"SKMBT_C36421031512340_{n:04d}.jpg" for n in (1, 2, 3)]
        assert sub.meta["device"] == "KMBT_C364"
        data = ctx.blobs.get(item.sha256)
        assert single.media_type == "image/jpeg"  # a one-page job stays as it came
    assert len(pypdfium2.PdfDocument(data)) == 3
    positions = [data.find(pages[n]) for n in (1, 2, 3)]
    assert -1 not in positions and positions == sorted(positions)  # byte for byte, in order
    assert len(_names(scans / "behandlat")) == 4 and _names(scans) == []


def test_a_sequence_still_arriving_waits_for_its_last_page(ctx, tmp_path):
    scans = tmp_path / "skanner"
    _write(scans / "SCAN_20210315_0001.jpg", _jpeg("a"))
    _write(scans / "SCAN_20210315_0002.jpg", _jpeg("b"), time.time())
    assert run_connector(ctx, _connector(scans)).fetched == 0
    assert len(_names(scans)) == 2


def test_person_and_device_from_subfolders_and_names(ctx, tmp_path):
    scans = tmp_path / "skanner"
    _write(scans / "plan3-ricoh" / "anna.berg" / "20210315104512.pdf", make_pdf(["a"]))
    _write(scans / "plan3-ricoh" / "RICOH_IM_C3000_20210316094500.pdf", make_pdf(["b"]))
    _write(scans / "iR-ADV_C5535_20210317101010.pdf", make_pdf(["c"]))
    _write(scans / "kopiator_per.ek_0001.pdf", make_pdf(["d"]))
    connector = _connector(scans, subfolders="device/person", person_domain="exempelby.se",
                           name_patterns=[r"^kopiator_(?P<person>[a-z.]+)_\d+\.pdf$"])
    assert run_connector(ctx, connector).created == 4
    with session_scope(ctx.engine) as session:
        found = {s.meta["path"]: (s.submitter, s.meta["device"], s.meta["person"])
                 for s in session.exec(select(Submission))}
    assert found == {
        "plan3-ricoh/anna.berg/20210315104512.pdf":
            ("anna.berg@exempelby.se", "plan3-ricoh", "anna.berg"),
        "plan3-ricoh/RICOH_IM_C3000_20210316094500.pdf": ("plan3-ricoh", "plan3-ricoh", None),
        "iR-ADV_C5535_20210317101010.pdf": ("iR-ADV_C5535", "iR-ADV_C5535", None),
        "kopiator_per.ek_0001.pdf": ("per.ek@exempelby.se", None, "per.ek")}


def test_a_file_that_vanishes_mid_round_is_skipped_and_nothing_fails(ctx, tmp_path):
    scans = tmp_path / "skanner"
    for n in (1, 2, 3):
        _write(scans / f"SCAN_{n}.pdf", make_pdf([f"sida {n}"]))
    connector = _connector(scans)
    messages = connector.fetch()
    first = next(messages)
    (scans / "SCAN_2.pdf").unlink()  # the person took it back
    rest = list(messages)
    assert [m.filename for m in [first, *rest]] == ["SCAN_1.pdf", "SCAN_3.pdf"]
    assert _names(scans / "misslyckat") == []


def test_a_name_taken_in_the_processed_folder_gets_a_suffix(ctx, tmp_path):
    scans = tmp_path / "skanner"
    _write(scans / "behandlat" / "SCAN_0001.pdf", b"yesterday's scan")
    _write(scans / "SCAN_0001.pdf", make_pdf(["today"]))  # the printer's counter started over
    assert run_connector(ctx, _connector(scans)).created == 1
    names = _names(scans / "behandlat")
    assert len(names) == 2 and "SCAN_0001.pdf" in names
    assert (scans / "behandlat" / "SCAN_0001.pdf").read_bytes() == b"yesterday's scan"


def test_a_restart_between_commit_and_move_doubles_nothing(ctx, tmp_path):
    scans = tmp_path / "skanner"
    _write(scans / "SCAN_0001.pdf", make_pdf(["Dnr KS 2021/0456"]))
    message = next(_connector(scans).fetch())
    assert receive(ctx, "skanner", message).created  # committed; the process dies here
    counts = run_connector(ctx, _connector(scans))  # after the restart
    assert (counts.fetched, counts.created, counts.repeated) == (1, 0, 1)
    assert _names(scans) == [] and _names(scans / "behandlat") == ["SCAN_0001.pdf"]


def test_a_restart_while_a_job_is_being_moved_doubles_no_page(ctx, tmp_path):
    scans = tmp_path / "skanner"
    for n in (1, 2, 3):
        _write(scans / f"SCAN_20210315_{n:04d}.jpg", _jpeg("y" * n))
    message = next(_connector(scans).fetch())
    assert receive(ctx, "skanner", message).created
    done = scans / "behandlat"
    done.mkdir()
    for n in (3, 2):  # moved last page first; the process died before page 1
        os.replace(scans / f"SCAN_20210315_{n:04d}.jpg", done / f"SCAN_20210315_{n:04d}.jpg")
    counts = run_connector(ctx, _connector(scans))
    assert (counts.created, counts.repeated) == (0, 1)
    assert len(_names(done)) == 3 and _names(scans) == []
    with session_scope(ctx.engine) as session:
        assert len(session.exec(select(Item)).all()) == 1


def test_a_job_that_cannot_be_taken_goes_to_the_failed_folder_with_the_reason(ctx, tmp_path):
    scans = tmp_path / "skanner"
    _write(scans / "SCAN_0001.jpg", _jpeg("a"))
    _write(scans / "SCAN_0002.jpg", b"\xff\xd8 not really a jpeg")
    _write(scans / "stor.pdf", b"%PDF-1.4\n" + os.urandom(60_000))
    counts = run_connector(ctx, _connector(scans, max_bytes=50_000))
    assert counts.fetched == 0
    failed = scans / "misslyckat"
    assert _names(failed) == sorted(["SCAN_0001.jpg", "SCAN_0001.jpg.fel.txt", "SCAN_0002.jpg",
                                     "SCAN_0002.jpg.fel.txt", "stor.pdf", "stor.pdf.fel.txt"])
    assert "too large" in (failed / "stor.pdf.fel.txt").read_text(encoding="utf-8")
    assert "cannot be read" in (failed / "SCAN_0002.jpg.fel.txt").read_text(encoding="utf-8")


def test_check_reports_a_missing_folder(tmp_path):
    connector = FolderConnector("skanner", {"type": "folder", "path": str(tmp_path / "nej")})
    assert connector.check() == [f"finns inte / not found: mappen / folder '{tmp_path / 'nej'}'"]
