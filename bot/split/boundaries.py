"""Where a new document starts in a scan without separators: each page scored on what opens a
document (page 1 of N, a letterhead unlike the page before, a new case number, a date and
addressee after a signature); pages at or above the threshold are proposed as boundaries for
the registrar to accept or adjust."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from bot.casenumbers import Grammar, find_all
from bot.matching.text import DMY_DATE, dates
from bot.split import meetingpack
from bot.split.running import Running
from bot.split.signals import PageSignal

PAGE_OF = re.compile(r"(?i)\b(sida|sid|s\.|page)?\s*(\d{1,3})\s*(?:\(|av|/|of)\s*(\d{1,3})\)?")
SIGN_OFF = re.compile(r"(?i)(med vänlig(?:a)? hälsning(?:ar)?|vänliga hälsningar|hälsningar|"
                      r"underskrift|namnförtydligande|ordförande|sekreterare|utdragsbestyrkande|"
                      r"enligt delegation|för kommunstyrelsen|för nämnden)")
GREETING = re.compile(r"(?i)^(med )?vänlig(a)? hälsning(ar)?,?$|^hälsningar,?$")
KINDS = re.compile(r"(?i)^\W*(beslut|tjänsteskrivelse|yttrande|ansökan|kallelse|protokoll|"
                   r"protokollsutdrag|delgivningskvitto|faktura|avtal|underrättelse|kungörelse|"
                   r"remiss|begäran|anmälan|rapport|komplettering|överklagande|föreläggande|"
                   r"startbesked|slutbesked|skrivelse|promemoria|pm|inbjudan|svar|"
                   r"tillsynsrapport|överenskommelse|utredning|redovisning)\b")
SHORT_WORDS = 3  # a line this short is no sentence even when OCR ends it with a dot
TITLE_WORDS = 6  # a document type is a title line: "BESLUT", "Protokollsutdrag", not a sentence
POSTAL = re.compile(r"(?m)^\s*(?:SE-?)?\d{3} ?\d{2} [A-ZÅÄÖ][a-zåäö]+")  # "123 45 Exempelby"
BODY = re.compile(r"(?:(?i:nämnd(?:en)?|styrelsen?|kommun|förvaltning(?:en)?|myndighet(?:en)?|"
                  r"verket|förening(?:en)?|\slän)|\s(?:AB|HB|KB))$")  # "Tekniska nämnden"
NAME = re.compile(r"^[A-ZÅÄÖ][a-zåäöé]+(?:[- ][A-ZÅÄÖ][a-zåäöé]+){1,2}$")  # "Malin Åberg"
ROLE = re.compile(r"(?i)^\w*(handläggare|utredare|chef|direktör|sekreterare|ordförande|"
                  r"inspektör|arkitekt|ingenjör|samordnare|strateg|jurist|controller|"
                  r"registrator|assistent|ekonom|kommunalråd|vd|projektledare|rektor|"
                  r"konsult|advokat|förvaltare|specialist|sakkunnig)\b")
THRESHOLD = 3.0
AFTER_AGENDA = "första handlingen efter kallelsen / the first document after the agenda"
TOP_LINES, TAIL_LINES = 8, 10
RUNNING_PAGES = 3  # a line at the foot of this many pages is a running footer
FOOTER_LETTERS = 20  # longer than a name or a body's name: those sign, they do not run


@dataclass
class Boundary:
    page: int
    score: float
    reasons: list[str] = field(default_factory=list)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _in_date(line: str, found: re.Match[str]) -> bool:
    """'10/12 2013' is a date, not page 10 of 12 (unless it says sida or page)."""
    return not found[1] and any(m.start() <= found.start(2) < m.end()
                                for m in DMY_DATE.finditer(line))


def _page_of(text: str) -> tuple[int, int] | None:
    lines = _lines(text)
    for line in lines[:TOP_LINES] + lines[-4:]:
        for found in PAGE_OF.finditer(line):
            if 1 <= int(found[2]) <= int(found[3]) <= 500 and not _in_date(line, found):
                return int(found[2]), int(found[3])
    return None


def _signs(line: str) -> bool:
    """A greeting, a person's name, or a body's or firm's name alone on its line: they sign,
    however many letters of the batch end with them (the same firm's letters in a meeting
    pack), they do not run."""
    return bool(SIGN_OFF.search(line) or NAME.match(line)
                or (_is_title(line) and BODY.search(line)))


def _tail(text: str, running: Running) -> list[str]:
    """The page's last lines, its running footer left out."""
    return [line for line in _lines(text) if _signs(line) or line not in running][-TAIL_LINES:]


