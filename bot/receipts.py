"""Receipts to submitters, in Swedish: what arrived and what was found in it, and later that a
registrar confirmed it. Recorded first, then sent through the SMTP relay, batched, and never to
auto-generated mail (RFC 3834), so the bot never answers itself or another robot."""

from __future__ import annotations

import email.message
import email.utils
import logging
import re
import smtplib
import ssl
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import ColumnElement, and_, exists, or_, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from bot.context import Context
from bot.db import session_scope
from bot.logos import TEXT as LOGO_TEXT
from bot.models import Case, Decision, Item, Proposal, Receipt, RegistryDocument, Submission, utcnow
from bot.policy import headers_of, is_local, is_quarantined, sender_address
from bot.settings import Settings
from bot.sniff import EMAIL, MSG
from bot.states import CONFIRMED, DUPLICATE, FAILED, QUEUED, REJECTED, SKIPPED, WORKABLE

log = logging.getLogger(__name__)
LOGO_REASONS = tuple(text.split("{")[0] for text in LOGO_TEXT.values())  # their fixed starts
RECEIVED, CONFIRMED_KIND = "received", "confirmed"
PENDING, SENT, RECORDED, SUPPRESSED, GAVE_UP = "pending", "sent", "recorded", "suppressed", "failed"
MARKER = "X-Diariebot-Receipt"
BATCH = 200  # submissions looked at per call: keeps each call short
MAX_ATTEMPTS = 8
CLAIM = timedelta(minutes=5)  # a sender's hold on rows it is sending
NO_REPLY = re.compile(r"^(mailer-daemon|postmaster|no-?reply|do-?not-?reply|bounces?)([+.-]|$)")
ADDRESS = re.compile(r"^[^@\s<>,;\"]+@[^@\s<>,;\"]+\.[^@\s<>,;\"]+$")

# User-facing text, Swedish first: one table so the project's translation layer can take it over.
TEXT = {
    "subject_received": "Mottaget: {subject}",
    "subject_confirmed": "Registrerat i diariet: {n} handling(ar)",
    "greeting": "Hej!",
    "received": "Vi har tagit emot ditt meddelande ”{subject}” ({when}).",
    "found": "{documents}; {cases}.",
    "nothing_found": "{documents}; inget diarienummer hittades ännu – en registrator tittar "
                     "på dem.",
    "no_documents": "Vi hittade inga handlingar i meddelandet. Bifoga filerna, eller "
                    "vidarebefordra det ursprungliga meddelandet, och skicka igen.",
    "duplicates": "{n} fil(er) fanns redan hos oss och räknas inte igen.",
    "logos": "{n} bild(er) var logotyper eller signaturer och hoppades över.",
    "skipped": "{n} fil(er) hoppades över:",
    "failed": "{n} fil(er) kunde inte läsas:",
    "next": "En registrator går igenom förslagen. Du får ett nytt meddelande när handlingarna "
            "har registrerats.",
    "confirmed_intro": "Följande handlingar som du skickat in har nu registrerats i diariet:",
    "confirmed_line": "- {label}: {target}",
    "signature": "Med vänlig hälsning\ndiariebot",
    "auto": "Detta är ett automatiskt svar; svara inte på det. / "
            "This is an automatic reply; please do not answer it.",
    "english_received": "In English: we received your message \"{subject}\": {documents} "
                        "document(s), {matched} with a case number found, {failed} unreadable.",
    "english_confirmed": "In English: {n} document(s) you sent have been registered.",
    "why_local": "inlämnat lokalt, inte med e-post / submitted locally, not by email",
    "why_not_mail": "inte ett e-postmeddelande / not an email",
    "why_quarantined": "avsändaren är i karantän / the sender is quarantined",
    "why_no_address": "ingen giltig avsändaradress / no valid sender address",
    "why_own": "meddelandet kom från diariebot själv / the message came from diariebot itself",
    "why_undone": "bekräftelsen ångrades / the confirmation was undone",
    "why_relay": "ingen SMTP-relä inställd / no SMTP relay configured",
    "check_from": "receipt_from saknas eller är ingen e-postadress / "
                  "receipt_from is missing or not an email address",
    "check_relay": "kvittoreläet {where} svarar inte ({error}) / "
                   "the receipt relay {where} does not answer ({error})",
    "check_tls": "STARTTLS mot kvittoreläet {where} misslyckades ({error}) / "
                 "STARTTLS with the receipt relay {where} failed ({error})",
}


