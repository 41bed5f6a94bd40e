"""A registrar's split, checked before anything is made: the page ranges typed ('1-2, 3'), each
page in at most one part, and every page in a part or set aside with a reason — so that no page
is silently dropped. Set-aside pages are recorded like the automatic split's (plan.py)."""

from __future__ import annotations

import re
from typing import Any

from bot.i18n import both

RANGE = re.compile(r"^\s*(\d{1,4})\s*(?:[-–]\s*(\d{1,4}))?\s*$")
MAX_REASON = 200


class RangeError(ValueError):
    """The ranges cannot be a split of this item; the message says why, in both languages."""


def parse_ranges(text: str, pages: int) -> list[tuple[int, int]]:
    """'1-2, 3, 4-6' -> [(1, 2), (3, 3), (4, 6)]; each range inside 1..pages, and not one
    range of every page (that is no split)."""
    ranges = []
    for part in text.replace(";", ",").split(","):
        if not part.strip():
            continue
        m = RANGE.match(part)
        first, last = (int(m[1]), int(m[2] or m[1])) if m else (0, 0)
        if not 1 <= first <= last <= pages:
            raise RangeError(both("error.bad_range", range=part.strip(), pages=pages))
        ranges.append((first, last))
    if not ranges or ranges == [(1, pages)]:
        raise RangeError(both("error.bad_range", range=text.strip(), pages=pages))
    return ranges


def _pages_twice(ranges: list[tuple[int, int]]) -> list[int]:
    seen: set[int] = set()
    twice = []
    for first, last in ranges:
        for page in range(first, last + 1):
            if page in seen:
                twice.append(page)
            seen.add(page)
    return sorted(set(twice))


def account(ranges: list[tuple[int, int]], pages: int,
            reasons: dict[int, str]) -> list[dict[str, Any]]:
    """The pages set aside ({"page": n, "reason": ...}): those in no part. Refused when a page
    is in two parts or a page in no part has no reason."""
    twice = _pages_twice(ranges)
    if twice:
        raise RangeError(both("error.page_twice", pages=", ".join(map(str, twice))))
    covered = {p for first, last in ranges for p in range(first, last + 1)}
    outside = [p for p in range(1, pages + 1) if p not in covered]
    given = {p: (reasons.get(p) or "").strip()[:MAX_REASON] for p in outside}
    unaccounted = [p for p, reason in given.items() if not reason]
    if unaccounted:
        raise RangeError(both("error.pages_unaccounted",
                              pages=", ".join(map(str, unaccounted))))
    return [{"page": p, "reason": reason} for p, reason in given.items()]
