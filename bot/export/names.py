"""Folder and file names for exported files that every file system and diarium import accepts:
no separators, control or bidi characters, or Windows-reserved characters and names."""

from __future__ import annotations

import re
import unicodedata
from pathlib import PurePosixPath

from bot.export.files import ExportFile
from bot.unpack.names import visible

_BAD = re.compile(r'[<>:"/\\|?*]')  # and controls and bidi characters: unpack.names.visible
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
             *(f"LPT{i}" for i in range(1, 10))}
MAX_NAME = 120


def safe_name(name: str, fallback: str = "fil") -> str:
    """One path component: normalised (NFC), stripped of what file systems refuse, short."""
    clean = _BAD.sub("_", visible(unicodedata.normalize("NFC", name), "_")).strip(" .")
    if not clean or clean.split(".")[0].upper() in _RESERVED:
        clean = f"{fallback}_{clean}".strip("_ .") or fallback
    if len(clean) > MAX_NAME:
        path = PurePosixPath(clean)
        suffix = path.suffix[:16]
        clean = path.stem[: MAX_NAME - len(suffix)] + suffix
    return clean


def number_part(case_or_record: str) -> str:
    """'KS 2021/0456-3' as a folder name: 'KS 2021-0456-3'."""
    return safe_name(case_or_record.replace("/", "-"))


def file_path(file: ExportFile) -> PurePosixPath:
    """board/year/case/record/<item id>_<name>: sorted the way registrars look for it; the item
    id keeps two copies with the same name apart."""
    case = file.case
    board = safe_name(case.board_key or "utan-namnd")
    record_dir = number_part(file.record_number) if file.document else "ny-handling"
    name = f"{file.item.id}_{safe_name(file.item.filename or 'fil')}"
    return PurePosixPath(board, str(case.year), number_part(case.case_number), record_dir, name)
