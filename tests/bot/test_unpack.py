"""unpack(): emails, .msg files and zips split into their direct parts, safely and within limits."""

from __future__ import annotations

import contextlib
import io
import time
import zipfile
from email.message import EmailMessage
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot import unpack as unpack_module
from bot.sniff import EMAIL, MSG, TNEF, ZIP, sniff
from bot.unpack import Limits, Unpacked, UnpackError, is_container, safe_filename, unpack

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "unpack"
OUTLOOK = CORPUS / "emails" / "outlook_msg" / "poi"
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\ntrailer<<>>\n%%EOF\n"
TEGELVIKEN = "Yttrande över detaljplan för Tegelviken 3:14.pdf"


def _mail(body: str = "Hej, se bilaga.", subject: str = "Yttrande") -> EmailMessage:
    message = EmailMessage()
    message["From"] = "Handläggare <handlaggare@kommun.example>"
    message["To"] = "diarium@kommun.example"
    message["Subject"] = subject
    message["Date"] = "Mon, 05 Apr 2021 10:15:00 +0200"
    message["Message-ID"] = "<abc123@kommun.example>"
    message.set_content(body)
    return message


def _with_pdf(name: str = "yttrande.pdf", disposition: str = "attachment") -> EmailMessage:
    message = _mail()
    message.add_attachment(
        PDF, maintype="application", subtype="pdf", filename=name, disposition=disposition
    )
    return message


def _email(message: EmailMessage, **kwargs) -> Unpacked:
    return unpack(bytes(message), EMAIL, "mail.eml", **kwargs)


