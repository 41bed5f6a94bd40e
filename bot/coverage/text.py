"""User-facing text of the coverage, most-wanted and outreach pages, Swedish first and English
second; merged into the one catalogue of `bot.i18n`."""

from __future__ import annotations

KINDS = {
    "beslut": ("beslut", "decision"), "protokoll": ("protokoll", "protocol"),
    "protokollsutdrag": ("protokollsutdrag", "protocol extract"),
    "avtal": ("avtal", "agreement"), "tillstand": ("lov, tillstånd, besked", "permit"),
    "ansokan": ("ansökan, anmälan", "application"), "overklagande": ("överklagande", "appeal"),
    "yttrande": ("yttrande, svar", "opinion, reply"), "remiss": ("remiss", "referral"),
    "tjansteskrivelse": ("tjänsteskrivelse", "officer's report"),
    "rapport": ("rapport, plan, redovisning", "report"),
    "underrattelse": ("underrättelse, kungörelse", "notice"),
    "skrivelse": ("skrivelse, e-post, komplettering", "letter, email"),
    "ovrigt": ("övrigt", "other"),
}
ROLES = {
    "handler": ("handläggare i ärendet", "handles the case"),
    "counterpart": ("motpart: tog emot eller skickade handlingen",
                    "counterpart: received or sent the record"),
    "colleague_case": ("har lämnat in {n} handling(ar) som registrerats i ärendet",
                       "sent in {n} document(s) filed in this case"),
    "colleague_board": ("har lämnat in {n} handling(ar) som registrerats hos {board}",
                        "sent in {n} document(s) filed with {board}"),
    "secretary": ("nämndsekreterare för {board}: protokollen", "secretary of {board}: protocols"),
}

