"""The registrar's queue's own texts beyond the shared catalogue (bot/i18n.py): history, notices,
the record's certainty, error pages, the split dialog, bulk confirmation and each page's keys,
Swedish first, English second, registered into the one catalogue."""

from __future__ import annotations

from bot.i18n import register

register("history", {
    "bot": ("diariebot (automatiskt)", "diariebot (automatic)"),
    "received": ("mottagen via {channel}", "received via {channel}"),
    "file_status": ("handlingens fil: {before} → {after}", "the record's file: {before} → {after}"),
})
register("event", {
    "split": ("ny del ur en delning", "new part of a split"),
    "skip": ("överhoppad (ligger kvar i kön)", "skipped (stays queued)"),
    "set_aside": ("sida lagd åt sidan", "page set aside"),
    "export": ("exporterad", "exported"), "hint": ("ledtråd från inlämnaren",
                                                  "hint from the submitter"),
})
register("channel", {
    "mail": ("e-post", "email"), "scan": ("skanner", "scanner"), "chat": ("chatt", "chat"),
    "cli": ("kommandoraden", "command line"), "demo": ("demo", "demo"),
    "teams": ("Teams", "Teams"), "matrix": ("Matrix", "Matrix"), "smtp": ("e-post", "email"),
})
register("case_status", {
    "pågående": ("pågående", "ongoing"), "avslutat": ("avslutat", "closed"),
    "avslutad": ("avslutad", "closed"), "öppet": ("öppet", "open"), "öppen": ("öppen", "open"),
    "vilande": ("vilande", "dormant"), "makulerat": ("makulerat", "cancelled"),
})
register("notice", {
    "done": ("#{id} {name}: {what}.", "#{id} {name}: {what}."),
    "undone": ("Ångrat: #{id} {name} ({what}) ligger i kön igen.",
               "Undone: #{id} {name} ({what}) is queued again."),
    "undo": ("Ångra", "Undo"),
})
register("band", {"unknown": ("okänd", "unknown")})
register("record", {
    "band": ("handlingen {band}", "record {band}"),
    "case_band": ("ärendet {band}", "case {band}"),
    "why_case": ("Varför ärendet", "Why this case"),
    "why_record": ("Varför handlingen", "Why this record"),
    "unknown": ("handlingens säkerhet okänd", "record certainty unknown"),
    "none": ("ingen handling föreslagen", "no record proposed"),
})
register("page_error", {
    "404": ("Sidan eller posten finns inte", "No such page or item"),
    "404_hint": ("Länken kan vara gammal, eller posten borttagen ur kön.",
                 "The link may be old, or the item no longer in the queue."),
    "403": ("Du har inte behörighet till detta", "You are not allowed to do this"),
    "405": ("Det går inte att göra så här", "This cannot be done this way"),
    "500": ("Något gick fel hos oss", "Something went wrong on our side"),
    "500_hint": ("Inget har gått förlorat. Försök igen; händer det igen, kontakta IT.",
                 "Nothing was lost. Try again; if it happens again, contact IT."),
})
register("split", {
    "explain": ("Skriv sidorna för varje del, t.ex. 1-2, 3. Varje sida måste hamna i en del "
                "eller läggas åt sidan med ett skäl.",
                "Type the pages of each part, e.g. 1-2, 3. Every page must go into a part or "
                "be set aside with a reason."),
    "part": ("Del {n}: sidor {first}–{last}", "Part {n}: pages {first}–{last}"),
    "part_one": ("Del {n}: sida {first}", "Part {n}: page {first}"),
    "aside": ("Sida {page} läggs åt sidan – skäl:", "Page {page} is set aside – reason:"),
    "aside_title": ("Sidor utanför delarna", "Pages outside the parts"),
    "blank": ("tom sida", "blank page"), "separator": ("skiljeblad eller försättsblad",
                                                     "separator or cover sheet"),
    "not_record": ("inte en allmän handling", "not an official record"),
    "copy": ("kopia av en annan sida", "copy of another page"),
    "set_aside_title": ("Lagda åt sidan", "Set aside"),
})
register("keys", {
    "page_item": ("På postsidan", "On the item page"), "page_list": ("I listan", "In the list"),
    "page_bulk": ("Bekräfta i grupp", "Bulk confirm"),
    "list_open": ("öppna första posten som ingen annan granskar (eller den markerade)",
                  "open the first item no one else is reviewing (or the one marked)"),
    "list_move": ("nästa eller föregående post", "next or previous item"),
    "help": ("visa tangenterna för sidan", "show this page's keys"),
    "bulk_move": ("nästa eller föregående rad", "next or previous row"),
    "bulk_toggle": ("ta med eller lämna utanför raden", "include or leave out the row"),
    "bulk_open": ("öppna raden som post", "open the row's item"),
})
register("a11y", {
    "search": ("Sök ärende eller handling", "Search a case or document record"),
    "alternative": ("Bekräfta alternativ {shortcut}: {number}",
                    "Confirm alternative {shortcut}: {number}"),
    "best": ("Bekräfta bästa förslaget: {number}", "Confirm the best proposal: {number}"),
    "results": ("Träffar", "Results"), "main_nav": ("Huvudmeny", "Main menu"),
    "skip": ("Gå direkt till innehållet", "Skip to the content"),
    "include": ("Ta med #{id}", "Include #{id}"),
    "claimed": ("Posten granskas av {name} – öppna den med musen om du ändå vill se den.",
                "{name} is reviewing this item – open it with the mouse if you still want to."),
})
register("bulk2", {
    "explain": ("{n} poster i kön är säkra i både ärende och handling med dessa filter. Alla "
                "visas, {size} per sida: bocka ur dem som inte stämmer, och bekräfta sidan.",
                "{n} queued items are certain of both case and record with these filters. All "
                "are shown, {size} a page: untick those that are wrong, then confirm the page."),
    "confirm": ("Bekräfta de markerade på sidan", "Confirm the ticked ones on this page"),
    "page": ("Rad {first}–{last} av {n}", "Rows {first}–{last} of {n}"),
    "left_out": ("{n} lämnades utanför och ligger kvar i kön.",
                 "{n} were left out and stay queued."),
    "next": ("Nästa sida »", "Next page »"),
    "include": ("Ta med", "Include"), "space": ("mellanslag", "space"),
})
register("method", {
    "textlayer": ("textlager", "text layer"), "ocr": ("OCR", "OCR"),
    "direct": ("läst direkt", "read directly"), "blank": ("tom sida", "blank page"),
})
register("item", {
    "pages": ("Sidorna", "The pages"), "ocr_confidence": ("OCR-säkerhet", "OCR confidence"),
})