def _zip(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


# --- email -----------------------------------------------------------------------------


def test_email_attachment_becomes_a_child_and_the_body_text_does_not():
    result = _email(_with_pdf())
    assert result.kind == "email"
    assert [(p.filename, p.media_type, p.inline) for p in result.children] == [
        ("yttrande.pdf", "application/pdf", False)
    ]
    assert result.children[0].data == PDF
    assert result.body_text == "Hej, se bilaga."


def test_email_meta_has_sender_recipients_iso_date_subject_and_id():
    meta = _email(_with_pdf()).meta
    assert meta["from"] == "Handläggare <handlaggare@kommun.example>"
    assert meta["to"] == "diarium@kommun.example"
    assert meta["cc"] is None
    assert meta["date"] == "2021-04-05T10:15:00+02:00"
    assert meta["subject"] == "Yttrande"
    assert meta["message_id"] == "<abc123@kommun.example>"
    assert meta["auto_submitted"] is False


def test_inline_pdf_is_still_a_child_marked_inline():
    result = _email(_with_pdf(disposition="inline"))
    assert [(p.media_type, p.inline) for p in result.children] == [("application/pdf", True)]


def test_rfc2231_utf8_filename_is_decoded_with_swedish_letters():
    message = _with_pdf(TEGELVIKEN)
    assert b"filename*" in bytes(message)  # really RFC 2231 on the wire
    assert _email(message).children[0].filename == TEGELVIKEN


def test_encoded_word_subject_and_filename_as_outlook_sends_them_are_decoded():
    raw = (
        b"From: a@kommun.example\r\nTo: b@kommun.example\r\n"
        b"Subject: =?utf-8?q?VB=3A_Yttrande_=C3=B6ver?= =?utf-8?b?IGRldGFsanBsYW4=?=\r\n"
        b"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=XX\r\n\r\n"
        b"--XX\r\nContent-Type: text/plain\r\n\r\nSe bilaga\r\n--XX\r\n"
        b'Content-Type: application/pdf; name="=?utf-8?B?w7Z2ZXJzaWt0LnBkZg==?="\r\n'
        b'Content-Disposition: attachment; filename="=?utf-8?B?w7Z2ZXJzaWt0LnBkZg==?="\r\n'
        b"Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--XX--\r\n"
    )
    result = unpack(raw, EMAIL, "mail.eml")
    assert result.meta["subject"] == "VB: Yttrande över detaljplan"
    assert result.children[0].filename == "översikt.pdf"


def test_raw_latin1_headers_of_old_clients_keep_their_swedish_letters():
    result = unpack((SAMPLES / "latin1-headers.eml").read_bytes(), EMAIL, "x.eml")
    assert result.meta["subject"] == "Protokoll från nämnden"
    assert result.children[0].filename == "Protokoll åäö ÅÄÖ.pdf"
    assert result.body_text and "överläggning" in result.body_text


def test_email_forwarded_as_attachment_is_a_message_child_the_caller_unpacks():
    inner = _with_pdf(TEGELVIKEN)
    outer = _mail("Vidarebefordrar.", subject="VB: Yttrande")
    outer.add_attachment(inner)
    result = _email(outer)
    assert [(p.filename, p.media_type) for p in result.children] == [("Yttrande.eml", EMAIL)]
    forwarded = unpack(result.children[0].data, EMAIL, "Yttrande.eml", depth=1)
    assert forwarded.meta["subject"] == "Yttrande"
    assert [p.filename for p in forwarded.children] == [TEGELVIKEN]
    assert forwarded.children[0].data == PDF


def test_html_only_body_is_converted_to_text():
    message = EmailMessage()
    message["From"] = "a@kommun.example"
    message["Subject"] = "Kallelse"
    message.set_content(
        "<html><head><style>p {color: red}</style></head><body><p>Hej!</p>"
        "<p>Ärende&nbsp;KS&nbsp;2021/0456 &amp; bilaga</p><script>x()</script></body></html>",
        subtype="html",
    )
    result = _email(message)
    assert result.children == []
    assert result.body_text == "Hej!\n\nÄrende KS 2021/0456 & bilaga"


def test_inline_image_of_an_html_mail_is_a_child_but_the_html_body_is_not():
    message = _mail()
    message.add_alternative("<p>Hej <img src='cid:logo'></p>", subtype="html")
    html_part = message.get_body(("html",))
    assert html_part is not None
    html_part.add_related(b"\x89PNG\r\n\x1a\n" + bytes(20), "image", "png", cid="logo")
    result = _email(message)
    assert [(p.filename, p.media_type, p.inline) for p in result.children] == [
        ("bilaga-1.png", "image/png", True)
    ]
    assert result.body_text == "Hej, se bilaga."


def test_auto_replies_are_flagged():
    message = _mail()
    message["Auto-Submitted"] = "auto-replied"
    assert _email(message).meta["auto_submitted"] is True


def test_malformed_email_gives_a_result_not_a_crash():
    raw = (
        b"From: a@kommun.example\r\nSubject: =?bogus-charset?q?=E5?=\r\n"
        b"Date: not a date\r\nContent-Type: multipart/mixed; boundary=never\r\n\r\n"
        b"no boundary anywhere\r\n"
    )
    result = unpack(raw, EMAIL, "x.eml")
    assert result.kind == "email"
    assert result.meta["date"] is None


def test_mislabelled_charset_of_an_old_mail_still_gives_swedish_letters():
    raw = (
        b"From: a@kommun.example\r\nSubject: x\r\n"
        b"Content-Type: text/plain; charset=us-ascii\r\n\r\n"
        + "Beslut om bygglov för Kvarnbacken 2:7".encode("cp1252")
    )
    assert unpack(raw, EMAIL, "x.eml").body_text == "Beslut om bygglov för Kvarnbacken 2:7"


def test_absurdly_deep_mime_nesting_is_an_unpack_error_not_a_crash():
    levels = 2000
    opening = b"".join(
        b"--b%d\r\nContent-Type: multipart/mixed; boundary=b%d\r\n\r\n" % (n - 1, n)
        for n in range(1, levels)
    )
    closing = b"".join(b"--b%d--\r\n" % n for n in reversed(range(levels)))
    raw = b"Subject: djup\r\nContent-Type: multipart/mixed; boundary=b0\r\n\r\n" + opening + closing
    with pytest.raises(UnpackError):
        unpack(raw, EMAIL, "x.eml")


def test_nesting_deeper_than_the_limit_is_refused():
    data = bytes(_with_pdf())
    assert unpack(data, EMAIL, "x.eml", depth=2, limits=Limits(max_depth=2)).children
    with pytest.raises(UnpackError, match="nesting too deep"):
        unpack(data, EMAIL, "x.eml", depth=3, limits=Limits(max_depth=2))


def test_too_many_attachments_is_refused():
    message = _mail()
    for number in range(4):
        message.add_attachment(PDF, maintype="application", subtype="pdf", filename=f"{number}.pdf")
    with pytest.raises(UnpackError, match="too many parts"):
        _email(message, limits=Limits(max_children=3))


# --- file names ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\x\\Beslut.pdf", "Beslut.pdf"),
        ("..", "bilaga-7.pdf"),
        (".hidden.pdf", "hidden.pdf"),
        ("rapport\x00\r\n.pdf", "rapport.pdf"),
        ("faktura\u202efdp.exe", "fakturafdp.exe"),
        ("a\u030angstro\u0308m.pdf", "ångström.pdf"),
        (None, "bilaga-7.pdf"),
        ("   ", "bilaga-7.pdf"),
    ],
)
def test_file_names_are_sanitised(name, expected):
    assert safe_filename(name, 7, "application/pdf") == expected


