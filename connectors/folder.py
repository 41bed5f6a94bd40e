"""Scan-folder connector: files a printer or a person drops in a folder become submissions;
after commit each is moved to a processed folder (or deleted)."""

from __future__ import annotations

import hashlib
import logging
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from connectors.base import Message
from connectors.errors import ConfigError, ConnectorError, NotFound, ProtocolError
from connectors.options import load_options, option

log = logging.getLogger(__name__)


@dataclass
class FolderOptions:
    path: str = option("", "mappen att läsa / folder to read", required=True)
    processed_path: str = option("", "mapp för behandlade / processed; empty = PATH/behandlat")
    acknowledge: str = option("move", "move | delete")
    settle_seconds: float = option(10.0, "vänta tills filen är färdigskriven / file quiet for (s)")
    submitter: str = option("", "vem som lämnar / submitter recorded, e.g. the printer's name")
    batch: int = option(200, "flest filer per runda / most files per round")


class FolderConnector:
    def __init__(self, name: str, table: dict[str, Any], poll_seconds: float = 60.0,
                 clock: Any = time.time) -> None:
        self.name = name
        self.poll_seconds = poll_seconds
        self.opts = load_options(FolderOptions, name, table)
        if self.opts.acknowledge not in {"move", "delete"}:
            raise ConfigError(name, "acknowledge måste vara / must be move or delete")
        self.root = Path(self.opts.path)
        self.done = Path(self.opts.processed_path) if self.opts.processed_path \
            else self.root / "behandlat"
        self.clock = clock

    def _waiting(self) -> list[Path]:
        if not self.root.is_dir():
            raise NotFound(self.name, f"mappen / folder {self.opts.path!r}")
        quiet_since = self.clock() - self.opts.settle_seconds
        files = [p for p in self.root.iterdir()
                 if p.is_file() and not p.name.startswith(".") and p.stat().st_mtime <= quiet_since]
        return sorted(files, key=lambda p: (p.stat().st_mtime, p.name))[: self.opts.batch]

    def fetch(self) -> Iterator[Message]:
        try:
            files = self._waiting()
        except OSError as error:
            raise ProtocolError(self.name, f"kan inte läsa mappen / cannot read the folder: "
                                           f"{error.strerror}") from error
        log.info("%s: %d filer väntar / files waiting", self.name, len(files))
        for path in files:
            data = path.read_bytes()
            digest = hashlib.sha256(data).hexdigest()
            meta = {"path": path.name, "sha256": digest, "size": len(data),
                    "connector": {"type": "folder", "mtime": path.stat().st_mtime}}
            yield Message(f"folder:{self.root}/{path.name}/{digest}", data, path.name,
                          self.opts.submitter or None, meta, path)

    def acknowledge(self, message: Message) -> None:
        path: Path = message.handle
        try:
            if self.opts.acknowledge == "delete":
                path.unlink(missing_ok=True)
                return
            self.done.mkdir(parents=True, exist_ok=True)
            target = self.done / path.name
            if target.exists():
                target = self.done / f"{path.stem}-{message.sha256[:8]}{path.suffix}"
            os.replace(path, target)
        except OSError as error:
            raise ProtocolError(self.name, f"kunde inte flytta filen / could not move the "
                                           f"file: {error.strerror}") from error

    def check(self) -> list[str]:
        try:
            self._waiting()
        except ConnectorError as error:
            return [f"{error.kind}: {error.detail}"]
        if not os.access(self.root, os.W_OK):
            return [f"behörighet / permission: kan inte skriva i / cannot write in "
                    f"{self.opts.path!r}"]
        return []
