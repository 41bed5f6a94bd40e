"""A protocol's paragraph headings: `§ 45`, `§45.`, `Paragraf 45`, with the board's short name
before it (`KS § 45`, `Kf § 12`, `BUN §45`, OCR's `KS§45`), rising one by one. A heading whose
`§` OCR read as `8`, `$`, `&` or `S` (`KS835` for `KS § 35`, with the board's name the other
headings carry), or whose number lost its leading digit (`BN § 1.` for `BN §81.`), is taken
only where it fills a gap in that run with the next number."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from bot.split.signals import PageSignal

_NOT_A_BOARD = r"(?!(?:Se|Jfr|Enl|Och|Av|Ur|I|Om|På|Vid|Kap|Lag)\b)"  # "Se § 12" quotes
_BOARD = r"(?:" + _NOT_A_BOARD + r"(?P<board>[A-ZÅÄÖ]{1,6}[a-zåäö]{0,2})[ \t]*)?"
_TAIL = r"[ \t]*(?P<n>\d{1,4})(?![\d§/:.-]\d)\.?[ \t]*(?P<title>.*)$"
HEADING = re.compile(r"^[ \t]*" + _BOARD + r"(?:§|[Pp]aragraf|PARAGRAF)" + _TAIL, re.MULTILINE)
MISREAD_SIGN = "[8$&S]"  # what OCR makes of a § glued to the board's name
MAX_STEP = 3  # a § heading OCR lost may leave a gap of this much in the numbering


@dataclass
class Heading:
    number: int
    page: int  # index into the page list
    start: int  # offset in that page's text
    title: str


def _found(signals: list[PageSignal], pattern: re.Pattern[str]) -> list[Heading]:
    return [Heading(int(m["n"]), i, m.start(), m["title"].strip()[:200])
            for i, s in enumerate(signals) for m in pattern.finditer(s.text)]


def _chain(found: list[Heading]) -> list[Heading]:
    """The longest run of headings in reading order whose numbers rise by 1..MAX_STEP: the
    paragraphs (a `§ 12` quoted in running text or a list of paragraphs falls outside it)."""
    best: list[list[Heading]] = []
    for i, heading in enumerate(found):
        options = [best[j] for j in range(i)
                   if 1 <= heading.number - found[j].number <= MAX_STEP]
        best.append([*max(options, key=len, default=[]), heading])
    return max(best, key=len, default=[])


def _board(signals: list[PageSignal], chain: list[Heading]) -> str | None:
    """The board's short name most of the run's headings carry (None: they carry none)."""
    names = Counter(m["board"] for h in chain
                    if (m := HEADING.match(signals[h.page].text, h.start)) and m["board"])
    return names.most_common(1)[0][0] if names else None


def _misread(signals: list[PageSignal], board: str) -> list[Heading]:
    pattern = re.compile(r"^[ \t]*" + re.escape(board) + r"[ \t]*" + MISREAD_SIGN + _TAIL,
                         re.MULTILINE)
    return _found(signals, pattern)


def _fits(number: int, expected: int) -> bool:
    """The next number, or it with its leading digits lost (`§ 1` for `§81`: OCR took `§8` for
    one `§`)."""
    return number == expected or (number < expected and str(expected).endswith(str(number)))


def _fill(chain: list[Heading], extra: list[Heading]) -> list[Heading]:
    """The run with a misread heading put in each gap it fits: after the heading before it in
    reading order and before the next, numbered one more than the one before."""
    out: list[Heading] = []
    for k, heading in enumerate(chain):
        out.append(heading)
        after = chain[k + 1] if k + 1 < len(chain) else None
        for cand in extra:
            expected = out[-1].number + 1
            if (after is None or expected < after.number) and _fits(cand.number, expected) and \
                    (out[-1].page, out[-1].start) < (cand.page, cand.start) and (
                    after is None or (cand.page, cand.start) < (after.page, after.start)):
                out.append(Heading(expected, cand.page, cand.start, cand.title))
    return out


def headings(signals: list[PageSignal]) -> list[Heading]:
    """The paragraphs' headings in reading order."""
    found = _found(signals, HEADING)
    chain = _chain(found)
    board = _board(signals, chain)
    extra = [h for h in found if h not in chain] + (_misread(signals, board) if board else [])
    return _fill(chain, sorted(extra, key=lambda h: (h.page, h.start)))
