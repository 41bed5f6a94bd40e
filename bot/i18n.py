"""User-facing text of the registrar's queue, Swedish first and English second: one catalogue,
one lookup (`translate`), and `both` for stored reasons that every reader must understand."""

from __future__ import annotations

from bot.coverage.text import TEXT as COVERAGE_TEXT

LANGUAGES = ("sv", "en")
DEFAULT = "sv"

_STATES = {
    "received": ("Mottagen", "Received"), "unpacked": ("Uppackad", "Unpacked"),
    "extracted": ("Läst", "Read"), "matched": ("Matchad", "Matched"),
    "queued": ("I kö", "Queued"), "confirmed": ("Bekräftad", "Confirmed"),
    "rejected": ("Avvisad", "Rejected"), "duplicate": ("Dubblett", "Duplicate"),
    "failed": ("Misslyckad", "Failed"),
    "skipped": ("Bortsorterad (inte en handling)", "Filtered out (not a document)"),
    "split": ("Delad", "Split"),
}
_ACTIONS = {
    "confirm": ("bekräftad", "confirmed"),
    "choose_alternative": ("bekräftad (annat förslag)", "confirmed (other proposal)"),
    "reassign": ("bekräftad (vald genom sökning)", "confirmed (chosen by search)"),
    "new_document": ("ny handling i ärendet", "new document in the case"),
    "bulk_confirm": ("bekräftad i grupp", "confirmed in bulk"),
    "duplicate": ("dubblett", "duplicate"), "reject": ("avvisad", "rejected"),
    "split": ("delad", "split"),
    "skip": ("överhoppad (ligger kvar i kön)", "skipped (stays queued)"),
    "undo": ("ångrad", "undone"),
}
_ERRORS = {
    "login_needed": ("Logga in först", "Please log in"),
    "forbidden": ("Din roll får inte göra detta", "Your role may not do this"),
    "csrf": ("Formuläret har gått ut – ladda om sidan", "The form has expired – reload the page"),
    "bad_request": ("Ogiltig adress eller ogiltiga uppgifter", "Malformed address or parameters"),
    "no_item": ("Post {id} finns inte", "Item {id} does not exist"),
    "already": ("Post {id} är redan {state}", "Item {id} is already {state}"),
    "no_case": ("Ärendet eller handlingen finns inte", "No such case or document record"),
    "no_proposal": ("Det finns inget förslag att bekräfta", "There is no proposal to confirm"),
    "reason_needed": ("Ange ett skäl", "Give a reason"),
    "bad_range": ("Ogiltiga sidor: {range} (1–{pages})", "Invalid pages: {range} (1–{pages})"),
    "nothing_to_undo": ("Inget att ångra", "Nothing to undo"),
    "page_twice": ("Sida {pages} finns i två delar", "Page {pages} is in two parts"),
    "pages_unaccounted": ("Sida {pages} hamnar inte i någon del: lägg den i en del, eller åt "
                          "sidan med ett skäl", "Page {pages} is in no part: put it in one, or "
                          "set it aside with a reason"),
    "parts_decided": ("Delningen av post {id} kan inte ångras: delarna {parts} är redan beslutade",
                      "The split of item {id} cannot be undone: parts {parts} are already "
                      "decided"),
}
_HEALTH = {  # /admin/health
    "title": ("Driftstatus", "Health"), "ok": ("Allt fungerar", "All is well"),
    "error": ("Något är fel", "Something is wrong"), "database": ("Databas", "Database"),
    "workers": ("Bearbetningsprocesser", "Worker processes"), "alive": ("Igång", "Running"),
    "restarts": ("Omstarter", "Restarts"), "last_exit": ("Senaste slutkod", "Last exit code"),
    "last_death": ("Senast död", "Last died"), "items": ("Poster", "Items"),
    "leases": ("Under bearbetning", "Being processed"),
}

_ARCHIVE = {
    "title": ("Säkerhetskopior och export", "Backups and exports"),
    "backups": ("Säkerhetskopior", "Backups"), "exports": ("Exporter", "Exports"),
    "last_good": ("Senaste lyckade säkerhetskopia", "Last good backup"),
    "overdue": ("Den senaste lyckade säkerhetskopian är äldre än {hours} timmar",
                "The last good backup is older than {hours} hours"),
    "none": ("Ingen lyckad säkerhetskopia ännu", "No good backup yet"),
    "not_scheduled": ("Inga schemalagda säkerhetskopior – ange", "No scheduled backups – set"),
    "when": ("När", "When"), "where": ("Var", "Where"), "result": ("Resultat", "Result"),
    "new_files": ("Nya filer", "New files"), "ok": ("lyckad", "good"),
    "failed": ("misslyckad", "failed"), "target": ("Mål", "Target"),
    "files": ("Filer", "Files"), "failed_files": ("Misslyckade", "Failed"),
    "who": ("Vem", "Who"), "no_exports": ("Ingen export ännu", "No export yet"),
}

