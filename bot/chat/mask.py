"""Personal identity numbers (personnummer, samordningsnummer) never leave in a chat message:
anything shaped like one, with a possible date, is masked before sending."""

from __future__ import annotations

import re

# YYMMDD or YYYYMMDD, an optional - + or space, four digits; not inside a longer number
SHAPE = re.compile(r"(?<![\d/])((?:19|20)?\d{2})(\d{2})(\d{2})([-+ ]?)(\d{4})(?![\d/])")
MASK = "[personnummer]"


def _date_like(month: str, day: str) -> bool:
    d = int(day)
    return 1 <= int(month) <= 12 and (1 <= d <= 31 or 61 <= d <= 91)  # 61-91: samordningsnr


def mask(text: str) -> str:
    """The text with every personnummer-shaped number replaced; OCR may break the check
    digit, so the check digit is not required."""
    return SHAPE.sub(lambda m: MASK if _date_like(m[2], m[3]) else m[0], text)
