"""Context-aware corrections of OCR text: the paragraph sign `§`.

Debian's `swe` model has no `§` in its character set, so `§ 123` comes out as `8 123`,
`& 123` or `$123`. Where the context says a paragraph is meant, the sign is put back:
a paragraph heading on a line of its own, after a board's abbreviation (`KS 8 45`), in
`, 8 102.` at the end of a decision sentence of a protocol, a lone `551` or `S 52` next to
other paragraph numbers of the page, and in law references (`9 kap. 31 8`). Text read by a
model that knows `§` passes through unchanged.
"""

from __future__ import annotations

import re

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
