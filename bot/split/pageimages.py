"""Page images of an original at a modest resolution, for barcodes and patch bars: PDF pages
rendered grey (PDFium), image files frame by frame. Read only; the original is never changed."""

from __future__ import annotations

import io
from collections.abc import Iterator

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageOps

from ocr.cleanup import Grey

DPI = 150  # a cover sheet's QR modules are ~1.8 mm: 10 px here
MAX_PIXELS = 40_000_000
IMAGE_TYPES = ("image/png", "image/jpeg", "image/tiff", "image/gif", "image/bmp", "image/webp")


def _pdf(data: bytes, dpi: int) -> Iterator[tuple[int, Grey, int]]:
    document = pdfium.PdfDocument(data)
    try:
        for index in range(len(document)):
            try:
                page = document[index]
            except pdfium.PdfiumError:  # a page PDFium cannot load (a looping page tree)
                continue
            try:
                width, height = page.get_size()
                scale = min(dpi / 72.0, (MAX_PIXELS / max(width * height, 1.0)) ** 0.5)
                bitmap = page.render(scale=scale, grayscale=True)
                grey = np.array(bitmap.to_numpy(), dtype=np.uint8)
                bitmap.close()
            finally:
                page.close()
            yield index + 1, (grey[:, :, 0] if grey.ndim == 3 else grey), round(scale * 72)
    finally:
        document.close()


def _frame_dpi(image: Image.Image) -> int:
    try:
        value = float(image.info.get("dpi", (0, 0))[0])
    except (TypeError, ValueError, IndexError):
        value = 0.0
    return round(value) if 50 <= value <= 1200 else 200


def _images(data: bytes) -> Iterator[tuple[int, Grey, int]]:
    with Image.open(io.BytesIO(data)) as image:
        frames = getattr(image, "n_frames", 1) if image.format == "TIFF" else 1
        for index in range(frames):
            image.seek(index)
            if image.size[0] * image.size[1] > MAX_PIXELS:
                continue
            upright = ImageOps.exif_transpose(image) or image
            yield index + 1, np.array(upright.convert("L"), dtype=np.uint8), _frame_dpi(image)


def page_images(data: bytes, media_type: str, dpi: int = DPI) -> Iterator[tuple[int, Grey, int]]:
    """(page number, grey pixels, dpi) for each page; nothing for other types."""
    if media_type == "application/pdf":
        yield from _pdf(data, dpi)
    elif media_type in IMAGE_TYPES:
        yield from _images(data)
