"""What the demo municipality's recovered copies say: letters and decisions written by hand for
the registry in registry.py — some citing their full record number, some only the case, some
nothing at all, and some that belong to no case — laid out by paper.py."""

from __future__ import annotations

from dataclasses import dataclass, field

TOWN = "Exempelby kommun"


@dataclass(frozen=True)
class Letter:
    """One letter: letterhead, date and references, addressee, heading, body, signature; a
    `stamp` is the registry's received stamp (inkomststämpel) written on the paper copy."""

    sender: tuple[str, ...]
    dated: str
    heading: str
    paragraphs: tuple[str, ...]
    signature: tuple[str, ...]
    refs: tuple[str, ...] = ()
    recipient: tuple[str, ...] = ()
    stamp: tuple[str, ...] = ()
    pages: int = 1  # a longer letter is spread over this many pages
    extra: tuple[str, ...] = field(default=())  # what the last page adds (attachments list)


def _stamp(date: str, number: str) -> tuple[str, ...]:
    return (TOWN.upper(), f"Inkom {date}", f"Dnr {number}")


YTTRANDE = Letter(
    sender=("Länsstyrelsen i Exempellän", "Samhällsbyggnadsenheten", "Box 200",
            "111 22 Länsstad"),
    dated="2021-05-10", refs=("Vår beteckning: 402-1234-21", "Er beteckning: KS 2021/0456"),
    recipient=(TOWN, "Kommunstyrelsen", "Box 100", "123 45 Exempelby"),
    stamp=_stamp("2021-05-10", "KS 2021/0456-3"),
    heading="Yttrande över samrådshandling för detaljplan för Hamnen, Tegelviken 3:14",
    paragraphs=(
        "Länsstyrelsen har tagit del av samrådshandlingen för detaljplan för Hamnen och lämnar "
        "följande synpunkter enligt 5 kap. 14 § plan- och bygglagen.",
        "Planområdet ligger inom område med risk för översvämning. Kommunen behöver redovisa "
        "hur bebyggelsen skyddas vid högsta beräknade havsnivå.",
        "Länsstyrelsen bedömer att strandskyddet inte kan upphävas för den norra delen av "
        "planområdet utan ett tydligare särskilt skäl.",
    ),
    signature=("Med vänlig hälsning", "", "Anders Ljung", "Planhandläggare"),
)

BYGGLOV = Letter(
    sender=(TOWN, "Byggnadsnämnden", "Box 100", "123 45 Exempelby"),
    dated="2020-04-08", refs=("Diarienummer: BN 2020/0123-4", "Handläggare: Eva Sten"),
    recipient=("Jonas Ek", "Tegelviksvägen 12", "123 47 Exempelby"),
    heading="Beslut om bygglov för tillbyggnad av enbostadshus, Tegelviken 3:14",
    paragraphs=(
        "Byggnadsnämnden beviljar bygglov för tillbyggnad av enbostadshus på fastigheten "
        "Tegelviken 3:14 enligt 9 kap. 30 § plan- och bygglagen.",
        "Tillbyggnaden omfattar 32 kvadratmeter bruttoarea och placeras 4,5 meter från gräns "
        "mot granne. Ritningar enligt komplettering inkommen 2020-03-20.",
        "Avgiften för beslutet är 12 400 kronor. Faktura skickas separat.",
    ),
    signature=("Eva Sten", "Bygglovshandläggare"),
)

BULLER = Letter(
    sender=("Lars Pettersson", "Industrigatan 7", "123 49 Exempelby"),
    dated="2022-03-01", recipient=(TOWN, "Miljönämnden", "Box 100", "123 45 Exempelby"),
    stamp=_stamp("2022-03-02", "MN 2022/0045-1"),
    heading="Klagomål på buller från verkstad på Industrigatan 4",
    paragraphs=(
        "Jag vill klaga på bullret från verkstaden på Industrigatan 4. Sedan januari pågår "
        "arbete med slipmaskiner och kompressor till sent på kvällarna, även på helger.",
        "Ljudet hörs tydligt inne i vår lägenhet med stängda fönster. Jag ber miljönämnden "
        "undersöka saken och mäta bullret.",
    ),
    signature=("Med vänlig hälsning", "", "Lars Pettersson", "Telefon 070-000 00 00"),
)

