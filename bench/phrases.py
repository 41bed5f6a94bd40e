"""Sentence pools for the letters, by genre; placeholders are filled by bench.texts."""

from __future__ import annotations

# Sentences that need {prop} are only used when the case concerns a property.
PROPERTY = (
    "Ärendet avser fastigheten {prop}.",
    "Fastigheten {prop} ligger inom område som omfattas av gällande detaljplan.",
    "Enligt kartunderlaget gränsar {prop} mot allmän platsmark.",
    "Ett platsbesök har gjorts på {prop} i samband med handläggningen.",
    "Åtgärden på {prop} bedöms inte påverka riksintressen.",
)

GENERIC = (
    "Handlingarna har granskats och bedöms vara tillräckliga för att pröva ärendet.",
    "Vi ber er återkomma om något är oklart eller om ytterligare uppgifter behövs.",
    "Underlaget har stämts av med berörda förvaltningar.",
    "Frågan har tidigare behandlats i samband med budgetarbetet för {year}.",
    "Samråd har skett med {counterpart}.",
    "Kommunens bedömning grundar sig på de uppgifter som har lämnats i ärendet.",
    "Det är angeläget att ärendet kan avslutas under {year_next}.",
    "Kostnaden beräknas till {amount}.",
)

INCOMING_OPEN = (
    "Härmed översänds {description_lc} som avser {subject}.",
    "Vi vill härmed lämna {description_lc} gällande {subject}.",
    "Med anledning av ärendet om {subject} lämnar {counterpart} följande.",
    "Hänvisning görs till er skrivelse angående {subject}.",
)
INCOMING_BODY = (
    "Vi har tagit del av underlaget och har i huvudsak inga invändningar.",
    "Handlingarna har granskats och vi önskar framföra några synpunkter.",
    "Det är viktigt att dagvattenfrågan utreds innan ärendet avgörs.",
    "Bifogat finns de handlingar som efterfrågades i er begäran.",
    "Vi bedömer att åtgärden inte påverkar allmänna intressen i någon betydande omfattning.",
    "Vår bedömning är att förslaget i stort är väl genomarbetat.",
    "Vi vill särskilt framhålla behovet av en trafiksäker lösning för gående och cyklister.",
)
INCOMING_CLOSE = (
    "Vi ser fram emot ert besked.",
    "Ytterligare upplysningar lämnas gärna av undertecknad.",
    "Tack på förhand för en snabb handläggning.",
)

OUTGOING_OPEN = (
    "{board} har tagit emot er handling och lämnar härmed {description_lc}.",
    "Med anledning av ärendet om {subject} vill vi meddela följande.",
    "Ni har tidigare varit i kontakt med oss angående {subject}.",
    "Härmed översänds {description_lc} i ärendet om {subject}.",
)
OUTGOING_BODY = (
    "Ärendet handläggs av {handler}, som kan nås via kommunens växel.",
    "Vi behöver de kompletterande uppgifterna senast {deadline} för att kunna gå vidare.",
    "Om uppgifterna inte kommer in i tid kan ärendet komma att avgöras i befintligt skick.",
    "Kommunen har inga ytterligare synpunkter utöver det som framgår ovan.",
    "Kommunen ställer sig positiv till förslaget i dess helhet.",
)
OUTGOING_CLOSE = ("Har ni frågor är ni välkomna att kontakta oss.",)

# A memo is a sequence of headed sections; each heading is followed by its sentences.
MEMO_SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Sammanfattning", (
        "Förvaltningen har utrett ärendet om {subject} och redovisar här sin bedömning.",
        "Ärendet gäller {subject}.",
    )),
    ("Förslag till beslut", (
        "{board} föreslås besluta att godkänna förvaltningens förslag.",
        "{board} föreslås besluta att lägga redovisningen till handlingarna.",
    )),
    ("Bakgrund", (
        "Ärendet inleddes den {opened} när {applicant} kom in med en skrivelse.",
        "Frågan har väckts av {applicant} och har beretts av förvaltningen.",
    )),
    ("Bedömning", (
        "Förvaltningen bedömer att förutsättningarna för ett positivt beslut är uppfyllda.",
        "Förvaltningen gör bedömningen att ärendet bör avslutas utan vidare åtgärd.",
    )),
    ("Ekonomiska konsekvenser", (
        "Förslaget bedöms rymmas inom befintlig budgetram, cirka {amount}.",
    )),
)

DECISION = (
    "{board} beslutar att bevilja ansökan om {subject_plain}.",
    "{board} beslutar i enlighet med förvaltningens förslag.",
    "Beslutet har fattats med stöd av delegation från {board_lc}.",
)
DECISION_REASONS = (
    "Skäl för beslutet: åtgärden bedöms uppfylla kraven i gällande lagstiftning.",
    "Skäl för beslutet: förvaltningen har inte funnit några hinder mot åtgärden.",
)
APPEAL = (
    "Hur man överklagar: beslutet kan överklagas till Länsstyrelsen i Västra Götalands län. "
    "Överklagandet ska ha kommit in till kommunen inom tre veckor från den dag ni fick del "
    "av beslutet."
)

PROTOCOL_DECISION = (
    "{issuer} beslutar att godkänna förslaget i ärendet om {subject}.",
    "{issuer} beslutar att återremittera ärendet om {subject} till förvaltningen.",
    "{issuer} beslutar att anta förslaget och uppdrar åt förvaltningen att verkställa beslutet.",
)

NOTICE = (
    "{board} har den {date} tagit upp ärendet om {subject}.",
    "Ni underrättas i egenskap av sakägare om ärendet om {subject}.",
    "Handlingarna finns tillgängliga i kommunhusets reception och på kommunens webbplats.",
    "Eventuella synpunkter ska ha kommit in skriftligen senast {deadline}.",
)

CONTRACT = (
    "§ 1 Parter. Mellan Exempelby kommun, genom {board_lc}, och {counterpart} har följande "
    "avtal träffats.",
    "§ 2 Omfattning. Avtalet avser {subject}.",
    "§ 3 Ersättning. Ersättningen uppgår till {amount} exklusive mervärdesskatt.",
    "§ 4 Giltighet. Avtalet gäller från den {date} till och med den 31 december {year_next}.",
    "§ 5 Tvist. Tvist med anledning av avtalet ska avgöras av allmän domstol.",
)

RECEIPT = (
    "Jag har tagit del av beslutet i ärendet om {subject}.",
    "Kvittot ska skrivas under och skickas tillbaka till {board_lc} snarast.",
)

REPORT_SECTIONS = ("Inledning", "Uppdrag och mål", "Resultat", "Ekonomi", "Framåtblick")
REPORT = (
    "Rapporten beskriver {subject} och bygger på uppgifter per den {date}.",
    "Verksamheten har i huvudsak bedrivits enligt plan under {year}.",
    "Det ekonomiska utfallet visar ett överskott om {amount} jämfört med budget.",
    "Målen för perioden bedöms delvis vara uppfyllda.",
    "Inför kommande period behöver arbetet med kompetensförsörjning prioriteras.",
)

TITLES_BY_BOARD = {
    "BN": "Bygglovshandläggare", "MBN": "Miljöinspektör", "SBN": "Bygglovshandläggare",
    "KS": "Kommunsekreterare", "UN": "Utredare", "SN": "Socialsekreterare",
    "KFN": "Kultursekreterare", "TN": "Gatuingenjör",
}
