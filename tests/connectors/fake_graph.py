"""A local Microsoft Graph and Entra ID token endpoint answering as their REST references
document: OIDC discovery, client-credentials token, mailFolders (get, $filter, create),
messages listing with $select/$top/$orderby/$skip paging, $value MIME, move (new id), 429."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from aiohttp import web

TENANT = "11111111-2222-3333-4444-555555555555"
CLIENT_ID = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"
SECRET = "hemlig~klient"
MAILBOX = "diariet@exempelby.se"
PAGE_MAX = 20


@dataclass
class Mail:
    id: str
    folder: str
    mime: bytes
    internet_id: str | None
    received: str


@dataclass
class Graph:
    """The mailbox's state; tests read and change it directly."""

    base: str = ""
    folders: dict[str, dict[str, Any]] = field(default_factory=dict)
    mails: dict[str, Mail] = field(default_factory=dict)
    throttle: int = 0  # answer this many requests with 429 first
    requests: list[str] = field(default_factory=list)
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))

    def __post_init__(self) -> None:
        self.folders["AAMkInbox"] = {"id": "AAMkInbox", "displayName": "Inkorgen",
                                     "parentFolderId": "AAMkRoot", "wellKnown": "inbox"}

    def new_id(self, prefix: str) -> str:
        return f"{prefix}{next(self._ids):06d}="

    def add(self, mime: bytes, internet_id: str | None, folder: str = "AAMkInbox") -> str:
        mail_id = self.new_id("AAMkMsg")
        when = datetime(2024, 4, 1, 8, tzinfo=UTC) + timedelta(minutes=next(self._ids))
        received = when.strftime("%Y-%m-%dT%H:%M:%SZ")
        self.mails[mail_id] = Mail(mail_id, folder, mime, internet_id, received)
        return mail_id

    def in_folder(self, folder_id: str) -> list[Mail]:
        return [m for m in self.mails.values() if m.folder == folder_id]


def _error(status: int, code: str, message: str) -> web.Response:
    return web.json_response({"error": {"code": code, "message": message}}, status=status)


def build_app(graph: Graph) -> web.Application:
    app = web.Application(middlewares=[_throttle_and_auth(graph)])
    app.router.add_get("/{tenant}/v2.0/.well-known/openid-configuration", _discovery(graph))
    app.router.add_post("/{tenant}/oauth2/v2.0/token", _token)
    base = "/v1.0/users/{user}"
    app.router.add_get(base + "/mailFolders", _folders(graph, None))
    app.router.add_post(base + "/mailFolders", _create_folder(graph, None))
    app.router.add_get(base + "/mailFolders/{folder}", _get_folder(graph))
    app.router.add_get(base + "/mailFolders/{folder}/childFolders", _folders(graph, "folder"))
    app.router.add_post(base + "/mailFolders/{folder}/childFolders",
                        _create_folder(graph, "folder"))
    app.router.add_get(base + "/mailFolders/{folder}/messages", _list(graph))
    app.router.add_get(base + "/messages/{id}/$value", _mime(graph))
    app.router.add_post(base + "/messages/{id}/move", _move(graph))
    return app


def _throttle_and_auth(graph: Graph) -> Any:
    @web.middleware
    async def middleware(request: web.Request, handler: Any) -> web.StreamResponse:
        graph.requests.append(f"{request.method} {request.path_qs}")
        if not request.path.startswith("/v1.0/"):
            return await handler(request)
        if graph.throttle > 0:
            graph.throttle -= 1
            response = _error(429, "TooManyRequests", "Too many requests")
            response.headers["Retry-After"] = "3"
            return response
        if request.headers.get("Authorization") != "Bearer token-for-" + CLIENT_ID:
            return _error(401, "InvalidAuthenticationToken", "Access token is empty.")
        if request.match_info.get("user") != MAILBOX:
            return _error(404, "ErrorInvalidUser",
                          f"The requested user '{request.match_info.get('user')}' is invalid.")
        return await handler(request)

    return middleware


def _discovery(graph: Graph) -> Any:
    async def handler(request: web.Request) -> web.Response:
        tenant = request.match_info["tenant"]
        if tenant != TENANT:
            return web.json_response({"error": "invalid_tenant", "error_description":
                                      f"AADSTS90002: Tenant '{tenant}' not found."}, status=400)
        root = f"{graph.base}/{tenant}"
        return web.json_response({
            "issuer": f"{root}/v2.0", "authorization_endpoint": f"{root}/oauth2/v2.0/authorize",
            "token_endpoint": f"{root}/oauth2/v2.0/token",
            "token_endpoint_auth_methods_supported": ["client_secret_post"],
        })

    return handler


