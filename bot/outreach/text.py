"""The request's text, in Swedish (a line of English at the end): the documents asked for, why
this person, and how to send them in — by mail to the intake address, or on paper behind the
attached cover sheet; in a chat, as files or photos in that chat."""

from __future__ import annotations

from dataclasses import dataclass

from bot.coverage.holders import Reason
from bot.coverage.text import KINDS, ROLES

ROLE_SV = {role: sv for role, (sv, _) in ROLES.items()}


@dataclass(frozen=True)
class Line:
    """One record in a request: its number, what it is, its case and why this person."""

    number: str  # KS 2021/0456-3
    description: str
    date: str
    case_title: str
    kind: str
    reasons: tuple[Reason, ...]


def why(reasons: tuple[Reason, ...] | list[Reason]) -> str:
    return "; ".join(ROLE_SV[r.role].format(n=r.n, board=r.board) for r in reasons)


def subject(lines: list[Line]) -> str:
    if len(lines) == 1:
        return f"Har du en kopia av {lines[0].number}? Diariet saknar handlingen"
    return f"Har du kopior av {len(lines)} handlingar som diariet saknar?"


def _record(line: Line) -> list[str]:
    what = line.description or KINDS.get(line.kind, ("handling", ""))[0]
    return [f"- {line.number}: {what}" + (f" ({line.date})" if line.date else ""),
            f"  Ärende: {line.case_title}", f"  Varför du: {why(line.reasons)}"]


def _paper(intake: str, sheets: list[str], records: int) -> str:
    if not sheets:
        return (f"- Papper: skriv diarienumret tydligt på första sidan och skanna till {intake} "
                "(kommunens skrivare kan skanna till e-post).")
    which = "" if len(sheets) == records else f" (för de första {len(sheets)})"
    return ("- Papper: skriv ut försättsbladet för handlingen – de är bifogade" + which + " – "
            f"lägg det överst och skanna alltihop till {intake} (kommunens skrivare kan skanna "
            "till e-post); då hamnar sidorna rätt direkt. Ett blad framför varje handling.")


def _how(intake: str, sheets: list[str], records: int) -> list[str]:
    return ["Har du en kopia – i din e-post, på papper eller i en mapp – skicka in den så här:",
            "- E-post: svara på det här meddelandet med handlingen bifogad, eller vidarebefordra "
            f"hela mejlet där den finns till {intake}, så följer datum och avsändare med.",
            _paper(intake, sheets, records)]


def _in_chat(intake: str) -> list[str]:
    return ["Har du en kopia – i din e-post, på papper eller i en mapp – skicka in den så här:",
            "- Här i chatten: skicka filen, eller ett foto av varje sida, som svar på det här "
            "meddelandet.",
            f"- E-post: vidarebefordra hela mejlet där den finns till {intake}, så följer datum "
            "och avsändare med.",
            "- Papper: skriv diarienumret tydligt på första sidan och fotografera sidorna hit, "
            f"eller skanna dem till {intake}."]


ENGLISH = ("In English: the registry is recovering lost files, and you may hold copies of the "
           "{n} record(s) above. Please {how} If you have no copy, there is no need to answer.")
HOW_MAIL = ("reply with them attached, forward the mail that holds them to {intake}, or scan "
            "paper copies to that address.")
HOW_CHAT = ("send them here in the chat (files or photos of the pages), or forward the mail that "
            "holds them to {intake}.")


def body(name: str | None, lines: list[Line], intake: str, sheets: list[str],
         chat: bool = False) -> str:
    """The whole message as the person will read it (by email, or in a chat when `chat`)."""
    these = "den här handlingen" if len(lines) == 1 else f"de här {len(lines)} handlingarna"
    text = [f"Hej {name}!" if name else "Hej!", "",
            "Kommunen återställer handlingar i diariet vars filer har gått förlorade. Enligt "
            f"diariet kan du ha en kopia av {these}:", ""]
    for line in lines:
        text += _record(line)
    how = _in_chat(intake) if chat else _how(intake, sheets, len(lines))
    text += ["", *how, "", "Har du ingen kopia behöver du inte svara. Tack för hjälpen!", "",
             "Med vänlig hälsning", "Registraturen", "", "--",
             ENGLISH.format(n=len(lines), how=(HOW_CHAT if chat else HOW_MAIL).format(
                 intake=intake))]
    return "\n".join(text) + "\n"
