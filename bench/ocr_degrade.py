"""Degrading a rendered page the way real copies are: skew, blur, noise, JPEG, 200 dpi,
photocopies with dark borders and punched holes, pages turned 90/180°, phone photos."""

from __future__ import annotations

import io
from collections.abc import Callable

import cv2
import numpy as np
from PIL import Image

from bench.ocr_pages import Page, page_pdf, render

Grey = np.ndarray
Made = tuple[bytes, str]  # file bytes, media type


def encode(grey: Grey, fmt: str, dpi: int | None, quality: int = 90) -> Made:
    image = Image.fromarray(grey)
    buffer = io.BytesIO()
    params: dict[str, object] = {"dpi": (dpi, dpi)} if dpi else {}
    if fmt == "JPEG":
        params["quality"] = quality
    image.save(buffer, format=fmt, **params)
    return buffer.getvalue(), {"PNG": "image/png", "JPEG": "image/jpeg"}[fmt]


def rotate(grey: Grey, degrees: float, fill: int = 255) -> Grey:
    """Counter-clockwise by `degrees`, the canvas grown so no ink is lost."""
    image = Image.fromarray(grey)
    turned = image.rotate(degrees, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=fill)
    return np.array(turned)


def _noise(grey: Grey, rng: np.random.Generator, sigma: float) -> Grey:
    noisy = grey.astype(np.float32) + rng.normal(0.0, sigma, grey.shape).astype(np.float32)
    return np.clip(noisy, 0, 255).astype(np.uint8)


def clean(grey: Grey, rng: np.random.Generator) -> Made:
    return encode(grey, "PNG", 300)


def skew(grey: Grey, rng: np.random.Generator) -> Made:
    angle = float(rng.uniform(1.0, 3.0) * rng.choice([-1, 1]))
    return encode(rotate(grey, angle), "PNG", 300)


def blur(grey: Grey, rng: np.random.Generator) -> Made:
    return encode(cv2.GaussianBlur(grey, (0, 0), float(rng.uniform(2.6, 3.2))), "PNG", 300)


def noise(grey: Grey, rng: np.random.Generator) -> Made:
    noisy = _noise(grey, rng, float(rng.uniform(35, 50)))
    specks = rng.random(grey.shape) < 0.004
    noisy[specks] = rng.integers(0, 80, int(specks.sum()))
    return encode(noisy, "PNG", 300)


def jpeg(grey: Grey, rng: np.random.Generator) -> Made:
    small = cv2.resize(grey, None, fx=0.8, fy=0.8, interpolation=cv2.INTER_AREA)
    return encode(small, "JPEG", 240, quality=int(rng.integers(12, 20)))


def dpi200(grey: Grey, rng: np.random.Generator) -> Made:
    """An office printer's 200-dpi scan: fewer pixels and a softer edge."""
    small = cv2.resize(grey, None, fx=2 / 3, fy=2 / 3, interpolation=cv2.INTER_AREA)
    return encode(cv2.GaussianBlur(small, (0, 0), 0.7), "PNG", 200)


def _blotches(shape: tuple[int, ...], rng: np.random.Generator) -> np.ndarray:
    """A smooth random field in 0..1, varying over a few centimetres."""
    coarse = rng.random((12, 9)).astype(np.float32)
    return cv2.resize(coarse, (shape[1], shape[0]), interpolation=cv2.INTER_CUBIC).clip(0, 1)


def photocopy(grey: Grey, rng: np.random.Generator) -> Made:
    """A copy of a copy: grey paper, heavy toner, dark lid borders, punched holes, slight skew."""
    ink = cv2.erode(grey, np.ones((2, 2), np.uint8))
    faded = _blotches(grey.shape, rng)  # toner and paper vary across the sheet
    paper = np.where(ink < 128, 20 + 90 * faded, 150 + 60 * faded)
    copy = _noise(paper.astype(np.uint8), rng, 14.0)
    height, width = copy.shape
    for y in (0.28, 0.72):  # two punched holes in the left margin, black through the lid
        cv2.circle(copy, (int(width * 0.045), int(height * y)), int(width * 0.022), (15,), -1)
    copy = rotate(copy, float(rng.uniform(0.5, 1.5) * rng.choice([-1, 1])), fill=20)
    band = int(width * rng.uniform(0.015, 0.03))
    copy[:, :band] = 20
    copy[-band:, :] = 25
    return encode(copy, "PNG", 300)


def rot90(grey: Grey, rng: np.random.Generator) -> Made:
    return encode(np.ascontiguousarray(np.rot90(grey, k=int(rng.choice([1, 3])))), "PNG", 300)


def rot180(grey: Grey, rng: np.random.Generator) -> Made:
    return encode(np.ascontiguousarray(np.rot90(grey, k=2)), "PNG", 300)


def photo(grey: Grey, rng: np.random.Generator) -> Made:
    """A phone photo: the page on a dark desk, in perspective, a shadow across it, JPEG, no dpi."""
    height, width = grey.shape
    frame_w, frame_h = 3024, 4032
    scale = 0.82 * frame_h / height
    corners = np.array([[0, 0], [width, 0], [width, height], [0, height]], dtype=np.float32)
    centre = np.array([frame_w / 2, frame_h / 2], dtype=np.float32)
    half = np.array([width / 2, height / 2], dtype=np.float32)
    jitter = rng.uniform(-0.05, 0.05, (4, 2)) * np.array([frame_w, frame_h])
    placed = ((corners - half) * scale + centre + jitter).astype(np.float32)
    matrix = cv2.getPerspectiveTransform(corners, placed)
    paper = (grey.astype(np.float32) * 0.78 + 40).astype(np.uint8)  # paper is never white
    scene = cv2.warpPerspective(paper, matrix, (frame_w, frame_h), borderValue=(70,))
    xs = np.linspace(0.0, 1.0, frame_w, dtype=np.float32)
    ys = np.linspace(0.0, 1.0, frame_h, dtype=np.float32)[:, None]
    light = 1.0 - 0.5 * np.clip(1.3 * xs + 0.6 * ys - 0.9, 0.0, 1.0)  # a shadow from a corner
    lit = scene.astype(np.float32) * light
    shot = _noise(cv2.GaussianBlur(lit.astype(np.uint8), (0, 0), 1.2), rng, 6.0)
    return encode(shot, "JPEG", None, quality=80)


KINDS: dict[str, Callable[[Grey, np.random.Generator], Made]] = {
    "clean": clean,
    "skew": skew,
    "blur": blur,
    "noise": noise,
    "jpeg": jpeg,
    "dpi200": dpi200,
    "photocopy": photocopy,
    "rot90": rot90,
    "rot180": rot180,
    "photo": photo,
}


def make(page: Page, kind: str, seed: int) -> Made:
    """The page rendered at 300 dpi and degraded as `kind`."""
    return KINDS[kind](render(page_pdf(page), 300), np.random.default_rng(seed))
