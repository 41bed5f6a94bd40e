"""The clean-up chain for one page image before Tesseract; each step is applied only when the
page needs it, and recorded in `steps` (what `diariebot ocr FILE --json` shows).

Order: find the sheet in a photo, paint scanner borders and punched holes white, even out
the light, turn upright and straighten, upscale a low-resolution scan, denoise and binarise
a noisy one.
"""

from __future__ import annotations

from dataclasses import dataclass

from ocr import borders, layout, lighting, orient, photo, scale
from ocr.cleanup import Grey, rotate, rotate_quarters

DEFAULT_DPI = 300


@dataclass
class Prepared:
    """The cleaned page, its resolution, and whether its way up was established."""

    grey: Grey
    dpi: int | None
    upright_known: bool


def prepare(
    grey: Grey,
    dpi: int | None,
    steps: dict[str, object],
    turn: bool = True,
    straighten: bool = True,
) -> Prepared:
    """Run the chain; `steps` gains an entry for each step that changed the page. `turn` and
    `straighten` allow 90/180° turns and deskewing."""
    grey, dpi = _photo(grey, dpi, steps)
    grey = _debris(grey, dpi or DEFAULT_DPI, steps)
    grey = _light(grey, steps)
    grey, glyph, known = _orient(grey, steps, turn, straighten)
    grey, dpi = _resolution(grey, dpi, glyph, steps)
    grey = _noise(grey, steps)
    return Prepared(grey, dpi, known)


def _photo(grey: Grey, dpi: int | None, steps: dict[str, object]) -> tuple[Grey, int | None]:
    corners = photo.find_page(grey)
    if corners is None:
        return grey, dpi
    steps["perspective"] = [[round(float(x)), round(float(y))] for x, y in corners]
    return photo.straighten(grey, corners), DEFAULT_DPI


def _debris(grey: Grey, dpi: int, steps: dict[str, object]) -> Grey:
    grey, share, holes = borders.remove_debris(grey, dpi)
    if share:
        steps["border"] = round(share, 3)
    if holes:
        steps["holes"] = holes
    return grey


def _light(grey: Grey, steps: dict[str, object]) -> Grey:
    paper = lighting.background(grey)
    if not lighting.uneven(paper):
        return grey
    steps["lighting"] = "evened"
    return lighting.flatten(grey, paper)


def _orient(
    grey: Grey, steps: dict[str, object], allow_turn: bool, allow_deskew: bool
) -> tuple[Grey, float, bool]:
    """Sideways pages turned, skew removed, upside-down pages turned; glyph height (full size)."""
    small, factor = layout.shrink(grey)
    lines = layout.text_lines(layout.ink(small))
    turn = 0
    if allow_turn and layout.is_sideways(lines):
        turn, grey, small = 90, rotate_quarters(grey, 90), rotate_quarters(small, 90)
        lines = layout.text_lines(layout.ink(small))
    angle = layout.skew(lines)
    if allow_deskew and layout.MIN_DESKEW_DEGREES < abs(angle) <= layout.MAX_DESKEW_DEGREES:
        grey, small = rotate(grey, angle), rotate(small, angle)
        steps["deskew"] = round(angle, 2)
    way_up = orient.turn_needed(layout.ink(small), lines.glyph) if allow_turn else None
    if way_up == 180:
        turn, grey = (turn + 180) % 360, rotate_quarters(grey, 180)
    if turn:
        steps["rotation"] = turn
    return grey, lines.glyph / factor, way_up is not None


def _resolution(
    grey: Grey, dpi: int | None, glyph: float, steps: dict[str, object]
) -> tuple[Grey, int | None]:
    factor = scale.factor_for(dpi, glyph)
    if factor <= 1.0:
        return grey, dpi
    steps["upscale"] = round(factor, 2)
    return scale.upscale(grey, factor), round((dpi or DEFAULT_DPI / factor) * factor)


def _noise(grey: Grey, steps: dict[str, object]) -> Grey:
    sigma = lighting.noise_sigma(grey)
    if sigma <= lighting.NOISY_SIGMA:
        return grey
    steps["denoise"] = round(sigma, 1)
    steps["binarise"] = "otsu"
    return lighting.binarise(lighting.denoise(grey))
