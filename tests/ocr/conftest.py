"""Fixtures for the OCR tests: a guard that fails when Tesseract is called, and shared OCR runs."""

from __future__ import annotations

import pytest

import ocr
from tests.ocr import makers


@pytest.fixture
def no_tesseract(monkeypatch):
    """Fail the test if anything would start Tesseract."""

    def refuse(*args, **kwargs):
        raise AssertionError("tesseract was called")

    monkeypatch.setattr("ocr.tesseract._run", refuse)
    monkeypatch.setattr("ocr.tesseract.recognise", refuse)
    monkeypatch.setattr("ocr.tesseract.orientation", refuse)
    monkeypatch.setattr("ocr.parallel._submit", refuse)  # nothing may go to a worker either


@pytest.fixture(scope="session")
def swedish_scan_page() -> ocr.PageText:
    """The Swedish sample lines drawn on an A4 page at 300 dpi, OCRed once for all tests."""
    data = makers.encode(makers.page_image(makers.SWEDISH_LINES), "PNG", dpi=(300, 300))
    (page,) = ocr.read(data, "image/png")
    return page
