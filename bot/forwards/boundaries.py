"""Where a forwarded or quoted message starts: separator, intro, rule, header block or reply."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.forwards.dates import parse_date
from bot.forwards.headers import _glued_fields, _header_block, _header_line
from bot.forwards.quotes import _dedent, _indented_end, _is_quoted, _quoted_end, _unquote

MAX_DEPTH = 60  # forwards of forwards deeper than this stay text of the last message
PROBE_LINES = 40  # a quoted forward's header block starts within this many lines

_PHRASES = (
    "original message", "ursprungligt meddelande", "originalmeddelande", "oprindelig meddelelse",
    "opprinnelig melding", "alkuperäinen viesti", "ursprüngliche nachricht",
    "forwarded message", "vidarebefordrat meddelande", "vidarebefordrat mejl",
    "videresendt meddelelse", "videresendt melding", "videresendt besked",
    "edelleenlähetetty viesti", "välitetty viesti", "weitergeleitete nachricht",
    "begin forwarded message", "början av vidarebefordrat meddelande",
    "start på videresendt", "anfang der weitergeleiteten nachricht",
)
_SEPARATOR = re.compile(r"^-{2,}\s*(?P<label>[^-].*?)\s*-{2,}\s*(?P<rest>.*)$")
_INTRO = re.compile(r"^(?P<label>[^\W\d_].{5,60}?)\s*:$")
_RULE = re.compile(r"^_{10,}$")
_TIME_IN_REPLY = r"\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:\s*[ap]\.?\s?m\.?)?"
_REPLIES = tuple(re.compile(p, re.I) for p in (
    # the writer's name never starts with a digit: "On 02.05.19 16:28, Anna wrote:" is a date
    # ("02.05") that only looks like a time, then the real one
    rf"^on\s+(?P<date>.+?{_TIME_IN_REPLY}),?\s+(?P<who>[^\d\s].*?)\s+wrote\s*:$",
    r"^on\s+(?P<date>.+?\d{4}),\s+(?P<who>.+?)\s+wrote\s*:$",
    r"^(?:den|d\.)\s+(?P<date>.+?),?\s+skrev\s+(?P<who>.+?)(?:\s+följande)?\s*:$",
    r"^am\s+(?P<date>.+?)\s+schrieb\s+(?P<who>.+?)\s*:$",
    r"^(?P<who>.+?)\s+skrev\s+(?:følgende\s+)?den\s+(?P<date>.+?)\s*:$",
    r"^(?P<who>.+?)\s+kirjoitti\s+(?P<date>.+?)\s*:$",
    rf"^(?P<date>\S.*?{_TIME_IN_REPLY}),?\s+skrev\s+(?P<who>.+?)\s*:$",
))


@dataclass(frozen=True)
class _Hit:
    fields: dict[str, str] | None  # None: a quoted block holding forwards, no message itself
    start: int  # first line of the message's body
    end: int | None = None  # the line after the message (quoted block); None = to the end
    body: list[str] | None = None  # the body's lines when they had to be unquoted
    quoted: bool = False


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
