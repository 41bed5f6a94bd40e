"""The Tesseract models: the default `Latin+swe` reads `§` and `–` itself; a configured model
that is not installed is skipped (and said so in the page's steps) rather than failing pages."""

from __future__ import annotations

import pytest

import ocr
from ocr import languages
from tests.ocr import makers

LINES = [
    "Protokoll från kommunstyrelsens sammanträde",
    "§ 12 Budget för åren 2022–2024",
    "Ärendet återremitteras enligt 9 kap. 31 § kommunallagen.",
]


def test_narrowed_to_the_installed_models_in_the_configured_order(monkeypatch):
    monkeypatch.setattr(languages, "installed", lambda: frozenset({"swe", "eng", "osd"}))
    assert languages.narrow("Latin+swe") == "swe"
    assert languages.narrow("eng+swe") == "eng+swe"


def test_nothing_installed_leaves_the_string_for_tesseract_to_refuse(monkeypatch):
    monkeypatch.setattr(languages, "installed", lambda: frozenset())
    assert languages.narrow("Latin+swe") == "Latin+swe"


def test_the_installed_list_is_read_from_tesseract():
    assert {"swe", "osd"} <= languages.installed()


@pytest.fixture(scope="module")
def protocol_png() -> bytes:
    return makers.encode(makers.page_image(LINES), "PNG", dpi=(300, 300))


def test_default_models_read_the_paragraph_sign_without_correction(protocol_png):
    assert "Latin" in languages.installed(), "bootstrap installs tesseract-ocr-script-latn"
    options = ocr.OcrOptions(fix_paragraphs=False, workers=0)
    (page,) = ocr.read(protocol_png, "image/png", options)
    assert "§ 12" in page.text and "31 §" in page.text
    assert "2022-2024" in page.text  # no model here reads the en dash on a page
    assert "languages" not in page.steps


def test_the_en_dash_of_a_range_is_put_back(protocol_png):
    (page,) = ocr.read(protocol_png, "image/png", ocr.OcrOptions(workers=0))
    assert "2022–2024" in page.text and page.steps["en_dashes"] == 1


def test_a_missing_model_is_skipped_and_noted(protocol_png, monkeypatch):
    monkeypatch.setattr(languages, "installed", lambda: frozenset({"swe", "osd"}))
    (page,) = ocr.read(protocol_png, "image/png", ocr.OcrOptions(workers=0))
    assert page.steps["languages"] == "swe"
    assert "§ 12" in page.text  # put back by the correction, as the swe model has no `§`
