"""Scan-folder connector: a share (SMB/NFS mounted on the host) where printers and people drop
scans. A file is taken once its name is not a temporary one and its size and time have settled;
page-image sequences become one job; device and person come from the sub-folder or the file
name. After commit each file moves to the processed folder; one that cannot be taken moves to
the failed folder with a note why."""

from __future__ import annotations

import hashlib
import logging
import os
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from connectors.base import Message
from connectors.errors import ConfigError, ConnectorError, NotFound, ProtocolError
from connectors.folderacks import Mover
from connectors.options import load_options, option
from connectors.scanfiles import Job, Watcher, group, walk
from connectors.scanjob import JobError, assemble, member_meta
from connectors.scannames import FOLDER_MEANINGS, compile_patterns, origin

log = logging.getLogger(__name__)


@dataclass
class FolderOptions:
    path: str = option("", "mappen att läsa / folder to read", required=True)
    processed_path: str = option("", "mapp för behandlade / processed; empty = PATH/behandlat")
    failed_path: str = option("", "mapp för filer som inte kan tas emot / failed; "
                                  "empty = PATH/misslyckat")
    acknowledge: str = option("move", "move | delete")
    settle_seconds: float = option(10.0, "vänta tills filen är färdigskriven / file quiet for (s)")
    recheck_seconds: float = option(1.0, "ny storlekskontroll av nya filer / size re-checked "
                                         "after (s), against a printer's skewed clock")
    submitter: str = option("", "vem som lämnar / submitter recorded, e.g. the printer's name")
    subfolders: str = option("person", "undermappen är / a sub-folder names: person | device "
                                       "| device/person | none")
    person_domain: str = option("", "e-postdomän för personen / mail domain added to a person "
                                    "from a folder (anna.berg -> anna.berg@DOMAIN), for receipts")
    name_patterns: tuple[str, ...] = option((), "egna filnamnsmönster / own file-name regexes "
                                                "with groups device, person; before the vendors'")
    group_pages: bool = option(True, "sidbilder …_0001.jpg blir ett jobb / page images of one "
                                     "job grouped into one PDF")
    max_bytes: int = option(200_000_000, "största jobb / largest job accepted (bytes)")
    batch: int = option(200, "flest jobb per runda / most jobs per round")


class FolderConnector:
    def __init__(self, name: str, table: dict[str, Any], poll_seconds: float = 60.0,
                 clock: Any = time.time, pause: Any = time.sleep) -> None:
        self.name = name
        self.poll_seconds = poll_seconds
        self.opts = load_options(FolderOptions, name, table)
        if self.opts.acknowledge not in {"move", "delete"}:
            raise ConfigError(name, "acknowledge måste vara / must be move or delete")
        if self.opts.subfolders not in FOLDER_MEANINGS:
            raise ConfigError(name, f"subfolders: en av / one of {', '.join(FOLDER_MEANINGS)}")
        try:
            self.patterns = compile_patterns(self.opts.name_patterns)
        except re.error as error:
            raise ConfigError(name, f"name_patterns: {error}") from error
        self.root = Path(self.opts.path)
        self.mover = Mover(name, self.opts.acknowledge,
                           Path(self.opts.processed_path or self.root / "behandlat"),
                           Path(self.opts.failed_path or self.root / "misslyckat"))
        self.watcher = Watcher(self.opts.settle_seconds, clock)
        self.pause = pause

    def _ready(self) -> list[Job]:
        if not self.root.is_dir():
            raise NotFound(self.name, f"mappen / folder {self.opts.path!r}")
        files = walk(self.root, {self.mover.done_folder, self.mover.failed_folder})
        jobs = group(self.root, files, self.opts.group_pages)
        ready = [job for job in jobs if self._settled(job)]
        return self._rechecked(ready)[: self.opts.batch]

    def _settled(self, job: Job) -> bool:
        try:
            stats = [p.stat() for p in job.paths]
        except FileNotFoundError:
            return False  # vanished meanwhile: the next round sees what is left
        return all(self.watcher.settled(p, s.st_size, s.st_mtime)
                   for p, s in zip(job.paths, stats, strict=True))

    def _rechecked(self, jobs: list[Job]) -> list[Job]:
        """Sizes looked at once more after a pause: a file still growing is left for later."""
        if not jobs or self.opts.recheck_seconds <= 0:
            return jobs
        before = {p: _size(p) for job in jobs for p in job.paths}
        self.pause(self.opts.recheck_seconds)
        kept = [job for job in jobs if all(_size(p) == before[p] >= 0 for p in job.paths)]
        self.watcher.forget(p for job in jobs if job not in kept for p in job.paths)
        return kept

    def fetch(self) -> Iterator[Message]:
        try:
            jobs = self._ready()
        except OSError as error:
            raise ProtocolError(self.name, f"kan inte läsa mappen / cannot read the folder: "
                                           f"{error.strerror}") from error
        log.info("%s: %d jobb klara / jobs ready", self.name, len(jobs))
        for job in jobs:
            message = self._message(job)
            if message is not None:
                yield message

    def _message(self, job: Job) -> Message | None:
        """The job as a message; None when it vanished (next round) or cannot be taken
        (moved to the failed folder with the reason)."""
        try:
            datas = [p.read_bytes() for p in job.paths]
        except FileNotFoundError:
            self.watcher.forget(job.paths)
            return None
        try:
            return self._build(job, datas)
        except JobError as error:
            self.mover.fail(job.paths, str(error))
            self.watcher.forget(job.paths)
            return None

    def _build(self, job: Job, datas: list[bytes]) -> Message:
        if sum(len(d) for d in datas) > self.opts.max_bytes:
            raise JobError(f"för stor / too large: over {self.opts.max_bytes} bytes")
        members = member_meta(job.paths, datas)
        data, meta = assemble(datas) if job.grouped else (datas[0], {})
        name = Path(job.key).name
        if job.grouped:
            name = Path(name).with_suffix(".pdf").name
        who = origin(job.key, self.opts.subfolders, self.patterns)
        digest = members[0]["sha256"]  # the first page's: it is moved last (Mover.finish)
        meta = {"path": job.key, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data),
                **meta, "files": members, "device": who.device, "person": who.person,
                "connector": {"type": "folder", "mtime": job.paths[0].stat().st_mtime}}
        return Message(f"folder:{self.root}/{job.key}/{digest}", data, name,
                       self._submitter(who.person, who.device), meta, job.paths)

    def _submitter(self, person: str | None, device: str | None) -> str | None:
        if person and self.opts.person_domain and "@" not in person:
            return f"{person}@{self.opts.person_domain}"
        return person or self.opts.submitter or device or None

    def acknowledge(self, message: Message) -> None:
        self.mover.finish(message.handle, message.sha256)
        self.watcher.forget(message.handle)

    def check(self) -> list[str]:
        try:
            self._ready()
        except ConnectorError as error:
            return [f"{error.kind}: {error.detail}"]
        if not os.access(self.root, os.W_OK):
            return [f"behörighet / permission: kan inte skriva i / cannot write in "
                    f"{self.opts.path!r}"]
        return []


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return -1
