"""Real Tesseract on the small committed samples in tests/samples/ocr/ (made by make_samples.py):
a skewed protocol strip, one upside down, a 200-dpi photocopy with border and punched hole, and
a phone photo in perspective with a shadow. Assertions are tolerant: the key strings and steps."""

from __future__ import annotations

from pathlib import Path

import pytest

import ocr

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "ocr"
KEY_STRINGS = ["§ 123", "KS 2021/0456", "Tegelviken 3:14", "Ärendet", "Överklagande"]
SWEDISH_ONLY = ocr.OcrOptions(languages="swe")  # the Debian model without `§`
DEFAULT = ocr.OcrOptions()  # Latin+swe


def _read(name: str, options: ocr.OcrOptions = SWEDISH_ONLY) -> ocr.PageText:
    media_type = "image/jpeg" if name.endswith(".jpg") else "image/png"
    (page,) = ocr.read((SAMPLES / name).read_bytes(), media_type, options)
    return page


def _found(page: ocr.PageText) -> list[str]:
    return [key for key in KEY_STRINGS if key in page.text]


def test_skewed_protocol_is_straightened_and_read():
    page = _read("protocol_skewed.png")
    assert page.steps["deskew"] == pytest.approx(-2.2, abs=0.4)
    assert _found(page) == KEY_STRINGS
    assert page.confidence is not None and page.confidence > 80


def test_upside_down_protocol_is_turned_without_a_second_reading():
    page = _read("protocol_upside_down.png")
    assert page.steps["rotation"] == 180
    assert _found(page) == KEY_STRINGS


def test_photocopy_at_200_dpi_loses_border_and_hole_and_is_upscaled():
    page = _read("copy_200dpi.png")
    assert page.steps["upscale"] == pytest.approx(1.5)
    assert page.steps["holes"] == 1 and page.steps["border"] > 0
    assert len(_found(page)) >= 4


def test_phone_photo_is_flattened_and_read():
    page = _read("phone_photo.jpg")
    assert len(page.steps["perspective"]) == 4
    assert page.steps["lighting"] == "evened"
    assert len(_found(page)) >= 4


def test_without_clean_up_the_upside_down_page_needs_tesseract_osd():
    options = ocr.OcrOptions(languages="swe", clean_up=False)
    page = _read("protocol_upside_down.png", options)
    assert page.steps.get("rotation") == 180
    assert "Tegelviken" in page.text


def test_default_models_read_the_skewed_protocol_without_the_correction():
    page = _read("protocol_skewed.png", DEFAULT)
    assert _found(page) == KEY_STRINGS
    assert "paragraph_signs" not in page.steps  # `§` came from the Latin model itself
