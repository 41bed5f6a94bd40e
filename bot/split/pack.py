"""Cuts a meeting pack (kallelse med handlingar) into its documents: the notice and agenda as
one part, then a part at every boundary the scan batch's rules find (bot.split.boundaries);
blank pages at a document's edge are set aside, as in a scan batch."""

from __future__ import annotations

from bot.casenumbers import Grammar
from bot.split import boundaries, meetingpack, separators
from bot.split.plan import PartPlan, SplitPlan
from bot.split.signals import PageSignal

AGENDA, DOCUMENT = "kallelse", "handling"


def _starts(signals: list[PageSignal], found: list[boundaries.Boundary]) -> list[int]:
    """Where each part starts, as indexes into the pages (blank ones included)."""
    index = {s.number: i for i, s in enumerate(signals)}
    return [0, *(index[b.page] for b in found)]


def by_meeting_pack(signals: list[PageSignal], grammar: Grammar) -> SplitPlan | None:
    """The pack's documents as parts; None when the file is no meeting pack or the agenda is
    all of it."""
    if not meetingpack.agenda_pages([s for s in signals if not s.blank]):
        return None
    found = boundaries.propose(signals, grammar)
    if not found:
        return None
    blank = separators.BACK if separators.is_duplex(signals) else separators.EMPTY
    parts: list[PartPlan] = []
    set_aside: list[dict[str, object]] = []
    starts = _starts(signals, found)
    for k, (lo, hi) in enumerate(zip(starts, [*starts[1:], len(signals)], strict=True)):
        reasons = found[k - 1].reasons if k else []
        meta: dict[str, object] = {"meeting_pack": {"part": DOCUMENT if k else AGENDA,
                                                    "reasons": reasons}}
        separators.close_run(parts, set_aside, list(signals[lo:hi]), meta, blank)
    set_aside.sort(key=lambda a: int(str(a["page"])))
    return SplitPlan("meetingpack", parts, set_aside) if len(parts) > 1 else None
