"""Split an email body into the forwarding note and each message forwarded or quoted inline.

Shapes read (Swedish and English first; Danish, Norwegian, Finnish and German labels too):

* separator lines: ``-----Ursprungligt meddelande-----``, ``-----Original Message-----``,
  ``---------- Forwarded message ---------``, ``-------- Vidarebefordrat meddelande --------``
  (Yahoo writes the headers on the same line), followed by a header block;
* Outlook's underscore rule ``________________________________`` followed by a header block;
* Apple Mail's ``Början av vidarebefordrat meddelande:`` / ``Begin forwarded message:``;
* a bare header block (new Outlook, HTML mail turned into text): ``Från:`` with ``Skickat:``
  and ``Till:``/``Ämne:`` on the lines below;
* replies: ``Den 4 dec. 2024 kl. 18:36 skrev Anna Berg <anna@x.se>:``,
  ``On Wed, Dec 4, 2024 at 6:36 PM Anna <anna@x.se> wrote:`` followed by a ``>`` quoted or
  indented block; quoted blocks that hold a forward are unquoted and read the same way.

Messages are listed as they appear: outermost first, so the last is the innermost (oldest).
"""

from __future__ import annotations

import email.charset
import email.header
import email.message
import email.utils
import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, timezone

MAX_DEPTH = 60  # forwards of forwards deeper than this stay text of the last message
MARKER = "X-Diariebot-Forwarded"
PROBE_LINES = 40  # a quoted forward's header block starts within this many lines

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
_PHRASES = (
    "original message", "ursprungligt meddelande", "originalmeddelande", "oprindelig meddelelse",
    "opprinnelig melding", "alkuperäinen viesti", "ursprüngliche nachricht",
    "forwarded message", "vidarebefordrat meddelande", "vidarebefordrat mejl",
    "videresendt meddelelse", "videresendt melding", "videresendt besked",
    "edelleenlähetetty viesti", "välitetty viesti", "weitergeleitete nachricht",
    "begin forwarded message", "början av vidarebefordrat meddelande",
    "start på videresendt", "anfang der weitergeleiteten nachricht",
)
_HEADER_LINE = re.compile(
    r"^[ \t]*\*{0,2}(?P<label>[^\W\d_][^\W\d_-]*(?:[ -][^\W\d_]+)?)\*{0,2}[ \t]*:\*{0,2}"
    r"[ \t]*(?P<value>.*?)[ \t]*$"
)
_SEPARATOR = re.compile(r"^-{2,}\s*(?P<label>[^-].*?)\s*-{2,}\s*(?P<rest>.*)$")
_INTRO = re.compile(r"^(?P<label>[^\W\d_].{5,60}?)\s*:$")
_RULE = re.compile(r"^_{10,}$")
_GLUED = re.compile(
    "(?P<label>" + "|".join(sorted(
        {n.capitalize() for n in _LABELS if " " not in n and "-" not in n} | {"CC"},
        key=len, reverse=True)) + r"):[ \t]*"
)
_PREFIXES = re.compile(r"^(?:\s*(?:sv|vb|re|fw|fwd|vs|vl|tr|aw|wg)\s*(?:\[\d+\])?\s*:)+", re.I)
_TIME_IN_REPLY = r"\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:\s*[ap]\.?\s?m\.?)?"
_REPLIES = tuple(re.compile(p, re.I) for p in (
    rf"^on\s+(?P<date>.+?{_TIME_IN_REPLY}),?\s+(?P<who>.+?)\s+wrote\s*:$",
    r"^on\s+(?P<date>.+?\d{4}),\s+(?P<who>.+?)\s+wrote\s*:$",
    r"^(?:den|d\.)\s+(?P<date>.+?),?\s+skrev\s+(?P<who>.+?)(?:\s+följande)?\s*:$",
    r"^am\s+(?P<date>.+?)\s+schrieb\s+(?P<who>.+?)\s*:$",
    r"^(?P<who>.+?)\s+skrev\s+(?:følgende\s+)?den\s+(?P<date>.+?)\s*:$",
    r"^(?P<who>.+?)\s+kirjoitti\s+(?P<date>.+?)\s*:$",
    rf"^(?P<date>\S.*?{_TIME_IN_REPLY}),?\s+skrev\s+(?P<who>.+?)\s*:$",
))


