"""Local stand-ins for what a Teams bot talks to, answering as Microsoft documents them: the
Bot Framework's OpenID metadata and signing keys (a key set made here, so tests can sign
activities), the Bot Connector's conversations API (send, reply), and a file host standing in
for the OneDrive download URL of a file sent in personal chat."""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field
from typing import Any

import jwt
from aiohttp import web
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.connectors.fake_graph import CLIENT_ID, TENANT

BOT_FRAMEWORK = "https://api.botframework.com"


@dataclass
class Keys:
    """An RSA key pair published as a JWK set; `sign` makes a Bot Framework token."""

    kid: str = "test-key-1"
    key: Any = field(default_factory=lambda: rsa.generate_private_key(65537, 2048))

    def jwks(self) -> dict[str, Any]:
        jwk = jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
        return {"keys": [{**jwk, "kid": self.kid, "use": "sig", "alg": "RS256"}]}

    def sign(self, service_url: str, **claims: Any) -> str:
        now = int(time.time())
        body = {"iss": BOT_FRAMEWORK, "aud": CLIENT_ID, "serviceurl": service_url,
                "nbf": now - 5, "exp": now + 3600, **claims}
        return jwt.encode(body, self.key, algorithm="RS256", headers={"kid": self.kid})


def identity_app(keys: Keys, base: list[str]) -> web.Application:
    """OpenID metadata and the key set (served over TLS like the real ones)."""
    app = web.Application()

    async def metadata(request: web.Request) -> web.Response:
        return web.json_response({"issuer": BOT_FRAMEWORK, "jwks_uri": f"{base[0]}/keys",
                                  "id_token_signing_alg_values_supported": ["RS256"]})

    async def key_set(request: web.Request) -> web.Response:
        return web.json_response(keys.jwks())

    app.router.add_get("/v1/.well-known/openidconfiguration", metadata)
    app.router.add_get("/keys", key_set)
    return app


@dataclass
class Connector:
    """What the Bot Connector was sent; tests read it."""

    sent: list[dict[str, Any]] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)
    ids: Any = field(default_factory=lambda: itertools.count(1))

    def texts(self, conversation: str) -> list[str]:
        return [str(a.get("text")) for a in self.sent if a["conversation_path"] == conversation]


def connector_app(state: Connector) -> web.Application:
    app = web.Application()

    async def activity(request: web.Request) -> web.Response:
        if request.headers.get("Authorization") != "Bearer token-for-" + CLIENT_ID:
            return web.json_response({"error": {"code": "Unauthorized"}}, status=401)
        body = await request.json()
        body["conversation_path"] = request.match_info["conversation"]
        body["reply_to_path"] = request.match_info.get("activity")
        state.sent.append(body)
        return web.json_response({"id": f"m{next(state.ids)}"})

    async def download(request: web.Request) -> web.Response:
        data = state.files.get(request.match_info["name"])
        return web.Response(body=data) if data is not None else web.Response(status=404)

    app.router.add_post("/v3/conversations/{conversation}/activities", activity)
    app.router.add_post("/v3/conversations/{conversation}/activities/{activity}", activity)
    app.router.add_get("/files/{name}", download)
    return app


def personal_message(service_url: str, activity_id: str, text: str = "",
                     attachments: list[dict[str, Any]] | None = None,
                     tenant: str = TENANT) -> dict[str, Any]:
    """A message in personal chat, as Teams delivers it to the bot."""
    return {
        "type": "message", "id": activity_id, "timestamp": "2024-05-13T08:00:00.000Z",
        "serviceUrl": service_url, "channelId": "msteams",
        "from": {"id": "29:1anna", "name": "Anna Berg", "aadObjectId": "aad-anna"},
        "conversation": {"conversationType": "personal", "tenantId": tenant, "id": "a:1anna"},
        "recipient": {"id": f"28:{CLIENT_ID}", "name": "diariebot"},
        "text": text, "textFormat": "plain", "attachments": attachments or [],
        "channelData": {"tenant": {"id": tenant}},
    }


def file_info(name: str, url: str) -> dict[str, Any]:
    return {"contentType": "application/vnd.microsoft.teams.file.download.info",
            "contentUrl": url, "name": name,
            "content": {"downloadUrl": url, "uniqueId": "1a2b3c", "fileType": "pdf"}}
