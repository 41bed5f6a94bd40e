"""Builds connectors from `[connectors.NAME]` tables by their `type`."""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable, Mapping
from typing import Any

from connectors.base import Connector, Receiver
from connectors.errors import ConfigError, ConnectorError

log = logging.getLogger(__name__)

# type -> (module, class); imported only when configured (exchangelib and msal load slowly)
TYPES: dict[str, tuple[str, str]] = {
    "imap": ("connectors.imap", "ImapConnector"),
    "smtp": ("connectors.smtp", "SmtpReceiver"),
    "ews": ("connectors.ews", "EwsConnector"),
    "graph": ("connectors.graph", "GraphConnector"),
    "folder": ("connectors.folder", "FolderConnector"),
    "matrix": ("connectors.matrix", "MatrixConnector"),
    "teams": ("connectors.teams", "TeamsConnector"),
}
CHAT_TYPES = frozenset({"matrix", "teams"})
DEFAULT_POLL_SECONDS = 60.0


def build(name: str, table: dict[str, Any]) -> Connector | Receiver:
    """One connector from its table; a wrong table raises ConfigError with a readable reason."""
    kind = str(table.get("type", ""))
    if kind not in TYPES:
        known = ", ".join(sorted(TYPES))
        raise ConfigError(name, f"okänd typ / unknown type {kind!r} (one of {known})")
    try:
        poll = float(table.get("poll_seconds", DEFAULT_POLL_SECONDS))
    except (TypeError, ValueError) as error:
        raise ConfigError(name, "poll_seconds måste vara ett tal / must be a number") from error
    if poll <= 0:
        raise ConfigError(name, "poll_seconds måste vara > 0 / must be > 0")
    module, cls = TYPES[kind]
    factory: Any = getattr(importlib.import_module(module), cls)
    built: Connector | Receiver = factory(name, dict(table), poll_seconds=poll)
    return built


def enabled(table: dict[str, Any]) -> bool:
    """`enabled = false` keeps a table in the file without running it."""
    return bool(table.get("enabled", True))


def configured(tables: Mapping[str, Any], *, chat: bool,
               complete: Callable[[str, dict[str, Any]], dict[str, Any]] | None = None,
               ) -> list[Connector | Receiver]:
    """Every enabled intake connector (chat=False) or chat channel (chat=True) that can be
    built; `complete` may fill in defaults first; a bad table is logged and skipped."""
    found: list[Connector | Receiver] = []
    for name, raw in tables.items():
        table = dict(raw)
        if not enabled(table) or (table.get("type") in CHAT_TYPES) != chat:
            continue
        try:
            found.append(build(name, complete(name, table) if complete else table))
        except ConnectorError as error:
            log.error("%s: %s: %s (run `diariebot check`)", name, error.kind, error.detail)
    return found
