"""Generates board protocols (protokoll) over a generated registry: a meeting with 20-60
paragraphs, each naming its case (Dnr) and decision; the registry gains the decision extracts
("Protokollsutdrag KS 2021-03-15 § 45"), extracts of other meetings as look-alikes, and the
record registering each whole protocol. Laid out as a PDF with a text layer (fpdf2)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from bench import phrases, vocab
from bench.registry import Case, RegDoc, weekday

OPENING = ("Val av justerare", "Godkännande av dagordning", "Upprop")
CLOSING = ("Meddelanden", "Delegationsbeslut", "Informationsärenden")
DNR_FORMS = ("Dnr {n}", "Dnr: {n}", "Diarienummer {n}", "Dnr {n}")
HEADINGS = ("§ {n}", "{board} § {n}", "§ {n} {title}", "{board} §{n}. {title}")
MONTHS = ("januari februari mars april maj juni juli augusti september oktober november "
          "december").split()
# how registries name a decision extract; the last two are registered days after the meeting
EXTRACTS = ("Protokollsutdrag {board} {iso} § {n}", "Utdrag ur protokoll {board} {iso}, § {n}",
            "Protokollsutdrag {board} {words} § {n}", "Beslut {board} § {n}")


def in_words(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


@dataclass
class Style:
    """How one municipality writes its protocols and registers their extracts."""

    heading: str = HEADINGS[0]
    date_in_words: bool = False
    extract: str = EXTRACTS[0]

    @classmethod
    def pick(cls, rng: random.Random) -> Style:
        return cls(rng.choice(HEADINGS), rng.random() < 0.4, rng.choice(EXTRACTS))


@dataclass
class Paragraph:
    number: int
    title: str
    case_number: str | None = None  # None: a paragraph of the meeting itself
    record: int | None = None  # the doc number of its extract in the case
    decision: str = ""
    pages: tuple[int, int] = (0, 0)  # where it was laid out, first and last page


@dataclass
class Protocol:
    board: str
    meeting: date
    paragraphs: list[Paragraph] = field(default_factory=list)
    whole: tuple[str, int] | None = None  # the record registering the protocol
    style: Style = field(default_factory=Style)
    pdf: bytes = b""

    @property
    def name(self) -> str:
        return f"protokoll-{self.board}-{self.meeting.isoformat()}.pdf"


Registry = list[tuple[Case, list[RegDoc]]]


def _extract(case: Case, docs: list[RegDoc], meeting: date, board: str, number: int,
             style: Style) -> int:
    later = style.extract.startswith("Beslut") or "{words}" in style.extract
    registered = weekday(meeting + timedelta(days=3)) if later else meeting
    text = style.extract.format(board=board, iso=meeting.isoformat(), words=in_words(meeting),
                                n=number)
    doc = RegDoc(case.case_number, len(docs) + 1, registered, "internal",
                 vocab.BOARD_NAMES[board], text)
    docs.append(doc)
    return doc.doc_number


def _pick_cases(rng: random.Random, registry: Registry, board: str, meeting: date,
                count: int) -> list[tuple[Case, list[RegDoc]]]:
    own = [(c, d) for c, d in registry if c.board == board and c.opened <= meeting
           and not c.case_number.split("/")[1].startswith("9")]
    return rng.sample(own, min(count, len(own)))


def _look_alike(rng: random.Random, case: Case, docs: list[RegDoc], board: str,
                meeting: date, style: Style) -> None:
    """An extract of an earlier meeting in the same case: the date and § tell them apart."""
    earlier = weekday(meeting - timedelta(days=rng.randint(20, 200)))
    _extract(case, docs, earlier, board, rng.randint(1, 250), style)


def _whole_case(registry: Registry, board: str, meeting: date, dates: list[date]) -> str:
    """The yearly case holding the board's protocols, with one record per meeting."""
    number = f"{board} {meeting.year}/9{len(registry) % 1000:03d}"
    title = f"Protokoll {vocab.BOARD_NAMES[board].lower()} {meeting.year}"
    case = Case(number, board, meeting.year, int(number.split("/")[1]), title,
                date(meeting.year, 1, 2), "pågående", "Nämndsekreterare", "protokoll", None,
                vocab.BOARD_NAMES[board])
    docs = [RegDoc(number, i, d, "internal", vocab.BOARD_NAMES[board],
                   f"Protokoll {board} {d.isoformat()}") for i, d in enumerate(dates, start=1)]
    registry.append((case, docs))
    return number


def plan(rng: random.Random, registry: Registry, board: str, meeting: date,
         size: int) -> Protocol:
    """A meeting of `size` case paragraphs (plus the meeting's own), registry records added."""
    protocol = Protocol(board, meeting, style=Style.pick(rng))
    number = rng.randint(1, 200)
    for title in rng.sample(OPENING, 2):
        protocol.paragraphs.append(Paragraph(number, title))
        number += 1
    for case, docs in _pick_cases(rng, registry, board, meeting, size):
        if rng.random() < 0.4:
            _look_alike(rng, case, docs, board, meeting, protocol.style)
        record = _extract(case, docs, meeting, board, number, protocol.style)
        decision = rng.choice(phrases.PROTOCOL_DECISION).format(
            issuer=vocab.BOARD_NAMES[board], subject=case.title[:1].lower() + case.title[1:])
        protocol.paragraphs.append(Paragraph(number, case.title, case.case_number, record,
                                             decision))
        number += 1
    protocol.paragraphs.append(Paragraph(number, rng.choice(CLOSING)))
    others = [weekday(meeting - timedelta(days=rng.randint(10, 60))),
              weekday(meeting + timedelta(days=rng.randint(10, 60)))]
    whole = _whole_case(registry, board, meeting, sorted([meeting, *others]))
    protocol.whole = (whole, sorted([meeting, *others]).index(meeting) + 1)
    return protocol
