"""Case-number evidence: numbers found in the text, subject, file name and parent email,
looked up in the registry, weighed by where they were seen."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from bot.casenumbers import CaseNumber, Found, find_all
from bot.context import Context
from bot.models import Case, Item, Page

# How much one sighting of a case number in each kind of place says, before combination.
SOURCE_WEIGHT = {"text": 0.93, "subject": 0.9, "filename": 0.88, "parent": 0.85}
LABEL = re.compile(
    r"(dnr|diarienr|diarienummer|ärende:|ärendenr|ärendenummer|beteckning|vår ref|er ref)\W{0,4}$",
    re.IGNORECASE,
)


# Matching reads a bounded, telling part of an item: the first pages say what a document is, who
# wrote it, when and under which number. A 190 MB text file is read no further than this.
PAGE_CHARS = 20_000  # of one page (a letter's page is 2,000-5,000 characters)
TEXT_CHARS = 60_000  # of all pages together
MAX_PAGES = 30
MAX_FINDS = 200  # case-number sightings looked at per item


@dataclass
class Source:
    """A piece of text to search, and how to name it in a reason."""

    kind: str  # text | subject | filename | parent
    where: str  # "sida 1", "ämnesraden", ...
    text: str


@dataclass
class Sighting:
    found: Found
    source: Source
    weight: float
    labelled: bool


@dataclass
class Candidate:
    case: Case
    sightings: list[Sighting] = field(default_factory=list)
    first: bool = False  # its number is the first one the document shows

    @property
    def labelled(self) -> bool:
        return any(s.labelled for s in self.sightings)

    def score(self) -> float:
        miss = 1.0
        for s in self.sightings:
            miss *= 1.0 - s.weight
        return 1.0 - miss


def _pages(session: Session, item: Item) -> list[Source]:
    """The first pages, each cut to PAGE_CHARS and all together to TEXT_CHARS (in SQL, so a
    huge page is never loaded whole)."""
    rows = session.exec(
        select(Page.number, func.substr(Page.text, 1, PAGE_CHARS))
        .where(Page.item_id == item.id).order_by(col(Page.number)).limit(MAX_PAGES)
    ).all()
    found, room = [], TEXT_CHARS
    for number, text in rows:
        if room <= 0:
            break
        found.append(Source("text", f"sida {number}", str(text or "")[:room]))
        room -= len(found[-1].text)
    return found


def sources_for(session: Session, item: Item) -> list[Source]:
    """Where to look: the item's own pages, subject and file name, and its parent email."""
    found = _pages(session, item)
    if item.meta.get("subject") and item.meta.get("kind") != "email":
        found.append(Source("subject", "ämnesraden", str(item.meta["subject"])[:PAGE_CHARS]))
    found.append(Source("filename", "filnamnet", item.filename[:PAGE_CHARS]))
    parent = session.get(Item, item.parent_id) if item.parent_id else None
    if parent is not None:
        text = f"{parent.meta.get('subject') or ''}\n{parent.meta.get('body_text') or ''}"
        found.append(Source("parent", "e-postmeddelandet", text[:PAGE_CHARS]))
    return found


def lookup(session: Session, number: CaseNumber) -> list[Case]:
    """Cases with this number; without a board prefix, every board's case with it."""
    query = select(Case).where(Case.year == number.year, Case.serial == number.serial)
    if number.board:
        exact = session.exec(query.where(Case.board_key == number.board)).all()
        if exact:
            return list(exact)
    return list(session.exec(query.limit(10)).all())


def _labelled(source: Source, found: Found) -> bool:
    return LABEL.search(source.text[max(0, found.start - 30) : found.start]) is not None


def _other_board(found: Found, case: Case) -> bool:
    """The number names a board, and this case belongs to another: most likely another
    board's (or another authority's) number, at best a misread prefix."""
    return found.number.board is not None and found.number.board != case.board_key


def _weight(source: Source, found: Found, case: Case, n_cases: int) -> float:
    weight = SOURCE_WEIGHT[source.kind]
    if _other_board(found, case):
        weight *= 0.3 / n_cases
    elif found.number.board is None:
        weight *= 0.8 if n_cases == 1 else 0.5 / n_cases
    if found.repaired:
        weight *= 0.8
    if _labelled(source, found):
        weight = min(0.97, weight + 0.04)
    return weight


@dataclass
class Evidence:
    """Every registry case a number in the item points at, and whether the item carries a
    labelled number ("Dnr: ...") that is no case of ours (another organisation's, perhaps)."""

    candidates: dict[int, Candidate]
    unknown_label: bool = False


def _sightings(ctx: Context, sources: list[Source]) -> list[tuple[Source, Found]]:
    """Every case number in the sources, in order, at most MAX_FINDS."""
    found = []
    for source in sources:
        for hit in find_all(source.text, ctx.grammar, ocr_tolerant=source.kind == "text"):
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
    for source, found in _sightings(ctx, sources):
        key = found.number.case_key()
        if key not in looked_up:
            looked_up[key] = lookup(session, found.number)
        cases = looked_up[key]
        unknown = unknown or (not cases and _labelled(source, found))
        own = [c for c in cases if not _other_board(found, c)]
        first = first or (found if own else None)
        for case in cases:
            mine = case in own
            cand = candidates.setdefault(case.id or 0, Candidate(case))
            cand.first = cand.first or (mine and found is first)
            cand.sightings.append(Sighting(found, source, _weight(source, found, case,
                                                                  len(cases)),
                                           mine and _labelled(source, found)))
    return Evidence(candidates, unknown)


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
        reasons.append(f"{label} {s.found.raw.strip()} i {s.source.where}")
    if len(cand.sightings) > 3:
        reasons.append(f"diarienumret förekommer {len(cand.sightings)} gånger")
    return reasons


def number_evidence(cand: Candidate) -> list[dict[str, Any]]:
    return [{"source": s.source.kind, "where": s.source.where, "start": s.found.start,
             "end": s.found.end, "text": s.found.raw} for s in cand.sightings]
