"""Marks, in an item's page text, the evidence behind each proposal's reasons: the exact spans
where case numbers were read, and the words (counterpart, property, date) that matched."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

MAX_MARKS_PER_TEXT = 20


@dataclass(frozen=True)
class Segment:
    """A run of page text; `mark` names the proposal rank whose evidence it is, or None."""

    text: str
    mark: int | None = None
    label: str = ""


def _spans(text: str, where: str, rank: int, evidence: list[dict[str, Any]]
           ) -> list[tuple[int, int, int, str]]:
    spans = []
    for ev in evidence:
        label = str(ev.get("kind") or ev.get("where") or "")
        if "start" in ev:
            start, end = int(ev["start"]), int(ev["end"])
            if ev.get("source") == "text" and ev.get("where") == where and 0 <= start < end <= len(
                    text):
                spans.append((start, end, rank, str(ev.get("text") or label)))
            continue
        needle = str(ev.get("text") or "").strip()
        if len(needle) < 2:
            continue
        for m in list(re.finditer(re.escape(needle), text, re.IGNORECASE))[:MAX_MARKS_PER_TEXT]:
            spans.append((m.start(), m.end(), rank, label))
    return spans


def segments(text: str, where: str, ranked_evidence: list[list[dict[str, Any]]]) -> list[Segment]:
    """The text cut into marked and unmarked runs; where spans overlap the better proposal's
    (lower rank) wins and later spans are dropped."""
    spans = []
    for rank, evidence in enumerate(ranked_evidence):
        spans += _spans(text, where, rank, evidence)
    spans.sort(key=lambda s: (s[0], s[2]))
    out, pos = [], 0
    for start, end, rank, label in spans:
        if start < pos:
            continue
        if start > pos:
            out.append(Segment(text[pos:start]))
        out.append(Segment(text[start:end], rank, label))
        pos = end
    if pos < len(text):
        out.append(Segment(text[pos:]))
    return out
