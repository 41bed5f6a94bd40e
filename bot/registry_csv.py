"""Parses registry (diarium) CSV exports into case rows or document rows; touches no database.

Accepted: English headers (``case_number,title,...`` / ``case_number,doc_number,...``) and the
Swedish headers real exports use, in any case and spacing; ``;`` ``,`` or tab separators; UTF-8
with or without BOM, UTF-16 with BOM (Excel "Unicode text"), else Windows-1252.  Dates: ISO
``2021-04-05`` (a time after it is ignored), compact ``20210405`` and day-first ``5.4.2021``;
``5/4/2021`` is ambiguous and refused.  A bad row becomes a ``RowError`` with its physical line
number (header = 1); the good rows still parse — also after broken quoting, a runaway quote or
an oversized cell (bot.registry_lines).  Files are read as a stream: a million rows need no more
memory than a thousand.  A documents file without a direction column
gets ``incoming``, the database default.  Reasons never quote names (counterparts, handlers).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from itertools import chain, islice
from typing import BinaryIO, Literal, TypeVar

from bot.casenumbers import DEFAULT_GRAMMAR, CaseNumber, Grammar, parse
from bot.registry_lines import BrokenRecord, Lines, Record, open_text, records

Kind = Literal["cases", "documents"]

# Each field and the header names (folded: lower case, å/ä→a, ö→o, no spaces or punctuation)
# that mean it; the first listed field that claims a column gets it.
HEADERS: dict[str, tuple[str, ...]] = {
    "case_number": ("casenumber", "diarienummer", "diarienr", "dnr", "arendenummer", "arendenr"),
    "doc_number": ("docnumber", "lopnummer", "lopnr", "lnr", "handlingsnummer", "handlingsnr"),
    "direction": ("direction", "riktning", "handlingstyp", "iun", "inut", "inutn"),
    "title": ("title", "arendemening", "rubrik", "titel", "arenderubrik", "mening"),
    "board": ("board", "namnd", "organ", "myndighet", "beslutsorgan"),
    "opened": ("opened", "startdatum", "oppnad", "oppnat", "oppnatdatum", "indatum"),
    "date": (
        "date",
        "datum",
        "registreringsdatum",
        "regdatum",
        "inkommen",
        "upprattad",
        "handlingsdatum",
        "inkom",
    ),
    "status": ("status", "arendestatus"),
    "handler": ("handler", "handlaggare"),
    "counterpart": ("counterpart", "avsandare", "mottagare", "motpart", "avsandaremottagare"),
    "description": ("description", "beskrivning", "handlingsmening", "innehall"),
}
DIRECTIONS = {
    "incoming": ("i", "in", "inkommande", "inkommen", "inkommit", "incoming", "inkommandehandling"),
    "outgoing": ("u", "ut", "utgaende", "outgoing", "utgaendehandling", "expedierad"),
    "internal": ("n", "intern", "internt", "upprattad", "upprattat", "internal", "pm"),
}
_DIRECTION_OF = {name: kind for kind, names in DIRECTIONS.items() for name in names}
_DATE_FORMS = (
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"), "ymd"),
    (re.compile(r"(\d{4})(\d{2})(\d{2})"), "ymd"),
    (re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})"), "dmy"),
)
_FOLD = str.maketrans("åäöéü", "aaoeu", " _-./:\t\r\n\ufeff")


@dataclass
class CaseRow:
    line: int
    case_number: CaseNumber
    raw_case_number: str
    title: str
    board: str | None
    opened: date | None
    status: str | None
    handler: str | None


@dataclass
class DocumentRow:
    line: int
    case_number: CaseNumber
    raw_case_number: str
    doc_number: int
    date: date | None
    direction: str  # incoming | outgoing | internal
    counterpart: str | None
    description: str | None


@dataclass
class RowError:
    line: int
    reason: str


@dataclass
class ParsedRegistry:
    kind: Kind
    rows: list[CaseRow] | list[DocumentRow]
    errors: list[RowError]


class RegistryFormatError(ValueError):
    """The file as a whole cannot be read: empty, or no header with a case number column."""


Row = TypeVar("Row", CaseRow, DocumentRow)


class _BadRow(ValueError):
    """One row's problem; its message is the RowError reason."""


def _fold(name: str) -> str:
    return name.strip().lower().translate(_FOLD)


def sniff_delimiter(header_line: str) -> str:
    """The separator the header uses most: ``;``, tab or ``,``."""
    counts = {sep: header_line.count(sep) for sep in (";", "\t", ",")}
    return max(counts, key=lambda sep: counts[sep]) if any(counts.values()) else ","


