"""Documents that belong to no case here: a neighbour's letter, an invoice, an invitation..."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta

from bench import vocab
from bench.letter import Letter, postal_address, signature
from bench.registry import person
from bench.swedish import long_date, written_date

THEMES = ("klimatanpassning", "digitalisering i offentlig sektor", "kompetensförsörjning",
          "trygghet i offentliga miljöer", "hållbar samhällsplanering")


def remiss_topic(rng: random.Random, year: int) -> str:
    return rng.choice(vocab.REMISS_TOPICS)[0].format(next_year=year + 1, plan_end=year + 12)


def neighbour_letter(rng: random.Random, day: date) -> tuple[Letter, str | None]:
    """Grannby kommun writes in its own case: a case number in our format, not ours."""
    number = f"{rng.choice(('KS', 'BN', 'TN'))} {day.year}/{rng.randint(1, 900):04d}"
    prop = f"{rng.choice(vocab.PLACE_STEMS)} {rng.randint(1, 12)}:{rng.randint(1, 99)}"
    topic = rng.choice((f"Detaljplan för {prop}", f"Bygglov för nybyggnad av enbostadshus, {prop}",
                        f"Yttrande över {remiss_topic(rng, day.year)}"))
    signer = person(rng)
    letter = Letter(
        sender=[vocab.NEIGHBOUR_MUNICIPALITY, "Kommunstyrelsen"],
        meta=[("Datum", written_date(rng, day)), ("Dnr", number)], heading=topic,
        paragraphs=[f"{vocab.NEIGHBOUR_MUNICIPALITY} har tagit upp ärendet om {topic.lower()}.",
                    "Ärendet berör inte andra kommuner och skickas för kännedom.",
                    "Frågor besvaras av handläggaren."],
        closing=signature(rng, signer, "Handläggare", vocab.NEIGHBOUR_MUNICIPALITY),
        author=signer, dated=day, recipient=postal_address(rng, vocab.MUNICIPALITY),
    )
    return letter, number


def invitation(rng: random.Random, day: date) -> tuple[Letter, str | None]:
    theme = rng.choice(THEMES)
    meeting = day + timedelta(days=rng.randint(20, 60))
    org = "Kommunförbundet Mellanbygden"
    return Letter(
        sender=[org], meta=[("Datum", written_date(rng, day))],
        heading=f"Inbjudan till regional konferens om {theme}",
        paragraphs=[f"Välkommen till en konferensdag om {theme} den {long_date(meeting)}.",
                    "Dagen riktar sig till förtroendevalda och tjänstepersoner i länets kommuner.",
                    "Anmälan görs senast två veckor före konferensen. Lunch ingår."],
        closing=signature(rng, person(rng), "Förbundsdirektör", org), author=org, dated=day,
    ), None


def invoice(rng: random.Random, day: date) -> tuple[Letter, str | None]:
    firm = rng.choice(vocab.COMPANIES)
    amount = f"{rng.randint(5, 900) * 125:,} kr".replace(",", " ")
    return Letter(
        sender=postal_address(rng, firm),
        meta=[("Fakturadatum", day.isoformat()), ("Fakturanummer", str(rng.randint(10000, 99999))),
              ("Förfallodatum", (day + timedelta(days=30)).isoformat())],
        heading="FAKTURA",
        paragraphs=[f"Avser: {rng.choice(vocab.SERVICES)} enligt överenskommelse.",
                    f"Att betala: {amount}", "Vid betalning, ange fakturanummer."],
        closing=[firm], author=firm, dated=day, recipient=postal_address(rng, vocab.MUNICIPALITY),
    ), None


def newsletter(rng: random.Random, day: date) -> tuple[Letter, str | None]:
    club = rng.choice(vocab.ASSOCIATIONS)
    season = rng.choice(("Vårens", "Höstens", "Sommarens"))
    return Letter(
        sender=[club], meta=[("Datum", written_date(rng, day))],
        heading=f"{season} medlemsbrev {day.year}",
        paragraphs=["Tack till alla som hjälpte till vid årets arrangemang!",
                    "Styrelsen påminner om årsmötet och om att betala medlemsavgiften.",
                    "Nya medlemmar är alltid välkomna."],
        closing=["Styrelsen", club], author=club, dated=day,
    ), None


MAKERS: tuple[Callable[[random.Random, date], tuple[Letter, str | None]], ...] = (
    neighbour_letter, neighbour_letter, invitation, invoice, newsletter,
)


def foreign_letter(rng: random.Random) -> tuple[Letter, str | None]:
    """A letter that belongs to no case of ours, and the case number it shows (if any)."""
    day = date(rng.randint(2013, 2024), rng.randint(1, 12), rng.randint(1, 28))
    return rng.choice(MAKERS)(rng, day)
