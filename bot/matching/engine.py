"""Proposals for one item: candidates from case numbers and full-text search, features, the
calibrated model, the document record inside the case, and the reasons."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from bot.context import Context
from bot.matching import index
from bot.matching.documents import choose_document
from bot.matching.features import CaseView, ItemView, features, item_view
from bot.matching.model import load
from bot.matching.numbers import (
    Candidate,
    Source,
    collect,
    document_number,
    number_evidence,
    number_reasons,
    sources_for,
)
from bot.matching.reasons import content_reasons
from bot.models import Case, Item, Proposal, RegistryDocument

MAX_PROPOSALS = 5
SEARCH_DEPTH = 40


@dataclass
class Scored:
    view: CaseView
    values: list[float]
    score: float
    numbers: Candidate | None


def _case_views(session: Session, case_ids: set[int]) -> dict[int, CaseView]:
    if not case_ids:
        return {}
    views = {c.id or 0: CaseView(c, []) for c in
             session.exec(select(Case).where(col(Case.id).in_(case_ids)))}
    for doc in session.exec(select(RegistryDocument).where(
            col(RegistryDocument.case_id).in_(case_ids)).order_by(col(RegistryDocument.doc_number))):
        views[doc.case_id].documents.append(doc)
    return views


def _item_dates(item: Item, parent: Item | None) -> list[date]:
    """Dates from metadata (the original date of a forwarded message comes first)."""
    found = []
    for meta in (item.meta, parent.meta if parent else {}):
        for key in ("original_date", "date"):
            value = str(meta.get(key) or "")[:10]
            try:
                found.append(date.fromisoformat(value))
            except ValueError:
                continue
    return found


def score_candidates(ctx: Context, session: Session, item: Item,
                     sources: list[Source]) -> tuple[ItemView, list[Scored]]:
    evidence = collect(ctx, session, sources)
    numbers = evidence.candidates
    text = "\n".join(s.text for s in sources if s.kind != "filename")
    hits = index.search(session, text, limit=SEARCH_DEPTH)
    views = _case_views(session, set(numbers) | {h.case_id for h in hits})
    for hit in hits:
        if hit.case_id in views:
            views[hit.case_id].bm25 = hit.bm25
    any_label = any(c.labelled for c in numbers.values())
    for case_id, cand in numbers.items():
        views[case_id].number = cand.score()
        views[case_id].number_label = cand.labelled
        views[case_id].number_own = cand.labelled or (cand.first and not any_label)
    parent = session.get(Item, item.parent_id) if item.parent_id else None
    first_page = next((s.text for s in sources if s.kind == "text"), "")
    view = item_view(text, _item_dates(item, parent), f"{item.filename}\n{first_page[:400]}")
    top = max((h.bm25 for h in hits), default=0.0)
    scored = []
    for case_id, cv in views.items():
        other = max((c.score() for i, c in numbers.items() if i != case_id), default=0.0)
        values = features(view, cv, top, other, evidence.unknown_label)
        scored.append(Scored(cv, values, 0.0, numbers.get(case_id)))
    for s, p in zip(scored, load().probabilities([s.values for s in scored]), strict=True):
        s.score = p
    scored.sort(key=lambda s: -s.score)
    return view, scored


def _proposal(item: Item, rank: int, view: ItemView, s: Scored) -> Proposal:
    written = document_number(s.numbers) if s.numbers else None
    document, doc_reasons = choose_document(view, s.view, written)
    reasons = (number_reasons(s.numbers) if s.numbers else []) + content_reasons(s.view, s.values)
    return Proposal(
        item_id=item.id or 0, rank=rank, case_id=s.view.case.id or 0,
        document_id=document.id if document else None, score=round(s.score, 4),
        confidence=load().band(s.score), reasons=reasons + doc_reasons,
        evidence=(number_evidence(s.numbers) if s.numbers else [])
        + [{"source": "text", "kind": k, "text": v} for k, v in s.view.evidence.items()],
    )


def propose(ctx: Context, session: Session, item: Item) -> list[Proposal]:
    """Ranked proposals, best first, even unlikely ones (the registrar's alternatives 1-3);
    none when nothing in the registry shares a number or a telling word with the item."""
    view, scored = score_candidates(ctx, session, item, sources_for(session, item))
    return [_proposal(item, rank, view, s) for rank, s in enumerate(scored[:MAX_PROPOSALS])]
