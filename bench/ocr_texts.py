"""What the benchmark's municipal pages say: boards, subjects, sentences, names (fictional)."""

BOARDS = [
    ("Kommunstyrelsen", "KS"),
    ("Byggnadsnämnden", "BN"),
    ("Miljö- och hälsoskyddsnämnden", "MHN"),
    ("Socialnämnden", "SN"),
    ("Utbildningsnämnden", "UN"),
    ("Kommunfullmäktige", "KF"),
]
SUBJECTS = [
    "Detaljplan för Tegelviken {p}",
    "Överklagande av beslut om bygglov för Ängsbacken {p}",
    "Ansökan om strandskyddsdispens, Östra Åkern {p}",
    "Yttrande över remiss om Ärlegatans förskola",
    "Äskande om medel för ombyggnad av Åsens skola",
    "Föreläggande om åtgärder vid Öregrund {p}",
    "Årsredovisning och revisionsberättelse för bolaget",
    "Delegationsbeslut om färdtjänst och riksfärdtjänst",
]
SENTENCES = [
    "Ärendet har beretts av förvaltningen i samråd med berörda sakägare.",
    "Åtgärden bedöms inte medföra betydande miljöpåverkan enligt 6 kap. miljöbalken.",
    "Översiktsplanen anger området som lämpligt för bostäder och förskola.",
    "Ägaren till fastigheten har beretts tillfälle att yttra sig över förslaget.",
    "Nämnden föreslås godkänna förvaltningens yttrande och översända det till länsstyrelsen.",
    "Kostnaden för åtgärden beräknas till {kr} kronor och ryms inom budgeten för {year}.",
    "Äldre beslut i frågan, se {board_code} § {para2}, upphävs i och med detta beslut.",
    "Öppet sammanträde hölls i Stadshuset, sal Örnen, klockan 13.00–16.30.",
    "Beslutet kan överklagas till förvaltningsrätten inom tre veckor från delgivning.",
    "Yrkanden: Anna Öberg (S) och Åsa Ängström (M) yrkar bifall till förslaget.",
    "Samhällsbyggnadsförvaltningen har i tjänsteskrivelse daterad {date2} redovisat ärendet.",
    "Ärendet återremitterades den {date2} för kompletterande utredning av dagvattnet.",
]
PEOPLE = ["Karin Lund", "Örjan Åberg", "Åke Östlund", "Märta Ekström", "Per Sjögren", "Lena Ärlig"]
MONTHS = "januari februari mars april maj juni juli augusti september oktober november december"
