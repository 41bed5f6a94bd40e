"""Where a scan file goes after its round: the processed folder once its submission is
committed (a job's first page last, so a job cut short by a restart is still known by it), or
the failed folder with a note beside it saying why; a name already there gets a suffix,
nothing is overwritten."""

from __future__ import annotations

import os
from pathlib import Path

from connectors.errors import ProtocolError

NOTE_SUFFIX = ".fel.txt"


def free_name(folder: Path, name: str, tag: str) -> Path:
    """`name` in folder, or name-TAG, name-TAG-2 … when taken."""
    target = folder / name
    stem, suffix = Path(name).stem, Path(name).suffix
    count = 1
    while target.exists():
        target = folder / (f"{stem}-{tag}{suffix}" if count == 1 else
                           f"{stem}-{tag}-{count}{suffix}")
        count += 1
    return target


class Mover:
    def __init__(self, connector: str, mode: str, done: Path, failed: Path) -> None:
        self.connector = connector
        self.mode = mode
        self.done_folder = done
        self.failed_folder = failed

    def _move(self, path: Path, folder: Path, tag: str) -> Path | None:
        folder.mkdir(parents=True, exist_ok=True)
        target = free_name(folder, path.name, tag)
        try:
            os.replace(path, target)
        except FileNotFoundError:
            return None  # someone took it meanwhile: the submission is committed anyway
        return target

    def finish(self, paths: list[Path], digest: str) -> None:
        """After commit: every file of the job to the processed folder (or deleted)."""
        try:
            for path in reversed(paths):  # the first page last: it names the job
                if self.mode == "delete":
                    path.unlink(missing_ok=True)
                else:
                    self._move(path, self.done_folder, digest[:8])
        except OSError as error:
            raise ProtocolError(self.connector, f"kunde inte flytta filen / could not move the "
                                                f"file: {error.strerror}") from error

    def fail(self, paths: list[Path], reason: str) -> None:
        """A job that cannot be taken: its files and a note of the reason to the failed folder."""
        try:
            for path in paths:
                target = self._move(path, self.failed_folder, "fel")
                if target is not None:
                    target.with_name(target.name + NOTE_SUFFIX).write_text(
                        reason + "\n", encoding="utf-8")
        except OSError as error:
            raise ProtocolError(self.connector, f"kunde inte flytta filen / could not move the "
                                                f"file: {error.strerror}") from error
