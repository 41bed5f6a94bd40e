"""Batches made on the fly: cover sheets, blank and PATCH-T pages, documents, joined into one
PDF, optionally rasterised as a scanner would deliver them."""

from __future__ import annotations

import io

import pypdfium2
from fpdf import FPDF

from bench.batches import join
from bot.casenumbers import parse
from bot.split.coversheet import Sheet, render
from tests.conftest import make_pdf


def cover(number: str) -> bytes:
    parsed = parse(number)
    assert parsed is not None
    return render(Sheet(parsed, "Ärendets titel"))


def blank() -> bytes:
    pdf = FPDF(format="A4")
    pdf.add_page()
    return bytes(pdf.output())


def patch_t() -> bytes:
    """Kodak's transfer patch: bars narrow-wide-narrow-wide, 2/5 mm wide, spaces 2 mm."""
    pdf = FPDF(format="A4")
    pdf.add_page()
    x = 90.0
    for width in (2.0, 5.0, 2.0, 5.0):
        pdf.rect(x, 60, width, 80, style="F")
        x += width + 2.0
    pdf.set_font("Helvetica", "B", 28)
    pdf.set_xy(20, 160)
    pdf.cell(0, 12, "PATCH T", align="C")
    return bytes(pdf.output())


def scanned(pdf: bytes, dpi: int = 150) -> bytes:
    """The pages as a multi-page TIFF, images only (no text layer)."""
    doc = pypdfium2.PdfDocument(pdf)
    images = [doc[i].render(scale=dpi / 72, grayscale=True).to_pil() for i in range(len(doc))]
    buffer = io.BytesIO()
    images[0].save(buffer, format="TIFF", save_all=True, append_images=images[1:],
                   dpi=(dpi, dpi), compression="tiff_deflate")
    return buffer.getvalue()


def letter(number: str, title: str, pages: int = 1) -> bytes:
    """A document of `pages` pages naming a case number on its first."""
    return join([make_pdf([f"Exempelby kommun, sida {n} av {pages}", f"Dnr {number}", title,
                           "Brödtext om ärendet."] if n == 1 else
                          [f"Exempelby kommun, sida {n} av {pages}", "Fortsättning av texten."])
                 for n in range(1, pages + 1)])
