"""Real scanned pages with ground truth from the shared corpus (Tesseract's test pages, two
UNLV-ISRI magazine pages, a Danish-Norwegian page printed in 1846), read by the same three
readers with the same models, so the figure says what the clean-up adds on paper nobody here
rendered. Skipped when the corpus is absent."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bench import ocr_engines
from bench.ocr_score import cer

TESSERACT_TEST = "scans/tesseract-test"
PAGES = (  # image, ground truth (relative to the corpus)
    (f"{TESSERACT_TEST}/phototest.tif", f"{TESSERACT_TEST}/phototest.gt.txt"),
    (f"{TESSERACT_TEST}/phototest-rotated-L.png", f"{TESSERACT_TEST}/phototest.gt.txt"),
    (f"{TESSERACT_TEST}/phototest-rotated-180.png", f"{TESSERACT_TEST}/phototest.gt.txt"),
    (f"{TESSERACT_TEST}/eurotext.tif", f"{TESSERACT_TEST}/eurotext.gt.txt"),
    (f"{TESSERACT_TEST}/8071_093.3B.tif", f"{TESSERACT_TEST}/8071_093.3B.gt.txt"),
    (f"{TESSERACT_TEST}/8087_054.3B.tif", f"{TESSERACT_TEST}/8087_054.3B.gt.txt"),
    ("scans/stringalign-no-1846/image.png", "scans/stringalign-no-1846/image.gt.txt"),
)
MEDIA = {".tif": "image/tiff", ".png": "image/png"}


@dataclass
class Reading:
    edits: int
    chars: int
    seconds: float


def read_all(corpus: Path, readers: list[str], languages: str) -> dict[str, dict[str, Reading]]:
    """page name -> reader (named as `ocr_engines.read` knows them) -> its reading; empty when
    the corpus is absent. `languages` are the peers' models too, so only the clean-up differs."""
    results: dict[str, dict[str, Reading]] = {}
    for image, truth in PAGES:
        path = corpus / image
        if not path.is_file():
            continue
        data, media_type = path.read_bytes(), MEDIA[path.suffix]
        expected = (corpus / truth).read_text("utf-8")
        results[path.name] = {}
        for reader in readers:
            text, seconds = ocr_engines.read(reader, data, media_type, languages=languages)
            results[path.name][reader] = Reading(*cer(text, expected), seconds)
    return results


def table(results: dict[str, dict[str, Reading]]) -> str:
    """CER / seconds per page and reader, and all pages pooled."""
    readers = list(next(iter(results.values())))
    lines = ["| real page | " + " | ".join(readers) + " |", "|---|" + "---|" * len(readers)]
    for name, row in results.items():
        lines.append(f"| {name} | " + " | ".join(_cell([row[r]]) for r in readers) + " |")
    pooled = [_cell([row[r] for row in results.values()]) for r in readers]
    lines.append("| **pooled** | " + " | ".join(pooled) + " |")
    return "\n".join(lines)


def _cell(readings: list[Reading]) -> str:
    edits, chars = sum(r.edits for r in readings), sum(r.chars for r in readings)
    seconds = sum(r.seconds for r in readings) / max(len(readings), 1)
    return f"{100 * edits / max(chars, 1):.2f}% / {seconds:.2f}s"