def _is_title(line: str) -> bool:
    """A short line without a full stop: a name, a body, a heading (not a sentence)."""
    return len(line.split()) <= TITLE_WORDS and not line.endswith((".", ",", ":", ";"))


def _signed(text: str, running: Running) -> bool:
    """The page ends with a sign-off: a greeting, a name over a job title, a name alone, or
    the issuing body's name alone ("Tekniska nämnden")."""
    tail = _tail(text, running)
    if not tail or GREETING.match(tail[-1]):
        return False  # a greeting at the foot: the name is on the next page
    if SIGN_OFF.search("\n".join(tail)):
        return True
    last = tail[-1]
    if len(last.split()) <= SHORT_WORDS:
        last = last.rstrip(".")  # "Polismyndigheten." : OCR's stray dot, not a sentence
    ends_sentence = len(tail) < 2 or _is_title(tail[-2]) or tail[-2].endswith((".", "!", "?", ":"))
    if ends_sentence and _is_title(last) and (NAME.match(last) or BODY.search(last)):
        return True  # not the last words of a sentence wrapped onto their own line
    return any(NAME.match(a) and ROLE.search(b) for a, b in itertools.pairwise(tail))


def _signature_goes_on(prev: PageSignal, top: list[str], running: Running) -> bool:
    """The page starts with the rest of the page before's signature: the name after a greeting
    at its foot, or a job title under a name."""
    tail = _tail(prev.text, running)
    if tail and GREETING.match(tail[-1]):
        return True
    return bool(top) and _is_title(top[0]) and bool(ROLE.match(top[0]))


def _kind_at_top(top: list[str]) -> bool:
    return any(_is_title(line) and KINDS.search(line) for line in top)


def _numbers(text: str, grammar: Grammar) -> set[str]:
    return {f.number.without_doc().display() for f in find_all(text, grammar, ocr_tolerant=True)
            if f.number.board}


def _letterhead(lines: list[str]) -> tuple[str, ...]:
    """The first two lines when both are short (a sender's name and address, a body and its
    board), not the running text of a continuation page."""
    head = lines[:2]
    if len(head) < 2 or not all(_is_title(line) for line in head):
        return ()
    return tuple(re.sub(r"\W+", " ", line).lower() for line in head)


def _score(prev: PageSignal, page: PageSignal, grammar: Grammar, seen: set[str],
           running: Running | None = None) -> Boundary:
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
    running = running or Running([], RUNNING_PAGES, FOOTER_LETTERS)
    top_lines = _lines(page.text)[:TOP_LINES]
    top = "\n".join(top_lines)
    new = _numbers(top, grammar) - seen
    if new:
        add(2.0, f"nytt diarienummer / new case number {sorted(new)[0]}")
    head = _letterhead(top_lines)
    if head and head != _letterhead(_lines(prev.text)):
        add(1.0, "nytt brevhuvud / new letterhead")
    if _signature_goes_on(prev, top_lines, running):
        add(-2.0, "underskriften fortsätter / the signature goes on")
    if _kind_at_top(top_lines):
        add(0.5, "dokumenttyp överst / a document type at the top")
    if _signed(prev.text, running):
        add(1.5, "underskrift sist på sidan före / a signature ends the page before")
    dated = bool(dates(top))
    if dated:
        add(1.0, "datum överst / a date at the top")
    if POSTAL.search(top):
        add(0.5, "adress överst / an address at the top")
        if dated:
            add(1.0, "brevinledning med datum och adress / a letter's date and address block")
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
    running = Running([p.text for p in pages], RUNNING_PAGES, FOOTER_LETTERS)
    for prev, page in itertools.pairwise(pages[agenda:]):
        boundary = _score(prev, page, grammar, seen, running)
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
