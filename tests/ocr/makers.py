"""Small documents made on the fly for the OCR tests: text-layer PDFs, page images, TIFF, docx."""

from __future__ import annotations

import io
import struct
import zlib

import numpy as np
from docx import Document
from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
A4_300DPI = (2480, 3508)
SWEDISH_LINES = [
    "Kommunstyrelsen beslutar att godkänna detaljplanen.",
    "Dnr KS 2021/0456",
    "Fastighet: Tegelviken 3:14",
    "Ärendet gäller även åäö och ÅÄÖ i överklagandet.",
]


def text_pdf(
    pages: list[list[str]], owner_password: str | None = None, user_password: str | None = None
) -> bytes:
    """A PDF with a real text layer (DejaVu, so å ä ö are in the font), one list of lines a page."""
    pdf = FPDF()
    pdf.add_font("DejaVu", fname=FONT)
    pdf.set_font("DejaVu", size=12)
    for lines in pages:
        pdf.add_page()
        for line in lines:
            pdf.cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    if owner_password:
        pdf.set_encryption(owner_password, user_password)
    return bytes(pdf.output())


def page_image(
    lines: list[str], size: tuple[int, int] = A4_300DPI, font_px: int = 46
) -> Image.Image:
    """Black text on white paper, grey; 46 px is 11 pt at 300 dpi."""
    image = Image.new("L", size, 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, font_px)
    for index, line in enumerate(lines):
        draw.text(
            (int(size[0] * 0.1), int(font_px * 5 + index * font_px * 2)), line, font=font, fill=0
        )
    return image


def encode(image: Image.Image, fmt: str, **params: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **params)
    return buffer.getvalue()


def image_pdf(image: Image.Image) -> bytes:
    """A scan as a PDF: one A4 page holding only the image, no text layer."""
    pdf = FPDF()
    pdf.add_page()
    pdf.image(image, x=0, y=0, w=210, h=297)
    return bytes(pdf.output())


def blank_pdf() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    return bytes(pdf.output())


def tiff_pages(images: list[Image.Image]) -> bytes:
    return encode(
        images[0],
        "TIFF",
        save_all=True,
        append_images=images[1:],
        compression="tiff_deflate",
        dpi=(300, 300),
    )


def speckled_blank(size: tuple[int, int] = A4_300DPI, specks: int = 300) -> Image.Image:
    """White paper with single-pixel scanner dust."""
    pixels = np.full((size[1], size[0]), 255, dtype=np.uint8)
    rng = np.random.default_rng(7)
    pixels[rng.integers(0, size[1], specks), rng.integers(0, size[0], specks)] = 0
    return Image.fromarray(pixels)


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that declares a size and holds no pixels: what a decompression bomb shows first."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IEND", b"")


def word_document() -> bytes:
    """A .docx with a header, paragraphs and a table with a merged cell."""
    document = Document()
    document.sections[0].header.paragraphs[0].text = "Dnr KS 2021/0456"
    document.add_paragraph("Kommunstyrelsen beslutar att godkänna detaljplanen.")
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).text = "Fastighet"
    table.cell(0, 1).merge(table.cell(0, 2)).text = "Tegelviken 3:14"
    table.cell(1, 0).text = "Handläggare"
    table.cell(1, 1).text = "Karin Lund"
    table.cell(1, 2).text = "åäö"
    document.add_paragraph("Beslutet kan överklagas.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
