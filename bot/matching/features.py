"""Features of one (item, candidate case) pair: each a number a registrar could check by eye,
with the evidence behind it kept for the reasons."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from bot.matching.records import CaseRec, DocRec
from bot.matching.text import (
    dates,
    display_property,
    fold,
    mentions,
    name_keys,
    name_parts,
    organisation_numbers,
    properties,
    words,
    years,
)

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
    "number", "number_other", "number_label", "number_own", "number_unknown", "number_clear",
    "number_repaired_only", "number_unconfirmed", "number_near", "bm25", "top_hit",
    "title", "title_year", "title_year_conflict", "property", "property_conflict", "counterpart",
    "date_exact", "date_near", "year", "own_date_fit", "own_date_out", "board", "description",
)
# A record is registered on the day its letter is dated or up to a week later (a protocol
# excerpt: the meeting's day, registered days after); a case lives from a little before it
# was opened to a while after its last record.
REGISTERED_AFTER = (-2, 7)
LIFE_BEFORE, LIFE_AFTER = timedelta(days=60), timedelta(days=120)
MUNICIPAL = ("kommun", "nämnd", "förvaltning", "kommunstyrelsen", "kommunfullmäktige")


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
    names: frozenset[str] = frozenset()  # keys of capitalised runs: where names stand
    organisations: frozenset[str] = frozenset()
    written_by: str | None = None  # "us" (our letterhead or mail domain), "them", or unknown
    mentioned: dict[str, bool] = field(default_factory=dict)

    def mentions(self, name: str) -> bool:
        """Whether a name (a board) stands in the text as whole words; asked once per name."""
        if name not in self.mentioned:
            self.mentioned[name] = mentions(name, self.folded)
        return self.mentioned[name]

    @property
    def own_dates(self) -> list[date]:
        """The item's own date: in its heading, else from its metadata."""
        return self.heading_dates


@dataclass
class CaseView:
    case: CaseRec
    documents: list[DocRec]
    number: float = 0.0  # evidence from case numbers, 0..1
    number_label: bool = False  # written after "Dnr", "Diarienummer", ...
    number_own: bool = False  # labelled "Dnr", or the first number when none is labelled
    number_clear: bool = False  # its own number, read exactly as written, naming it alone
    number_repaired_only: bool = False  # found only through OCR repairs
    number_near: bool = False  # a written number is this one with one digit misread
    number_ocr_only: bool = False  # every sighting was read by OCR (or repaired)
    bm25: float = 0.0
    evidence: dict[str, str] = field(default_factory=dict)


def item_view(text: str, extra_dates: list[date], heading: str = "") -> ItemView:
    """`heading`: the file name and the first lines, where a document says what it is and
    when it was written (dates further down are often references to other documents)."""
    folded = fold(text)
    first = next((line for line in text.splitlines() if line.strip()), "")
    return ItemView(text, frozenset(words(text)), folded, properties(text),
                    dates(text) + extra_dates, years(text), frozenset(words(heading)),
                    dates(heading, compact=True)[:2] + extra_dates[:1],
                    frozenset(name_keys(text)), frozenset(organisation_numbers(text)),
                    _author(first))


@lru_cache(maxsize=200_000)
def phrase_words(phrase: str) -> frozenset[str]:
    return frozenset(words(phrase))


@lru_cache(maxsize=200_000)
def phrase_properties(phrase: str) -> frozenset[str]:
    return frozenset(properties(phrase))


def _author(first_line: str) -> str | None:
    """Who wrote a document, from its first line: a municipal letterhead is ours (even with
    an address), a name another's; any other line with digits or a label ("Dnr KS 2021/0456",
    "Datum: ...") says nothing."""
    if any(w in fold(first_line) for w in MUNICIPAL):
        return "us"
    if not first_line.strip() or any(c.isdigit() or c == ":" for c in first_line):
        return None
    return "them"


def cover(phrase: str, stems: frozenset[str]) -> float:
    mine = phrase_words(phrase)
    return len(mine & stems) / len(mine) if mine else 0.0


@lru_cache(maxsize=100_000)
def _keys(counterpart: str) -> tuple[frozenset[str], frozenset[str]]:
    return frozenset(name_parts(counterpart)), frozenset(organisation_numbers(counterpart))


def named(view: ItemView, counterpart: str | None) -> bool:
    """The counterpart's name, address or organisation number stands in the item."""
    if not counterpart:
        return False
    names, orgs = _keys(counterpart)
    return bool(names & view.names or orgs & view.organisations)


def _counterpart(view: ItemView, cv: CaseView) -> float:
    for doc in cv.documents:
        if named(view, doc.counterpart):
            cv.evidence["counterpart"] = doc.counterpart or ""
            return 1.0
    return 0.0


def registered_after(own: date, registered: date) -> bool:
    low, high = REGISTERED_AFTER
    return low <= (registered - own).days <= high


def _own_date(view: ItemView, cv: CaseView) -> tuple[float, float]:
    """Whether the item's own date fits a record's registration, and whether it falls
    outside the case's life altogether (another year's look-alike)."""
    registered = [d.date for d in cv.documents if d.date]
    if not view.own_dates or not registered:
        return 0.0, 0.0
    fit = any(registered_after(o, r) for o in view.own_dates for r in registered)
    start = min([*registered, *([cv.case.opened] if cv.case.opened else [])]) - LIFE_BEFORE
    end = max(registered) + LIFE_AFTER
    out = all(not start <= o <= end for o in view.own_dates)
    if fit:
        cv.evidence["own_date"] = str(view.own_dates[0])
    return float(fit), float(out)


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
        if view.mentions(name):
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
    mine = phrase_properties(cv.case.title).union(
        *(phrase_properties(d.description or "") for d in cv.documents))
    shared = view.properties & mine
    if shared:
        cv.evidence["property"] = display_property(sorted(shared)[0])
    return float(bool(shared)), float(bool(view.properties) and not shared)


def features(view: ItemView, cv: CaseView, top_bm25: float, other_number: float,
             unknown_number: bool = False) -> list[float]:
    """The feature vector, in the order of NAMES."""
    prop, prop_conflict = _property(view, cv)
    exact, near, year = _date_features(view, cv)
    own_fit, own_out = _own_date(view, cv)
    title_year, title_year_conflict = _title_years(view, cv)
    desc = max((cover(d.description or "", view.stems) for d in cv.documents), default=0.0)
    title, counterpart = cover(cv.case.title, view.stems), _counterpart(view, cv)
    agrees = title >= 0.5 or prop or counterpart or own_fit or desc >= 0.5
    unconfirmed = cv.number > 0 and cv.number_ocr_only and not agrees
    return [
        cv.number, other_number, float(cv.number_label), float(cv.number_own),
        float(unknown_number), float(cv.number_clear), float(cv.number_repaired_only),
        float(unconfirmed), float(cv.number_near),
        cv.bm25 / top_bm25 if top_bm25 > 0 else 0.0,
        float(top_bm25 > 0 and cv.bm25 >= top_bm25),
        title, title_year, title_year_conflict, prop, prop_conflict,
        counterpart, exact, near, year, own_fit, own_out, _board(view, cv), desc,
    ]
