"""Image files to page images: bounded decoding, every frame of a TIFF, EXIF orientation, grey."""

from __future__ import annotations

import io
import struct
import time
from collections.abc import Iterator

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from ocr import parallel
from ocr.cleanup import Grey, is_blank
from ocr.model import OcrError, OcrOptions, PageText
from ocr.page_ocr import PageResult, image_only
from ocr.parallel import Job

# Only these decoders are tried, whatever the declared type (mail clients mislabel images).
FORMATS = ("PNG", "JPEG", "TIFF", "GIF", "BMP", "WEBP")  # JPEG also opens MPO (camera) files
MULTI_PAGE_FORMATS = frozenset({"TIFF"})  # GIF/WebP frames are animation, not pages
DECODE_ERRORS = (OSError, ValueError, TypeError, EOFError, SyntaxError, IndexError, struct.error)
DPI_RANGE = (100.0, 1200.0)  # 72/96 are screen defaults, not scan resolutions
EXIF_ORIENTATION = 0x0112

Decoded = tuple[Grey, int | None, dict[str, object]]  # pixels, trustworthy dpi, steps so far


def image_pages(data: bytes, options: OcrOptions) -> Iterator[PageText]:
    """Decode the first frame now (so a broken image fails at once) and OCR the frames lazily."""
    return (result.page for result in image_results(data, options))


def image_results(
    data: bytes, options: OcrOptions, rendition: bool = False
) -> Iterator[PageResult]:
    """`image_pages` with what a searchable rendition needs (see ocr.page_ocr.PageResult)."""
    image = _open(data, options)
    try:
        first = _frame(image, 0, options)
    except OcrError:
        image.close()
        raise
    return parallel.run(_jobs(image, [first], options, rendition), options, rendition)


def _jobs(
    image: Image.Image, decoded: list[Decoded], options: OcrOptions, rendition: bool
) -> Iterator[Job]:
    """Frame by frame; `decoded` holds the first frame until it is used, then lets it go."""
    count = _frame_count(image)
    last = min(count, options.max_pages)
    try:
        for index in range(last):
            job = _frame_job(image, index, decoded.pop() if decoded else None, options)
            if job.grey is not None and is_blank(job.grey):
                job = _blank(job, rendition)
            job.inked = job.done is None
            if index == last - 1 and last < count:
                parallel.mark_truncated(job, last, count)
            yield job
    finally:
        image.close()


def _frame_job(image: Image.Image, index: int, decoded: Decoded | None, options: OcrOptions) -> Job:
    start = time.monotonic()
    try:
        grey, dpi, steps = decoded or _frame(image, index, options)
    except OcrError as exc:  # a damaged later frame: report it, keep the pages before it
        page = PageText(index + 1, "", None, "ocr", time.monotonic() - start, {"error": str(exc)})
        return Job(index + 1, done=PageResult(page))
    spent = time.monotonic() - start
    return Job(index + 1, grey=grey, dpi=dpi, steps=steps, spent=spent)


def _blank(job: Job, rendition: bool) -> Job:
    """A blank frame is not sent to Tesseract; a rendition still shows it as it is."""
    assert job.grey is not None
    page = PageText(job.number, "", None, "blank", job.spent, job.steps)
    if not rendition:
        return Job(job.number, done=PageResult(page))
    return Job(job.number, done=image_only(page, job.grey, job.dpi))


def _open(data: bytes, options: OcrOptions) -> Image.Image:
    try:
        image = Image.open(io.BytesIO(data), formats=FORMATS)
    except Image.DecompressionBombError as exc:
        raise OcrError(f"bilden är för stor / image too large: {exc}") from exc
    except UnidentifiedImageError as exc:
        raise OcrError("okänt eller trasigt bildformat / unknown or damaged image format") from exc
    except DECODE_ERRORS as exc:
        raise OcrError(f"bilden kan inte läsas / image cannot be read: {exc}") from exc
    _check_size(image, options)
    return image


def _frame(image: Image.Image, index: int, options: OcrOptions) -> Decoded:
    """Pixels, dpi and steps for frame `index`; OcrError when it cannot be decoded."""
    try:
        image.seek(index)
        _check_size(image, options)
        upright, steps = _apply_exif_orientation(image)
        dpi = _dpi(image)
        if dpi:
            steps["dpi"] = dpi
        return _to_grey(upright), dpi, steps
    except Image.DecompressionBombError as exc:
        raise OcrError(f"bilden är för stor / image too large: {exc}") from exc
    except DECODE_ERRORS as exc:
        raise OcrError(f"bilden kan inte läsas / image cannot be read: {exc}") from exc


def _check_size(image: Image.Image, options: OcrOptions) -> None:
    """Refuse before decoding: the header's size is all a decompression bomb needs to show."""
    width, height = image.size
    if width * height > options.max_pixels:
        raise OcrError(
            f"bilden är för stor / image too large: {width}x{height} pixels "
            f"(max {options.max_pixels})"
        )


def _frame_count(image: Image.Image) -> int:
    if image.format not in MULTI_PAGE_FORMATS:
        return 1
    try:
        return max(1, int(getattr(image, "n_frames", 1)))
    except DECODE_ERRORS:
        return 1


def _apply_exif_orientation(image: Image.Image) -> tuple[Image.Image, dict[str, object]]:
    try:
        orientation = image.getexif().get(EXIF_ORIENTATION, 1)
    except DECODE_ERRORS:  # a broken EXIF block must not cost the page
        return image, {}
    if orientation in (None, 1):
        return image, {}
    turned = ImageOps.exif_transpose(image)
    return turned, {"exif_orientation": orientation}


def _to_grey(image: Image.Image) -> Grey:
    """8-bit grey; transparency becomes white paper, 16-bit and float scans are scaled down."""
    if image.mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        return _scale_to_byte(np.asarray(image))
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = Image.alpha_composite(paper, rgba)
    return np.array(image.convert("L"), dtype=np.uint8)


def _scale_to_byte(pixels: np.ndarray) -> Grey:
    values = pixels.astype(np.float64)
    low, high = float(values.min(initial=0.0)), float(values.max(initial=0.0))
    if high <= low:
        return np.full(values.shape, 255, dtype=np.uint8)
    return np.asarray((values - low) * (255.0 / (high - low)), dtype=np.uint8)


def _dpi(image: Image.Image) -> int | None:
    dpi = image.info.get("dpi")
    try:
        value = float(dpi[0]) if dpi else 0.0
    except (TypeError, ValueError, IndexError):
        return None
    return round(value) if DPI_RANGE[0] <= value <= DPI_RANGE[1] else None
