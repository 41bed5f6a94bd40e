"""Scoring OCR text against ground truth: character error rate and exact `§ NNN` / case numbers."""

from __future__ import annotations

import re
import unicodedata

FOLDED = str.maketrans({"–": "-", "—": "-", "’": "'", "”": '"', "“": '"', "\u00a0": " "})


def normalise(text: str) -> str:
    """NFC, dashes and quotes folded to ASCII (no engine here has "–"), white space collapsed."""
    return " ".join(unicodedata.normalize("NFC", text).translate(FOLDED).split())


def distance(a: str, b: str) -> int:
    """Levenshtein distance, bit-parallel (Myers / Hyyrö) with Python integers as bit vectors."""
    if len(a) < len(b):
        a, b = b, a
    if not b:
        return len(a)
    masks: dict[str, int] = {}
    for index, char in enumerate(b):
        masks[char] = masks.get(char, 0) | (1 << index)
    full = (1 << len(b)) - 1
    high = 1 << (len(b) - 1)
    plus, minus, score = full, 0, len(b)
    for char in a:
        match = masks.get(char, 0)
        diagonal = (((match & plus) + plus) ^ plus) | match | minus
        horizontal_plus = minus | (~(diagonal | plus) & full)
        horizontal_minus = plus & diagonal
        score += bool(horizontal_plus & high) - bool(horizontal_minus & high)
        horizontal_plus = ((horizontal_plus << 1) | 1) & full
        horizontal_minus = (horizontal_minus << 1) & full
        plus = horizontal_minus | (~(diagonal | horizontal_plus) & full)
        minus = horizontal_plus & diagonal
    return score


def cer(read: str, truth: str) -> tuple[int, int]:
    """(edit distance, characters of truth) on normalised text; pool by summing both."""
    truth_n = normalise(truth)
    return distance(normalise(read), truth_n), len(truth_n)


def exact_hits(read: str, wanted: list[str]) -> int:
    """How many of the wanted strings (`§ 123`, `KS 2021/0456`) occur in the text as written."""
    text = normalise(read)
    found = 0
    for item in wanted:
        pattern = r"(?<![\w/])" + re.escape(item) + r"(?![\w/])"
        found += bool(re.search(pattern, text))
    return found


def dash_hits(read: str, wanted: list[str]) -> int:
    """How many words with an en dash are read with the en dash (not folded to `-`)."""
    text = unicodedata.normalize("NFC", read)
    return sum(word in text for word in wanted)
