"""Images: Swedish OCR, all TIFF pages, EXIF and sideways pages turned, blanks, bombs, timeouts."""

from __future__ import annotations

import time

import pytest
from PIL import Image

import ocr
from tests.ocr import makers

SHORT_PAGE = (1240, 700)  # a strip of an A4 page at 300 dpi: quick to OCR


def test_swedish_scan_is_read_with_good_confidence(swedish_scan_page):
    page = swedish_scan_page
    assert page.method == "ocr"
    assert "Kommunstyrelsen" in page.text
    assert "KS 2021/0456" in page.text
    assert "Tegelviken 3:14" in page.text
    assert page.confidence is not None and page.confidence > 60
    assert page.seconds > 0


def test_ocr_text_keeps_the_lines(swedish_scan_page):
    lines = [line for line in swedish_scan_page.text.splitlines() if line.strip()]
    assert len(lines) == len(makers.SWEDISH_LINES)
    assert lines[1] == "Dnr KS 2021/0456"


def test_every_page_of_a_multipage_tiff_is_read():
    images = [makers.page_image([f"Sida {n} av 3 i protokollet"], SHORT_PAGE) for n in (1, 2, 3)]
    pages = list(ocr.read(makers.tiff_pages(images), "image/tiff"))
    assert [p.number for p in pages] == [1, 2, 3]
    for number, page in enumerate(pages, start=1):
        assert f"Sida {number} av 3" in page.text


def test_blank_page_is_not_sent_to_tesseract(no_tesseract):
    data = makers.encode(makers.speckled_blank(), "PNG")
    (page,) = ocr.read(data, "image/png")
    assert (page.method, page.text, page.confidence) == ("blank", "", None)


def test_exif_orientation_is_applied_before_ocr():
    upright = makers.page_image(makers.SWEDISH_LINES[:2], SHORT_PAGE)
    exif = Image.Exif()
    exif[0x0112] = 6  # "turn 90° clockwise to view": the pixels lie turned counter-clockwise
    data = makers.encode(upright.rotate(90, expand=True), "JPEG", exif=exif, quality=90)
    options = ocr.OcrOptions(auto_rotate=False)
    (page,) = ocr.read(data, "image/jpeg", options)
    assert page.steps["exif_orientation"] == 6
    assert "Kommunstyrelsen" in page.text


def test_sideways_page_is_turned_upright():
    lines = makers.SWEDISH_LINES * 2
    sideways = makers.page_image(lines, (1800, 1100), font_px=40).rotate(90, expand=True)
    (page,) = ocr.read(makers.encode(sideways, "PNG"), "image/png")
    assert page.steps.get("rotation") == 90
    assert "Kommunstyrelsen" in page.text


def test_transparent_background_becomes_white_paper():
    text = makers.page_image(["Kommunstyrelsen beslutar"], SHORT_PAGE)
    ink = text.point(lambda v: 255 - v)  # opaque where the letters are
    image = Image.new("RGBA", SHORT_PAGE, (0, 0, 0, 0))
    image.putalpha(ink)
    (page,) = ocr.read(makers.encode(image, "PNG"), "image/png")
    assert "Kommunstyrelsen" in page.text


def test_page_timeout_gives_an_empty_page_not_an_error():
    data = makers.encode(makers.page_image(makers.SWEDISH_LINES), "PNG")
    (page,) = ocr.read(data, "image/png", ocr.OcrOptions(page_timeout=0.01))
    assert (page.method, page.text, page.steps["error"]) == ("ocr", "", "timeout")


@pytest.mark.parametrize("size", [(9000, 9000), (100_000, 100_000)])
def test_huge_declared_image_is_refused_before_decoding(size):
    start = time.monotonic()
    with pytest.raises(ocr.OcrError, match="för stor / image too large"):
        ocr.read(makers.png_header_only(*size), "image/png")
    assert time.monotonic() - start < 10  # decoding would take minutes or exhaust memory


@pytest.mark.parametrize("media_type", ["image/png", "image/jpeg", "image/tiff"])
def test_garbage_image_raises_a_readable_error(media_type):
    with pytest.raises(ocr.OcrError, match=r"bild|image"):
        ocr.read(b"\x89PNG\r\n\x1a\n garbage", media_type)


def test_mislabelled_image_is_still_read(no_tesseract):
    data = makers.encode(makers.speckled_blank(SHORT_PAGE), "PNG")
    (page,) = ocr.read(data, "image/jpeg")
    assert page.method == "blank"
