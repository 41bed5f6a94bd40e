"""Stage 1: exact-duplicate check, then unpack containers (emails, zips) into child items."""

from __future__ import annotations

from sqlmodel import Session, col, select

from bot.context import Context
from bot.models import Item
from bot.stages import Outcome
from bot.states import DUPLICATE, FAILED, SKIPPED, UNPACKED
from bot.unpack import Limits, Part, UnpackError, is_container, unpack


def earlier_copy(session: Session, item: Item) -> Item | None:
    """The first item with the same bytes that was not itself a duplicate or a failure."""
    return session.exec(
        select(Item)
        .where(
            Item.sha256 == item.sha256,
            col(Item.id) < item.id,
            col(Item.state).not_in((DUPLICATE, FAILED)),
        )
        .order_by(col(Item.id))
        .limit(1)
    ).first()


def _depth(session: Session, item: Item) -> int:
    depth, parent_id = 0, item.parent_id
    while parent_id is not None:
        depth += 1
        parent = session.get(Item, parent_id)
        parent_id = parent.parent_id if parent else None
    return depth


def _add_child(ctx: Context, session: Session, parent: Item, position: int, part: Part) -> None:
    """Create the child once: the (parent, position) key makes a repeated stage harmless."""
    exists = session.exec(
        select(Item.id).where(Item.parent_id == parent.id, Item.position == position)
    ).first()
    if exists is not None:
        return
    digest = ctx.blobs.put(part.data)
    session.add(
        Item(
            submission_id=parent.submission_id,
            parent_id=parent.id,
            position=position,
            filename=part.filename,
            media_type=part.media_type,
            sha256=digest,
            size=len(part.data),
            meta={"inline": part.inline},
        )
    )


def unpack_item(ctx: Context, session: Session, item: Item) -> Outcome:
    original = earlier_copy(session, item)
    if original is not None:
        item.duplicate_of = original.id
        return Outcome(
            DUPLICATE, f"samma fil som post {original.id} / same file as item {original.id}"
        )
    if not is_container(item.media_type):
        return Outcome(UNPACKED)
    limits = Limits(max_depth=ctx.settings.max_depth)
    try:
        unpacked = unpack(
            ctx.blobs.get(item.sha256),
            item.media_type,
            item.filename,
            depth=_depth(session, item),
            limits=limits,
        )
    except UnpackError as error:
        return Outcome(FAILED, str(error))
    for position, part in enumerate(unpacked.children, start=1):
        _add_child(ctx, session, item, position, part)
    item.meta = {
        **item.meta,
        **unpacked.meta,
        "body_text": unpacked.body_text or "",
        "warnings": unpacked.warnings,
        "kind": unpacked.kind,
    }
    if unpacked.kind == "archive":
        return Outcome(
            SKIPPED,
            f"arkiv uppackat: {len(unpacked.children)} filer / "
            f"archive unpacked: {len(unpacked.children)} files",
        )
    return Outcome(UNPACKED)
