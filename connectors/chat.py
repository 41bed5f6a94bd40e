"""The protocol between the bot and a chat channel (Matrix, Teams): what arrives (one event,
with its files already downloaded), what goes back, and the settings every chat connector has."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from connectors.options import option


@dataclass(frozen=True)
class ChatFile:
    """A file in a chat event: its bytes, or why they could not be had (too large, encrypted)."""

    name: str
    data: bytes | None
    media_type: str = "application/octet-stream"
    error: str | None = None  # Swedish / English, for the sender's receipt


@dataclass(frozen=True)
class ChatEvent:
    """One message to the bot. `event_id` is stable: a redelivery carries the same one.

    `address` is the channel's own note of where to answer (a Matrix room, a Teams
    conversation reference); `thread` the event a reply should be threaded under."""

    event_id: str
    sender: str
    text: str = ""
    files: tuple[ChatFile, ...] = ()
    address: dict[str, Any] = field(default_factory=dict)
    thread: str | None = None
    sender_name: str = ""
    forwarded: bool = False
    refused: bool = False  # the channel does not accept this sender: answer no, take nothing


@dataclass(frozen=True)
class ChatReply:
    """An answer to an event, written at once in the same conversation (threaded)."""

    text: str
    thread: str | None = None


# The bot's side: commit what the event brought and say what to answer, at once.
Deliver = Callable[[ChatEvent], list[ChatReply]]


@runtime_checkable
class ChatChannel(Protocol):
    """A chat connector: opened with the bot's `deliver`, sends what the bot writes later."""

    name: str
    chat: ChatOptions

    def open(self, deliver: Deliver) -> None:
        """Start receiving events (a sync loop, or routes on the web server)."""
        ...

    def close(self) -> None: ...

    def send(self, address: dict[str, Any], text: str, thread: str | None, key: str) -> None:
        """Write `text` to `address` (blocking); `key` makes a retried send harmless where the
        service supports it. Raises ConnectorError when it could not."""
        ...

    def check(self) -> list[str]: ...


@dataclass
class ChatOptions:
    """What every chat connector's table may also say (its options class extends this one),
    read by the bot's conversation."""

    registrars: tuple[str, ...] = option(
        (), "Chattanvändare som är registratorer (får se alla ärenden) / chat users who are "
            "registrars (may see every case)")
    digest_room: str = option(
        "", "Rum/kanal för registratorernas dagliga sammanfattning; tomt = ingen / room or "
            "channel for the registrars' daily digest; empty = none")
    digest_hour: int = option(8, "Timme (svensk tid) för sammanfattningen / hour of the digest")
    max_file_bytes: int = option(200_000_000, "Största fil som hämtas / largest file fetched")

