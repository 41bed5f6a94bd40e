"""A person on the homeserver, as the tests drive them: a matrix-nio client that creates
rooms, uploads files, writes, and waits for what the bot answers."""

from __future__ import annotations

import asyncio
import io
import time
from typing import Any

from nio import AsyncClient, RoomCreateResponse, SyncResponse, UploadResponse


class MatrixUser:
    def __init__(self, homeserver: str, user_id: str, password: str) -> None:
        self.client = AsyncClient(homeserver, user_id)
        self.password = password
        self.since: str | None = None
        self.seen: list[dict[str, Any]] = []  # timeline events (raw), oldest first

    async def login(self) -> MatrixUser:
        await self.client.login(self.password)
        await self.sync(0)
        return self

    async def sync(self, timeout_ms: int = 1000) -> SyncResponse:
        response = await self.client.sync(timeout=timeout_ms, since=self.since)
        assert isinstance(response, SyncResponse), response
        self.since = response.next_batch
        for room_id, info in response.rooms.join.items():
            self.seen += [{**e.source, "room_id": room_id} for e in info.timeline.events]
        return response

    async def direct_room(self, *invite: str) -> str:
        response = await self.client.room_create(invite=list(invite), is_direct=True)
        assert isinstance(response, RoomCreateResponse), response
        return response.room_id

    async def wait_joined(self, room: str, user_id: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            members = await self.client.joined_members(room)
            if user_id in [m.user_id for m in getattr(members, "members", [])]:
                return
            await asyncio.sleep(0.2)
        raise AssertionError(f"{user_id} did not join {room}")

    async def send_file(self, room: str, name: str, data: bytes,
                        mimetype: str = "application/pdf") -> str:
        upload, _ = await self.client.upload(io.BytesIO(data), content_type=mimetype,
                                             filename=name, filesize=len(data))
        assert isinstance(upload, UploadResponse), upload
        content = {"msgtype": "m.file", "body": name, "url": upload.content_uri,
                   "info": {"mimetype": mimetype, "size": len(data)}}
        return await self._send(room, content)

    async def say(self, room: str, text: str, thread: str | None = None) -> str:
        content: dict[str, Any] = {"msgtype": "m.text", "body": text}
        if thread:
            content["m.relates_to"] = {"rel_type": "m.thread", "event_id": thread}
        return await self._send(room, content)

    async def _send(self, room: str, content: dict[str, Any]) -> str:
        response = await self.client.room_send(room, "m.room.message", content)
        return str(response.event_id)

    async def wait_for(self, sender: str, contains: str, after: int = 0,
                       timeout: float = 60) -> dict[str, Any]:
        """The first message from `sender` (after the first `after` seen) whose text holds
        `contains`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for event in self.seen[after:]:
                body = str((event.get("content") or {}).get("body") or "")
                if event.get("sender") == sender and contains in body:
                    return event
            await self.sync(1000)
        bodies = [(e.get("sender"), (e.get("content") or {}).get("body")) for e in self.seen]
        raise AssertionError(f"no message with {contains!r} from {sender}: {bodies}")

    async def close(self) -> None:
        await self.client.close()
