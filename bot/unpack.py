"""Split one container (email, Outlook .msg, zip, TNEF) into its direct parts, within limits."""

from __future__ import annotations

import email
import email.header
import email.message
import email.policy
import email.utils
import io
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from html.parser import HTMLParser
from typing import Any

import extract_msg
from extract_msg.enums import AttachmentType, ErrorBehavior

from bot.sniff import EMAIL, MSG, TNEF, ZIP, sniff

CONTAINER_TYPES = frozenset({EMAIL, MSG, ZIP, TNEF})
MAX_FILENAME = 150
# Ratios are only checked above this size: a tiny, very compressible file is no bomb.
RATIO_FLOOR = 1_000_000
_CHUNK = 1 << 20

# User-facing text, Swedish first: one table so the project's translation layer can take it over.
TEXT = {
    "too_deep": "för djup nästling / nesting too deep",
    "too_many": "för många delar (över {limit}) / too many parts (over {limit})",
    "too_big": "för mycket uppackad data (över {limit} byte) / too much unpacked data",
    "bomb": "misstänkt zip-bomb (packningsgrad över {limit}) / suspected zip bomb",
    "bad_zip": "zip-filen är skadad och kan inte öppnas / the zip file is damaged",
    "bad_mail": "e-postmeddelandet kan inte läsas / the email cannot be read",
    "bad_msg": "Outlook-filen (.msg) är skadad och kan inte öppnas / the .msg file is damaged",
    "no_tnef": "TNEF (winmail.dat) stöds inte ännu / TNEF not supported yet",
    "failed": "kunde inte packas upp ({error}) / could not be unpacked ({error})",
    "encrypted": "bilaga {n} är krypterad / attachment {n} is encrypted",
    "damaged": "bilaga {n} är skadad och hoppades över / attachment {n} is damaged, skipped",
    "unsupported": "bilaga {n} har ett format som inte stöds / attachment {n} is unsupported",
    "link": "bilaga {n} är bara en länk / attachment {n} is only a link",
    "msg_export": "inbäddat meddelande {n} kunde inte tas ut / embedded message {n} not exported",
}

_EXTENSIONS = {
    "application/pdf": ".pdf",
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/tiff": ".tif",
    "image/gif": ".gif",
    "image/bmp": ".bmp",
    "image/webp": ".webp",
    "image/heic": ".heic",
    ZIP: ".zip",
    MSG: ".msg",
    EMAIL: ".eml",
    TNEF: ".dat",
    "application/msword": ".doc",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "application/vnd.oasis.opendocument.text": ".odt",
    "text/plain": ".txt",
    "text/html": ".html",
    "application/rtf": ".rtf",
    "text/csv": ".csv",
}


@dataclass(frozen=True)
class Limits:
    max_depth: int = 5  # nesting of emails/zips
    max_children: int = 500  # parts per container
    max_total_bytes: int = 500_000_000  # uncompressed bytes per container
    max_ratio: int = 200  # zip compression ratio bound (bomb)


@dataclass
class Part:
    filename: str
    data: bytes
    media_type: str
    inline: bool = False


@dataclass
class Unpacked:
    kind: str  # "email" | "archive" | "document"
    meta: dict[str, object]
    body_text: str | None
    children: list[Part]
    warnings: list[str] = field(default_factory=list)


class UnpackError(Exception):
    """A whole item cannot be unpacked; the message is user-readable (Swedish / English)."""


def is_container(media_type: str) -> bool:
    """True for the media types that unpack() splits into children."""
    return media_type in CONTAINER_TYPES


def unpack(
    data: bytes, media_type: str, filename: str, depth: int = 0, limits: Limits = Limits()
) -> Unpacked:
    """Split `data` into its direct children; the caller recurses with depth + 1."""
    handler = _HANDLERS.get(media_type)
    if handler is None:
        return Unpacked(kind="document", meta={}, body_text=None, children=[])
    if depth > limits.max_depth:
        raise UnpackError(TEXT["too_deep"])
    try:
        return handler(data, limits)
    except UnpackError:
        raise
    except Exception as exc:  # edge: parsers of hostile input may raise anything
        raise UnpackError(TEXT["failed"].format(error=type(exc).__name__)) from exc


