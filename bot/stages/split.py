"""Stage 3: one file, many documents? Cut it at cover sheets and separator sheets, or into a
protocol's paragraphs (-> split, each part extracted and matched next); otherwise propose
boundaries for the registrar and match the file as one document (-> matched)."""

from __future__ import annotations

from sqlmodel import Session, func, select

from bot.context import Context
from bot.i18n import bilingual
from bot.models import Item, Page
from bot.split import boundaries, pack, parts, protocol, separators
from bot.split.plan import SplitPlan
from bot.split.signals import PageSignal, read_signals, text_signals
from bot.stages import Outcome
from bot.stages.match import match
from bot.states import SPLIT


def _worth_it(plan: SplitPlan | None) -> bool:
    """Two parts or more, or one behind a cover sheet (which makes its match certain)."""
    return plan is not None and (len(plan.parts) > 1 or "cover" in plan.parts[0].meta)


def _plan(ctx: Context, signals: list[PageSignal]) -> SplitPlan | None:
    """Cover and patch sheets first (the person scanning said so), then a meeting pack (its
    documents at their boundaries: a notice whose agenda says `§ 3` and `Val av justerare`
    and whose documents include extracts is not a protocol), then a protocol (whose blank
    back pages must not cut it), then blank separator pages."""
    by_separators = separators.by_separators(signals)
    explicit = any(s.cover is not None or s.patch for s in signals)
    if explicit and _worth_it(by_separators):
        return by_separators
    found = pack.by_meeting_pack(signals, ctx.grammar) or protocol.by_protocol(signals,
                                                                                ctx.grammar)
    if found is not None:
        return found
    return by_separators if _worth_it(by_separators) else None


def _nested_protocol(ctx: Context, session: Session, item: Item) -> SplitPlan | None:
    """A part cut at a blank or patch sheet may itself be a protocol (its text tells)."""
    if item.meta.get("role") != "document" or item.meta.get("cover"):
        return None
    return protocol.by_protocol(text_signals(session, item), ctx.grammar)


def _note(ctx: Context, item: Item, signals: list[PageSignal]) -> None:
    """One document: its blank back sides, and boundaries the registrar may want to cut at."""
    notes: dict[str, object] = {}
    backs = separators.back_sides(signals)
    if backs:
        notes["blank_pages"] = backs
    found = boundaries.propose(signals, ctx.grammar)
    if found:
        notes["proposed_split"] = {
            "ranges": boundaries.ranges(signals, found),
            "boundaries": [{"page": b.page, "score": round(b.score, 1), "reasons": b.reasons}
                           for b in found]}
    if notes:
        item.meta = {**item.meta, **notes}


def _reason(plan: SplitPlan) -> str:
    made = len(plan.parts)
    if plan.kind == "protocol":
        return bilingual(f"{made} delar vid protokollets paragrafer",
                         f"{made} parts at the protocol's paragraphs")
    if plan.kind == "meetingpack":
        return bilingual(f"{made} delar: kallelsen och dess handlingar",
                         f"{made} parts: the meeting notice and its documents")
    return bilingual(f"{made} delar vid skiljeblad", f"{made} parts at separator sheets")


def split(ctx: Context, session: Session, item: Item) -> Outcome:
    """Parts (-> split) or one matched document (-> matched)."""
    pages = session.exec(select(func.count()).select_from(Page)
                         .where(Page.item_id == item.id)).one()
    if pages < 2 or not ctx.settings.split_auto:
        return match(ctx, session, item)
    if item.meta.get("split_of"):
        plan = _nested_protocol(ctx, session, item)
        if plan is None:
            return match(ctx, session, item)
        parts.write(session, item, plan)
        return Outcome(SPLIT, _reason(plan))
    signals = read_signals(session, item, ctx.blobs.get(item.sha256), ctx.grammar)
    plan = _plan(ctx, signals)
    if plan is None:
        _note(ctx, item, signals)
        return match(ctx, session, item)
    parts.write(session, item, plan)
    return Outcome(SPLIT, _reason(plan))
