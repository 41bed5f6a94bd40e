"""A proposal's reasons in the reader's language: a stored 'svenska / English' reason shows its
half; the matching engine's Swedish phrases are put into English by pattern (names, numbers,
dates and registry descriptions inside them stay as they are)."""

from __future__ import annotations

import re

from bot.i18n import SEPARATOR, one_language

WHERE = {"ämnesraden": "the subject line", "filnamnet": "the file name",
         "e-postmeddelandet": "the email"}
PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p), e) for p, e in (
    (r"^tolkat diarienummer (?P<n>.+) i (?P<where>.+)$", "case number read as {n} in {where}"),
    (r"^diarienummer (?P<n>.+) i (?P<where>.+)$", "case number {n} in {where}"),
    (r"^diarienumret förekommer (?P<n>\d+) gånger$", "the case number occurs {n} times"),
    (r"^ord ur ärendemeningen \((?P<n>[\d ]+%)\)$", "words of the case title ({n})"),
    (r"^fastighet (?P<n>.+)$", "property {n}"),
    (r"^motpart (?P<n>.+) nämns$", "counterpart {n} is named"),
    (r"^motpart (?P<n>.+)$", "counterpart {n}"),
    (r"^dokumentets datum (?P<n>\S+) stämmer med en registrering i ärendet$",
     "the document's date {n} fits a registration in the case"),
    (r"^dokumentets datum (?P<n>\S+) stämmer med registreringen$",
     "the document's date {n} fits the registration"),
    (r"^datumet (?P<n>\S+) står i texten$", "the date {n} is in the text"),
    (r"^riktning (?P<d>in|ut|upprättad): skriven (?P<w>av oss|till oss)$",
     "direction {d}: written {w}"),
    (r"^beskrivningen står i rubriken$", "the description is in the heading"),
    (r"^varning: dokumentets datum ligger utanför ärendets tid$",
     "warning: the document's date lies outside the case's life"),
    (r"^diarienumret i texten skiljer sig en siffra från ärendets \(felläst siffra\?\)$",
     "the case number in the text differs by one digit from the case's (misread digit?)"),
    (r"^datum (?P<n>\S+) = en registrerad handlings datum$", "date {n} = a registered record's "
                                                               "date"),
    (r"^varning: texten nämner en annan fastighet$", "warning: the text names another property"),
    (r"^varning: texten har ett diarienummer som inte finns i diariet$",
     "warning: the text has a case number that is not in the registry"),
    (r"^varning: texten har ett annat ärendes diarienummer$",
     "warning: the text has another case's number"),
    (r"^handling (?P<n>\d+) angiven i texten$", "record {n} named in the text"),
    (r"^ärendet har inga registrerade handlingar: ny handling i ärendet\?$",
     "the case has no registered records: a new document in the case?"),
    (r"^ingen registrerad handling passar: ny handling i ärendet\?$",
     "no registered record fits: a new document in the case?"),
    (r"^handling (?P<n>\d+): utan beskrivning(?P<rest>.*)$", "record {n}: no description{rest}"),
    (r"^handling (?P<n>\d+): (?P<rest>.*)$", "record {n}: {rest}"),
    (r"^(?P<n>.+) nämns$", "{n} is mentioned"),
))
WORDS = {"in": "incoming", "ut": "outgoing", "upprättad": "internal", "av oss": "by us",
         "till oss": "to us"}
PAGE = re.compile(r"^sida (\d+)$")


def _where(text: str) -> str:
    page = PAGE.match(text)
    return f"page {page[1]}" if page else WHERE.get(text, text)


def _english(text: str) -> str:
    for pattern, template in PATTERNS:
        found = pattern.match(text)
        if found:
            values = found.groupdict()
            if "where" in values:
                values["where"] = _where(values["where"])
            values.update({k: WORDS.get(v, v) for k, v in values.items() if k in "dw"})
            return template.format(**values)
    return text


def reason_text(text: str, lang: str) -> str:
    """One reason as the reader should see it."""
    if SEPARATOR in text:
        return one_language(text, lang)
    return _english(text) if lang == "en" else text


def untranslated(text: str) -> bool:
    """A reason English readers would see in Swedish (a test looks for these)."""
    return SEPARATOR not in text and _english(text) == text
