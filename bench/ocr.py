"""OCR benchmark: Swedish municipal pages with ground truth, degraded as real copies are, read
side by side by this pipeline, plain `tesseract -l swe` and OCRmyPDF; CER and seconds per page
per degradation, `§ NNN` and case numbers read exactly, text-layer pages per second, and peak
memory on a long scan.

    .venv/bin/python -m bench.ocr --pages 2 --memory-pages 30     # a quick look
    .venv/bin/python -m bench.ocr --pages 6 --memory-pages 300    # the full run

OCRmyPDF is measured when `ocrmypdf` is installed (`apt-get install -y ocrmypdf`), otherwise
reported as not measured. Pages are read two at a time (2 cores); every reader runs one page
single-threaded, and all three read a page back to back, so they share the machine's load.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from bench import ocr_engines, ocr_memory, ocr_real
from bench.ocr_degrade import KINDS, make
from bench.ocr_pages import Page, pages
from bench.ocr_report import report
from bench.ocr_score import cer, dash_hits, exact_hits
from ocr import languages

os.environ["OMP_THREAD_LIMIT"] = "1"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


@dataclass
class Tally:
    """Sums for one reader on one degradation."""

    edits: int = 0
    chars: int = 0
    seconds: float = 0.0
    pages: int = 0
    wanted: int = 0
    exact: int = 0
    signs: list[int] = field(default_factory=lambda: [0, 0])  # `§ NNN` read exactly, wanted
    cases: list[int] = field(default_factory=lambda: [0, 0])  # case numbers read exactly, wanted
    dashes: list[int] = field(default_factory=lambda: [0, 0])  # en-dash words read exactly
    cer_pages: list[float] = field(default_factory=list)

    def add(self, text: str, seconds: float, page: Page) -> None:
        edits, chars = cer(text, page.text)
        wanted = page.paragraphs + page.case_numbers
        self.edits, self.chars, self.seconds = (
            self.edits + edits,
            self.chars + chars,
            self.seconds + seconds,
        )
        self.pages, self.wanted = self.pages + 1, self.wanted + len(wanted)
        self.exact += exact_hits(text, wanted)
        self.signs[0] += exact_hits(text, page.paragraphs)
        self.signs[1] += len(page.paragraphs)
        self.cases[0] += exact_hits(text, page.case_numbers)
        self.cases[1] += len(page.case_numbers)
        self.dashes[0] += dash_hits(text, page.dashes)
        self.dashes[1] += len(page.dashes)
        self.cer_pages.append(edits / max(chars, 1))


Results = dict[str, dict[str, Tally]]  # reader -> degradation -> tally


def _readers(args: argparse.Namespace) -> list[str]:
    names = [f"ours:{languages}" for languages in args.languages]
    if args.raw:
        names.append(f"ours-no-fix:{args.languages[0]}")
    names.append("tesseract")
    if ocrmypdf_on(args):
        names.append("ocrmypdf")
    return names


def ocrmypdf_on(args: argparse.Namespace) -> bool:
    return not args.no_ocrmypdf and ocr_engines.ocrmypdf_available()


def _task(page: Page, kind: str, seed: int, readers: list[str]) -> list[tuple[str, str, float]]:
    data, media_type = make(page, kind, seed)
    return [
        (reader, *ocr_engines.read(reader, data, media_type, has_dpi=kind != "photo"))
        for reader in readers
    ]


def _warm_up(pool: ThreadPoolExecutor, page: Page, languages: list[str]) -> None:
    """Start both workers and load each language in each (as a long-running service would)."""
    data, media_type = make(page, "clean", 0)
    for language in languages:
        list(pool.map(ocr_engines.ours, [data] * 2, [media_type] * 2, [language] * 2))


def run_pages(args: argparse.Namespace) -> Results:
    readers = _readers(args)
    corpus = pages(args.pages, seed=args.seed)
    results: Results = {reader: {kind: Tally() for kind in args.kinds} for reader in readers}
    tasks = [
        (page, kind, i * 100 + j)
        for i, page in enumerate(corpus)
        for j, kind in enumerate(args.kinds)
    ]
    with ThreadPoolExecutor(max_workers=2) as pool:
        _warm_up(pool, corpus[0], args.languages)
        futures = [
            (page, kind, pool.submit(_task, page, kind, seed, readers))
            for page, kind, seed in tasks
        ]
        for page, kind, future in futures:
            for reader, text, seconds in future.result():
                results[reader][kind].add(text, seconds, page)
            print(f"  {kind:10} page done", flush=True)
    return results


def _real_pages(args: argparse.Namespace) -> None:
    readers = [f"ours:{args.languages[0]}", "tesseract"]
    readers += ["ocrmypdf"] if ocrmypdf_on(args) else []
    real = ocr_real.read_all(args.corpus, readers, args.languages[0])
    if real:
        print(f"\nReal pages from the corpus, all readers with `{args.languages[0]}`")
        print("(CER / seconds per page):\n")
        print(ocr_real.table(real))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2, help="pages per degradation")
    parser.add_argument("--kinds", nargs="+", default=list(KINDS), choices=list(KINDS))
    parser.add_argument(
        "--languages", nargs="+", default=[languages.DEFAULT], help="for this pipeline"
    )
    parser.add_argument("--memory-pages", type=int, default=30, help="0: skip")
    parser.add_argument("--text-pages", type=int, default=200)
    parser.add_argument("--no-ocrmypdf", action="store_true")
    parser.add_argument("--raw", action="store_true", help="also without the `§` correction")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, help="write the figures here too")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="real pages with truth")
    args = parser.parse_args()
    results = run_pages(args)
    extra: dict[str, dict[str, float]] = {
        "text_layer": ocr_memory.text_layer_rate(pages(6), args.text_pages)
    }
    if args.memory_pages:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "scan.pdf"
            ocr_memory.scanned_pdf(pages(10, seed=7), args.memory_pages, path)
            extra["memory"] = ocr_memory.peak_memory(path)
    figures = report(results, extra, ocrmypdf_on(args), os.getloadavg())
    _real_pages(args)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
