"""A scan job's bytes: a single file as it is; a sequence of page images as one PDF that holds
each JPEG byte for byte (img2pdf; PNG and TIFF losslessly), pages in order. The page files
themselves are kept in the processed folder."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path
from typing import Any

import img2pdf
from PIL import Image, UnidentifiedImageError


class JobError(Exception):
    """The job cannot be made into a submission (the reason goes beside it in the failed
    folder)."""


def _plain(data: bytes) -> bytes:
    """An image img2pdf refuses as it is (transparency, odd modes): its pixels as PNG."""
    with Image.open(io.BytesIO(data)) as image:
        out = io.BytesIO()
        image.convert("RGB" if image.mode not in ("L", "1") else image.mode).save(out, "PNG")
        return out.getvalue()


CONVERTIBLE = (img2pdf.AlphaChannelError, img2pdf.ExifOrientationError,
               img2pdf.JpegColorspaceError, img2pdf.UnsupportedColorspaceError, ValueError,
               TypeError)


def _page(data: bytes) -> tuple[bytes, bool]:
    try:
        img2pdf.convert(data, nodate=True)
        return data, False
    except CONVERTIBLE:
        try:
            return _plain(data), True
        except (OSError, UnidentifiedImageError, ValueError) as error:
            raise JobError(f"bilden kan inte läsas / image cannot be read: {error}") from error
    except (OSError, img2pdf.ImageOpenError) as error:
        raise JobError(f"bilden kan inte läsas / image cannot be read: {error}") from error


def assemble(pages: list[bytes]) -> tuple[bytes, dict[str, Any]]:
    """One PDF of the pages, and a note of each page's original (name-less) digest and size."""
    made, converted = [], []
    for number, data in enumerate(pages, start=1):
        page, changed = _page(data)
        made.append(page)
        if changed:
            converted.append(number)
    pdf: bytes = img2pdf.convert(made, nodate=True)
    meta: dict[str, Any] = {"pages_assembled": len(pages)}
    if converted:
        meta["pages_converted"] = converted
    return pdf, meta


def member_meta(paths: list[Path], datas: list[bytes]) -> list[dict[str, Any]]:
    return [{"name": p.name, "sha256": hashlib.sha256(d).hexdigest(), "size": len(d)}
            for p, d in zip(paths, datas, strict=True)]
