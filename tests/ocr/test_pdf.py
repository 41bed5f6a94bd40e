"""PDFs: the text layer is read directly; scanned pages are rendered and OCRed; bad PDFs say why."""

from __future__ import annotations

import pytest

import ocr
from tests.ocr import makers

PDF = "application/pdf"


def test_text_layer_is_read_as_is_without_tesseract(no_tesseract):
    (page,) = ocr.read(makers.text_pdf([makers.SWEDISH_LINES]), PDF)
    assert page.method == "textlayer"
    assert page.confidence is None
    assert page.number == 1
    assert page.text.splitlines() == makers.SWEDISH_LINES


def test_pages_come_one_at_a_time_in_order(no_tesseract):
    data = makers.text_pdf([[f"Sida {n}: Kommunstyrelsen beslutar"] for n in (1, 2, 3)])
    pages = ocr.read(data, PDF)
    first = next(pages)
    assert (first.number, first.text) == (1, "Sida 1: Kommunstyrelsen beslutar")
    assert [p.number for p in pages] == [2, 3]


def test_pages_beyond_max_pages_are_not_read_and_the_last_page_says_so(no_tesseract):
    data = makers.text_pdf([[f"Sida {n}: Kommunstyrelsen beslutar"] for n in (1, 2, 3)])
    pages = list(ocr.read(data, PDF, ocr.OcrOptions(max_pages=2)))
    assert [p.number for p in pages] == [1, 2]
    assert pages[-1].steps["truncated"] == "2 of 3 pages read"


def test_scanned_pdf_page_is_ocred():
    scan = makers.page_image(makers.SWEDISH_LINES[:2])
    (page,) = ocr.read(makers.image_pdf(scan), PDF)
    assert page.method == "ocr"
    assert page.steps["dpi"] == 300
    assert "Kommunstyrelsen" in page.text
    assert "2021/0456" in page.text
    assert page.confidence is not None and page.confidence > 60


def test_empty_pdf_page_is_blank_without_tesseract(no_tesseract):
    (page,) = ocr.read(makers.blank_pdf(), PDF)
    assert (page.method, page.text, page.confidence) == ("blank", "", None)


def test_rendering_stays_within_max_pixels(no_tesseract):
    (page,) = ocr.read(makers.blank_pdf(), PDF, ocr.OcrOptions(max_pixels=1_000_000))
    dpi = page.steps["dpi"]
    assert isinstance(dpi, int) and dpi < 300
    assert (210 / 25.4 * dpi) * (297 / 25.4 * dpi) <= 1_000_000 * 1.01


def test_pdf_needing_a_password_is_refused():
    data = makers.text_pdf([makers.SWEDISH_LINES], owner_password="ägare", user_password="hemligt")
    with pytest.raises(ocr.OcrError, match=r"krypterad.*encrypted"):
        ocr.read(data, PDF)


def test_pdf_with_only_an_owner_password_is_read(no_tesseract):
    data = makers.text_pdf([makers.SWEDISH_LINES], owner_password="ägare")
    (page,) = ocr.read(data, PDF)
    assert "Tegelviken 3:14" in page.text


@pytest.mark.parametrize(
    "data", [b"", b"garbage bytes, not a PDF", b"%PDF-1.7 nothing here", b"%PDF-1.4\n" + bytes(500)]
)
def test_broken_pdf_raises_a_readable_error(data):
    with pytest.raises(ocr.OcrError, match="trasig PDF / broken PDF"):
        list(ocr.read(data, PDF))


def _zero_page_pdf() -> bytes:
    """A valid PDF whose page tree is empty, with a correct cross-reference table."""
    objects = [b"<< /Pages 2 0 R /Type /Catalog >>", b"<< /Count 0 /Kids [ ] /Type /Pages >>"]
    out, offsets = bytearray(b"%PDF-1.3\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    start = len(out)
    out += b"xref\n0 3\n0000000000 65535 f \n"
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer << /Root 1 0 R /Size 3 >>\nstartxref\n%d\n%%%%EOF\n" % start
    return bytes(out)


def test_an_empty_page_tree_is_not_called_encrypted(no_tesseract):
    """PDFium fails on an empty page tree without an error code of its own (a stale "password"
    one after an encrypted file): without /Encrypt the registrar hears broken, not locked."""
    locked = makers.text_pdf([makers.SWEDISH_LINES], owner_password="a", user_password="b")
    with pytest.raises(ocr.OcrError):
        ocr.read(locked, PDF)  # leaves PDFium's last error at "password"
    with pytest.raises(ocr.OcrError) as caught:
        list(ocr.read(_zero_page_pdf(), PDF))
    assert "krypterad /" not in str(caught.value) and "not encrypted" in str(caught.value)
