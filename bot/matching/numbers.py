"""Case-number evidence: numbers found in the text, subject, file name and parent email,
looked up in the registry, weighed by where they were seen."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from sqlmodel import Session, select

from bot.casenumbers import CaseNumber, Found, Grammar, find_all
from bot.context import Context
from bot.matching.records import CaseRec
from bot.matching.sources import Source
from bot.models import Case

# How much one sighting of a case number in each kind of place says, before combination.
SOURCE_WEIGHT = {"text": 0.93, "hint": 0.93, "subject": 0.9, "filename": 0.88, "parent": 0.85,
                 "sender": 0.5, "attachment": 0.7}
OCR_TOLERANT = ("text", "attachment")
MAX_FINDS = 200  # case-number sightings looked at per item


@lru_cache(maxsize=8)
def _label(grammar: Grammar) -> re.Pattern[str]:
    """A label ("Dnr", "Vår beteckning", "Ärende nr") right before a number."""
    words = "|".join(re.escape(w) for w in sorted(grammar.labels, key=len, reverse=True))
    return re.compile(rf"(?:{words}|vår ref|er ref|ref)\.?\s*[:.]?\s*$", re.IGNORECASE)


# Words that make the number after them a reference to another case ("Se även ärende KS
# 2018/2330"), on the same line, close before it and with no other number between: never
# the document's own number.
REFERENCE = re.compile(
    r"\b(?:se även|se också|se vidare|jfr\.?|jämför(?: med)?|jämf\.|tidigare ärende"
    r"|i likhet med|samt ärende|även ärende)"
    r"(?![a-zåäö])[^\n.;\d]{0,24}$",
    re.IGNORECASE)


@dataclass
class Sighting:
    found: Found
    source: Source
    weight: float
    labelled: bool
    clear: bool = False  # read as written (no repair, no OCR), naming this case alone


@dataclass
class Candidate:
    case: Case
    sightings: list[Sighting] = field(default_factory=list)
    first: bool = False  # its number is the first one the document shows

    @property
    def labelled(self) -> bool:
        return any(s.labelled for s in self.sightings)

    @property
    def clear(self) -> bool:
        return any(s.clear for s in self.sightings)

    @property
    def repaired_only(self) -> bool:
        """Every sighting was an OCR repair: on its own no evidence in a dense registry."""
        return all(s.found.repaired for s in self.sightings)

    @property
    def ocr_only(self) -> bool:
        return all(s.found.repaired or s.source.ocr for s in self.sightings)

    def score(self) -> float:
        miss = 1.0
        for s in self.sightings:
            miss *= 1.0 - s.weight
        return 1.0 - miss


def lookup(session: Session, number: CaseNumber) -> list[Case]:
    """Cases with this number; without a board prefix, every board's case with it."""
    query = select(Case).where(Case.year == number.year, Case.serial == number.serial)
    if number.board:
        exact = session.exec(query.where(Case.board_key == number.board)).all()
        if exact:
            return list(exact)
    return list(session.exec(query.limit(10)).all())


def _labelled(source: Source, found: Found, grammar: Grammar) -> bool:
    before = source.text[max(0, found.start - 30) : found.start]
    return _label(grammar).search(before) is not None and not _reference(source, found)


def _reference(source: Source, found: Found) -> bool:
    """The number is named as another case's ("se även ärende ..."), not as the document's."""
    return REFERENCE.search(source.text[max(0, found.start - 60) : found.start]) is not None


def _other_board(found: Found, case: Case) -> bool:
    """The number names a board, and this case belongs to another: most likely another
    board's (or another authority's) number, at best a misread prefix."""
    return found.number.board is not None and found.number.board != case.board_key


def _clear(source: Source, found: Found, case: Case, n_cases: int) -> bool:
    """Read exactly as written, not by OCR, and naming this case alone."""
    named = found.number.board == case.board_key if found.number.board else n_cases == 1
    return not found.repaired and not source.ocr and named and source.kind != "attachment"