def columns_of(header: list[str]) -> dict[str, int]:
    """Which column holds each known field."""
    folded = [_fold(cell) for cell in header]
    found: dict[str, int] = {}
    for field, names in HEADERS.items():
        for index, name in enumerate(folded):
            if name in names and index not in found.values():
                found[field] = index
                break
    return found


def parse_date(text: str) -> date | None:
    """ISO, compact or day-first dotted date; a time after it is ignored; blank is None."""
    value = re.split(r"[ T]", text.strip(), maxsplit=1)[0]
    if not value:
        return None
    if len(value) == 10 and value[4] == value[7] == "-" and value.isascii():
        try:  # the common ISO form, fast
            return date.fromisoformat(value)
        except ValueError:
            pass
    for pattern, order in _DATE_FORMS:
        match = pattern.fullmatch(value)
        if match:
            a, b, c = (int(g) for g in match.groups())
            try:
                return date(a, b, c) if order == "ymd" else date(c, b, a)
            except ValueError:
                break
    raise _BadRow(f"ogiltigt datum / bad date {_quote(value)}")


def _quote(value: str) -> str:
    return repr(value[:40])


def _find_header(lines: Lines) -> tuple[str, int, dict[str, int]]:
    """(delimiter, header line, columns): the first of the first ten non-blank lines naming a
    case number; the lines after it are left to be read as records."""
    seen = 0
    for line in lines:
        if not line.strip("\r\n\t \ufeff"):
            continue
        seen += 1
        delimiter = sniff_delimiter(line)
        columns = columns_of(next(csv.reader([line], delimiter=delimiter), []))
        if "case_number" in columns:
            return delimiter, lines.count, columns
        if seen == 10:
            break
    if seen == 0:
        raise RegistryFormatError("tom fil / empty file")
    raise RegistryFormatError(
        "hittar ingen rubrikrad med diarienummer / no header row with a case number column"
    )


_CANONICAL = re.compile(r"([A-Za-zÅÄÖåäö]{1,6}) ([0-9]{4})/([0-9]{1,9})(?:-([0-9]{1,6}))?")


def parse_cell(raw: str, grammar: Grammar) -> CaseNumber | None:
    """parse() of a case number cell, fast for the form exports write (``KS 2021/0456-3``): the
    grammar judges one number of each board, year and digit count, the others follow it."""
    m = _CANONICAL.fullmatch(raw)
    if m is None or int(m[3]) == 0 or (m[4] is not None and int(m[4]) == 0):
        return parse(raw, grammar)
    model = _model(m[1], m[2], len(m[3]), len(m[4] or ""), grammar)
    if model is None:
        return None
    return CaseNumber(model.board, model.year, int(m[3]), int(m[4]) if m[4] else None)


@lru_cache(maxsize=4096)
def _model(board: str, year: str, digits: int, doc_digits: int,
           grammar: Grammar) -> CaseNumber | None:
    return parse(f"{board} {year}/{'1' * digits}" + (f"-{'1' * doc_digits}" if doc_digits else ""),
                 grammar)


def _cell(cells: list[str], columns: dict[str, int], field: str) -> str:
    index = columns.get(field)
    return cells[index].strip() if index is not None and index < len(cells) else ""


def _optional(cells: list[str], columns: dict[str, int], field: str) -> str | None:
    return _cell(cells, columns, field) or None


