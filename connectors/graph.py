"""Microsoft Graph mailbox connector (Exchange Online): msal client credentials, list a
mailFolder's messages, fetch each one's MIME ($value), move it to a processed folder after commit.
A moved message gets a new id, so the stable reference is Internet-Message-ID + content hash."""

from __future__ import annotations

import json
import logging
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from connectors.base import Message
from connectors.errors import AuthError, ConnectorError, NotFound, ProtocolError, Unreachable
from connectors.http import msal_session
from connectors.mail import header_meta, message_filename, sender_address
from connectors.options import load_options, option

log = logging.getLogger(__name__)
RETRY_STATUS = {429, 503, 504}
WELL_KNOWN = {"inbox", "archive", "deleteditems", "drafts", "junkemail", "sentitems",
              "msgfolderroot"}


@dataclass
class GraphOptions:
    tenant_id: str = option("", "katalog-id / directory (tenant) id", required=True)
    client_id: str = option("", "appens id / application (client) id", required=True)
    client_secret: str = option("", "klienthemlighet / client secret (or _env, _file)",
                                required=True, secret=True)
    mailbox: str = option("", "postlådan / the intake mailbox (UPN or id)", required=True)
    folder: str = option("inbox", "mapp att läsa / folder: well-known name or path a/b")
    processed_folder: str = option("Behandlat", "mapp för behandlade / processed folder path")
    authority_host: str = option("https://login.microsoftonline.com",
                                 "inloggningstjänst / Entra ID sign-in host")
    graph_url: str = option("https://graph.microsoft.com/v1.0", "Graph-adress / API root")
    ca_file: str = option("", "egen CA-fil / own CA bundle (PEM), e.g. for a TLS proxy")
    timeout: float = option(60.0, "sekunder per anrop / seconds per request")
    batch: int = option(200, "flest meddelanden per runda / most messages per round")
    max_retries: int = option(5, "försök vid 429/503 / retries when throttled")
    max_retry_wait: float = option(120.0, "längsta väntan / longest Retry-After honoured (s)")


@dataclass
class _Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body or b"{}")


