"""Generates meeting packs (kallelse med handlingar) over a generated registry: a notice and
agenda (föredragningslista) listing 5-15 of a board's cases, then each case's underlag, 1-3 of
its registered documents of 1-4 pages each (letters, memos, decisions from the municipality and
from outside, each in its own letterhead and font), one after the other with no separators."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

import pypdfium2 as pdfium
from fpdf import FPDF

from bench import vocab
from bench.batches import Document, grown, join
from bench.protocols import CLOSING, OPENING, in_words
from bench.registry import Case, RegDoc, person, weekday
from bench.render import CORE_FONTS
from bench.style import Restyler, Style
from bench.texts import compose

Registry = list[tuple[Case, list[RegDoc]]]
TITLES = ("KALLELSE", "Kallelse", "Kallelse till sammanträde", "KALLELSE OCH FÖREDRAGNINGSLISTA",
          "Föredragningslista", "Kallelse och föredragningslista")
NUMBERS = ("{n}.", "{n}", "§ {n}")  # how an agenda numbers its items
CASE_ITEMS = ("{title}, Dnr {dnr}", "{title}\nDnr {dnr}", "{title}\n{dnr}", "{title} ({dnr})",
              "{title}  Dnr: {dnr}")  # where it puts a case's number
LIST_HEADINGS = ("Föredragningslista", "Ärenden", "Dagordning")


@dataclass
class Pack:
    board: str
    meeting: date
    cases: list[Case] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    agenda: tuple[int, int] = (1, 1)  # the notice and agenda's pages
    pdf: bytes = b""


def _pick_cases(rng: random.Random, registry: Registry, board: str, meeting: date,
                count: int) -> list[tuple[Case, list[RegDoc]]]:
    """Cases of the board with records registered before the meeting (their underlag)."""
    own = [(c, before) for c, docs in registry if c.board == board and c.opened < meeting
           and (before := [d for d in docs if d.date < meeting])]
    return rng.sample(own, min(count, len(own)))


def _item_lines(rng: random.Random, pack: Pack) -> list[str]:
    """The meeting's own items first and last, the cases (with their number) between."""
    number, item = rng.choice(NUMBERS), rng.choice(CASE_ITEMS)
    titles = [*rng.sample(OPENING, 2),
              *(item.format(title=c.title, dnr=c.case_number) for c in pack.cases),
              rng.choice(CLOSING)]
    return [f"{number.format(n=n)} {title}" for n, title in enumerate(titles, start=1)]


def agenda_pdf(rng: random.Random, pack: Pack) -> bytes:
    """The notice and its agenda: the board's letterhead, the meeting, the numbered items."""
    pdf = FPDF(format="A4")
    pdf.core_fonts_encoding = "cp1252"
    font = rng.choice(CORE_FONTS)
    pdf.set_margins(25, 20, 20)
    pdf.add_page()
    board = vocab.BOARD_NAMES[pack.board]
    pdf.set_font(font, "B", 14)
    pdf.cell(0, 7, vocab.MUNICIPALITY, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(font, "", 10)
    pdf.cell(0, 5, board, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)
    pdf.set_font(font, "B", 16)
    pdf.cell(0, 9, rng.choice(TITLES), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(font, "", 11)
    day = in_words(pack.meeting) if rng.random() < 0.4 else pack.meeting.isoformat()
    for line in (f"{board} kallas till sammanträde", f"Tid: {day} kl. {rng.randint(8, 15)}.00",
                 "Plats: Kommunhuset, sammanträdesrummet", f"Ordförande: {person(rng)}",
                 f"Sekreterare: {person(rng)}"):
        pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font(font, "B", 12)
    pdf.cell(0, 7, rng.choice(LIST_HEADINGS), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(font, "", 11)
    for item in _item_lines(rng, pack):
        pdf.multi_cell(0, 6, item, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1.5)
    return bytes(pdf.output())


def _underlag(rng: random.Random, case: Case, doc: RegDoc, restyle: Restyler) -> bytes:
    letter = compose(rng, case, doc, case.case_number if rng.random() < 0.7 else None)
    restyle(letter, case, doc)
    return grown(rng, letter, case, doc, rng.randint(1, 4), rng.choice(CORE_FONTS))


def make(rng: random.Random, registry: Registry, board: str, meeting: date, size: int,
         style_seed: int) -> Pack:
    """A pack of `size` cases (fewer when the board has fewer): its PDF and where each
    document lies."""
    pack = Pack(board, meeting)
    chosen = _pick_cases(rng, registry, board, meeting, size)
    pack.cases = [c for c, _ in chosen]
    agenda = agenda_pdf(rng, pack)
    pack.agenda = (1, len(pdfium.PdfDocument(agenda)))
    parts, page, restyle = [agenda], pack.agenda[1] + 1, Restyler(rng, Style.draw(style_seed))
    for case, docs in chosen:
        for doc in sorted(rng.sample(docs, min(len(docs), rng.randint(1, 3))),
                          key=lambda d: d.doc_number):
            data = _underlag(rng, case, doc, restyle)
            count = len(pdfium.PdfDocument(data))
            pack.documents.append(Document(case.case_number, doc.doc_number,
                                           (page, page + count - 1)))
            parts.append(data)
            page += count
    pack.pdf = join(parts)
    return pack


def plan(rng: random.Random, registry: Registry, style_seed: int) -> Pack:
    """A meeting of one of the main boards on a weekday of 2016-2024, 5-15 cases."""
    board = rng.choice(("KS", "BN", "UN", "SN"))
    meeting = weekday(date(rng.randint(2016, 2024), 1, 10) + timedelta(rng.randint(0, 330)))
    return make(rng, registry, board, meeting, rng.randint(5, 15), style_seed)
