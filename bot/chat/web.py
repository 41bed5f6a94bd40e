"""Chat on the web server: each Teams connector's route (the Bot Connector posts activities
to it), and the chat service (Matrix sync, outbox) started and stopped with the app."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

from aiohttp import web

from bot.chat.service import ChatService, chat_channels
from bot.context import Context


def install(app: web.Application, ctx: Context, background: bool = True) -> None:
    """Mount the Teams routes; with `background`, run the chat service with the app."""
    channels = chat_channels(ctx)
    for channel in channels:
        handle = getattr(channel, "handle", None)
        path = getattr(channel, "path", None)
        if handle is not None and path:
            app.router.add_post(path, handle)
    if not channels or not background:
        return

    async def running(app: web.Application) -> AsyncIterator[None]:
        service = ChatService(ctx, channels)
        await asyncio.to_thread(service.start)
        yield
        await asyncio.to_thread(service.stop)

    app.cleanup_ctx.append(running)
