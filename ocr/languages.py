"""Which Tesseract language models are installed, and a configured language string narrowed to
them, so a machine without one model still reads with the others.

The default is `Latin+swe`: the Latin script model knows `§` and `–` (Debian's `swe` has
neither) and reads this material faster; `swe` is the fallback Tesseract tries on words the
first model reads poorly. Measured in `bench/ocr.py`, see the README.
"""

from __future__ import annotations

import subprocess
from functools import cache

DEFAULT = "Latin+swe"


@cache
def installed() -> frozenset[str]:
    """The models `tesseract --list-langs` names; empty when the command is missing."""
    try:
        done = subprocess.run(
            ["tesseract", "--list-langs"], capture_output=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return frozenset()
    lines = done.stdout.decode("utf-8", "replace").splitlines()
    return frozenset(line.strip() for line in lines[1:] if line.strip())


def narrow(languages: str) -> str:
    """The configured models that are installed, in the configured order; the string unchanged
    when none (or nothing) can be checked, so Tesseract itself names what is missing."""
    have = installed()
    wanted = [name for name in languages.split("+") if name]
    kept = [name for name in wanted if name in have]
    return "+".join(kept) if kept else languages
