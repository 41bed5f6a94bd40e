"""The receipts' user-facing text, Swedish first, and how times are written in it."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

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


def _when(moment: datetime) -> str:
    """Swedish wall time: the submitter remembers when they sent it, not UTC."""
    try:
        zone: tzinfo | None = ZoneInfo("Europe/Stockholm")
    except ZoneInfoNotFoundError:
        zone = None  # no tz database: the server's own zone
    return _aware(moment).astimezone(zone).strftime("%Y-%m-%d %H:%M")


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
