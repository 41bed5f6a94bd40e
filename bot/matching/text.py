"""Words and entities in Swedish text: normalised tokens with stems, property designations,
dates, boards and document types — shared by indexing and matching so both see the same."""

from __future__ import annotations

import contextlib
import re
import unicodedata
from datetime import date
from functools import lru_cache

import snowballstemmer

WORD = re.compile(r"[a-zåäöéü]+|\d+", re.IGNORECASE)
# Fastighetsbeteckning: "Tegelviken 3:14", "Kvarnbacken 2:7", "Norra Åby 1:2", "Ås-Berga 1:5"
PROPERTY = re.compile(
    r"\b((?:(?:Norra|Södra|Östra|Västra|Stora|Lilla|Nya|Gamla|Övre|Nedre|Inre|Yttre) )?"
    r"[A-ZÅÄÖ][a-zåäöé]+(?:-[A-ZÅÄÖ]?[a-zåäöé]+)?) (\d{1,4}:\d{1,4})\b"
)
# The same in capitals, as registries and lantmäteriet write them: "TEGELVIKEN 3:14".
PROPERTY_CAPS = re.compile(
    r"\b((?:(?:NORRA|SÖDRA|ÖSTRA|VÄSTRA|STORA|LILLA|NYA|GAMLA|ÖVRE|NEDRE|INRE|YTTRE) )?"
    r"[A-ZÅÄÖ]{3,}(?:-[A-ZÅÄÖ]{2,})?) (\d{1,4}:\d{1,4})\b"
)
NOT_PROPERTY = frozenset("klockan kl kapitel kap sida sid prop sfs lag paragraf tid punkt "
                         "tabell bilaga mål dom avsnitt figur version".split())
PLAIN = str.maketrans("åäöéü", "aaoeu")
ISO_DATE = re.compile(r"\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b")
COMPACT_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)(\d\d)(\d\d)(?!\d)")
MONTHS = {m: i for i, m in enumerate(
    "januari februari mars april maj juni juli augusti september oktober november december"
    .split(), start=1)}
WORD_DATE = re.compile(r"\b(\d{1,2})\s+(" + "|".join(MONTHS) + r"|jan|feb|mar|apr|jun|jul|aug"
                       r"|sept?|okt|nov|dec)\.?\s+((?:19|20)\d\d)\b", re.IGNORECASE)
# Day first, as people write by hand: "15.4.2019", "15/4/2019", "15/4 2019", "15.04.2019".
YMD_DATE = re.compile(r"(?<![\d/.:-])((?:19|20)\d\d)([./])(\d{1,2})\2(\d{1,2})(?![\d/]|\.\d)")
DMY_DATE = re.compile(r"(?<![\d/.:-])(\d{1,2})([./])(\d{1,2})(?:\2|/? )((?:19|20)\d\d)(?![\d/])")
ORG_NUMBER = re.compile(r"(?<!\d)(\d{2}[2-9]\d{3})-?(\d{4})(?!\d)")
NAME_SPLIT = re.compile(r"[,;/()]|\boch\b|&")
KEY_WORD = re.compile(r"[a-zåäöéü0-9]+")
NAME_WORD = re.compile(r"[^\W_]+")
STOPWORDS = frozenset("""
och i att det som en på är av för med till den har de inte om ett han men var jag sig från vi
så kan man när år sin ska hon nu eller efter under hade mot alla där vid utan detta denna dessa
the of and to in oss er ni vår våra ert era deras samt även enligt genom vilket vilken
mellan bör skall får sådan sådana andra annat några kommer finns blir varit vara hos över då
""".split())
_STEMMER = snowballstemmer.stemmer("swedish")


def fold(text: str) -> str:
    """Lower case, NFC, typographic dashes and quotes made plain."""
    text = unicodedata.normalize("NFC", text).lower()
    return text.replace("–", "-").replace("—", "-").replace("\u00ad", "")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    return str(_STEMMER.stemWord(word))


def words(text: str) -> list[str]:
    """Content words, folded and stemmed, stop words and one-letter tokens dropped. Å, ä and ö
    are made plain first: OCR often loses the dots, and both sides of a match see the same."""
    return [stem(w.translate(PLAIN)) for w in WORD.findall(fold(text))
            if len(w) > 1 and w not in STOPWORDS and not w.isdigit()]