HAMNKROGEN_4 = Letter(
    sender=("Hamnkrogen AB", "Hamngatan 1", "123 40 Exempelby"),
    dated="2020-01-02", refs=("Ert diarienummer: SN 2019/0311",),
    recipient=(TOWN, "Socialnämnden", "Box 100", "123 45 Exempelby"),
    heading="Kompletterande uppgifter till ansökan om serveringstillstånd",
    paragraphs=(
        "Som svar på er begäran lämnar Hamnkrogen AB följande kompletterande uppgifter till vår "
        "ansökan om serveringstillstånd.",
        "Serveringsansvariga är Mikael Strömberg och Ida Falk. Båda har genomgått "
        "utbildning i ansvarsfull alkoholservering.",
    ),
    signature=("Med vänlig hälsning", "", "Mikael Strömberg", "Hamnkrogen AB"),
)

HAMNKROGEN_5 = Letter(
    sender=("Hamnkrogen AB", "Hamngatan 1", "123 40 Exempelby"),
    dated="2020-01-06", refs=("Ert diarienummer: SN 2019/0311",),
    recipient=(TOWN, "Socialnämnden", "Box 100", "123 45 Exempelby"),
    heading="Komplettering av ansökan om serveringstillstånd: menyer och ritning",
    paragraphs=(
        "Här kommer de menyer och den ritning över serveringsytan som saknades i vår ansökan "
        "om serveringstillstånd.",
        "Uteserveringen omfattar 40 platser mot hamnen. Köket är öppet till klockan 22.",
    ),
    signature=("Med vänlig hälsning", "", "Mikael Strömberg", "Hamnkrogen AB"),
)

ANBUD = Letter(
    sender=("Resbolaget Nord AB", "Norra vägen 20", "123 60 Exempelby"),
    dated="2019-11-04", refs=("Er referens: UN 2019/0789",),
    recipient=(TOWN, "Utbildningsnämnden", "Box 100", "123 45 Exempelby"),
    heading="Anbud – Upphandling av skolskjutsar 2020–2023",
    paragraphs=(
        "Resbolaget Nord AB lämnar härmed anbud på skolskjutsar enligt förfrågningsunderlaget "
        "för perioden 2020–2023.",
        "Vi erbjuder tolv fordon med plats för rullstol och förare med utbildning i säker "
        "skolskjuts. Priset framgår av bifogad prisbilaga.",
    ),
    signature=("Med vänlig hälsning", "", "Stina Nord", "Vd, Resbolaget Nord AB"),
)

BIDRAG_FORENING = Letter(
    sender=("Föreningen Trygga Exempelby", "c/o Berit Alm", "Skolgatan 3", "123 46 Exempelby"),
    dated="2021-03-12", recipient=(TOWN, "Socialnämnden", "Box 100", "123 45 Exempelby"),
    stamp=_stamp("2021-03-15", "SN 2021/0142-1"),
    heading="Ansökan om bidrag till nattvandring 2021",
    paragraphs=(
        "Föreningen Trygga Exempelby ansöker om bidrag med 45 000 kronor till nattvandring "
        "under 2021.",
        "Under 2020 gick föreningens vuxna nattvandrare 64 kvällar i centrum och vid "
        "stationen. Vi samarbetar med polisen och fältassistenterna.",
        "Bidraget ska täcka västar, telefoner, utbildning av nya nattvandrare och fika.",
        "Budget: Västar och utrustning 8 000 kronor. Telefoner 6 000 kronor. Utbildning "
        "15 000 kronor. Fika och samlingar 16 000 kronor.",
        "Föreningen har 38 medlemmar och en styrelse på fem personer. Verksamhetsberättelse "
        "och bokslut för 2020 bifogas.",
    ),
    signature=("För föreningen", "", "Berit Alm", "Ordförande"),
    pages=2,
    extra=("Bilagor: verksamhetsberättelse 2020, bokslut 2020",),
)

