"""Lays a generated Protocol out as a PDF with a text layer: a title page block, a running
header with the page number, paragraphs `§ N` with title, Dnr, description and decision,
flowing over pages (or each on a page of its own); records where each paragraph lies."""

from __future__ import annotations

import random

from fpdf import FPDF

from bench import phrases, vocab
from bench.protocols import DNR_FORMS, Paragraph, Protocol, in_words
from bench.registry import person


class _Blank(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "förvaltningen" if key == "counterpart" else "2021"


def _generic(rng: random.Random) -> str:
    return " ".join(s.format_map(_Blank()) for s in rng.sample(phrases.GENERIC, 2))


class _Pdf(FPDF):
    def __init__(self, protocol: Protocol) -> None:
        super().__init__(format="A4")
        self.core_fonts_encoding = "cp1252"  # § å ä ö in the core fonts
        self.protocol = protocol
        self.alias_nb_pages()

    def header(self) -> None:
        board = vocab.BOARD_NAMES[self.protocol.board]
        self.set_font("Helvetica", "", 9)
        day = "" if self.protocol.style.date_in_words else self.protocol.meeting.isoformat()
        self.cell(0, 5, f"{vocab.MUNICIPALITY}   {board}   SAMMANTRÄDESPROTOKOLL   "
                        f"{day}   Sida {self.page_no()} ({{nb}})")
        self.ln(10)

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("Helvetica", "", 8)
        self.cell(0, 5, "Justerandes signatur ..........    Utdragsbestyrkande ..........")


def _front(pdf: _Pdf, rng: random.Random) -> None:
    p = pdf.protocol
    numbers = [x.number for x in p.paragraphs]
    pdf.set_font("Helvetica", "B", 18)
    pdf.cell(0, 10, "PROTOKOLL", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 11)
    day = f"måndagen {in_words(p.meeting)}" if p.style.date_in_words else p.meeting.isoformat()
    for line in (vocab.BOARD_NAMES[p.board], f"Sammanträdesdatum {day}",
                 f"Plats och tid: Kommunhuset, sammanträdesrummet, kl. {rng.randint(8, 14)}.00",
                 "Beslutande: " + ", ".join(person(rng) for _ in range(5)),
                 f"Justerare: {person(rng)}", f"Paragrafer §§ {numbers[0]}–{numbers[-1]}",
                 f"Sekreterare {person(rng)}    Ordförande {person(rng)}"):
        pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)


def _paragraph(pdf: _Pdf, rng: random.Random, para: Paragraph, own_page: bool) -> None:
    if own_page:
        pdf.add_page()
    pdf.set_font("Helvetica", "B", 12)
    style = pdf.protocol.style.heading
    pdf.multi_cell(0, 7, style.format(board=pdf.protocol.board, n=para.number, title=para.title),
                   new_x="LMARGIN", new_y="NEXT")
    first = pdf.page_no()
    if "{title}" not in style:
        pdf.multi_cell(0, 7, para.title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 11)
    if para.case_number:
        pdf.multi_cell(0, 6, rng.choice(DNR_FORMS).format(n=para.case_number),
                       new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
        pdf.multi_cell(0, 5.5, "Ärendebeskrivning. " + _generic(rng), new_x="LMARGIN",
                       new_y="NEXT")
        if rng.random() < 0.3:
            pdf.multi_cell(0, 5.5, f"Ärendet behandlades tidigare, se § {rng.randint(1, 99)}.",
                           new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)
        pdf.set_font("Helvetica", "B", 11)
        pdf.multi_cell(0, 6, "Beslut", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 11)
        pdf.multi_cell(0, 5.5, para.decision, new_x="LMARGIN", new_y="NEXT")
    else:
        pdf.multi_cell(0, 5.5, "Protokollet justeras enligt ovan.", new_x="LMARGIN",
                       new_y="NEXT")
    para.pages = (first, pdf.page_no())
    pdf.ln(5)


def render(protocol: Protocol, rng: random.Random) -> bytes:
    """The protocol's PDF bytes; each paragraph's pages are written into it."""
    pdf = _Pdf(protocol)
    pdf.set_auto_page_break(True, margin=22)
    pdf.add_page()
    _front(pdf, rng)
    own_page = rng.random() < 0.25
    for para in protocol.paragraphs:
        _paragraph(pdf, rng, para, own_page and bool(para.case_number))
    protocol.pdf = bytes(pdf.output())
    return protocol.pdf
