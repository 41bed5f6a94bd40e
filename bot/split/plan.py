"""What a split will make: parts (page ranges with their role and what is known of them) and
the pages set aside with a reason. Plain data, built by separators.py and protocol.py."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

DOCUMENT, PARAGRAPH, PROTOCOL = "document", "paragraph", "protocol"


@dataclass
class PartPlan:
    """Pages first..last (1-based, in the split item) that become one new item."""

    first: int
    last: int
    role: str = DOCUMENT  # document | protocol (the whole) | paragraph (an extract of it)
    meta: dict[str, Any] = field(default_factory=dict)
    texts: dict[int, str] = field(default_factory=dict)  # page -> its text for this part only
    blank_pages: list[int] = field(default_factory=list)  # blank back sides inside the range


@dataclass
class SplitPlan:
    """How one item is cut; `kind` says what found the cuts (shown to the registrar)."""

    kind: str  # separators | protocol | meetingpack
    parts: list[PartPlan]
    set_aside: list[dict[str, Any]] = field(default_factory=list)  # {"page": n, "reason": ...}

    def accounted(self, pages: int) -> bool:
        """Every page in exactly one document or protocol part, or set aside."""
        seen: list[int] = [a["page"] for a in self.set_aside]
        for part in self.parts:
            if part.role != PARAGRAPH:
                seen.extend(range(part.first, part.last + 1))
        return sorted(seen) == list(range(1, pages + 1))
