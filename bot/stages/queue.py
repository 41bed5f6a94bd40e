"""Stage 4: link near duplicates (keeping the best copy as primary) and queue the rest; the
first pages' previews are rendered here, before anything is written, so that the registrar's
first view of the item is as fast as the next."""

from __future__ import annotations

import numpy as np
from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from bot.context import Context
from bot.matching.duplicates import MAX_CHARS, SAME, SURE, band_keys, signature, similarity
from bot.matching.sources import MAX_PAGES
from bot.models import Item, ItemBand, Page, Proposal
from bot.previews import prerender
from bot.stages import Outcome
from bot.states import CONFIRMED, DUPLICATE, QUEUED, REJECTED, transition

COMPARABLE = (QUEUED, CONFIRMED, REJECTED, DUPLICATE)


def _text(session: Session, item: Item) -> str:
    """The start of the item's text (a huge text is never loaded whole)."""
    pages = session.exec(select(func.substr(Page.text, 1, MAX_CHARS)).where(
        Page.item_id == item.id).order_by(col(Page.number)).limit(MAX_PAGES)).all()
    return "\n".join(str(p or "") for p in pages)[:MAX_CHARS]


def quality(session: Session, item: Item) -> tuple[int, float, int]:
    """Text layer beats a scan, higher OCR confidence beats lower, earlier beats later."""
    pages = session.exec(select(Page.method, Page.confidence).where(Page.item_id == item.id)).all()
    direct = all(method in ("textlayer", "direct") for method, _ in pages)
    confs = [conf for _, conf in pages if conf is not None]
    return (int(direct), sum(confs) / len(confs) if confs else 100.0, -(item.id or 0))


def _signature_of(item: Item) -> np.ndarray | None:
    raw = item.meta.get("minhash")
    return np.frombuffer(bytes.fromhex(raw), dtype=np.uint64) if raw else None


def _nearest(session: Session, item: Item, sig: np.ndarray) -> tuple[Item, float] | None:
    keys = band_keys(sig)
    ids: set[int] = set()
    for band, key in keys:
        ids.update(session.exec(select(ItemBand.item_id).where(
            ItemBand.band == band, ItemBand.key == key, ItemBand.item_id != item.id)).all())
    best: tuple[Item, float] | None = None
    for other in session.exec(select(Item).where(col(Item.id).in_(ids),
                                                 col(Item.state).in_(COMPARABLE))):
        if item.parent_id == other.id or other.parent_id == item.id:
            continue
        other_sig = _signature_of(other)
        score = similarity(sig, other_sig) if other_sig is not None else 0.0
        if score < SURE and (score < SAME or not _same_record(session, item, other)):
            continue
        if best is None or score > best[1]:
            best = (other, score)
    return (primary(session, best[0]), best[1]) if best else None


def _best_record(session: Session, item: Item) -> tuple[int, int | None] | None:
    top = session.exec(select(Proposal).where(Proposal.item_id == item.id)
                       .order_by(col(Proposal.rank)).limit(1)).first()
    return (top.case_id, top.document_id) if top else None


def _same_record(session: Session, a: Item, b: Item) -> bool:
    """Matching put both on the same registered document record."""
    first = _best_record(session, a)
    return first is not None and first[1] is not None and first == _best_record(session, b)


def primary(session: Session, item: Item) -> Item:
    """Follow duplicate links to the copy that is queued (or decided)."""
    seen = {item.id}
    while item.state == DUPLICATE and item.duplicate_of and item.duplicate_of not in seen:
        target = session.get(Item, item.duplicate_of)
        if target is None:
            break
        seen.add(target.id)
        item = target
    return item


def _remember(session: Session, item: Item, sig: np.ndarray) -> None:
    item.meta = {**item.meta, "minhash": sig.tobytes().hex()}
    session.execute(delete(ItemBand).where(col(ItemBand.item_id) == item.id))
    session.add_all(ItemBand(item_id=item.id or 0, band=b, key=k) for b, k in band_keys(sig))


def _demote(session: Session, primary: Item, new_primary: Item, score: float) -> None:
    """The new copy is better: the old primary and its duplicates point at it instead."""
    for dup in session.exec(select(Item).where(Item.duplicate_of == primary.id)):
        dup.duplicate_of = new_primary.id
        session.add(dup)
    primary.duplicate_of = new_primary.id
    transition(session, primary, DUPLICATE, actor="worker:enqueue",
               reason=f"bättre kopia i post {new_primary.id} ({score:.0%} lika) / "
                      f"better copy in item {new_primary.id}")


def enqueue(ctx: Context, session: Session, item: Item) -> Outcome:
    prerender(ctx, item)  # no write lock is held yet; a failure leaves it to the first view
    sig = signature(_text(session, item))
    if sig is None:
        return Outcome(QUEUED)
    _remember(session, item, sig)
    near = _nearest(session, item, sig)
    if near is None:
        return Outcome(QUEUED)
    other, score = near
    if other.state == QUEUED and quality(session, item) > quality(session, other):
        _demote(session, other, item, score)
        return Outcome(QUEUED, f"bästa kopian; post {other.id} är en dubblett / "
                              f"best copy; item {other.id} is a duplicate")
    item.duplicate_of = other.id
    return Outcome(DUPLICATE, f"nästan samma text som post {other.id} ({score:.0%}) / "
                              f"near duplicate of item {other.id}")
