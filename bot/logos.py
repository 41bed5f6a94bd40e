"""Recognise logos and signature images in emails: tiny pictures, or the same picture arriving
in several submissions; they are skipped with a reason instead of being queued."""

from __future__ import annotations

import io

from PIL import Image
from sqlalchemy import distinct, func
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from bot.blobs import BlobStore
from bot.models import Item
from bot.sniff import EMAIL, MSG

SMALL_BYTES = 20_000  # a signature image is rarely larger ...
SMALL_PIXELS = 300  # ... and a scanned page is never this small
REPEATED_IN = 2  # the same picture in this many submissions is part of a template

# User-facing text, Swedish first: one table so the project's translation layer can take it over.
TEXT = {
    "repeated": "logotyp eller signaturbild: samma bild finns i {n} inskick / "
                "logo or signature image: the same picture is in {n} submissions",
    "small": "liten bild i e-post (logotyp eller signatur) / "
             "small image in an email (logo or signature)",
}


def logo_reason(session: Session, blobs: BlobStore, item: Item) -> str | None:
    """Why an image attached to an email is a logo or signature, or None if it may be a document."""
    if not item.media_type.startswith("image/") or not _in_email(session, item):
        return None
    seen = submissions_with(session, item.sha256)
    if seen >= REPEATED_IN:
        return TEXT["repeated"].format(n=seen)
    if item.size < SMALL_BYTES:
        size = image_size(blobs.get(item.sha256))
        if size is None or max(size) < SMALL_PIXELS:
            return TEXT["small"]
    return None


def _in_email(session: Session, item: Item) -> bool:
    parent = session.get(Item, item.parent_id) if item.parent_id is not None else None
    return parent is not None and (
        parent.media_type in (EMAIL, MSG) or parent.meta.get("kind") == "email"
    )


def submissions_with(session: Session, sha256: str) -> int:
    """In how many submissions these exact bytes arrived attached to an email."""
    parent = aliased(Item)
    query = (
        select(func.count(distinct(col(Item.submission_id))))
        .join(parent, col(Item.parent_id) == parent.id)
        .where(Item.sha256 == sha256, col(parent.media_type).in_((EMAIL, MSG)))
    )
    return int(session.exec(query).one())


def image_size(data: bytes) -> tuple[int, int] | None:
    """Width and height from the image header; None when Pillow cannot read it (e.g. HEIC)."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            return image.size
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return None
