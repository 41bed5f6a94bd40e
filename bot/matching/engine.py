"""Proposals for one item: candidate cases from the case numbers it shows and from every key of
the registry index, features, the case model, the document record inside each case and its own
model, the whole proposal's band, and the reasons. A case number clearly read as the document's
own is never outvoted, whatever the registry's size."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from bot.context import Context
from bot.matching import index
from bot.matching.documents import RecordChoice, choose_document
from bot.matching.features import NAMES, CaseView, ItemView, features, item_view
from bot.matching.model import Model, load
from bot.matching.numbers import (
    Candidate,
    Evidence,
    collect,
    document_number,
    number_evidence,
    number_reasons,
)
from bot.matching.reasons import content_reasons, telling
from bot.matching.records import load_cases
from bot.matching.sources import Source, ancestors, sources_for
from bot.models import Item, Proposal, Submission

MAX_PROPOSALS = 5
SEARCH_DEPTH = 40
HEADING_CHARS = 400


@dataclass
class Scored:
    view: CaseView
    values: list[float]
    score: float
    numbers: Candidate | None

    @property
    def pinned(self) -> bool:
        """Its number is the document's own, clearly read: it ranks first."""
        return self.view.number_clear and self.view.number_own


def _case_views(session: Session, case_ids: set[int]) -> dict[int, CaseView]:
    return {i: CaseView(case, docs) for i, (case, docs) in load_cases(session, case_ids).items()}


def _meta_dates(items: list[Item]) -> list[date]:
    """Dates from metadata, nearest item first (a forwarded message's original date first)."""
    found = []
    for it in items:
        for key in ("original_date", "date"):
            try:
                found.append(date.fromisoformat(str(it.meta.get(key) or "")[:10]))
            except ValueError:
                continue
    return found


def _domain(address: object) -> str:
    text = str(address or "")
    return text.rsplit("@", 1)[-1].strip(" >").lower() if "@" in text else ""


def _mail_author(session: Session, item: Item) -> str | None:
    """Who wrote an e-mail: "us" when its original sender shares the submitter's domain."""
    submission = session.get(Submission, item.submission_id)
    own = _domain(submission.submitter if submission else None)
    sender = _domain(item.meta.get("original_from") or item.meta.get("from"))
    if not own or not sender:
        return None
    return "us" if sender == own else "them"


def view_of(session: Session, item: Item, sources: list[Source]) -> ItemView:
    text = "\n".join(s.text for s in sources if s.kind != "filename")
    first_page = next((s.text for s in sources if s.kind == "text"), "")
    # A mail's own date is the original's; a document in a mail: its own heading's, else the
    # mail's (the date the sender sent it).
    meta = _meta_dates([item, *ancestors(session, item)])
    view = item_view(text, meta, f"{item.filename}\n{first_page[:HEADING_CHARS]}")
    if item.meta.get("kind") == "email":
        view.written_by = _mail_author(session, item)
    return view


def _number_fields(views: dict[int, CaseView], evidence: Evidence) -> None:
    any_label = any(c.labelled for c in evidence.candidates.values())
    for case_id, cand in evidence.candidates.items():
        cv = views[case_id]
        cv.number, cv.number_label = cand.score(), cand.labelled
        cv.number_own = cand.labelled or (cand.first and not any_label)
        cv.number_clear = cand.clear
        cv.number_repaired_only = cand.repaired_only
        cv.number_ocr_only = cand.ocr_only
    for case_id, cv in views.items():
        cv.number_near = case_id not in evidence.candidates and evidence.near(cv.case)


def score_candidates(ctx: Context, session: Session, item: Item,
                     sources: list[Source]) -> tuple[ItemView, list[Scored]]:
    """Every candidate case with its features and probability, best first."""
    evidence = collect(ctx, session, sources)
    view = view_of(session, item, sources)
    query = index.item_query(session, view.text, view.own_dates + view.dates, view.names)
    hits = index.candidates(session, query, SEARCH_DEPTH)
    views = _case_views(session, set(evidence.candidates) | {h.case_id for h in hits})
    for hit in hits:
        if hit.case_id in views:
            views[hit.case_id].bm25 = hit.bm25
    _number_fields(views, evidence)
    top = max((h.bm25 for h in hits), default=0.0)
    scored = []
    for case_id, cv in views.items():
        other = max((c.score() for i, c in evidence.candidates.items() if i != case_id),
                    default=0.0)
        values = features(view, cv, top, other, evidence.unknown_label)
        scored.append(Scored(cv, values, 0.0, evidence.candidates.get(case_id)))
    model = load()
    for s, p in zip(scored, model.case.probabilities([s.values for s in scored], NAMES),
                    strict=True):
        s.score = p
    scored.sort(key=lambda s: (not s.pinned, -s.score))
    return view, scored


def band(model: Model, score: float, s: Scored) -> str:
    """The whole proposal's band; never 'high' on an OCR-repaired number without content that
    agrees, nor when the item's own date lies outside the case's life."""
    fired = dict(zip(NAMES, s.values, strict=True))
    agrees = fired["title"] >= 0.5 or fired["property"] or fired["counterpart"] \
        or fired["own_date_fit"]
    confidence = model.band(score)
    unsure = (s.view.number_repaired_only and not agrees) or (
        fired["own_date_out"] and not s.pinned)
    return "medium" if confidence == "high" and unsure else confidence


def _proposal(item: Item, rank: int, view: ItemView, s: Scored) -> Proposal:
    model = load()
    written = document_number(s.numbers) if s.numbers else None
    choice: RecordChoice = choose_document(view, s.view, written)
    score = s.score * choice.chosen
    reasons = (number_reasons(s.numbers) if s.numbers else []) + content_reasons(s.view, s.values)
    return Proposal(
        item_id=item.id or 0, rank=rank, case_id=s.view.case.id or 0,
        document_id=choice.document.id if choice.document else None, score=round(score, 4),
        confidence=band(model, score, s), reasons=reasons + choice.reasons,
        doc_score=None if choice.score is None else round(choice.score, 4),
        doc_confidence=None if choice.score is None else model.record_band(choice.score),
        doc_reasons=choice.reasons,
        evidence=(number_evidence(s.numbers) if s.numbers else [])
        + [{"source": "text", "kind": k, "text": v} for k, v in s.view.evidence.items()],
    )


def propose(ctx: Context, session: Session, item: Item) -> list[Proposal]:
    """Ranked proposals, best first, even unlikely ones (the registrar's alternatives 1-3);
    none when nothing in the registry shares a number or a telling key with the item."""
    view, scored = score_candidates(ctx, session, item, sources_for(session, item))
    shown = scored[:MAX_PROPOSALS]
    if not any(s.numbers or telling(s.values) for s in shown):
        return []  # only dates, a year or a board speak: they never single out a case

    return [_proposal(item, rank, view, s) for rank, s in enumerate(shown)]