@dataclass(frozen=True)
class ForwardedMessage:
    """One message found in a body, with the headers its client wrote above it."""

    sender: str | None
    to: str | None
    cc: str | None
    date: str | None  # ISO 8601; None when absent or unreadable
    date_text: str | None  # the date as written
    subject: str | None
    body: str
    quoted: bool = False  # a reply ("... skrev:"), not a forward


@dataclass(frozen=True)
class Chain:
    """A body split: the forwarder's own note and the messages below it, outermost first."""

    note: str
    messages: tuple[ForwardedMessage, ...]

    @property
    def original(self) -> ForwardedMessage | None:
        """The oldest dated message, else the innermost one: its date is what matching needs."""
        dated = [m for m in self.messages if m.date]
        if dated:
            return min(reversed(dated), key=lambda m: _sortable(m.date or ""))
        return self.messages[-1] if self.messages else None


@dataclass(frozen=True)
class _Hit:
    fields: dict[str, str] | None  # None: a quoted block holding forwards, no message itself
    start: int  # first line of the message's body
    end: int | None = None  # the line after the message (quoted block); None = to the end
    body: list[str] | None = None  # the body's lines when they had to be unquoted
    quoted: bool = False


def split_forwards(body: str | None, subject: str | None = None) -> Chain:
    """The note and every forwarded or quoted message in `body` (a plain-text email body).
    A reply's attribution line has no subject: it gets `subject` without "SV:", "VB:" etc."""
    text = (body or "").replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\ufeff", "").replace("\xa0", " ")
    own, messages = _split(text.split("\n"), 0)
    inherited = bare_subject(subject)
    return Chain(_text(own), tuple(
        m if m.subject or not inherited else replace(m, subject=inherited) for m in messages))


def bare_subject(subject: str | None) -> str | None:
    """A subject without reply and forward prefixes: "SV: VB: Beslut" -> "Beslut"."""
    return _PREFIXES.sub("", subject or "").strip() or None


def _split(lines: list[str], depth: int) -> tuple[list[str], list[ForwardedMessage]]:
    own: list[str] = []
    messages: list[ForwardedMessage] = []
    i = 0
    while i < len(lines):
        hit = _boundary(lines, i) if depth < MAX_DEPTH else None
        if hit is None:
            end = _quoted_end(lines, i) if _is_quoted(lines[i]) else i + 1
            own.extend(lines[i:end])  # a quote without a forward in it is the writer's text
            i = end
            continue
        inner = hit.body if hit.body is not None else lines[hit.start:]
        inner_own, inner_messages = _split(inner, depth + 1)
        if hit.fields is None:
            own.extend(inner_own)
        else:
            messages.append(_message(hit, inner_own))
        messages.extend(inner_messages)
        if hit.end is None:
            break
        i = hit.end
    return own, messages


def _boundary(lines: list[str], i: int) -> _Hit | None:
    line = lines[i].strip()
    if not line:
        return None
    if _is_quoted(lines[i]):
        return _quoted_forward(lines, i)
    return (_separator(lines, i, line) or _intro(lines, i, line) or _rule(lines, i, line)
            or _bare(lines, i) or _reply(lines, i))


def _is_phrase(label: str) -> bool:
    folded = " ".join(label.lower().split())
    return any(phrase in folded for phrase in _PHRASES)


def _separator(lines: list[str], i: int, line: str) -> _Hit | None:
    match = _SEPARATOR.match(line)
    if not match or not _is_phrase(match["label"]):
        return None
    if match["rest"]:  # Yahoo: "----- Vidarebefordrat meddelande ----- Från: …Till: …"
        return _Hit(_glued_fields(match["rest"]), i + 1)
    return _after_marker(lines, i + 1, required=False)


def _intro(lines: list[str], i: int, line: str) -> _Hit | None:
    match = _INTRO.match(line)
    if not match or not _is_phrase(match["label"]):
        return None
    return _after_marker(lines, i + 1, required=False)


def _rule(lines: list[str], i: int, line: str) -> _Hit | None:
    return _after_marker(lines, i + 1, required=True) if _RULE.match(line) else None


