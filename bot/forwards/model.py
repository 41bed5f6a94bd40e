"""The messages found in a body: each forwarded or quoted message, and the chain of them."""

from __future__ import annotations

from dataclasses import dataclass

from bot.forwards.dates import _sortable


@dataclass(frozen=True)
class ForwardedMessage:
    """One message found in a body, with the headers its client wrote above it."""

    sender: str | None
    to: str | None
    cc: str | None
    date: str | None  # ISO 8601; None when absent or unreadable
    date_text: str | None  # the date as written
    subject: str | None
    body: str
    quoted: bool = False  # a reply ("... skrev:"), not a forward


@dataclass(frozen=True)
class Chain:
    """A body split: the forwarder's own note and the messages below it, outermost first."""

    note: str
    messages: tuple[ForwardedMessage, ...]

    @property
    def original(self) -> ForwardedMessage | None:
        """The oldest dated message, else the innermost one: its date is what matching needs."""
        dated = [m for m in self.messages if m.date]
        if dated:
            return min(reversed(dated), key=lambda m: _sortable(m.date or ""))
        return self.messages[-1] if self.messages else None