TEXT: dict[str, tuple[str, str]] = {
    **{f"archive.{k}": v for k, v in _ARCHIVE.items()},
    **{f"health.{k}": v for k, v in _HEALTH.items()},
    **COVERAGE_TEXT,  # the coverage, most-wanted and outreach pages
    **{f"state.{k}": v for k, v in _STATES.items()},
    **{f"action.{k}": v for k, v in _ACTIONS.items()},
    **{f"error.{k}": v for k, v in _ERRORS.items()},
    "nav.queue": ("Kö", "Queue"), "nav.bulk": ("Bekräfta i grupp", "Bulk confirm"),
    "nav.users": ("Konton", "Accounts"), "nav.keys": ("Tangenter", "Keys"),
    "nav.archive": ("Säkerhetskopior", "Backups"),
    "nav.health": ("Driftstatus", "Health"),
    "nav.logout": ("Logga ut", "Log out"), "lang.switch": ("English", "Svenska"),
    "role.registrar": ("registrator", "registrar"), "role.admin": ("administratör", "admin"),
    "login.title": ("Logga in", "Log in"), "login.username": ("Användarnamn", "User name"),
    "login.password": ("Lösenord", "Password"), "login.submit": ("Logga in", "Log in"),
    "login.failed": ("Fel användarnamn eller lösenord", "Wrong user name or password"),
    "login.too_many": ("För många misslyckade försök – vänta en stund och försök igen",
                       "Too many failed attempts – wait a while and try again"),
    "login.oidc": ("Logga in med organisationens konto", "Sign in with your organisation account"),
    "login.or": ("eller med ett lokalt konto", "or with a local account"),
    "login.oidc_failed": ("Inloggningen med organisationens konto misslyckades – försök igen",
                          "Signing in with your organisation account failed – try again"),
    "login.oidc_no_role": ("Ditt organisationskonto har ingen roll i diariebot (registrator eller "
                           "administratör) – be IT-avdelningen om behörighet",
                           "Your organisation account has no role in diariebot (registrar or "
                           "admin) – ask your IT department for access"),
    "login.oidc_name_taken": ("Ett annat konto i diariebot har redan ditt användarnamn – "
                              "kontakta en administratör",
                              "Another diariebot account already has your user name – "
                              "contact an administrator"),
    "login.oidc_disabled": ("Ditt konto är avstängt", "Your account is disabled"),
    "login.no_accounts": ("Det finns inga konton ännu. Skapa ett:",
                          "There are no accounts yet. Create one:"),
    "keys.title": ("Tangenter", "Keys"),
    "keys.confirm": ("bekräfta bästa förslaget", "confirm the best proposal"),
    "keys.alternative": ("bekräfta alternativ 1–3", "confirm alternative 1–3"),
    "keys.search": ("sök ärende eller handling", "search a case or document record"),
    "keys.new": ("ny handling i ett ärende", "new document in a case"),
    "keys.duplicate": ("dubblett av en annan post", "duplicate of another item"),
    "keys.reject": ("avvisa med skäl", "reject with a reason"),
    "keys.split": ("dela upp efter sidor", "split by page ranges"),
    "keys.skip": ("hoppa över (posten ligger kvar i kön)", "skip (the item stays queued)"),
    "keys.undo": ("ångra senaste beslutet", "undo last"),
    "keys.zoom": ("zooma förhandsvisningen", "zoom the preview"),
    "keys.list": ("tillbaka till listan", "back to the list"),
    "keys.close": ("stäng rutan", "close the box"),
    "common.close": ("Stäng", "Close"), "common.cancel": ("Avbryt", "Cancel"),
    "common.yes": ("ja", "yes"), "common.no": ("nej", "no"),
    "queue.title": ("Registratorns kö", "The registrar's queue"),
    "queue.empty": ("Inga poster matchar.", "No items match."),
    "queue.count": ("{n} poster", "{n} items"),
    "queue.hint": ("Enter öppnar första posten som ingen annan granskar, j k eller ↓ ↑ flyttar, "
                   "? visar alla tangenter.",
                   "Enter opens the first item no one else is reviewing, j k or ↓ ↑ move, "
                   "? shows all keys."),
    "queue.reviewer": ("Granskas av", "Reviewed by"),
    "queue.file": ("Fil", "File"), "queue.proposal": ("Förslag", "Proposal"),
    "queue.claimed": ("granskas av {name}", "being reviewed by {name}"),
    "queue.first_page": ("« Första sidan", "« First page"),
    "queue.next_page": ("Nästa sida »", "Next page »"),
    "filter.state": ("Läge", "State"), "filter.confidence": ("Säkerhet", "Confidence"),
    "filter.channel": ("Kanal", "Channel"), "filter.board": ("Nämnd", "Board"),
    "filter.year": ("År", "Year"), "filter.submitter": ("Inlämnare", "Submitter"),
    "filter.has_number": ("Har diarienummer", "Has case number"),
    "filter.sort": ("Ordning", "Order"), "filter.all": ("alla", "all"),
    "filter.apply": ("Visa", "Show"),
    "sort.oldest": ("äldst först", "oldest first"), "sort.newest": ("nyast först", "newest first"),
    "sort.score_desc": ("säkrast först", "most certain first"),
    "sort.score_asc": ("osäkrast först", "least certain first"),
    "band.high": ("hög", "high"), "band.medium": ("medel", "medium"), "band.low": ("låg", "low"),
    "band.none": ("inget förslag", "no proposal"),
    "item.actions": ("Åtgärder", "Actions"), "item.back": ("« Listan", "« List"),
    "item.next": ("Nästa", "Next"), "item.decided": ("Beslutad", "Decided"),
    "item.original": ("Originalfilen", "Original file"), "item.page": ("Sida", "Page"),
    "item.no_preview": ("Ingen bild att visa", "No picture to show"),
    "item.proposals": ("Förslag", "Proposals"),
    "item.no_proposal": ("Inget förslag", "No proposal"),
    "item.document": ("Handling", "Document"), "item.case": ("Ärende", "Case"),
    "item.missing_count": ("{n} av {total} handlingar saknar fil",
                           "{n} of {total} document records lack their file"),
    "item.text": ("Text med belägg", "Text with evidence"),
    "item.no_text": ("Ingen text lästes", "No text was read"),
    "item.submission": ("Inlämning", "Submission"), "item.submitter": ("Inlämnare", "Submitter"),
    "item.received": ("Mottagen", "Received"), "item.type": ("Filtyp", "File type"),
    "item.duplicates": ("Dubbletter", "Duplicates"), "item.copy_of": ("Kopia av", "Copy of"),
    "item.no_duplicates": ("Inga dubbletter", "No duplicates"),
    "item.parts": ("Delar", "Parts"), "item.history": ("Historik", "History"),
    "item.claimed": ("Posten granskas av {name} till kl. {until}. Du kan ändå fatta beslut, "
                     "men om ni båda gör det gäller det första.",
                     "This item is being reviewed by {name} until {until}. You can still "
                     "decide, but if you both do, the first decision stands."),
    "doc.number": ("Nr", "No."), "doc.date": ("Datum", "Date"),
    "doc.direction": ("Riktning", "Direction"), "doc.counterpart": ("Motpart", "Counterpart"),
    "doc.description": ("Beskrivning", "Description"), "doc.file": ("Fil", "File"),
    "direction.incoming": ("inkommande", "incoming"),
    "direction.outgoing": ("utgående", "outgoing"),
    "direction.internal": ("upprättad", "internal"),
    "file.missing": ("saknas", "missing"), "file.recovered": ("återställd", "recovered"),
    "header.from": ("Från", "From"), "header.to": ("Till", "To"), "header.cc": ("Kopia", "Cc"),
    "header.date": ("Skickat", "Sent"), "header.original_date": ("Ursprungligt datum",
                                                              "Original date"),
    "header.subject": ("Ämne", "Subject"), "header.message_id": ("Meddelande-id", "Message-ID"),
    "history.when": ("När", "When"), "history.who": ("Vem", "Who"),
    "history.what": ("Vad", "What"), "history.before": ("Före", "Before"),
    "history.after": ("Efter", "After"), "history.why": ("Varför", "Why"),
    "history.split_part": ("sidor {first}–{last} ur post {id}",
                           "pages {first}–{last} of item {id}"),
    "history.set_aside": ("sida {page} lagd åt sidan: {reason}",
                          "page {page} set aside: {reason}"),
    "history.split_undone": ("delning av post {id} ångrad", "split of item {id} undone"),
    "action.confirm_button": ("Bekräfta", "Confirm"),
    "action.search_button": ("Sök ärende", "Search case"),
    "action.new_button": ("Ny handling", "New document"),
    "action.duplicate_button": ("Dubblett", "Duplicate"),
    "action.reject_button": ("Avvisa", "Reject"), "action.split_button": ("Dela", "Split"),
    "action.skip_button": ("Hoppa över", "Skip"), "action.undo_button": ("Ångra", "Undo"),
    "search.title_reassign": ("Välj ärende eller handling", "Choose a case or document record"),
    "search.title_new": ("Ny handling i ärende", "New document in a case"),
    "search.placeholder": ("Diarienummer eller ord", "Case number or words"),
    "search.note": ("Anteckning (frivillig)", "Note (optional)"),
    "search.hint": ("↑↓ väljer, Enter bekräftar, Esc stänger",
                    "↑↓ choose, Enter confirms, Esc closes"),
    "search.none": ("Inga träffar", "No matches"),
    "search.type": ("Skriv ett diarienummer eller ord", "Type a case number or words"),
    "search.as_new": ("som ny handling", "as a new document"),
    "search.whole_case": ("ärendet, utan handling", "the case, no record"),
    "duplicate.title": ("Dubblett av", "Duplicate of"),
    "duplicate.item": ("Nummer på posten den är en kopia av (#)",
                       "Number of the item it is a copy of (#)"),
    "duplicate.submit": ("Markera som dubblett", "Mark as duplicate"),
    "reject.title": ("Avvisa", "Reject"), "reject.reason": ("Skäl", "Reason"),
    "reject.submit": ("Avvisa", "Reject"),
    "reject.not_record": ("Inte en allmän handling", "Not an official record"),
    "reject.advert": ("Reklam eller nyhetsbrev", "Advertising or newsletter"),
    "reject.private": ("Privat, hör inte till kommunen", "Private, not the municipality's"),
    "reject.unreadable": ("Tom eller oläslig", "Empty or unreadable"),
    "split.title": ("Dela upp efter sidor", "Split by page ranges"),
    "split.ranges": ("Sidor per del (1–{pages})", "Pages per part (1–{pages})"),
    "split.submit": ("Dela", "Split"),
    "split.proposed": ("Föreslagna gränser", "Proposed boundaries"),
    "coversheet.link": ("försättsblad", "cover sheet"),
    "bulk.title": ("Bekräfta i grupp", "Bulk confirm"),
    "bulk.link": ("Bekräfta säkra i grupp …", "Bulk confirm certain ones …"),
    "bulk.done": ("{n} poster bekräftades.", "{n} items were confirmed."),
    "bulk.none": ("Inga poster att bekräfta.", "No items to confirm."),
    "users.title": ("Konton", "Accounts"), "users.role": ("Roll", "Role"),
    "users.active": ("Aktivt", "Active"), "users.created": ("Skapat", "Created"),
    "users.add": ("Lägg till konto", "Add account"), "users.disable": ("Stäng av", "Disable"),
    "users.enable": ("Aktivera", "Enable"),
    "users.cli": ("Från kommandoraden:", "From the command line:"),
}