def mentions(name: str, folded_text: str) -> bool:
    """Whether a name (a counterpart, a board) occurs in folded text as whole words."""
    name = fold(name).strip()
    return len(name) >= 4 and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", folded_text) is not None


def properties(text: str) -> set[str]:
    """Property designations, normalised: 'tegelviken 3:14' (also from 'TEGELVIKEN 3:14')."""
    found = PROPERTY.findall(text) + PROPERTY_CAPS.findall(text)
    return {f"{fold(name)} {num}" for name, num in found if fold(name) not in NOT_PROPERTY}


def display_property(designation: str) -> str:
    """'norra åby 1:2' -> 'Norra Åby 1:2', as a registrar writes it."""
    return " ".join(w if ":" in w else w.capitalize() for w in designation.split())


YEAR = re.compile(r"\b(19[89]\d|20\d\d)\b")


def years(text: str) -> set[int]:
    return {int(y) for y in YEAR.findall(text)}


def property_token(designation: str) -> str:
    """One index token for a designation, so full-text search can ask for it exactly."""
    plain = fold(designation).translate(PLAIN).replace(":", "x")
    return "fastighet" + re.sub(r"[^a-z0-9]", "", plain)


def dates(text: str, compact: bool = False) -> list[date]:
    """Dates written as 2021-04-05, 2021.04.05, 5.4.2021, 5/4 2021 or '5 april 2021' (and
    20210405 when `compact`, as file names have them), in order of appearance."""
    found: list[tuple[int, date]] = []
    for m in ISO_DATE.finditer(text):
        _add_date(found, m.start(), int(m[1]), int(m[2]), int(m[3]))
    for m in COMPACT_DATE.finditer(text) if compact else ():
        _add_date(found, m.start(), int(m[1]), int(m[2]), int(m[3]))
    for m in WORD_DATE.finditer(text):
        _add_date(found, m.start(), int(m[3]), _month(m[2]), int(m[1]))
    for m in DMY_DATE.finditer(text):
        _add_date(found, m.start(), int(m[4]), int(m[3]), int(m[1]))
    for m in YMD_DATE.finditer(text):
        _add_date(found, m.start(), int(m[1]), int(m[3]), int(m[4]))
    return [d for _, d in sorted(found)]


def _month(name: str) -> int:
    name = name.lower()
    return MONTHS.get(name) or next(n for m, n in MONTHS.items() if m.startswith(name[:3]))


def organisation_numbers(text: str) -> set[str]:
    """Swedish organisation numbers ('556677-8899'; the third digit is 2 or more, which tells
    them from personal identity numbers), as ten digits."""
    return {a + b for a, b in ORG_NUMBER.findall(text)}


def name_key(name: str) -> str:
    """One comparable key for a name or address: folded, plain letters, no spaces or marks.
    'Bergström Bygg AB' and 'BERGSTRÖM BYGG AB' give the same key."""
    return "".join(KEY_WORD.findall(fold(name).translate(PLAIN)))


def name_parts(counterpart: str) -> list[str]:
    """The keys a registered counterpart can be found by: each part of 'Anna Berg, Storgatan 3'
    (name, address), at least two words or one of four letters or more (never 'AB' alone)."""
    keys = []
    for part in NAME_SPLIT.split(counterpart):
        tokens = KEY_WORD.findall(fold(part).translate(PLAIN))
        if len(tokens) >= 2 or (tokens and len(tokens[0]) >= 4):
            keys.append("".join(tokens))
    return keys


def name_keys(text: str, longest: int = 6, limit: int = 30_000) -> set[str]:
    """Keys of every run of up to `longest` words that starts with a capital letter: where a
    name or an address can stand in a text (its first `limit` characters)."""
    raw = NAME_WORD.findall(unicodedata.normalize("NFC", text[:limit]))
    plain = ["".join(KEY_WORD.findall(w.lower().translate(PLAIN))) for w in raw]
    keys = set()
    for i, word in enumerate(raw):
        if word[:1].isupper():
            for n in range(1, longest + 1):
                keys.add("".join(plain[i:i + n]))
    return keys


def _add_date(found: list[tuple[int, date]], pos: int, y: int, mo: int, d: int) -> None:
    with contextlib.suppress(ValueError):
        found.append((pos, date(y, mo, d)))