def _sv(text: str | None) -> str:
    """The Swedish half of a "svenska / English" text."""
    return (text or "").split(" / ", 1)[0]


# --- who may get a receipt ------------------------------------------------------------------


def auto_generated(headers: email.message.Message, own_address: str = "") -> str | None:
    """Why a message must not be answered (RFC 3834 and common practice), or None."""
    def value(name: str) -> str:
        return " ".join(str(headers.get(name) or "").split()).lower()

    sender = sender_address(headers) or ""
    checks = (
        (value("auto-submitted").split(";")[0].strip() not in ("", "no"), "Auto-Submitted"),
        (value("precedence") in ("bulk", "list", "junk", "auto_reply"), "Precedence"),
        (bool(value("x-auto-response-suppress")), "X-Auto-Response-Suppress"),
        (bool(value("list-id") or value("list-unsubscribe")), "List-Id"),
        (value("return-path") == "<>", "Return-Path <>"),
        (bool(NO_REPLY.match(sender.split("@")[0])), "mailer-daemon/postmaster/noreply"),
        (bool(value(MARKER)), MARKER),
        (headers.get_content_type() == "multipart/report", "multipart/report"),
    )
    reason = next((name for hit, name in checks if hit), None)
    if reason is None and own_address and sender == own_address.strip().lower():
        return TEXT["why_own"]
    if reason is None:
        return None
    return f"automatiskt meddelande ({reason}) / auto-generated message ({reason})"


def addressee(settings: Settings, submission: Submission, top: Item,
              data: bytes | None) -> tuple[str | None, str | None]:
    """(address to answer, None) or (None, why no receipt is sent)."""
    if is_local(submission.channel):
        return None, TEXT["why_local"]
    if top.media_type != EMAIL or data is None:
        return None, TEXT["why_not_mail"]
    if is_quarantined(top):
        return None, TEXT["why_quarantined"]
    headers = headers_of(data)
    auto = auto_generated(headers, settings.receipt_from)
    if auto:
        return None, auto
    address = sender_address(headers) or (submission.submitter or "").strip().lower()
    return (address, None) if ADDRESS.match(address) else (None, TEXT["why_no_address"])


# --- what a submission held -----------------------------------------------------------------


@dataclass
class Summary:
    """A finished submission, as its receipt tells it."""

    documents: list[tuple[str, str | None]] = field(default_factory=list)  # (label, case)
    duplicates: int = 0
    logos: int = 0  # logos and signature images, and copies of them: counted, not listed
    skipped: list[tuple[str, str]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)

    def cases(self) -> dict[str, int]:
        counts: dict[str, int] = defaultdict(int)
        for _, case in self.documents:
            if case:
                counts[case] += 1
        return dict(sorted(counts.items(), key=lambda kv: -kv[1]))


def label(item: Item) -> str:
    """How the submitter knows an item: an email by its subject and date, a file by its name."""
    subject = item.meta.get("subject")
    if item.meta.get("kind") == "email" and subject:
        when = str(item.meta.get("original_date") or item.meta.get("date") or "")[:10]
        return f"”{subject}”" + (f" ({when})" if when else "")
    return item.filename


def summarise(session: Session, submission_id: int) -> Summary:
    summary = Summary()
    items = session.exec(select(Item).where(Item.submission_id == submission_id)
                         .order_by(col(Item.id))).all()
    for item in items:
        if _is_wrapper(item):
            continue
        if _is_logo(session, item):
            summary.logos += 1
        elif item.state in (QUEUED, CONFIRMED, REJECTED):
            summary.documents.append((label(item), _found_case(session, item)))
        elif item.state == DUPLICATE:
            summary.duplicates += 1
        elif item.state == SKIPPED:
            summary.skipped.append((label(item), item.state_reason or ""))
        elif item.state == FAILED:
            summary.failed.append((label(item), item.state_reason or ""))
    return summary


