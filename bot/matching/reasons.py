"""Reasons in Swedish that a registrar reads in one glance, from the features that fired."""

from __future__ import annotations

from bot.matching.features import NAMES, CaseView

TEMPLATES = {
    "title": "ord ur ärendemeningen ({share:.0%})",
    "property": "fastighet {property}",
    "counterpart": "motpart {counterpart}",
    "date_exact": "datum {date} = en registrerad handlings datum",
    "own_date_fit": "dokumentets datum {own_date} stämmer med en registrering i ärendet",
    "board": "{board} nämns",
}
THRESHOLD = {"title": 0.5, "property": 1.0, "counterpart": 1.0, "date_exact": 1.0,
             "own_date_fit": 1.0, "board": 1.0}
# Keys that tell one case from its look-alikes; a date, a year or a board alone never does.
TELLING = ("title", "property", "counterpart")


def telling(values: list[float]) -> bool:
    """Whether a content feature that can single out a case fired."""
    fired = dict(zip(NAMES, values, strict=True))
    return any(fired[name] >= THRESHOLD[name] for name in TELLING)


def content_reasons(cv: CaseView, values: list[float]) -> list[str]:
    """One line per content feature that speaks for the case."""
    fired = dict(zip(NAMES, values, strict=True))
    reasons = []
    for name, template in TEMPLATES.items():
        if fired[name] >= THRESHOLD[name]:
            reasons.append(template.format(share=fired[name], **_evidence(cv)))
    if fired["property_conflict"]:
        reasons.append("varning: texten nämner en annan fastighet")
    if fired["number_unknown"] and fired["number"] < 0.5:
        reasons.append("varning: texten har ett diarienummer som inte finns i diariet")
    if fired["number_other"] > 0.5 and fired["number"] < 0.5:
        reasons.append("varning: texten har ett annat ärendes diarienummer")
    if fired["number_near"]:
        reasons.append("diarienumret i texten skiljer sig en siffra från ärendets "
                       "(felläst siffra?)")
    if fired["own_date_out"]:
        reasons.append("varning: dokumentets datum ligger utanför ärendets tid")
    return reasons


def _evidence(cv: CaseView) -> dict[str, str]:
    keys = ("property", "counterpart", "date", "own_date", "board")
    return {k: cv.evidence.get(k, "") for k in keys}
