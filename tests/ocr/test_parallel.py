"""Worker processes: pages come back in order, few pages are in flight at a time (streaming),
a worker over its memory bound or time limit costs its page, not the document."""

from __future__ import annotations

import numpy as np

import ocr
from ocr import parallel
from ocr.parallel import Job
from tests.ocr import makers

WHITE = np.full((400, 300), 255, np.uint8)


def test_pages_return_in_order_with_few_in_flight():
    options = ocr.OcrOptions(workers=2)
    pulled: list[int] = []

    def jobs():
        for number in range(1, 13):
            pulled.append(number)
            yield Job(number, grey=WHITE, dpi=300)

    seen = []
    for result in parallel.run(jobs(), options):
        seen.append(result.page.number)
        assert len(pulled) - len(seen) <= 2 * options.workers  # bounded look-ahead
    assert seen == list(range(1, 13))


def test_multipage_tiff_is_read_by_workers_in_order():
    images = [
        makers.page_image([f"Sida {n} av 4 i protokollet"], (1240, 500)) for n in (1, 2, 3, 4)
    ]
    pages = list(ocr.read(makers.tiff_pages(images), "image/tiff", ocr.OcrOptions(workers=2)))
    assert [p.number for p in pages] == [1, 2, 3, 4]
    assert all(f"Sida {p.number} av 4" in p.text for p in pages)


def test_a_worker_over_its_memory_bound_costs_only_its_page():
    data = makers.encode(makers.page_image(["Kommunstyrelsen"], (1240, 500)), "PNG")
    starved = ocr.OcrOptions(workers=1, page_memory_mb=64)  # too little to even load numpy
    (page,) = ocr.read(data, "image/png", starved)
    assert page.steps["error"].startswith("worker")
    (page,) = ocr.read(data, "image/png", ocr.OcrOptions(workers=1))  # a fresh pool reads it
    assert "Kommunstyrelsen" in page.text


def test_in_process_reading_when_workers_is_zero():
    data = makers.encode(makers.page_image(["Kommunstyrelsen beslutar"], (1240, 500)), "PNG")
    (page,) = ocr.read(data, "image/png", ocr.OcrOptions(workers=0))
    assert "Kommunstyrelsen" in page.text
