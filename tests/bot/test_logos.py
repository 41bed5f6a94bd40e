"""Logos and signature images in emails are skipped with a reason: tiny ones at once, larger ones
once the same picture has arrived in a second submission; pictures that may be documents stay."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image
from sqlmodel import select

from bot.db import session_scope
from bot.ingest import submit
from bot.logos import image_size, logo_reason, submissions_with
from bot.models import Item, Submission
from bot.sniff import EMAIL
from bot.worker import run_until_idle
from tests.conftest import make_email


def _png(width: int, height: int, noise: bool = False) -> bytes:
    rng = np.random.default_rng(7)
    pixels = (rng.integers(0, 256, (height, width, 3), dtype=np.uint8) if noise
              else np.full((height, width, 3), 200, dtype=np.uint8))
    out = io.BytesIO()
    Image.fromarray(pixels).save(out, format="PNG")
    return out.getvalue()


def _mail_with(ctx, ref: str, picture: bytes) -> int:
    data = make_email(f"Beslut {ref}", "Hej, se bilaga.\n/Anna",
                      [("bild.png", picture, "image/png")])
    data = data.replace(b"<test-1@exempelby.se>", f"<{ref}@exempelby.se>".encode())
    result = submit(ctx, channel="intake_mail", source_ref=ref, data=data, filename=f"{ref}.eml",
                    submitter="anna.berg@exempelby.se")
    return result.item_id or 0


def _picture_of(ctx, top_id: int) -> Item:
    with session_scope(ctx.engine) as session:
        return session.exec(select(Item).where(Item.parent_id == top_id)).one()


def _item(session, submission: int, parent: int | None, data: bytes, blobs, media: str,
          position: int = 0) -> Item:
    item = Item(submission_id=submission, parent_id=parent, sha256=blobs.put(data),
                size=len(data), media_type=media, position=position)
    session.add(item)
    session.flush()
    return item


def test_a_tiny_signature_image_in_an_email_is_skipped(ctx):
    top = _mail_with(ctx, "a", _png(120, 40))
    run_until_idle(ctx)
    picture = _picture_of(ctx, top)
    assert picture.state == "skipped"
    assert picture.state_reason.startswith("liten bild i e-post (logotyp eller signatur)")


def test_a_larger_picture_repeated_in_two_submissions_is_skipped_and_never_queued(ctx):
    banner = _png(400, 120, noise=True)
    assert len(banner) > 20_000
    first, second = _mail_with(ctx, "a", banner), _mail_with(ctx, "b", banner)
    run_until_idle(ctx)
    one, two = _picture_of(ctx, first), _picture_of(ctx, second)
    assert one.state == "skipped"
    assert "samma bild finns i 2 inskick" in one.state_reason
    assert two.state == "duplicate"


def test_what_may_be_a_document_is_not_called_a_logo(ctx):
    with session_scope(ctx.engine) as session:
        session.add_all([Submission(channel="t", source_ref=str(n)) for n in (1, 2)])
        session.flush()
        mail = _item(session, 1, None, b"From: a@x\r\nTo: b@x\r\n\r\nHej", ctx.blobs, EMAIL)
        wide = _item(session, 1, mail.id, _png(600, 60), ctx.blobs, "image/png", 1)  # small file
        photo = _item(session, 1, mail.id, _png(300, 400, noise=True), ctx.blobs, "image/png", 2)
        loose = _item(session, 2, None, _png(50, 50), ctx.blobs, "image/png")  # not in an email
        for item in (wide, photo, loose):
            assert logo_reason(session, ctx.blobs, item) is None, item.media_type


def test_the_same_picture_twice_in_one_submission_is_not_a_repeat(ctx):
    photo = _png(320, 320, noise=True)
    with session_scope(ctx.engine) as session:
        session.add(Submission(channel="t", source_ref="1"))
        session.flush()
        mail = _item(session, 1, None, b"From: a@x\r\nTo: b@x\r\n\r\nHej", ctx.blobs, EMAIL)
        first = _item(session, 1, mail.id, photo, ctx.blobs, "image/png", 1)
        second = Item(submission_id=1, parent_id=mail.id, position=2, sha256=first.sha256,
                      size=first.size, media_type="image/png")
        session.add(second)
        session.flush()
        assert submissions_with(session, first.sha256) == 1
        assert logo_reason(session, ctx.blobs, first) is None


def test_image_size_is_read_from_the_header_and_unreadable_images_give_none():
    assert image_size(_png(31, 17)) == (31, 17)
    assert image_size(b"\x89PNG\r\n\x1a\n broken") is None
