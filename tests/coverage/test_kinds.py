"""The kind of a record is read from its description (and direction); decisions outrank every
other kind whatever builds on them; later records build on earlier ones."""

from __future__ import annotations

import pytest

from bot.coverage.kinds import BY_NAME, builds_on, is_open, kind_of, weight
from bot.coverage.profile import DEPENDENT_CAP, DEPENDENT_POINTS, OPEN_POINTS, importance


@pytest.mark.parametrize(("description", "direction", "kind"), [
    ("Beslut", "outgoing", "beslut"),
    ("Beslut om bygglov", "outgoing", "beslut"),
    ("Tilldelningsbeslut", "outgoing", "beslut"),
    ("Delegationsbeslut om schakttillstånd", "internal", "beslut"),
    ("Föreläggande", "outgoing", "beslut"),
    ("Underrättelse om beslut", "outgoing", "underrattelse"),
    ("Protokollsutdrag KS § 12", "internal", "protokollsutdrag"),
    ("Utdrag ur protokoll 2021-03-01", "internal", "protokollsutdrag"),
    ("Protokoll KS 2021-03-01", "internal", "protokoll"),
    ("Anbudsöppningsprotokoll", "internal", "rapport"),
    ("Ansökan om bygglov", "incoming", "ansokan"),
    ("Bygglovsansökan", "incoming", "ansokan"),
    ("Färdiganmälan", "incoming", "ansokan"),
    ("Begäran om komplettering", "outgoing", "skrivelse"),
    ("Begäran om planbesked", "incoming", "ansokan"),
    ("Startbesked", "outgoing", "tillstand"),
    ("Strandskyddsdispens", "outgoing", "tillstand"),
    ("Köpeavtal", "outgoing", "avtal"),
    ("Avtalsuppföljning", "internal", "ovrigt"),
    ("Överklagande av beslut", "incoming", "overklagande"),
    ("Yttrande från Länsstyrelsen", "incoming", "yttrande"),
    ("Tjänsteskrivelse", "internal", "tjansteskrivelse"),
    ("E-post", "incoming", "skrivelse"),
    ("Delgivningskvitto", "incoming", "underrattelse"),
    ("", "incoming", "ovrigt"),
    (None, None, "ovrigt"),
])
def test_the_kind_is_read_from_the_description(description, direction, kind):
    assert kind_of(description, direction) == kind


def test_a_decision_outranks_any_other_record_whatever_builds_on_it():
    best_other = max(w.weight for name, w in BY_NAME.items() if name != "beslut")
    most = importance(best_other, DEPENDENT_CAP + 5, True)
    assert most == best_other + DEPENDENT_POINTS * DEPENDENT_CAP + OPEN_POINTS
    assert most < importance(weight("beslut", "outgoing"), 0, False)
    assert weight("ansokan", "incoming") > weight("ansokan", "outgoing") > weight("skrivelse", "")


def test_later_records_build_on_earlier_ones():
    assert builds_on("ansokan", "beslut") and builds_on("beslut", "overklagande")
    assert builds_on("remiss", "yttrande") and not builds_on("beslut", "ansokan")
    assert not builds_on("skrivelse", "beslut")


@pytest.mark.parametrize(("status", "open_"), [
    ("pågående", True), ("Pågående", True), ("öppet", True), ("vilande", True),
    ("avslutat", False), ("Avslutad", False), ("", False), (None, False), ("arkiverat", False),
])
def test_open_cases(status, open_):
    assert is_open(status) is open_
