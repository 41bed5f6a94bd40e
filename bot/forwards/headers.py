"""Header blocks above forwarded messages: labels in many languages, addresses, subjects."""

from __future__ import annotations

import email.utils
import re

_FIELD_NAMES = {
    "from": ("from", "från", "fra", "lähettäjä", "von", "afsender", "avsender"),
    "to": ("to", "till", "til", "vastaanottaja", "an", "mottagare", "modtager", "mottaker"),
    "cc": ("cc", "kopia", "kopi", "kopio", "kopie"),
    "date": ("date", "sent", "datum", "skickat", "dato", "sendt", "päivämäärä", "päiväys",
             "lähetetty", "gesendet"),
    "subject": ("subject", "ämne", "emne", "aihe", "betreff"),
    "other": ("bcc", "hemlig kopia", "reply-to", "svara till", "importance", "prioritet",
              "priority", "attachments", "bilagor", "bifogade filer", "vedhæftede filer",
              "vedlegg", "liitteet", "anlagen", "sensitivity", "känslighet"),
}
_LABELS = {name: key for key, names in _FIELD_NAMES.items() for name in names}
_HEADER_LINE = re.compile(
    r"^[ \t]*\*{0,2}(?P<label>[^\W\d_][^\W\d_-]*(?:[ -][^\W\d_]+)?)\*{0,2}[ \t]*:\*{0,2}"
    r"[ \t]*(?P<value>.*?)[ \t]*$"
)
_GLUED = re.compile(
    "(?P<label>" + "|".join(sorted(
        {n.capitalize() for n in _LABELS if " " not in n and "-" not in n} | {"CC"},
        key=len, reverse=True)) + r"):[ \t]*"
)
# Outlook's "sent on behalf of": "list@x.org på uppdrag av Anna Berg <anna@x.se>"; the author
# is the one named after the phrase.
_ON_BEHALF = re.compile(
    r"^.*?\s(?:på uppdrag av|on behalf of|på vegne af|på vegne av|im auftrag von|"
    r"puolesta)\s+(?P<author>\S.*)$", re.I)
_PLAUSIBLE_ADDRESS = re.compile(r"^[^@\s<>(),;:\"\[\]]+@[^@\s<>(),;:\"\[\]]+$")
_PREFIXES = re.compile(r"^(?:\s*(?:sv|vb|re|fw|fwd|vs|vl|tr|aw|wg)\s*(?:\[\d+\])?\s*:)+", re.I)


def bare_subject(subject: str | None) -> str | None:
    """A subject without reply and forward prefixes: "SV: VB: Beslut" -> "Beslut"."""
    return _PREFIXES.sub("", subject or "").strip() or None


def _header_line(line: str) -> tuple[str, str] | None:
    match = _HEADER_LINE.match(line)
    if not match:
        return None
    key = _LABELS.get(" ".join(match["label"].lower().split()))
    return (key, match["value"]) if key else None


def _header_block(lines: list[str], i: int) -> tuple[dict[str, str], int] | None:
    fields: dict[str, str] = {}
    j, last = i, ""
    while j < len(lines):
        parsed = _header_line(lines[j])
        if parsed and (parsed[0] not in fields or parsed[0] == "other"):
            fields[parsed[0]] = parsed[1]
            j, last = j + 1, parsed[0]
        elif parsed is None and fields and _blank_inside_block(lines, j, fields):
            j += 1
        elif parsed is None and last and _continues(lines[i], lines[j], last, fields[last]):
            fields[last] += _joined(fields[last], lines[j].strip())  # a long value, wrapped
            j += 1
        else:
            break
    fields.pop("other", None)
    return (fields, j) if fields else None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def _continues(first: str, line: str, key: str, value: str) -> bool:
    """A wrapped address line: indented deeper than the block, or the rest of an address cut
    inside its "<…>" (Outlook wraps at a fixed width, also in indented blocks)."""
    if not line.strip():
        return False
    if key not in ("from", "to", "cc"):
        return False
    return _indent(line) > _indent(first) or value.count("<") > value.count(">")


def _joined(value: str, rest: str) -> str:
    """An address cut mid-word is joined without a space ("…@exampl" + "e.se>")."""
    open_at = value.rfind("<")
    return rest if open_at >= 0 and " " not in value[open_at:] else " " + rest


def _blank_inside_block(lines: list[str], j: int, fields: dict[str, str]) -> bool:
    """HTML mail turned into text may leave a blank line between two header lines."""
    if lines[j].strip() or j + 1 >= len(lines):
        return False
    following = _header_line(lines[j + 1])
    return following is not None and following[0] not in fields


def _glued_fields(text: str) -> dict[str, str]:
    matches = list(_GLUED.finditer(text))
    fields: dict[str, str] = {}
    for k, match in enumerate(matches):
        end = matches[k + 1].start() if k + 1 < len(matches) else len(text)
        key = _LABELS.get(match["label"].lower())
        if key and key != "other" and key not in fields:
            fields[key] = text[match.end():end].strip()
    return fields


def _one_line(value: str | None) -> str | None:
    return " ".join(value.split()) or None if value else None


def addresses(value: str | None) -> str | None:
    """ "Name <address>, …" from what clients write: [mailto:…], <…<mailto:…>>, ";" lists."""
    text = _one_line(value)
    if not text:
        return None
    text = re.sub(r"<mailto:[^>]*>", "", text, flags=re.I)
    text = re.sub(r"\[mailto:([^\]]*)\]", r"<\1>", text, flags=re.I)
    text = text.replace(";", ",").strip(" ,")
    behalf = _ON_BEHALF.match(text)
    if behalf and "@" in behalf["author"]:
        text = behalf["author"].strip(" ,")
    pairs = email.utils.getaddresses([text])
    if not pairs or not all(_plausible(address, text) for _, address in pairs):
        return text  # not a list of addresses: kept as written
    named = (address if not who or who == address else _quoted_name(who) + f" <{address}>"
             for who, address in pairs)
    return ", ".join(dict.fromkeys(named))


def _plausible(address: str, text: str) -> bool:
    """An address as written (the parser glues words together when the text is no list)."""
    return bool(_PLAUSIBLE_ADDRESS.match(address)) and address in text


def _quoted_name(who: str) -> str:
    if re.search(r'[,;<>@"]', who):
        return '"' + who.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return who
