"""The cover sheet (försättsblad): one A4 page with a QR code naming a case and document record,
the same number in large print and a short instruction; and reading its QR payload back."""

from __future__ import annotations

import re
from dataclasses import dataclass

import segno
from fpdf import FPDF

from bot.casenumbers import CaseNumber, Grammar, parse

PREFIX = "DIARIEBOT FB1 "  # QR alphanumeric mode: upper case, digits, space, / - . :
MARKER = "FÖRSÄTTSBLAD"
_MARKER_TEXT = re.compile(r"f[öo0]rs[äa]ttsblad", re.IGNORECASE)
_OURS_TEXT = re.compile(r"diariebot|skanna allt i en bunt", re.IGNORECASE)
QR_MM = 60.0
INSTRUCTION_SV = (
    "Lägg detta blad först, framför handlingen, och skanna allt i en bunt. Diariebot delar "
    "bunten vid bladet och kopplar sidorna efter det till handlingen ovan. Bladet självt blir "
    "inte en del av handlingen. Ett nytt försättsblad framför varje handling."
)
INSTRUCTION_EN = (
    "Put this sheet in front of the document and scan them together. Diariebot splits the batch "
    "here and files the pages after it as the record above; this sheet is not kept as part of "
    "the document. One cover sheet in front of each document."
)


@dataclass(frozen=True)
class Sheet:
    """What a cover sheet says: the record number and, for the reader, the case's title."""

    number: CaseNumber
    title: str = ""
    description: str = ""


def payload(number: CaseNumber) -> str:
    """The QR code's text, e.g. 'DIARIEBOT FB1 KS 2021/0456-3'."""
    return PREFIX + number.display()


def read_payload(text: str, grammar: Grammar) -> CaseNumber | None:
    """The case (and record) a scanned QR code names; None for any other code."""
    if not text.upper().startswith(PREFIX):
        return None
    return parse(text[len(PREFIX):], grammar)


def says_cover_sheet(text: str) -> bool:
    """The page's own text calls it one of our cover sheets (when the QR is unreadable): the
    marker word and our name or instruction, so a fax cover page is not taken for one."""
    return _MARKER_TEXT.search(text) is not None and _OURS_TEXT.search(text) is not None


def _qr(pdf: FPDF, text: str, x: float, y: float, size: float) -> None:
    """The QR code drawn as vector squares (crisp at any printer resolution)."""
    code = segno.make(text, error="h", micro=False)
    matrix = [list(row) for row in code.matrix]
    module = size / len(matrix)
    pdf.set_fill_color(0, 0, 0)
    for r, row in enumerate(matrix):
        c = 0
        while c < len(row):
            if not row[c]:
                c += 1
                continue
            start = c
            while c < len(row) and row[c]:
                c += 1
            pdf.rect(x + start * module, y + r * module, (c - start) * module, module, style="F")


_TYPOGRAPHIC = str.maketrans({"–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"',
                              "…": "...", "\u00a0": " "})


def _printable(text: str) -> str:
    """The core font knows Latin-1 only: typographic dashes and quotes become plain ones, any
    other character outside it a '?' (a registry title must never make the sheet fail)."""
    return text.translate(_TYPOGRAPHIC).encode("latin-1", "replace").decode("latin-1")


def render(sheet: Sheet) -> bytes:
    """One A4 page as PDF bytes."""
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 30)
    pdf.cell(0, 16, MARKER, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 12)
    pdf.cell(0, 7, "Cover sheet - diariebot", align="C", new_x="LMARGIN", new_y="NEXT")
    _qr(pdf, payload(sheet.number), (210 - QR_MM) / 2, 45, QR_MM)
    pdf.set_y(45 + QR_MM + 10)
    pdf.set_font("Helvetica", "B", 34)
    pdf.cell(0, 18, sheet.number.display(), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 14)
    for line in (sheet.title, sheet.description):
        if line:
            pdf.multi_cell(0, 8, _printable(line[:200]), align="C", new_x="LMARGIN",
                           new_y="NEXT")
    pdf.ln(10)
    pdf.set_font("Helvetica", "", 12)
    pdf.multi_cell(0, 6, INSTRUCTION_SV, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("Helvetica", "I", 10)
    pdf.multi_cell(0, 5, INSTRUCTION_EN, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
