"""Stage 2: read the item's text — email bodies directly, documents through ocr/."""

from __future__ import annotations

from sqlalchemy import delete
from sqlmodel import Session, col

import ocr
from bot.context import Context
from bot.models import Item, Page
from bot.stages import Outcome
from bot.states import EXTRACTED, FAILED, SKIPPED

SMALL_IMAGE_BYTES = 20_000  # images this small inside an email are logos and signatures


def _email_text(item: Item) -> str:
    subject = str(item.meta.get("subject") or "")
    return f"{subject}\n\n{item.meta.get('body_text') or ''}".strip()


def _is_logo(item: Item) -> bool:
    return (
        item.parent_id is not None
        and item.media_type.startswith("image/")
        and item.size < SMALL_IMAGE_BYTES
    )


def _read_pages(ctx: Context, item: Item) -> list[Page]:
    if item.meta.get("kind") == "email":
        return [Page(item_id=item.id or 0, number=1, text=_email_text(item), method="direct")]
    options = ocr.OcrOptions(languages=ctx.settings.ocr_languages, dpi=ctx.settings.ocr_dpi)
    return [
        Page(
            item_id=item.id or 0,
            number=p.number,
            text=p.text,
            confidence=p.confidence,
            method=p.method,
            seconds=round(p.seconds, 3),
            steps=dict(p.steps),
        )
        for p in ocr.read(ctx.blobs.get(item.sha256), item.media_type, options)
    ]


def extract(ctx: Context, session: Session, item: Item) -> Outcome:
    if _is_logo(item):
        return Outcome(
            SKIPPED,
            "liten bild i e-post (logotyp eller signatur) / "
            "small image in an email (logo or signature)",
        )
    if item.meta.get("kind") != "email" and not ocr.supported(item.media_type):
        return Outcome(
            SKIPPED, f"filtypen kan inte läsas / file type cannot be read: {item.media_type}"
        )
    try:
        pages = _read_pages(ctx, item)
    except ocr.OcrError as error:
        return Outcome(FAILED, str(error))
    session.execute(delete(Page).where(col(Page.item_id) == item.id))
    session.add_all(pages)
    if not any(p.text.strip() for p in pages):
        return Outcome(SKIPPED, "ingen text hittades / no text found")
    return Outcome(EXTRACTED)
