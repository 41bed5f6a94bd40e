"""Word lists for the synthetic municipality: boards, fictional people, firms and places."""

from __future__ import annotations

MUNICIPALITY = "Exempelby kommun"
NEIGHBOUR_MUNICIPALITY = "Grannby kommun"
MAIL_DOMAIN = "example.se"  # the municipality's own mail; matches the CLI submitter

BOARD_NAMES: dict[str, str] = {
    "KS": "Kommunstyrelsen",
    "BN": "Byggnadsnämnden",
    "MBN": "Miljö- och byggnadsnämnden",
    "SBN": "Samhällsbyggnadsnämnden",
    "UN": "Utbildningsnämnden",
    "SN": "Socialnämnden",
    "KFN": "Kultur- och fritidsnämnden",
    "TN": "Tekniska nämnden",
}

# The building board was reorganised twice; cases follow the board of their year.
BUILDING_BOARD_BY_PERIOD: tuple[tuple[int, int, str], ...] = (
    (2013, 2016, "BN"),
    (2017, 2020, "MBN"),
    (2021, 2024, "SBN"),
)

FIRST_NAMES = (
    "Anna", "Eva", "Maria", "Karin", "Sara", "Lena", "Kerstin", "Emma", "Ingrid", "Malin",
    "Sofia", "Linnea", "Elin", "Johanna", "Ulla", "Birgitta", "Helena", "Camilla", "Frida",
    "Lars", "Erik", "Per", "Karl", "Anders", "Johan", "Nils", "Mikael", "Jan", "Olof",
    "Fredrik", "Magnus", "Henrik", "Gustav", "Oskar", "Mattias", "Jonas", "Björn", "Stefan",
)
SURNAMES = (
    "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson",
    "Persson", "Svensson", "Gustafsson", "Lindberg", "Lindqvist", "Berg", "Holm", "Lind",
    "Sandberg", "Ekström", "Bergström", "Nyström", "Hedlund", "Sjöberg", "Åberg", "Öhman",
    "Forsberg", "Dahl", "Wikström", "Blom", "Lundgren", "Söderberg", "Hellström", "Falk",
)
PARTIES = ("S", "M", "SD", "C", "V", "KD", "L", "MP")

# Fictional firms; the same firm deals with several boards.
COMPANIES = (
    "Bergström Bygg AB", "Sjöviks Vatten AB", "Tallåsens Entreprenad AB", "Granlunds Åkeri AB",
    "Nordström & Lind Arkitekter AB", "Mellanbygdens Skolskjuts AB", "Ekbackens Fastigheter AB",
    "Exempelby Energi AB", "Hedlunds Mark och Schakt AB", "Lövdala Omsorg AB",
    "Solgläntans Förskolor AB", "Kvarnåns Lantbruk HB", "Björkviks Måleri AB",
    "Fastighetsvärdering Sjö AB", "Revisionsbyrån Mellan AB", "Norrbacka Elnät AB",
    "Rönnbergs Restaurang AB", "Hamnkrogen i Exempelby AB", "Strömsborgs Konsult AB",
    "Västerängs Grus AB", "Lindholms Trafikskola AB", "Ängsgårdens Vårdhem AB",
)
ASSOCIATIONS = (
    "Exempelby IF", "Sjöviks Båtklubb", "Kvarnbackens Hembygdsförening", "Exempelby Konstförening",
    "Tallåsens Ryttarförening", "Mellanbygdens Schackklubb", "Exempelby Körsällskap",
)
AUTHORITIES = (
    "Länsstyrelsen i Västra Götalands län", "Trafikverket", "Lantmäteriet", "Skolverket",
    "Skolinspektionen", "Naturvårdsverket", "Inspektionen för vård och omsorg",
    "Polismyndigheten", "Räddningstjänsten Mellanbygden", "Transportstyrelsen",
    "Region Mellanbygden",
)

PLACE_STEMS = (
    "Tegelviken", "Kvarnbacken", "Björkudden", "Sjöängen", "Lillåker", "Stensätra", "Granhult",
    "Mossebo", "Ekbacken", "Lövdala", "Tallåsen", "Rönnbäck", "Ängsgården", "Norrbacka",
    "Västeräng", "Hagalund", "Strömsborg", "Furudal", "Lindholmen", "Kråkvik", "Sävsjön",
    "Bäckamo", "Ulvsund", "Hjortmossen", "Järnbrotorp", "Klockarebolet",
)
STREETS = (
    "Storgatan", "Skolvägen", "Kyrkogatan", "Järnvägsgatan", "Sjövägen", "Björkvägen",
    "Industrigatan", "Ringvägen", "Kvarngatan", "Hamngatan", "Parkvägen", "Tallstigen",
)
TOPICS = (
    "belysning av gång- och cykelvägen vid {place}", "fler parkbänkar i centrum",
    "hundrastgård i {place}", "utegym vid {place}", "sänkt hastighet på {street}",
    "farthinder på {street}", "offentlig toalett vid badplatsen i {place}",
    "gratis simskola för alla barn", "återinförd busslinje till {place}",
    "laddstolpar för elbilar vid kommunhuset", "ekologisk mat i skolorna",
    "en ny lekplats i {place}", "förlängda öppettider på biblioteket",
    "solceller på kommunens fastigheter", "bevarande av den gamla skolan i {place}",
)
SERVICES = (
    "skolskjuts", "vinterväghållning", "städtjänster", "livsmedel", "hemtjänst",
    "IT-stöd", "fordon", "kontorsmaterial", "parkskötsel", "måltidstjänster",
)
LANSSTYRELSEN = "Länsstyrelsen i Västra Götalands län"
# Remiss topics with the authority that sends them out.
REMISS_TOPICS: tuple[tuple[str, str], ...] = (
    ("Regional utvecklingsstrategi för Mellanbygden 2030", "Region Mellanbygden"),
    ("Regional transportplan {next_year}–{plan_end}", "Region Mellanbygden"),
    ("Regionalt trafikförsörjningsprogram", "Region Mellanbygden"),
    ("Vattenförvaltningsplan för Västerhavets vattendistrikt", LANSSTYRELSEN),
    ("Länsplan för laddinfrastruktur", LANSSTYRELSEN),
    ("Klimat- och energistrategi för länet", LANSSTYRELSEN),
    ("Förslag till nationell plan för transportinfrastrukturen", "Trafikverket"),
    ("Avfallsplan för Mellanbygdens kommuner", "Räddningstjänsten Mellanbygden"),
    ("Översiktsplan för Grannby kommun", "Grannby kommun"),
    ("Förslag till nya kursplaner i grundskolan", "Skolverket"),
    ("Vägledning om strandskydd", "Naturvårdsverket"),
)
BUILDINGS = (
    "enbostadshus", "fritidshus", "garage", "carport", "förråd", "brygga", "bastu",
    "attefallshus", "flerbostadshus",
)

MONTHS = (
    "januari", "februari", "mars", "april", "maj", "juni",
    "juli", "augusti", "september", "oktober", "november", "december",
)
WEEKDAYS = ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag")
