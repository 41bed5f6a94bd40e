"""Word files and plain text are read directly: one page, method "direct", no confidence."""

from __future__ import annotations

import pytest

import ocr
from ocr import direct
from tests.ocr import makers

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_word_document_gives_header_paragraphs_and_table_rows(no_tesseract):
    (page,) = ocr.read(makers.word_document(), DOCX)
    assert (page.number, page.method, page.confidence) == (1, "direct", None)
    assert page.text.splitlines() == [
        "Dnr KS 2021/0456",
        "Kommunstyrelsen beslutar att godkänna detaljplanen.",
        "Fastighet\tTegelviken 3:14",
        "Handläggare\tKarin Lund\tåäö",
        "Beslutet kan överklagas.",
    ]


def test_broken_word_document_raises_a_readable_error():
    with pytest.raises(ocr.OcrError, match="Word"):
        ocr.read(b"PK\x03\x04 not really a zip", DOCX)


def test_word_document_too_large_unpacked_is_refused(monkeypatch):
    monkeypatch.setattr(direct, "MAX_DOCX_UNPACKED", 1000)
    with pytest.raises(ocr.OcrError, match="för stor"):
        ocr.read(makers.word_document(), DOCX)


def test_windows_1252_text_is_decoded():
    data = "Tegelviken 3:14\r\nÄrendet gäller åäö".encode("cp1252")
    (page,) = ocr.read(data, "text/plain")
    assert page.text == "Tegelviken 3:14\nÄrendet gäller åäö"
    assert (page.method, page.confidence, page.steps["encoding"]) == ("direct", None, "cp1252")


@pytest.mark.parametrize(
    "data",
    [
        "Dnr KS 2021/0456 åäö".encode(),
        "\ufeffDnr KS 2021/0456 åäö".encode(),
        "Dnr KS 2021/0456 åäö".encode("utf-16"),
    ],
)
def test_unicode_text_is_decoded(data):
    (page,) = ocr.read(data, "text/plain; charset=utf-8")
    assert page.text == "Dnr KS 2021/0456 åäö"
