"""Throughput and memory figures: text-layer pages per second, and the peak memory (RSS of a
child process and its workers, sampled) while a long scanned PDF is read page by page."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
from pathlib import Path

from fpdf import FPDF
from PIL import Image

import ocr
from bench.ocr_pages import FONTS, Page, page_pdf, render


def text_layer_pdf(pages: list[Page], count: int) -> bytes:
    """`count` pages with a real text layer (DejaVu), cycling through the given pages."""
    pdf = FPDF(format="A4")
    pdf.add_font("DejaVuSans", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.set_font("DejaVuSans", size=10)
    for index in range(count):
        pdf.add_page()
        for line in pages[index % len(pages)].lines:
            pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def text_layer_rate(pages: list[Page], count: int = 200) -> dict[str, float]:
    """Pages per second reading a text-layer PDF, and how many pages needed OCR (should be 0)."""
    data = text_layer_pdf(pages, count)
    start = time.monotonic()
    read = list(ocr.read(data, "application/pdf"))
    seconds = time.monotonic() - start
    ocred = sum(page.method != "textlayer" for page in read)
    return {"pages": count, "pages_per_second": count / seconds, "ocred": ocred}


def scanned_pdf(pages: list[Page], count: int, path: Path) -> None:
    """A scanned PDF of `count` A4 pages (300 dpi grey JPEG), each page image distinct."""
    pdf = FPDF(format="A4")
    images = [Image.fromarray(render(page_pdf(page), 300)) for page in pages]
    for index in range(count):
        image = images[index % len(images)]
        buffer = io.BytesIO()
        image.save(buffer, format="JPEG", quality=75 + index % 20, dpi=(300, 300))
        pdf.add_page()
        pdf.image(buffer, x=0, y=0, w=210, h=297)
    pdf.output(str(path))


def _tree_rss_kb(root: int) -> int:
    """Resident memory of a process and all its descendants, in kB (from /proc)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        parents[int(entry.name)] = int(fields.get("PPid", "0").strip())
        rss[int(entry.name)] = int(fields.get("VmRSS", "0 kB").split()[0])
    tree, changed = {root}, True
    while changed:
        grown = tree | {pid for pid, parent in parents.items() if parent in tree}
        changed, tree = grown != tree, grown
    return sum(rss.get(pid, 0) for pid in tree)


def peak_memory(path: Path) -> dict[str, float]:
    """Read the PDF in a child process; sample the RSS of it and its workers every 0.2 s."""
    child = subprocess.Popen(
        [sys.executable, "-m", "bench.ocr_memory", str(path)],
        stdout=subprocess.PIPE,
        env={**os.environ, "OMP_THREAD_LIMIT": "1"},
    )
    peak, start = 0, time.monotonic()
    while child.poll() is None:
        peak = max(peak, _tree_rss_kb(child.pid))
        time.sleep(0.2)
    output = child.stdout.read().decode() if child.stdout else ""
    pages, errors = (int(value) for value in (output.split() or ["0", "0"])[:2])
    seconds = time.monotonic() - start
    return {"pages": pages, "errors": errors, "peak_mb": peak / 1024, "seconds": seconds}


def _read_all(path: str) -> None:
    """The child: read every page, keep nothing, print pages read and pages in error."""
    pages = errors = 0
    for page in ocr.read(Path(path).read_bytes(), "application/pdf"):
        pages += 1
        errors += "error" in page.steps
    print(pages, errors)


if __name__ == "__main__":
    _read_all(sys.argv[1])
