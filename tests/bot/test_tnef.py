"""TNEF (winmail.dat): Outlook's attachments and body read in a bounded child process; broken,
endless or memory-eating files become an UnpackError, never a hang or a crash."""

from __future__ import annotations

import time
from email.message import EmailMessage

import pytest
from sqlmodel import col, select

from bot.db import session_scope
from bot.ingest import submit
from bot.models import Item
from bot.sniff import EMAIL, TNEF
from bot.stages.unpack import unpack_item
from bot.states import SKIPPED
from bot.unpack import Limits, Unpacked, UnpackError, is_container, tnef, unpack
from bot.unpack.tnef_worker import decompress_rtf
from tests.conftest import CORPUS

POI = CORPUS / "emails" / "tnef" / "poi"
needs_corpus = pytest.mark.skipif(not POI.is_dir(), reason="shared corpus not present")
CORPUS_FILES = sorted(p.name for p in POI.iterdir()) if POI.is_dir() else []
WITH_ATTACHMENTS = "bug52400-winmail-with-attachments.dat"


def _tnef(name: str, **kwargs) -> Unpacked:
    return unpack((POI / name).read_bytes(), TNEF, "winmail.dat", **kwargs)


def _summary(result: Unpacked) -> list[tuple[str, int, str]]:
    return [(p.filename, len(p.data), p.media_type) for p in result.children]


@needs_corpus
@pytest.mark.parametrize("name", CORPUS_FILES)
def test_every_corpus_file_gives_parts_or_an_unpack_error_in_bounded_time(name):
    started = time.monotonic()
    try:
        result = _tnef(name)
    except UnpackError as error:
        assert "broken TNEF (winmail.dat)" in str(error)
        if name == "oom.tnef":  # tnefparse 1.4.0 loops on its multi-value count, eating memory
            assert "reading stopped at the memory limit (512 MB)" in str(error)
    else:
        assert name != "oom.tnef"
        assert result.kind == "archive"
        assert all(p.data and p.filename for p in result.children)
    assert time.monotonic() - started < tnef.TIMEOUT_SECONDS + 10


@needs_corpus
def test_attachments_come_out_with_their_long_names_sizes_and_types():
    result = _tnef(WITH_ATTACHMENTS)
    assert _summary(result) == [
        ("scion_tc_2007_maintenanceguide.pdf", 193258, "application/pdf"),
        ("Duke_Wave.png", 122016, "image/png"),
    ]
    assert result.children[0].data.startswith(b"%PDF-1.5")
    assert result.children[1].data.startswith(b"\x89PNG\r\n\x1a\n")
    assert result.body_text.startswith("This is the body.  There are also two attachments.")
    assert result.meta == {"subject": "TNEF test message with attachments"}
    assert result.warnings == []


@needs_corpus
def test_office_files_and_the_rich_text_body_of_quick_winmail():
    result = _tnef("quick-winmail.dat")
    assert _summary(result) == [
        ("quick.doc", 19968, "application/msword"),
        ("quick.html", 428, "text/html"),
        ("quick.pdf", 18638, "application/pdf"),
        ("quick.txt", 235, "text/plain"),
        ("quick.xml", 143, "text/xml"),
        ("message.rtf", 25528, "application/rtf"),  # only a compressed RTF body: decompressed
    ]
    assert result.children[0].data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
    assert result.children[2].data.startswith(b"%PDF-1.3")
    assert result.children[5].data.startswith(b"{\\rtf1")
    assert result.body_text is None


@needs_corpus
def test_sample1_gives_an_image_a_web_page_and_the_rtf_body():
    result = _tnef("winmail-sample1.dat")
    assert _summary(result) == [
        ("zappa_av1.jpg", 2937, "image/jpeg"),
        ("bookmark.htm", 85805, "text/html"),
        ("message.rtf", 443, "application/rtf"),
    ]
    assert result.children[0].data.startswith(b"\xff\xd8\xff")


@needs_corpus
def test_a_body_only_tnef_gives_its_plain_body_and_no_parts():
    result = _tnef("bug52400-winmail-simple.dat")
    assert (result.children, result.body_text) == ([], "This is the message body.")
    assert result.meta == {"subject": "Testing TNEF Message"}


@needs_corpus
def test_the_html_body_is_read_when_the_plain_body_is_empty():
    result = _tnef("bug63955-winmail.dat")
    assert [p.filename for p in result.children] == ["SI-61597.pdf", "SI-61598.pdf"]
    assert result.body_text is None  # Word's HTML body holds only a non-breaking space


