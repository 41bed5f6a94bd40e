"""Every file of the shared hostile corpus either gives pages or an OcrError: no other exception,
no hang. Skipped where the corpus is absent. Robustness, not quality: one page of each file,
PDFs rendered at 72 dpi, 2 s per page for Tesseract (a page over it comes back as a timeout),
so the sweep stays within ~30 s on two idle cores."""

from __future__ import annotations

import faulthandler
import time
from pathlib import Path

import pytest

import ocr

CORPUS = Path("/work/shared/corpus")
FOLDERS = ["pdfs", "scans", "badinput/images"]
MEDIA_TYPES = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".tif": "image/tiff",
    ".tiff": "image/tiff",
    ".gif": "image/gif",
    ".bmp": "image/bmp",
    ".webp": "image/webp",
    ".heic": "image/heic",
    ".ico": "image/x-icon",
}
OPTIONS = ocr.OcrOptions(max_pages=1, page_timeout=2.0, dpi=72)  # robustness, not quality
HANG_SECONDS = 120  # far above the slowest file; the watchdog also catches a hang inside C code


def _files() -> list[Path]:
    found = (p for folder in FOLDERS for p in sorted((CORPUS / folder).rglob("*")))
    return [p for p in found if p.suffix.lower() in MEDIA_TYPES]


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore::UserWarning")  # Pillow notes corrupt EXIF in hostile files
@pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus not present")
@pytest.mark.parametrize("path", _files(), ids=lambda p: str(p.relative_to(CORPUS)))
def test_corpus_file_gives_pages_or_ocr_error(path: Path):
    media_type = MEDIA_TYPES[path.suffix.lower()]
    faulthandler.dump_traceback_later(HANG_SECONDS, exit=True)
    start = time.monotonic()
    try:
        pages = list(ocr.read(path.read_bytes(), media_type, OPTIONS))
    except ocr.OcrError as error:
        assert str(error).strip()
        return
    finally:
        faulthandler.cancel_dump_traceback_later()
    assert pages, "no pages and no error"
    assert [p.number for p in pages] == list(range(1, len(pages) + 1))
    assert len(pages) <= OPTIONS.max_pages
    assert all(p.method in {"textlayer", "ocr", "blank"} for p in pages)
    # a hang, not slowness, is the failure here (a loaded CI machine is slow): the page deadline
    # plus worker start-up must bound it well inside the watchdog
    assert time.monotonic() - start < HANG_SECONDS / 2
