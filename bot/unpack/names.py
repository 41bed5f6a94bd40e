"""Display names for parts: file names and archive member paths made safe to show."""

from __future__ import annotations

import re
import unicodedata

from bot.sniff import EMAIL, MSG, TNEF, ZIP

MAX_FILENAME = 150

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
    "text/xml": ".xml",
    "application/json": ".json",
}


def visible(text: str, replacement: str = "") -> str:
    """`text` with its control and invisible format characters (Unicode Cc, Cf) replaced: the
    bidi overrides and isolates that make 'faktura<U+202E>fdp.exe' show as 'fakturaexe.pdf',
    zero-width spaces, line breaks. Every name shown or exported goes through this."""
    return "".join(replacement if unicodedata.category(ch) in ("Cc", "Cf") else ch for ch in text)


def top_filename(name: str, media_type: str) -> str:
    """The name of a file as submitted (an ingested file, an e-mail, a chat upload), shown in
    the queue: made safe like a part's."""
    return safe_filename(name, 1, media_type)


def safe_filename(name: str | None, number: int, media_type: str) -> str:
    """A display name without path, control characters or leading dots; å ä ö kept."""
    text = unicodedata.normalize("NFC", name or "")
    text = re.split(r"[/\\]", text)[-1]
    text = visible(text).strip().lstrip(". ").rstrip()
    if len(text) > MAX_FILENAME:
        stem, dot, ext = text.rpartition(".")
        ext = dot + ext if dot and len(ext) <= 10 else ""
        text = (stem if ext else text)[: MAX_FILENAME - len(ext)].rstrip() + ext
    return text or f"bilaga-{number}{_EXTENSIONS.get(media_type, '.bin')}"


def safe_path(name: str) -> str:
    """A member's folder path for display only: control characters and '..' removed."""
    parts = [p for p in re.split(r"[/\\]", visible(name)) if p.strip() not in ("", ".", "..")]
    return "/".join(parts)
