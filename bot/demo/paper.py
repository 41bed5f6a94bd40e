"""Lays the demo's letters out on A4 (fpdf2, a real text layer) and makes scans of them: pages
rendered to grey pixels, a little skewed and speckled, saved as an image or an image-only PDF,
so that they must be read by OCR. The same letter always gives the same bytes."""

from __future__ import annotations

import io
import time
from datetime import UTC, datetime

import numpy as np
import pypdfium2
from fpdf import FPDF
from PIL import Image

from bot.demo.letters import Letter

FONT = "Helvetica"  # a core font: no font file needed; cp1252 covers å ä ö – §
DPI = 200
SPECKS = 0.0004  # share of pixels with a speck of dust
STAMPED = time.struct_time((2022, 3, 15, 9, 0, 0, 1, 74, 0))  # fixed: the same bytes every time


def _new_pdf(letter: Letter) -> FPDF:
    pdf = FPDF(format="A4")
    pdf.core_fonts_encoding = "cp1252"
    pdf.set_creation_date(datetime.fromisoformat(letter.dated).replace(hour=9, tzinfo=UTC))
    pdf.set_title(letter.heading)
    pdf.set_margins(25, 20, 20)
    pdf.set_auto_page_break(False)
    return pdf


def _lines(pdf: FPDF, lines: tuple[str, ...], x: float, width: float, size: int = 10) -> None:
    pdf.set_font(FONT, "", size)
    for line in lines:
        pdf.set_x(x)
        pdf.cell(width, 5, line, new_x="LMARGIN", new_y="NEXT")


def _stamp(pdf: FPDF, stamp: tuple[str, ...]) -> None:
    pdf.set_draw_color(40, 40, 40)
    pdf.rect(140, 12, 52, 6 + 5 * len(stamp))
    pdf.set_xy(140, 15)
    _lines(pdf, stamp, 142, 48, 9)


def _head(pdf: FPDF, letter: Letter) -> None:
    pdf.set_xy(25, 20)
    pdf.set_font(FONT, "B", 13)
    pdf.cell(100, 7, letter.sender[0], new_x="LMARGIN", new_y="NEXT")
    _lines(pdf, letter.sender[1:], 25, 100)
    if letter.stamp:
        _stamp(pdf, letter.stamp)
    pdf.set_xy(120, 46)
    _lines(pdf, (f"Datum: {letter.dated}", *letter.refs), 120, 70)
    if letter.recipient:
        pdf.set_y(max(pdf.get_y() + 6, 62))
        _lines(pdf, letter.recipient, 120, 70)
    pdf.set_y(max(pdf.get_y() + 12, 95))


def _body(pdf: FPDF, paragraphs: tuple[str, ...]) -> None:
    pdf.set_font(FONT, "", 11)
    for paragraph in paragraphs:
        pdf.multi_cell(0, 6, paragraph, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)


def _page_parts(letter: Letter) -> list[tuple[str, ...]]:
    """The paragraphs of each page, split evenly when the letter runs over several."""
    per_page = -(-len(letter.paragraphs) // letter.pages)
    return [letter.paragraphs[i:i + per_page]
            for i in range(0, len(letter.paragraphs), per_page)]


def write_letter(pdf: FPDF, letter: Letter) -> None:
    """Adds the letter's pages to `pdf`."""
    parts = _page_parts(letter)
    for number, paragraphs in enumerate(parts, start=1):
        pdf.add_page()
        if number == 1:
            _head(pdf, letter)
            pdf.set_font(FONT, "B", 12)
            pdf.multi_cell(0, 7, letter.heading, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(3)
        else:
            pdf.set_xy(25, 20)
            _lines(pdf, (f"{letter.sender[0]} · {letter.dated} · sida {number}",), 25, 160, 9)
            pdf.ln(8)
        _body(pdf, paragraphs)
        if number == len(parts):
            pdf.ln(4)
            _lines(pdf, (*letter.signature, "", *letter.extra), 25, 160, 11)


def letter_pdf(*letters: Letter) -> bytes:
    """The letters one after the other in one PDF with a text layer."""
    pdf = _new_pdf(letters[0])
    for letter in letters:
        write_letter(pdf, letter)
    return bytes(pdf.output())


def _scanned(page: Image.Image, seed: int, angle: float) -> Image.Image:
    """A page as a scanner returns it: slightly turned, grey, with specks of dust."""
    turned = page.convert("L").rotate(angle, resample=Image.Resampling.BICUBIC, expand=False,
                                      fillcolor=255)
    pixels = np.asarray(turned, dtype=np.uint8).copy()
    rng = np.random.default_rng(seed)
    pixels[rng.random(pixels.shape) < SPECKS] = 90  # dust on the glass
    pixels[pixels > 215] = 235  # the paper is not quite white
    return Image.fromarray(pixels, mode="L")


def scan_pages(pdf: bytes, seed: int, angle: float = 0.6) -> list[Image.Image]:
    document = pypdfium2.PdfDocument(pdf)
    try:
        return [_scanned(document[i].render(scale=DPI / 72).to_pil(), seed + i,
                         angle if i % 2 == 0 else -angle / 2) for i in range(len(document))]
    finally:
        document.close()


def scan_pdf(pdf: bytes, seed: int) -> bytes:
    """An image-only PDF of the pages, as a scanner writes one."""
    pages = scan_pages(pdf, seed)
    out = io.BytesIO()
    pages[0].save(out, format="PDF", resolution=DPI, save_all=True, append_images=pages[1:],
                  creationDate=STAMPED, modDate=STAMPED)
    return out.getvalue()


def scan_image(pdf: bytes, seed: int, format: str = "PNG") -> bytes:
    """The first page as a PNG (a scanner's image) or a JPEG (a phone's photo)."""
    out = io.BytesIO()
    page = scan_pages(pdf, seed, angle=1.2 if format == "JPEG" else 0.6)[0]
    page.save(out, format=format, dpi=(DPI, DPI), **({"quality": 80} if format == "JPEG" else {}))
    return out.getvalue()