def _after_marker(lines: list[str], j: int, required: bool) -> _Hit | None:
    """The header block below a separator; a named separator stands even without one."""
    start = j
    while j < len(lines) and j - start < 3 and not lines[j].strip():
        j += 1
    block = _header_block(lines, j)
    if block and ("from" in block[0] or "date" in block[0]) and len(block[0]) >= 2:
        return _Hit(block[0], block[1])
    return None if required else _Hit({}, start)


def _bare(lines: list[str], i: int) -> _Hit | None:
    """New Outlook and HTML mail: a header block with no line above it."""
    first = _header_line(lines[i])
    if first is None or first[0] != "from":
        return None
    block = _header_block(lines, i)
    if block is None:
        return None
    fields, end = block
    if "date" in fields and ("to" in fields or "subject" in fields):
        return _Hit(fields, end)
    return None


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
        elif parsed is None and last in ("to", "cc") and lines[j][:1] in (" ", "\t"):
            fields[last] += " " + lines[j].strip()  # a long recipient list, wrapped
            j += 1
        else:
            break
    fields.pop("other", None)
    return (fields, j) if fields else None


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


def _reply(lines: list[str], i: int) -> _Hit | None:
    """ "Den … skrev …:" / "On … wrote:" and the quoted or indented block below it."""
    line, j = lines[i].strip(), i + 1
    if not line.endswith(":") and j < len(lines) and lines[j].strip().endswith(":"):
        line, j = f"{line} {lines[j].strip()}", j + 1  # Gmail wraps long attributions
    if not line.endswith(":") or len(line) > 300:
        return None
    match = next((m for p in _REPLIES if (m := p.match(line))), None)
    if match is None:
        return None
    fields = {"from": match["who"].strip(), "date": match["date"].strip()}
    while j < len(lines) and not lines[j].strip():
        j += 1
    if j < len(lines) and _is_quoted(lines[j]):
        end = _quoted_end(lines, j)
        return _Hit(fields, j, end, _unquote(lines[j:end]), quoted=True)
    if j < len(lines) and lines[j][:1] in (" ", "\t"):
        end = _indented_end(lines, j)
        return _Hit(fields, j, end, _dedent(lines[j:end]), quoted=True)
    return _Hit(fields, j, quoted=True) if parse_date(fields["date"]) else None


def _quoted_forward(lines: list[str], i: int) -> _Hit | None:
    """A ">" quoted block (Apple Mail quotes whole forwards) that starts with a forward."""
    end = _quoted_end(lines, i)
    block = _unquote(lines[i:end])
    return _Hit(None, i, end, block) if _opens_with_forward(block) else None


def _opens_with_forward(block: list[str]) -> bool:
    """Whether the block's first line, under any number of quote levels, starts a message;
    the levels are peeled in a loop (never by recursion: hostile mail nests thousands)."""
    probe = block[:PROBE_LINES]
    for _ in range(MAX_DEPTH):
        first = next((k for k, line in enumerate(probe) if line.strip()), None)
        if first is None:
            return False
        if not _is_quoted(probe[first]):
            return _boundary(probe, first) is not None
        probe = _unquote(probe[first:_quoted_end(probe, first)])
    return False


def _is_quoted(line: str) -> bool:
    return line.lstrip(" ").startswith(">")


def _quoted_end(lines: list[str], j: int) -> int:
    while j < len(lines) and (
        _is_quoted(lines[j])
        or (not lines[j].strip() and j + 1 < len(lines) and _is_quoted(lines[j + 1]))
    ):
        j += 1
    return j


def _unquote(lines: list[str]) -> list[str]:
    stripped = (line.lstrip(" ") for line in lines)
    return [line[2:] if line.startswith("> ") else line[1:] if line.startswith(">") else line
            for line in stripped]


def _indented_end(lines: list[str], j: int) -> int:
    while j < len(lines) and (not lines[j].strip() or lines[j][:1] in (" ", "\t")):
        j += 1
    return j


def _dedent(lines: list[str]) -> list[str]:
    widths = [len(line) - len(line.lstrip()) for line in lines if line.strip()]
    cut = min(widths, default=0)
    return [line[cut:] for line in lines]


def _text(lines: list[str]) -> str:
    return re.sub(r"\n{3,}", "\n\n", "\n".join(line.rstrip() for line in lines)).strip()


