"""Generates the surviving registry: cases and their document records, one case at a time."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from bench import vocab
from bench.catalog import BUILD, DIRECTIONS, EXTRA_STEPS, KINDS, Kind

FIRST_YEAR, LAST_YEAR = 2013, 2024
LAST_DATE = date(2025, 1, 31)


@dataclass(frozen=True, slots=True)
class Case:
    """One ärende as the registry database holds it, plus what the texts need to know."""

    case_number: str
    board: str
    year: int
    serial: int
    title: str
    opened: date
    status: str
    handler: str
    kind: str
    prop: str | None
    applicant: str
    first_step: str | None = None


@dataclass(frozen=True, slots=True)
class RegDoc:
    """One registered document record (handling) whose file was lost."""

    case_number: str
    doc_number: int
    date: date
    direction: str
    counterpart: str
    description: str


def person(rng: random.Random) -> str:
    """A fictional Swedish name."""
    return f"{rng.choice(vocab.FIRST_NAMES)} {rng.choice(vocab.SURNAMES)}"


def property_pool(rng: random.Random, size: int) -> list[str]:
    """Property designations ("Tegelviken 3:14"); a small pool so they recur across cases."""
    pool: set[str] = set()
    while len(pool) < size:
        pool.add(f"{rng.choice(vocab.PLACE_STEMS)} {rng.randint(1, 12)}:{rng.randint(1, 99)}")
    return sorted(pool)


def building_board(year: int) -> str:
    """The building board that existed in a given year."""
    for first, last, board in vocab.BUILDING_BOARD_BY_PERIOD:
        if first <= year <= last:
            return board
    raise ValueError(year)


def doc_counts(seed: int, cases: int, documents: int) -> np.ndarray:
    """Documents per case: at least one each, skewed so that some cases have many."""
    if documents < cases:
        raise ValueError("documents must be at least the number of cases")
    gen = np.random.default_rng(seed)
    weights = gen.lognormal(0.0, 0.8, cases)
    extra = gen.multinomial(documents - cases, weights / weights.sum())
    return 1 + extra


def plan_cases(rng: random.Random, cases: int) -> list[tuple[date, str, Kind]]:
    """Opened date, board and kind of every case, in the order they were opened."""
    weights = [kind.weight for kind in KINDS]
    span = (date(LAST_YEAR, 12, 31) - date(FIRST_YEAR, 1, 1)).days
    plan = []
    for kind in rng.choices(KINDS, weights, k=cases):
        opened = weekday(date(FIRST_YEAR, 1, 1) + timedelta(rng.randint(0, span)))
        board = rng.choice(kind.boards)
        plan.append((opened, building_board(opened.year) if board == BUILD else board, kind))
    plan.sort(key=lambda row: row[0])
    return plan


def weekday(day: date) -> date:
    """Moves a weekend date to the following Monday: registrars work weekdays."""
    return day + timedelta(days=(7 - day.weekday()) % 7 if day.weekday() >= 5 else 0)


def applicant(rng: random.Random, kind: Kind, board: str) -> str:
    """Who opened the case, by the kind's applicant type."""
    pick = {
        "person": lambda: person(rng),
        "company": lambda: rng.choice(vocab.COMPANIES),
        "association": lambda: rng.choice(vocab.ASSOCIATIONS),
        "politician": lambda: f"{person(rng)} ({rng.choice(vocab.PARTIES)})",
    }.get(kind.applicant)
    return pick() if pick else vocab.BOARD_NAMES[board]


class TitleMaker:
    """Fills a kind's title template; reuses properties so titles collide on purpose."""

    def __init__(self, rng: random.Random, props: list[str]) -> None:
        self.rng = rng
        self.props = props

    def prop(self) -> str:
        # Squared uniform favours the front of the pool: some properties recur often.
        return self.props[int(self.rng.random() ** 2 * len(self.props))]

    def title(self, kind: Kind, year: int, who: str) -> tuple[str, str | None, str, str | None]:
        """Title, property, applicant (a remiss names its sender) and first-step override."""
        rng = self.rng
        template, _, first_step = rng.choice(kind.titles).partition("=>")
        prop = self.prop() if "{prop}" in template else None
        place, street = rng.choice(vocab.PLACE_STEMS), rng.choice(vocab.STREETS)
        remiss, sender = rng.choice(vocab.REMISS_TOPICS)
        remiss = remiss.format(next_year=year + 1, plan_end=year + 12)
        values = {
            "prop": prop, "place": place, "street": street, "year": year,
            "prev_year": year - 1, "next_year": year + 1,
            "plan_years": f"{year + 2}–{year + 3}", "building": rng.choice(vocab.BUILDINGS),
            "topic": rng.choice(vocab.TOPICS).format(place=place, street=street),
            "party": who.rsplit("(", 1)[-1].rstrip(")"), "service": rng.choice(vocab.SERVICES),
            "remiss": remiss, "company": who, "association": who,
        }
        who = sender if kind.applicant == "remiss" else who
        step = first_step.format(**values) if first_step else None
        return template.format(**values), prop, who, step


