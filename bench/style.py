"""Another house style for the letters of a world (bench.world), so the matching engine is not
measured only on the wording it was fitted on: dates written other ways, other reference labels,
property designations and headings in capitals, letterheads naming the administration, and
letters that leave the case title out. Each world draws its own mix from its seed."""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from bench.letter import SECTION, Letter
from bench.registry import Case, RegDoc
from bench.sources import Source, SourcePicker
from bench.vocab import MONTHS

ISO = re.compile(r"\b(20\d\d)-(\d\d)-(\d\d)\b")
PROPERTY = re.compile(r"\b([A-ZÅÄÖ][a-zåäö]+(?: [A-ZÅÄÖ][a-zåäö]+)?) (\d{1,2}:\d{1,3})\b")
LABELS = ("Dnr", "Diarienummer", "Ärendenummer", "Vår ref", "Beteckning", "Diarienr",
          "Ärende nr", "Dnr.", "Vårt diarienummer")
ADMINISTRATIONS = ("Samhällsbyggnadsförvaltningen", "Kommunledningsförvaltningen",
                   "Barn- och utbildningsförvaltningen", "Socialförvaltningen",
                   "Tekniska förvaltningen", "Kultur- och fritidsförvaltningen")


@dataclass(frozen=True)
class Style:
    """How often each variation is used in one world's letters."""

    other_dates: float
    other_labels: float
    caps_property: float
    caps_heading: float
    administration: float
    no_title: float

    @staticmethod
    def draw(seed: int) -> Style:
        rng = random.Random(f"style-{seed}")
        return Style(*(round(rng.uniform(0.2, 0.6), 2) for _ in range(6)))


def other_date(rng: random.Random, match: re.Match[str]) -> str:
    day = date(int(match[1]), int(match[2]), int(match[3]))
    return rng.choice((
        f"{day.day}.{day.month}.{day.year}", f"{day.day}/{day.month} {day.year}",
        f"den {day.day} {MONTHS[day.month - 1]} {day.year}", f"{day:%d.%m.%Y}",
        f"{day.day} {MONTHS[day.month - 1][:3]} {day.year}",
    ))


def _text_fields(letter: Letter, fix: Callable[[str], str]) -> None:
    """Applies `fix` to every piece of running text of the letter."""
    letter.heading = fix(letter.heading)
    letter.paragraphs = [fix(p) for p in letter.paragraphs]
    letter.meta = [(k, fix(v)) for k, v in letter.meta]


class Restyler:
    """Applies one world's style to letters, letter by letter."""

    def __init__(self, rng: random.Random, style: Style) -> None:
        self.rng, self.style = rng, style

    def __call__(self, letter: Letter, case: Case, doc: RegDoc) -> None:
        rng, style = self.rng, self.style
        if rng.random() < style.no_title:
            self.drop_title(letter, case, doc)
        if rng.random() < style.other_dates:
            _text_fields(letter, lambda t: ISO.sub(lambda m: other_date(rng, m), t))
        if rng.random() < style.other_labels:
            letter.meta = [(rng.choice(LABELS) if _is_label(k) else k, v) for k, v in letter.meta]
        if rng.random() < style.caps_property:
            _text_fields(letter, lambda t: PROPERTY.sub(lambda m: f"{m[1].upper()} {m[2]}", t))
        if rng.random() < style.caps_heading:
            letter.heading = letter.heading.upper()
        if rng.random() < style.administration and "kommun" in letter.sender[0]:
            letter.sender = [letter.sender[0], rng.choice(ADMINISTRATIONS), *letter.sender[2:]]

    def drop_title(self, letter: Letter, case: Case, doc: RegDoc) -> None:
        """The letter names what it is and its property, not the registry's case title."""
        short = doc.description + (f", {case.prop}" if case.prop else "")
        if letter.heading.strip() in (case.title, f"Ang. {case.title[:1].lower()}{case.title[1:]}"):
            letter.heading = short
        lower = case.title[:1].lower() + case.title[1:]
        letter.paragraphs = [p.replace(case.title, "ärendet").replace(lower, "ärendet")
                             if not p.startswith(SECTION) else p for p in letter.paragraphs]


def _is_label(key: str) -> bool:
    return key.lower().rstrip(".") in {"dnr", "diarienummer", "vår beteckning", "er referens",
                                       "ert dnr", "er beteckning"}


class StyledPicker(SourcePicker):
    """SourcePicker whose letters are written in the world's own style."""

    def __init__(self, rng: random.Random, registry: list[tuple[Case, list[RegDoc]]],
                 seed: int) -> None:
        super().__init__(rng, registry)
        self.restyle = Restyler(rng, Style.draw(seed))

    def registered(self, with_number: bool) -> Source:
        source = super().registered(with_number)
        if source.case is not None and source.doc is not None:
            self.restyle(source.letter, source.case, source.doc)
        return source
