"""Builds connectors from `[connectors.NAME]` tables by their `type`."""

from __future__ import annotations

import importlib
from typing import Any

from connectors.base import Connector, Receiver
from connectors.errors import ConfigError

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
