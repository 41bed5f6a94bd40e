"""The one protocol between the bot and the outside world: fetch new messages, acknowledge one
after its submission is committed, and check the connection."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable


@dataclass(frozen=True)
class Message:
    """One thing that arrived: RFC 822 bytes (or a file's bytes) and where it came from.

    `source_ref` is stable: fetching the same message again gives the same reference.
    `handle` is the connector's own note for `acknowledge` (a UID, an item id); not stored.
    """

    source_ref: str
    data: bytes
    filename: str
    submitter: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    handle: Any = field(default=None, compare=False, repr=False)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@runtime_checkable
class Connector(Protocol):
    """A mailbox or folder the scheduler polls."""

    name: str
    poll_seconds: float

    def fetch(self) -> Iterable[Message]:
        """The messages not yet acknowledged; a lazy iterable that may hold a connection open."""
        ...

    def acknowledge(self, message: Message) -> None:
        """Move, flag or delete the message: called only after its submission is committed."""
        ...

    def check(self) -> list[str]:
        """Problems with the connection, readable by an IT admin; empty means OK."""
        ...


Deliver = Callable[[Message], object]


@runtime_checkable
class Receiver(Protocol):
    """A server the bot runs itself (the SMTP receiver): started and stopped, not polled."""

    name: str

    def start(self, deliver: Deliver) -> None:
        """Listen; `deliver` commits one message and raises when it could not."""
        ...

    def stop(self) -> None: ...

    def check(self) -> list[str]: ...
