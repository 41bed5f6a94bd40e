"""The kind of a registered record (beslut, protokoll, avtal, ansökan, …) read from its description
and direction, how much each kind matters when it is missing, and which later records build on
which earlier ones."""

from __future__ import annotations

import re
from dataclasses import dataclass

WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Kind:
    """One kind of record: the words that name it and how much a missing one matters."""

    name: str
    weight: int
    words: tuple[str, ...]  # a word of the description equal to one, or a compound ending in one
    prefixes: tuple[str, ...] = ()  # a word starting with one (protokollsutdrag §12, ...)


# The weight orders the kinds: a decision outranks everything else whatever builds on it (the
# bonuses in `profile` stay below the gap between kinds). First match wins: notices of a decision
# before decisions, applications before permits (an "Ansökan om bygglov" is an application),
# decisions before permits ("Beslut om bygglov").
KINDS: tuple[Kind, ...] = (
    Kind("protokollsutdrag", 88, ("protokollsutdrag",), ("protokollsutdrag",)),
    Kind("protokoll", 90, ("sammanträdesprotokoll", "nämndprotokoll"), ("protokoll",)),
    Kind("overklagande", 60, ("överklagande", "överklagan", "laglighetsprövning")),
    Kind("underrattelse", 20, ("underrättelse", "kungörelse", "delgivning", "delgivningskvitto",
                               "kommunicering", "kvittens", "mottagningsbevis")),
    Kind("ansokan", 78, ("ansökan", "anmälan", "begäran", "motion", "medborgarförslag", "anbud",
                         "intresseanmälan", "framställan", "klagomål")),
    Kind("beslut", 100, ("beslut", "föreläggande", "förbud", "dom", "tilldelningsbeslut",
                         "delegationsbeslut")),
    Kind("tillstand", 82, ("bygglov", "rivningslov", "marklov", "startbesked", "slutbesked",
                           "förhandsbesked", "tillstånd", "dispens", "strandskyddsdispens",
                           "serveringstillstånd")),
    Kind("avtal", 84, ("avtal", "kontrakt", "överenskommelse", "köpeavtal", "arrendeavtal")),
    Kind("yttrande", 50, ("yttrande", "remissvar", "utlåtande", "granskningsutlåtande",
                          "samrådsredogörelse", "svar")),
    Kind("remiss", 35, ("remiss", "samrådshandling")),
    Kind("tjansteskrivelse", 40, ("tjänsteskrivelse", "tjänsteutlåtande", "beslutsunderlag",
                                  "utredning")),
    Kind("rapport", 45, ("rapport", "delårsrapport", "årsredovisning", "revisionsberättelse",
                         "verksamhetsplan", "budget", "budgetunderlag", "värdering",
                         "förfrågningsunderlag", "plan", "bedömning", "redovisning",
                         "protokoll")),  # a compound protocol (of a tender opening) is no board's
    Kind("skrivelse", 15, ("skrivelse", "brev", "post", "komplettering", "ritningar",
                           "handlingar", "minnesanteckningar", "tjänsteanteckning",
                           "anteckningar", "meddelande", "information")),
)
OTHER = Kind("ovrigt", 10, ())
BY_NAME = {kind.name: kind for kind in (*KINDS, OTHER)}
NAMES = tuple(BY_NAME)

# A later record of one of these kinds in the same case builds on an earlier record of the key
# kind: the decision answers the application, the appeal and the notice refer to the decision.
BUILDS_ON: dict[str, frozenset[str]] = {
    "ansokan": frozenset({"beslut", "tillstand", "protokollsutdrag", "yttrande"}),
    "beslut": frozenset({"overklagande", "underrattelse", "tillstand"}),
    "protokollsutdrag": frozenset({"protokollsutdrag", "overklagande", "avtal", "underrattelse"}),
    "protokoll": frozenset({"overklagande", "underrattelse"}),
    "tillstand": frozenset({"overklagande", "underrattelse"}),
    "tjansteskrivelse": frozenset({"beslut", "protokollsutdrag"}),
    "remiss": frozenset({"yttrande"}),
}


def _matches(kind: Kind, word: str) -> bool:
    return (any(word == w or (len(word) > len(w) + 2 and word.endswith(w)) for w in kind.words)
            or word.startswith(kind.prefixes or ("\0",)))


def kind_of(description: str | None, direction: str | None = None) -> str:
    """The kind's name: the first kind (in priority order) one of whose words the description
    uses; 'ovrigt' when none does. A request the municipality sends out ("Begäran om
    komplettering") is correspondence, not an application."""
    words = [w.lower() for w in WORD.findall(description or "")]
    if "utdrag" in words and any(w.startswith("protokoll") for w in words):
        return "protokollsutdrag"  # "Utdrag ur protokoll"
    for kind in KINDS:
        if any(_matches(kind, word) for word in words):
            if kind.name == "ansokan" and direction == "outgoing" and "begäran" in words:
                return "skrivelse"
            return kind.name
    return OTHER.name


def weight(kind: str, direction: str | None) -> int:
    """How much a missing record of this kind matters; incoming applications count in full,
    the municipality's own applications (to other authorities) a little less."""
    base = BY_NAME.get(kind, OTHER).weight
    return base - 18 if kind == "ansokan" and direction != "incoming" else base


def builds_on(earlier: str, later: str) -> bool:
    """Whether a later record of kind `later` in the same case builds on one of kind `earlier`."""
    return later in BUILDS_ON.get(earlier, frozenset())


OPEN_WORDS = ("pågå", "öppe", "open", "aktiv", "vilande", "under", "ej avslut", "ny")


def is_open(status: str | None) -> bool:
    """A case still being handled ("pågående", "öppet", "vilande"); unknown status is not open."""
    folded = " ".join((status or "").lower().split())
    return bool(folded) and folded.startswith(OPEN_WORDS)
