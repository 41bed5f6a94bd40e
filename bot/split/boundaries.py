"""Where a new document starts in a scan without separators: each page scored on what opens a
document (page 1 of N, a letterhead unlike the page before, a new case number, a date and
addressee after a signature); pages at or above the threshold are proposed as boundaries for
the registrar to accept or adjust."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from bot.casenumbers import Grammar, find_all
from bot.split import meetingpack
from bot.split.signals import PageSignal

PAGE_OF = re.compile(r"(?i)\b(?:sida|sid|s\.|page)?\s*(\d{1,3})\s*(?:\(|av|/|of)\s*(\d{1,3})\)?")
SIGN_OFF = re.compile(r"(?i)(med vänlig(?:a)? hälsning(?:ar)?|vänliga hälsningar|hälsningar|"
                      r"underskrift|namnförtydligande|ordförande|sekreterare|utdragsbestyrkande|"
                      r"enligt delegation|för kommunstyrelsen|för nämnden)")
DATE = re.compile(r"(?i)\b((?:19|20)\d\d-\d\d-\d\d|\d{1,2} (?:januari|februari|mars|april|maj|"
                  r"juni|juli|augusti|september|oktober|november|december) (?:19|20)\d\d)\b")
KINDS = re.compile(r"(?i)^\s*(beslut|tjänsteskrivelse|yttrande|ansökan|kallelse|protokoll|"
                   r"protokollsutdrag|delgivningskvitto|faktura|avtal|underrättelse|kungörelse|"
                   r"remiss|begäran|anmälan|rapport|komplettering|överklagande|föreläggande|"
                   r"startbesked|slutbesked|skrivelse|promemoria|pm|inbjudan|svar)\b")
POSTAL = re.compile(r"(?m)^\s*\d{3} ?\d{2} [A-ZÅÄÖ][a-zåäö]+")  # "123 45 Exempelby"
NAME = re.compile(r"^[A-ZÅÄÖ][a-zåäöé]+(?:[- ][A-ZÅÄÖ][a-zåäöé]+){1,2}$")  # "Malin Åberg"
ROLE = re.compile(r"(?i)^\w*(handläggare|utredare|chef|direktör|sekreterare|ordförande|"
                  r"inspektör|arkitekt|ingenjör|samordnare|strateg|jurist|controller|"
                  r"registrator|assistent|ekonom|kommunalråd)\b")
THRESHOLD = 3.0
AFTER_AGENDA = "första handlingen efter kallelsen / the first document after the agenda"
TOP_LINES, TAIL_LINES = 8, 10


@dataclass
class Boundary:
    page: int
    score: float
    reasons: list[str] = field(default_factory=list)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _page_of(text: str) -> tuple[int, int] | None:
    lines = _lines(text)
    for line in lines[:TOP_LINES] + lines[-4:]:
        found = PAGE_OF.search(line)
        if found and 1 <= int(found[1]) <= int(found[2]) <= 500:
            return int(found[1]), int(found[2])
    return None


def _signed(text: str) -> bool:
    """The page ends with a sign-off: a greeting, or a name over a job title."""
    tail = _lines(text)[-TAIL_LINES:]
    if SIGN_OFF.search("\n".join(tail)):
        return True
    return any(NAME.match(a) and ROLE.search(b) for a, b in itertools.pairwise(tail))


def _numbers(text: str, grammar: Grammar) -> set[str]:
    return {f.number.without_doc().display() for f in find_all(text, grammar, ocr_tolerant=True)
            if f.number.board}


def _letterhead(text: str) -> tuple[str, ...]:
    return tuple(re.sub(r"\W+", " ", line).lower() for line in _lines(text)[:2])


def _score(prev: PageSignal, page: PageSignal, grammar: Grammar, seen: set[str]) -> Boundary:
    b = Boundary(page.number, 0.0)
    mine, before = _page_of(page.text), _page_of(prev.text)

    def add(points: float, why: str) -> None:
        b.score += points
        b.reasons.append(why)

    if mine and mine[0] == 1:
        add(3.0, "sida 1 av N / page 1 of N")
    elif mine and mine[0] > 1:
        add(-4.0 if not before or before[0] == mine[0] - 1 else -1.0, "sida k av N")
    if before and before[0] == before[1]:
        add(1.0, "sidan före var sista / the page before was the last")
    top = "\n".join(_lines(page.text)[:TOP_LINES])
    new = _numbers(top, grammar) - seen
    if new:
        add(2.0, f"nytt diarienummer / new case number {sorted(new)[0]}")
    if _letterhead(page.text) != _letterhead(prev.text) and _letterhead(page.text):
        add(1.0, "nytt brevhuvud / new letterhead")
    if KINDS.search("\n".join(_lines(page.text)[:TOP_LINES]).replace("\n", " \n")):
        add(0.5, "dokumenttyp överst / a document type at the top")
    if _signed(prev.text):
        add(1.5, "underskrift sist på sidan före / a signature ends the page before")
    if DATE.search(top):
        add(1.0, "datum överst / a date at the top")
    if POSTAL.search(top):
        add(0.5, "adress överst / an address at the top")
    return b


def propose(signals: list[PageSignal], grammar: Grammar) -> list[Boundary]:
    """Proposed boundaries (pages where a new document starts), best evidence kept. In a
    meeting pack the notice and agenda are one document and the first page after it starts
    the next (the agenda's case numbers are not the documents' own)."""
    pages = [s for s in signals if not s.blank]
    agenda = meetingpack.agenda_pages(pages)
    found: list[Boundary] = []
    if agenda:
        found.append(Boundary(pages[agenda].number, THRESHOLD, [AFTER_AGENDA]))
    seen: set[str] = _numbers(pages[agenda].text if agenda else pages[0].text, grammar) \
        if pages else set()
    for prev, page in itertools.pairwise(pages[agenda:]):
        boundary = _score(prev, page, grammar, seen)
        if boundary.score >= THRESHOLD:
            found.append(boundary)
            seen = set()
        seen |= _numbers(page.text, grammar)
    return found


def ranges(signals: list[PageSignal], boundaries: list[Boundary]) -> str:
    """'1-3, 4-9, 10-12': the split dialog's text for these boundaries (blank pages included
    in the document before them)."""
    starts = [signals[0].number, *(b.page for b in boundaries)]
    ends = [b.page - 1 for b in boundaries] + [signals[-1].number]
    return ", ".join(f"{a}-{z}" if z > a else f"{a}" for a, z in zip(starts, ends, strict=True))
