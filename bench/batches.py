"""Generates printer scan batches: documents written for registry records (bench.texts), each
2-8 pages, joined with cover sheets (the product's own), blank separator pages, or nothing
between them; the truth is each document's pages and record."""

from __future__ import annotations

import io
import random
from dataclasses import dataclass, field

import pypdfium2 as pdfium

from bench.letter import Letter
from bench.registry import Case, RegDoc
from bench.render import letter_pdf
from bench.texts import body, compose, fill_values
from bot.casenumbers import parse
from bot.split.coversheet import Sheet, render

SEPARATORS = ("cover", "blank", "none")


@dataclass
class Document:
    case_number: str
    doc_number: int
    pages: tuple[int, int] = (0, 0)  # in the batch, 1-based


@dataclass
class Batch:
    separator: str
    documents: list[Document] = field(default_factory=list)
    set_aside: list[int] = field(default_factory=list)  # separator pages
    pdf: bytes = b""

    @property
    def page_count(self) -> int:
        return len(pdfium.PdfDocument(self.pdf))


def grown(rng: random.Random, letter: Letter, case: Case, doc: RegDoc, pages: int,
          font: str = "Helvetica") -> bytes:
    """The letter grown paragraph by paragraph until it fills `pages` pages."""
    values = fill_values(rng, case, doc, doc.date)
    data = letter_pdf(letter, font)
    while (have := len(pdfium.PdfDocument(data))) < pages:
        letter.paragraphs.extend(body(rng, (), values, 6 * (pages - have)))
        data = letter_pdf(letter, font)
    return data


def _blank() -> bytes:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_page()
    return bytes(pdf.output())


def _cover(doc: RegDoc) -> bytes:
    number = parse(f"{doc.case_number}-{doc.doc_number}")
    assert number is not None
    return render(Sheet(number, "", doc.description))


def join(parts: list[bytes]) -> bytes:
    """PDFs one after the other as one PDF."""
    out = pdfium.PdfDocument.new()
    for data in parts:
        src = pdfium.PdfDocument(data)
        out.import_pages(src)
        src.close()
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def make(rng: random.Random, records: list[tuple[Case, RegDoc]], separator: str,
         doc_pages: int) -> Batch:
    """One batch of the records' documents, about `doc_pages` document pages in all."""
    batch, parts, page = Batch(separator), [], 1
    lengths = _lengths(rng, len(records), doc_pages)
    for k, ((case, doc), length) in enumerate(zip(records, lengths, strict=True)):
        if separator != "none" and k > 0:  # n-1 separators between n documents
            parts.append(_cover(doc) if separator == "cover" else _blank())
            batch.set_aside.append(page)
            page += 1
        number = case.case_number if rng.random() < 0.7 else None
        data = grown(rng, compose(rng, case, doc, number), case, doc, length)
        count = len(pdfium.PdfDocument(data))
        batch.documents.append(Document(case.case_number, doc.doc_number,
                                        (page, page + count - 1)))
        parts.append(data)
        page += count
    batch.pdf = join(parts)
    return batch


def _lengths(rng: random.Random, documents: int, pages: int) -> list[int]:
    """Pages per document, 1-8 each, adding up to about `pages`."""
    lengths = [1] * documents
    for _ in range(max(0, pages - documents)):
        open_ = [i for i, n in enumerate(lengths) if n < 8]
        lengths[rng.choice(open_)] += 1
    return lengths


def pick_records(rng: random.Random, registry: list[tuple[Case, list[RegDoc]]],
                 count: int) -> list[tuple[Case, RegDoc]]:
    """Records of distinct cases, their file missing (all are in a generated registry)."""
    chosen = rng.sample(registry, count)
    return [(case, rng.choice(docs)) for case, docs in chosen]