BIDRAG_IF = Letter(
    sender=("Exempelby IF", "Idrottsvägen 2", "123 48 Exempelby"),
    dated="2022-03-04", recipient=(TOWN, "Kultur- och fritidsnämnden", "Box 100",
                                   "123 45 Exempelby"),
    stamp=_stamp("2022-03-07", "KFN 2022/0008-2"),
    heading="Ansökan om bidrag till sommarlovsaktiviteter 2022",
    paragraphs=(
        "Exempelby IF söker bidrag till gratis fotbollsskola för barn under sommarlovet 2022.",
        "Fotbollsskolan pågår i tre veckor i juni och juli för barn 7–12 år.",
    ),
    signature=("Med sportslig hälsning", "", "Karl Öst", "Kassör"),
)

STRANDSKYDD = Letter(
    sender=("Sjöviks samfällighet", "c/o Gun Lind", "Sjövik 1", "123 70 Exempelby"),
    dated="2021-04-09", recipient=(TOWN, "Byggnadsnämnden", "Box 100", "123 45 Exempelby"),
    stamp=_stamp("2021-04-12", "BN 2021/0077-1"),
    heading="Ansökan om strandskyddsdispens för brygga, Sjövik 1:4",
    paragraphs=(
        "Sjöviks samfällighet ansöker om dispens från strandskyddet för att ersätta den gamla "
        "bryggan på Sjövik 1:4 med en ny brygga på samma plats.",
    ),
    signature=("Gun Lind", "Sjöviks samfällighet"),
)

CYKELVAG = Letter(
    sender=("Anders Holm", "Storgatan 30", "123 45 Exempelby"),
    dated="2021-10-02", recipient=(TOWN,),
    heading="Cykelväg längs Storgatan",
    paragraphs=("Jag stöder förslaget. Barnen behöver en säker väg till skolan.",),
    signature=("Anders Holm",),
)

STORGATAN = Letter(  # cycle path or street lights? The registrar decides.
    sender=("Anders Holm", "Storgatan 30", "123 45 Exempelby"),
    dated="2021-10-02", recipient=(TOWN,),
    heading="Synpunkter om Storgatan",
    paragraphs=(
        "Jag har hört att kommunen utreder en cykelväg längs Storgatan. Det vore bra, men glöm "
        "inte belysningen.",
        "Det är mörkt på kvällarna.",
    ),
    signature=("Anders Holm",),
)

BULLER_IGEN = Letter(  # the right case, but nothing in it says so for certain
    sender=("Lars Pettersson", "Industrigatan 7", "123 49 Exempelby"),
    dated="2022-05-10", recipient=(TOWN,),
    heading="Bullret fortsätter",
    paragraphs=("Trots föreläggandet hörs verkstaden fortfarande på kvällarna. Jag ber er "
                "återkomma.",),
    signature=("Lars Pettersson",),
)

PROTOKOLL = Letter(
    sender=(TOWN, "Kommunstyrelsen", "Protokollsutdrag"),
    dated="2021-03-15",
    heading="§ 38 Årsredovisning 2020",
    paragraphs=(
        "Kommunstyrelsen föreslår kommunfullmäktige att godkänna årsredovisningen för 2020.",
        "Årets resultat är 23,4 miljoner kronor. Balanskravet är uppfyllt.",
    ),
    signature=("Vid protokollet", "", "Per Ek", "Justerat: Anna Holm, Erik Sand"),
)

KONFERENS = Letter(
    sender=("Skolforum Norr", "Box 55", "901 00 Umeå"),
    dated="2021-09-01", recipient=("Rektorer och förvaltningar",),
    heading="Inbjudan: nätverksträff om skolutveckling och digitalisering",
    paragraphs=(
        "Välkommen till höstens nätverksträff den 14 oktober. Vi samtalar om hur skolor "
        "arbetar med utveckling och digitala verktyg i undervisningen.",
        "Anmälan senast 30 september på vår webbplats.",
    ),
    signature=("Hälsningar", "Skolforum Norr"),
)

REKLAM = Letter(
    sender=("Kontorsbolaget", "Kundtjänst 0771-00 00 00"),
    dated="2022-05-02",
    heading="Vårens bästa erbjudanden!",
    paragraphs=(
        "Just nu: 30 % rabatt på pärmar, pennor och skrivarpapper. Fri frakt över 500 kronor.",
        "Beställ senast fredag så levererar vi nästa vecka.",
    ),
    signature=("Kontorsbolaget",),
)
