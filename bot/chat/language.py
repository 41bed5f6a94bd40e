"""Which language to answer in: Swedish unless the user writes English."""

from __future__ import annotations

import re

WORD = re.compile(r"[a-zåäöé']+")
ENGLISH = {"help", "missing", "thanks", "thank", "please", "the", "is", "what", "which",
           "don't", "dont", "know", "hello", "hi", "this", "about", "it", "case", "you", "my",
           "i", "of", "and", "for", "no", "yes", "unknown"}
SWEDISH = {"hjälp", "saknas", "tack", "vet", "ej", "inte", "hej", "vilket", "är", "och", "jag",
           "det", "den", "ärende", "ärendet", "detta", "min", "mina", "nej", "ja", "för", "av",
           "om", "hjalp"}


def language(text: str, previous: str = "sv") -> str:
    """'en' when the text reads as English, 'sv' when Swedish; else the previous choice."""
    words = WORD.findall(text.lower())
    if any(ch in text.lower() for ch in "åäö"):
        return "sv"
    en = sum(w in ENGLISH for w in words)
    sv = sum(w in SWEDISH for w in words)
    if en > sv:
        return "en"
    if sv > en:
        return "sv"
    return previous
