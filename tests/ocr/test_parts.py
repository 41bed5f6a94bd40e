"""The small parts: text-layer judgement, TSV parsing, the Tesseract environment, clean-up."""

from __future__ import annotations

import os
import subprocess

import numpy as np
import pytest
from PIL import Image

import ocr
from ocr import capi, cleanup, layout, page_ocr, tesseract, textlayer
from ocr.model import OcrOptions
from tests.ocr import makers

TSV_HEADER = (
    "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
)


def _word(block: int, par: int, line: int, conf: float, text: str) -> str:
    return f"5\t1\t{block}\t{par}\t{line}\t1\t0\t0\t10\t10\t{conf}\t{text}"


def test_tsv_gives_lines_paragraph_breaks_and_mean_confidence():
    rows = [
        TSV_HEADER,
        "1\t1\t0\t0\t0\t0\t0\t0\t100\t100\t-1\t",
        _word(1, 1, 1, 90, "Dnr"),
        _word(1, 1, 1, 80, "KS"),
        _word(1, 1, 2, 70, "2021/0456"),
        _word(2, 1, 1, -1, "Tegelviken"),
        _word(2, 1, 1, 60, " "),
    ]
    result = tesseract.parse_tsv("\n".join(rows))
    assert result.text == "Dnr KS\n2021/0456\n\nTegelviken"
    assert result.confidence == pytest.approx(80.0)
    assert result.words == 3


def test_tsv_without_words_has_zero_confidence():
    assert tesseract.parse_tsv(TSV_HEADER) == tesseract.Recognised("", 0.0, 0)


def test_tesseract_runs_single_threaded(monkeypatch):
    seen = {}

    def fake_run(command, **kwargs):
        seen.update(kwargs["env"])
        return subprocess.CompletedProcess(command, 0, TSV_HEADER.encode(), b"")

    monkeypatch.setenv("OMP_THREAD_LIMIT", "4")
    monkeypatch.setattr(tesseract.subprocess, "run", fake_run)
    tesseract.recognise_command(np.full((10, 10), 255, np.uint8), "swe+eng", 300, 5.0)
    assert seen["OMP_THREAD_LIMIT"] == "1"


def test_the_loaded_engine_is_single_threaded_too():
    capi.library()  # OpenMP reads the limit when libtesseract loads
    assert os.environ["OMP_THREAD_LIMIT"] == "1"


def test_thread_limit_is_set_for_the_process():
    assert os.environ.get("OMP_THREAD_LIMIT")


@pytest.mark.parametrize(
    ("text", "usable"),
    [
        ("Kommunstyrelsen beslutar om detaljplanen", True),
        ("Sida 1", False),
        ("\ufffd" * 30 + "abc", False),
        ("\ue000\ue001\ue002" * 10, False),
        ("1234 5678 9012 3456 7890 1234", False),
        ("Budget 2021: 1 234 567 kr, 2022: 2 345 678 kr", True),
    ],
)
def test_text_layer_judgement(text, usable):
    assert textlayer.usable(text, min_chars=20) is usable


def test_text_layer_tidy_keeps_line_end_hyphens():
    assert textlayer.tidy("Över\x02klagande\r\nrad två  \r\n") == "Över-\nklagande\nrad två"


@pytest.mark.parametrize("degrees", [-4.0, -1.5, 2.56, 6.0])
def test_skew_is_measured_and_removed(degrees):
    upright = makers.page_image(makers.SWEDISH_LINES * 3, (1240, 1754), font_px=23)
    skewed = np.asarray(upright.rotate(degrees, fillcolor=255, resample=Image.Resampling.BILINEAR))
    straightened, applied = layout.deskew(skewed)
    assert applied == pytest.approx(-degrees, abs=0.3)
    assert abs(layout.skew_angle(straightened)) < 0.3


def test_straight_page_and_single_word_are_left_alone():
    page = np.asarray(makers.page_image(makers.SWEDISH_LINES * 3, (1240, 1754), font_px=23))
    word = np.asarray(makers.page_image(["Potatis"], (1240, 1754), font_px=23))
    assert layout.deskew(page)[1] == 0.0
    assert layout.deskew(word)[1] == 0.0


def test_blank_detection_ignores_dust_but_sees_a_short_word():
    assert cleanup.is_blank(np.asarray(makers.speckled_blank(specks=3000)))
    assert not cleanup.is_blank(np.asarray(makers.page_image(["Nr"])))


def test_quarter_turns_are_clockwise():
    grey = np.arange(6, dtype=np.uint8).reshape(2, 3)
    assert cleanup.rotate_quarters(grey, 90).tolist() == [[3, 0], [4, 1], [5, 2]]
    assert cleanup.rotate_quarters(grey, 360).tolist() == grey.tolist()


@pytest.mark.parametrize("shape", [(3, 3), (1, 1000), (1000, 1)])
def test_tiny_or_thin_images_are_read_without_clean_up_errors(shape):
    grey = np.zeros(shape, np.uint8)
    page = page_ocr.ocr_page(grey, 1, OcrOptions(workers=0), 300, {})
    assert page.method == "ocr" and "error" not in page.steps


SWEDISH_PARAGRAPH = (
    "Kommunstyrelsen beslutar att godkänna detaljplanen för Tegelviken 3:14 och att "
    "uppdra åt förvaltningen att samråda med berörda sakägare. Ärendet har beretts av "
    "samhällsbyggnadsförvaltningen i samråd med länsstyrelsen och ska redovisas för "
    "nämnden under hösten. Beslutet kan överklagas till förvaltningsrätten inom tre veckor."
)


def test_mojibake_text_layer_is_repaired_not_ocred():
    broken = SWEDISH_PARAGRAPH.encode("utf-8").decode("cp1252", "replace")
    assert "fÃ¶r" in broken
    assert textlayer.repair_mojibake(broken) == (SWEDISH_PARAGRAPH, True)
    assert textlayer.repair_mojibake(SWEDISH_PARAGRAPH) == (SWEDISH_PARAGRAPH, False)


def test_mojibake_pdf_layer_is_read_repaired(no_tesseract):
    broken = "Kommunfullmäktige beslutar om årsredovisningen för Åsens skola".encode().decode(
        "cp1252"
    )
    (page,) = ocr.read(makers.text_pdf([[broken]]), "application/pdf")
    assert page.method == "textlayer" and page.steps == {"mojibake_repaired": True}
    assert "Kommunfullmäktige" in page.text and "Åsens" in page.text


def test_glyph_garbage_layer_is_not_trusted():
    shifted = "".join(chr(ord(c) + 1) if c.isalpha() else c for c in SWEDISH_PARAGRAPH)
    assert textlayer.garbage(shifted)
    assert not textlayer.usable(shifted, min_chars=20)
    assert textlayer.usable(SWEDISH_PARAGRAPH, min_chars=20)
    assert not textlayer.garbage("Karin Lund, Per Sjögren, Märta Ekström")  # too short to judge