def _message(hit: _Hit, own: list[str]) -> ForwardedMessage:
    fields = hit.fields or {}
    date_text = _one_line(fields.get("date"))
    return ForwardedMessage(
        sender=addresses(fields.get("from")),
        to=addresses(fields.get("to")),
        cc=addresses(fields.get("cc")),
        date=parse_date(date_text),
        date_text=date_text,
        subject=_one_line(fields.get("subject")),
        body=_text(own),
        quoted=hit.quoted,
    )


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
    pairs = email.utils.getaddresses([text])
    if not pairs or not all("@" in address for _, address in pairs):
        return text
    named = (address if not who or who == address else _quoted_name(who) + f" <{address}>"
             for who, address in pairs)
    return ", ".join(dict.fromkeys(named))


def _quoted_name(who: str) -> str:
    if re.search(r'[,;<>@"]', who):
        return '"' + who.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return who


# --- dates ---------------------------------------------------------------------------------

_MONTH_NAMES = (
    "januari jan january januar tammikuuta tammik tammi",
    "februari feb february februar helmikuuta helmik helmi",
    "mars mar march marts märz maaliskuuta maalisk maalis",
    "april apr huhtikuuta huhtik huhti",
    "maj may mai toukokuuta toukok touko",
    "juni jun june kesäkuuta kesäk kesä",
    "juli jul july heinäkuuta heinäk heinä",
    "augusti aug august elokuuta elok elo",
    "september sep sept syyskuuta syysk syys",
    "oktober okt october oct lokakuuta lokak loka",
    "november nov marraskuuta marrask marras",
    "december dec desember des dezember dez joulukuuta jouluk joulu",
)
_MONTHS = {name: n for n, names in enumerate(_MONTH_NAMES, 1) for name in names.split()}
_WORD = r"[^\W\d_]+"
_DAY_FIRST = re.compile(
    rf"(?<!\d)(?P<day>\d{{1,2}})\.?\s+(?P<month>{_WORD})\.?,?\s+(?P<year>\d{{4}})(?!\d)")
_MONTH_FIRST = re.compile(
    rf"(?P<month>{_WORD})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})(?!\d)")
_ISO = re.compile(r"(?<!\d)(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?!\d)")
_NUMERIC = re.compile(r"(?<![\d.:/-])(?P<a>\d{1,2})[./-](?P<b>\d{1,2})[./-](?P<year>\d{4}|\d{2})"
                      r"(?!\d)")
_TIME = re.compile(r"(?<![\d+\-:.])(?P<h>\d{1,2})[:.](?P<m>\d{2})(?:[:.](?P<s>\d{2}))?(?!\d)"
                   r"(?:\s*(?P<half>[ap])\.?\s?m\.?(?![^\W\d_]))?")
_HALF_DAY = re.compile(r"\d\s*[ap]\.?\s?m\b\.?")
_OFFSET = re.compile(r"(?<![\d:])(?P<sign>[+-])(?P<hh>\d{1,2})(?::?(?P<mm>\d{2}))?(?!\d)")
_ZONES = {"utc": 0, "gmt": 0, "z": 0, "wet": 0, "west": 60, "bst": 60, "cet": 60, "cest": 120,
          "eet": 120, "eest": 180, "est": -300, "edt": -240, "pst": -480, "pdt": -420}
_ZONE_NAME = re.compile(r"(?<![^\W\d_])(?P<name>" + "|".join(_ZONES) + r")(?![^\W\d_])")


def parse_date(text: str | None) -> str | None:
    """ISO 8601 from a date as mail clients write it, e.g. "den 4 november 2009 12:34",
    "4 nov. 2009 kl. 12:34", "2009-11-04 12:34", "Wed, Dec 4, 2024 at 6:36 PM"."""
    if not text:
        return None
    lowered = " ".join(text.lower().split())
    found = _find_day(lowered, month_first=bool(_HALF_DAY.search(lowered)))
    if found is None:
        return None
    day, rest = found
    clock = _find_time(rest)
    if clock is None:
        return day.isoformat()
    (hour, minute, second), after = clock
    try:
        return datetime(day.year, day.month, day.day, hour, minute, second,
                        tzinfo=_find_zone(after)).isoformat()
    except ValueError:
        return day.isoformat()


