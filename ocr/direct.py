"""Files whose text can be read directly, without OCR: Word (.docx, Strict too) and plain text."""

from __future__ import annotations

import codecs
import io
import time
import zipfile
import zlib
from collections.abc import Iterator
from typing import Protocol

import docx
from docx.document import Document
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from docx.text.paragraph import Paragraph

from ocr.model import OcrError, PageText
from ocr.wordparts import box_lines, note_lines, to_transitional

MAX_DOCX_UNPACKED = 200_000_000  # bytes, as declared by the zip directory (zip-bomb bound)
MAX_DOCX_MEMBERS = 10_000
MAX_TABLE_DEPTH = 5  # tables in table cells, read this deep
DOCX_ERRORS = (
    PackageNotFoundError,
    zipfile.BadZipFile,
    zlib.error,
    KeyError,
    ValueError,
    SyntaxError,
    OSError,
)


def text_page(data: bytes) -> PageText:
    """A plain-text file as one page: UTF-8 (or UTF-16 with BOM), otherwise Windows-1252."""
    start = time.monotonic()
    text, encoding = decode_text(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    return PageText(1, text, None, "direct", time.monotonic() - start, {"encoding": encoding})


def decode_text(data: bytes) -> tuple[str, str]:
    """The text and the encoding it was read in."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", "replace"), "utf-16"
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", "replace"), "cp1252"


def docx_page(data: bytes) -> PageText:
    """A Word document as one page: headers, body paragraphs (text boxes after the paragraph
    they are anchored in) and tables in order, footnotes, endnotes, footers. Strict Open XML
    too."""
    start = time.monotonic()
    document = _open_docx(data)
    try:
        body = list(_blocks(document))
        notes = [line for line in note_lines(document) if line.strip()]
        headers = _unique(_header_footer_lines(document, footers=False), exclude=set())
        footers = _unique(_header_footer_lines(document, footers=True), exclude=set(headers))
    except DOCX_ERRORS as exc:
        raise OcrError(f"trasig Word-fil / broken Word file: {exc}") from exc
    text = "\n".join([*headers, *body, *notes, *footers]).strip()
    return PageText(1, text, None, "direct", time.monotonic() - start, {"format": "docx"})


def _open_docx(data: bytes) -> Document:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
        if len(members) > MAX_DOCX_MEMBERS or sum(m.file_size for m in members) > MAX_DOCX_UNPACKED:
            raise OcrError("Word-filen är för stor uppackad / Word file too large when unpacked")
        return docx.Document(io.BytesIO(to_transitional(data)))
    except DOCX_ERRORS as exc:
        raise OcrError(f"trasig Word-fil / broken Word file: {exc}") from exc


class _Container(Protocol):
    """The document body, a header or footer, or a table cell."""

    def iter_inner_content(self) -> Iterator[Paragraph | Table]: ...


def _blocks(container: _Container, depth: int = 0) -> Iterator[str]:
    """Paragraph texts, and table rows as tab-separated cells, in document order."""
    for block in container.iter_inner_content():
        if isinstance(block, Paragraph):
            yield block.text
            yield from box_lines(block._p)
        elif isinstance(block, Table) and depth < MAX_TABLE_DEPTH:
            yield from _table_rows(block, depth)


def _table_rows(table: Table, depth: int) -> Iterator[str]:
    for row in table.rows:
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell is listed once per grid column it spans
                continue
            seen.add(id(cell._tc))
            cells.append(" ".join(line for line in _blocks(cell, depth + 1) if line.strip()))
        yield "\t".join(cells)


def _header_footer_lines(document: Document, footers: bool) -> Iterator[str]:
    for section in document.sections:
        parts = (
            (section.first_page_footer, section.footer, section.even_page_footer)
            if footers
            else (section.first_page_header, section.header, section.even_page_header)
        )
        for part in parts:
            if not part.is_linked_to_previous:
                yield from _blocks(part)


def _unique(lines: Iterator[str], exclude: set[str]) -> list[str]:
    """Non-empty lines once each: every section repeats its header."""
    kept: list[str] = []
    for line in lines:
        if line.strip() and line not in exclude and line not in kept:
            kept.append(line)
    return kept
