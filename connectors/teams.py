"""Microsoft Teams chat connector on the Microsoft 365 Agents SDK: the bot's endpoint is a
route on diariebot's own web server; each activity's token is validated (teams_auth) before
the SDK's CloudAdapter runs it; files are fetched (teams_files); answers go back in the turn,
later messages (receipts, notices, the digest) proactively through the Bot Connector."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any

from aiohttp import ClientError, web

from connectors.chat import ChatEvent, ChatOptions, Deliver
from connectors.errors import AuthError, ConfigError, ConnectorError, ProtocolError, Unreachable
from connectors.options import load_options, option
from connectors.teams_auth import BOT_FRAMEWORK_ISSUER, BotTokens, Connections, TokenValidator
from connectors.teams_files import download, wanted

log = logging.getLogger(__name__)
BOT_SCOPE = f"{BOT_FRAMEWORK_ISSUER}/.default"


@dataclass
class TeamsOptions(ChatOptions):
    app_id: str = option("", "Appens id (Microsoft App ID) / the bot's app (client) id",
                         required=True)
    tenant_id: str = option("", "Katalog-id / directory (tenant) id", required=True)
    client_secret: str = option("", "Klienthemlighet (client_secret_env=VAR) / client secret",
                                secret=True, required=True)
    path: str = option("", "Sökväg under /api/messages/; tom = /api/messages/<namn> / the "
                           "route, under /api/messages/; empty = /api/messages/<name>")
    authority_host: str = option("https://login.microsoftonline.com",
                                 "Inloggningstjänst / Entra ID sign-in host")
    openid_metadata: str = option(
        "https://login.botframework.com/v1/.well-known/openidconfiguration",
        "Bot Frameworks OpenID-metadata (nycklar) / Bot Framework OpenID metadata (keys)")
    service_url: str = option("https://smba.trafficmanager.net/emea/",
                              "Bot Connector för proaktiva meddelanden till en kanal / "
                              "Bot Connector for proactive messages to a channel")
    download_hosts: tuple[str, ...] = option(
        (".sharepoint.com",), "Värdar som filer får hämtas från / hosts files may come from")
    ca_file: str = option("", "Egen CA-fil / own CA bundle (PEM)")
    timeout: int = option(30, "Sekunder per anrop / seconds per request")


class TeamsConnector:
    """One Teams bot (one app registration, one tenant)."""

    def __init__(self, name: str, table: dict[str, Any], poll_seconds: float = 60.0) -> None:
        self.name = name
        self.opts = o = load_options(TeamsOptions, name, table)
        self.chat: ChatOptions = o
        self.path = o.path or f"/api/messages/{name}"
        if not self.path.startswith("/api/messages/"):
            raise ConfigError(name, "path måste börja med / must start with /api/messages/")
        self.validator = TokenValidator(name, o.app_id, o.tenant_id, o.openid_metadata,
                                        o.authority_host, o.ca_file, o.timeout)
        self.tokens = BotTokens(name, o.app_id, o.client_secret, o.tenant_id,
                                o.authority_host, o.ca_file, o.timeout)
        self._deliver: Deliver | None = None
        self._adapter: Any = None
        self._agent: Any = None

    # --- the SDK ----------------------------------------------------------------------------
    def adapter(self) -> Any:
        from microsoft_agents.hosting.aiohttp import CloudAdapter

        from connectors.teams_agent import DiarieAgent

        if self._adapter is None:
            self._adapter = CloudAdapter(connection_manager=Connections(self.tokens))
            self._agent = DiarieAgent(self)
        return self._adapter

    # --- receiving ---------------------------------------------------------------------------
    def open(self, deliver: Deliver) -> None:
        self._deliver = deliver

    def close(self) -> None:
        self._deliver = None

    def deliver(self, event: ChatEvent) -> list[Any]:
        if self._deliver is None:
            raise Unreachable(self.name, "inte startad / not started")
        return self._deliver(event)

    async def handle(self, request: web.Request) -> web.StreamResponse:
        """POST from the Bot Connector: validate, then let the SDK run the turn."""
        if self._deliver is None:
            return web.json_response({"error": "not started"}, status=503)
        try:
            activity = await request.json()
        except ValueError:
            return web.json_response({"error": "invalid JSON"}, status=400)
        try:
            claims = await asyncio.to_thread(self.validator.validate,
                                             request.headers.get("Authorization", ""),
                                             activity if isinstance(activity, dict) else {})
        except AuthError as error:
            log.info("%s: avvisad begäran / refused request: %s", self.name, error.detail)
            return web.json_response({"error": error.detail}, status=401)
        except Unreachable as error:
            log.warning("%s: %s", self.name, error.detail)
            return web.json_response({"error": "keys unavailable"}, status=503)
        from microsoft_agents.hosting.core.authorization import ClaimsIdentity

        request["claims_identity"] = ClaimsIdentity(claims, True)  # the SDK reads this key
        adapter = self.adapter()
        return await adapter.process(request, self._agent)

    async def files(self, activity: Any) -> tuple[Any, ...]:
        attachments = [a for a in (activity.attachments or []) if wanted(a)]

        async def bot_token() -> str:
            return await self.tokens.get_access_token(BOT_FRAMEWORK_ISSUER, [BOT_SCOPE])
        return tuple([await download(a, self.opts.download_hosts, activity.service_url,
                                     self.opts.max_file_bytes, self.opts.timeout, bot_token)
                      for a in attachments])

    # --- sending -----------------------------------------------------------------------------
    def reference(self, address: dict[str, Any], thread: str | None) -> dict[str, Any]:
        """A conversation reference: the stored one, or one for a channel id (the digest)."""
        reference = dict(address.get("reference") or {})
        if not reference and address.get("room"):
            reference = {"channelId": "msteams", "serviceUrl": self.opts.service_url,
                         "conversation": {"id": str(address["room"]),
                                          "tenantId": self.opts.tenant_id},
                         "bot": {"id": f"28:{self.opts.app_id}"},
                         "user": {"id": f"28:{self.opts.app_id}"}}  # a channel: no user
        if not reference:
            raise ConfigError(self.name, "ingen konversation att skriva i / no conversation")
        conversation = dict(reference.get("conversation") or {})
        if thread and "@thread" in str(conversation.get("id")) and ";" not in conversation["id"]:
            conversation["id"] = f"{conversation['id']};messageid={thread}"  # channel thread
        return {**reference, "conversation": conversation}

    def send(self, address: dict[str, Any], text: str, thread: str | None, key: str) -> None:
        """A proactive message (blocking; called from the chat outbox's thread)."""
        try:
            asyncio.run(self._proactive(self.reference(address, thread), text))
        except ConnectorError:
            raise
        except (ClientError, TimeoutError, OSError) as error:
            raise Unreachable(self.name, f"Bot Connector: {type(error).__name__}") from error
        except ValueError as error:  # the SDK's model refused the reference
            raise ProtocolError(self.name, f"Bot Connector: {type(error).__name__}") from error

    async def _proactive(self, reference: dict[str, Any], text: str) -> None:
        from microsoft_agents.activity import ConversationReference
        from microsoft_agents.hosting.core import MessageFactory

        continuation = ConversationReference.model_validate(reference).get_continuation_activity()

        async def say(context: Any) -> None:
            await context.send_activity(MessageFactory.text(text))

        await self.adapter().continue_conversation(self.opts.app_id, continuation, say)

    def check(self) -> list[str]:
        """The bot's credentials work (a Bot Connector token) and the signing keys load."""
        problems = []
        try:
            self.tokens.token([BOT_SCOPE])
        except ConnectorError as error:
            problems.append(f"{error.kind}: {error.detail}")
        try:
            self.validator._jwks_uri(BOT_FRAMEWORK_ISSUER)
        except ConnectorError as error:
            problems.append(f"{error.kind}: {error.detail}")
        return problems
