"""Plans the intake folder: which copy arrives in which form and name, and which are duplicates."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bench import vocab
from bench.degrade import ScanJob
from bench.filenames import eml_name, pdf_name, sanitise, scan_name, unique
from bench.mail import CET, NOTES, Forward, Original
from bench.sources import Source
from bench.swedish import email_address, org_domain
from bench.texts import lower_first

SCAN_FORMATS = {"pdf": 55, "jpg": 15, "png": 10, "tif": 20}
BILEVEL_SHARE = {"pdf": 0.2, "jpg": 0.0, "png": 0.3, "tif": 0.7}
INTAKE_ADDRESS = f"Diariet återställning <aterstallning@{vocab.MAIL_DOMAIN}>"


@dataclass
class Entry:
    """One file of the intake folder, and what the truth says about it."""

    file: str
    form: str  # text_pdf | scan | email
    source: Source
    duplicate_of: str | None = None
    duplicate_kind: str | None = None  # exact | near
    data: bytes = b""
    scan: ScanJob | None = None  # the scan to make: the file itself, or an e-mail's attachment
    forward: Forward | None = None
    attachment: str | None = None
    with_html: bool = False
    as_attachment: bool = False  # forwarded as an attachment (message/rfc822), not inline
    copy_of: Entry | None = field(default=None, repr=False)


def scan_moment(rng: random.Random) -> datetime:
    """When someone scanned or forwarded it: during the recovery, in office hours."""
    day = datetime(2025, 2, 3, tzinfo=CET) + timedelta(days=rng.randint(0, 54))
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day.replace(hour=rng.randint(8, 16), minute=rng.randint(0, 59),
                       second=rng.randint(0, 59))


def scan_job(rng: random.Random, fmt: str | None = None,
             when: datetime | None = None) -> ScanJob:
    """How a copy is scanned; the PDF to scan is filled in once it is rendered."""
    fmt = fmt or rng.choices(list(SCAN_FORMATS), list(SCAN_FORMATS.values()))[0]
    dpi = rng.choices((200, 240, 300), (75, 15, 10))[0]
    bilevel = rng.random() < BILEVEL_SHARE[fmt]
    return ScanJob(b"", rng.getrandbits(63), dpi, fmt, bilevel, when or scan_moment(rng))


def document_name(rng: random.Random, source: Source) -> str:
    if source.case is None or source.doc is None:
        return sanitise(source.letter.heading, 50) + ".pdf"
    return pdf_name(rng, source.case, source.doc, source.number is not None)


def address(name: str) -> str:
    """'Name <address>' for a person, firm or the municipality's own staff."""
    if name in vocab.AUTHORITIES or " AB" in name or name.endswith(("HB", "kommun")):
        return f"{name} <info@{org_domain(name)}>"
    return f"{name} <{email_address(name.split(' (')[0], 'example.net')}>"


class IntakePlanner:
    """Decides the form and name of each copy; the bytes are made afterwards."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.taken: set[str] = set()
        self.counter = rng.randint(1, 400)
        self.staff = [f"{rng.choice(vocab.FIRST_NAMES)} {rng.choice(vocab.SURNAMES)}"
                      for _ in range(15)]

    def name(self, wanted: str) -> str:
        return unique(wanted, self.taken)

    def as_text_pdf(self, source: Source) -> Entry:
        name = self.name(document_name(self.rng, source))
        return Entry(name, "text_pdf", source)

    def as_scan(self, source: Source) -> Entry:
        moment = scan_moment(self.rng)
        job = scan_job(self.rng, when=moment)
        self.counter += self.rng.randint(1, 9)
        name = self.name(scan_name(self.rng, moment, self.counter, job.fmt))
        return Entry(name, "scan", source, scan=job)

    def as_email(self, source: Source, scanned: bool | None = None) -> Entry:
        """A forward of the document, as a text PDF or (`scanned`) as a scanned PDF."""
        rng = self.rng
        scanned = rng.random() < 0.2 if scanned is None else scanned
        moment = scan_moment(rng)
        attach_name = (scan_name(rng, moment, rng.randint(1, 999), "pdf") if scanned
                       else document_name(rng, source))
        forward = Forward(
            forwarder=self.forwarder(), intake=INTAKE_ADDRESS, when=scan_moment(rng),
            note=rng.choice(NOTES).format(subject=lower_first(source.letter.heading)),
            original=self.original(source), attachment=b"", attachment_name=attach_name,
        )
        entry = Entry(self.name(eml_name(rng, forward.original.subject)), "email", source,
                      forward=forward, attachment=attach_name, with_html=rng.random() < 0.5)
        entry.scan = scan_job(rng, "pdf", moment) if scanned else None
        return entry

    def forwarder(self) -> str:
        return self.staff_address(self.rng.choice(self.staff))

    def staff_address(self, name: str) -> str:
        return f"{name} <{email_address(name, vocab.MAIL_DOMAIN)}>"

    def original(self, source: Source) -> Original:
        """The message that first carried the document."""
        rng, letter = self.rng, source.letter
        sent = datetime.combine(letter.dated, datetime.min.time(), CET).replace(
            hour=rng.randint(7, 17), minute=rng.randint(0, 59))
        handler = self.staff_address(source.case.handler if source.case else rng.choice(self.staff))
        if source.doc is not None and source.doc.direction == "incoming":
            sender, recipient = address(source.doc.counterpart), handler
        else:
            sender, recipient = handler, self.staff_address(rng.choice(self.staff))
        text = (f"Hej,\n\nBifogar {lower_first(letter.heading)}.\n\n"
                f"Med vänlig hälsning\n{letter.author}")
        return Original(sender, recipient, self.subject(source), sent, text)

    def subject(self, source: Source) -> str:
        rng = self.rng
        if source.case is None or source.doc is None:
            return source.letter.heading
        title = source.case.title
        subject = rng.choice((title, title, f"{source.doc.description} – {title}", f"SV: {title}",
                              source.doc.description))
        if source.number and rng.random() < 0.3:
            subject = f"{subject} (dnr {source.number})"
        return subject


def with_attachment(forward: Forward, data: bytes) -> Forward:
    return Forward(forward.forwarder, forward.intake, forward.when, forward.note,
                   forward.original, data, forward.attachment_name)
