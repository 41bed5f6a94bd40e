"""The public interface: supported media types, the error for others, and the JSON form."""

from __future__ import annotations

import json

import pytest

import ocr
from tests.ocr import makers

READABLE = [
    "application/pdf",
    "image/png",
    "image/jpeg",
    "image/tiff",
    "image/gif",
    "image/bmp",
    "image/webp",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "text/plain",
    "TEXT/PLAIN; charset=windows-1252",
    "image/jpg",
]


@pytest.mark.parametrize("media_type", READABLE)
def test_supported_types(media_type):
    assert ocr.supported(media_type)


@pytest.mark.parametrize("media_type", ["application/zip", "image/heic", "application/msword", ""])
def test_unsupported_type_is_refused_with_a_reason(media_type):
    assert not ocr.supported(media_type)
    with pytest.raises(ocr.OcrError, match="stöds inte / unsupported"):
        ocr.read(b"data", media_type)


def test_to_json_lists_every_field_of_every_page(no_tesseract):
    pages = ocr.read(
        makers.text_pdf([makers.SWEDISH_LINES, ["Sida 2 av protokollet, bilaga"]]),
        "application/pdf",
    )
    result = json.loads(json.dumps(ocr.to_json(pages)))
    assert [p["number"] for p in result["pages"]] == [1, 2]
    first = result["pages"][0]
    assert set(first) == {"number", "text", "confidence", "method", "seconds", "steps"}
    assert (first["method"], first["confidence"]) == ("textlayer", None)
    assert "KS 2021/0456" in first["text"]


def test_options_defaults():
    options = ocr.OcrOptions()
    assert (options.languages, options.dpi, options.min_text_chars) == ("Latin+swe", 300, 20)
    assert (options.page_timeout, options.max_pages, options.max_pixels) == (
        120.0,
        2000,
        80_000_000,
    )
