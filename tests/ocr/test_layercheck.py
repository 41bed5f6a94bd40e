"""A text layer that does not match the page: a stamp or a header over a full scan, an OCR
layer over blank paper. Real PDFs made here (fpdf2, a 300-dpi "scan" drawn with PIL), and the
pure measures on small masks. Only the stamp test runs Tesseract."""

from __future__ import annotations

import time

import numpy as np
import pypdfium2 as pdfium
import pytest
from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFont

import ocr
from ocr import layercheck, pdf
from ocr.layercheck import LayerFit
from tests.ocr import makers

PDF = "application/pdf"
FONT_PX = 46  # 11 pt at 300 dpi
LINE_PX = 92
LEFT_PX = 250
TOP_BASELINE_PX = 420
BODY = [
    "Kommunstyrelsen beslutar att godkänna detaljplanen för Tegelviken 3:14.",
    "Ärendet har beretts av samhällsbyggnadsförvaltningen under våren.",
    "Samrådet pågick i tre veckor och sju yttranden kom in från sakägare.",
    "Länsstyrelsen har inga invändningar mot planens genomförande.",
    "Förvaltningen föreslår att planen antas utan ändringar i kartan.",
    "Beslutet kan överklagas till mark- och miljödomstolen inom tre veckor.",
    "Protokollet justeras av ordföranden och en vald ledamot på fredag.",
    "Handläggare är Karin Lund på planenheten, telefon 0123-456 78.",
    "Kommunfullmäktige tar ställning till planen vid sitt möte i juni.",
    "Ekonomiska konsekvenser redovisas i bilaga två till tjänsteskrivelsen.",
    "Gatukontoret ansvarar för anslutningen till det kommunala vägnätet.",
    "Miljöförvaltningen har granskat dagvattenutredningen utan anmärkning.",
]
STAMP = "Inkom 2021-03-04 Dnr KS 2021/0456"  # 29 characters: a usable layer on its own
STAMP_BASELINE_PX = 200


def _baselines(count: int, first: int = TOP_BASELINE_PX) -> list[int]:
    return [first + index * LINE_PX for index in range(count)]


