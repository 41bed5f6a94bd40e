"""Teams security at the edge: every incoming activity's JWT checked (signature from the
issuer's published keys, issuer, audience = our app id, expiry, the service URL it was issued
for) and its tenant compared with ours; and the bot's own tokens for the Bot Connector (msal
client credentials), handed to the Agents SDK as its token provider."""

from __future__ import annotations

import asyncio
import json
import ssl
import threading
import urllib.request
from typing import Any

import jwt

from connectors.errors import AuthError, Unreachable
from connectors.http import msal_session

BOT_FRAMEWORK_ISSUER = "https://api.botframework.com"
LEEWAY_SECONDS = 300  # clock skew Microsoft's own validation allows


def _ssl(ca_file: str) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=ca_file or None)


class TokenValidator:
    """Validates bearer tokens on activities for one app id and tenant."""

    def __init__(self, connector: str, app_id: str, tenant_id: str, openid_metadata: str,
                 authority_host: str, ca_file: str = "", timeout: float = 30) -> None:
        self.connector, self.app_id, self.tenant_id = connector, app_id, tenant_id
        self.metadata_url = openid_metadata
        self.entra_keys = f"{authority_host.rstrip('/')}/{tenant_id}/discovery/v2.0/keys"
        self.context, self.timeout = _ssl(ca_file), timeout
        self._clients: dict[str, jwt.PyJWKClient] = {}
        self._lock = threading.Lock()

    def entra_issuers(self) -> tuple[str, ...]:
        return (f"https://sts.windows.net/{self.tenant_id}/",
                f"https://login.microsoftonline.com/{self.tenant_id}/v2.0")

    def _jwks_uri(self, issuer: str) -> str:
        if issuer in self.entra_issuers():
            return self.entra_keys
        try:
            with urllib.request.urlopen(self.metadata_url, timeout=self.timeout,
                                        context=self.context) as response:
                return str(json.load(response)["jwks_uri"])
        except (OSError, ValueError, KeyError) as error:
            raise Unreachable(self.connector, "OpenID-metadata: "
                                              f"{type(error).__name__}") from error

    def _key(self, token: str, issuer: str) -> Any:
        with self._lock:
            client = self._clients.get(issuer)
            if client is None:
                client = jwt.PyJWKClient(self._jwks_uri(issuer), cache_keys=True,
                                         lifespan=24 * 3600, timeout=int(self.timeout),
                                         ssl_context=self.context)
                self._clients[issuer] = client
        return client.get_signing_key_from_jwt(token).key

    def validate(self, authorization: str, activity: dict[str, Any]) -> dict[str, Any]:
        """The token's claims, or AuthError saying (without personal data) why not."""
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token:
            raise AuthError(self.connector, "ingen token / no bearer token")
        try:
            issuer = str(jwt.decode(token, options={"verify_signature": False}).get("iss"))
            if issuer not in (BOT_FRAMEWORK_ISSUER, *self.entra_issuers()):
                raise AuthError(self.connector, "fel utfärdare / wrong issuer")
            claims: dict[str, Any] = jwt.decode(
                token, self._key(token, issuer), algorithms=["RS256"], audience=self.app_id,
                issuer=issuer, leeway=LEEWAY_SECONDS, options={"require": ["exp", "aud"]})
        except jwt.PyJWKClientError as error:
            raise AuthError(self.connector, f"okänd nyckel / unknown key ({error})") from error
        except jwt.InvalidTokenError as error:
            raise AuthError(self.connector, f"ogiltig token / invalid token "
                                            f"({type(error).__name__})") from error
        self._check_activity(claims, issuer, activity)
        return claims

    def _check_activity(self, claims: dict[str, Any], issuer: str,
                        activity: dict[str, Any]) -> None:
        service_url = str(activity.get("serviceUrl") or "")
        if issuer == BOT_FRAMEWORK_ISSUER and claims.get("serviceurl") != service_url:
            raise AuthError(self.connector, "serviceUrl stämmer inte / serviceUrl mismatch")
        if issuer != BOT_FRAMEWORK_ISSUER and claims.get("tid") != self.tenant_id:
            raise AuthError(self.connector, "fel katalog (tenant) / wrong tenant")
        if tenant_of(activity) not in ("", self.tenant_id):
            raise AuthError(self.connector, "fel katalog (tenant) / wrong tenant")


def tenant_of(activity: dict[str, Any]) -> str:
    """The tenant a Teams activity comes from (channelData, else the conversation)."""
    channel_data = activity.get("channelData") or {}
    tenant = (channel_data.get("tenant") or {}).get("id") or (
        activity.get("conversation") or {}).get("tenantId")
    return str(tenant or "")


class BotTokens:
    """The bot's tokens for the Bot Connector: msal client credentials against the tenant,
    cached by msal. Implements the Agents SDK's AccessTokenProviderBase (duck-typed)."""

    def __init__(self, connector: str, app_id: str, secret: str, tenant_id: str,
                 authority_host: str, ca_file: str = "", timeout: float = 30) -> None:
        self.connector, self.app_id, self.secret = connector, app_id, secret
        self.authority = f"{authority_host.rstrip('/')}/{tenant_id}"
        self.ca_file, self.timeout = ca_file, timeout
        self._app: Any = None
        self._lock = threading.Lock()

    def _msal(self) -> Any:
        import msal
        import requests

        if self._app is None:
            try:
                self._app = msal.ConfidentialClientApplication(
                    self.app_id, client_credential=self.secret, authority=self.authority,
                    instance_discovery=False,
                    http_client=msal_session(self.ca_file, self.timeout))
            except (ValueError, requests.RequestException) as error:
                raise Unreachable(self.connector, f"inloggningstjänsten / sign-in service: "
                                                  f"{type(error).__name__}") from error
        return self._app

    def token(self, scopes: list[str]) -> str:
        import requests

        with self._lock:
            try:
                result = self._msal().acquire_token_for_client(scopes=scopes)
            except requests.RequestException as error:
                raise Unreachable(self.connector, f"token: {type(error).__name__}") from error
        if "access_token" not in result:
            code = str(result.get("error", "?"))
            aadsts = str(result.get("error_description", "")).split(":")[0]
            raise AuthError(self.connector, f"token nekades / token refused: {code} {aadsts}")
        return str(result["access_token"])

    async def get_access_token(self, resource_url: str, scopes: list[str],
                               force_refresh: bool = False) -> str:
        wanted = scopes or [f"{resource_url.rstrip('/')}/.default"]
        return await asyncio.to_thread(self.token, wanted)


class Connections:
    """The SDK's connection manager: one app, one token provider."""

    def __init__(self, tokens: BotTokens) -> None:
        self.tokens = tokens

    def get_connection(self, connection_name: str) -> BotTokens:
        return self.tokens

    def get_default_connection(self) -> BotTokens:
        return self.tokens

    def get_token_provider(self, claims_identity: Any, service_url: str) -> BotTokens:
        return self.tokens

    def get_default_connection_configuration(self) -> Any:
        return None
