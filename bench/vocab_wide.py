"""More words for a registry of municipal size (bench.world): at 120,000 cases the standard
lists would give thousands of cases the very same title, which no real registry has. These lists
extend bench.vocab; combined, titles recur the way real ones do (the same kind, place and
counterpart year after year) without being identical by construction."""

from __future__ import annotations

from itertools import product

from bench import vocab

PLACE_STEMS = (
    *vocab.PLACE_STEMS,
    "Alvik", "Backa", "Bergsjön", "Blåsut", "Broby", "Dalby", "Djupvik", "Enebacken", "Fagerås",
    "Fiskeby", "Gransäter", "Grönhult", "Hallstorp", "Hammarby", "Hultet", "Kalvsund", "Kilen",
    "Kronoberg", "Lergraven", "Lunden", "Myrbacka", "Nolhaga", "Oxhagen", "Prästgården",
    "Rödberg", "Sandviken", "Skogslyckan", "Solberga", "Stora Mellby", "Tornet", "Ugglum",
    "Vallmon", "Vintergatan", "Åsen", "Älvängen", "Örnen",
)
STREETS = (
    *vocab.STREETS,
    "Ågatan", "Bergsgatan", "Bruksvägen", "Drottninggatan", "Fabriksgatan", "Gamla vägen",
    "Hagvägen", "Idrottsvägen", "Kvarnvägen", "Lärkvägen", "Mejerivägen", "Nygatan",
    "Prästvägen", "Rådhusgatan", "Smedjegatan", "Stationsvägen", "Strandvägen", "Torggatan",
    "Vasagatan", "Östra Långgatan",
)
SERVICES = (
    *vocab.SERVICES,
    "bevakningstjänster", "snöröjning", "tolktjänster", "företagshälsovård", "arbetskläder",
    "möbler", "skolmåltider", "lokalvård", "däck och fälgar", "entreprenad för ombyggnad av skola",
    "tekniska konsulter", "grus och sand", "drivmedel", "hörselhjälpmedel", "trädgårdsskötsel",
    "telefoni", "läromedel", "bredband", "revisionstjänster", "avfallshämtning",
    "kaffeautomater", "elenergi", "vägmarkering", "glasmästeritjänster", "flyttjänster",
)
TOPICS = (
    *vocab.TOPICS,
    "cykelparkering vid stationen i {place}", "belysning på {street}", "trottoar längs {street}",
    "ny förskola i {place}", "badbrygga vid {place}", "gatubelysning i {place}",
    "bättre snöröjning på {street}", "skatepark i {place}", "pendelparkering i {place}",
    "fler papperskorgar i {place}", "naturreservat vid {place}", "bänkar längs {street}",
    "ny busshållplats på {street}", "översyn av hastigheten i {place}",
    "sommarjobb för ungdomar", "fritidsgård i {place}", "friidrottsbana i {place}",
)
BUILDINGS = (
    *vocab.BUILDINGS,
    "tvåbostadshus", "komplementbyggnad", "växthus", "plank", "mur", "uterum", "balkong",
    "skärmtak", "lager", "industribyggnad", "affärshus", "pool",
)
COMPANIES = (
    *vocab.COMPANIES,
    "Alviks Rör AB", "Backa Elservice AB", "Dalby Golv AB", "Fagerås Bygg & Montage AB",
    "Gransäters Trädgård AB", "Hallstorps Transport AB", "Kilens Fastighetsservice AB",
    "Lundens Plåtslageri AB", "Myrbacka Mark AB", "Oxhagens Vård och Omsorg AB",
    "Solberga Pizzeria HB", "Torget Café & Bistro AB", "Åsens Skog AB", "Örnens Bilverkstad AB",
    "Nolhaga Energi AB", "Sandvikens Båtvarv AB", "Strandhotellet i Exempelby AB",
    "Vintergatans Förskola AB", "Rådhusets Restaurang AB", "Kalvsunds Camping AB",
)
ASSOCIATIONS = (
    *vocab.ASSOCIATIONS,
    "Alviks Scoutkår", "Backa Bordtennisklubb", "Dalby Fiskevårdsförening", "Exempelby Skytteklubb",
    "Fagerås Friluftsfrämjande", "Hammarby Bygdegårdsförening", "Kilens Pensionärsförening",
    "Solberga Teaterförening", "Exempelby Orienteringsklubb", "Örnens Musikkår",
)
_REMISS_DOCS = ("Förslag till", "Utkast till", "Samråd om", "Revidering av", "Promemoria om",
                "Betänkande om")
_REMISS_AREAS: tuple[tuple[str, str], ...] = (
    ("regional utvecklingsstrategi", "Region Mellanbygden"),
    ("regional transportplan {next_year}–{plan_end}", "Region Mellanbygden"),
    ("trafikförsörjningsprogram", "Region Mellanbygden"),
    ("folkhälsostrategi", "Region Mellanbygden"),
    ("kulturplan för regionen", "Region Mellanbygden"),
    ("vattenförvaltningsplan", vocab.LANSSTYRELSEN),
    ("länsplan för laddinfrastruktur", vocab.LANSSTYRELSEN),
    ("klimat- och energistrategi", vocab.LANSSTYRELSEN),
    ("åtgärdsprogram för miljömålen", vocab.LANSSTYRELSEN),
    ("regional vattenförsörjningsplan", vocab.LANSSTYRELSEN),
    ("nationell plan för transportinfrastrukturen", "Trafikverket"),
    ("avfallsplan", "Räddningstjänsten Mellanbygden"),
    ("handlingsprogram för räddningstjänst", "Räddningstjänsten Mellanbygden"),
    ("översiktsplan för Grannby kommun", "Grannby kommun"),
    ("vindbruksplan för Grannby kommun", "Grannby kommun"),
    ("kursplaner i grundskolan", "Skolverket"),
    ("vägledning om strandskydd", "Naturvårdsverket"),
    ("föreskrifter om avloppsanordningar", "Naturvårdsverket"),
)
REMISS_TOPICS: tuple[tuple[str, str], ...] = tuple(
    (f"{doc} {area}", sender) for doc, (area, sender) in product(_REMISS_DOCS, _REMISS_AREAS)
)
SURNAMES = (
    *vocab.SURNAMES,
    "Jonsson", "Petersson", "Jansson", "Hansson", "Bengtsson", "Jönsson", "Lindström",
    "Jakobsson", "Magnusson", "Fredriksson", "Mattsson", "Axelsson", "Hermansson", "Ström",
    "Lundberg", "Holmberg", "Mårtensson", "Nordin", "Engström", "Sundberg", "Björk", "Wallin",
)
