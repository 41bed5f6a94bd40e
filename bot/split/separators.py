"""Cuts a scan at its separator sheets — cover sheets, PATCH-T sheets, blank sheets — and
sets aside blank back sides of a double-sided scan; each cut and each page set aside has its
reason. Blank pages separate only when no cover or patch sheet is in the batch."""

from __future__ import annotations

from bot.split.plan import PartPlan, SplitPlan
from bot.split.signals import PageSignal

COVER = "försättsblad / cover sheet"
PATCH = "PATCH-T-blad / PATCH-T sheet"
BLANK = "tomt skiljeblad / blank separator page"
BACK = "tom baksida / blank back side"
EMPTY = "tom sida / blank page"
DUPLEX_SHARE = 0.25  # of sheets with a blank back: above this the scan was double-sided


def is_duplex(signals: list[PageSignal]) -> bool:
    """Double-sided: an even page count and many sheets whose back alone is blank."""
    if len(signals) < 4 or len(signals) % 2:
        return False
    sheets = [(signals[i], signals[i + 1]) for i in range(0, len(signals), 2)]
    backs = sum(1 for front, back in sheets if back.blank and not front.blank)
    fronts = sum(1 for front, back in sheets if front.blank and not back.blank)
    return backs >= 2 and backs >= DUPLEX_SHARE * len(sheets) and fronts <= backs // 4


def _separator(signals: list[PageSignal], index: int, duplex: bool, explicit: bool) -> str | None:
    """Why this page separates documents, or None."""
    page = signals[index]
    if page.cover is not None:
        return COVER
    if page.patch:
        return PATCH
    if not page.blank:
        return None
    if duplex and index % 2 == 1:  # a back side: of a separator sheet, or just blank
        front = signals[index - 1]
        return _separator(signals, index - 1, duplex, explicit) if front.blank or \
            front.cover or front.patch else None
    return None if explicit else BLANK


def _cover_meta(signal: PageSignal) -> dict[str, object]:
    assert signal.cover is not None
    return {"cover": signal.cover.display(), "cover_page": signal.number,
            "cover_read_by": signal.cover_by}


def close_run(parts: list[PartPlan], set_aside: list[dict[str, object]], run: list[PageSignal],
           meta: dict[str, object], blank: str) -> None:
    """The run of pages between two separators becomes a part, blank edges set aside."""
    while run and run[0].blank:
        set_aside.append({"page": run.pop(0).number, "reason": blank})
    trailing = []
    while run and run[-1].blank:
        trailing.append({"page": run.pop().number, "reason": blank})
    if run:
        parts.append(PartPlan(run[0].number, run[-1].number, meta=dict(meta),
                              blank_pages=[s.number for s in run if s.blank]))
    set_aside.extend(reversed(trailing))


def by_separators(signals: list[PageSignal]) -> SplitPlan | None:
    """The cut at separator sheets; None when the scan has none (one document, or a case for
    proposed boundaries)."""
    explicit = any(s.cover is not None or s.patch for s in signals)
    duplex = is_duplex(signals)
    blank = BACK if duplex else EMPTY
    parts: list[PartPlan] = []
    set_aside: list[dict[str, object]] = []
    run: list[PageSignal] = []
    meta: dict[str, object] = {}
    cuts = 0
    for index, signal in enumerate(signals):
        reason = _separator(signals, index, duplex, explicit)
        if reason is None:
            run.append(signal)
            continue
        cuts += 1
        close_run(parts, set_aside, run, meta, blank)
        run, meta = [], (_cover_meta(signal) if signal.cover is not None else
                         meta if reason != BLANK and signal.blank else {})
        set_aside.append({"page": signal.number, "reason": reason})
    close_run(parts, set_aside, run, meta, blank)
    if not cuts or not parts:
        return None
    set_aside.sort(key=lambda a: int(str(a["page"])))
    return SplitPlan("separators", parts, set_aside)


def back_sides(signals: list[PageSignal]) -> list[int]:
    """Blank back sides of a double-sided scan that is one document (noted, not cut)."""
    if not is_duplex(signals):
        return []
    return [s.number for i, s in enumerate(signals) if i % 2 == 1 and s.blank]
