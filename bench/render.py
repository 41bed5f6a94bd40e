"""Lays a Letter out as an A4 PDF with a text layer (fpdf2), byte-for-byte reproducible."""

from __future__ import annotations

from datetime import UTC, datetime, time
from pathlib import Path

from fpdf import FPDF

from bench.letter import SECTION, Letter

DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
CORE_FONTS = ("Helvetica", "Times")
FONTS = (*CORE_FONTS, "DejaVu")


def available_fonts() -> tuple[str, ...]:
    """Core fonts always; DejaVu (embedded, as office suites do) where it is installed."""
    return FONTS if (DEJAVU / "DejaVuSans.ttf").exists() else CORE_FONTS


def new_pdf(font: str, letter: Letter) -> FPDF:
    pdf = FPDF(format="A4")
    pdf.core_fonts_encoding = "cp1252"  # core fonts then cover å ä ö § –
    pdf.set_creation_date(datetime.combine(letter.dated, time(9, 0), UTC))
    pdf.set_title(letter.heading)
    pdf.set_author(letter.author)
    if font == "DejaVu":
        pdf.add_font("DejaVu", "", str(DEJAVU / "DejaVuSans.ttf"))
        pdf.add_font("DejaVu", "B", str(DEJAVU / "DejaVuSans-Bold.ttf"))
    pdf.set_margins(25, 20, 20)
    pdf.set_auto_page_break(True, margin=22)
    pdf.add_page()
    return pdf


def head(pdf: FPDF, font: str, letter: Letter) -> None:
    """Letterhead at the left, date and references at the right, addressee below them."""
    pdf.set_font(font, "B", 14)
    pdf.cell(95, 7, letter.sender[0], new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(font, "", 10)
    for line in letter.sender[1:]:
        pdf.cell(95, 5, line, new_x="LMARGIN", new_y="NEXT")
    pdf.set_xy(125, 20)
    for key, value in letter.meta:
        pdf.set_x(125)
        pdf.cell(65, 5, f"{key}: {value}", new_x="LMARGIN", new_y="NEXT")
    if letter.recipient:
        pdf.set_y(max(pdf.get_y() + 8, 48))
        for line in letter.recipient:
            pdf.set_x(115)
            pdf.cell(75, 5, line, new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(max(pdf.get_y() + 12, 80))


def body(pdf: FPDF, font: str, letter: Letter) -> None:
    pdf.set_font(font, "B", 13)
    pdf.multi_cell(0, 7, letter.heading, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    for paragraph in letter.paragraphs:
        if paragraph.startswith(SECTION):
            pdf.set_font(font, "B", 11)
            pdf.multi_cell(0, 6, paragraph.removeprefix(SECTION), new_x="LMARGIN", new_y="NEXT")
            continue
        pdf.set_font(font, "", 11)
        pdf.multi_cell(0, 5.5, paragraph, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    pdf.ln(4)
    for line in letter.closing:
        pdf.cell(0, 5.5, line, new_x="LMARGIN", new_y="NEXT")


def footer(pdf: FPDF, font: str, letter: Letter) -> None:
    if not letter.footer:
        return
    pdf.set_auto_page_break(False)
    for page in range(1, pdf.pages_count + 1):
        pdf.page = page
        pdf.set_font(font, "", 8)
        pdf.set_xy(25, 282)
        pdf.cell(0, 4, letter.footer)


def letter_pdf(letter: Letter, font: str = "Helvetica") -> bytes:
    """The PDF bytes; the same letter and font always give the same bytes."""
    pdf = new_pdf(font, letter)
    head(pdf, font, letter)
    body(pdf, font, letter)
    footer(pdf, font, letter)
    return bytes(pdf.output())


def render_job(job: tuple[Letter, str]) -> bytes:
    """letter_pdf for a worker process: one picklable argument."""
    return letter_pdf(*job)
