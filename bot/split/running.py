"""Running headers and footers: lines at the top or foot of many pages (the municipality's
address line, a protocol's page header), compared by their letters' trigrams so that OCR's
stray dots, bars and misread characters do not hide them."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

LIKENESS = 0.6  # trigram overlap (Jaccard) of an OCR'd line with the running one
EDGE_LINES = 2  # a running header or footer is among a page's first or last two lines
MIN_LETTERS = 4


def shape(line: str) -> str:
    """Letters only: OCR's stray dots, bars and misread digits do not change it."""
    return re.sub(r"[^a-zåäöé]", "", line.lower())


def trigrams(text: str) -> set[str]:
    return {text[i:i + 3] for i in range(len(text) - 2)}


def edges(text: str) -> list[str]:
    lines = [line for line in text.splitlines() if line.strip()]
    return lines[:EDGE_LINES] + lines[-EDGE_LINES:]


def _groups(shapes: Iterable[str]) -> list[tuple[set[str], int]]:
    """Shapes gathered into groups of alike ones: (the first one's trigrams, pages)."""
    groups: list[tuple[set[str], int]] = []
    for text, count in Counter(shapes).most_common():
        grams = trigrams(text)
        for k, (seen, n) in enumerate(groups):
            if alike(grams, seen):
                groups[k] = (seen, n + count)
                break
        else:
            groups.append((grams, count))
    return groups


def alike(a: set[str], b: set[str]) -> bool:
    return bool(a) and bool(b) and len(a & b) / len(a | b) >= LIKENESS


class Running:
    """The running lines of a set of pages: alike edge lines of at least `letters` letters on
    at least `least` pages."""

    def __init__(self, pages: Iterable[str], least: int, letters: int = MIN_LETTERS) -> None:
        shapes = (s for text in pages for s in {shape(line) for line in edges(text)}
                  if len(s) >= letters)
        self.lines = [grams for grams, n in _groups(shapes) if n >= least]

    def __contains__(self, line: object) -> bool:
        if not isinstance(line, str):
            return False
        grams = trigrams(shape(line))
        return any(alike(grams, r) for r in self.lines)
