"""Which registered document record inside the case an item is a copy of: the written
sub-number, else date, description, counterpart — preferring records whose file is missing."""

from __future__ import annotations

from bot.matching.features import CaseView, ItemView, cover
from bot.matching.text import mentions
from bot.models import RegistryDocument

MIN_FIT = 1.0  # below this no record has evidence for it (a missing file alone is 0.5)


def _gap_score(days: int) -> float:
    return 3.0 if days == 0 else 1.5 if days <= 3 else 0.5 if days <= 14 else 0.0


def _fit(view: ItemView, doc: RegistryDocument) -> float:
    """Evidence for one record: its date as the document's own date (in the heading) counts
    most, a date further down little (it is often a reference to an earlier document); its
    description as what the heading says the document is, more than words anywhere."""
    score = 0.0
    if doc.date and view.heading_dates:
        score += _gap_score(min(abs((d - doc.date).days) for d in view.heading_dates))
    if doc.date and view.dates:
        score += 0.3 * _gap_score(min(abs((d - doc.date).days) for d in view.dates))
    score += 2.0 * cover(doc.description or "", view.heading_stems)
    score += 1.0 * cover(doc.description or "", view.stems)
    if doc.counterpart and mentions(doc.counterpart, view.folded):
        score += 1.0
    score += 0.5 if doc.file_status == "missing" else -1.0
    return score


def choose_document(view: ItemView, cv: CaseView,
                    written: int | None) -> tuple[RegistryDocument | None, list[str]]:
    """The best record and why; None when the case has no records."""
    if written is not None:
        for doc in cv.documents:
            if doc.doc_number == written:
                return doc, [f"handling {written} angiven i texten"]
    if not cv.documents:
        return None, ["ärendet har inga registrerade handlingar: ny handling i ärendet?"]
    best = max(cv.documents, key=lambda d: _fit(view, d))
    if _fit(view, best) < MIN_FIT:
        return None, ["ingen registrerad handling passar: ny handling i ärendet?"]
    why = [f"handling {best.doc_number}: {best.description or 'utan beskrivning'}"
           + (f", {best.date}" if best.date else "")]
    return best, why
