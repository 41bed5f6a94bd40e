"""Which registered document record inside the case an item is a copy of, and how sure: the
written sub-number, the item's own date against each record's registration, the description as
its heading says, the counterpart, the direction (written by us or to us) — a conditional logit
over the case's records plus "none of them" (a new record), fitted with the case model."""

from __future__ import annotations

from dataclasses import dataclass

from bot.matching.features import CaseView, ItemView, cover, named, registered_after
from bot.matching.model import load
from bot.matching.records import DocRec

DOC_NAMES = (
    "written", "own_exact", "own_near", "date_exact", "desc_heading", "desc_any",
    "counterpart", "direction", "missing",
)
DIRECTION = {"incoming": "in", "outgoing": "ut", "internal": "upprättad"}


@dataclass
class RecordChoice:
    """The proposed record (None: none fits, or the case has none) and its probability given
    the case; `chosen` is the probability of what is proposed, record or none."""

    document: DocRec | None
    score: float | None
    chosen: float
    reasons: list[str]


def _gaps(view: ItemView, doc: DocRec) -> tuple[float, float, float]:
    if doc.date is None:
        return 0.0, 0.0, 0.0
    own = [(doc.date - d).days for d in view.own_dates]
    exact = any(0 <= g <= 1 for g in own)
    near = not exact and any(registered_after(d, doc.date) for d in view.own_dates)
    return float(exact), float(near), float(doc.date in view.dates)


def direction_fit(view: ItemView, doc: DocRec) -> float:
    """+1 when the item's author fits the record's direction (our letterhead on an outgoing or
    internal record, another's on an incoming one), -1 when not, 0 when unknown."""
    if view.written_by is None or doc.direction not in DIRECTION:
        return 0.0
    ours = doc.direction in ("outgoing", "internal")
    return 1.0 if ours == (view.written_by == "us") else -1.0


def record_features(view: ItemView, doc: DocRec, written: int | None) -> list[float]:
    """The record's feature vector, in the order of DOC_NAMES."""
    exact, near, any_date = _gaps(view, doc)
    return [
        float(written == doc.doc_number), exact, near, any_date,
        cover(doc.description or "", view.heading_stems), cover(doc.description or "", view.stems),
        float(named(view, doc.counterpart)), direction_fit(view, doc),
        float(doc.file_status == "missing"),
    ]


def record_reasons(view: ItemView, doc: DocRec, values: list[float]) -> list[str]:
    """Why this record, in the registrar's words: date, direction, counterpart, description."""
    fired = dict(zip(DOC_NAMES, values, strict=True))
    head = f"handling {doc.doc_number}: {doc.description or 'utan beskrivning'}"
    reasons = [head + (f", {doc.date}" if doc.date else "")]
    if fired["written"]:
        reasons.append(f"handling {doc.doc_number} angiven i texten")
    if fired["own_exact"] or fired["own_near"]:
        reasons.append(f"dokumentets datum {view.own_dates[0]} stämmer med registreringen")
    elif fired["date_exact"]:
        reasons.append(f"datumet {doc.date} står i texten")
    if fired["direction"] > 0:
        reasons.append(f"riktning {DIRECTION[doc.direction or '']}: "
                       + ("skriven av oss" if view.written_by == "us" else "skriven till oss"))
    if fired["counterpart"]:
        reasons.append(f"motpart {doc.counterpart} nämns")
    if fired["desc_heading"] >= 0.5:
        reasons.append("beskrivningen står i rubriken")
    return reasons


def choose_document(view: ItemView, cv: CaseView, written: int | None) -> RecordChoice:
    """The most probable record of the case, or none when "a new record" is likelier."""
    if not cv.documents:
        return RecordChoice(None, None, 1.0,
                            ["ärendet har inga registrerade handlingar: ny handling i ärendet?"])
    rows = [record_features(view, d, written) for d in cv.documents]
    probabilities = load().record.probabilities(rows, DOC_NAMES)
    stated = [i for i, d in enumerate(cv.documents) if d.doc_number == written]
    # a sub-number written with the case number names its record, as a stated case number does
    best = stated[0] if stated else max(range(len(rows)), key=lambda i: probabilities[i])
    none = 1.0 - sum(probabilities)
    if none > probabilities[best] and not stated:
        return RecordChoice(None, None, none,
                            ["ingen registrerad handling passar: ny handling i ärendet?"])
    doc = cv.documents[best]
    return RecordChoice(doc, probabilities[best], probabilities[best],
                        record_reasons(view, doc, rows[best]))
