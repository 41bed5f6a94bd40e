"""The copies that come home in the demo, each with who sent it and how: mailed PDFs, a forwarded
email with its attachment, printer scans (one page, a near-duplicate of a mailed letter, and a
batch of two documents to split), a phone photo from chat, and things that are no record."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage

from bot.demo import letters as L
from bot.demo.paper import letter_pdf, scan_image, scan_pdf

DOMAIN = "exempelby.se"
PRINTER = f"skrivare-plan2@{DOMAIN}"


@dataclass(frozen=True)
class Copy:
    """One file as it arrives: its name, the channel and who sent it, and how it is made."""

    filename: str
    channel: str  # demo:mail | demo:scan | demo:chat — local, so no receipts are mailed
    submitter: str
    make: Callable[[], bytes]


FORWARD_BODY = """Hej!

Hittade det här i min inkorg när jag städade, det hör väl till upphandlingen av skolskjutsar.

/Maria

---------- Vidarebefordrat meddelande ----------
Från: Stina Nord <stina.nord@resbolagetnord.se>
Datum: 4 november 2019 09:12
Ämne: Anbud skolskjutsar 2020–2023, UN 2019/0789
Till: Utbildningsnämnden <utbildning@exempelby.se>

Hej,

Här kommer Resbolaget Nord AB:s anbud i upphandlingen av skolskjutsar 2020–2023.

Med vänlig hälsning
Stina Nord
Resbolaget Nord AB
"""


def forwarded_email() -> bytes:
    """A registrar forwarding an old mail with its PDF attachment to the intake address."""
    message = EmailMessage()
    message["From"] = f"Maria Lind <maria.lind@{DOMAIN}>"
    message["To"] = f"diariebot@{DOMAIN}"
    message["Subject"] = "VB: Anbud skolskjutsar 2020–2023, UN 2019/0789"
    message["Date"] = "Tue, 15 Mar 2022 14:05:00 +0100"
    message["Message-ID"] = f"<demo-forward-1@{DOMAIN}>"
    message.set_content(FORWARD_BODY)
    message.add_attachment(letter_pdf(L.ANBUD), maintype="application", subtype="pdf",
                           filename="Anbud Resbolaget Nord.pdf")
    message.set_boundary("==demo-forward-1==")  # not random: the same bytes every time
    return message.as_bytes()


COPIES: tuple[Copy, ...] = (
    Copy("Yttrande detaljplan Hamnen.pdf", "demo:mail", f"karin.lund@{DOMAIN}",
         lambda: letter_pdf(L.YTTRANDE)),
    Copy("Beslut bygglov Tegelviken 3-14.pdf", "demo:mail", f"eva.sten@{DOMAIN}",
         lambda: letter_pdf(L.BYGGLOV)),
    Copy("VB Anbud skolskjutsar.eml", "demo:mail", f"maria.lind@{DOMAIN}", forwarded_email),
    Copy("Hamnkrogen komplettering.pdf", "demo:mail", f"olof.strand@{DOMAIN}",
         lambda: letter_pdf(L.HAMNKROGEN_5)),
    Copy("Hamnkrogen uppgifter.pdf", "demo:mail", f"olof.strand@{DOMAIN}",
         lambda: letter_pdf(L.HAMNKROGEN_4)),
    Copy("Cykelväg.pdf", "demo:mail", f"lena.holm@{DOMAIN}", lambda: letter_pdf(L.CYKELVAG)),
    Copy("Synpunkter Storgatan.pdf", "demo:mail", f"lena.holm@{DOMAIN}",
         lambda: letter_pdf(L.STORGATAN)),
    Copy("Bullret fortsätter.pdf", "demo:mail", f"sara.nystrom@{DOMAIN}",
         lambda: letter_pdf(L.BULLER_IGEN)),
    Copy("Protokollsutdrag.pdf", "demo:mail", f"per.ek@{DOMAIN}",
         lambda: letter_pdf(L.PROTOKOLL)),
    Copy("Inbjudan nätverksträff.pdf", "demo:mail", f"maria.lind@{DOMAIN}",
         lambda: letter_pdf(L.KONFERENS)),
    Copy("Erbjudande.pdf", "demo:mail", f"johan.berg@{DOMAIN}", lambda: letter_pdf(L.REKLAM)),
    Copy("skanning-0001.png", "demo:scan", PRINTER,
         lambda: scan_image(letter_pdf(L.BULLER), seed=1)),
    Copy("skanning-0002.pdf", "demo:scan", PRINTER,
         lambda: scan_pdf(letter_pdf(L.BYGGLOV), seed=2)),
    Copy("skanning-0003.pdf", "demo:scan", PRINTER,
         lambda: scan_pdf(letter_pdf(L.BIDRAG_FORENING, L.BIDRAG_IF), seed=3)),
    Copy("IMG_2041.jpg", "demo:chat", f"gun.lind@{DOMAIN}",
         lambda: scan_image(letter_pdf(L.STRANDSKYDD), seed=4, format="JPEG")),
)
