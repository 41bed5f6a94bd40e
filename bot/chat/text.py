"""The chat's user-facing text, Swedish first and English second, in the project's catalogue
(`bot.i18n`) under `chat.`; `say` picks the contact's language."""

from __future__ import annotations

from bot.i18n import register, translate

CHAT: dict[str, tuple[str, str]] = {
    "help": (
        "Hej! Jag är diariebot. Skicka filer, foton eller vidarebefordrade meddelanden hit, så "
        "letar jag upp vilket ärende de hör till och en registrator registrerar dem.\n"
        "• status – dina senaste inlämningar och vad som hänt med dem\n"
        "• saknas KS 2021/0456 – handlingar i ärendet som fortfarande saknar fil\n"
        "• hjälp – den här texten",
        "Hi! I am diariebot. Send files, photos or forwarded messages here and I will find "
        "the case they belong to; a registrar then registers them.\n"
        "• status – your recent submissions and what became of them\n"
        "• missing KS 2021/0456 – records of the case that still lack their file\n"
        "• help – this text"),
    "documents": ("{n} handlingar", "{n} documents"),
    "document": ("1 handling", "1 document"),
    "receipt": ("Tack! {documents} mottagna: {parts}.", "Thanks! {documents} received: {parts}."),
    "receipt_one": ("Tack! 1 handling mottagen: {parts}.", "Thanks! 1 document received: {parts}."),
    "receipt_empty": ("Tack! Jag hittade inga handlingar i det du skickade{parts}.",
                      "Thanks! I found no documents in what you sent{parts}."),
    "proposed": ("{target} föreslås", "{target} proposed"),
    "unmatched": ("{n} utan förslag ännu", "{n} without a proposal yet"),
    "failed": ("{n} kunde inte läsas: {reasons}", "{n} could not be read: {reasons}"),
    "skipped": ("{n} hoppades över: {reasons}", "{n} skipped: {reasons}"),
    "duplicates": ("{n} fanns redan", "{n} already received"),
    "next": ("En registrator går igenom dem; jag säger till när de är registrerade.",
             "A registrar will go through them; I will tell you when they are registered."),
    "next_one": ("En registrator går igenom den; jag säger till när den är registrerad.",
                 "A registrar will go through it; I will tell you when it is registered."),
    "question": ("Vilket ärende gäller {label}? Svara med diarienummer eller 'vet ej'.",
                 "Which case is {label} about? Answer with a case number or 'don't know'."),
    "hint_noted": ("Tack! Jag har noterat {case} för {label}; registratorn ser det.",
                   "Thanks! I noted {case} for {label}; the registrar will see it."),
    "hint_unknown": ("Tack, då får registratorn avgöra vilket ärende {label} hör till.",
                     "Thanks, the registrar will decide which case {label} belongs to."),
    "confirmed": ("Registrerat i diariet:", "Registered in the registry:"),
    "line": ("• {label}: {what}", "• {label}: {what}"),
    "status_head": ("Dina senaste inlämningar:", "Your recent submissions:"),
    "status_none": ("Du har inte skickat något till mig ännu.",
                    "You have not sent me anything yet."),
    "working": ("bearbetas", "being processed"),
    "waiting": ("{target} föreslås, väntar på registrator",
                "{target} proposed, waiting for a registrar"),
    "waiting_none": ("väntar på registrator", "waiting for a registrar"),
    "registered": ("registrerad i {target}", "registered in {target}"),
    "rejected": ("avvisad av registrator", "rejected by a registrar"),
    "duplicate": ("fanns redan", "already received"),
    "unreadable": ("kunde inte läsas: {reason}", "could not be read: {reason}"),
    "skipped_one": ("hoppades över: {reason}", "skipped: {reason}"),
    "split": ("delad i flera handlingar", "split into several documents"),
    "missing_head": ("{case}: {n} handlingar saknar fortfarande fil:",
                     "{case}: {n} records still lack their file:"),
    "missing_none": ("{case}: ingen handling saknar fil.", "{case}: no record lacks its file."),
    "missing_line": ("• {number} {date} {description}", "• {number} {date} {description}"),
    "missing_more": ("… och {n} till", "… and {n} more"),
    "missing_unseen": ("Jag hittar inget ärende {case} som du har lämnat in något till.",
                       "I find no case {case} that you have submitted anything to."),
    "missing_no_case": ("Ärendet {case} finns inte i diariet.",
                        "The case {case} is not in the registry."),
    "missing_usage": ("Skriv saknas och ett diarienummer, t.ex. saknas KS 2021/0456.",
                      "Write missing and a case number, e.g. missing KS 2021/0456."),
    "not_understood": ("Det förstod jag inte. Skriv hjälp för att se vad jag kan.",
                       "I did not understand that. Write help to see what I can do."),
    "refused": ("Du får inte lämna in handlingar till diariebot här. Kontakta registraturen.",
                "You may not submit documents to diariebot here. Contact the registry office."),
    "too_large": ("för stor fil", "file too large"),
    "digest": ("Diariebot i dag: {queue} poster i kön{oldest}; {week} handlingar återställda "
               "de senaste 7 dagarna; {share} av alla registrerade handlingar har fil igen "
               "({recovered} av {total}).",
               "Diariebot today: {queue} items in the queue{oldest}; {week} records recovered "
               "in the last 7 days; {share} of all registered records have their file again "
               "({recovered} of {total})."),
    "digest_oldest": (", den äldsta väntar sedan {when}", ", the oldest waiting since {when}"),
}
register("chat", CHAT)


def say(key: str, lang: str, **values: object) -> str:
    """The text for `chat.<key>` in the contact's language."""
    return translate(f"chat.{key}", lang, **values)


def documents(n: int, lang: str) -> str:
    return say("document", lang) if n == 1 else say("documents", lang, n=n)


def half(text: str | None, lang: str) -> str:
    """One language's half of a stored "svenska / English" reason."""
    parts = (text or "").split(" / ", 1)
    return parts[1] if lang == "en" and len(parts) == 2 else parts[0]
