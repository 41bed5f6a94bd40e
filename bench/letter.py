"""The parts of a letter on paper (letterhead, date and reference block, addressee, body)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from bench import vocab

SECTION = "## "  # a paragraph starting with this is a section heading


@dataclass
class Letter:
    """What one page (or two) of a document says, before it is laid out."""

    sender: list[str]
    meta: list[tuple[str, str]]
    heading: str
    paragraphs: list[str]
    closing: list[str]
    author: str
    dated: date
    recipient: list[str] = field(default_factory=list)
    footer: str = ""

    def text(self) -> str:
        """The letter as plain text, in reading order (used for checks, not for layout)."""
        lines = [*self.sender, *(f"{k}: {v}" for k, v in self.meta), *self.recipient]
        lines += [self.heading, *(p.removeprefix(SECTION) for p in self.paragraphs)]
        return "\n".join([*lines, *self.closing, self.footer])


def is_organisation(name: str) -> bool:
    """Firms, associations and public bodies (as opposed to private persons)."""
    org_words = ("AB", "HB", "kommun", "Länsstyrelsen", "Region", "myndighet", "verket",
                 "IF", "klubb", "förening", "Räddningstjänsten", "Tidningar", "Lantmäteriet",
                 "Inspektionen", "Sällskap", "sällskap", "Föreningen")
    return name in vocab.AUTHORITIES or any(word in name for word in org_words)


def postal_address(rng: random.Random, name: str) -> list[str]:
    """A fictional postal address: a street for a person, a box for an organisation."""
    code = f"{rng.randint(100, 999)} {rng.randint(10, 99)}"
    town = rng.choice((*vocab.PLACE_STEMS[:8], "Exempelby", "Exempelby", "Grannby"))
    if is_organisation(name):
        return [name, f"Box {rng.randint(10, 9999)}", f"{code} {town}"]
    return [name, f"{rng.choice(vocab.STREETS)} {rng.randint(1, 80)}", f"{code} Exempelby"]


def municipal_address(board: str) -> list[str]:
    return [vocab.MUNICIPALITY, vocab.BOARD_NAMES.get(board, board), "Box 100", "123 45 Exempelby"]


def municipal_footer() -> str:
    return (f"{vocab.MUNICIPALITY} · Box 100 · 123 45 Exempelby · Växel 0000-00 00 00 · "
            f"kommun@{vocab.MAIL_DOMAIN}")


def signature(rng: random.Random, name: str, role: str, org: str) -> list[str]:
    greeting = rng.choice(("Med vänlig hälsning", "Med vänliga hälsningar", "Vänliga hälsningar"))
    return [greeting, "", name, *(line for line in (role, org) if line)]