def _is_logo(session: Session, item: Item) -> bool:
    """Skipped as a logo, or a copy of something skipped (a signature in every mail)."""
    if item.state == DUPLICATE and item.duplicate_of is not None:
        original = session.get(Item, item.duplicate_of)
        return original is not None and original.state == SKIPPED
    return item.state == SKIPPED and (item.state_reason or "").startswith(LOGO_REASONS)


def _is_wrapper(item: Item) -> bool:
    """The mail the employee wrote to the bot, an archive, or a forward with no text of its
    own: containers of documents, not documents."""
    if item.parent_id is None and item.media_type in (EMAIL, MSG):
        return True
    return item.state == SKIPPED and (
        item.meta.get("kind") == "archive" or bool(item.meta.get("forwarded_count"))
    )


def _found_case(session: Session, item: Item) -> str | None:
    """The case the best proposal names, when its number was seen (in the document, its name,
    subject or email) or the match is of high confidence; a guess is not called a find."""
    best = session.exec(select(Proposal).where(Proposal.item_id == item.id)
                        .order_by(col(Proposal.rank)).limit(1)).first()
    seen = best is not None and any("start" in evidence for evidence in best.evidence)
    if best is None or not (seen or best.confidence == "high"):
        return None
    case = session.get(Case, best.case_id)
    return case.case_number if case else None


def _documents(n: int) -> str:
    return f"{n} handling" if n == 1 else f"{n} handlingar"


def _found_line(summary: Summary) -> str:
    total, cases = len(summary.documents), summary.cases()
    if not cases:
        return TEXT["nothing_found"].format(documents=_documents(total))
    parts = []
    for k, (case, n) in enumerate(cases.items()):
        where = "den" if total == 1 else f"{n} av dem"
        parts.append(f"{case} hittades i {where}" if k == 0 else f"{case} i {n}")
    return TEXT["found"].format(documents=_documents(total), cases=", ".join(parts))


def render_received(summary: Summary, subject: str, when: str) -> str:
    lines = [TEXT["greeting"], "", TEXT["received"].format(subject=subject, when=when), ""]
    if summary.documents:
        lines.append(_found_line(summary))
        lines += [f"- {name}: {case or 'inget diarienummer hittat ännu'}"
                  for name, case in summary.documents]
    else:
        lines.append(TEXT["no_documents"])
    if summary.duplicates:
        lines += ["", TEXT["duplicates"].format(n=summary.duplicates)]
    if summary.logos:
        lines += ["", TEXT["logos"].format(n=summary.logos)]
    for key, entries in (("skipped", summary.skipped), ("failed", summary.failed)):
        if entries:
            lines += ["", TEXT[key].format(n=len(entries))]
            lines += [f"- {name}: {_sv(reason)}" for name, reason in entries]
    lines += ["", TEXT["next"], "", TEXT["signature"], "", "--", TEXT["auto"]]
    lines.append(TEXT["english_received"].format(
        subject=subject, documents=len(summary.documents),
        matched=sum(1 for _, case in summary.documents if case), failed=len(summary.failed)))
    return "\n".join(lines) + "\n"


# --- recording ------------------------------------------------------------------------------


def _finished_without_receipt(session: Session) -> list[Submission]:
    """Submissions whose items have all left the working states and that have no receipt."""
    has_receipt = exists().where(col(Receipt.submission_id) == col(Submission.id),
                                 col(Receipt.kind) == RECEIVED)
    of_it = col(Item.submission_id) == col(Submission.id)
    working = exists().where(of_it, col(Item.state).in_(WORKABLE))
    has_items = exists().where(of_it)
    return list(session.exec(select(Submission).where(~has_receipt, ~working, has_items)
                             .order_by(col(Submission.id)).limit(BATCH)).all())


