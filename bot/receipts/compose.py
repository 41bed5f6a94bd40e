"""The Swedish text of receipts and notices, and the email message that carries it."""

from __future__ import annotations

import email.message
import email.utils
from datetime import UTC, datetime

from bot.context import Context
from bot.db import session_scope
from bot.models import Receipt
from bot.receipts.kinds import MARKER, RECEIVED
from bot.receipts.summary import Summary, _top
from bot.receipts.text import TEXT, _sv
from bot.settings import Settings


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
