"""OpenID Connect login (Entra ID, Keycloak): discovery, the authorization-code flow with PKCE,
`state` and `nonce`, the id_token verified with the provider's keys, and the role it grants.
Started logins wait in the database (by the hash of their state), so any process can finish them."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar
from urllib.parse import quote, urlencode, urlsplit

import aiohttp
import jwt
from sqlalchemy import delete, func
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from bot.auth import token_id
from bot.db import session_scope
from bot.models import OidcFlow, utcnow
from bot.settings import Settings

FLOW_SECONDS = 600  # a started login must come back within this
CACHE_SECONDS = 3600  # discovery document and keys are fetched again after this
MAX_FLOWS = 10_000  # pending logins kept; the oldest are dropped beyond it
LEEWAY = 60  # seconds of clock skew tolerated on exp/iat
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")
TIMEOUT = aiohttp.ClientTimeout(total=10)
T = TypeVar("T")


class OidcError(Exception):
    """The login could not be completed; `key` names the message the user sees."""

    def __init__(self, detail: str, key: str = "login.oidc_failed") -> None:
        super().__init__(detail)
        self.key = key


@dataclass(frozen=True)
class Provider:
    """What discovery tells about the provider."""

    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    basic_auth: bool  # client_secret_basic, else client_secret_post


@dataclass(frozen=True)
class Flow:
    """A started login, kept server-side until its callback: one use, short-lived."""

    state: str
    nonce: str
    verifier: str
    next_path: str
    redirect_uri: str
    expires_at: datetime


@dataclass(frozen=True)
class Identity:
    """Who the provider vouched for, and the role their claims grant."""

    subject: str  # "issuer sub": unique across providers
    username: str
    role: str


def _secure_url(url: str) -> str:
    """Provider URLs must be HTTPS (plain HTTP only to this machine, for tests and dev)."""
    parts = urlsplit(url)
    if parts.scheme != "https" and not (parts.scheme == "http" and parts.hostname in LOCAL_HOSTS):
        raise OidcError(f"not an https URL: {url}")
    return url


def _provider(doc: dict[str, Any], issuer: str) -> Provider:
    if str(doc.get("issuer", "")).rstrip("/") != issuer.rstrip("/"):
        raise OidcError(f"discovery names another issuer: {doc.get('issuer')}")
    methods = doc.get("token_endpoint_auth_methods_supported") or ["client_secret_basic"]
    return Provider(issuer=str(doc["issuer"]),
                    authorization_endpoint=_secure_url(str(doc["authorization_endpoint"])),
                    token_endpoint=_secure_url(str(doc["token_endpoint"])),
                    jwks_uri=_secure_url(str(doc["jwks_uri"])),
                    basic_auth="client_secret_basic" in methods)


def _challenge(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def _claim(claims: dict[str, Any], path: str) -> list[str]:
    """The values at a claim path ("roles", "realm_access.roles"), as a list of strings."""
    value: Any = claims
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value] if isinstance(value, list) else []


def role_of(claims: dict[str, Any], settings: Settings) -> str | None:
    """admin or registrar by the configured claim values; None = no role here."""
    values = _claim(claims, settings.oidc_role_claim)
    if settings.oidc_admin_value and settings.oidc_admin_value in values:
        return "admin"
    if settings.oidc_registrar_value and settings.oidc_registrar_value in values:
        return "registrar"
    return None


def verify_id_token(token: str, keys: jwt.PyJWKSet, issuer: str, client_id: str,
                    nonce: str) -> dict[str, Any]:
    """The claims of a valid id_token: RS256 by one of the keys, our issuer, audience, nonce,
    not expired. Raises OidcError otherwise."""
    try:
        kid = jwt.get_unverified_header(token).get("kid")
        key = keys[kid] if kid else next(iter(keys.keys))
        claims: dict[str, Any] = jwt.decode(
            token, key.key, algorithms=["RS256"], audience=client_id, issuer=issuer,
            leeway=LEEWAY, options={"require": ["exp", "iat", "iss", "aud", "sub"]})
    except (jwt.PyJWTError, KeyError, StopIteration) as error:
        raise OidcError(f"id_token refused: {error}") from error
    if not hmac.compare_digest(str(claims.get("nonce", "")), nonce):
        raise OidcError("id_token refused: wrong nonce")
    aud = claims["aud"]
    if isinstance(aud, list) and len(aud) > 1 and claims.get("azp") != client_id:
        raise OidcError("id_token refused: issued to another party (azp)")
    return claims


def _username(claims: dict[str, Any]) -> str:
    for name in ("preferred_username", "email", "upn", "sub"):
        value = str(claims.get(name) or "").strip()
        if value and len(value) <= 64 and not any(c.isspace() for c in value):
            return value
    raise OidcError("id_token names no usable user name")


async def _json(response: aiohttp.ClientResponse) -> dict[str, Any]:
    if response.status != 200:
        raise OidcError(f"{response.url} answered {response.status}")
    data = await response.json(content_type=None)
    if not isinstance(data, dict):
        raise OidcError(f"{response.url} did not answer a JSON object")
    return data


def _keep(session: Session, flow: Flow) -> None:
    """Store a started login by its state's hash; drop expired ones, and the oldest beyond
    MAX_FLOWS."""
    session.execute(delete(OidcFlow).where(col(OidcFlow.expires_at) < utcnow()))
    excess = session.exec(select(func.count()).select_from(OidcFlow)).one() - MAX_FLOWS + 1
    if excess > 0:
        oldest = select(OidcFlow.state_hash).order_by(col(OidcFlow.expires_at)).limit(excess)
        session.execute(delete(OidcFlow).where(col(OidcFlow.state_hash).in_(oldest)))
    session.add(OidcFlow(state_hash=token_id(flow.state), nonce=flow.nonce,
                         verifier=flow.verifier, next_path=flow.next_path,
                         redirect_uri=flow.redirect_uri, expires_at=flow.expires_at))


def _take(session: Session, state: str) -> Flow | None:
    """The started login of this state, deleted (one use, even across processes), if live."""
    key = token_id(state)
    row = session.get(OidcFlow, key)
    if row is None:
        return None
    gone = session.execute(delete(OidcFlow).where(col(OidcFlow.state_hash) == key))
    if gone.rowcount != 1:  # type: ignore[attr-defined]  # another process took it first
        return None
    if row.expires_at < utcnow():
        return None
    return Flow(state, row.nonce, row.verifier, row.next_path, row.redirect_uri,
                row.expires_at)


@dataclass
class OidcClient:
    """The relying party: one per web app, caching discovery and keys; pending logins live in
    the database."""

    settings: Settings
    engine: Engine
    _provider: tuple[float, Provider] | None = None
    _keys: tuple[float, jwt.PyJWKSet] | None = None

    async def _get(self, url: str) -> dict[str, Any]:
        try:
            async with aiohttp.ClientSession(timeout=TIMEOUT) as http, http.get(url) as resp:
                return await _json(resp)
        except (aiohttp.ClientError, TimeoutError, ValueError) as error:
            raise OidcError(f"{url}: {error}") from error

    async def provider(self) -> Provider:
        if self._provider is None or self._provider[0] < time.monotonic():
            issuer = _secure_url(self.settings.oidc_issuer.rstrip("/"))
            doc = await self._get(f"{issuer}/.well-known/openid-configuration")
            try:
                self._provider = (time.monotonic() + CACHE_SECONDS, _provider(doc, issuer))
            except KeyError as error:
                raise OidcError(f"discovery lacks {error}") from error
        return self._provider[1]

    async def keys(self, refresh: bool = False) -> jwt.PyJWKSet:
        if refresh or self._keys is None or self._keys[0] < time.monotonic():
            doc = await self._get((await self.provider()).jwks_uri)
            try:
                self._keys = (time.monotonic() + CACHE_SECONDS, jwt.PyJWKSet.from_dict(doc))
            except jwt.PyJWTError as error:
                raise OidcError(f"unusable JWKS: {error}") from error
        return self._keys[1]

    async def start(self, next_path: str, redirect_uri: str) -> tuple[Flow, str]:
        """A new pending login and the provider URL to send the browser to."""
        provider = await self.provider()
        flow = Flow(secrets.token_urlsafe(32), secrets.token_urlsafe(32),
                    secrets.token_urlsafe(48), next_path, redirect_uri,
                    utcnow() + timedelta(seconds=FLOW_SECONDS))
        await self._in_db(_keep, flow)
        query = urlencode({
            "response_type": "code", "client_id": self.settings.oidc_client_id,
            "redirect_uri": redirect_uri, "scope": "openid profile email",
            "state": flow.state, "nonce": flow.nonce,
            "code_challenge": _challenge(flow.verifier), "code_challenge_method": "S256"})
        sep = "&" if "?" in provider.authorization_endpoint else "?"
        return flow, f"{provider.authorization_endpoint}{sep}{query}"

    async def _in_db(self, work: Callable[..., T], *args: Any) -> T:
        """Run `work(session, *args)` in one transaction on a worker thread."""
        def run() -> T:
            with session_scope(self.engine) as session:
                return work(session, *args)

        return await asyncio.to_thread(run)

    async def take(self, state: str) -> Flow | None:
        """The pending login of this state, removed (one use), if it has not expired."""
        return await self._in_db(_take, state)

    async def _token(self, flow: Flow, code: str) -> dict[str, Any]:
        provider, s = await self.provider(), self.settings
        data = {"grant_type": "authorization_code", "code": code,
                "redirect_uri": flow.redirect_uri, "code_verifier": flow.verifier,
                "client_id": s.oidc_client_id}
        headers = {}
        if s.oidc_client_secret and provider.basic_auth:  # RFC 6749 2.3.1: form-encode first
            pair = f"{quote(s.oidc_client_id, safe='')}:{quote(s.oidc_client_secret, safe='')}"
            headers["Authorization"] = f"Basic {base64.b64encode(pair.encode()).decode()}"
        elif s.oidc_client_secret:
            data["client_secret"] = s.oidc_client_secret
        try:
            async with aiohttp.ClientSession(timeout=TIMEOUT) as http, \
                    http.post(provider.token_endpoint, data=data, headers=headers) as resp:
                return await _json(resp)
        except (aiohttp.ClientError, TimeoutError, ValueError) as error:
            raise OidcError(f"token endpoint: {error}") from error

    async def _claims(self, token: str, nonce: str) -> dict[str, Any]:
        issuer, client_id = (await self.provider()).issuer, self.settings.oidc_client_id
        keys = await self.keys()
        try:
            kid = jwt.get_unverified_header(token).get("kid")
        except jwt.PyJWTError as error:
            raise OidcError(f"id_token refused: {error}") from error
        if kid and kid not in {k.key_id for k in keys.keys}:  # rotated keys: fetch them again
            keys = await self.keys(refresh=True)
        return verify_id_token(token, keys, issuer, client_id, nonce)

    async def finish(self, flow: Flow, code: str) -> Identity:
        """Exchange the code, verify the id_token, and map its claims to a role."""
        answer = await self._token(flow, code)
        if not isinstance(answer.get("id_token"), str):
            raise OidcError("the token endpoint sent no id_token")
        claims = await self._claims(answer["id_token"], flow.nonce)
        role = role_of(claims, self.settings)
        if role is None:
            raise OidcError("the token carries no mapped role", key="login.oidc_no_role")
        subject = f"{claims['iss']} {claims['sub']}"
        return Identity(subject=subject, username=_username(claims), role=role)
