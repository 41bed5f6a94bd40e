"""Stage 2: read the item's text — email bodies directly, documents through ocr/."""

from __future__ import annotations

import time
from collections.abc import Iterable

from sqlalchemy import delete
from sqlmodel import Session, col

import ocr
from bot import budget, reading, renditions
from bot.context import Context
from bot.logos import logo_reason
from bot.models import Item, Page
from bot.stages import Outcome
from bot.states import EXTRACTED, FAILED, SKIPPED
from bot.unpack.limits import TEXT

EMPTY = "tom fil (0 byte) / empty file (0 bytes)"
FORWARD_ONLY = (
    "vidarebefordran utan egen text; meddelandena läses var för sig / "
    "a forward with no text of its own; the messages are read one by one"
)


def _email_text(item: Item) -> str:
    subject = str(item.meta.get("subject") or "")
    # The messages forwarded in it are items of their own: here only the forwarder's note.
    forwarded = bool(item.meta.get("forwarded_count"))
    body = item.meta.get("forward_note" if forwarded else "body_text") or ""
    return f"{subject}\n\n{body}".strip()


def _read_pages(ctx: Context, item: Item, left: budget.Reading) -> list[Page]:
    if item.meta.get("kind") == "email":
        return [Page(item_id=item.id or 0, number=1, text=_email_text(item), method="direct")]
    options = ocr.OcrOptions(languages=ctx.settings.ocr_languages, dpi=ctx.settings.ocr_dpi,
                             workers=ctx.settings.ocr_workers,
                             max_pages=min(ocr.OcrOptions.max_pages, left.pages))
    if renditions.convertible(item):  # Office, RTF, HTML: through a PDF rendition
        return _pages(item.id, renditions.read(ctx, item, options, left.seconds))
    data = ctx.blobs.get(item.sha256)
    return _pages(item.id, reading.read_bounded(ctx.settings, data, item.media_type, options,
                                                left.seconds))


def _pages(item_id: int | None, read: Iterable[ocr.PageText]) -> list[Page]:
    return [
        Page(
            item_id=item_id or 0,
            number=p.number,
            text=p.text,
            confidence=p.confidence,
            method=p.method,
            seconds=round(p.seconds, 3),
            steps=dict(p.steps),
        )
        for p in read
    ]


def _readable(item: Item) -> bool:
    return (item.meta.get("kind") == "email" or ocr.supported(item.media_type)
            or renditions.convertible(item))


def extract(ctx: Context, session: Session, item: Item) -> Outcome:
    if item.size == 0:
        return Outcome(SKIPPED, EMPTY)
    logo = logo_reason(session, ctx.blobs, item)
    if logo:
        return Outcome(SKIPPED, logo)
    if item.meta.get("forwarded_count") and not str(item.meta.get("forward_note") or "").strip():
        return Outcome(SKIPPED, FORWARD_ONLY)
    if not _readable(item):
        return Outcome(
            SKIPPED, f"filtypen kan inte läsas / file type cannot be read: {item.media_type}"
        )
    left = budget.reading(session, ctx.settings, item, ctx.blobs.get(item.sha256))
    if left.refusal:
        return Outcome(FAILED, left.refusal)
    started = time.monotonic()
    try:
        pages = _read_pages(ctx, item, left)
    except ocr.OcrError as error:  # its seconds were spent all the same: the budget counts them
        item.meta = {**item.meta, "read_seconds": round(time.monotonic() - started, 3)}
        return Outcome(FAILED, str(error))
    session.execute(delete(Page).where(col(Page.item_id) == item.id))
    session.add_all(pages)
    if left.pages < ocr.OcrOptions.max_pages and any("truncated" in p.steps for p in pages):
        # cut short by the submission's pages, not read whole: never queued as if it were
        return Outcome(FAILED, TEXT["budget_pages"].format(
            limit=ctx.settings.submission_max_pages))
    if not any(p.text.strip() for p in pages):
        return Outcome(SKIPPED, "ingen text hittades / no text found")
    return Outcome(EXTRACTED)
