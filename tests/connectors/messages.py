"""Fifty varied messages built with Python's email package: the shapes an intake mailbox sees."""

from __future__ import annotations

import email
import email.policy
import io
import re
import zipfile
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.header import Header
from email.message import EmailMessage, Message
from email.mime.text import MIMEText
from email.utils import format_datetime, formataddr, make_msgid
from pathlib import Path

from PIL import Image

from tests.conftest import make_pdf

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "mail"
CET = timezone(timedelta(hours=1))


@dataclass
class Sent:
    """A message as delivered, with what the intake must find in it."""

    data: bytes
    message_id: str | None
    subject: str
    sender: str
    kind: str


def tiff_page(text_seed: int) -> bytes:
    image = Image.new("L", (200, 100), 255)
    for x in range(20, 180):
        image.putpixel((x, 40 + text_seed % 20), 0)
    out = io.BytesIO()
    image.save(out, format="TIFF", compression="tiff_lzw")
    return out.getvalue()


def _base(n: int, subject: str, sender: str, kind: str) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "diariet@exempelby.se"
    msg["Subject"] = subject
    when = datetime(2012, 1, 1, 9, 0, tzinfo=CET) + timedelta(days=37 * n, minutes=n)
    msg["Date"] = format_datetime(when)
    msg["Message-ID"] = make_msgid(f"{kind}{n}", domain="exempelby.se")
    return msg


def plain(n: int) -> EmailMessage:
    msg = _base(n, f"Yttrande över detaljplan för Tegelviken {n}:14 – åäö ÅÄÖ",
                "Karin Lundström <karin.lundstrom@exempelby.se>", "plain")
    msg.set_content(f"Hej!\n\nHär kommer yttrandet i ärende KS 2021/{n:04d}.\n\nMvh Karin")
    return msg


def with_pdf(n: int) -> EmailMessage:
    msg = _base(n, f"Beslut KS 2019/{n:04d}", "Per Ek <per.ek@exempelby.se>", "pdf")
    msg.set_content("Se bifogat beslut.")
    msg.add_attachment(make_pdf([f"Beslut i KS 2019/{n:04d}", "Kommunstyrelsen"]),
                       maintype="application", subtype="pdf",
                       filename=f"Beslut om bygglov – Kvarnbäcken {n}.pdf")  # RFC 2231 name
    return msg


def forwarded(n: int) -> EmailMessage:
    inner = _base(n, f"Ansökan om bygglov BN 2014/{n:04d}", "Bergström Bygg AB <info@bergstrom.example>",
                  "inner")
    inner.set_content("Vi ansöker härmed om bygglov.")
    msg = _base(n, f"VB: Ansökan om bygglov BN 2014/{n:04d}",
                "Eva Sten <eva.sten@exempelby.se>", "fwd")
    msg.set_content("Hittade denna i min inkorg, hör till ärendet.")
    msg.add_attachment(inner, filename="Ansökan.eml")  # message/rfc822
    return msg


def printer(n: int) -> EmailMessage:
    msg = _base(n, "Skannat dokument", "Skrivare plan 3 <scan-plan3@print.exempelby.se>",
                "scan")
    msg["X-Mailer"] = "Scan-to-Email"
    msg.set_content("")
    if n % 2:
        msg.add_attachment(tiff_page(n), maintype="image", subtype="tiff",
                           filename=f"SCAN_{20240101 + n}_{n:03d}.tif")
    else:
        msg.add_attachment(make_pdf([f"Protokoll BN 2016/{n:04d}"]), maintype="application",
                           subtype="pdf", filename=f"doc{n:05d}.pdf")
    return msg


def encoded_latin1(n: int) -> Message:
    """An older client: ISO-8859-1 encoded words in From and Subject (compat32 API)."""
    msg = MIMEText("Svar nedan.\n\n> Tidigare text om förrådet", "plain", "iso-8859-1")
    msg["From"] = formataddr(("Åsa Öberg", "asa.oberg@exempelby.se"), charset="iso-8859-1")
    msg["To"] = "diariet@exempelby.se"
    msg["Subject"] = Header(f"SV: Ärende KS 2015/{n:04d} gäller förråd", "iso-8859-1")
    msg["Date"] = "Tue, 14 Jun 2011 08:12:00 +0200"
    msg["Message-ID"] = make_msgid(f"latin1{n}", domain="exempelby.se")
    return msg


def html_with_logo(n: int) -> EmailMessage:
    msg = _base(n, f"Delårsrapport {2010 + n % 10}", "Ekonomi <ekonomi@exempelby.se>", "html")
    msg.set_content("Delårsrapporten bifogas.")
    msg.add_alternative("<p>Delårsrapporten <b>bifogas</b>.</p><img src='cid:logo'>",
                        subtype="html")
    logo = io.BytesIO()
    Image.new("RGB", (40, 20), (0, 80, 160)).save(logo, format="PNG")
    msg.get_payload()[1].add_related(logo.getvalue(), "image", "png", cid="<logo>")
    return msg


def zipped(n: int) -> EmailMessage:
    msg = _base(n, f"Handlingar KS 2013/{n:04d}", "Nils Holm <nils.holm@exempelby.se>", "zip")
    msg.set_content("Alla handlingar i en zip.")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("bilaga 1.pdf", make_pdf([f"KS 2013/{n:04d}-1"]))
        archive.writestr("bilaga 2.txt", "Anteckning")
    msg.add_attachment(buffer.getvalue(), maintype="application", subtype="zip",
                       filename="handlingar.zip")
    return msg


def no_message_id(n: int) -> EmailMessage:
    msg = _base(n, f"Kopia av protokoll {n}", "Gamla skannern <scanner@exempelby.se>", "noid")
    del msg["Message-ID"]
    msg.set_content("Kopia.")
    return msg


def english_reply(n: int) -> EmailMessage:
    msg = _base(n, f"RE: Planning permission KS 2018/{n:04d}",
                "John Smith <john.smith@partner.example>", "en")
    msg.set_content("Thanks, please find our comments below.")
    return msg


BUILDERS = (plain, with_pdf, forwarded, printer, encoded_latin1, html_with_logo, zipped,
            no_message_id, english_reply)


def sample_files() -> list[Path]:
    return sorted(SAMPLES.glob("*.eml"))


def fifty() -> list[Sent]:
    """Fifty messages: the hand-written samples, then generated shapes round-robin."""
    sent = [_sent(path.read_bytes(), f"sample:{path.stem}") for path in sample_files()]
    n = 0
    while len(sent) < 50:
        builder = BUILDERS[n % len(BUILDERS)]
        sent.append(_sent(builder(n).as_bytes(), builder.__name__))
        n += 1
    return sent


def _sent(data: bytes, kind: str) -> Sent:
    """Expectations read with the standard library's modern parser, not the connector's code."""
    data = re.sub(rb"\r?\n", b"\r\n", data)  # on the wire and in a mailbox: CRLF
    msg = email.message_from_bytes(data, policy=email.policy.default)
    sender = msg["From"].addresses[0].addr_spec.lower() if msg["From"] else ""
    message_id = str(msg["Message-ID"]).strip() if msg["Message-ID"] else None
    return Sent(data, message_id, str(msg["Subject"] or ""), sender, kind)
