"""Chat under `serve`: the configured chat connectors opened with the conversation as their
`deliver`, and a thread that every few seconds records receipts, confirmation notices and the
daily digest and sends what is due."""

from __future__ import annotations

import logging
import threading
from functools import partial
from typing import Any

from bot.chat.conversation import handle
from bot.chat.digest import record_digest
from bot.chat.notices import record_confirmations
from bot.chat.outbox import send_due
from bot.chat.receipts import record_receipts
from bot.context import Context
from bot.db import session_scope
from bot.models import utcnow
from connectors.chat import ChatChannel
from connectors.errors import ConnectorError
from connectors.factory import configured

log = logging.getLogger(__name__)
TICK_SECONDS = 5.0


def chat_channels(ctx: Context) -> list[ChatChannel]:
    """Every enabled chat connector that can be built; a bad table is logged and skipped."""

    def complete(name: str, table: dict[str, Any]) -> dict[str, Any]:
        if table.get("type") == "matrix" and not table.get("state_dir"):
            table["state_dir"] = str(ctx.settings.home / "chat" / name)  # the sync token
        return table

    built = configured(ctx.settings.connectors, chat=True, complete=complete)
    return [channel for channel in built if isinstance(channel, ChatChannel)]


class ChatService:
    """Opens the channels and runs the outbox; `tick` is one round of it (tests call it)."""

    def __init__(self, ctx: Context, channels: list[ChatChannel],
                 tick_seconds: float | None = None) -> None:
        self.ctx = ctx
        self.channels = {c.name: c for c in channels}
        self.tick_seconds = tick_seconds or TICK_SECONDS
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        for channel in self.channels.values():
            try:
                channel.open(partial(handle, self.ctx, channel))
            except ConnectorError as error:
                log.error("%s: startade inte / did not start: %s", channel.name, error.detail)
        self._thread = threading.Thread(target=self._loop, name="chat-outbox", daemon=True)
        self._thread.start()

    def tick(self) -> int:
        """Record what is due and send it; returns the messages sent."""
        names, now = list(self.channels), utcnow()
        with session_scope(self.ctx.engine) as session:
            record_receipts(session, names)
            record_confirmations(session, names)
            for channel in self.channels.values():
                record_digest(session, channel, now)
        return send_due(self.ctx, self.channels)

    def _loop(self) -> None:
        while not self._stop.wait(self.tick_seconds):
            try:
                self.tick()
            except Exception as error:  # the loop's boundary: chat must not stop the service
                log.warning("chatt / chat: %s", type(error).__name__)

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(10)
        for channel in self.channels.values():
            channel.close()


def start_chat(ctx: Context) -> ChatService | None:
    """Start the configured chat channels and their outbox; None when there are none."""
    channels = chat_channels(ctx)
    if not channels:
        return None
    service = ChatService(ctx, channels)
    service.start()
    return service
