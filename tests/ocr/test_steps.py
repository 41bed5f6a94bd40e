"""Each clean-up step as a pure function on a page image: borders, holes, lighting, noise,
binarising, the sheet in a photo, sideways and upside-down pages, upscaling. No Tesseract."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from ocr import borders, layout, lighting, orient, photo, prepare, scale
from tests.ocr import makers

A5_300DPI = (1240, 1754)
LINES = makers.SWEDISH_LINES * 4


@pytest.fixture(scope="module")
def page() -> np.ndarray:
    return np.asarray(makers.page_image(LINES, A5_300DPI, font_px=30), dtype=np.uint8)


def _ink(grey: np.ndarray) -> int:
    return int(np.count_nonzero(grey < 128))


def test_dark_border_is_painted_white_and_text_kept(page):
    framed = page.copy()
    framed[:, :60] = 20
    framed[-50:, :] = 30
    cleaned, share = borders.remove_borders(framed)
    assert share > 0.05
    assert cleaned[:, :60].min() == 255 and cleaned[-50:, :].min() == 255
    assert _ink(cleaned) == pytest.approx(_ink(page), rel=0.02)


def test_punched_holes_are_found_near_the_edge_only(page):
    holed = page.copy()
    for y in (400, 1350):  # 8 mm holes, 7 mm from the left edge
        cv2.circle(holed, (85, y), 47, (10,), -1)
    cv2.circle(holed, (620, 900), 47, (10,), -1)  # a dot in the middle is not a hole
    cleaned, holes = borders.remove_holes(holed, dpi=300)
    assert holes == 2
    assert cleaned[400, 85] == 255 and cleaned[900, 620] == 10


def test_clean_page_has_no_border_and_no_holes(page):
    assert borders.remove_borders(page)[1] == 0.0
    assert borders.remove_holes(page, dpi=300)[1] == 0


def test_shadow_is_evened_out_by_dividing_by_the_background(page):
    shade = np.linspace(1.0, 0.45, page.shape[1], dtype=np.float32)[None, :]
    shadowed = (page.astype(np.float32) * shade).astype(np.uint8)
    paper = lighting.background(shadowed)
    assert lighting.uneven(paper)
    flat = lighting.flatten(shadowed, paper)
    right_paper = flat[50:150, -200:-100]
    assert right_paper.mean() > 240  # the shadowed side is white paper again
    assert _ink(flat) == pytest.approx(_ink(page), rel=0.1)
    assert not lighting.uneven(lighting.background(page))


def test_noise_is_measured_and_removed_and_otsu_gives_black_and_white(page):
    rng = np.random.default_rng(1)
    noisy = np.clip(page + rng.normal(0, 40, page.shape), 0, 255).astype(np.uint8)
    assert lighting.noise_sigma(page) < 2
    assert lighting.noise_sigma(noisy) > lighting.NOISY_SIGMA
    cleaned = lighting.denoise(noisy)
    assert lighting.noise_sigma(cleaned) < lighting.noise_sigma(noisy) / 2
    black_white = lighting.binarise(cleaned)
    assert set(np.unique(black_white)) <= {0, 255}
    assert _ink(black_white) == pytest.approx(_ink(page), rel=0.25)


def _photographed(page: np.ndarray, placed: np.ndarray) -> np.ndarray:
    height, width = page.shape
    corners = np.array([[0, 0], [width, 0], [width, height], [0, height]], dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(corners, placed)
    paper = (page.astype(np.float32) * 0.8 + 40).astype(np.uint8)
    return np.asarray(cv2.warpPerspective(paper, matrix, (1600, 2100), borderValue=(60,)))


def test_sheet_is_found_in_a_photo_and_straightened(page):
    placed = np.array([[210, 160], [1390, 230], [1440, 1900], [150, 1830]], dtype=np.float32)
    corners = photo.find_page(_photographed(page, placed))
    assert corners is not None
    assert np.abs(corners - placed).max() < 15
    flat = photo.straighten(_photographed(page, placed), corners)
    assert flat.shape == (3508, 2480)


def test_a_scan_is_not_taken_for_a_photo(page):
    assert photo.find_page(page) is None
    framed = page.copy()
    framed[:, :40] = 20
    assert photo.find_page(framed) is None


def test_sideways_page_is_recognised(page):
    small = layout.ink(layout.shrink(page)[0])
    assert not layout.is_sideways(layout.text_lines(small))
    turned = layout.ink(layout.shrink(np.ascontiguousarray(np.rot90(page)))[0])
    assert layout.is_sideways(layout.text_lines(turned))


def test_upside_down_page_is_recognised_from_ascenders(page):
    assert orient.turn_needed(layout.ink(page)) == 0
    assert orient.turn_needed(layout.ink(np.ascontiguousarray(np.rot90(page, 2)))) == 180
    assert orient.turn_needed(np.zeros((500, 500), np.uint8)) is None  # no text: no opinion


@pytest.mark.parametrize(
    ("dpi", "glyph", "factor"),
    [
        (200, 0.0, 1.5),
        (150, 0.0, 2.0),
        (300, 0.0, 1.0),
        (600, 0.0, 1.0),
        (None, 14.0, 2.0),
        (None, 30.0, 1.0),
    ],
)
def test_upscale_factor_from_dpi_or_letter_height(dpi, glyph, factor):
    assert scale.factor_for(dpi, glyph) == pytest.approx(factor)


def test_upscale_enlarges(page):
    assert scale.upscale(page, 1.5).shape == (2631, 1860)
    assert scale.upscale(page, 1.0) is page


def test_chain_records_what_it_did_and_leaves_a_clean_page_alone(page):
    steps: dict[str, object] = {}
    ready = prepare.prepare(page, 300, steps)
    assert steps == {} and ready.upright_known and ready.grey is page
    turned: dict[str, object] = {}
    prepare.prepare(np.ascontiguousarray(np.rot90(page, 2)), 300, turned)
    assert turned["rotation"] == 180