TEXT: dict[str, tuple[str, str]] = {
    **{f"kind.{k}": v for k, v in KINDS.items()},
    **{f"holder.{k}": v for k, v in ROLES.items()},
    "nav.coverage": ("Täckning", "Coverage"), "nav.wanted": ("Mest efterfrågade", "Most wanted"),
    "coverage.title": ("Återställt av diariet", "How much of the registry is recovered"),
    "coverage.all": ("Hela diariet", "The whole registry"),
    "coverage.summary": ("{recovered} av {records} registrerade handlingar har fått tillbaka sin "
                         "fil ({share}). {missing} saknas fortfarande; för {proposed} av dem "
                         "väntar ett förslag i kön.",
                         "{recovered} of {records} registered records have their file back "
                         "({share}). {missing} are still missing; for {proposed} of them a "
                         "proposal waits in the queue."),
    "coverage.progress": ("Framsteg per vecka", "Progress per week"),
    "coverage.no_progress": ("Inget återställt ännu.", "Nothing recovered yet."),
    "coverage.per_week": ("återställda per vecka", "recovered per week"),
    "coverage.cumulative": ("andel totalt", "share in all"),
    "coverage.week": ("Vecka", "Week"),
    "coverage.by_board": ("Per nämnd", "By board"), "coverage.by_year": ("Per år", "By year"),
    "coverage.by_kind": ("Per slag av handling", "By kind of record"),
    "coverage.by_case": ("Per ärende", "By case"),
    "coverage.board": ("Nämnd", "Board"), "coverage.year": ("År", "Year"),
    "coverage.kind": ("Slag", "Kind"), "coverage.case": ("Ärende", "Case"),
    "coverage.records": ("Registrerade", "Registered"),
    "coverage.recovered": ("Återställda", "Recovered"),
    "coverage.proposed": ("Förslag i kön", "Proposed"),
    "coverage.missing": ("Saknas", "Missing"), "coverage.share": ("Andel", "Share"),
    "coverage.legend_recovered": ("återställd", "recovered"),
    "coverage.legend_proposed": ("saknas, förslag i kön", "missing, proposal waiting"),
    "coverage.legend_missing": ("saknas", "missing"),
    "coverage.more_cases": ("Visar de {n} ärenden som saknar flest handlingar.",
                            "Showing the {n} cases missing the most records."),
    "coverage.print": ("Skriv ut", "Print"),
    "coverage.chart_label": ("{recovered} återställda, {proposed} med förslag, {missing} saknas "
                             "av {records}",
                             "{recovered} recovered, {proposed} proposed, {missing} missing "
                             "of {records}"),
    "case.title": ("Ärende {number}", "Case {number}"),
    "case.handler": ("Handläggare", "Handler"), "case.status": ("Status", "Status"),
    "case.records": ("Handlingar", "Records"),
    "case.none_missing": ("Inga handlingar saknas i ärendet.",
                          "No record of this case is missing."),
    "wanted.title": ("Mest efterfrågade handlingar", "Most wanted records"),
    "wanted.explain": ("Handlingar som saknas, viktigast först: beslut, protokoll, avtal, lov och "
                       "inkomna ansökningar före rutinpost; sådana som senare handlingar bygger "
                       "på; ärenden som pågår.",
                       "Missing records, most important first: decisions, protocols, agreements, "
                       "permits and incoming applications before routine correspondence; those "
                       "later records build on; open cases."),
    "wanted.none": ("Inga saknade handlingar.", "No missing records."),
    "wanted.rank": ("Vikt", "Weight"), "wanted.why": ("Varför", "Why"),
    "wanted.holders": ("Kan ha en kopia", "May hold a copy"),
    "wanted.no_holders": ("Ingen känd", "Nobody known"),
    "wanted.why_kind": ("{kind} (vikt {n})", "{kind} (weight {n})"),
    "wanted.why_incoming": ("inkommen till kommunen", "received by the municipality"),
    "wanted.why_dependents": ("{n} senare handling(ar) bygger på den: {names}",
                              "{n} later record(s) build on it: {names}"),
    "wanted.why_open": ("ärendet pågår", "the case is open"),
    "wanted.in_queue": ("en kopia kan vänta i kön: post {ids}",
                        "a copy may be waiting in the queue: item {ids}"),
    "wanted.no_address": ("ingen adress känd", "no address known"),
    "wanted.select": ("Välj", "Select"),
    "wanted.preview": ("Förhandsgranska förfrågan …", "Preview the request …"),
    "wanted.next_page": ("Fler »", "More »"),
    "wanted.asked": ("efterfrågad hos {who} {when}", "asked of {who} {when}"),
    "wanted.answered": ("svar: post {ids}", "answer: item {ids}"),
    "outreach.title": ("Förfrågan om kopior", "Request for copies"),
    "outreach.explain": ("Så här ser meddelandena ut. Inget skickas förrän du klickar på "
                         "Skicka. Avmarkera den som inte ska få något.",
                         "This is what each person will receive. Nothing is sent until you "
                         "click Send. Untick anyone who should not get one."),
    "outreach.to": ("Till", "To"), "outreach.subject": ("Ämne", "Subject"),
    "outreach.in_chat": ("i chatten ({channel})", "in the chat ({channel})"),
    "outreach.attachments": ("Bifogade försättsblad", "Cover sheets attached"),
    "outreach.send": ("Skicka {n} förfrågan/förfrågningar", "Send {n} request(s)"),
    "outreach.nothing": ("Ingen att fråga: välj handlingar vars innehavare har en känd adress.",
                         "Nobody to ask: choose records whose holders have a known address."),
    "outreach.recent": ("Tillfrågad {when}; kan frågas igen {next}.",
                        "Asked {when}; may be asked again {next}."),
    "outreach.without_address": ("Utan känd adress (kontakta på annat sätt)",
                                 "Without a known address (contact them another way)"),
    "outreach.sent": ("{n} förfrågan/förfrågningar registrerade; {sent} skickade nu, resten "
                      "skickas i takt med gränsen per timme.",
                      "{n} request(s) recorded; {sent} sent now, the rest go out as the hourly "
                      "limit allows."),
    "outreach.changed": ("Något ändrades sedan förhandsgranskningen; se över och skicka igen.",
                         "Something changed since the preview; look again and send."),
    "outreach.no_relay": ("Ingen e-postrelä är inställd (receipt_smtp_host, outreach_from): "
                          "förfrågningar kan inte skickas.",
                          "No mail relay is set (receipt_smtp_host, outreach_from): requests "
                          "cannot be sent."),
    "outreach.requests": ("Förfrågningar", "Requests"),
    "sent_state.pending": ("väntar", "waiting"), "sent_state.sent": ("skickad", "sent"),
    "sent_state.failed": ("misslyckad", "failed"),
}