class RegistryMaker:
    """Turns a case plan into Case and RegDoc records, keeping per board-and-year counters."""

    def __init__(self, seed: int, cases: int) -> None:
        self.rng = random.Random(seed)
        self.titles = TitleMaker(self.rng, property_pool(self.rng, max(10, cases // 4)))
        self.staff = {board: [person(self.rng) for _ in range(12)] for board in vocab.BOARD_NAMES}
        self.serials: dict[tuple[str, int], int] = {}

    def case(self, opened: date, board: str, kind: Kind) -> Case:
        rng = self.rng
        key = (board, opened.year)
        # Gaps in the serials: cases were also registered that never reach the database.
        serial = self.serials.get(key, 0) + (1 if rng.random() < 0.85 else rng.randint(2, 4))
        self.serials[key] = serial
        title, prop, who, first_step = self.titles.title(
            kind, opened.year, applicant(rng, kind, board))
        status = "avslutat" if opened.year <= 2021 or rng.random() < 0.4 else "pågående"
        return Case(
            case_number=f"{board} {opened.year}/{serial:04d}", board=board, year=opened.year,
            serial=serial, title=title, opened=opened, status=status,
            handler=rng.choice(self.staff[board]), kind=kind.name, prop=prop, applicant=who,
            first_step=first_step,
        )

    def documents(self, case: Case, kind: Kind, count: int) -> list[RegDoc]:
        rng = self.rng
        steps = list(kind.steps[:count])
        while len(steps) < count:
            steps.insert(rng.randint(1, len(steps)), rng.choice(EXTRA_STEPS))
        docs, day = [], case.opened
        for number, step in enumerate(steps, start=1):
            if number > 1:
                day = min(weekday(day + timedelta(days=rng.randint(1, 40))), LAST_DATE)
            description, direction, party = step.split("|")
            if number == 1 and case.first_step:
                description = case.first_step
            if "{" in description:
                description = description.format(B=case.board, P=rng.randint(1, 260))
            docs.append(RegDoc(case.case_number, number, day, DIRECTIONS[direction],
                               self.counterpart(case, party), description))
        return docs

    def counterpart(self, case: Case, party: str) -> str:
        if party.startswith("authority:"):
            return party.split(":", 1)[1]
        return {
            "applicant": lambda: case.applicant,
            "handler": lambda: case.handler,
            "board": lambda: vocab.BOARD_NAMES[case.board],
            "council": lambda: "Kommunfullmäktige",
            "neighbour": lambda: person(self.rng),
            "company": lambda: self.rng.choice(vocab.COMPANIES),
        }[party]()


def iter_registry(seed: int, cases: int, documents: int) -> Iterator[tuple[Case, list[RegDoc]]]:
    """Every case with its document records, in the order the cases were opened."""
    maker = RegistryMaker(seed, cases)
    counts = doc_counts(seed, cases, documents)
    for (opened, board, kind), count in zip(plan_cases(maker.rng, cases), counts, strict=True):
        case = maker.case(opened, board, kind)
        yield case, maker.documents(case, kind, int(count))


CASE_HEADER = ("case_number", "title", "board", "opened", "status", "handler")
DOC_HEADER = ("case_number", "doc_number", "date", "direction", "counterpart", "description")


def case_row(case: Case) -> tuple[str, ...]:
    return (case.case_number, case.title, case.board, case.opened.isoformat(), case.status,
            case.handler)


def doc_row(doc: RegDoc) -> tuple[str, ...]:
    return (doc.case_number, str(doc.doc_number), doc.date.isoformat(), doc.direction,
            doc.counterpart, doc.description)
