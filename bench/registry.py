"""Generates the surviving registry: cases and their document records, one case at a time."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from bench import vocab, vocab_wide
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


def person(rng: random.Random, surnames: tuple[str, ...] = vocab.SURNAMES) -> str:
    """A fictional Swedish name."""
    return f"{rng.choice(vocab.FIRST_NAMES)} {rng.choice(surnames)}"


@dataclass(frozen=True)
class Words:
    """The word lists titles and counterparts are drawn from."""

    places: tuple[str, ...]
    streets: tuple[str, ...]
    services: tuple[str, ...]
    topics: tuple[str, ...]
    buildings: tuple[str, ...]
    companies: tuple[str, ...]
    associations: tuple[str, ...]
    remiss: tuple[tuple[str, str], ...]
    surnames: tuple[str, ...]


STANDARD = Words(vocab.PLACE_STEMS, vocab.STREETS, vocab.SERVICES, vocab.TOPICS, vocab.BUILDINGS,
                 vocab.COMPANIES, vocab.ASSOCIATIONS, vocab.REMISS_TOPICS, vocab.SURNAMES)
WIDE = Words(vocab_wide.PLACE_STEMS, vocab_wide.STREETS, vocab_wide.SERVICES, vocab_wide.TOPICS,
             vocab_wide.BUILDINGS, vocab_wide.COMPANIES, vocab_wide.ASSOCIATIONS,
             vocab_wide.REMISS_TOPICS, vocab_wide.SURNAMES)


def property_pool(rng: random.Random, size: int,
                  places: tuple[str, ...] = vocab.PLACE_STEMS) -> list[str]:
    """Property designations ("Tegelviken 3:14"); a small pool so they recur across cases."""
    pool: set[str] = set()
    while len(pool) < size:
        pool.add(f"{rng.choice(places)} {rng.randint(1, 12)}:{rng.randint(1, 99)}")
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


# Kinds a municipality registers once a year per board (a real registry of twelve years holds
# the yearly report of every year, not hundreds of them), and the month each is opened in.
PERIODIC_MONTH = {"delarsrapport": 9, "arsredovisning": 2, "budget": 5, "verksamhetsplan": 11}


def plan_cases(rng: random.Random, cases: int,
               recurring: bool = False) -> list[tuple[date, str, Kind]]:
    """Opened date, board and kind of every case, in the order they were opened. `recurring`:
    the periodic kinds at most once a year per board, as in a real registry."""
    periodic = plan_periodic(rng, cases) if recurring else []
    kinds = [k for k in KINDS if not (recurring and k.name in PERIODIC_MONTH)]
    span = (date(LAST_YEAR, 12, 31) - date(FIRST_YEAR, 1, 1)).days
    plan = list(periodic)
    for kind in rng.choices(kinds, [k.weight for k in kinds], k=cases - len(periodic)):
        opened = weekday(date(FIRST_YEAR, 1, 1) + timedelta(rng.randint(0, span)))
        board = rng.choice(kind.boards)
        plan.append((opened, building_board(opened.year) if board == BUILD else board, kind))
    plan.sort(key=lambda row: row[0])
    return plan


def plan_periodic(rng: random.Random, cases: int) -> list[tuple[date, str, Kind]]:
    """Each (year, board) slot of a periodic kind gets its case with the probability that keeps
    the kind's share of the registry, never more than one."""
    total = sum(k.weight for k in KINDS)
    plan = []
    for kind in (k for k in KINDS if k.name in PERIODIC_MONTH):
        slots = [(y, b) for y in range(FIRST_YEAR, LAST_YEAR + 1) for b in kind.boards]
        chance = min(1.0, cases * kind.weight / total / len(slots))
        for year, board in slots:
            if rng.random() < chance:
                day = date(year, PERIODIC_MONTH[kind.name], rng.randint(1, 28))
                plan.append((weekday(day), board, kind))
    return plan


