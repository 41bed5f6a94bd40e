"""Judging and tidying a PDF page's text layer: is it real text, or must the page be OCRed?"""

from __future__ import annotations

import unicodedata

MAX_BAD_FRACTION = 0.25  # more replacement / control / private-use characters: a broken font map
BAD_CATEGORIES = frozenset({"Cc", "Co", "Cn", "Cs"})
PDFIUM_LINE_END_HYPHEN = "\x02"  # pdfium's stand-in for a hyphen that ends a line


def usable(text: str, min_chars: int) -> bool:
    """True when the text layer is long enough and looks like text rather than broken encoding."""
    chars = "".join(text.split())
    if len(chars) < min_chars or not chars:
        return False
    bad = sum(1 for ch in chars if ch == "\ufffd" or unicodedata.category(ch) in BAD_CATEGORIES)
    letters = sum(1 for ch in chars if ch.isalpha())
    return letters > 0 and bad / len(chars) <= MAX_BAD_FRACTION


def tidy(text: str) -> str:
    """Unix line ends, no control characters, no trailing spaces on lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace(PDFIUM_LINE_END_HYPHEN, "-\n")
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) != "Cc")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


def char_count(text: str) -> int:
    """Characters that are not white space."""
    return len("".join(text.split()))