def _scan(lines: list[str], baselines: list[int]) -> Image.Image:
    """An A4 page at 300 dpi with the lines drawn on their baselines: a clean scan."""
    image = Image.new("L", makers.A4_300DPI, 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(makers.FONT, FONT_PX)
    for line, baseline in zip(lines, baselines, strict=True):
        draw.text((LEFT_PX, baseline), line, font=font, fill=0, anchor="ls")
    return image


def _mm(pixels: float) -> float:
    return pixels / 300 * 25.4


def _scan_pdf(
    image: Image.Image | None, layer: list[tuple[str, int]], invisible: bool = True
) -> bytes:
    """An A4 PDF: the image over the whole page, and each (text, baseline in image pixels) as
    a text layer in the same place, drawn invisibly as OCR tools do."""
    document = FPDF()
    document.add_font("DejaVu", fname=makers.FONT)
    document.add_page()
    if image is not None:
        document.image(image, x=0, y=0, w=210, h=297)
    document.set_font("DejaVu", size=FONT_PX / 300 * 72)
    if invisible:
        document.text_mode = "INVISIBLE"
    for text, baseline in layer:
        document.text(_mm(LEFT_PX), _mm(baseline), text)
    return bytes(document.output())


def _fit(data: bytes, rotation: int = 0) -> LayerFit | None:
    document = pdfium.PdfDocument(data)
    try:
        page = document[0]
        if rotation:
            page.set_rotation(rotation)
        textpage = page.get_textpage()
        return layercheck.check(page, textpage)
    finally:
        document.close()


@pytest.fixture(scope="module")
def body_scan() -> Image.Image:
    return _scan(BODY, _baselines(len(BODY)))


@pytest.fixture(scope="module")
def matching_pdf(body_scan) -> bytes:
    return _scan_pdf(body_scan, list(zip(BODY, _baselines(len(BODY)), strict=True)))


@pytest.fixture
def fits(monkeypatch) -> list[LayerFit | None]:
    """Every layer check made during the test, in order."""
    made: list[LayerFit | None] = []
    check = layercheck.check

    def recording(page, textpage):
        made.append(check(page, textpage))
        return made[-1]

    monkeypatch.setattr(layercheck, "check", recording)
    return made


def _wave(
    left: int, right: int, middle: int, height: int, period: int
) -> list[tuple[float, float]]:
    """A scribble from left to right: a signature."""
    xs = np.linspace(left, right, 200)
    return list(zip(xs, middle + height * np.sin(xs / period), strict=True))


def _refuse(*args, **kwargs):
    raise AssertionError("the page was rendered")


# --- whole pages ------------------------------------------------------------------------------


def test_vector_text_page_is_trusted_without_rendering(no_tesseract, monkeypatch, fits):
    monkeypatch.setattr(layercheck, "render_with_boxes", _refuse)
    monkeypatch.setattr(pdfium.PdfPage, "render", _refuse)
    (page,) = ocr.read(makers.text_pdf([makers.SWEDISH_LINES]), PDF)
    assert page.method == "textlayer"
    assert page.text.splitlines() == makers.SWEDISH_LINES
    assert page.steps == {}
    assert fits == [None]  # checked, and judged to need no render


def test_scan_with_a_matching_invisible_layer_is_kept(no_tesseract, matching_pdf, fits):
    (page,) = ocr.read(matching_pdf, PDF)
    assert page.method == "textlayer"
    assert page.text.splitlines() == BODY
    (fit,) = fits
    assert fit is not None, "a scan must be checked"
    assert fit.uncovered_ink < 0.1 and fit.rects_on_ink > 0.9
    assert "textlayer_mismatch" not in page.steps


def test_rotated_scan_with_a_matching_layer_still_matches(matching_pdf):
    for rotation in (90, 180, 270):
        fit = _fit(matching_pdf, rotation)
        assert fit is not None and not fit.mismatch, (rotation, fit)
        assert fit.uncovered_ink < 0.1 and fit.rects_on_ink > 0.9


def test_stamp_layer_over_a_full_scan_is_ocred_and_the_body_read():
    baselines = [STAMP_BASELINE_PX, *_baselines(6)]
    image = _scan([STAMP, *BODY[:6]], baselines)  # the stamp is on the paper too
    data = _scan_pdf(image, [(STAMP, STAMP_BASELINE_PX)], invisible=False)
    (page,) = ocr.read(data, PDF, ocr.OcrOptions(workers=0))
    assert page.method == "ocr"
    mismatch = page.steps["textlayer_mismatch"]
    assert isinstance(mismatch, dict)
    assert mismatch["uncovered_ink"] > 0.8 and mismatch["rects_on_ink"] == 1.0
    assert page.steps["textlayer_chars"] == len(STAMP.replace(" ", ""))
    for word in ("Tegelviken", "samhällsbyggnadsförvaltningen", "Länsstyrelsen", "överklagas"):
        assert word in page.text


def test_header_only_layer_over_a_full_scan_is_a_mismatch(body_scan):
    header = list(zip(BODY[:2], _baselines(2), strict=True))  # an old tool read two lines
    fit = _fit(_scan_pdf(body_scan, header))
    assert fit is not None and fit.mismatch
    assert fit.uncovered_ink > 0.7 and fit.rects_on_ink > 0.9


def test_layer_over_the_blank_bottom_half_is_a_mismatch_and_goes_to_ocr(no_tesseract):
    top = _baselines(6)
    image = _scan(BODY[:6], top)  # ink in the top quarter only
    misplaced = [(line, baseline + 1800) for line, baseline in zip(BODY[:6], top, strict=True)]
    document = pdfium.PdfDocument(_scan_pdf(image, misplaced))
    try:
        job = pdf._page_job(document[0], 1, ocr.OcrOptions(), time.monotonic(), {})
    finally:
        document.close()
    assert job.done is None and job.grey is not None  # handed on to be OCRed
    assert job.steps["dpi"] == 300
    mismatch = job.steps["textlayer_mismatch"]
    assert isinstance(mismatch, dict)
    assert mismatch["rects_on_ink"] == 0.0 and mismatch["uncovered_ink"] == 1.0


def test_logo_and_signature_beside_vector_text_are_no_false_alarm(no_tesseract, fits):
    logo = Image.new("L", (600, 600), 255)
    ImageDraw.Draw(logo).ellipse((0, 0, 599, 599), fill=0)
    signature = Image.new("L", (900, 300), 255)
    ImageDraw.Draw(signature).line(_wave(20, 880, 150, 100, 40), fill=0, width=10)
    document = FPDF()
    document.add_font("DejaVu", fname=makers.FONT)
    document.add_page()
    document.image(logo, x=140, y=10, w=55, h=55)
    document.set_font("DejaVu", size=11)
    document.set_y(75)
    for line in BODY:
        document.cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
    document.image(signature, x=20, y=document.get_y() + 5, w=75, h=25)
    (page,) = ocr.read(bytes(document.output()), PDF)
    assert page.method == "textlayer" and page.steps == {}
    assert page.text.splitlines() == BODY
    assert fits == [None]  # small images: not a scan, not rendered


def test_letterhead_background_image_under_vector_text_is_no_false_alarm(no_tesseract, fits):
    """A whole-page template image (logo, footer rule, signature) with the letter as vector
    text on top: checked as a possible scan, and its uncovered ink is no alarm."""
    template = Image.new("L", makers.A4_300DPI, 255)
    draw = ImageDraw.Draw(template)
    draw.rectangle((1800, 120, 2350, 560), fill=0)  # a solid logo block
    draw.rectangle((0, 0, 50, 3508), fill=30)  # a dark scanner edge
    draw.line((250, 3250, 2230, 3250), fill=0, width=6)  # footer rule
    draw.line(_wave(300, 1000, 2700, 50, 30), fill=0, width=8)  # signature
    document = FPDF()
    document.add_font("DejaVu", fname=makers.FONT)
    document.add_page()
    document.image(template, x=0, y=0, w=210, h=297)
    document.set_font("DejaVu", size=11)
    document.set_y(60)
    for line in BODY[:5]:
        document.cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
    (page,) = ocr.read(bytes(document.output()), PDF)
    assert page.method == "textlayer"
    (fit,) = fits
    assert fit is not None and not fit.mismatch
    assert fit.uncovered_ink < 0.25 and fit.rects_on_ink == 1.0


def test_invisible_text_makes_a_page_worth_checking_even_without_images(body_scan):
    layer = list(zip(BODY[:3], _baselines(3), strict=True))
    for invisible in (True, False):
        document = pdfium.PdfDocument(_scan_pdf(None, layer, invisible=invisible))
        try:
            page = document[0]
            textpage = page.get_textpage()
            assert layercheck.image_share(page) == 0.0
            assert layercheck.has_invisible_text(textpage) is invisible
            assert layercheck.needs_check(page, textpage) is invisible
        finally:
            document.close()
    document = pdfium.PdfDocument(_scan_pdf(body_scan, []))
    try:
        assert layercheck.image_share(document[0]) == pytest.approx(1.0, abs=0.01)
    finally:
        document.close()


# --- the pure measures ------------------------------------------------------------------------


def _words(rows: int = 40, cols: int = 60) -> np.ndarray:
    """A small ink mask with two 'words' (2x6 blobs) on row 10, at columns 5 and 30."""
    ink = np.zeros((rows, cols), dtype=bool)
    ink[10:12, 5:11] = True
    ink[10:12, 30:36] = True
    return ink


def test_uncovered_share_counts_ink_outside_the_boxes():
    ink = _words()
    assert layercheck.uncovered_share(ink, [(10, 12, 5, 11), (10, 12, 30, 36)]) == 0.0
    assert layercheck.uncovered_share(ink, [(10, 12, 5, 11)]) == pytest.approx(0.5)
    assert layercheck.uncovered_share(ink, []) == 1.0
    assert layercheck.uncovered_share(np.zeros_like(ink), []) == 0.0  # no ink, nothing uncovered


def test_boxes_are_grown_by_the_margin():
    ink = _words()
    near = [(12, 14, 5, 11), (12, 14, 30, 36)]  # just below each word, not over it
    assert layercheck.uncovered_share(ink, near, margin=0) == 1.0
    assert layercheck.uncovered_share(ink, near, margin=2) == 0.0
    assert layercheck.share_on_ink(ink, near, margin=0) == 0.0
    assert layercheck.share_on_ink(ink, near, margin=2) == 1.0


def test_a_solid_blob_weighs_no_more_than_a_word():
    ink = _words(rows=200, cols=200)
    ink[50:150, 50:150] = True  # a 10,000-pixel logo
    weights = layercheck.blob_weights(ink, cap=12)
    assert weights[~ink].sum() == 0.0
    assert weights[50:150, 50:150].sum() == pytest.approx(12.0)
    assert weights[10:12, 5:11].sum() == pytest.approx(12.0)  # a word at the cap keeps its weight
    words = [(10, 12, 5, 11), (10, 12, 30, 36)]
    assert layercheck.uncovered_share(ink, words, margin=0) == pytest.approx(
        layercheck.BLOB_CAP / (layercheck.BLOB_CAP + 24)
    )


def test_share_on_ink_counts_boxes_with_ink_under_them():
    ink = _words()
    on = (10, 12, 5, 11)
    blank = (30, 33, 5, 40)
    assert layercheck.share_on_ink(ink, [on, blank], margin=0) == 0.5
    assert layercheck.share_on_ink(ink, [blank], margin=0) == 0.0
    assert layercheck.share_on_ink(ink, [(-20, -10, 5, 11)], margin=0) == 0.0  # off the page
    assert layercheck.share_on_ink(ink, []) == 0.0


def test_pixel_box_orders_its_corners():
    assert layercheck.pixel_box((10, 40), (30, 20)) == (20, 41, 10, 31)
    assert layercheck.pixel_box((30, 20), (10, 40)) == (20, 41, 10, 31)


def test_ink_mask_is_the_dark_pixels():
    grey = np.array([[0, 127, 128, 255]], dtype=np.uint8)
    assert layercheck.ink_mask(grey).tolist() == [[True, True, False, False]]


@pytest.mark.parametrize(
    ("uncovered", "on_ink", "mismatch"),
    [(0.0, 1.0, False), (0.4, 0.9, False), (0.9, 1.0, True), (0.0, 0.2, True), (1.0, 0.0, True)],
)
def test_mismatch_needs_much_uncovered_ink_or_few_rectangles_on_ink(uncovered, on_ink, mismatch):
    fit = LayerFit(uncovered, on_ink)
    assert fit.mismatch is mismatch
    assert fit.steps() == {"uncovered_ink": uncovered, "rects_on_ink": on_ink}


def test_fit_measures_a_mask():
    ink = _words()
    assert layercheck.fit(ink, [(10, 12, 5, 11)]) == LayerFit(0.5, 1.0)