def _top(session: Session, submission_id: int) -> Item | None:
    return session.exec(select(Item).where(Item.submission_id == submission_id,
                                           col(Item.parent_id).is_(None))).first()


def _when(moment: datetime) -> str:
    """Swedish wall time: the submitter remembers when they sent it, not UTC."""
    try:
        zone: tzinfo | None = ZoneInfo("Europe/Stockholm")
    except ZoneInfoNotFoundError:
        zone = None  # no tz database: the server's own zone
    return _aware(moment).astimezone(zone).strftime("%Y-%m-%d %H:%M")


def _received_receipt(ctx: Context, session: Session, submission: Submission) -> Receipt:
    top = _top(session, submission.id or 0)
    data = ctx.blobs.get(top.sha256) if top is not None and top.media_type == EMAIL else None
    receipt = Receipt(key=f"{RECEIVED}:{submission.id}", kind=RECEIVED,
                      submission_id=submission.id or 0)
    recipient, why_not = (None, TEXT["why_not_mail"]) if top is None else addressee(
        ctx.settings, submission, top, data)
    if why_not or top is None:
        receipt.state, receipt.reason = SUPPRESSED, why_not
        return receipt
    subject = " ".join(str(top.meta.get("subject") or top.filename).split())
    receipt.recipient = recipient
    receipt.subject = TEXT["subject_received"].format(subject=subject)
    receipt.body = render_received(summarise(session, submission.id or 0), subject,
                                   _when(submission.received_at))
    return receipt


def record_receipts(ctx: Context) -> int:
    """A receipt row for every finished submission that has none yet; returns how many."""
    with session_scope(ctx.engine) as session:
        ids = [s.id for s in _finished_without_receipt(session)]
    made = 0
    for submission_id in ids:
        try:
            with session_scope(ctx.engine) as session:
                submission = session.get(Submission, submission_id)
                if submission is not None:
                    session.add(_received_receipt(ctx, session, submission))
                    made += 1
        except IntegrityError:  # another process recorded it first: fine
            continue
    return made


def notify_confirmed(session: Session, item: Item) -> None:
    """Note that a registrar confirmed `item`; the submitter hears of it in the next batch.
    Called in the registrar's transaction, after the item moved to `confirmed`."""
    key = f"{CONFIRMED_KIND}:{item.id}"
    receipt = session.exec(select(Receipt).where(Receipt.key == key)).first()
    if receipt is not None and receipt.state in (SENT, RECORDED, GAVE_UP):
        return
    receipt = receipt or Receipt(key=key, kind=CONFIRMED_KIND, submission_id=item.submission_id,
                                 item_id=item.id)
    receipt.state, receipt.reason, receipt.created_at = PENDING, None, utcnow()
    receipt.body = TEXT["confirmed_line"].format(label=label(item),
                                                 target=_filed_in(session, item))
    session.add(receipt)


def _filed_in(session: Session, item: Item) -> str:
    """ "KS 2021/0456-3": where the latest confirming decision (else the best proposal) filed it."""
    decision = session.exec(select(Decision).where(
        Decision.item_id == item.id, col(Decision.case_id).is_not(None))
        .order_by(col(Decision.id).desc()).limit(1)).first()
    target: Decision | Proposal | None = decision or session.exec(
        select(Proposal).where(Proposal.item_id == item.id).order_by(col(Proposal.rank))).first()
    case = session.get(Case, target.case_id) if target and target.case_id else None
    if target is None or case is None:
        return "diariet"
    doc = session.get(RegistryDocument, target.document_id) if target.document_id else None
    return f"{case.case_number}-{doc.doc_number}" if doc else case.case_number


# --- sending --------------------------------------------------------------------------------