def _find_day(text: str, month_first: bool) -> tuple[date, str] | None:
    for pattern in (_ISO, _DAY_FIRST, _MONTH_FIRST, _NUMERIC):
        for match in pattern.finditer(text):
            day = _day_of(match, month_first)
            if day is not None:
                return day, text[: match.start()] + " " + text[match.end():]
    return None


def _day_of(match: re.Match[str], month_first: bool) -> date | None:
    groups = match.groupdict()
    year = int(groups["year"])
    year += (2000 if year < 70 else 1900) if year < 100 else 0
    if "a" in groups:  # numeric: day first (Europe) unless AM/PM or the numbers say otherwise
        a, b = int(groups["a"]), int(groups["b"])
        day, month = (b, a) if (b > 12 >= a) or (month_first and a <= 12) else (a, b)
    else:
        raw = groups["month"]
        month = int(raw) if raw.isdigit() else _MONTHS.get(raw, 0)
        day = int(groups["day"])
    try:
        return date(year, month, day) if 1900 <= year <= 2100 else None
    except ValueError:
        return None


def _find_time(text: str) -> tuple[tuple[int, int, int], str] | None:
    match = _TIME.search(text)
    if match is None:
        return None
    hour, minute, second = int(match["h"]), int(match["m"]), int(match["s"] or 0)
    if match["half"] == "p" and hour < 12:
        hour += 12
    elif match["half"] == "a" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59 or second > 59:
        return None
    return (hour, minute, second), text[match.end():]


def _find_zone(text: str) -> timezone | None:
    offset = _OFFSET.search(text)
    if offset is not None:
        minutes = int(offset["hh"]) * 60 + int(offset["mm"] or 0)
        if minutes <= 14 * 60:
            return timezone(timedelta(minutes=-minutes if offset["sign"] == "-" else minutes))
    name = _ZONE_NAME.search(text)
    return timezone(timedelta(minutes=_ZONES[name["name"]])) if name else None


def _sortable(iso: str) -> str:
    return iso[:19]  # local wall time: dates with and without a zone still compare


# --- the child item ------------------------------------------------------------------------

_UTF8 = email.charset.Charset("utf-8")
_UTF8.body_encoding = email.charset.QP


def to_eml(message: ForwardedMessage) -> bytes:
    """A small email of the message's headers and body, so it unpacks as an email of its own.
    Deterministic: the same message forwarded twice gives the same bytes."""
    out = email.message.Message()
    out["MIME-Version"] = "1.0"
    for name, value in (("From", message.sender), ("To", message.to), ("Cc", message.cc)):
        if value:
            out[name] = _address_header(value)
    if message.subject:
        out["Subject"] = _header_value(message.subject)
    if message.date and "T" in message.date:
        out["Date"] = email.utils.format_datetime(datetime.fromisoformat(message.date))
    if message.date_text:
        out["X-Diariebot-Original-Date"] = _header_value(message.date_text)
    out[MARKER] = "citerat svar / quoted reply" if message.quoted else "vidarebefordrat / forwarded"
    out.set_payload(message.body, _UTF8)
    return out.as_bytes()


def _address_header(value: str) -> str:
    """Names as encoded words, addresses as they are, so the list still parses."""
    pairs = email.utils.getaddresses([value])
    if value.isascii() or not pairs or not all("@" in address for _, address in pairs):
        return _header_value(value)
    return ", ".join(email.utils.formataddr(pair, charset="utf-8") for pair in pairs)


def _header_value(value: str) -> str:
    text = " ".join(value.split())
    return text if text.isascii() else email.header.Header(text, "utf-8").encode()


def chain_meta(chain: Chain) -> dict[str, object]:
    """Metadata for the email that holds the chain: the original message's date, sender, subject."""
    original = chain.original
    if original is None:
        return {}
    return {
        "original_date": original.date,
        "original_from": original.sender,
        "original_subject": original.subject,
        "forwarded_count": len(chain.messages),
        "forward_note": chain.note,
    }


def message_meta(message: ForwardedMessage, number: int) -> dict[str, object]:
    """Metadata for one forwarded message's own item."""
    return {"forwarded": True, "forward_number": number, "quoted": message.quoted,
            "original_date": message.date}


def forward_filename(number: int) -> str:
    return f"vidarebefordrat-{number}.eml"
