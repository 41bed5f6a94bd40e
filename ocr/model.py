"""The records the OCR library hands out: options, page results, its error, their JSON form."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ocr.languages import DEFAULT as DEFAULT_LANGUAGES


class OcrError(Exception):
    """A document that cannot be read; the message is meant for a person (Swedish / English)."""


@dataclass
class PageText:
    """What was read from one page, and how."""

    number: int  # 1-based page number within the document
    text: str
    confidence: float | None  # 0..100 mean Tesseract word confidence; None when not OCRed
    method: str  # "textlayer" | "ocr" | "direct" | "blank"
    seconds: float  # time spent on this page
    steps: dict[str, object] = field(default_factory=dict)  # what was done, e.g. {"dpi": 300}


@dataclass(frozen=True)
class OcrOptions:
    """Limits and choices for one read; the defaults suit a 300-dpi office scan."""

    languages: str = DEFAULT_LANGUAGES  # Latin knows § and –; swe for its poorly read words
    dpi: int = 300
    page_timeout: float = 120.0  # seconds per page for tesseract
    max_pages: int = 2000  # pages beyond this are not read (the last page read says so)
    max_pixels: int = 80_000_000  # decompression-bomb bound per image / rendered page
    min_text_chars: int = 20  # a shorter text layer on a page -> OCR the page
    auto_rotate: bool = True  # on a poorly read page, ask Tesseract OSD for 90/180/270
    deskew: bool = True  # straighten small skews before OCR
    clean_up: bool = True  # photo sheet, borders, holes, lighting, upright, upscale, noise
    fix_paragraphs: bool = True  # put back `§` (read `8`, `&`, `$`) and `–` (read `-`)
    workers: int = 2  # pages OCRed in parallel worker processes; 0: in this process
    page_memory_mb: int = 2048  # address-space bound of a worker process (and its Tesseract)


def to_json(pages: Iterable[PageText]) -> dict[str, list[dict[str, object]]]:
    """The JSON form printed by `diariebot ocr FILE --json`."""
    return {"pages": [_page_json(page) for page in pages]}


def _page_json(page: PageText) -> dict[str, object]:
    confidence = None if page.confidence is None else round(page.confidence, 2)
    return {
        "number": page.number,
        "text": page.text,
        "confidence": confidence,
        "method": page.method,
        "seconds": round(page.seconds, 3),
        "steps": dict(page.steps),
    }