@needs_corpus
def test_a_winmail_dat_in_an_email_is_unpacked_by_the_pipeline_into_its_attachments(ctx):
    message = EmailMessage()
    message["From"] = "Handläggare <handlaggare@kommun.example>"
    message["To"] = "diarium@kommun.example"
    message["Subject"] = "Yttrande"
    message.set_content("Hej, se bilagor.")
    message.add_attachment(
        (POI / WITH_ATTACHMENTS).read_bytes(), maintype="application", subtype="ms-tnef",
        filename="winmail.dat",
    )
    top = submit(ctx, channel="intake_mail", source_ref="tnef-1", data=bytes(message),
                 filename="yttrande.eml", submitter="per.ek@exempelby.se").item_id
    outcomes: dict[str, tuple[str, str | None]] = {}
    with session_scope(ctx.engine) as session:
        level = [session.get(Item, top)]
        while level:  # the unpack stage on each container, as the worker would run it
            for item in level:
                if is_container(item.media_type):
                    outcome = unpack_item(ctx, session, item)
                    outcomes[item.filename] = (outcome.state, outcome.reason)
            session.flush()
            ids = [item.id for item in level]
            level = list(session.exec(select(Item).where(col(Item.parent_id).in_(ids))).all())
        items = {i.filename: i for i in session.exec(select(Item)).all()}
        assert items["yttrande.eml"].media_type == EMAIL
        winmail = items["winmail.dat"]
        assert (winmail.media_type, winmail.parent_id) == (TNEF, top)
        assert outcomes["winmail.dat"][0] == SKIPPED  # a container: its files go on
        pdf, png = items["scion_tc_2007_maintenanceguide.pdf"], items["Duke_Wave.png"]
        assert (pdf.parent_id, pdf.position, pdf.media_type) == (winmail.id, 1, "application/pdf")
        assert (png.parent_id, png.position, png.size) == (winmail.id, 2, 122016)
        assert winmail.meta["body_text"].startswith("This is the body.")


@needs_corpus
def test_too_many_parts_are_refused_like_a_zip():
    with pytest.raises(UnpackError, match=r"too many parts \(over 1\)"):
        _tnef(WITH_ATTACHMENTS, limits=Limits(max_children=1))


@needs_corpus
def test_too_much_data_is_refused_like_a_zip():
    with pytest.raises(UnpackError, match="too much unpacked data"):
        _tnef(WITH_ATTACHMENTS, limits=Limits(max_total_bytes=200_000))


@needs_corpus
def test_a_parser_that_takes_too_long_is_killed_and_says_so(monkeypatch):
    monkeypatch.setattr(tnef, "TIMEOUT_SECONDS", 0.001)
    with pytest.raises(UnpackError, match=r"reading stopped after 0.001 s"):
        _tnef(WITH_ATTACHMENTS)


@needs_corpus
def test_a_cut_off_file_gives_parts_or_an_unpack_error():
    data = (POI / WITH_ATTACHMENTS).read_bytes()
    for size in (30, 1000, 200_000):
        try:
            result = unpack(data[:size], TNEF, "winmail.dat")
        except UnpackError as error:
            assert "TNEF" in str(error)
        else:
            assert all(len(p.data) <= size for p in result.children)


def test_not_a_tnef_signature_is_a_broken_tnef():
    with pytest.raises(UnpackError, match=r"broken TNEF \(winmail.dat\)"):
        unpack(b"PK\x03\x04" + bytes(40), TNEF, "winmail.dat")


def test_an_empty_tnef_has_no_parts():
    result = unpack(b"\x78\x9f\x3e\x22" + bytes(20), TNEF, "winmail.dat")
    assert (result.kind, result.children, result.body_text) == ("archive", [], None)


@needs_corpus
def test_nothing_is_logged_about_names_or_contents(caplog):
    with caplog.at_level("DEBUG"):
        _tnef(WITH_ATTACHMENTS)
    assert not [r for r in caplog.records if "scion" in r.getMessage() or "Duke" in r.getMessage()]


def test_compressed_rtf_is_decompressed_as_in_the_specification():
    # MS-OXRTFCP's own example of the "LZFu" method, then an uncompressed ("MELA") one
    data = bytes.fromhex(
        "2d0000002b0000004c5a4675f1c5c7a703000a007263706731323542320af320"
        "68656c090020627705b06c647d0a800fa0"
    )
    assert decompress_rtf(data) == b"{\\rtf1\\ansi\\ansicpg1252\\pard hello world}\r\n"
    stored = b"\x1b\x00\x00\x00\x0b\x00\x00\x00MELA\x00\x00\x00\x00{\\rtf1 x}\r\n"
    assert decompress_rtf(stored) == b"{\\rtf1 x}\r\n"