class GraphConnector:
    """Blocking HTTP (urllib) and msal stay in here; the scheduler runs us in a thread."""

    def __init__(self, name: str, table: dict[str, Any], poll_seconds: float = 60.0,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.name = name
        self.poll_seconds = poll_seconds
        self.opts = load_options(GraphOptions, name, table)
        self.sleep = sleep
        self._app: Any = None
        self._folders: dict[str, str] = {}
        self._ssl: ssl.SSLContext | None = None

    # --- authentication (msal) -----------------------------------------------------------
    def _msal(self) -> Any:
        import msal
        import requests

        if self._app is None:
            try:
                self._app = msal.ConfidentialClientApplication(
                    self.opts.client_id, client_credential=self.opts.client_secret,
                    authority=f"{self.opts.authority_host.rstrip('/')}/{self.opts.tenant_id}",
                    instance_discovery=False, http_client=self._http_session())
            except ValueError as error:  # msal: tenant discovery failed (unknown tenant)
                raise NotFound(self.name, "katalogen (tenant) finns inte / tenant not found"
                                          f" ({self.opts.tenant_id})") from error
            except requests.RequestException as error:
                raise self._unreachable(self.opts.authority_host, error) from error
        return self._app

    def _http_session(self) -> Any:
        return msal_session(self.opts.ca_file, self.opts.timeout)

    def _token(self) -> str:
        import requests

        try:
            result = self._msal().acquire_token_for_client(scopes=[self._scope()])
        except requests.RequestException as error:
            raise self._unreachable(self.opts.authority_host, error) from error
        if "access_token" not in result:
            code = str(result.get("error", "?"))
            aadsts = str(result.get("error_description", "")).split(":")[0]
            raise AuthError(self.name, f"token nekades / token refused: {code} {aadsts}".strip())
        return str(result["access_token"])

    def _scope(self) -> str:
        parts = urllib.parse.urlsplit(self.opts.graph_url)
        return f"{parts.scheme}://{parts.netloc}/.default"

    def _unreachable(self, where: str, error: Exception) -> Unreachable:
        host = urllib.parse.urlsplit(where).netloc or where
        if "SSL" in type(error).__name__ or isinstance(getattr(error, "reason", None),
                                                       ssl.SSLError):
            return Unreachable(self.name, f"{host}: TLS misslyckades / TLS failed "
                                          "(certificate? see ca_file)")
        reason = getattr(error, "reason", None)
        return Unreachable(self.name, f"{host}: {type(reason or error).__name__}")

    # --- HTTP ----------------------------------------------------------------------------
    def _url(self, path: str, query: dict[str, str] | None = None) -> str:
        mailbox = urllib.parse.quote(self.opts.mailbox, safe="@")
        url = f"{self.opts.graph_url.rstrip('/')}/users/{mailbox}/{path}"
        if query:
            url += "?" + urllib.parse.urlencode(query, safe="$,'", quote_via=urllib.parse.quote)
        return url

    def _send(self, method: str, url: str, body: Any = None) -> _Reply:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(url, data=data, method=method, headers={
            "Authorization": f"Bearer {self._token()}", "Content-Type": "application/json"})
        if self._ssl is None:
            self._ssl = ssl.create_default_context(cafile=self.opts.ca_file or None)
        try:
            with urllib.request.urlopen(request, timeout=self.opts.timeout,
                                        context=self._ssl) as response:
                return _Reply(response.status, dict(response.headers), response.read())
        except urllib.error.HTTPError as error:
            return _Reply(error.code, dict(error.headers or {}), error.read())
        except (urllib.error.URLError, OSError) as error:
            raise self._unreachable(self.opts.graph_url, error) from error

    def _call(self, method: str, url: str, body: Any = None) -> _Reply:
        """One request; waits out 429/503 as the server's Retry-After asks (bounded)."""
        for attempt in range(self.opts.max_retries + 1):
            reply = self._send(method, url, body)
            if reply.status not in RETRY_STATUS or attempt == self.opts.max_retries:
                break
            wait = _retry_after(reply.headers, attempt)
            log.info("%s: strypt / throttled (%d), väntar / waiting %.0f s",
                     self.name, reply.status, min(wait, self.opts.max_retry_wait))
            self.sleep(min(wait, self.opts.max_retry_wait))
        if reply.status >= 400:
            raise self._http_error(reply)
        return reply

    def _http_error(self, reply: _Reply) -> ConnectorError:
        try:
            code = str(reply.json().get("error", {}).get("code", ""))
        except (ValueError, AttributeError):
            code = ""
        detail = f"HTTP {reply.status} {code}".strip()  # the message may name the mailbox
        if reply.status in {401, 403}:
            return AuthError(self.name, f"ingen behörighet / access denied ({detail}); "
                                        "needs application permission Mail.ReadWrite")
        if reply.status == 404:
            return NotFound(self.name, f"postlådan eller mappen / mailbox or folder ({detail})")
        return ProtocolError(self.name, detail)

    # --- folders -------------------------------------------------------------------------
    def _child(self, parent: str | None, display_name: str, create: bool) -> str | None:
        path = f"mailFolders/{parent}/childFolders" if parent else "mailFolders"
        escaped = display_name.replace("'", "''")
        found = self._call("GET", self._url(path, {"$filter": f"displayName eq '{escaped}'"}))
        for folder in found.json().get("value", []):
            return str(folder["id"])
        if not create:
            return None
        log.info("%s: skapar mappen för behandlade / creating the processed folder", self.name)
        made = self._call("POST", self._url(path), {"displayName": display_name})
        return str(made.json()["id"])

    def _folder_id(self, path: str, create: bool = False) -> str | None:
        if path in self._folders:
            return self._folders[path]
        parts = [p for p in path.split("/") if p]
        if not parts:
            raise NotFound(self.name, "tom mappsökväg / empty folder path")
        if parts[0].lower() in WELL_KNOWN:
            current: str | None = str(
                self._call("GET", self._url(f"mailFolders/{parts[0]}")).json()["id"])
            parts = parts[1:]
        else:
            current = None
        for part in parts:
            current = self._child(current, part, create)
            if current is None:
                return None
        assert current is not None
        self._folders[path] = current
        return current

    def _source_folder(self) -> str:
        folder = self._folder_id(self.opts.folder)
        if folder is None:
            raise NotFound(self.name, f"mappen / folder {self.opts.folder!r}")
        return folder

    # --- the Connector protocol ----------------------------------------------------------
    def _listing(self, folder_id: str) -> list[dict[str, Any]]:
        """Ids of the waiting messages, oldest first; read fully before any is moved, because
        moving shifts the pages a $skip link points at."""
        url: str | None = self._url(f"mailFolders/{folder_id}/messages", {
            "$select": "id,internetMessageId,receivedDateTime", "$top": "50",
            "$orderby": "receivedDateTime asc"})
        found: list[dict[str, Any]] = []
        while url and len(found) < self.opts.batch:
            page = self._call("GET", url).json()
            found += page.get("value", [])
            url = page.get("@odata.nextLink")
        return found[: self.opts.batch]

    def fetch(self) -> Iterator[Message]:
        self._folders.clear()  # folders are looked up again each round: one may be renamed
        listing = self._listing(self._source_folder())
        log.info("%s: %d meddelanden väntar / messages waiting", self.name, len(listing))
        for entry in listing:
            mime = self._call("GET", self._url(f"messages/{entry['id']}/$value")).body
            yield self._message(entry, mime)

    def _message(self, entry: dict[str, Any], mime: bytes) -> Message:
        meta = header_meta(mime)
        internet_id = entry.get("internetMessageId") or meta["message_id"] or ""
        meta["connector"] = {"type": "graph", "folder": self.opts.folder,
                             "received": entry.get("receivedDateTime")}
        ref = f"graph:{self.opts.mailbox}/{internet_id}/{meta['sha256']}"
        return Message(ref, mime, message_filename(meta), sender_address(mime), meta,
                       str(entry["id"]))

    def acknowledge(self, message: Message) -> None:
        target = self._folder_id(self.opts.processed_folder, create=True)
        self._call("POST", self._url(f"messages/{message.handle}/move"),
                   {"destinationId": target})

    def check(self) -> list[str]:
        """Token, mailbox and folder; the processed folder is made when first needed."""
        try:
            self._source_folder()
        except ConnectorError as error:
            return [f"{error.kind}: {error.detail}"]
        return []


def _retry_after(headers: dict[str, str], attempt: int) -> float:
    value = {k.lower(): v for k, v in headers.items()}.get("retry-after", "")
    try:
        return max(0.0, float(value))
    except ValueError:
        return float(2**attempt)  # no usable header: back off exponentially