class _Collector:
    """Children of one container, counted against the limits as they are added."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.children: list[Part] = []
        self.warnings: list[str] = []
        self.total = 0

    @property
    def next_number(self) -> int:
        return len(self.children) + 1

    def spend(self, size: int) -> None:
        self.total += size
        if self.total > self.limits.max_total_bytes:
            raise UnpackError(TEXT["too_big"].format(limit=self.limits.max_total_bytes))

    def add(
        self, name: str | None, data: bytes, media_type: str | None = None, inline: bool = False
    ) -> None:
        if len(self.children) >= self.limits.max_children:
            raise UnpackError(TEXT["too_many"].format(limit=self.limits.max_children))
        media_type = media_type or sniff(data, name)
        number = self.next_number
        self.children.append(
            Part(safe_filename(name, number, media_type), data, media_type, inline)
        )

    def warn(self, key: str, number: int) -> None:
        self.warnings.append(TEXT[key].format(n=number))


def safe_filename(name: str | None, number: int, media_type: str) -> str:
    """A display name without path, control characters or leading dots; å ä ö kept."""
    text = unicodedata.normalize("NFC", name or "")
    text = re.split(r"[/\\]", text)[-1]
    text = "".join(ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cf"))
    text = text.strip().lstrip(". ").rstrip()
    if len(text) > MAX_FILENAME:
        stem, dot, ext = text.rpartition(".")
        ext = dot + ext if dot and len(ext) <= 10 else ""
        text = (stem if ext else text)[: MAX_FILENAME - len(ext)].rstrip() + ext
    return text or f"bilaga-{number}{_EXTENSIONS.get(media_type, '.bin')}"


# --- message/rfc822 ------------------------------------------------------------------


@dataclass(frozen=True)
class _Leaf:
    """One non-multipart MIME part with the headers we need, each parsed once."""

    part: email.message.Message
    content_type: str
    disposition: str | None
    filename: str | None

    @property
    def body_kind(self) -> str | None:
        """ "plain" or "html" for the parts that make up the body; "other" for calendar data etc."""
        if self.disposition == "attachment" or self.filename:
            return None
        if self.content_type == "text/html":
            return "html"
        # An unparsable multipart (no boundary found) is raw text: read it as the body too.
        if self.content_type == "text/plain" or self.content_type.startswith("multipart/"):
            return "plain"
        return "other" if self.content_type.startswith("text/") else None


def _unpack_email(data: bytes, limits: Limits) -> Unpacked:
    message = _parse_email(data)
    found = _Collector(limits)
    bodies: dict[str, list[str]] = {"plain": [], "html": [], "other": []}
    for leaf in _leaf_parts(message):
        if leaf.body_kind:
            bodies[leaf.body_kind].append(_part_text(leaf.part))
        elif leaf.content_type in (EMAIL, "message/global"):
            _add_embedded_email(found, leaf)
        elif not leaf.content_type.startswith("message/"):  # delivery reports: no documents
            data = _payload_bytes(leaf.part)
            found.spend(len(data))
            found.add(leaf.filename, data, None, leaf.disposition == "inline")
    plain = "\n\n".join(bodies["plain"]).strip()
    body = plain or "\n\n".join(html_to_text(h) for h in bodies["html"]).strip()
    return Unpacked("email", _email_meta(message), body or None, found.children, found.warnings)


def _parse_email(data: bytes) -> email.message.Message:
    # compat32 rather than policy.default: it never raises on header access, keeps raw
    # header bytes for our own decoding, and is ten times faster on many-part messages.
    try:
        return email.message_from_bytes(data, policy=email.policy.compat32)
    except Exception as exc:  # edge: the email package's errors vary by defect
        raise UnpackError(TEXT["bad_mail"]) from exc


def _leaf_parts(message: email.message.Message) -> Iterator[_Leaf]:
    """Non-multipart parts in order; an attached message is a leaf, not descended into."""
    stack = [message]
    while stack:
        part = stack.pop()
        content_type = part.get_content_type()
        payload = part.get_payload()
        if content_type.startswith("multipart/") and isinstance(payload, list):
            stack.extend(reversed([p for p in payload if isinstance(p, email.message.Message)]))
        else:
            yield _Leaf(part, content_type, _disposition(part), _filename(part))


def _add_embedded_email(found: _Collector, leaf: _Leaf) -> None:
    # The parent's bytes are the evidence (stored as is); the embedded message's bytes here
    # are regenerated by the email package so the caller can unpack the forward on its own.
    payload = leaf.part.get_payload()
    name = leaf.filename
    if isinstance(payload, list) and payload and isinstance(payload[0], email.message.Message):
        data = payload[0].as_bytes(policy=email.policy.compat32)
        name = name or _subject_filename(payload[0])
    else:  # not parsed as a message (e.g. base64-encoded): hand over the decoded bytes
        data = _payload_bytes(leaf.part)
    found.spend(len(data))
    found.add(name, data, EMAIL, leaf.disposition == "inline")


def _subject_filename(inner: email.message.Message) -> str | None:
    subject = _header(inner, "subject")
    return f"{subject[: MAX_FILENAME - 4]}.eml" if subject else None


def _payload_bytes(part: email.message.Message) -> bytes:
    data = part.get_payload(decode=True)
    return data if isinstance(data, bytes) else b""


def _disposition(part: email.message.Message) -> str | None:
    try:
        return part.get_content_disposition()
    except Exception:  # edge: malformed Content-Disposition header
        return None


def _filename(part: email.message.Message) -> str | None:
    """RFC 2231 and encoded-word file names, decoded (Outlook sends the latter)."""
    try:
        name = part.get_filename()
        if name and "\ufffd" in name:  # raw 8-bit name (old clients): decode it ourselves
            name = _legacy_filename(part) or name
    except Exception:  # edge: malformed parameters
        return None
    if name and "=?" in name:
        name = _decode_words(name)
    return name or None


def _legacy_filename(part: email.message.Message) -> str | None:
    # The raw header keeps undecodable bytes as surrogates: decode those, then parse again.
    legacy = email.message.Message()
    for key, value in part.raw_items():
        if key.lower() in ("content-type", "content-disposition"):
            legacy[key] = _redecode(str(value))
    name = legacy.get_filename()
    return name if isinstance(name, str) else None


def _redecode(text: str) -> str:
    """Undo the email package's ASCII+surrogateescape decoding: UTF-8, else Windows-1252."""
    try:
        raw = text.encode("ascii", errors="surrogateescape")
    except UnicodeEncodeError:
        return text  # real non-ASCII characters: already decoded
    as_utf8 = raw.decode("utf-8", errors="replace")
    # Mostly valid UTF-8 (a truncated name) stays UTF-8; Latin text fails on nearly every byte.
    if as_utf8.count("\ufffd") * 4 <= sum(1 for byte in raw if byte > 127):
        return as_utf8
    return raw.decode("cp1252", errors="replace")


