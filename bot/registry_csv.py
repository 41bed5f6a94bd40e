"""Parses registry (diarium) CSV exports into case rows or document rows; touches no database.

Accepted: English headers (``case_number,title,...`` / ``case_number,doc_number,...``) and the
Swedish headers real exports use, in any case and spacing; ``;`` ``,`` or tab separators; UTF-8
with or without BOM, UTF-16 with BOM (Excel "Unicode text"), else Windows-1252.  Dates: ISO
``2021-04-05`` (a time after it is ignored), compact ``20210405`` and day-first ``5.4.2021``;
``5/4/2021`` is ambiguous and refused.  A bad row becomes a ``RowError`` with its physical line
number (header = 1); the good rows still parse.  A documents file without a direction column
gets ``incoming``, the database default.  Reasons never quote names (counterparts, handlers).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Literal, TypeVar

from bot.casenumbers import DEFAULT_GRAMMAR, CaseNumber, Grammar, parse

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


def decode(data: bytes) -> str:
    """Text of an export: UTF-16 with BOM, UTF-8 (BOM optional), else Windows-1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


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


def _records(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """(physical line where the record starts, cells); quoted line breaks are counted."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    last = 0
    for cells in reader:
        yield last + 1, cells
        last = reader.line_num


def _find_header(text: str) -> tuple[str, int, dict[str, int]]:
    """(delimiter, header line, columns): the first of the first ten lines naming a case number."""
    lines = [(n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip()][:10]
    if not lines:
        raise RegistryFormatError("tom fil / empty file")
    for number, line in lines:
        delimiter = sniff_delimiter(line)
        header = next(csv.reader([line], delimiter=delimiter), [])
        columns = columns_of(header)
        if "case_number" in columns:
            return delimiter, number, columns
    raise RegistryFormatError(
        "hittar ingen rubrikrad med diarienummer / no header row with a case number column"
    )


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
            self.seen[raw] = parse(raw, self.grammar)
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


def _kind(records: list[tuple[int, list[str]]], reader: _Reader) -> Kind:
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


def _collect(
    records: list[tuple[int, list[str]]], read: Callable[[int, list[str]], Row]
) -> tuple[list[Row], list[RowError]]:
    rows: list[Row] = []
    errors: list[RowError] = []
    for line, cells in records:
        try:
            rows.append(read(line, cells))
        except _BadRow as problem:
            errors.append(RowError(line, str(problem)))
    return rows, errors


def parse_registry_csv(data: bytes, grammar: Grammar = DEFAULT_GRAMMAR) -> ParsedRegistry:
    """Case rows or document rows of one export, and the rows that could not be read."""
    text = decode(data)
    delimiter, header_line, columns = _find_header(text)
    records = [
        (line, cells)
        for line, cells in _records(text, delimiter)
        if line > header_line and any(cell.strip() for cell in cells)
    ]
    reader = _Reader(columns, grammar)
    kind = _kind(records, reader)
    if kind == "documents":
        documents, errors = _collect(records, reader.document_row)
        return ParsedRegistry(kind, documents, errors)
    cases, errors = _collect(records, reader.case_row)
    return ParsedRegistry(kind, cases, errors)
