"""Turns a text PDF into what an office scanner or a photocopy makes of it (image only)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, datetime

import cv2
import numpy as np
import pypdfium2 as pdfium
from PIL import Image

FORMATS = ("pdf", "jpg", "png", "tif")
NOISE_TILE = 384


@dataclass(frozen=True)
class ScanJob:
    """One scan to make: the source PDF, its seed, resolution and the file format to write."""

    pdf: bytes
    seed: int
    dpi: int
    fmt: str  # one of FORMATS
    bilevel: bool = False  # black and white, as many office scanners and faxes send
    when: datetime = datetime(2025, 2, 3, 9, 0, tzinfo=UTC)  # written into a PDF's info


def rasterise(pdf: bytes, dpi: int, first_only: bool) -> list[np.ndarray]:
    """Grey pixels of each page."""
    document = pdfium.PdfDocument(pdf)
    try:
        count = 1 if first_only else len(document)
        pages = []
        for index in range(count):
            bitmap = document[index].render(scale=dpi / 72, grayscale=True)
            pixels = bitmap.to_numpy()
            pages.append(np.ascontiguousarray(pixels[..., 0] if pixels.ndim == 3 else pixels))
        return pages
    finally:
        document.close()


def skew(img: np.ndarray, angle: float, paper: int) -> np.ndarray:
    h, w = img.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    matrix[:, 2] += (w * 0.004, h * 0.003)  # paper not quite in the corner of the glass
    return cv2.warpAffine(img, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=paper)


def photocopy(img: np.ndarray, gen: np.random.Generator) -> np.ndarray:
    """Harder contrast, toner speckles and a darker band at one edge."""
    curve = np.clip((np.arange(256, dtype=np.float32) - 60) * 1.6, 0, 255).astype(np.uint8)
    out = cv2.LUT(img, curve)
    count = int(img.size * 0.0003)
    out[gen.integers(0, img.shape[0], count), gen.integers(0, img.shape[1], count)] = 40
    band = int(img.shape[1] * gen.uniform(0.01, 0.03))
    out[:, :band] = (out[:, :band] * 0.55).astype(np.uint8)
    return out


def add_noise(img: np.ndarray, gen: np.random.Generator, sigma: float) -> np.ndarray:
    """Sensor noise from a tiled random field: looks the same, costs a tenth."""
    h, w = img.shape
    tile = (gen.standard_normal((NOISE_TILE, NOISE_TILE), dtype=np.float32) * sigma)
    noise = np.tile(tile.astype(np.int16), (h // NOISE_TILE + 1, w // NOISE_TILE + 1))[:h, :w]
    return np.clip(img.astype(np.int16) + noise, 0, 255).astype(np.uint8)


def degrade_page(img: np.ndarray, gen: np.random.Generator, bilevel: bool) -> np.ndarray:
    """Paper tone, skew, noise, blur, maybe photocopy, JPEG artefacts; or bilevel."""
    paper = int(gen.integers(228, 250))
    tone = np.clip(np.arange(256) * (paper / 255.0) + gen.uniform(-4, 4), 0, 255)
    out = cv2.LUT(img, tone.astype(np.uint8))
    angle = float(gen.uniform(-3, 3) if gen.random() < 0.3 else gen.uniform(-1.2, 1.2))
    out = add_noise(skew(out, angle, paper), gen, float(gen.uniform(2, 7)))
    out = cv2.GaussianBlur(out, (3, 3), float(gen.uniform(0.4, 1.0)))
    if gen.random() < 0.3:
        out = photocopy(out, gen)
    if bilevel:
        return np.where(out > int(gen.integers(140, 185)), 255, 0).astype(np.uint8)
    quality = int(gen.integers(35, 75))
    _, encoded = cv2.imencode(".jpg", out, [cv2.IMWRITE_JPEG_QUALITY, quality])
    decoded = cv2.imdecode(encoded, cv2.IMREAD_GRAYSCALE)
    return out if decoded is None else np.asarray(decoded, dtype=np.uint8)


def to_image(pixels: np.ndarray, bilevel: bool) -> Image.Image:
    image = Image.fromarray(pixels)
    return image.convert("1") if bilevel else image


def encode(pages: list[Image.Image], fmt: str, dpi: int, when: datetime) -> bytes:
    """One file holding the pages (JPEG and PNG hold the first page only)."""
    out = io.BytesIO()
    first, rest = pages[0], pages[1:]
    if fmt == "pdf":
        stamp = when.utctimetuple()  # Pillow would write the current time: not reproducible
        first.save(out, "PDF", resolution=float(dpi), save_all=True, append_images=rest,
                   creationDate=stamp, modDate=stamp, producer="Scan to PDF")
    elif fmt == "tif":
        compression = "group4" if first.mode == "1" else "tiff_lzw"
        first.save(out, "TIFF", compression=compression, dpi=(dpi, dpi), save_all=True,
                   append_images=rest)
    elif fmt == "jpg":
        first.convert("L").save(out, "JPEG", quality=80, dpi=(dpi, dpi))
    else:
        first.save(out, "PNG", dpi=(dpi, dpi))
    return out.getvalue()


def make_scan(job: ScanJob) -> bytes:
    """The scanned file's bytes; the same job always gives the same bytes."""
    gen = np.random.default_rng(job.seed)
    pages = rasterise(job.pdf, job.dpi, first_only=job.fmt in ("jpg", "png"))
    images = [to_image(degrade_page(page, gen, job.bilevel), job.bilevel) for page in pages]
    return encode(images, job.fmt, job.dpi, job.when)