def _weight(source: Source, found: Found, case: Case, n_cases: int, labelled: bool) -> float:
    weight = SOURCE_WEIGHT[source.kind]
    if _other_board(found, case):
        weight *= 0.3 / n_cases
    elif found.number.board is None:
        weight *= 0.8 if n_cases == 1 else 0.5 / n_cases
    if found.repaired:
        weight *= 0.8
    if labelled:
        weight = min(0.97, weight + 0.04)
    return weight


@dataclass
class Evidence:
    """Every registry case a number in the item points at, and whether the item carries a
    labelled number ("Dnr: ...") that is no case of ours (another organisation's, perhaps)."""

    candidates: dict[int, Candidate]
    unknown_label: bool = False
    written: list[Found] = field(default_factory=list)  # every number seen, found or not

    def near(self, case: CaseRec) -> bool:
        """A number written in the item is this case's number with one digit misread (OCR
        reads 3 for 8, 1 for 7): same board and year, serial one digit off."""
        return any(one_digit_off(f.number, case) for f in self.written)


def _sightings(ctx: Context, sources: list[Source]) -> list[tuple[Source, Found]]:
    """Every case number in the sources, in order, at most MAX_FINDS."""
    found = []
    for source in sources:
        tolerant = source.kind in OCR_TOLERANT
        for hit in find_all(source.text, ctx.grammar, ocr_tolerant=tolerant):
            found.append((source, hit))
            if len(found) >= MAX_FINDS:
                return found
    return found


def collect(ctx: Context, session: Session, sources: list[Source]) -> Evidence:
    """Look every distinct number up once, and weigh each sighting of it."""
    candidates: dict[int, Candidate] = {}
    looked_up: dict[tuple[str | None, int, int], list[Case]] = {}
    first: Found | None = None
    unknown = False
    sightings = _sightings(ctx, sources)
    for source, found in sightings:
        key = found.number.case_key()
        if key not in looked_up:
            looked_up[key] = lookup(session, found.number)
        cases = looked_up[key]
        labelled = _labelled(source, found, ctx.grammar)
        unknown = unknown or (not cases and labelled)
        own = [c for c in cases if not _other_board(found, c)]
        first = first or (found if own and not _reference(source, found) else None)
        for case in cases:
            mine = case in own
            cand = candidates.setdefault(case.id or 0, Candidate(case))
            cand.first = cand.first or (mine and found is first)
            cand.sightings.append(Sighting(
                found, source, _weight(source, found, case, len(cases), labelled),
                mine and labelled, mine and _clear(source, found, case, len(cases))))
    return Evidence(candidates, unknown, [f for _, f in sightings])


def one_digit_off(number: CaseNumber, case: CaseRec) -> bool:
    if number.year != case.year or (number.board or case.board_key) != case.board_key:
        return False
    a, b = str(number.serial), str(case.serial)
    width = max(len(a), len(b))
    a, b = a.zfill(width), b.zfill(width)
    return sum(x != y for x, y in zip(a, b, strict=True)) == 1


def document_number(cand: Candidate) -> int | None:
    """The sub-number written most often with this case's number, if any."""
    counts: dict[int, int] = defaultdict(int)
    for s in cand.sightings:
        if s.found.number.doc is not None:
            counts[s.found.number.doc] += 1
    return max(counts, key=lambda d: counts[d]) if counts else None


def number_reasons(cand: Candidate) -> list[str]:
    reasons = []
    for s in cand.sightings[:3]:
        label = "tolkat diarienummer" if s.found.repaired else "diarienummer"
        if s.source.kind == "hint":
            label = "angivet diarienummer"
        reasons.append(f"{label} {s.found.raw.strip()} i {s.source.where}")
    if len(cand.sightings) > 3:
        reasons.append(f"diarienumret förekommer {len(cand.sightings)} gånger")
    return reasons


def number_evidence(cand: Candidate) -> list[dict[str, Any]]:
    return [{"source": s.source.kind, "where": s.source.where, "start": s.found.start,
             "end": s.found.end, "text": s.found.raw} for s in cand.sightings]
