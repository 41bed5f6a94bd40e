"""Stage 1: who may submit, exact-duplicate check, then unpack containers (emails, zips) into
child items: attachments first, then each message forwarded inline (bot/forwards/)."""

from __future__ import annotations

from sqlmodel import Session, col, select

from bot import budget
from bot.context import Context
from bot.forwards import chain_meta, forward_filename, message_meta, split_forwards, to_eml
from bot.models import Item, Submission
from bot.policy import RELEASED, quarantine_reason
from bot.sniff import EMAIL
from bot.stages import Outcome
from bot.states import DUPLICATE, FAILED, SKIPPED, UNPACKED
from bot.unpack import Limits, Part, Unpacked, UnpackError, is_container, unpack


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


def _add_child(ctx: Context, session: Session, parent: Item, position: int, part: Part,
               meta: dict[str, object] | None = None) -> None:
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
            meta={"inline": part.inline, **(meta or {})},
        )
    )


def _quarantine(ctx: Context, session: Session, item: Item) -> str | None:
    """Why mail from this sender is not processed (bot/policy.py); only top-level emails."""
    if item.parent_id is not None or item.media_type != EMAIL or item.meta.get(RELEASED):
        return None
    submission = session.get(Submission, item.submission_id)
    if submission is None:
        return None
    return quarantine_reason(
        ctx.settings, submission.channel, ctx.blobs.get(item.sha256), submission.submitter
    )


def _add_forwarded(
    ctx: Context, session: Session, item: Item, unpacked: Unpacked, limits: Limits
) -> dict[str, object]:
    """Each message forwarded inline becomes a child after the attachments; returns the meta
    of the original (oldest) message for the email itself."""
    if unpacked.kind != "email" or item.meta.get("forwarded"):
        return {}  # a forwarded message's own body was already split from its parent's
    chain = split_forwards(unpacked.body_text, str(unpacked.meta.get("subject") or "") or None)
    first = len(unpacked.children) + 1
    room = max(0, limits.parts_cap - len(unpacked.children))
    for number, message in enumerate(chain.messages[:room], start=1):
        part = Part(forward_filename(number), to_eml(message), EMAIL)
        _add_child(ctx, session, item, first + number - 1, part, message_meta(message, number))
    return chain_meta(chain)


def _stopped(ctx: Context, session: Session, item: Item) -> Outcome | None:
    """Quarantined mail and exact copies of earlier items go no further."""
    held = _quarantine(ctx, session, item)
    if held:
        return Outcome(SKIPPED, held)
    original = earlier_copy(session, item)
    if original is None:
        return None
    item.duplicate_of = original.id
    return Outcome(
        DUPLICATE, f"samma fil som post {original.id} / same file as item {original.id}"
    )


def unpack_item(ctx: Context, session: Session, item: Item) -> Outcome:
    stopped = _stopped(ctx, session, item)
    if stopped is not None:
        return stopped
    if not is_container(item.media_type):
        return Outcome(UNPACKED)
    limits = Limits(max_depth=ctx.settings.max_depth, room=budget.room(session, ctx.settings, item))
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
    forwarded = _add_forwarded(ctx, session, item, unpacked, limits)
    item.meta = {
        **item.meta,
        **unpacked.meta,
        **forwarded,
        "body_text": unpacked.body_text or "",
        "warnings": unpacked.warnings,
        "kind": unpacked.kind,
    }
    if unpacked.kind == "archive":
        return Outcome(SKIPPED, _archive_reason(unpacked))
    return Outcome(UNPACKED)


def _archive_reason(unpacked: Unpacked) -> str:
    """How many files an archive gave, and which of its members could not be read."""
    count = len(unpacked.children)
    return "; ".join([f"arkiv uppackat: {count} filer / archive unpacked: {count} files",
                      *unpacked.warnings])