class _Reader:
    """Reads the rows of one file; remembers parsed case numbers (documents repeat them)."""

    def __init__(self, columns: dict[str, int], grammar: Grammar) -> None:
        self.columns = columns
        self.grammar = grammar
        self.seen: dict[str, CaseNumber | None] = {}

    def case_number(self, cells: list[str]) -> tuple[CaseNumber, str]:
        raw = _cell(cells, self.columns, "case_number")
        if not raw:
            raise _BadRow("saknar diarienummer / missing case number")
        if raw not in self.seen:
            if len(self.seen) > 50_000:  # documents repeat their case's number; cases do not
                self.seen.clear()
            self.seen[raw] = parse_cell(raw, self.grammar)
        number = self.seen[raw]
        if number is None:
            raise _BadRow(f"ogiltigt diarienummer / unreadable case number {_quote(raw)}")
        return number, raw

    def case_row(self, line: int, cells: list[str]) -> CaseRow:
        number, raw = self.case_number(cells)
        col = self.columns
        board = _optional(cells, col, "board") or number.board
        opened = parse_date(_cell(cells, col, "opened") or _cell(cells, col, "date"))
        return CaseRow(
            line,
            number.without_doc(),
            raw,
            _cell(cells, col, "title"),
            board,
            opened,
            _optional(cells, col, "status"),
            _optional(cells, col, "handler"),
        )

    def document_row(self, line: int, cells: list[str]) -> DocumentRow:
        number, raw = self.case_number(cells)
        col = self.columns
        doc = self.doc_number(cells, number)
        when = parse_date(_cell(cells, col, "date") or _cell(cells, col, "opened"))
        return DocumentRow(
            line,
            number.without_doc(),
            raw,
            doc,
            when,
            self.direction(cells),
            _optional(cells, col, "counterpart"),
            _optional(cells, col, "description"),
        )

    def doc_number(self, cells: list[str], number: CaseNumber) -> int:
        written = _cell(cells, self.columns, "doc_number")
        if not written:
            if number.doc is None:
                raise _BadRow("saknar löpnummer / missing document number")
            return number.doc
        if not written.isdigit() or int(written) == 0:
            raise _BadRow(f"ogiltigt löpnummer / bad document number {_quote(written)}")
        if number.doc is not None and number.doc != int(written):
            raise _BadRow(
                "löpnumret stämmer inte med diarienumret / document number differs "
                "from the one in the case number"
            )
        return int(written)

    def direction(self, cells: list[str]) -> str:
        written = _cell(cells, self.columns, "direction")
        if not written:
            if "direction" not in self.columns:
                return "incoming"
            raise _BadRow("saknar riktning / missing direction")
        direction = _DIRECTION_OF.get(_fold(written))
        if direction is None:
            raise _BadRow(f"okänd riktning / unknown direction {_quote(written)}")
        return direction


def _kind(records: list[Record], reader: _Reader) -> Kind:
    """Documents when there is a document number or direction column, or when most case
    numbers carry a document sub-number (``KS 2021/0456-3``)."""
    if "doc_number" in reader.columns or "direction" in reader.columns:
        return "documents"
    numbers = []
    for _line, cells in records[:50]:
        try:
            numbers.append(reader.case_number(cells)[0])
        except _BadRow:
            continue
    with_doc = sum(1 for n in numbers if n.doc is not None)
    return "documents" if numbers and with_doc * 2 > len(numbers) else "cases"


@dataclass
class RegistryStream:
    """One export being read: its kind, then its rows and row errors in file order."""

    kind: Kind
    items: Iterator[CaseRow | DocumentRow | RowError]


def _row_like(delimiter: str, columns: dict[str, int], grammar: Grammar) -> Callable[[str], bool]:
    """Whether a line inside a quoted cell is really a row of its own: as many cells as the
    header needs and a case number where the header says."""
    needed, at = max(columns.values()) + 1, columns["case_number"]

    def row_like(line: str) -> bool:
        cells = next(csv.reader([line], delimiter=delimiter), [])
        return len(cells) >= needed and parse_cell(cells[at].strip(), grammar) is not None

    return row_like


def _filled(found: Iterator[Record | BrokenRecord]) -> Iterator[Record | BrokenRecord]:
    for record in found:
        if isinstance(record, BrokenRecord) or any(cell.strip() for cell in record[1]):
            yield record


def _read(found: Iterator[Record | BrokenRecord],
          read: Callable[[int, list[str]], Row]) -> Iterator[Row | RowError]:
    for record in found:
        if isinstance(record, BrokenRecord):
            yield RowError(record.line, str(record))
            continue
        try:
            yield read(*record)
        except _BadRow as problem:
            yield RowError(record[0], str(problem))


def read_registry(stream: BinaryIO, grammar: Grammar = DEFAULT_GRAMMAR) -> RegistryStream:
    """Start reading one export (a binary file object, read once through, never whole)."""
    lines = Lines(open_text(stream))
    delimiter, _header, columns = _find_header(lines)
    found = _filled(records(lines, delimiter, _row_like(delimiter, columns, grammar)))
    reader = _Reader(columns, grammar)
    head = list(islice(found, 50))
    kind = _kind([r for r in head if not isinstance(r, BrokenRecord)], reader)
    records_again = chain(head, found)
    if kind == "documents":
        return RegistryStream(kind, _read(records_again, reader.document_row))
    return RegistryStream(kind, _read(records_again, reader.case_row))


def parse_registry_csv(data: bytes, grammar: Grammar = DEFAULT_GRAMMAR) -> ParsedRegistry:
    """Case rows or document rows of one export, and the rows that could not be read."""
    stream = read_registry(io.BytesIO(data), grammar)
    rows: list[CaseRow | DocumentRow] = []
    errors: list[RowError] = []
    for item in stream.items:
        (errors if isinstance(item, RowError) else rows).append(item)  # type: ignore[arg-type]
    return ParsedRegistry(stream.kind, rows, errors)  # type: ignore[arg-type]
