"""What a chat line asks for: help, status, the missing records of a case, 'don't know', a
case number (an answer to the bot's question), or nothing the bot knows."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.casenumbers import CaseNumber, Grammar, find_all

HELP = {"hjälp", "hjalp", "help", "?", "hej", "hello", "hi"}
STATUS = {"status", "läge", "läget"}
MISSING = re.compile(r"^\s*(saknas|missing)\b[:\s]*(.*)$", re.IGNORECASE | re.DOTALL)
DONT_KNOW = {"vet ej", "vet inte", "vetej", "ingen aning", "don't know", "dont know",
             "do not know", "unknown", "no idea", "i don't know"}


@dataclass(frozen=True)
class Command:
    name: str  # help | status | missing | dont_know | case_number | unknown
    arg: str = ""
    number: CaseNumber | None = None


def _plain(text: str) -> str:
    return " ".join(text.lower().replace("’", "'").split()).strip(" .!?")


def parse(text: str, grammar: Grammar) -> Command:
    plain = _plain(text)
    if plain in HELP or text.strip() == "?":
        return Command("help")
    if plain in STATUS:
        return Command("status")
    missing = MISSING.match(text)
    if missing:
        found = find_all(missing[2], grammar)
        return Command("missing", missing[2].strip(), found[0].number if found else None)
    if plain in DONT_KNOW:
        return Command("dont_know")
    found = find_all(text, grammar)
    if found and len(plain) <= 80:  # a short line with a case number: an answer
        return Command("case_number", found[0].raw, found[0].number)
    return Command("unknown", text.strip())
