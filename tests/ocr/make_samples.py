"""Writes the small committed OCR samples in tests/samples/ocr/ (run once; they are made here,
from DejaVu text, so they belong to the project):

    .venv/bin/python -m tests.ocr.make_samples
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
from PIL import Image

from tests.ocr import makers

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "ocr"
PROTOCOL = [
    "PROTOKOLLSUTDRAG Kommunstyrelsen",
    "§ 123",
    "Ärendet gäller detaljplan för Tegelviken 3:14",
    "Dnr KS 2021/0456",
    "Åtgärden bedöms inte medföra betydande miljöpåverkan.",
    "Överklagande ska ske inom tre veckor.",
]
STRIP = (1500, 800)  # pixels at 300 dpi: a strip of an A4 page


def skewed_strip() -> Image.Image:
    page = makers.page_image(PROTOCOL, STRIP, font_px=40)
    return page.rotate(2.2, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)


def upside_down_strip() -> Image.Image:
    return makers.page_image(PROTOCOL, STRIP, font_px=40).rotate(180)


def copy_200dpi() -> Image.Image:
    """A 200-dpi photocopy strip: grey paper, a dark lid border, one punched hole."""
    page = np.asarray(makers.page_image(PROTOCOL, STRIP, font_px=40), dtype=np.float32)
    grey = page * 0.75 + 30
    height = grey.shape[0]
    cv2.circle(grey, (60, height // 2), 45, (10,), -1)
    grey[:, -40:] = 15
    small = cv2.resize(grey.clip(0, 255).astype(np.uint8), None, fx=2 / 3, fy=2 / 3)
    return Image.fromarray(small)


def phone_photo() -> Image.Image:
    """A small A5-ish sheet on a dark desk, in perspective, a shadow across one side."""
    sheet = np.asarray(makers.page_image(PROTOCOL * 3, (1240, 1754), font_px=40), np.float32)
    sheet = sheet * 0.8 + 40
    corners = np.array([[0, 0], [1240, 0], [1240, 1754], [0, 1754]], dtype=np.float32)
    placed = np.array([[210, 160], [1390, 230], [1440, 1900], [150, 1830]], dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(corners, placed)
    scene = cv2.warpPerspective(sheet, matrix, (1600, 2100), borderValue=(60,))
    shadow = np.linspace(1.0, 0.55, 1600, dtype=np.float32)[None, :]
    return Image.fromarray((scene * shadow).clip(0, 255).astype(np.uint8))


def main() -> None:
    SAMPLES.mkdir(parents=True, exist_ok=True)
    skewed_strip().save(SAMPLES / "protocol_skewed.png", dpi=(300, 300), optimize=True)
    upside_down_strip().save(SAMPLES / "protocol_upside_down.png", dpi=(300, 300), optimize=True)
    copy_200dpi().save(SAMPLES / "copy_200dpi.png", dpi=(200, 200), optimize=True)
    phone_photo().save(SAMPLES / "phone_photo.jpg", quality=80)


if __name__ == "__main__":
    main()