def _part_text(part: email.message.Message) -> str:
    return decode_text(_payload_bytes(part), part.get_content_charset())


def decode_text(payload: bytes, charset: str | None) -> str:
    """Declared charset, else UTF-8, else Windows-1252: old Swedish mail often lies about it."""
    declared = None if charset in (None, "us-ascii", "ascii") else charset
    for candidate, errors in ((declared, "strict"), ("utf-8", "strict"), (declared, "replace")):
        if candidate:
            try:
                return payload.decode(candidate, errors)
            except (LookupError, UnicodeDecodeError):
                continue
    return payload.decode("cp1252", errors="replace")


def _raw_header(message: email.message.Message, name: str) -> str | None:
    """The first such header as sent; raw 8-bit bytes read as UTF-8 or Windows-1252."""
    raw = next((str(v) for k, v in message.raw_items() if k.lower() == name), None)
    return None if raw is None else _redecode(raw)


def _header(message: email.message.Message, name: str) -> str | None:
    """A header's text with encoded words decoded and folding removed."""
    raw = _raw_header(message, name)
    return None if raw is None else " ".join(_decode_words(raw).split())


def _addresses(message: email.message.Message, name: str) -> str | None:
    """An address header as "Name <address>, …"; the decoded raw text if it does not parse."""
    raw = _raw_header(message, name)
    pairs = email.utils.getaddresses([raw]) if raw else []
    # "To: Per Ek" (no address, as forwarded headers often are) parses as the address "Per".
    if not pairs or not all("@" in address for _, address in pairs):
        return _header(message, name)
    named = (_address(" ".join(_decode_words(who).split()), addr) for who, addr in pairs)
    return ", ".join(dict.fromkeys(named))  # "a@x <a@x>" parses as two: keep one


def _address(who: str, address: str) -> str:
    if not who or who == address:
        return address
    if re.search(r'[,;<>@"]', who):  # quoted, so the list still reads back correctly
        who = '"' + who.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"{who} <{address}>"


