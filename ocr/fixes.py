"""Context-aware corrections of OCR text: the paragraph sign `§` and the en dash `–`.

Debian's `swe` model has no `§` in its character set, so `§ 123` comes out as `8 123`,
`& 123` or `$123`. Where the context says a paragraph is meant, the sign is put back:
a paragraph heading on a line of its own, after a board's abbreviation (`KS 8 45`), in
`, 8 102.` at the end of a decision sentence of a protocol, a lone `551` or `S 52` next to
other paragraph numbers of the page, and in law references (`9 kap. 31 8`). Text read by a
model that knows `§` passes through unchanged.

No model here reads the en dash (`–`) on a printed page: it comes out as `-`. It is put back
where Swedish typography leaves no doubt: a spaced dash between words (`Bakgrund - ärendet`),
a range of years, times, pages or paragraphs (`2022-2024`, `13.00-15.00`, `sidorna 3-5`).
Hyphens that are hyphens stay: dates, case and record numbers, personnummer, compounds.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

SIGN = r"[8&$£]"
NUMBER = r"(\d{1,4})"
PROTOCOL_WORDS = re.compile(
    r"protokoll|paragraf|sammanträde|justera|nämnd|styrelse|fullmäktige|beslut", re.IGNORECASE
)
# A heading line: the sign and number alone, or followed by a capitalised title.
HEADING = re.compile(rf"^([ \t]*){SIGN} ?{NUMBER}(?=[ \t]*$|[ \t]+[A-ZÅÄÖ])", re.MULTILINE)
# Looser heading forms (S or 5 for §) only on a line of their own, only in a protocol.
LONE_HEADING = re.compile(rf"^([ \t]*)[S5] {NUMBER}[ \t]*$", re.MULTILINE)
BOARD = re.compile(rf"\b([A-ZÅÄÖ]{{2,4}}) [8&$£5S]{{1,2}} ?{NUMBER}\b")
SENTENCE_END = re.compile(rf"(, ){SIGN} ?{NUMBER}(?=[.;)]|$)", re.MULTILINE)
# A lone number glued to a misread sign (`551` for `§ 51`), when its neighbours are paragraphs.
GLUED = re.compile(r"^([ \t]*)([58S$&£]{1,2} ?\d{1,4})[ \t]*$", re.MULTILINE)
GLUE_CHARS = frozenset("58S$&£ ")
KNOWN = re.compile(r"§ ?(\d{1,4})\b")
NEIGHBOURS = 3  # paragraph numbers on one page lie this close together
LAW = re.compile(rf"(\d+ kap\. ?\d+ ?){SIGN}(?=\s|$|[.,;])")
SPACED_DASH = re.compile(r"(?<=[\w,.)]) - (?=[\w(])")
YEARS = re.compile(r"(?<![\w/\-–.])((?:19|20)\d\d)-((?:19|20)\d\d)(?![\w/\-–])")
TIMES = re.compile(r"(?<![\w/\-–.:])(\d{1,2}[.:]\d\d)-(\d{1,2}[.:]\d\d)(?![\w/\-–]|[.:]\d)")
COUNTED_WORDS = r"sid(?:an|orna|a)?|s\.|§§|punkt(?:erna)?|kap\.|bilag(?:a|orna)"
COUNTED = re.compile(rf"(?<!\w)((?:{COUNTED_WORDS}) \d{{1,4}})-(\d{{1,4}})\b", re.IGNORECASE)


def restore_en_dashes(text: str) -> tuple[str, int]:
    """The text with `–` put back for `-` where only an en dash can be meant, and how many."""
    before = text.count("–")
    text = SPACED_DASH.sub(" – ", text)
    text = YEARS.sub(_year_range, text)
    for pattern in (TIMES, COUNTED):
        text = pattern.sub(r"\1–\2", text)
    return text, text.count("–") - before


def _year_range(match: re.Match[str]) -> str:
    first, last = int(match.group(1)), int(match.group(2))
    return f"{first}–{last}" if first < last else match.group(0)


def restore_paragraph_signs(text: str) -> tuple[str, int]:
    """The text with `§` put back where the context asks for it, and how many were restored."""
    total = 0
    text, count = LAW.subn(r"\1§", text)
    total += count
    if not PROTOCOL_WORDS.search(text):
        return text, total
    for pattern, replacement in (
        (HEADING, r"\1§ \2"),
        (LONE_HEADING, r"\1§ \2"),
        (BOARD, r"\1 § \2"),
        (SENTENCE_END, r"\1§ \2"),
    ):
        text, count = pattern.subn(replacement, text)
        total += count
    text, count = _glued_headings(text)
    return text, total + count


def corrected_words(words: list[str], text: str) -> list[str]:
    """The OCR words (in reading order) made to agree with the corrected text, one per word box:
    `8` becomes `§` where the text says so; `551` read as one box becomes `§ 51` in that box."""
    tokens = text.split()
    fixed = list(words)
    matcher = SequenceMatcher(a=words, b=tokens, autojunk=False)
    for tag, a_start, a_end, b_start, b_end in matcher.get_opcodes():
        if tag != "replace":
            continue
        if a_end - a_start == b_end - b_start:
            fixed[a_start:a_end] = tokens[b_start:b_end]
        else:  # the corrected tokens go into the first box of the run, the others fall silent
            fixed[a_start:a_end] = [" ".join(tokens[b_start:b_end])] + [""] * (a_end - a_start - 1)
    return fixed


def _glued_headings(text: str) -> tuple[str, int]:
    known = {int(number) for number in KNOWN.findall(text)}
    if not known:
        return text, 0

    def fix(match: re.Match[str]) -> str:
        glued = match.group(2)
        for cut in (1, 2, 3):  # `551` is `5` + 51; `5$51` is `5$` + 51
            prefix, number = glued[:cut], glued[cut:].strip()
            if not set(prefix) <= GLUE_CHARS or not number.isdigit():
                continue
            if any(abs(int(number) - other) <= NEIGHBOURS for other in known):
                return f"{match.group(1)}§ {number}"
        return match.group(0)

    fixed = GLUED.sub(fix, text)
    return fixed, sum(a != b for a, b in zip(text.splitlines(), fixed.splitlines(), strict=True))
