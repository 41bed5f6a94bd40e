"""Kinds of case a municipality registers: who opens them, their titles and document trail.

A step is written "description|direction|party": direction is in, out or int, and the party
names who the counterpart is (the case's applicant, its handler, the board, the council,
a neighbour, any company, or a fixed authority after "authority:"). A title may end in
"=>description" to rename the first step for that title.
"""

from __future__ import annotations

from dataclasses import dataclass

BUILD = "BUILD"  # stands for whichever building board existed in the case's year
LST = "authority:Länsstyrelsen i Västra Götalands län"


@dataclass(frozen=True, slots=True)
class Kind:
    """One kind of case: boards it occurs in, how common it is, titles and document steps."""

    name: str
    boards: tuple[str, ...]
    weight: float
    applicant: str  # person | company | association | remiss | politician | none
    titles: tuple[str, ...]
    steps: tuple[str, ...]


PROTOCOL = "Protokollsutdrag {B} § {P}"
COUNCIL = "Protokollsutdrag KF § {P}"

KINDS: tuple[Kind, ...] = (
    Kind("detaljplan", ("KS", BUILD), 5, "company",
         ("Detaljplan för {prop}", "Ändring av detaljplan för {prop}",
          "Detaljplan för bostäder vid {place}, {prop}"),
         ("Begäran om planbesked|in|applicant", "Tjänsteskrivelse|int|handler",
          f"{PROTOCOL}|int|board", "Planavtal|out|applicant", "Samrådshandling|out|" + LST,
          "Yttrande från Länsstyrelsen|in|" + LST,
          "Yttrande från Lantmäteriet|in|authority:Lantmäteriet",
          "Yttrande från Trafikverket|in|authority:Trafikverket", "Samrådsredogörelse|int|handler",
          "Granskningsutlåtande|int|handler", "Kungörelse|out|applicant",
          f"{COUNCIL}|int|council")),
    Kind("bygglov", (BUILD,), 14, "person",
         ("Bygglov för nybyggnad av {building}, {prop}",
          "Bygglov för tillbyggnad av enbostadshus, {prop}",
          "Förhandsbesked för nybyggnad av enbostadshus, {prop}=>Ansökan om förhandsbesked",
          "Rivningslov för ekonomibyggnad, {prop}=>Ansökan om rivningslov"),
         ("Ansökan om bygglov|in|applicant", "Ritningar|in|applicant",
          "Begäran om komplettering|out|applicant", "Komplettering|in|applicant",
          "Underrättelse till sakägare|out|neighbour", "Yttrande från granne|in|neighbour",
          "Tjänsteskrivelse|int|handler", "Beslut om bygglov|out|applicant",
          "Kungörelse|out|authority:Post- och Inrikes Tidningar", "Delgivningskvitto|in|applicant",
          "Startbesked|out|applicant", "Slutbesked|out|applicant")),
    Kind("strandskydd", (BUILD,), 5, "person",
         ("Strandskyddsdispens för {building}, {prop}", "Strandskyddsdispens för brygga, {prop}"),
         ("Ansökan om strandskyddsdispens|in|applicant", "Tjänsteskrivelse|int|handler",
          "Beslut om strandskyddsdispens|out|applicant", "Underrättelse om beslut|out|" + LST,
          "Beslut om överprövning|in|" + LST, "Delgivningskvitto|in|applicant")),
    Kind("tillsyn", (BUILD,), 6, "company",
         ("Tillsyn enligt miljöbalken, {prop}", "Tillsyn enligt miljöbalken, {company}",
          "Anmälan om installation av värmepump, {prop}=>Anmälan om värmepump",
          "Ovårdad tomt, {prop}=>Klagomål på ovårdad tomt"),
         ("Anmälan|in|applicant", "Inspektionsrapport|int|handler", "Kommunicering|out|applicant",
          "Yttrande|in|applicant", "Föreläggande|out|applicant", "Beslut om avgift|out|applicant",
          "Uppföljande inspektion|int|handler")),
    Kind("motion", ("KS",), 5, "politician",
         ("Motion om {topic} från ({party})",),
         ("Motion|in|applicant", f"{COUNCIL}|int|council", "Tjänsteskrivelse|int|handler",
          f"{PROTOCOL}|int|board", f"{COUNCIL}|int|council")),
    Kind("medborgarforslag", ("KS", "TN", "KFN"), 5, "person",
         ("Medborgarförslag om {topic}",),
         ("Medborgarförslag|in|applicant", "Tjänsteskrivelse|int|handler",
          f"{PROTOCOL}|int|board", "Svar till förslagsställaren|out|applicant")),
    Kind("remiss", ("KS", BUILD, "UN", "TN"), 6, "remiss",
         ("Remiss – {remiss}",),
         ("Remiss|in|applicant", "Tjänsteskrivelse|int|handler", f"{PROTOCOL}|int|board",
          "Remissvar|out|applicant")),
    Kind("yttrande", ("KS", BUILD), 4, "remiss",
         ("Yttrande över {remiss}",),
         ("Begäran om yttrande|in|applicant", "Tjänsteskrivelse|int|handler",
          "Yttrande|out|applicant", f"{PROTOCOL}|int|board")),
    Kind("upphandling", ("KS", "UN", "TN", "SN"), 6, "company",
         ("Upphandling av {service} {year}",),
         ("Förfrågningsunderlag|int|handler", "Anbud|in|company", "Anbud|in|company",
          "Anbudsöppningsprotokoll|int|handler", "Tilldelningsbeslut|out|applicant",
          "Avtal|out|applicant", "Avtalsuppföljning|int|handler")),
    Kind("delarsrapport", ("KS", "UN", "SN", "TN"), 3, "none",
         ("Delårsrapport januari–augusti {year}",),
         ("Tjänsteskrivelse|int|handler", "Delårsrapport|int|handler",
          "Revisorernas bedömning|in|authority:Revisionsbyrån Mellan AB", f"{PROTOCOL}|int|board",
          f"{COUNCIL}|int|council")),
    Kind("arsredovisning", ("KS",), 1, "none",
         ("Årsredovisning {prev_year}",),
         ("Tjänsteskrivelse|int|handler", "Årsredovisning|int|handler",
          "Revisionsberättelse|in|authority:Revisionsbyrån Mellan AB", f"{PROTOCOL}|int|board",
          f"{COUNCIL}|int|council")),
    Kind("budget", ("KS",), 1, "none",
         ("Budget {next_year}", "Budget {next_year} med plan för {plan_years}"),
         ("Tjänsteskrivelse|int|handler", "Budgetunderlag|int|handler",
          "Protokollsutdrag KSAU § {P}|int|board", f"{PROTOCOL}|int|board",
          f"{COUNCIL}|int|council")),
    Kind("verksamhetsplan", ("UN", "SN", "KFN", "TN"), 3, "none",
         ("Verksamhetsplan {year}",),
         ("Tjänsteskrivelse|int|handler", "Verksamhetsplan|int|handler", f"{PROTOCOL}|int|board")),
    Kind("forsaljning", ("KS",), 3, "person",
         ("Försäljning av fastigheten {prop}", "Markanvisningsavtal för {prop}"),
         ("Intresseanmälan|in|applicant", "Värdering|in|authority:Fastighetsvärdering Sjö AB",
          "Tjänsteskrivelse|int|handler", f"{PROTOCOL}|int|board", "Köpeavtal|out|applicant",
          "Ansökan om lagfart|out|authority:Lantmäteriet")),
    Kind("servering", ("SN",), 3, "company",
         ("Ansökan om serveringstillstånd, {company}",),
         ("Ansökan om serveringstillstånd|in|applicant",
          "Remiss till Polismyndigheten|out|authority:Polismyndigheten",
          "Yttrande från Polismyndigheten|in|authority:Polismyndigheten",
          "Yttrande från Räddningstjänsten|in|authority:Räddningstjänsten Mellanbygden",
          "Tjänsteskrivelse|int|handler", "Beslut|out|applicant",
          "Delgivningskvitto|in|applicant")),
    Kind("omsorgstillsyn", ("SN", "UN"), 2, "company",
         ("Tillsyn av {company}", "Tillsyn av fristående förskola, {company}"),
         ("Anmälan|in|authority:Inspektionen för vård och omsorg", "Inspektionsrapport|int|handler",
          "Begäran om yttrande|out|applicant", "Yttrande|in|applicant",
          "Tjänsteskrivelse|int|handler", "Beslut|out|applicant")),
    Kind("huvudman", ("UN",), 2, "company",
         ("Ansökan om godkännande av enskild huvudman, {company}",),
         ("Ansökan|in|applicant", "Begäran om komplettering|out|applicant",
          "Komplettering|in|applicant",
          "Tjänsteskrivelse|int|handler", "Beslut|out|applicant",
          "Underrättelse om beslut|out|authority:Skolinspektionen")),
    Kind("bidrag", ("KFN",), 4, "association",
         ("Föreningsbidrag {year}, {association}", "Ansökan om arrangemangsbidrag, {association}"),
         ("Ansökan om bidrag|in|applicant", "Tjänsteskrivelse|int|handler", "Beslut|out|applicant",
          "Redovisning av bidrag|in|applicant")),
    Kind("gata", ("TN",), 5, "company",
         ("Lokal trafikföreskrift om {street}=>Skrivelse om trafiken på {street}",
          "Schakttillstånd på {street}=>Ansökan om schakttillstånd",
          "Ledningsrätt för fjärrvärme, {prop}=>Ansökan om ledningsrätt",
          "VA-utbyggnad i {place}=>Begäran om VA-anslutning"),
         ("Ansökan|in|applicant", "Yttrande från Polismyndigheten|in|authority:Polismyndigheten",
          "Tjänsteskrivelse|int|handler", "Beslut|out|applicant", "Färdiganmälan|in|applicant",
          "Avtal|out|applicant")),
)

EXTRA_STEPS: tuple[str, ...] = (
    "Skrivelse|in|applicant", "Kompletterande handlingar|in|applicant",
    "Minnesanteckningar|int|handler", "E-post|in|applicant", "Svar på skrivelse|out|applicant",
    "Tjänsteanteckning|int|handler",
)

DIRECTIONS = {"in": "incoming", "out": "outgoing", "int": "internal"}
