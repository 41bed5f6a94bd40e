"""Swedish municipal pages for the OCR benchmark: protocol excerpts and letters, with ground truth.

Every line is placed by hand (no automatic wrapping), so the text of the page is known exactly.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from fpdf import FPDF

from bench.ocr_texts import BOARDS, MONTHS, PEOPLE, SENTENCES, SUBJECTS

FONTS = Path("/usr/share/fonts/truetype/dejavu")
FACES = ("DejaVuSans", "DejaVuSerif")
PARAGRAPH = re.compile(r"§ \d+")
EN_DASHED = re.compile(r"[\w.:]+–[\w.:]*\w")  # `13.00–16.30`, `2022–2024`
FONT_SIZE = 11
MARGIN_MM = 25.0
LINE_MM = 6.0
TEXT_WIDTH_MM = 210.0 - 2 * MARGIN_MM
MAX_LINES = 40


@dataclass
class Page:
    """One page: its lines (the ground truth) and the exact `§ NNN` and case numbers on it."""

    lines: list[str]
    font: str
    paragraphs: list[str]  # e.g. "§ 123"
    case_numbers: list[str]  # e.g. "KS 2021/0456"
    dashes: list[str]  # words with an en dash, e.g. "13.00–16.30"

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def _fill(template: str, rng: random.Random, code: str, day: date) -> str:
    other = day - timedelta(days=rng.randint(10, 200))
    return template.format(
        p=f"{rng.randint(1, 40)}:{rng.randint(1, 300)}",
        kr=f"{rng.randint(1, 9)} {rng.randint(100, 999)} {rng.randint(100, 999)}",
        year=day.year,
        board_code=code,
        para2=rng.randint(1, 250),
        date2=other.isoformat(),
    )


def protocol_page(seed: int) -> Page:
    """A protocol excerpt ("Protokollsutdrag") with two or three paragraphs."""
    rng = random.Random(seed)
    board, code = rng.choice(BOARDS)
    day = date(2019, 1, 1) + timedelta(days=rng.randint(0, 2000))
    lines = ["PROTOKOLLSUTDRAG", f"{board}", f"Sammanträdesdatum {day.isoformat()}", ""]
    paragraphs, cases = [], []
    first = rng.randint(1, 320)
    for number in range(first, first + rng.randint(2, 3)):
        case = f"{code} {day.year - rng.randint(0, 2)}/{rng.randint(1, 1999):04d}"
        subject = _fill(rng.choice(SUBJECTS), rng, code, day)
        paragraphs.append(f"§ {number}")
        cases.append(case)
        lines += [f"§ {number}", subject, f"Dnr {case}", ""]
        lines += [_fill(s, rng, code, day) for s in rng.sample(SENTENCES, rng.randint(2, 3))]
        lines += ["", f"{board} beslutar att godkänna förslaget.", ""]
    lines += [f"Justerare: {rng.choice(PEOPLE)}", f"Utdragsbestyrkande: {rng.choice(PEOPLE)}"]
    return _page(lines, rng.choice(FACES), paragraphs, cases)


def letter_page(seed: int) -> Page:
    """A decision letter ("Beslut") with a case number, a long date and a signature."""
    rng = random.Random(seed)
    board, code = rng.choice(BOARDS)
    day = date(2019, 1, 1) + timedelta(days=rng.randint(0, 2000))
    case = f"{code} {day.year}/{rng.randint(1, 1999):04d}"
    para = rng.randint(1, 320)
    month = MONTHS.split()[day.month - 1]
    subject = _fill(rng.choice(SUBJECTS), rng, code, day)
    lines = [
        "Exempelby kommun",
        board,
        f"Datum {day.isoformat()}",
        f"Diarienummer {case}",
        "",
        "BESLUT",
        subject,
        "",
        *(_fill(s, rng, code, day) for s in rng.sample(SENTENCES, rng.randint(5, 8))),
        "",
        f"Beslutet fattades av {board.lower()} den {day.day} {month} {day.year}, § {para}.",
        "",
        f"Med vänlig hälsning, {rng.choice(PEOPLE)}",
        "Handläggare, Samhällsbyggnadsförvaltningen",
    ]
    return _page(lines, rng.choice(FACES), [f"§ {para}"], [case])


def _page(lines: list[str], font: str, paragraphs: list[str], cases: list[str]) -> Page:
    """Wrap long lines to the text width; drop lines that would not fit on the page."""
    measure = _pdf(font)
    wrapped: list[str] = []
    for line in lines:
        wrapped += _wrap(measure, font, line)
    kept = wrapped[:MAX_LINES]
    text = "\n".join(kept)
    found = [c for c in cases if c in text]
    return Page(kept, font, PARAGRAPH.findall(text), found, EN_DASHED.findall(text))


def _wrap(pdf: FPDF, font: str, line: str) -> list[str]:
    pdf.set_font(font, "B" if _bold(line) else "", FONT_SIZE)
    out: list[str] = []
    current = ""
    for word in line.split(" "):
        candidate = f"{current} {word}" if current else word
        if current and pdf.get_string_width(candidate) > TEXT_WIDTH_MM:
            out.append(current)
            current = word
        else:
            current = candidate
    return [*out, current]


def _bold(line: str) -> bool:
    return line.isupper() or line.startswith("§ ")


def _pdf(font: str) -> FPDF:
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_font(font, "", str(FONTS / f"{font}.ttf"))
    pdf.add_font(font, "B", str(FONTS / f"{font}-Bold.ttf"))
    return pdf


def pages(count: int, seed: int = 1) -> list[Page]:
    """Protocol excerpts and letters, alternating."""
    return [(protocol_page if i % 2 == 0 else letter_page)(seed * 1000 + i) for i in range(count)]


def page_pdf(page: Page) -> bytes:
    """An A4 PDF with the page's lines, 11 pt, left margin 25 mm; headings in bold."""
    pdf = _pdf(page.font)
    pdf.add_page()
    pdf.set_xy(MARGIN_MM, MARGIN_MM)
    for line in page.lines:
        pdf.set_font(page.font, "B" if _bold(line) else "", FONT_SIZE)
        pdf.cell(0, LINE_MM, line, new_x="LMARGIN", new_y="NEXT")
        pdf.set_x(MARGIN_MM)
    return bytes(pdf.output())


def render(pdf: bytes, dpi: int) -> np.ndarray:
    """The first page of a PDF as a grey numpy image."""
    document = pdfium.PdfDocument(pdf)
    try:
        bitmap = document[0].render(scale=dpi / 72.0, grayscale=True)
        pixels = np.array(bitmap.to_numpy(), dtype=np.uint8)
    finally:
        document.close()
    return pixels[:, :, 0].copy() if pixels.ndim == 3 else pixels
