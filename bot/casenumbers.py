"""Finds case numbers (diarienummer) in text and normalises them to (board, year, serial, doc).

Forms read (board = 1-6 letters, any case; year = 4 or 2 digits):

* year first: ``KS 2021/0456``, ``KS-2021-456``, ``KS2021/456``, ``KS/2019/0001/0009`` (case 1,
  document 9), ``KS 2021/0456-3`` (document 3), ``KS-2014/742.912`` (classification ignored),
  ``S2015/4222/EIS`` and ``UD2018-03806FN`` (unit codes ignored), ``Dnr 2021/456`` (no board);
  separators ``/`` (spaces around it allowed), ``-``, ``–``, ``.``, doubled ``//`` ``--``, and
  ``_`` as in file names (``Beslut_KS_2021_0456.pdf``);
* serial first (Länsstyrelsen): ``18981-2026``, never with a board;
* glued: ``M202001133`` = M 2020/1133, only with a board, a four-digit year and when the digits
  cannot also be read with a two-digit year (so 9-10 digits with the default 6-digit serials).

Context decides how much is believed.  *Strong* context is a label before the number (``Dnr``,
``Diarienummer:``, ``Vårt dnr`` ...), a board from a configured ``Grammar.boards`` list, or
``parse()`` of a whole cell.  Rules, in the order they are applied:

1. Never a case number: a year outside ``min_year..max_year``; serial or document 0; a number
   directly followed by ``:`` and a letter or digit (``SFS 2010:900``, ``Prop. 1998/99:94``,
   ``2025/26:FPM52``); dates ``2021-04-05``, ``2021/4/5``, ``05-04-2021``, ``2021.04.05``;
   a six-digit serial that is a date (personnummer ``850101-1234``).
2. A prefix that is a common word (``Grammar.stopwords``: ``sida``, ``kl``, ``nr``, ``maj`` ...)
   is no board; nor, without a label, a word of 3+ letters not in capitals followed by a space
   (``hösten 2021/22``, ``Kund 2021/04``; ``KS``, ``MBN``, ``ks``, ``Fi 2004/1149``,
   ``Komm2024/00450`` are boards).  With ``Grammar.boards`` set, only those are boards.  A
   prefix that is no board is dropped and the rest judged as a number without a board.
3. Without strong context: a two-digit year needs a board written in capitals or of at most two
   letters and a serial of 3+ digits (``KS 21/456``, not ``kl 14.30``, ``sida 12/15``); a ``.``
   separator needs a four-digit year; ``2021/22``, ``2021/2022``, ``2018-2020``, ``2019-202``
   (the serial looks like a year up to 30 years later) are spans of years, not cases.
4. Without strong context and without a board: four-digit year, ``/`` or dash, serial of 3+
   digits, nothing OCR-repaired, not followed by a space and more digits (phone numbers,
   postal codes), not an EU act or invoice (``förordning (EU) 2016/679``, ``2008/112/GUSP``,
   ``Fakturanr 2021-0456``).  Serial first: 3-5 digits, no leading zero (area codes), serial
   not a year (``1970-1995``).
5. ``NNNN-NNNN`` and ``NN-NNNN`` ending in a year: ``NN-NNNN`` is serial first; when both
   halves could be years it is ambiguous and skipped unless ``Grammar.order`` says which
   comes first (a Länsstyrelsen registry: ``Grammar(order="serial-year")``).

OCR mode additionally reads ``O o``→0, ``l I |``→1, ``S``→5, ``B``→8, ``Z``→2 in digit groups
(real digits must stay the majority of each group), a space or mixed separator between year and
serial, ``2021/04 56`` and ``KS 20210456``; such finds are ``repaired`` and need a label or a
board in capitals (not one made of look-alikes such as ``O``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Literal

_L = "A-Za-zÅÄÖåäö"
_OCR_TABLE = str.maketrans(
    {"O": "0", "o": "0", "l": "1", "I": "1", "|": "1", "S": "5", "B": "8", "Z": "2"}
)
_BOUNDARY = rf"(?<![0-9{_L}/.+\-–])(?<![0-9]_)"
_END = rf"(?![0-9{_L}]|[-–/._][0-9]|:[0-9{_L}])"
_UNIT = rf"(?P<unit>(?:[ ]?/[{_L}][{_L}0-9-]{{0,9}}){{1,6}}|[A-ZÅÄÖ]{{1,6}})?"
_STRICT_SEPS = {"/", "//", "-", "--", "–", "––", ".", "_"}
# Numbers of EU acts ("förordning (EU) 2016/679", "gemensam åtgärd 2008/112/GUSP"), invoices and
# orders ("Fakturanr 2021-0456") look like bare case numbers; these words before, or unit codes
# after, a bare number say whose number it is.
_FOREIGN_BEFORE = re.compile(
    r"(?i)(?:\((?:EU|EG|EEG|EU,\s*Euratom|Euratom)\)|direktiv\w*|förordning\w*|\w*beslut\w*"
    r"|åtgärd\w*|faktura\w*|order\w*|\w+nr\.?|\w*nummer)[\s:]*(?:nr\.?\s*)?$"
)
_FOREIGN_UNITS = {"EU", "EG", "EEG", "EC", "GUSP", "CFSP", "GSFP", "JHA", "RIF", "EURATOM"}


@dataclass(frozen=True)
class CaseNumber:
    """One case (and optionally one document in it) as (board, year, serial, doc)."""

    board: str | None
    year: int
    serial: int
    doc: int | None = None

    def case_key(self) -> tuple[str | None, int, int]:
        return (self.board, self.year, self.serial)

    def display(self, width: int = 4) -> str:
        text = f"{self.year}/{self.serial:0{width}d}"
        if self.board:
            text = f"{self.board} {text}"
        return text if self.doc is None else f"{text}-{self.doc}"

    def without_doc(self) -> CaseNumber:
        return CaseNumber(self.board, self.year, self.serial)


@dataclass(frozen=True)
class Found:
    """A case number seen in a text: what it means, where it is and how it was written."""

    number: CaseNumber
    start: int
    end: int
    raw: str
    repaired: bool = False


def _words(text: str, sep: str | None = None) -> tuple[str, ...]:
    return tuple(w.strip() for w in text.split(sep))


@dataclass(frozen=True)
class Grammar:
    """How one registry writes its numbers; the defaults read most Swedish registries."""

    boards: tuple[str, ...] = ()  # known prefixes; empty = any 1-6 letters
    two_digit_pivot: int = 50  # yy < pivot -> 20yy, else 19yy
    min_year: int = 1980
    max_year: int = 2100
    order: Literal["auto", "year-serial", "serial-year"] = "auto"  # for NNNN-NNNN
    max_serial_digits: int = 6
    labels: tuple[str, ...] = _words(
        "diarienummer|diarienr|dnr|ärendenummer|ärendenr|ärende nr|ärende|vårt dnr|ert dnr"
        "|vår beteckning|er beteckning|beteckning|vår referens|er referens",
        "|",
    )
    # prefixes that are words, not boards ("sida 12/150", "kl 14.30", "maj 2023-30")
    stopwords: tuple[str, ...] = _words(
        """nr no nummer år året åren den kl ca cirka sida sid s i v p tel tfn fax kr sek eur usd
        och på från till per mål vecka kap st om av med för under sedan efter före mellan datum
        dat bilaga bil aktbil sfs prop skr sou ds dir com bet ht vt art ref version ver jan
        januari feb februari mar mars apr april maj jun juni jul juli aug augusti sep sept okt
        oktober nov dec may"""
    )


DEFAULT_GRAMMAR = Grammar()


@dataclass(frozen=True)
class _Ctx:
    text: str
    grammar: Grammar
    ocr: bool
    cell: bool


@dataclass(frozen=True)
class _Parts:
    """The digit groups of one match, cleaned, and what is known about their surroundings."""

    board: str | None
    start: int
    year_raw: str
    serial_raw: str
    doc_raw: str | None
    ysep: str
    repaired: bool
    strong: bool
    board_written: str = ""
    unit: str = ""
    dsep: str = ""


def _label_pattern(g: Grammar) -> str:
    words = sorted(g.labels, key=len, reverse=True)
    body = "|".join(r"\s+".join(re.escape(w) for w in label.split()) for label in words)
    return rf"(?:(?i:{body})\.?(?![{_L}])[\s:.#_]{{0,12}})"


def _start(g: Grammar) -> str:
    return rf"(?:(?P<label>{_label_pattern(g)}{{1,3}})|{_BOUNDARY})"


def _tail(d: str) -> str:
    return rf"(?:(?P<dsep>[-–/_])(?P<doc>[0-9]{{1,4}}))?(?P<cls>(?:\.[0-9]+)+)?{_UNIT}{_END}"


def _year_first(g: Grammar, d: str, ocr: bool) -> str:
    n = g.max_serial_digits
    serial = rf"{d}{{1,{n}}}"
    ysep = r"[ ]?/{1,2}[ ]?|[-–]{1,2}|[._]"
    if ocr:
        split = rf"[0Oo](?:[ ]{d}{{3}}|{d}[ ]{d}{{2}}|{d}{{2}}[ ]{d})(?![0-9])"
        serial, ysep = f"{split}|{serial}", r"[ ]?[-–/._]{1,2}[ ]?|[ ]"
    return (
        rf"{_start(g)}(?:(?P<board>[{_L}]{{1,6}})(?P<bsep>[ \n]?[-/.–_]?[ ]?))?"
        rf"(?P<year>{d}{{4}}|{d}{{2}})(?P<ysep>{ysep})(?P<serial>{serial}){_tail(d)}"
    )


def _serial_first(g: Grammar, d: str) -> str:
    return rf"{_start(g)}(?P<serial>{d}{{1,{g.max_serial_digits}}})[-–](?P<year>{d}{{4}}){_END}"


def _glued(g: Grammar, d: str, ocr: bool) -> str:
    space = "[ ]?" if ocr else ""
    return (
        rf"{_start(g)}(?P<board>[{_L}]{{1,6}})(?P<bsep>{space})"
        rf"(?P<digits>{d}{{7,{g.max_serial_digits + 4}}}){_tail(d)}"
    )


@lru_cache(maxsize=32)
def _patterns(g: Grammar, ocr: bool) -> tuple[tuple[str, re.Pattern[str]], ...]:
    d = "[0-9OoIl|SBZ]" if ocr else "[0-9]"
    kinds = [("year", _year_first(g, d, ocr)), ("glued", _glued(g, d, ocr))]
    if g.order != "year-serial":
        kinds.append(("serial", _serial_first(g, d)))
    return tuple((kind, re.compile(p)) for kind, p in kinds)


def _clean(raw: str, ocr: bool) -> tuple[str, bool] | None:
    """Digits of one group with OCR look-alikes mapped; None when too little of it is digits."""
    compact = raw.replace(" ", "")
    if not ocr or compact.isdigit():
        return compact, compact != raw
    fixed = compact.translate(_OCR_TABLE)
    subs = sum(1 for a, b in zip(compact, fixed, strict=True) if a != b)
    if subs * 2 >= len(compact) and subs:
        return None
    return fixed, subs > 0 or compact != raw


def _expand_year(raw: str, g: Grammar) -> int | None:
    year = int(raw)
    if len(raw) == 2:
        year += 2000 if year < g.two_digit_pivot else 1900
    return year if g.min_year <= year <= g.max_year else None


@lru_cache(maxsize=32)
def _word_sets(g: Grammar) -> tuple[frozenset[str], frozenset[str]]:
    """(known boards, words that are never boards) of a grammar, for fast lookup."""
    never = {label for label in g.labels if " " not in label} | set(g.stopwords)
    return frozenset(b.upper() for b in g.boards), frozenset(never)


def _is_board(word: str, bsep: str, g: Grammar, strong: bool) -> bool:
    known, never = _word_sets(g)
    if g.boards:
        return word.upper() in known
    lower = word.lower()
    if lower in never and (len(word) > 1 or word.islower()):
        return False
    return strong or not (" " in bsep and len(word) >= 3 and not word.isupper())


def _board(m: re.Match[str], ctx: _Ctx, first: str) -> tuple[str | None, int, bool]:
    """(board, where the number starts, board is a configured one)."""
    word = m.group("board")
    strong = ctx.cell or bool(m.group("label"))
    if word and _is_board(word, m.group("bsep"), ctx.grammar, strong):
        return word.upper(), m.start("board"), bool(ctx.grammar.boards)
    return None, m.start(first), False


def _is_date(p: _Parts) -> bool:
    """2021-04-05, 2021/4/5, 05-04-2021: three groups, one separator, a month in the middle."""
    y, s, d = p.year_raw, p.serial_raw, p.doc_raw
    same_sep = p.dsep.replace("–", "-") == p.ysep[:1].replace("–", "-")
    if d is None or not same_sep or len(s) > 2 or not 1 <= int(s) <= 12:
        return False
    if len(y) == 4 and len(d) <= 2:
        return 1 <= int(d) <= 31
    return len(y) <= 2 and len(d) == 4 and 1 <= int(y) <= 31


def _is_yymmdd(digits: str) -> bool:
    if len(digits) != 6:
        return False
    try:
        date(2000 + int(digits[:2]), int(digits[2:4]), int(digits[4:]))
    except ValueError:
        return False
    return True


def _looks_like_span(year: int, serial_raw: str) -> bool:
    """2021/22, 2021/2022, 2018-2020 and the cut-off 2019-202 read as spans of years."""
    later = [str(y) for y in range(year, year + 31)]
    if len(serial_raw) == 2:
        return serial_raw == later[1][2:]
    return serial_raw in later or (len(serial_raw) == 3 and serial_raw in {y[:3] for y in later})


def _foreign(p: _Parts, ctx: _Ctx) -> bool:
    """A bare number that an EU act, not this registry, wrote."""
    units = {u.strip().upper() for u in p.unit.split("/")}
    before = ctx.text[max(0, p.start - 40) : p.start]
    return bool(units & _FOREIGN_UNITS) or _FOREIGN_BEFORE.search(before) is not None


def _more_digits_follow(ctx: _Ctx, end: int) -> bool:
    return re.match(r"\s[0-9]", ctx.text[end : end + 2]) is not None


def _year_first_ok(p: _Parts, year: int, ctx: _Ctx, end: int) -> bool:
    g = ctx.grammar
    if _is_date(p) or _ambiguous(p, g):
        return False
    if p.ysep == " " and (len(p.year_raw) != 4 or len(p.serial_raw) < 3):
        return False  # OCR: a space is a separator only between unmistakable groups
    if p.strong:
        return True
    if _looks_like_span(year, p.serial_raw) or (p.ysep == "." and len(p.year_raw) != 4):
        return False
    if p.board is not None:
        caps = p.board_written.isupper() or len(p.board_written) <= 2
        return len(p.year_raw) == 4 or (caps and len(p.serial_raw) >= 3)
    return (
        len(p.year_raw) == 4
        and p.ysep not in {".", " ", "_"}
        and len(p.serial_raw) >= 3
        and not p.repaired
        and not _more_digits_follow(ctx, end)
        and not _foreign(p, ctx)
    )


def _ambiguous(p: _Parts, g: Grammar) -> bool:
    """Bare NN-NNNN or NNNN-NNNN ending in a year: left to the serial-first reading unless the
    grammar says years come first."""
    if p.board is not None or p.ysep not in {"-", "–"} or g.order == "year-serial":
        return False
    return len(p.serial_raw) == 4 and 1900 <= int(p.serial_raw) <= g.max_year


def _groups(m: re.Match[str], ctx: _Ctx) -> tuple[str, str, bool] | None:
    year, serial = _clean(m.group("year"), ctx.ocr), _clean(m.group("serial"), ctx.ocr)
    if year is None or serial is None:
        return None
    return year[0], serial[0], year[1] or serial[1]


def _from_year_first(m: re.Match[str], ctx: _Ctx) -> Found | None:
    groups = _groups(m, ctx)
    if groups is None:
        return None
    year_raw, serial_raw, repaired = groups
    board, start, known = _board(m, ctx, "year")
    ysep = m.group("ysep").replace(" ", "") or " "
    repaired = repaired or ysep not in _STRICT_SEPS
    if ysep == "." and m.group("cls"):
        return None
    if repaired and m.group("unit") and not m.group("unit").strip().startswith("/"):
        return None
    p = _Parts(
        board,
        start,
        year_raw,
        serial_raw,
        m.group("doc"),
        ysep,
        repaired,
        bool(m.group("label")) or ctx.cell or known,
        m.group("board") or "",
        m.group("unit") or "",
        m.group("dsep") or "",
    )
    year = _expand_year(year_raw, ctx.grammar)
    if year is None or not _year_first_ok(p, year, ctx, m.end()):
        return None
    return _found(ctx, p, year, int(serial_raw), m.end())


def _from_serial_first(m: re.Match[str], ctx: _Ctx) -> Found | None:
    groups = _groups(m, ctx)
    if groups is None:
        return None
    year_raw, serial_raw, repaired = groups
    g, strong = ctx.grammar, bool(m.group("label")) or ctx.cell
    year = _expand_year(year_raw, g)
    year_like = len(serial_raw) == 4 and 1900 <= int(serial_raw) <= g.max_year
    if year is None or _is_yymmdd(serial_raw) or (year_like and g.order == "auto"):
        return None
    if not strong and (
        year_like
        or repaired
        or not 3 <= len(serial_raw) <= 5
        or serial_raw.startswith("0")
        or _more_digits_follow(ctx, m.end())
    ):
        return None
    p = _Parts(None, m.start("serial"), year_raw, serial_raw, None, "-", repaired, strong)
    return _found(ctx, p, year, int(serial_raw), m.end())


def _from_glued(m: re.Match[str], ctx: _Ctx) -> Found | None:
    board, start, known = _board(m, ctx, "digits")
    cleaned = _clean(m.group("digits"), ctx.ocr)
    if board is None or cleaned is None:
        return None
    digits, repaired = cleaned
    g = ctx.grammar
    year = _expand_year(digits[:4], g)
    two_digit = _expand_year(digits[:2], g) is not None and len(digits) - 2 <= g.max_serial_digits
    if ctx.ocr and len(digits) == 8 and digits[4] == "0":  # "KS 20210456": zero-padded serial
        two_digit, repaired = False, True
    if year is None or two_digit or len(digits) - 4 < 3:
        return None
    repaired = repaired or bool(m.group("bsep"))
    strong = bool(m.group("label")) or ctx.cell or known
    p = _Parts(
        board, start, digits[:4], digits[4:], m.group("doc"), "", repaired, strong, m.group("board")
    )
    return _found(ctx, p, year, int(digits[4:]), m.end())


def _trusted(p: _Parts) -> bool:
    """An OCR-repaired find needs a label, a configured board, or a board written in capitals
    that is not itself made of digit look-alikes (``O``, ``I``, ``B``, ``Z``)."""
    board = p.board_written if p.board else ""
    return not p.repaired or p.strong or (board.isupper() and not set(board) <= set("OIBZ"))


def _found(ctx: _Ctx, p: _Parts, year: int, serial: int, end: int) -> Found | None:
    doc = int(p.doc_raw) if p.doc_raw is not None else None
    if serial == 0 or doc == 0 or not _trusted(p):
        return None
    number = CaseNumber(p.board, year, serial, doc)
    return Found(number, p.start, end, ctx.text[p.start : end], p.repaired)


_READERS = {"year": _from_year_first, "serial": _from_serial_first, "glued": _from_glued}


def _find(ctx: _Ctx) -> list[Found]:
    candidates: list[Found] = []
    for kind, pattern in _patterns(ctx.grammar, ctx.ocr):
        for m in pattern.finditer(ctx.text):
            found = _READERS[kind](m, ctx)
            if found is not None:
                candidates.append(found)
    candidates.sort(key=lambda f: (f.start, -f.end))
    kept: list[Found] = []
    for found in candidates:
        if not kept or found.start >= kept[-1].end:
            kept.append(found)
    return kept


def find_all(
    text: str, grammar: Grammar = DEFAULT_GRAMMAR, *, ocr_tolerant: bool = False
) -> list[Found]:
    """All case numbers in free text, in order of appearance, without overlaps."""
    return _find(_Ctx(text, grammar, ocr_tolerant, cell=False))


@lru_cache(maxsize=32)
def _label_only(g: Grammar) -> re.Pattern[str]:
    return re.compile(rf"\s*{_label_pattern(g)}*")


def parse(text: str, grammar: Grammar = DEFAULT_GRAMMAR) -> CaseNumber | None:
    """The case number that a whole cell holds (labels and spaces allowed around it), or None."""
    text = text.strip().strip("()[]")
    found = _find(_Ctx(text, grammar, ocr=False, cell=True))
    if len(found) != 1:
        return None
    only = found[0]
    head_ok = _label_only(grammar).fullmatch(text[: only.start]) is not None
    tail_ok = text[only.end :].strip(" \t\r\n.,;") == ""
    return only.number if head_ok and tail_ok else None
