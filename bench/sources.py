"""Picks which documents survive as copies and writes the text of each."""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass

from bench.foreign import foreign_letter
from bench.letter import Letter
from bench.registry import Case, RegDoc
from bench.render import available_fonts
from bench.swedish import case_number_form
from bench.texts import compose

FONT_WEIGHTS = {"Helvetica": 12, "Times": 6, "DejaVu": 1}  # embedding DejaVu is slow


@dataclass(eq=False)
class Source:
    """One surviving document: its record (None when it belongs to no case), text and PDF."""

    case: Case | None
    doc: RegDoc | None
    letter: Letter
    font: str
    number: str | None  # the case number as printed in it, if any
    pdf: bytes = b""  # rendered later, in worker processes

    @property
    def foreign(self) -> bool:
        return self.case is None


class SourcePicker:
    """Draws documents from the registry (each at most once) and writes their text."""

    def __init__(self, rng: random.Random, registry: list[tuple[Case, list[RegDoc]]]) -> None:
        self.rng = rng
        self.pairs = [(case, doc) for case, docs in registry for doc in docs]
        self.order = rng.sample(range(len(self.pairs)), len(self.pairs))
        self.by_prop: dict[str, list[str]] = defaultdict(list)
        for case, _ in registry:
            if case.prop:
                self.by_prop[case.prop].append(case.case_number)
        fonts = available_fonts()
        self.fonts, self.font_weights = fonts, [FONT_WEIGHTS[f] for f in fonts]

    def font(self) -> str:
        return self.rng.choices(self.fonts, self.font_weights)[0]

    def next_pair(self) -> tuple[Case, RegDoc]:
        if not self.order:  # more copies wanted than documents exist: start over
            self.order = self.rng.sample(range(len(self.pairs)), len(self.pairs))
        return self.pairs[self.order.pop()]

    def related(self, case: Case) -> str | None:
        """Another case about the same property, which letters sometimes cite."""
        others = [n for n in self.by_prop.get(case.prop or "", []) if n != case.case_number]
        return self.rng.choice(others) if others and self.rng.random() < 0.3 else None

    def registered(self, with_number: bool) -> Source:
        case, doc = self.next_pair()
        number = None
        if with_number:
            number = case_number_form(self.rng, case.case_number, doc.doc_number)
        letter = compose(self.rng, case, doc, number, self.related(case) if number else None)
        return Source(case, doc, letter, self.font(), number)

    def foreign(self) -> Source:
        letter, number = foreign_letter(self.rng)
        return Source(None, None, letter, self.font(), number)

    def pick(self, foreign_share: float, no_number_share: float) -> Source:
        if self.rng.random() < foreign_share:
            return self.foreign()
        return self.registered(self.rng.random() >= no_number_share)
