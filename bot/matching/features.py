"""Features of one (item, candidate case) pair: each a number a registrar could check by eye,
with the evidence behind it kept for the reasons."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from bot.matching.text import (
    dates,
    display_property,
    fold,
    mentions,
    properties,
    words,
    years,
)
from bot.models import Case, RegistryDocument

# Common board abbreviations in Swedish municipalities and the names letterheads use.
BOARD_NAMES = {
    "KS": "kommunstyrelsen", "KF": "kommunfullmäktige", "BN": "byggnadsnämnden",
    "MBN": "miljö- och byggnadsnämnden", "SBN": "samhällsbyggnadsnämnden",
    "UN": "utbildningsnämnden", "BUN": "barn- och utbildningsnämnden", "SN": "socialnämnden",
    "KFN": "kultur- och fritidsnämnden", "TN": "tekniska nämnden", "MN": "miljönämnden",
    "MHN": "miljö- och hälsoskyddsnämnden", "ON": "omsorgsnämnden", "VN": "valnämnden",
    "ÖFN": "överförmyndarnämnden", "VON": "vård- och omsorgsnämnden",
}
NAMES = (
    "number", "number_other", "number_label", "number_own", "number_unknown", "bm25", "top_hit",
    "title", "title_year", "title_year_conflict", "property", "property_conflict", "counterpart",
    "date_exact", "date_near", "year", "board", "description",
)


@dataclass
class ItemView:
    """What matching knows of an item, computed once."""

    text: str
    stems: frozenset[str]
    folded: str
    properties: set[str]
    dates: list[date]
    years: set[int]
    heading_stems: frozenset[str] = frozenset()  # file name and the first lines: what it is
    heading_dates: list[date] = field(default_factory=list)  # its own date, usually


@dataclass
class CaseView:
    case: Case
    documents: list[RegistryDocument]
    number: float = 0.0  # evidence from case numbers, 0..1
    number_label: bool = False  # written after "Dnr", "Diarienummer", ...
    number_own: bool = False  # labelled "Dnr", or the first number when none is labelled
    bm25: float = 0.0
    evidence: dict[str, str] = field(default_factory=dict)


def item_view(text: str, extra_dates: list[date], heading: str = "") -> ItemView:
    """`heading`: the file name and the first lines, where a document says what it is and
    when it was written (dates further down are often references to other documents)."""
    folded = fold(text)
    return ItemView(text, frozenset(words(text)), folded, properties(text),
                    dates(text) + extra_dates, years(text), frozenset(words(heading)),
                    dates(heading, compact=True)[:2] + extra_dates[:1])


def cover(phrase: str, stems: frozenset[str]) -> float:
    mine = set(words(phrase))
    return len(mine & stems) / len(mine) if mine else 0.0


def _counterpart(view: ItemView, cv: CaseView) -> float:
    for doc in cv.documents:
        if doc.counterpart and mentions(doc.counterpart, view.folded):
            cv.evidence["counterpart"] = doc.counterpart
            return 1.0
    return 0.0


def _date_features(view: ItemView, cv: CaseView) -> tuple[float, float, float]:
    registered = [d.date for d in cv.documents if d.date]
    if not view.dates or not registered:
        return 0.0, 0.0, 0.0
    gap = min(abs((a - b).days) for a in view.dates for b in registered)
    years = {d.year for d in registered} | {cv.case.year}
    if gap == 0:
        cv.evidence["date"] = next(str(a) for a in view.dates if a in registered)
    return float(gap == 0), float(gap <= 14), float(any(d.year in years for d in view.dates))


def _board(view: ItemView, cv: CaseView) -> float:
    """The registry's own board name, or the usual name of its abbreviation, in the text."""
    for name in (cv.case.board or "", BOARD_NAMES.get(cv.case.board_key, "")):
        if mentions(name, view.folded):
            cv.evidence["board"] = name
            return 1.0
    return 0.0


def _title_years(view: ItemView, cv: CaseView) -> tuple[float, float]:
    """'Delårsrapport 2020', 'Budget 2022': the year in a title must be in the text too."""
    wanted = years(cv.case.title)
    if not wanted:
        return 0.0, 0.0
    shared = bool(wanted & view.years)
    return float(shared), float(not shared and bool(view.years))


def _property(view: ItemView, cv: CaseView) -> tuple[float, float]:
    mine = properties(cv.case.title + " " + " ".join(d.description or "" for d in cv.documents))
    shared = view.properties & mine
    if shared:
        cv.evidence["property"] = display_property(sorted(shared)[0])
    return float(bool(shared)), float(bool(view.properties) and not shared)


def features(view: ItemView, cv: CaseView, top_bm25: float, other_number: float,
             unknown_number: bool = False) -> list[float]:
    """The feature vector, in the order of NAMES."""
    prop, prop_conflict = _property(view, cv)
    exact, near, year = _date_features(view, cv)
    title_year, title_year_conflict = _title_years(view, cv)
    desc = max((cover(d.description or "", view.stems) for d in cv.documents), default=0.0)
    return [
        cv.number, other_number, float(cv.number_label), float(cv.number_own),
        float(unknown_number),
        cv.bm25 / top_bm25 if top_bm25 > 0 else 0.0,
        float(top_bm25 > 0 and cv.bm25 >= top_bm25),
        cover(cv.case.title, view.stems), title_year, title_year_conflict, prop, prop_conflict,
        _counterpart(view, cv), exact, near, year, _board(view, cv), desc,
    ]
