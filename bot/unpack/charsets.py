"""Bytes to text when mail lies about its charset: declared, else UTF-8, else Windows-1252."""

from __future__ import annotations


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