async def _token(request: web.Request) -> web.Response:
    form = await request.post()
    if form.get("grant_type") != "client_credentials" or form.get("client_id") != CLIENT_ID:
        return web.json_response({"error": "unauthorized_client"}, status=400)
    if form.get("client_secret") != SECRET:
        return web.json_response({"error": "invalid_client", "error_description":
                                  "AADSTS7000215: Invalid client secret provided."}, status=401)
    if not str(form.get("scope", "")).endswith("/.default"):
        return web.json_response({"error": "invalid_scope"}, status=400)
    return web.json_response({"token_type": "Bearer", "expires_in": 3599,
                              "access_token": "token-for-" + CLIENT_ID})


def _resolve(graph: Graph, name: str) -> dict[str, Any] | None:
    for folder in graph.folders.values():
        if folder["id"] == name or folder.get("wellKnown") == name.lower():
            return folder
    return None


def _public(folder: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in folder.items() if k != "wellKnown"}


def _get_folder(graph: Graph) -> Any:
    async def handler(request: web.Request) -> web.Response:
        folder = _resolve(graph, request.match_info["folder"])
        if folder is None:
            return _error(404, "ErrorItemNotFound", "The specified object was not found.")
        return web.json_response(_public(folder))

    return handler


def _folders(graph: Graph, parent_key: str | None) -> Any:
    async def handler(request: web.Request) -> web.Response:
        parent = _resolve(graph, request.match_info[parent_key]) if parent_key else None
        parent_id = parent["id"] if parent else "AAMkRoot"
        found = [f for f in graph.folders.values() if f["parentFolderId"] == parent_id]
        wanted = request.query.get("$filter", "")
        if wanted.startswith("displayName eq '"):
            name = wanted[len("displayName eq '"):-1].replace("''", "'")
            found = [f for f in found if f["displayName"] == name]
        return web.json_response({"value": [_public(f) for f in found]})

    return handler


def _create_folder(graph: Graph, parent_key: str | None) -> Any:
    async def handler(request: web.Request) -> web.Response:
        parent = _resolve(graph, request.match_info[parent_key]) if parent_key else None
        body = await request.json()
        folder = {"id": graph.new_id("AAMkFolder"), "displayName": body["displayName"],
                  "parentFolderId": parent["id"] if parent else "AAMkRoot"}
        graph.folders[folder["id"]] = folder
        return web.json_response(folder, status=201)

    return handler


def _list(graph: Graph) -> Any:
    async def handler(request: web.Request) -> web.Response:
        folder = _resolve(graph, request.match_info["folder"])
        if folder is None:
            return _error(404, "ErrorItemNotFound", "The specified object was not found.")
        top = min(int(request.query.get("$top", "10")), PAGE_MAX)  # a server may page smaller
        skip = int(request.query.get("$skip", "0"))
        mails = sorted(graph.in_folder(folder["id"]), key=lambda m: (m.received, m.id))
        fields = request.query.get("$select", "id").split(",")
        page = [_select(m, fields) for m in mails[skip: skip + top]]
        body: dict[str, Any] = {"@odata.context": f"{graph.base}/v1.0/$metadata#users/messages",
                                "value": page}
        if skip + top < len(mails):
            query = dict(request.query) | {"$skip": str(skip + top)}
            body["@odata.nextLink"] = str(request.url.with_query(query))
        return web.json_response(body)

    return handler


def _select(mail: Mail, fields: list[str]) -> dict[str, Any]:
    full = {"id": mail.id, "internetMessageId": mail.internet_id,
            "receivedDateTime": mail.received, "parentFolderId": mail.folder}
    return {"@odata.etag": 'W/"CQAAABYAAAA"'} | {k: full[k] for k in fields if k in full}


def _mime(graph: Graph) -> Any:
    async def handler(request: web.Request) -> web.Response:
        mail = graph.mails.get(request.match_info["id"])
        if mail is None:
            return _error(404, "ErrorItemNotFound", "The specified object was not found.")
        return web.Response(body=mail.mime, content_type="text/plain")

    return handler


def _move(graph: Graph) -> Any:
    async def handler(request: web.Request) -> web.Response:
        mail = graph.mails.pop(request.match_info["id"], None)
        target = _resolve(graph, (await request.json()).get("destinationId", ""))
        if mail is None or target is None:
            return _error(404, "ErrorItemNotFound", "The specified object was not found.")
        moved = Mail(graph.new_id("AAMkMsg"), target["id"], mail.mime, mail.internet_id,
                     mail.received)  # a move makes a new copy with a new id
        graph.mails[moved.id] = moved
        return web.json_response(_select(moved, ["id", "internetMessageId", "parentFolderId"]),
                                 status=201)

    return handler
