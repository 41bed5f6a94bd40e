"""What each page of a scan says about where documents begin: blank, a cover sheet (its QR code
or, failing that, its printed words and number), a PATCH-T sheet; read from the page images and
the text the extract stage stored."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlmodel import Session, col, select

from bot.casenumbers import CaseNumber, Grammar, find_all
from bot.models import Item, Page
from bot.split import barcodes, coversheet, patch
from bot.split.pageimages import page_images

SPARSE_WORDS = 200  # a cover sheet has ~90 words: denser pages get one QR look, not three
PATCH_WORDS = 40  # a PATCH-T sheet carries little print besides its bars
MIN_CHARS = 4  # a page with fewer letters and digits than this is blank (scanner specks)
_WORD = re.compile(r"[0-9A-Za-zÅÄÖåäöÉé]")


@dataclass
class PageSignal:
    number: int
    text: str
    blank: bool
    cover: CaseNumber | None = None
    cover_by: str = ""  # qr | text
    patch: bool = False


def is_blank(page: Page) -> bool:
    return page.method == "blank" or len(_WORD.findall(page.text)) < MIN_CHARS


def _text_cover(text: str, grammar: Grammar) -> CaseNumber | None:
    """A cover sheet whose QR could not be read: its marker word and one record number."""
    if not coversheet.says_cover_sheet(text):
        return None
    numbers = [f.number for f in find_all(text, grammar, ocr_tolerant=True)]
    return numbers[0] if numbers and len({n for n in numbers}) == 1 else None


def _from_images(signals: dict[int, PageSignal], data: bytes, media_type: str,
                 grammar: Grammar) -> None:
    for number, grey, dpi in page_images(data, media_type):
        signal = signals.get(number)
        if signal is None or signal.blank:
            continue
        words = len(signal.text.split())
        for text in barcodes.read(grey, try_harder=words <= SPARSE_WORDS):
            found = coversheet.read_payload(text, grammar)
            if found is not None:
                signal.cover, signal.cover_by = found, "qr"
                break
        if signal.cover is None and not signal.patch and words <= PATCH_WORDS:
            signal.patch = patch.has_patch_t(grey, dpi)


def read_signals(session: Session, item: Item, data: bytes, grammar: Grammar) -> list[PageSignal]:
    """One signal per stored page, in page order."""
    pages = session.exec(select(Page).where(Page.item_id == item.id)
                         .order_by(col(Page.number))).all()
    signals = {p.number: PageSignal(p.number, p.text, is_blank(p)) for p in pages}
    _from_images(signals, data, item.media_type, grammar)
    for signal in signals.values():
        if signal.cover is None and not signal.blank:
            signal.cover = _text_cover(signal.text, grammar)
            signal.cover_by = "text" if signal.cover else ""
        signal.patch = signal.patch or (not signal.blank and patch.says_patch_t(signal.text))
    return [signals[n] for n in sorted(signals)]


def text_signals(session: Session, item: Item) -> list[PageSignal]:
    """Signals from the stored text alone (a part's pages: its separators are already cut)."""
    pages = session.exec(select(Page).where(Page.item_id == item.id)
                         .order_by(col(Page.number))).all()
    return [PageSignal(p.number, p.text, is_blank(p)) for p in pages]
