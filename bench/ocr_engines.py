"""The three readers compared by the OCR benchmark, each given one page file: this pipeline,
plain `tesseract -l swe`, and OCRmyPDF (text from its sidecar). All single-threaded per page."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import ocr

ENV = {**os.environ, "OMP_THREAD_LIMIT": "1"}
SUFFIX = {
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/tiff": ".tif",
    "application/pdf": ".pdf",
}
TIMEOUT = 300


def read(
    reader: str, data: bytes, media_type: str, has_dpi: bool = True, languages: str = "swe"
) -> tuple[str, float]:
    """(text, seconds) from one reader by name: `ours:MODELS`, `ours-no-fix:MODELS` (without
    the `§` and `–` corrections), `tesseract` or `ocrmypdf` (those two with `languages`)."""
    if reader.startswith("ours"):
        fix = not reader.startswith("ours-no-fix")
        return ours(data, media_type, reader.split(":", 1)[1], fix)
    if reader == "tesseract":
        return plain(data, media_type, languages)
    return ocrmypdf(data, media_type, has_dpi, languages)


def ocrmypdf_available() -> bool:
    return shutil.which("ocrmypdf") is not None


def ours(data: bytes, media_type: str, languages: str, fix: bool = True) -> tuple[str, float]:
    """This pipeline (its worker pool, warm), default options but the language string and,
    for comparison, the `§` correction."""
    start = time.monotonic()
    options = ocr.OcrOptions(languages=languages, fix_paragraphs=fix)
    text = "\n\n".join(page.text for page in ocr.read(data, media_type, options))
    return text, time.monotonic() - start


def plain(data: bytes, media_type: str, languages: str = "swe") -> tuple[str, float]:
    """`tesseract FILE stdout -l swe`, as a user would run it on the file."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"page{SUFFIX[media_type]}"
        path.write_bytes(data)
        start = time.monotonic()
        done = subprocess.run(
            ["tesseract", str(path), "stdout", "-l", languages],
            capture_output=True,
            env=ENV,
            timeout=TIMEOUT,
            check=False,
        )
        return done.stdout.decode("utf-8", "replace"), time.monotonic() - start


def ocrmypdf(
    data: bytes, media_type: str, has_dpi: bool, languages: str = "swe"
) -> tuple[str, float]:
    """OCRmyPDF with --deskew --rotate-pages --clean -l swe; one job, no PDF/A or optimising
    (its fastest settings for this comparison); images without a dpi are given 300."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / f"page{SUFFIX[media_type]}"
        source.write_bytes(data)
        sidecar = Path(folder) / "text.txt"
        command = ["ocrmypdf", "--deskew", "--rotate-pages", "--clean", "-l", languages]
        command += ["--sidecar", str(sidecar), "--jobs", "1", "--output-type", "pdf"]
        command += ["--optimize", "0", "--quiet"]
        if not has_dpi:
            command += ["--image-dpi", "300"]
        start = time.monotonic()
        subprocess.run(
            [*command, str(source), str(Path(folder) / "out.pdf")],
            capture_output=True,
            env=ENV,
            timeout=TIMEOUT,
            check=False,
        )
        seconds = time.monotonic() - start
        text = sidecar.read_text("utf-8", "replace") if sidecar.exists() else ""
        return text, seconds
