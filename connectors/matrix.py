"""Matrix chat connector (matrix-nio): a bot account that joins rooms it is invited to by
allowed users, hands each message and file to the bot, and answers in thread. Plain rooms
only: end-to-end encryption would need libolm, which is not installed.

The nio client lives in a thread of its own with its own event loop; `send` is called from
other threads and runs there. The sync token is kept in `state_dir`, so a restart continues
where it stopped (and a redelivered event is recognised by the bot anyway)."""

from __future__ import annotations

import asyncio
import logging
import threading
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from nio import (
    AsyncClient,
    AsyncClientConfig,
    InviteMemberEvent,
    LocalProtocolError,
    LoginResponse,
    MegolmEvent,
    RoomMessageMedia,
    RoomMessageText,
    SyncResponse,
    WhoamiResponse,
)

from connectors.chat import ChatEvent, ChatFile, ChatOptions, Deliver
from connectors.errors import AuthError, ConfigError, ConnectorError, Unreachable
from connectors.matrix_events import (
    ENCRYPTED,
    TOO_LARGE,
    allowed,
    file_event,
    file_name,
    homeserver_of,
    media_info,
    text_event,
    threaded,
)
from connectors.options import load_options, option

log = logging.getLogger(__name__)
SYNC_MS = 30_000
RETRY_SECONDS = 10.0


@dataclass
class MatrixOptions(ChatOptions):
    homeserver: str = option("", "Hemserverns adress / homeserver URL (https://matrix.kommun.se)",
                             required=True)
    user_id: str = option("", "Botens Matrix-id / the bot's user id (@diariebot:kommun.se)",
                          required=True)
    password: str = option("", "Lösenord (password_env=VAR) / password", secret=True)
    access_token: str = option("", "Åtkomsttoken i stället för lösenord / access token instead "
                                   "of a password (access_token_env=VAR)", secret=True)
    device_id: str = option("DIARIEBOT", "Enhets-id vid inloggning / device id at login")
    allowed_homeservers: tuple[str, ...] = option(
        (), "Hemservrar vars användare får skriva till boten / homeservers whose users may "
            "use the bot (neither list: the bot's own homeserver)")
    allowed_users: tuple[str, ...] = option(
        (), "Enskilda användare som får skriva till boten / single users who may use the bot")
    state_dir: str = option("", "Mapp för synktoken; tom = <home>/chat/<namn> / folder for "
                                "the sync token; empty = <home>/chat/<name>")
    timeout: int = option(30, "Sekunder per anrop / seconds per request")