def send_due_receipts(ctx: Context) -> int:
    """For the scheduler: record receipts of finished submissions, then send every receipt and
    batch of confirmation notices that is due. Returns the number of messages sent."""
    record_receipts(ctx)
    with session_scope(ctx.engine) as session:
        receipts = [(r.recipient, [r.id or 0]) for r in _due(session, RECEIVED)]
        batches = _due_confirmations(session, ctx.settings)
    return sum(_deliver(ctx, recipient, ids) for recipient, ids in receipts + batches)


def _ready(now: datetime) -> ColumnElement[bool]:
    return and_(col(Receipt.state) == PENDING,
                or_(col(Receipt.retry_at).is_(None), col(Receipt.retry_at) <= now))


def _due(session: Session, kind: str) -> list[Receipt]:
    return list(session.exec(select(Receipt).where(Receipt.kind == kind, _ready(utcnow()))
                             .order_by(col(Receipt.id)).limit(BATCH)).all())


def _due_confirmations(session: Session, settings: Settings) -> list[tuple[str | None, list[int]]]:
    """Pending notices per recipient, once the oldest has waited `receipt_batch_seconds`."""
    groups: dict[str, list[Receipt]] = defaultdict(list)
    for notice in _due(session, CONFIRMED_KIND):
        recipient = _confirmation_recipient(session, notice)
        if recipient:
            groups[recipient].append(notice)
    cutoff = utcnow() - timedelta(seconds=settings.receipt_batch_seconds)
    return [(recipient, [n.id or 0 for n in notices]) for recipient, notices in groups.items()
            if min(_aware(n.created_at) for n in notices) <= cutoff]


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _confirmation_recipient(session: Session, notice: Receipt) -> str | None:
    """The submission's receipt decides: suppressed there, suppressed here. None = not yet."""
    received = session.exec(select(Receipt).where(
        Receipt.key == f"{RECEIVED}:{notice.submission_id}")).first()
    item = session.get(Item, notice.item_id) if notice.item_id else None
    reason = received.reason if received is not None and received.state == SUPPRESSED else None
    if item is None or item.state != CONFIRMED:
        reason = TEXT["why_undone"]
    if reason:
        notice.state, notice.reason = SUPPRESSED, reason
        session.add(notice)
        return None
    return received.recipient if received is not None else None


def _claim(ctx: Context, ids: list[int]) -> list[Receipt]:
    """Take the rows for sending (compare-and-set, so two schedulers never both send)."""
    now = utcnow()
    taken = []
    with session_scope(ctx.engine) as session:
        for receipt_id in ids:
            won = session.execute(update(Receipt).where(col(Receipt.id) == receipt_id,
                                                        _ready(now)).values(retry_at=now + CLAIM))
            if won.rowcount == 1:  # type: ignore[attr-defined]
                taken.append(receipt_id)
        return list(session.exec(select(Receipt).where(col(Receipt.id).in_(taken))
                                 .order_by(col(Receipt.id))).all())


def _deliver(ctx: Context, recipient: str | None, ids: list[int]) -> int:
    """Send one message for these rows (one receipt, or one recipient's notices); 1 if sent."""
    rows = _claim(ctx, ids)
    if not rows or not recipient:
        return 0
    message = compose(ctx, recipient, rows)
    settings = ctx.settings
    if not (settings.receipt_smtp_host and settings.receipt_from):
        _finish(ctx, rows, RECORDED, message, TEXT["why_relay"])
        return 0
    try:
        relay(settings, message)
    except (OSError, smtplib.SMTPException) as error:
        log.warning("receipt %s: relay refused (%s)", rows[0].id, type(error).__name__)
        _retry(ctx, rows)
        return 0
    _finish(ctx, rows, SENT, message, None)
    return 1


def compose(ctx: Context, recipient: str, rows: list[Receipt]) -> email.message.EmailMessage:
    """The message for one receipt, or for one submitter's batch of confirmation notices."""
    first = rows[0]
    with session_scope(ctx.engine) as session:
        top = _top(session, first.submission_id)
    if first.kind == RECEIVED:
        subject, body = first.subject, first.body
    else:
        subject = TEXT["subject_confirmed"].format(n=len(rows))
        body = "\n".join([TEXT["greeting"], "", TEXT["confirmed_intro"], "",
                          *[r.body for r in rows], "", TEXT["signature"], "", "--",
                          TEXT["auto"], TEXT["english_confirmed"].format(n=len(rows))]) + "\n"
    return _message(ctx.settings, recipient, subject, body,
                    str(top.meta.get("message_id") or "") if top else "")


