"""The searchable PDF rendition: made in the same pass as the text, words findable in it,
text-layer pages copied as they are, the original bytes untouched."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest

import ocr
from ocr.page_ocr import PageResult
from ocr.searchable import page_with_words
from tests.ocr import makers

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "ocr"


def _texts(pdf: bytes) -> list[str]:
    document = pdfium.PdfDocument(pdf)
    try:
        texts = []
        for index in range(len(document)):
            textpage = document[index].get_textpage()
            texts.append(textpage.get_text_bounded())
            textpage.close()
        return texts
    finally:
        document.close()


def test_scan_gets_an_invisible_text_layer_in_the_same_pass():
    data = makers.encode(
        makers.page_image(makers.SWEDISH_LINES, (1240, 900), 40), "PNG", dpi=(300, 300)
    )
    original = bytes(data)
    pages, pdf = ocr.read_searchable(data, "image/png")
    assert data == original
    assert [p.method for p in pages] == ["ocr"]
    (text,) = _texts(pdf)
    assert "Kommunstyrelsen" in text and "2021/0456" in text
    size = pdfium.PdfDocument(pdf)[0].get_size()
    assert size == pytest.approx((1240 * 72 / 300, 900 * 72 / 300), abs=1)


def test_text_layer_pages_are_copied_and_not_ocred(no_tesseract):
    data = makers.text_pdf([makers.SWEDISH_LINES, ["Sida 2 av protokollet, bilaga"]])
    pages, pdf = ocr.read_searchable(data, "application/pdf")
    assert [p.method for p in pages] == ["textlayer", "textlayer"]
    assert "Tegelviken 3:14" in _texts(pdf)[0]


def test_word_boxes_land_where_the_words_are():
    jpeg = makers.encode(makers.page_image(["x"], (600, 300)), "JPEG")
    page = ocr.PageText(1, "Ärende § 5", 90.0, "ocr", 0.1, {})
    result = PageResult(
        page, jpeg, (600, 300), 300, [(60, 120, 180, 40, "Ärende"), (300, 120, 40, 40, "§")]
    )
    document = pdfium.PdfDocument(page_with_words(result))
    textpage = document[0].get_textpage()
    assert "Ärende" in textpage.get_text_bounded(left=0, bottom=0, right=60, top=72)
    assert "§" in textpage.get_text_bounded()


def test_word_files_have_no_rendition():
    with pytest.raises(ocr.OcrError, match="no PDF rendition"):
        ocr.searchable_pdf(b"text", "text/plain")


def test_restored_paragraph_signs_reach_the_hidden_text():
    data = (SAMPLES / "protocol_skewed.png").read_bytes()
    pages, pdf = ocr.read_searchable(data, "image/png", ocr.OcrOptions(languages="swe"))
    assert pages[0].steps.get("paragraph_signs")  # the swe model read `8 123` or the like
    (text,) = _texts(pdf)
    assert "§ 123" in " ".join(text.split())


def test_the_rendition_read_again_keeps_its_layer_as_matching_the_page():
    data = makers.encode(makers.page_image(makers.SWEDISH_LINES), "PNG", dpi=(300, 300))
    _, pdf = ocr.read_searchable(data, "image/png")
    (page,) = ocr.read(pdf, "application/pdf", ocr.OcrOptions(workers=0))
    assert page.method == "textlayer", page.steps  # the words lie where their ink is
    assert "Tegelviken 3:14" in page.text


def test_each_hidden_word_spans_its_own_box_whatever_came_before():
    jpeg = makers.encode(makers.page_image(["x"], (1200, 300)), "JPEG")
    boxes = [(60, 120, 600, 40, "Kommunstyrelsen"), (800, 120, 150, 40, "beslutar")]
    page = ocr.PageText(1, "Kommunstyrelsen beslutar", 90.0, "ocr", 0.1, {})
    document = pdfium.PdfDocument(page_with_words(PageResult(page, jpeg, (1200, 300), 300, boxes)))
    textpage = document[0].get_textpage()
    start = textpage.get_text_range().index("beslutar")
    lefts, rights = zip(
        *((box[0], box[2]) for box in map(textpage.get_charbox, range(start, start + 8))),
        strict=True,
    )
    textpage.close()
    document.close()
    points = 72 / 300
    assert min(lefts) == pytest.approx(800 * points, abs=3)
    assert max(rights) == pytest.approx(950 * points, abs=3)
