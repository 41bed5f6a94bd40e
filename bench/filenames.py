"""File names as people and scanners give them ("Skanning_20250212_0012.pdf", "yttrande x.pdf")."""

from __future__ import annotations

import random
import re
from datetime import datetime
from pathlib import PurePath

from bench.registry import Case, RegDoc

FORBIDDEN = re.compile(r'[\\/:*?"<>|]')


def sanitise(name: str, limit: int = 70) -> str:
    """What Windows lets a file be called: forbidden characters become '_', long names cut."""
    cleaned = FORBIDDEN.sub("_", name).strip(" .")
    return cleaned[:limit].rstrip(" .")


def scan_name(rng: random.Random, when: datetime, counter: int, fmt: str) -> str:
    """Names scanners and phones give: dated, counted, in the scanner's own style."""
    ext = {"pdf": "pdf", "jpg": rng.choice(("jpg", "JPG", "jpeg")), "png": "png",
           "tif": rng.choice(("tif", "tiff"))}[fmt]
    return rng.choice((
        f"Skanning_{when:%Y%m%d}_{counter:04d}.{ext}",
        f"SKM_C258{when:%y%m%d%H%M%S}.{ext}",
        f"scan{counter:04d}.{ext}",
        f"Scan_{when:%Y-%m-%d_%H-%M-%S}.{ext}",
        f"IMG_{counter + 4000:04d}.{ext}" if fmt == "jpg" else f"dokument{counter}.{ext}",
    ))


def keyword(rng: random.Random, case: Case) -> str:
    """The word a person would use for the case: the property's name or a long title word."""
    if case.prop:
        return case.prop.split()[0]
    words = [w for w in re.findall(r"[A-Za-zÅÄÖåäö-]+", case.title) if len(w) > 5]
    return rng.choice(words) if words else case.title.split()[0]


def pdf_name(rng: random.Random, case: Case, doc: RegDoc, with_number: bool) -> str:
    """A name typed by whoever saved the document."""
    desc, key = doc.description, keyword(rng, case)
    options = [
        f"{desc.lower()} {key.lower()}", f"{desc}_{(case.prop or key).replace(':', '-')}",
        case.title[:50], f"{doc.date:%Y%m%d} {desc}", f"{desc} ({rng.randint(1, 4)})",
        f"Dokument{rng.randint(1, 40)}", desc,
    ]
    if with_number:
        board, rest = case.case_number.split(" ")
        options.append(f"{board} {rest.replace('/', '-')} {desc.lower()}")
    return sanitise(rng.choice(options)) + ".pdf"


def eml_name(rng: random.Random, subject: str) -> str:
    """Outlook's 'Save as' of a forward: 'VB_ subject.eml'."""
    prefix = rng.choice(("VB_ ", "VB_ ", "VB_ VB_ ", "Fwd_ ", "VB_ SV_ "))
    return sanitise(prefix + subject, 80) + ".eml"


def unique(name: str, taken: set[str]) -> str:
    """'x.pdf', then 'x (2).pdf', as a file manager does."""
    path, count = PurePath(name), 1
    candidate = name
    while candidate.lower() in taken:
        count += 1
        candidate = f"{path.stem} ({count}){path.suffix}"
    taken.add(candidate.lower())
    return candidate
