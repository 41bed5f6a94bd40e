"""Swedish ways of writing dates, e-mail addresses and case numbers as people type them."""

from __future__ import annotations

import random
import re
import unicodedata
from datetime import date, datetime, timedelta

from bench.vocab import MONTHS, WEEKDAYS


def long_date(day: date) -> str:
    """'5 april 2021'."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def written_date(rng: random.Random, day: date) -> str:
    """A date as a letter writes it: ISO most often, sometimes spelled out."""
    return day.isoformat() if rng.random() < 0.6 else long_date(day)


def outlook_sent(moment: datetime) -> str:
    """The 'Skickat:' line of a Swedish Outlook forward: 'måndag den 5 april 2021 14:32'."""
    weekday = WEEKDAYS[moment.weekday()]
    return f"{weekday} den {long_date(moment.date())} {moment:%H:%M}"


def workday_before(rng: random.Random, day: date, most: int) -> date:
    """A weekday up to `most` days before `day` (letters are dated before they are registered)."""
    earlier = day - timedelta(days=rng.randint(0, most))
    while earlier.weekday() >= 5:
        earlier -= timedelta(days=1)
    return earlier


def ascii_slug(text: str, sep: str = ".") -> str:
    """'Åsa Öhman' -> 'asa.ohman', for fictional e-mail addresses."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", sep, plain).strip(sep)


def email_address(name: str, domain: str) -> str:
    return f"{ascii_slug(name)}@{domain}"


def org_domain(org: str) -> str:
    """A fictional domain for an organisation: 'Bergström Bygg AB' -> 'bergstrombygg.example'."""
    words = [w for w in re.split(r"\s+", org) if w not in {"AB", "HB", "i", "och", "&", "för"}]
    return ascii_slug("".join(words[:2]), "") + ".example"


def number_label(rng: random.Random, incoming: bool) -> str:
    """The label a letter puts before the case number."""
    if incoming:
        return rng.choice(("Er referens", "Ert dnr", "Er beteckning", "Dnr"))
    return rng.choice(("Dnr", "Dnr", "Diarienummer", "Vår beteckning"))


def case_number_form(rng: random.Random, case_number: str, doc_number: int) -> str:
    """The case number in one of the spellings found in real letters."""
    board, rest = case_number.split(" ")
    year, serial = rest.split("/")
    roll = rng.random()
    if roll < 0.5:
        return case_number
    if roll < 0.68:
        return f"{case_number}-{doc_number}"
    if roll < 0.8:
        return f"{year}/{int(serial)}"
    if roll < 0.92:
        return f"{board}-{year}-{serial}"
    return f"{board} {year}/{int(serial)}"