class MatrixConnector:
    """One bot account on one homeserver."""

    def __init__(self, name: str, table: dict[str, Any], poll_seconds: float = 60.0) -> None:
        self.name = name
        self.opts = load_options(MatrixOptions, name, table)
        self.chat: ChatOptions = self.opts
        if not (self.opts.password or self.opts.access_token):
            raise ConfigError(name, "password eller access_token saknas / "
                                    "password or access_token missing")
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._task: asyncio.Task[None] | None = None
        self._client: AsyncClient | None = None
        self._warned: set[str] = set()
        self.ready = threading.Event()  # logged in and the first sync done

    # --- the client ------------------------------------------------------------------------
    def _new_client(self) -> AsyncClient:
        config = AsyncClientConfig(encryption_enabled=False, store_sync_tokens=False,
                                   request_timeout=self.opts.timeout, max_timeouts=2)
        client = AsyncClient(self.opts.homeserver, self.opts.user_id,
                             device_id=self.opts.device_id, config=config)
        if self.opts.access_token:
            client.restore_login(self.opts.user_id, self.opts.device_id, self.opts.access_token)
        return client

    async def _login(self, client: AsyncClient) -> None:
        try:
            response = (await client.whoami() if self.opts.access_token
                        else await client.login(self.opts.password,
                                                device_name="diariebot"))
        except (TimeoutError, OSError) as error:
            raise Unreachable(self.name, f"{self.opts.homeserver}: "
                                         f"{type(error).__name__}") from error
        if not isinstance(response, LoginResponse | WhoamiResponse):
            status = getattr(response, "status_code", "") or ""
            if status in ("M_FORBIDDEN", "M_UNKNOWN_TOKEN", "M_USER_DEACTIVATED"):
                raise AuthError(self.name, f"inloggningen nekades / login refused ({status})")
            raise Unreachable(self.name, f"{self.opts.homeserver}: "
                                         f"{getattr(response, 'message', response)}")

    def check(self) -> list[str]:
        async def attempt() -> None:
            client = self._new_client()
            try:
                await self._login(client)
            finally:
                await client.close()
        try:
            asyncio.run(attempt())
        except ConnectorError as error:
            return [f"{error.kind}: {error.detail}"]
        return []

    # --- running ---------------------------------------------------------------------------
    def open(self, deliver: Deliver) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        self._task = None

        def run() -> None:
            asyncio.set_event_loop(loop)
            self._task = loop.create_task(self._run(deliver))
            try:
                loop.run_until_complete(self._task)
            except asyncio.CancelledError:
                pass
            finally:
                loop.close()

        self._thread = threading.Thread(target=run, name=f"matrix-{self.name}", daemon=True)
        self._thread.start()

    def close(self) -> None:
        if self._loop is not None and self._task is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self._task.cancel)
        if self._thread is not None:
            self._thread.join(10)

    async def _run(self, deliver: Deliver) -> None:
        client = self._client = self._new_client()
        try:
            while True:
                try:
                    await self._login(client)
                    await self._sync_forever(client, deliver)
                except ConnectorError as error:
                    log.warning("%s: %s: %s", self.name, error.kind, error.detail)
                except Exception as error:  # the sync loop's boundary: log, wait, go on
                    log.warning("%s: %s", self.name, type(error).__name__, exc_info=True)
                await asyncio.sleep(RETRY_SECONDS)
        finally:
            await client.close()

    async def _sync_forever(self, client: AsyncClient, deliver: Deliver) -> None:
        since = self._load_token()
        while True:
            response = await client.sync(timeout=SYNC_MS, since=since, full_state=since is None)
            if not isinstance(response, SyncResponse):
                raise Unreachable(self.name, f"sync: {getattr(response, 'message', response)}")
            await self._invites(client, response)
            await self._messages(client, response, deliver)
            since = response.next_batch
            self._save_token(since)
            self.ready.set()

    # --- the sync token ----------------------------------------------------------------------
    def _token_file(self) -> Path | None:
        return Path(self.opts.state_dir) / "next_batch" if self.opts.state_dir else None

    def _load_token(self) -> str | None:
        path = self._token_file()
        return path.read_text().strip() or None if path and path.is_file() else None

    def _save_token(self, token: str) -> None:
        path = self._token_file()
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.with_suffix(".tmp").write_text(token)
            path.with_suffix(".tmp").replace(path)

    # --- what arrives ------------------------------------------------------------------------
    def _allowed(self, user_id: str) -> bool:
        return allowed(user_id, self.opts.allowed_users, self.opts.allowed_homeservers,
                       homeserver_of(self.opts.user_id))

    async def _invites(self, client: AsyncClient, response: SyncResponse) -> None:
        """Join when the inviter is allowed; otherwise decline (leave)."""
        for room_id, info in response.rooms.invite.items():
            inviter = next((e.sender for e in info.invite_state
                            if isinstance(e, InviteMemberEvent)
                            and e.state_key == self.opts.user_id and e.membership == "invite"),
                           "")
            if self._allowed(inviter):
                await client.join(room_id)
            else:
                log.info("%s: inbjudan avböjd / invite declined (homeserver %s)", self.name,
                         homeserver_of(inviter))
                await client.room_leave(room_id)

    async def _messages(self, client: AsyncClient, response: SyncResponse,
                        deliver: Deliver) -> None:
        for room_id, info in response.rooms.join.items():
            for event in info.timeline.events:
                if getattr(event, "sender", self.opts.user_id) == self.opts.user_id:
                    continue
                await self._one(client, room_id, event, deliver)

    async def _one(self, client: AsyncClient, room: str, event: Any, deliver: Deliver) -> None:
        chat: ChatEvent | None = None
        if isinstance(event, MegolmEvent):
            if room not in self._warned:
                self._warned.add(room)
                await self._send(client, room, ENCRYPTED, None, f"enc:{event.event_id}")
            return
        if isinstance(event, RoomMessageText):
            chat = text_event(room, event.event_id, event.sender, event.body, event.source)
        elif isinstance(event, RoomMessageMedia):
            chat = file_event(room, event.event_id, event.sender,
                              await self._download(client, event), event.source)
        if chat is None:
            return
        if not self._allowed(chat.sender):
            log.info("%s: avvisad / refused (homeserver %s)", self.name,
                     homeserver_of(chat.sender))
            chat = replace(chat, files=(), refused=True)  # the bot says no, takes nothing
        replies = await asyncio.to_thread(deliver, chat)
        for n, reply in enumerate(replies):
            await self._send(client, room, reply.text, reply.thread, f"{chat.event_id}:{n}")

    async def _download(self, client: AsyncClient, event: RoomMessageMedia) -> ChatFile:
        mimetype, size = media_info(event.source)
        name = file_name(event.source, "fil")
        if size is not None and size > self.opts.max_file_bytes:
            return ChatFile(name, None, mimetype, TOO_LARGE)
        response = await client.download(mxc=event.url)
        body = getattr(response, "body", None)
        if not isinstance(body, bytes):
            return ChatFile(name, None, mimetype, "kunde inte hämtas / could not be fetched")
        if len(body) > self.opts.max_file_bytes:
            return ChatFile(name, None, mimetype, TOO_LARGE)
        return ChatFile(name, body, mimetype)

    # --- what goes out -----------------------------------------------------------------------
    async def _send(self, client: AsyncClient, room: str, text: str, thread: str | None,
                    key: str) -> None:
        response = await client.room_send(room, "m.room.message", threaded(text, thread),
                                          tx_id=key)
        if not hasattr(response, "event_id"):
            raise Unreachable(self.name, f"send: {getattr(response, 'message', response)}")

    def send(self, address: dict[str, Any], text: str, thread: str | None, key: str) -> None:
        room = str(address.get("room") or "")
        if not room:
            raise ConfigError(self.name, "inget rum att skriva i / no room to write to")
        if not self.ready.wait(self.opts.timeout) or self._loop is None or self._client is None:
            raise Unreachable(self.name, "inte inloggad / not logged in")
        future = asyncio.run_coroutine_threadsafe(
            self._send(self._client, room, text, thread, key), self._loop)
        try:
            future.result(self.opts.timeout + 5)
        except TimeoutError as error:
            raise Unreachable(self.name, "send: timeout") from error
        except (LocalProtocolError, OSError) as error:  # not logged in (yet), connection
            raise Unreachable(self.name, f"send: {type(error).__name__}") from error

