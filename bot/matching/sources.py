"""Where matching looks for evidence, each piece bounded: the item's first pages, its subject,
senders and file name, the e-mails it came in (a message forwarded as an attachment and the mail
around it), the documents attached to an e-mail, and hints given from outside (a case number the
submitter stated in chat). A 190 MB text is read no further than its telling start."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from bot.models import Item, Page

PAGE_CHARS = 20_000  # of one page (a letter's page is 2,000-5,000 characters)
TEXT_CHARS = 60_000  # of all pages together
ATTACHMENT_CHARS = 8_000  # of each document attached to an e-mail, for the e-mail's own evidence
MAX_PAGES = 30
MAX_ANCESTORS = 3  # a document in a message forwarded as an attachment in a forward
MAX_HINTS = 10
HINT_FROM = {"submitter": "inlämnarens svar"}  # how a reason names who gave the hint


@dataclass
class Source:
    """A piece of text to search, and how to name it in a reason."""

    kind: str  # text | subject | sender | filename | parent | attachment | hint
    where: str  # "sida 1", "ämnesraden", ...
    text: str
    ocr: bool = False  # read by OCR: a digit may be misread


def pages(session: Session, item_id: int, limit: int = TEXT_CHARS) -> list[tuple[int, str, bool]]:
    """(number, text, read by OCR) of the first pages, each cut to PAGE_CHARS and all together
    to `limit` (in SQL, so a huge page is never loaded whole)."""
    rows = session.exec(
        select(Page.number, func.substr(Page.text, 1, PAGE_CHARS), Page.method)
        .where(Page.item_id == item_id).order_by(col(Page.number)).limit(MAX_PAGES)
    ).all()
    found, room = [], limit
    for number, text, method in rows:
        if room <= 0:
            break
        found.append((int(number), str(text or "")[:room], method == "ocr"))
        room -= len(found[-1][1])
    return found


def _senders(meta: dict[str, Any]) -> str:
    """The sender and recipients as written in the headers: names a counterpart goes by."""
    people = [str(meta.get(k) or "") for k in ("from", "original_from", "to")]
    return "\n".join(p for p in people if p)[:PAGE_CHARS]


def own_sources(item: Item, page_rows: list[tuple[int, str, bool]]) -> list[Source]:
    found = [Source("text", f"sida {n}", text, ocr) for n, text, ocr in page_rows]
    if item.meta.get("subject") and item.meta.get("kind") != "email":
        found.append(Source("subject", "ämnesraden", str(item.meta["subject"])[:PAGE_CHARS]))
    if _senders(item.meta):
        found.append(Source("sender", "avsändaren", _senders(item.meta)))
    found.append(Source("filename", "filnamnet", item.filename[:PAGE_CHARS]))
    return found


def ancestors(session: Session, item: Item) -> list[Item]:
    """The e-mails (and containers) the item came in, nearest first."""
    found: list[Item] = []
    current = item
    while current.parent_id is not None and len(found) < MAX_ANCESTORS:
        parent = session.get(Item, current.parent_id)
        if parent is None:
            break
        found.append(parent)
        current = parent
    return found


def ancestor_sources(session: Session, item: Item) -> list[Source]:
    found = []
    for parent in ancestors(session, item):
        meta = parent.meta
        body = meta.get("forward_note") if meta.get("forwarded_count") else meta.get("body_text")
        text = f"{meta.get('subject') or ''}\n{body or ''}\n{_senders(meta)}"
        found.append(Source("parent", "e-postmeddelandet", text[:PAGE_CHARS]))
    return found


def attachment_sources(session: Session, item: Item) -> list[Source]:
    """For an e-mail: the start of each document attached to it, once read."""
    if item.meta.get("kind") != "email":
        return []
    found = []
    for child in session.exec(select(Item).where(Item.parent_id == item.id)
                              .order_by(col(Item.position))):
        text = "\n".join(t for _, t, _ in pages(session, child.id or 0, ATTACHMENT_CHARS))
        if text.strip():
            found.append(Source("attachment", f"bilagan {child.filename}", text))
    return found


def hint_sources(item: Item) -> list[Source]:
    """Hints from outside the item: `item.meta["hints"]` is a list of {"source": who, "text":
    what they said}, e.g. {"source": "submitter", "text": "KS 2021/0456"} — a case number the
    submitter gave in chat. Read like the item's own text, named in the reasons."""
    hints = item.meta.get("hints")
    if not isinstance(hints, list):
        return []
    found = []
    for hint in hints[:MAX_HINTS]:
        if isinstance(hint, dict) and str(hint.get("text") or "").strip():
            who = str(hint.get("source") or "okänd")
            where = HINT_FROM.get(who, f"uppgift från {who}")
            found.append(Source("hint", where, str(hint["text"])[:PAGE_CHARS]))
    return found


def sources_for(session: Session, item: Item) -> list[Source]:
    """Everything matching reads for one item, bounded."""
    return [*hint_sources(item), *own_sources(item, pages(session, item.id or 0)),
            *ancestor_sources(session, item), *attachment_sources(session, item)]
