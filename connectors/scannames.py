"""Who scanned and on which device, from where a scan lands in the share: the sub-folder
(`anna.berg/`, `plan3-ricoh/anna.berg/`) or the device's own file name (Konica Minolta
`SKMBT_C36421031512340_0001.jpg`, a model prefix such as `RICOH_IM_C3000_…`, `iR-ADV_…`,
`HP_…`, `Xerox_…`), or patterns an admin configures (named groups `device`, `person`)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath

# Factory-default names: Konica Minolta writes S (scan) + its machine name KMBT_<model> +
# yymmddHHMM and a serial digit (+ _0001 per page); the others name files by a configurable
# prefix, which sites set to the model or the printer's place.
VENDOR_PATTERNS = (
    r"^S(?P<device>KMBT_[A-Za-z0-9]+?)\d{11}(?:_\d{3,5})?\.\w+$",
    r"^(?P<device>(?:RICOH|Ricoh|Aficio|IM[_ -]?C?\d|MP[_ -]?C?\d)[A-Za-z0-9_-]*?)[_ -]?"
    r"\d{8,17}(?:[_-]\d{3,5})?\.\w+$",
    r"^(?P<device>(?:iR|IR|imageRUNNER|Canon)[A-Za-z0-9_-]*?)[_ -]?\d{8,17}(?:[_-]\d{3,5})?\.\w+$",
    r"^(?P<device>(?:HP|hp)[A-Za-z0-9_-]*?)[_ -]?\d{8,17}(?:[_-]\d{3,5})?\.\w+$",
    r"^(?P<device>(?:Xerox|XRX|WorkCentre|VersaLink|AltaLink)[A-Za-z0-9_-]*?)[_ -]?"
    r"\d{8,17}(?:[_-]\d{3,5})?\.\w+$",
)
FOLDER_MEANINGS = ("person", "device", "device/person", "none")


@dataclass(frozen=True)
class Origin:
    device: str | None = None
    person: str | None = None


def _from_folders(rel: PurePosixPath, meaning: str) -> Origin:
    folders = list(rel.parts[:-1])
    if meaning == "person" and folders:
        return Origin(person=folders[-1])
    if meaning == "device" and folders:
        return Origin(device=folders[0])
    if meaning == "device/person" and folders:
        return Origin(device=folders[0], person=folders[1] if len(folders) > 1 else None)
    return Origin()


def _from_name(name: str, patterns: Iterable[re.Pattern[str]]) -> Origin:
    for pattern in patterns:
        found = pattern.match(name)
        if found:
            groups = found.groupdict()
            return Origin(device=groups.get("device"), person=groups.get("person"))
    return Origin()


def compile_patterns(custom: Iterable[str]) -> list[re.Pattern[str]]:
    """The admin's patterns first, then the factory defaults; re.error on a bad pattern."""
    return [re.compile(p) for p in (*custom, *VENDOR_PATTERNS)]


def origin(rel: str, meaning: str, patterns: Iterable[re.Pattern[str]]) -> Origin:
    """Device and person for a file at `rel` (relative to the share); folders win."""
    path = PurePosixPath(rel)
    folders = _from_folders(path, meaning)
    named = _from_name(path.name, patterns)
    return Origin(folders.device or named.device, folders.person or named.person)
