"""A meeting pack (kallelse med handlingar): a notice and agenda (föredragningslista) followed by
the documents of every case on it. Finds where the agenda ends, so that its list of case
numbers is not taken for the first document's own and the first document after it starts a
new part."""

from __future__ import annotations

import re

from bot.split.signals import PageSignal

TITLE = re.compile(r"(?im)^\s*(kallelse|föredragningslista|ärendelista|dagordning)\b")
TOP_LINES = 8  # the notice's title is among the first page's first lines
ITEM = re.compile(r"(?m)^\s*(?:§\s*)?(\d{1,3})[.)]?\s+[A-ZÅÄÖ]")  # "3. Budget 2022", "3 Val av"
CONTINUED_WITHIN = 3  # an agenda running over starts its next page with its next item
MIN_ITEMS = 3
MAX_AGENDA_PAGES = 4


def _is_agenda(signal: PageSignal) -> bool:
    return len(ITEM.findall(signal.text)) >= MIN_ITEMS


def _continues(before: PageSignal, page: PageSignal) -> bool:
    """The page goes on with the agenda's numbering (its last items ran over onto it: `16`
    after `15`), near its top."""
    numbers = [int(n) for n in ITEM.findall(before.text)]
    top = "\n".join([line for line in page.text.splitlines() if line.strip()][:CONTINUED_WITHIN])
    first = ITEM.search(top)
    return bool(numbers) and first is not None and int(first[1]) == numbers[-1] + 1


def agenda_pages(pages: list[PageSignal]) -> int:
    """How many of the leading (non-blank) pages are the notice and its agenda; 0 when the
    file is no meeting pack."""
    if len(pages) < 2:
        return 0
    top = "\n".join([line for line in pages[0].text.splitlines() if line.strip()][:TOP_LINES])
    if not TITLE.search(top) or not _is_agenda(pages[0]):
        return 0
    count = 1
    while count < min(len(pages) - 1, MAX_AGENDA_PAGES) and (
            _is_agenda(pages[count]) or _continues(pages[count - 1], pages[count])):
        count += 1
    return count
