"""Cover sheets: printed from the registry, and their QR code read back from poor scans."""

from __future__ import annotations

import numpy as np
import pypdfium2
import pytest
from PIL import Image

from bot.casenumbers import DEFAULT_GRAMMAR, parse
from bot.cli import main
from bot.split import barcodes
from bot.split.coversheet import payload, read_payload, says_cover_sheet
from tests.bot.split.helpers import cover


def _grey(pdf: bytes, dpi: int) -> np.ndarray:
    page = pypdfium2.PdfDocument(pdf)[0]
    return np.array(page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L"))


def test_payload_round_trip_and_other_codes_ignored():
    number = parse("KS 2021/0456-3")
    assert payload(number) == "DIARIEBOT FB1 KS 2021/0456-3"
    assert read_payload(payload(number), DEFAULT_GRAMMAR) == number
    assert read_payload("https://example.org/KS 2021/0456-3", DEFAULT_GRAMMAR) is None


def _faint(grey: np.ndarray, seed: int) -> np.ndarray:
    """Poor toner: black printed as light grey with holes, plus scanner noise."""
    gen = np.random.default_rng(seed)
    ink = grey < 128
    out = np.full(grey.shape, 235, np.float64)
    out[ink] = 165
    out[ink & (gen.random(grey.shape) < 0.2)] = 235
    out += gen.normal(0, 12, grey.shape)
    return np.clip(out, 0, 255).astype(np.uint8)


def _skewed(grey: np.ndarray, angle: float) -> np.ndarray:
    return np.array(Image.fromarray(grey).rotate(angle, expand=True, fillcolor=255))


@pytest.mark.parametrize(("dpi", "angle", "faint"), [
    (150, 0.0, False), (72, 0.0, False), (100, 8.0, False), (150, 3.0, True), (100, 2.0, True),
    (200, 90.0, False), (150, 180.0, True)])
def test_the_qr_code_reads_on_degraded_scans(dpi, angle, faint):
    grey = _grey(cover("KS 2021/0456-3"), dpi)
    if faint:
        grey = _faint(grey, dpi)
    if angle:
        grey = _skewed(grey, angle)
    found = [read_payload(t, DEFAULT_GRAMMAR) for t in barcodes.read(grey)]
    assert parse("KS 2021/0456-3") in found


def test_a_page_of_text_has_no_barcode():
    from tests.conftest import make_pdf
    assert barcodes.read(_grey(make_pdf(["Dnr KS 2021/0456", "Beslut"] * 10), 150)) == []


def test_the_printed_words_identify_our_sheet_only():
    assert says_cover_sheet("FÖRSÄTTSBLAD\nCover sheet - diariebot\nKS 2021/0456-3")
    assert says_cover_sheet("FORSATTSBLAD ... Lägg detta blad först ... skanna allt i en bunt")
    assert not says_cover_sheet("Försättsblad fax\nTill: Kommunen\nAntal sidor: 3")


def test_coversheet_command_prints_one_a4_page(registry, tmp_path, capsys):
    out = tmp_path / "fb.pdf"
    home = str(registry.settings.home)
    assert main(["--home", home, "coversheet", "KS 2021/0456-3", "--out", str(out)]) == 0
    pdf = pypdfium2.PdfDocument(out.read_bytes())
    assert len(pdf) == 1
    width, height = pdf[0].get_size()
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (210, 297)
    text = pdf[0].get_textpage().get_text_bounded()
    assert "FÖRSÄTTSBLAD" in text and "KS 2021/0456-3" in text and "Tegelviken" in text
    found = barcodes.read(_grey(out.read_bytes(), 150))
    assert found == ["DIARIEBOT FB1 KS 2021/0456-3"]


@pytest.mark.parametrize("number", ["KS 2021/0456-9", "KS 2019/0001-1", "inget nummer"])
def test_coversheet_command_refuses_what_the_registry_lacks(registry, tmp_path, capsys, number):
    out = tmp_path / "fb.pdf"
    home = str(registry.settings.home)
    assert main(["--home", home, "coversheet", number, "--out", str(out)]) == 1
    assert not out.exists()
    assert "/" in capsys.readouterr().err