def _message(settings: Settings, recipient: str, subject: str, body: str,
             in_reply_to: str) -> email.message.EmailMessage:
    message = email.message.EmailMessage()
    message["From"] = settings.receipt_from or "diariebot@localhost"
    message["To"] = recipient
    message["Subject"] = " ".join(subject.split())
    message["Date"] = email.utils.format_datetime(datetime.now(UTC))
    domain = (settings.receipt_from.rsplit("@", 1)[-1] if "@" in settings.receipt_from
              else "diariebot.invalid")
    message["Message-ID"] = email.utils.make_msgid("kvitto", domain=domain)
    message["Auto-Submitted"] = "auto-replied"  # RFC 3834: others must not answer it
    message["X-Auto-Response-Suppress"] = "All"  # Exchange: no out-of-office replies to it
    message[MARKER] = "1"
    if in_reply_to.startswith("<") and "\n" not in in_reply_to:
        message["In-Reply-To"] = in_reply_to
        message["References"] = in_reply_to
    message.set_content(body)
    return message


def tls_context() -> ssl.SSLContext:
    """Certificates are verified against the system's authorities."""
    return ssl.create_default_context()


def relay(settings: Settings, message: email.message.EmailMessage) -> None:
    """Hand one message to the configured SMTP relay."""
    with smtplib.SMTP(settings.receipt_smtp_host, settings.receipt_smtp_port,
                      timeout=30) as smtp:
        if settings.receipt_smtp_starttls:
            smtp.starttls(context=tls_context())
        smtp.send_message(message, from_addr=settings.receipt_from,
                          to_addrs=[str(message["To"])])


def check_relay(settings: Settings) -> list[str]:
    """Problems with the receipt relay, readable by an IT admin (for `diariebot check`);
    empty when it answers, or when no relay is configured."""
    if not settings.receipt_smtp_host:
        return []
    problems = [] if ADDRESS.match(settings.receipt_from) else [TEXT["check_from"]]
    where = f"{settings.receipt_smtp_host}:{settings.receipt_smtp_port}"
    try:
        with smtplib.SMTP(settings.receipt_smtp_host, settings.receipt_smtp_port,
                          timeout=10) as smtp:
            if settings.receipt_smtp_starttls:
                smtp.starttls(context=tls_context())
            smtp.noop()
    except (ssl.SSLError, smtplib.SMTPNotSupportedError) as error:
        problems.append(TEXT["check_tls"].format(where=where, error=type(error).__name__))
    except (OSError, smtplib.SMTPException) as error:
        problems.append(TEXT["check_relay"].format(where=where, error=type(error).__name__))
    return problems


def _finish(ctx: Context, rows: list[Receipt], state: str,
            message: email.message.EmailMessage, reason: str | None) -> None:
    with session_scope(ctx.engine) as session:
        for row in rows:
            session.execute(update(Receipt).where(col(Receipt.id) == row.id).values(
                state=state, reason=reason, retry_at=None, sent_at=utcnow(),
                recipient=str(message["To"]), message_id=str(message["Message-ID"])))


def _retry(ctx: Context, rows: list[Receipt]) -> None:
    """Try again later, waiting longer each time; give up after MAX_ATTEMPTS."""
    with session_scope(ctx.engine) as session:
        for row in rows:
            attempts = row.attempts + 1
            wait = timedelta(seconds=min(3600, 30 * 2 ** attempts))
            session.execute(update(Receipt).where(col(Receipt.id) == row.id).values(
                attempts=attempts, retry_at=utcnow() + wait,
                state=GAVE_UP if attempts >= MAX_ATTEMPTS else PENDING))
