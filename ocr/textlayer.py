"""Judging and tidying a PDF page's text layer: is it real text, or must the page be OCRed?

Broken layers seen in the wild: replacement, control and private-use characters (a font
without a usable ToUnicode map); UTF-8 read as Windows-1252 (`fÃ¶r` for `för`), which is
repaired here rather than OCRed; and glyph garbage that maps every letter to another, which
is recognised by the near absence of the small words Swedish or English text is full of.
"""

from __future__ import annotations

import re
import unicodedata

MAX_BAD_FRACTION = 0.25  # more replacement / control / private-use characters: a broken font map
BAD_CATEGORIES = frozenset({"Cc", "Co", "Cn", "Cs"})
PDFIUM_LINE_END_HYPHEN = "\x02"  # pdfium's stand-in for a hyphen that ends a line
MOJIBAKE = re.compile(
    "[ÃÂ][\u0080-\u00bf\u2013\u2014\u2018-\u201e\u2020-\u2122\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc]"
)
MIN_MOJIBAKE = 2
SMALL_WORDS = frozenset(
    "och att i som för av den det är på med till om en ett har inte de var vid kan ska "
    "eller enligt från under efter samt og er til af "  # Swedish; Norwegian and Danish
    "the and of to in for is on with by und der die das le la les des ja".split()
)
MIN_SMALL_WORD_SHARE = 0.05
MIN_WORDS_TO_JUDGE = 40  # shorter layers (a form, a list of names) are not judged by words
COMMON_PAIRS = frozenset(
    "en er an ar de et in st te ll ra ng nd re or ti ed ör är la on he th at sk".split()
)
MIN_COMMON_PAIR_SHARE = 0.12  # real text (lists, tables, Latin filler too) has 25-40%
WORD = re.compile(r"[^\W\d_]+")


def usable(text: str, min_chars: int) -> bool:
    """True when the text layer is long enough and looks like text rather than broken encoding."""
    chars = "".join(text.split())
    if len(chars) < min_chars or not chars:
        return False
    bad = sum(1 for ch in chars if ch == "\ufffd" or unicodedata.category(ch) in BAD_CATEGORIES)
    letters = sum(1 for ch in chars if ch.isalpha())
    return letters > 0 and bad / len(chars) <= MAX_BAD_FRACTION and not garbage(text)


def garbage(text: str) -> bool:
    """True for a long layer almost without the common small words and the common letter pairs:
    letters mapped to others. (Running Swedish has 20-35% small words; a list or a table has
    few, but its letter pairs are still the usual ones.)"""
    words = [word.lower() for word in WORD.findall(text)]
    if len(words) < MIN_WORDS_TO_JUDGE:
        return False
    if sum(word in SMALL_WORDS for word in words) >= MIN_SMALL_WORD_SHARE * len(words):
        return False
    pairs = [word[i : i + 2] for word in words for i in range(len(word) - 1)]
    common = sum(pair in COMMON_PAIRS for pair in pairs)
    return common < MIN_COMMON_PAIR_SHARE * max(len(pairs), 1)


def repair_mojibake(text: str) -> tuple[str, bool]:
    """UTF-8 that was decoded as Windows-1252 decoded again properly; (text, repaired)."""
    if len(MOJIBAKE.findall(text)) < MIN_MOJIBAKE:
        return text, False
    try:
        return text.encode("cp1252").decode("utf-8"), True
    except (UnicodeEncodeError, UnicodeDecodeError):
        pass
    try:
        return text.encode("latin-1").decode("utf-8"), True
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text, False


def tidy(text: str) -> str:
    """Unix line ends, no control characters, no trailing spaces on lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace(PDFIUM_LINE_END_HYPHEN, "-\n")
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) != "Cc")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


def char_count(text: str) -> int:
    """Characters that are not white space."""
    return len("".join(text.split()))