def test_long_file_names_are_cut_but_keep_their_extension():
    name = safe_filename("Å" * 400 + ".pdf", 1, "application/pdf")
    assert len(name) == unpack_module.MAX_FILENAME
    assert name.endswith("Å.pdf")


# --- zip -------------------------------------------------------------------------------


def test_zip_members_become_children_and_a_nested_zip_is_left_to_the_caller():
    inner = _zip({"beslut.pdf": PDF})
    result = unpack(_zip({"mapp/yttrande.pdf": PDF, "mapp/": b"", "inre.zip": inner}), ZIP, "a.zip")
    assert result.kind == "archive"
    assert [(p.filename, p.media_type) for p in result.children] == [
        ("yttrande.pdf", "application/pdf"),
        ("inre.zip", ZIP),
    ]
    assert result.meta["member_paths"] == ["mapp/yttrande.pdf", "inre.zip"]
    nested = unpack(result.children[1].data, ZIP, "inre.zip", depth=1)
    assert nested.children[0].data == PDF


def test_zip_slip_names_keep_only_their_base_name():
    result = unpack(_zip({"../../etc/passwd": b"root:x:0:0", "..\\..\\evil.txt": b"x"}), ZIP, "z")
    assert [p.filename for p in result.children] == ["passwd", "evil.txt"]
    assert result.meta["member_paths"] == ["etc/passwd", "evil.txt"]


@pytest.fixture(scope="module")
def zeros_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("nollor.bin", bytes(50_000_000))  # deflates to about 50 kB
    return out.getvalue()


def test_zip_bomb_is_refused_from_its_central_directory(zeros_bomb):
    started = time.monotonic()
    with pytest.raises(UnpackError, match="zip bomb"):
        unpack(zeros_bomb, ZIP, "bomb.zip")
    assert time.monotonic() - started < 5  # inflating it would take minutes; generous for a loaded machine


def test_total_size_limit_also_stops_inflating_midway(zeros_bomb, monkeypatch):
    monkeypatch.setattr(unpack_module, "_check_central_directory", lambda *args: None)
    with pytest.raises(UnpackError, match="too much unpacked data"):
        unpack(zeros_bomb, ZIP, "bomb.zip", limits=Limits(max_total_bytes=3_000_000))


def test_zip_with_too_many_members_is_refused():
    with pytest.raises(UnpackError, match="too many parts"):
        unpack(_zip({f"{n}.txt": b"x" for n in range(6)}), ZIP, "z", limits=Limits(max_children=5))


def test_encrypted_member_is_skipped_with_a_warning():
    data = bytearray(_zip({"hemlig.pdf": PDF, "öppen.pdf": PDF}, zipfile.ZIP_STORED))
    local = data.find(b"PK\x03\x04")
    central = data.find(b"PK\x01\x02")
    data[local + 6] |= 1  # the "encrypted" flag, in the local and the central header
    data[central + 8] |= 1
    result = unpack(bytes(data), ZIP, "z")
    assert [p.filename for p in result.children] == ["öppen.pdf"]
    assert result.warnings == ["bilaga 1 är krypterad / attachment 1 is encrypted"]


def test_damaged_member_is_skipped_with_a_warning():
    data = bytearray(_zip({"skadad.txt": b"A" * 100, "hel.txt": b"ok"}, zipfile.ZIP_STORED))
    data[data.find(b"A" * 100)] = ord("B")  # breaks the CRC
    result = unpack(bytes(data), ZIP, "z")
    assert [p.filename for p in result.children] == ["hel.txt"]
    assert "attachment 1 is damaged" in result.warnings[0]


def test_member_with_broken_deflate_data_is_skipped_with_a_warning():
    data = bytearray(_zip({"skadad.txt": b"hej " * 1000, "hel.txt": b"ok"}))
    start = data.find(b"skadad.txt") + len("skadad.txt")
    for offset in range(start + 2, start + 8):
        data[offset] ^= 0x55
    result = unpack(bytes(data), ZIP, "z")
    assert [p.filename for p in result.children] == ["hel.txt"]
    assert "attachment 1 is damaged" in result.warnings[0]


