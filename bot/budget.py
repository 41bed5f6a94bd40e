"""A budget per submission across its whole tree: parts (items), unpacked bytes, pages read and
seconds spent reading them. What is spent is counted from the database (the items and pages
already written), so every worker sees the same figures; two workers unpacking siblings at
once may overshoot by one container's parts at most.

The unpack stage hands what is left to the container readers as `Limits.room`
(bot/unpack/limits.py): every reader that counts its parts and bytes through `Limits`
(zip, 7z/rar/tar, e-mail, .msg, TNEF) stops at the submission's budget as at its own limits.
The extract stage reads at most the pages left, and a document in a child bounded by the
seconds left (bot/reading.py)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, col, select

from bot.models import Item, Page
from bot.settings import Settings
from bot.unpack.inflate import document_refusal
from bot.unpack.limits import TEXT, Limits, Room


@dataclass(frozen=True)
class Spent:
    parts: int  # items of the submission, the top one included
    bytes: int  # bytes of the items unpacked from it (the top one's own not counted)
    pages: int
    seconds: float  # spent reading pages (text layers, OCR), failed reads included


def spent(session: Session, submission_id: int) -> Spent:
    """What the submission has used so far, from its items and pages. A split's parts share
    their file's bytes and copy its pages, so they count as parts only."""
    whole = col(Item.meta)["split_of"].as_string().is_(None)
    parts = session.exec(
        select(func.count(col(Item.id))).where(Item.submission_id == submission_id)).one()
    unpacked = session.exec(
        select(func.coalesce(func.sum(Item.size), 0))
        .where(Item.submission_id == submission_id, col(Item.parent_id).is_not(None), whole)
    ).one()
    pages, seconds = session.exec(
        select(func.count(col(Page.id)), func.coalesce(func.sum(Page.seconds), 0.0))
        .join(Item, col(Item.id) == col(Page.item_id))
        .where(Item.submission_id == submission_id, whole)
    ).one()
    failed = session.exec(  # reads that ended without pages (a timeout, a killed child)
        select(func.coalesce(func.sum(col(Item.meta)["read_seconds"].as_float()), 0.0))
        .where(Item.submission_id == submission_id)
    ).one()
    return Spent(int(parts), int(unpacked), int(pages), float(seconds) + float(failed))


def room(session: Session, settings: Settings, item: Item) -> Room:
    """What is left of the item's submission's parts and bytes for unpacking it."""
    return _room(settings, spent(session, item.submission_id))


def _room(settings: Settings, used: Spent) -> Room:
    return Room(
        parts=max(0, settings.submission_max_parts - used.parts),
        bytes=max(0, settings.submission_max_bytes - used.bytes),
        max_parts=settings.submission_max_parts,
        max_bytes=settings.submission_max_bytes,
    )


@dataclass(frozen=True)
class Reading:
    """What is left for reading one item's pages; `refusal` when nothing is."""

    pages: int
    seconds: float
    refusal: str | None


def reading(session: Session, settings: Settings, item: Item, data: bytes) -> Reading:
    """Pages and seconds left to read the item with; a reason when the budget is spent or
    when the item is a zip-based document (.docx …) inflating past the bytes left."""
    used = spent(session, item.submission_id)
    pages = settings.submission_max_pages - used.pages
    seconds = settings.submission_max_seconds - used.seconds
    refusal = None
    if pages <= 0:
        refusal = TEXT["budget_pages"].format(limit=settings.submission_max_pages)
    elif seconds <= 0:
        refusal = TEXT["budget_seconds"].format(limit=f"{settings.submission_max_seconds:g}")
    else:
        refusal = document_refusal(data, item.media_type, Limits(room=_room(settings, used)))
    return Reading(max(pages, 0), max(seconds, 0.0), refusal)
