"""Reads a registry export's physical lines into CSV records, streaming, and reports the records
quoting broke: a cell over the size limit, a quote csv cannot parse, and a runaway quote (an
unclosed `"` that would swallow the following rows into one cell) — each with its line, the
lines after it read again on their own so the good rows still import."""

from __future__ import annotations

import codecs
import csv
import io
from collections import deque
from collections.abc import Callable, Iterator
from typing import BinaryIO, TextIO

MAX_CELL = 32_768  # characters; a longer cell is a broken row, not a title
CSV_LIMIT = 16 * 1024 * 1024  # what csv may gather into one field before it gives up
_CHUNK = 1 << 20

Record = tuple[int, list[str]]  # (physical line where it starts, cells)


class BrokenRecord(ValueError):
    """A record that cannot be read; `line` is where it starts."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(reason)
        self.line = line


def _is_utf8(stream: BinaryIO) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        while chunk := stream.read(_CHUNK):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def open_text(stream: BinaryIO) -> TextIO:
    """Text of an export: UTF-16 with BOM, UTF-8 (BOM optional), else Windows-1252. One pass
    checks the UTF-8 (constant memory), a second reads."""
    head = stream.read(2)
    stream.seek(0)
    if head in (b"\xff\xfe", b"\xfe\xff"):
        encoding = "utf-16"
    else:
        encoding = "utf-8-sig" if _is_utf8(stream) else "cp1252"
        stream.seek(0)
    return io.TextIOWrapper(stream, encoding=encoding, errors="replace", newline="")


class Lines:
    """Physical lines with their numbers, remembering those taken since `mark()`; lines can be
    put back to be read again."""

    def __init__(self, text: TextIO) -> None:
        self.text = text
        self.count = 0
        self.back: deque[tuple[int, str]] = deque()
        self.taken: list[tuple[int, str]] = []

    def __iter__(self) -> Lines:
        return self

    def __next__(self) -> str:
        if self.back:
            number, line = self.back.popleft()
        else:
            line = self.text.readline()
            if not line:
                raise StopIteration
            self.count += 1
            number = self.count
        self.taken.append((number, line))
        return line

    def mark(self) -> None:
        self.taken = []

    def put_back(self, lines: list[tuple[int, str]]) -> None:
        self.back.extendleft(reversed(lines))


def _first(lines: Lines) -> int:
    return lines.taken[0][0] if lines.taken else lines.count


def _span(lines: Lines) -> str:
    first, last = lines.taken[0][0], lines.taken[-1][0]
    return f"{first}" if first == last else f"{first}–{last}"


def records(lines: Lines, delimiter: str,
            row_like: Callable[[str], bool]) -> Iterator[Record | BrokenRecord]:
    """Each record with its first line, or a BrokenRecord; after a broken one the lines it took
    (but its first) are read again. `row_like(line)` tells a swallowed row from a quoted line
    break inside a cell."""
    csv.field_size_limit(max(csv.field_size_limit(), CSV_LIMIT))
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    while True:
        lines.mark()
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            unclosed = "unexpected end of data" in str(error)  # the file ended inside quotes
            yield _broken(lines, _unclosed(lines) if unclosed else
                          f"felaktig citering / bad quoting ({error})")
            reader = csv.reader(lines, delimiter=delimiter, strict=True)
            continue
        if len(lines.taken) > 1 and any(row_like(line) for _n, line in lines.taken[1:]):
            yield _broken(lines, _unclosed(lines))
            continue
        yield _checked(_first(lines), cells)


def _unclosed(lines: Lines) -> str:
    return (f"citattecken som aldrig stängs slukar raderna {_span(lines)} / "
            f"an unclosed quote swallows lines {_span(lines)}")


def _broken(lines: Lines, reason: str) -> BrokenRecord:
    broken = BrokenRecord(_first(lines), reason)
    lines.put_back(lines.taken[1:])
    return broken


def _checked(line: int, cells: list[str]) -> Record | BrokenRecord:
    longest = max(map(len, cells), default=0)
    if longest > MAX_CELL:
        return BrokenRecord(line, f"för lång cell ({longest} tecken, högst {MAX_CELL}) / "
                                  f"cell too long ({longest} characters, at most {MAX_CELL})")
    return line, cells