def _decode_words(raw: str) -> str:
    try:
        return str(email.header.make_header(email.header.decode_header(raw)))
    except Exception:  # edge: broken encoded words or unknown charsets; keep the raw text
        return raw


def _email_meta(message: email.message.Message) -> dict[str, object]:
    meta: dict[str, object] = {key: _addresses(message, key) for key in ("from", "to", "cc")}
    meta["date"] = _iso_date(_header(message, "date"))
    meta["subject"] = _header(message, "subject")
    meta["message_id"] = _header(message, "message-id")
    meta["auto_submitted"] = _auto_submitted(message)
    return meta


def _iso_date(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return email.utils.parsedate_to_datetime(value).isoformat()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def _auto_submitted(message: email.message.Message) -> bool:
    # RFC 3834: never answer auto-submitted mail, bulk/list mail or delivery reports.
    auto = (_header(message, "auto-submitted") or "no").lower()
    precedence = (_header(message, "precedence") or "").lower()
    return (
        auto != "no"
        or precedence in ("bulk", "junk", "list", "auto_reply")
        or message.get_content_type() == "multipart/report"
    )


class _TextExtractor(HTMLParser):
    """Collects the visible text of an HTML body, with line breaks at block elements."""

    BLOCKS = re.compile(r"p|div|br|tr|li|h[1-6]|table|blockquote|pre|hr|ul|ol")
    HIDDEN = frozenset({"script", "style", "head", "title"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.HIDDEN:
            self.hidden += 1
        elif self.BLOCKS.fullmatch(tag):
            self.pieces.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif self.BLOCKS.fullmatch(tag):
            self.pieces.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.pieces.append(data)


def html_to_text(html: str) -> str:
    """Visible text of an HTML document, whitespace tidied, paragraphs kept."""
    parser = _TextExtractor()
    try:
        parser.feed(html)
        parser.close()
        text = "".join(parser.pieces)
    except Exception:  # edge: html.parser on broken markup; fall back to removing tags
        text = re.sub(r"<[^>]*>", " ", html)
    lines = (" ".join(line.split()) for line in text.splitlines())
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


# --- Outlook .msg -------------------------------------------------------------------


def _unpack_msg(data: bytes, limits: Limits) -> Unpacked:
    try:
        msg = extract_msg.openMsg(
            io.BytesIO(data), strict=False, errorBehavior=ErrorBehavior.ATTACH_SUPPRESS_ALL
        )
    except Exception as exc:  # edge: olefile / extract-msg raise many kinds of error
        raise UnpackError(TEXT["bad_msg"]) from exc
    try:
        found = _Collector(limits)
        for number, attachment in enumerate(_msg_attachments(msg), 1):
            _add_msg_attachment(found, attachment, number)
        return Unpacked("email", _msg_meta(msg), _msg_body(msg), found.children, found.warnings)
    finally:
        msg.close()


def _msg_attachments(msg: Any) -> list[Any]:
    return list(_msg_field(msg, "attachments") or [])


def _msg_attachment_name(attachment: Any) -> str | None:
    for name in ("longFilename", "shortFilename", "displayName", "name"):
        value = _msg_field(attachment, name)
        if isinstance(value, str) and value.strip("\x00 "):
            return value.strip("\x00")
    return None


def _add_msg_attachment(found: _Collector, attachment: Any, number: int) -> None:
    kind, data = _msg_field(attachment, "type"), _msg_field(attachment, "data")
    name = _msg_attachment_name(attachment)
    if hasattr(data, "exportBytes"):  # an embedded message (AttachmentType.MSG and the like)
        # We keep the embedded message whole: exportBytes() writes it out as a .msg file of
        # its own, so the caller unpacks it (and its attachments) like any other .msg.
        try:
            data = data.exportBytes()
        except Exception:  # edge: export of a damaged embedded message
            found.warn("msg_export", number)
            return
        if name and not name.lower().endswith(".msg"):
            name += ".msg"
        found.spend(len(data))
        found.add(name, data, MSG)
    elif isinstance(data, bytes):
        found.spend(len(data))
        found.add(name, data, None, bool(_msg_field(attachment, "hidden")))
    else:
        found.warn("link" if kind == AttachmentType.WEB else "unsupported", number)


def _msg_meta(msg: Any) -> dict[str, object]:
    date = _msg_field(msg, "date")
    class_type = str(_msg_field(msg, "classType") or "").strip("\x00")
    headers = _msg_field(msg, "header")
    auto = isinstance(headers, email.message.Message) and _auto_submitted(headers)
    return {
        "from": _msg_field(msg, "sender"),
        "to": _msg_field(msg, "to"),
        "cc": _msg_field(msg, "cc"),
        "date": date.isoformat() if isinstance(date, datetime) else None,
        "subject": _msg_field(msg, "subject"),
        "message_id": _msg_field(msg, "messageId"),
        "auto_submitted": auto or class_type.upper().startswith("REPORT"),
        "message_class": class_type or None,
    }


def _msg_field(msg: Any, name: str) -> Any:
    try:
        return getattr(msg, name, None)
    except Exception:  # edge: extract-msg decodes properties lazily and may fail on any
        return None


def _msg_body(msg: Any) -> str | None:
    body = _msg_field(msg, "body")
    if isinstance(body, str) and body.strip():
        return body.replace("\r\n", "\n").strip()
    html = _msg_field(msg, "htmlBody")
    if isinstance(html, bytes):
        return html_to_text(_decode_html_bytes(html)) or None
    return None


def _decode_html_bytes(html: bytes) -> str:
    match = re.search(rb"charset=[\"']?([\w-]+)", html[:4096], re.I)
    return decode_text(html, match.group(1).decode("ascii") if match else None)


# --- TNEF (winmail.dat) ---------------------------------------------------------------


def _unpack_tnef(data: bytes, limits: Limits) -> Unpacked:
    # tnefparse (PyPI) would read these, but 1.4.0 loops without bound on a corrupt
    # multi-value count (POI's oom.tnef): it may only run in a worker with memory/time limits.
    raise UnpackError(TEXT["no_tnef"])


# --- zip --------------------------------------------------------------------------------


def _unpack_zip(data: bytes, limits: Limits) -> Unpacked:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [info for info in archive.infolist() if not info.is_dir()]
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise UnpackError(TEXT["bad_zip"]) from exc
    with archive:
        _check_central_directory(members, len(data), limits)
        found = _Collector(limits)
        paths: list[str] = []
        for number, info in enumerate(members, 1):
            content = _read_member(archive, info, found, number)
            if content is not None:
                found.add(info.filename, content)
                paths.append(safe_path(info.filename))
    return Unpacked("archive", {"member_paths": paths}, None, found.children, found.warnings)


def safe_path(name: str) -> str:
    """A member's folder path for display only: control characters and '..' removed."""
    text = "".join(ch for ch in name if unicodedata.category(ch) not in ("Cc", "Cf"))
    parts = [p for p in re.split(r"[/\\]", text) if p.strip() not in ("", ".", "..")]
    return "/".join(parts)


def _check_central_directory(members: list[zipfile.ZipInfo], size: int, limits: Limits) -> None:
    """Refuse bombs from the declared sizes, before a single byte is inflated."""
    if len(members) > limits.max_children:
        raise UnpackError(TEXT["too_many"].format(limit=limits.max_children))
    declared = sum(info.file_size for info in members)
    if declared > limits.max_total_bytes:
        raise UnpackError(TEXT["too_big"].format(limit=limits.max_total_bytes))
    if declared > RATIO_FLOOR and declared > size * limits.max_ratio:
        raise UnpackError(TEXT["bomb"].format(limit=limits.max_ratio))
    for info in members:
        if info.file_size > RATIO_FLOOR and info.file_size > info.compress_size * limits.max_ratio:
            raise UnpackError(TEXT["bomb"].format(limit=limits.max_ratio))


def _read_member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, found: _Collector, number: int
) -> bytes | None:
    """Inflate one member in chunks, counting every byte; None (and a warning) if unreadable."""
    if info.flag_bits & 0x1:
        found.warn("encrypted", number)
        return None
    chunks: list[bytes] = []
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                found.spend(len(chunk))
                chunks.append(chunk)
    except NotImplementedError:
        found.warn("unsupported", number)
        return None
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, zlib.error):
        found.warn("damaged", number)
        return None
    return b"".join(chunks)


_HANDLERS = {EMAIL: _unpack_email, MSG: _unpack_msg, TNEF: _unpack_tnef, ZIP: _unpack_zip}