def register(prefix: str, table: dict[str, tuple[str, str]]) -> None:
    """A capability's own texts (chat, ...) join the one catalogue under `prefix.`."""
    TEXT.update({f"{prefix}.{key}": pair for key, pair in table.items()})


def translate(key: str, lang: str = DEFAULT, **values: object) -> str:
    """The text for `key` in `lang`; an unknown key shows itself (and a test catches it)."""
    pair = TEXT.get(key)
    if pair is None:
        return key
    text = pair[1] if lang == "en" else pair[0]
    return text.format(**values) if values else text


def both(key: str, **values: object) -> str:
    """'svenska / English': for reasons stored in the database and read by anyone."""
    return bilingual(translate(key, "sv", **values), translate(key, "en", **values))


SEPARATOR = " / "


def bilingual(swedish: str, english: str) -> str:
    """One stored text for both readers; `one_language` shows each only their half."""
    return f"{swedish}{SEPARATOR}{english}"


def one_language(text: str | None, lang: str = DEFAULT) -> str:
    """The reader's half of a stored 'svenska / English' text; a text with no (or an ambiguous
    number of) separators is shown as it is. Older texts appended their detail to the English
    half only ('bekräftad / confirmed: KS 2021/0456-3'): the Swedish half gets it too."""
    parts = (text or "").split(SEPARATOR)
    if len(parts) != 2:
        return text or ""
    swedish, english = parts
    if ": " in english and ": " not in swedish and lang != "en":
        swedish += english[english.index(": "):]
    return english if lang == "en" else swedish