def weekday(day: date) -> date:
    """Moves a weekend date to the following Monday: registrars work weekdays."""
    return day + timedelta(days=(7 - day.weekday()) % 7 if day.weekday() >= 5 else 0)


def applicant(rng: random.Random, kind: Kind, board: str, words: Words = STANDARD) -> str:
    """Who opened the case, by the kind's applicant type."""
    pick = {
        "person": lambda: person(rng, words.surnames),
        "company": lambda: rng.choice(words.companies),
        "association": lambda: rng.choice(words.associations),
        "politician": lambda: f"{person(rng, words.surnames)} ({rng.choice(vocab.PARTIES)})",
    }.get(kind.applicant)
    return pick() if pick else vocab.BOARD_NAMES[board]


class TitleMaker:
    """Fills a kind's title template; reuses properties so titles collide on purpose."""

    def __init__(self, rng: random.Random, props: list[str], words: Words = STANDARD) -> None:
        self.rng = rng
        self.props = props
        self.words = words

    def prop(self) -> str:
        # Squared uniform favours the front of the pool: some properties recur often.
        return self.props[int(self.rng.random() ** 2 * len(self.props))]

    def title(self, kind: Kind, year: int, who: str) -> tuple[str, str | None, str, str | None]:
        """Title, property, applicant (a remiss names its sender) and first-step override."""
        rng, words = self.rng, self.words
        template, _, first_step = rng.choice(kind.titles).partition("=>")
        prop = self.prop() if "{prop}" in template else None
        place, street = rng.choice(words.places), rng.choice(words.streets)
        remiss, sender = rng.choice(words.remiss)
        remiss = remiss.format(next_year=year + 1, plan_end=year + 12)
        values = {
            "prop": prop, "place": place, "street": street, "year": year,
            "prev_year": year - 1, "next_year": year + 1,
            "plan_years": f"{year + 2}–{year + 3}", "building": rng.choice(words.buildings),
            "topic": rng.choice(words.topics).format(place=place, street=street),
            "party": who.rsplit("(", 1)[-1].rstrip(")"), "service": rng.choice(words.services),
            "remiss": remiss, "company": who, "association": who,
        }
        who = sender if kind.applicant == "remiss" else who
        step = first_step.format(**values) if first_step else None
        return template.format(**values), prop, who, step


class RegistryMaker:
    """Turns a case plan into Case and RegDoc records, keeping per board-and-year counters."""

    def __init__(self, seed: int, cases: int, words: Words = STANDARD) -> None:
        self.rng = random.Random(seed)
        self.words = words
        self.titles = TitleMaker(self.rng, property_pool(self.rng, max(10, cases // 4),
                                                         words.places), words)
        self.staff = {board: [person(self.rng) for _ in range(12)] for board in vocab.BOARD_NAMES}
        self.serials: dict[tuple[str, int], int] = {}

    def case(self, opened: date, board: str, kind: Kind) -> Case:
        rng = self.rng
        key = (board, opened.year)
        # Gaps in the serials: cases were also registered that never reach the database.
        serial = self.serials.get(key, 0) + (1 if rng.random() < 0.85 else rng.randint(2, 4))
        self.serials[key] = serial
        title, prop, who, first_step = self.titles.title(
            kind, opened.year, applicant(rng, kind, board, self.words))
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
            "neighbour": lambda: person(self.rng, self.words.surnames),
            "company": lambda: self.rng.choice(self.words.companies),
        }[party]()


def iter_registry(seed: int, cases: int, documents: int,
                  recurring: bool = False) -> Iterator[tuple[Case, list[RegDoc]]]:
    """Every case with its document records, in the order the cases were opened. `recurring`:
    a registry of municipal size (periodic kinds once a year, the wider word lists)."""
    maker = RegistryMaker(seed, cases, WIDE if recurring else STANDARD)
    counts = doc_counts(seed, cases, documents)
    plan = plan_cases(maker.rng, cases, recurring)
    for (opened, board, kind), count in zip(plan, counts, strict=True):
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
