"""Recognises a board's protocol (protokoll) — its board, meeting date and numbered paragraphs
`§ N`, each with its case number (Dnr) and decision — and plans one part per paragraph that
names a case, plus the protocol as a whole."""

from __future__ import annotations

import re
from collections import Counter

from bot.casenumbers import Found, Grammar, find_all
from bot.matching.text import dates
from bot.split.headings import HEADING, Heading, headings
from bot.split.plan import PARAGRAPH, PROTOCOL, PartPlan, SplitPlan
from bot.split.running import alike, edges, shape, trigrams
from bot.split.signals import PageSignal

CUES = re.compile(r"(?i)\b(protokoll|sammanträdesprotokoll|sammanträdesdatum|justerare|"
                  r"justerandes|paragrafer|utdragsbestyrkande|beslutande|närvarande|ordförande)\b")
_WRITTEN = r"\b\W{0,3}(?:[a-zåä]+dagen\s+)?((?:19|20)\d\d-\d\d-\d\d|\d{1,2}\s+[a-zåä]{3,9}\s+" \
    r"(?:19|20)\d\d)"  # ": måndagen 15 mars 2021"
MEETING_DATES = (  # the meeting's own label first; a plain "Datum" only when none says so
    re.compile(r"(?i)\b(?:sammanträdes|mötes)(?:datum|dag)" + _WRITTEN),
    re.compile(r"(?i)\b(?:datum|sammanträde)" + _WRITTEN))
BOARD = re.compile(r"(?m)^.*?\b((?:Kommun|Regional)?[A-ZÅÄÖ][a-zåäö-]*(?:styrelsen|nämnden|"
                   r"fullmäktige|utskottet))\b")
DECISION = re.compile(r"(?i)\b(beslut|[a-zåäö]+ beslutar)\b[ :\n]*(.{0,300})", re.DOTALL)
LABEL = re.compile(r"(?i)(dnr|diarienummer|diarienr|ärendenummer)\W{0,3}$")
SPLIT_YEAR = re.compile(r"\b((?:19|20)\d{0,2}) (\d{1,2})(?=\s?/\s?\d)")  # "201 9/0029"
MIN_CUES, MIN_PARAGRAPHS = 2, 2


def _joined_year(match: re.Match[str]) -> str:
    return match[1] + match[2] if len(match[1] + match[2]) == 4 else match[0]


def _case_number(text: str, grammar: Grammar) -> Found | None:
    """The paragraph's Dnr: a labelled number first, else the first one near the top; failing
    both, the same with a year OCR split by a space mended (`SN 201 9/0029`)."""
    found = _numbers(text, grammar)
    return found if found is not None else _numbers(SPLIT_YEAR.sub(_joined_year, text), grammar)


def _numbers(text: str, grammar: Grammar) -> Found | None:
    found = find_all(text, grammar, ocr_tolerant=True)
    labelled = [f for f in found if LABEL.search(text[max(0, f.start - 16):f.start])]
    if labelled:
        return labelled[0]
    early = [f for f in found if f.start < 400 and f.number.board]
    return early[0] if early else None


def _meeting(signals: list[PageSignal]) -> tuple[str | None, str | None]:
    """The meeting's date (labelled, written 2021-03-15 or 15 mars 2021; else the first date
    on the first pages) and the board's name."""
    head = "\n".join(s.text for s in signals[:2])
    labelled = [d for pattern in MEETING_DATES for m in pattern.finditer(head)
                for d in dates(m[1])]
    found = labelled or dates(head)
    board = BOARD.search(head)
    return (found[0].isoformat() if found else None, board[1] if board else None)


def running_lines(signals: list[PageSignal]) -> list[set[str]]:
    """Lines at the top or bottom of many pages (the running header and footer), as trigram
    sets: not a paragraph's content."""
    counts = Counter(form for s in signals for form in
                     {shape(line) for line in edges(s.text) if not HEADING.match(line)})
    least = max(2, len(signals) // 2)
    return [trigrams(form) for form, n in counts.items() if n >= least and len(form) >= 4]


def _is_running(line: str, running: list[set[str]]) -> bool:
    grams = trigrams(shape(line))
    return any(alike(grams, r) for r in running)


def _has_content(text: str, running: list[set[str]]) -> bool:
    return any(HEADING.match(line) or (shape(line) and not _is_running(line, running))
               for line in text.splitlines())


def _span_texts(signals: list[PageSignal], start: Heading, end: Heading | None,
                running: list[set[str]]) -> dict[int, str]:
    """The paragraph's own text on each page it runs over (page index -> text)."""
    last = end.page if end else len(signals) - 1
    texts = {}
    for index in range(start.page, last + 1):
        text = signals[index].text
        lo = start.start if index == start.page else 0
        hi = end.start if end and index == end.page else len(text)
        if _has_content(text[lo:hi], running):
            texts[index] = text[lo:hi]
    return texts


def _decision(text: str) -> str:
    found = DECISION.search(text)
    return " ".join(found[2].split())[:300] if found else ""


def _paragraph(signals: list[PageSignal], heads: list[Heading], k: int, grammar: Grammar,
               protocol: dict[str, object], running: list[set[str]]) -> PartPlan | None:
    head = heads[k]
    texts = _span_texts(signals, head, heads[k + 1] if k + 1 < len(heads) else None, running)
    body = "\n".join(texts.values())
    number = _case_number(body, grammar)
    if number is None:
        return None  # "Val av justerare": in the protocol, not in a case
    meta = {"paragraph": {**protocol, "number": head.number, "title": head.title,
                          "case_number": number.number.without_doc().display(),
                          "decision": _decision(body)}}
    pages = sorted(texts)
    return PartPlan(signals[pages[0]].number, signals[pages[-1]].number, PARAGRAPH, meta,
                    {signals[i].number: t for i, t in texts.items()})


def by_protocol(signals: list[PageSignal], grammar: Grammar) -> SplitPlan | None:
    """The protocol's paragraphs as parts (and the whole as one); None when it is none."""
    cues = {m.lower() for s in signals[:2] for m in CUES.findall(s.text)}
    heads = headings(signals)
    if len(cues) < MIN_CUES or len(heads) < MIN_PARAGRAPHS:
        return None
    date, board = _meeting(signals)
    protocol: dict[str, object] = {"date": date, "board": board}
    running = running_lines(signals)
    paragraphs = [p for k in range(len(heads))
                  if (p := _paragraph(signals, heads, k, grammar, protocol, running)) is not None]
    if len(paragraphs) < MIN_PARAGRAPHS:
        return None
    boards = Counter(str(p.meta["paragraph"]["case_number"]).split(" ")[0] for p in paragraphs)
    key = boards.most_common(1)[0][0]
    whole = {**protocol, "board_key": key, "paragraphs": [h.number for h in heads]}
    for part in paragraphs:
        part.meta["paragraph"]["board_key"] = key
    first, last = signals[0].number, signals[-1].number
    return SplitPlan(PROTOCOL, [PartPlan(first, last, PROTOCOL, {"protocol": whole}),
                                *paragraphs])
