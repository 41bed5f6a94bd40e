"""Proposals already known from the split: a cover sheet names its case and record (certain,
`high`); a protocol paragraph names its case and the decision extract registered for that
meeting and paragraph; a protocol as a whole goes to the record registering it. None when the
registry does not hold what the part names: the ordinary matching takes over."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from sqlmodel import Session, col, select

from bot.casenumbers import Grammar, parse
from bot.matching.numbers import lookup
from bot.matching.text import dates
from bot.models import Case, Item, Proposal, RegistryDocument

COVER_REASON = "försättsblad / cover sheet"
_WORDS = re.compile(r"(?i)protokoll|utdrag|beslut")
AFTER_MEETING_DAYS = 31  # an extract is sent and registered within weeks of the meeting


def _proposal(item: Item, case: Case, doc: RegistryDocument | None, score: float, band: str,
              reasons: list[str]) -> Proposal:
    return Proposal(item_id=item.id or 0, rank=0, case_id=case.id or 0,
                    document_id=doc.id if doc else None, score=score, confidence=band,
                    reasons=reasons, doc_score=score if doc else None,
                    doc_confidence=band if doc else None,
                    doc_reasons=reasons[-1:] if doc else [])


def _case_and_record(session: Session, text: str, grammar: Grammar
                     ) -> tuple[Case | None, RegistryDocument | None, int | None]:
    number = parse(text, grammar)
    if number is None:
        return None, None, None
    cases = lookup(session, number)
    case = cases[0] if len(cases) == 1 else None
    doc = None
    if case is not None and number.doc is not None:
        doc = session.exec(select(RegistryDocument).where(
            RegistryDocument.case_id == case.id,
            RegistryDocument.doc_number == number.doc)).first()
    return case, doc, number.doc


def cover(session: Session, item: Item, grammar: Grammar) -> Proposal | None:
    case, doc, wanted = _case_and_record(session, str(item.meta["cover"]), grammar)
    if case is None:
        return None
    reasons = [COVER_REASON, f"{item.meta['cover']} på försättsbladet / on the cover sheet"]
    if wanted is not None and doc is None:
        return _proposal(item, case, None, 0.8, "medium",
                         [*reasons, f"handling {wanted} finns inte i diariet / not registered"])
    return _proposal(item, case, doc, 1.0, "high", reasons)


def _mentions(description: str, number: int) -> bool:
    return re.search(rf"(?i)(?:§|paragraf|par\.)\s*{number}(?!\d)", description) is not None


def _fit(doc: RegistryDocument, paragraph: dict[str, Any]) -> float:
    """How surely this record is the paragraph's extract: it names the paragraph (2), the
    meeting's date (2; 1 when the record is dated within a month after the meeting) and says
    protokoll, utdrag or beslut (1)."""
    text, score = doc.description or "", 0.0
    meeting, named = _date(paragraph.get("date")), dates(text, compact=True)
    if meeting and named and meeting not in named:
        return 0.0  # an extract of another meeting
    if _mentions(text, int(paragraph["number"])):
        score += 2.0
    if meeting and (doc.date == meeting or meeting in named):
        score += 2.0
    elif meeting and doc.date and 0 < (doc.date - meeting).days <= AFTER_MEETING_DAYS:
        score += 1.0
    if _WORDS.search(text):
        score += 1.0
    return score


def _date(value: object) -> date | None:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def paragraph(session: Session, item: Item, grammar: Grammar) -> Proposal | None:
    info: dict[str, Any] = item.meta["paragraph"]
    case, _, _ = _case_and_record(session, str(info["case_number"]), grammar)
    if case is None:
        return None
    docs = session.exec(select(RegistryDocument).where(RegistryDocument.case_id == case.id)).all()
    best = max(docs, key=lambda d: (_fit(d, info), d.file_status == "missing"), default=None)
    fit = _fit(best, info) if best else 0.0
    where = f"§ {info['number']} {info.get('board') or ''} {info.get('date') or ''}".strip()
    reasons = [f"protokollsparagraf / protocol paragraph {where}",
               f"Dnr {info['case_number']} i paragrafen / in the paragraph"]
    if best is None or fit < 4.0:
        return _proposal(item, case, None, 0.85, "medium",
                         [*reasons, "inget protokollsutdrag för paragrafen / no extract"])
    return _proposal(item, case, best, 0.99, "high",
                     [*reasons, f"handling {best.doc_number}: {best.description}, {best.date}"])


def _protocol_rows(session: Session, meeting: date) -> list[tuple[RegistryDocument, Case]]:
    """Records called a protocol, not an extract, registered from the meeting day to a month
    after (a protocol is registered when it has been signed)."""
    return list(session.exec(select(RegistryDocument, Case).join(
        Case, col(Case.id) == RegistryDocument.case_id).where(
        col(RegistryDocument.date) >= meeting,
        col(RegistryDocument.date) <= meeting + timedelta(days=AFTER_MEETING_DAYS),
        col(RegistryDocument.description).ilike("%protokoll%"),
        col(RegistryDocument.description).not_ilike("%utdrag%"))).all())


def _whole_fit(doc: RegistryDocument, case: Case, meeting: date, board_key: str) -> float:
    named = dates(doc.description or "", compact=True)
    if named and meeting not in named:
        return 0.0  # the protocol of another meeting
    return 2.0 * (doc.date == meeting) + 2.0 * bool(named) + 1.0 * (case.board_key == board_key)


def protocol(session: Session, item: Item) -> Proposal | None:
    """The record registering the whole protocol: called a protocol and not an extract, dated
    the meeting day or, registered within a month after, naming it; a case of the protocol's
    board preferred; only when one record fits best."""
    info: dict[str, Any] = item.meta["protocol"]
    meeting = _date(info.get("date"))
    if meeting is None:
        return None
    key = str(info.get("board_key") or "").upper()
    scored = sorted(((_whole_fit(d, c, meeting, key), d, c) for d, c in
                     _protocol_rows(session, meeting)), key=lambda t: -t[0])
    if not scored or scored[0][0] < 2.0 or (len(scored) > 1 and scored[1][0] == scored[0][0]):
        return None
    _, doc, case = scored[0]
    return _proposal(item, case, doc, 0.95, "high",
                     [f"protokoll / protocol {info.get('board') or ''} {meeting}",
                      f"handling {doc.doc_number}: {doc.description}, {doc.date}"])


def known(session: Session, item: Item, grammar: Grammar) -> Proposal | None:
    """The proposal the split already knows for this part, if any."""
    if item.meta.get("cover"):
        return cover(session, item, grammar)
    if item.meta.get("paragraph"):
        return paragraph(session, item, grammar)
    if item.meta.get("protocol"):
        return protocol(session, item)
    return None