def test_corrupt_zip_is_an_unpack_error():
    with pytest.raises(UnpackError, match="zip file is damaged"):
        unpack(b"PK\x03\x04" + bytes(100), ZIP, "trasig.zip")


# --- Outlook .msg, TNEF, documents -------------------------------------------------------


def _outlook(name: str) -> bytes:
    path = OUTLOOK / name
    if not path.is_file():
        pytest.skip("corpus not available")
    return path.read_bytes()


def test_msg_with_embedded_msg_and_pdf():
    result = unpack(_outlook("attachment_msg_pdf.msg"), MSG, "x.msg")
    assert result.kind == "email"
    assert [(p.filename, p.media_type) for p in result.children] == [
        ("Test Attachment.msg", MSG),
        ("smbprn.00009008.KdcPjl.pdf", "application/pdf"),
    ]
    assert str(result.meta["date"]).startswith("2010-06-1")
    assert result.body_text == "Test email with 1 msg attachment, 1 pdf"
    embedded = unpack(result.children[0].data, MSG, "Test Attachment.msg", depth=1)
    assert embedded.kind == "email" and embedded.body_text


def test_msg_meta_is_read():
    meta = unpack(_outlook("quick.msg"), MSG, "quick.msg").meta
    assert meta["subject"] == "Test the content transformer"
    assert meta["from"] and meta["to"] and meta["message_id"]
    assert meta["auto_submitted"] is False


def test_msg_inline_images_are_marked_inline():
    result = unpack(_outlook("attachment_msg_inlineImg.msg"), MSG, "x.msg")
    assert result.children and all(p.inline for p in result.children)


def test_fuzzed_msg_is_an_unpack_error():
    data = _outlook("clusterfuzz-testcase-minimized-POIHSMFFuzzer-4735011465854976.msg")
    with pytest.raises(UnpackError, match=r"\.msg file is damaged"):
        unpack(data, MSG, "x.msg")


def test_tnef_is_read_and_a_broken_one_is_an_unpack_error():  # more in test_tnef.py
    assert unpack(b"\x78\x9f\x3e\x22" + bytes(20), TNEF, "winmail.dat").children == []
    with pytest.raises(UnpackError, match=r"broken TNEF \(winmail.dat\)"):
        unpack(b"\x78\x9f\x3e" + bytes(20), TNEF, "winmail.dat")


def test_non_containers_are_documents_without_children():
    assert not is_container("application/pdf")
    assert all(is_container(t) for t in (EMAIL, MSG, ZIP, TNEF))
    result = unpack(PDF, "application/pdf", "a.pdf", depth=99)
    assert (result.kind, result.children, result.meta) == ("document", [], {})


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from([EMAIL, MSG, ZIP]),
    st.binary(max_size=400).map(lambda tail: b"PK\x03\x04" + tail) | st.binary(max_size=400),
)
def test_arbitrary_bytes_give_a_result_or_an_unpack_error(media_type, data):
    with contextlib.suppress(UnpackError):
        assert isinstance(unpack(data, media_type, "x"), Unpacked)


# --- the real corpus -----------------------------------------------------------------------


def _corpus_files() -> list[Path]:
    roots = [CORPUS / "emails", CORPUS / "badinput"]
    return sorted(p for root in roots if root.is_dir() for p in root.rglob("*") if p.is_file())


def _unpack_tree(data: bytes, name: str, depth: int, limits: Limits) -> list[str]:
    """Unpack recursively as the pipeline would; returns the names that gave UnpackError."""
    media_type = sniff(data, name)
    if not is_container(media_type):
        return []
    started = time.monotonic()
    try:
        result = unpack(data, media_type, name, depth, limits)
    except UnpackError:
        return [name]
    finally:
        assert time.monotonic() - started < 30, name
    refused = []
    for part in result.children:
        refused += _unpack_tree(part.data, part.filename, depth + 1, limits)
    return refused


def test_every_corpus_email_and_bad_input_unpacks_or_fails_cleanly():
    files = _corpus_files()
    if not files:
        pytest.skip("corpus not available")
    limits = Limits(max_children=200, max_total_bytes=20_000_000)
    refused = []
    for path in files:
        refused += _unpack_tree(path.read_bytes(), path.name, 0, limits)
    assert "zbsm.zip" in refused
    assert not any(name.endswith(".eml") for name in refused), refused
