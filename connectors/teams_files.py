"""Files in a Teams message: a file sent in personal chat arrives as
`application/vnd.microsoft.teams.file.download.info` with a pre-authorised download URL
(OneDrive/SharePoint); a pasted picture as `image/*` on the Bot Connector, fetched with the
bot's token. Downloads are limited to the configured hosts and to `max_file_bytes`."""

from __future__ import annotations

import urllib.parse
from typing import Any

import aiohttp

from connectors.chat import ChatFile

DOWNLOAD_INFO = "application/vnd.microsoft.teams.file.download.info"
TOO_LARGE = "för stor fil / file too large"
NOT_FETCHED = "kunde inte hämtas / could not be fetched"
CHUNK = 1 << 16


def host_allowed(url: str, hosts: tuple[str, ...]) -> bool:
    """https (or a loopback test server) on a listed host; '.sharepoint.com' allows its
    subdomains."""
    parts = urllib.parse.urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme != "https" and host not in ("127.0.0.1", "localhost"):
        return False
    return any(host == h.lstrip(".") or (h.startswith(".") and host.endswith(h))
               for h in (x.lower() for x in hosts))


def wanted(attachment: Any) -> bool:
    kind = str(getattr(attachment, "content_type", "") or "")
    return kind == DOWNLOAD_INFO or (kind.startswith("image/")
                                     and bool(getattr(attachment, "content_url", None)))


async def fetch(url: str, limit: int, timeout: float, token: str | None = None) -> bytes | str:
    """The bytes, or why not (Swedish / English)."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    total = aiohttp.ClientTimeout(total=timeout)
    try:
        async with aiohttp.ClientSession(timeout=total) as session, session.get(
                url, headers=headers, allow_redirects=True) as response:
            if response.status != 200:
                return f"{NOT_FETCHED} (HTTP {response.status})"
            if (response.content_length or 0) > limit:
                return TOO_LARGE
            data = bytearray()
            async for chunk in response.content.iter_chunked(CHUNK):
                data += chunk
                if len(data) > limit:
                    return TOO_LARGE
            return bytes(data)
    except (aiohttp.ClientError, TimeoutError) as error:
        return f"{NOT_FETCHED} ({type(error).__name__})"


def _name(attachment: Any, fallback: str) -> str:
    name = str(getattr(attachment, "name", "") or fallback)
    return name.replace("/", "_").replace("\\", "_")[:200] or fallback


async def download(attachment: Any, hosts: tuple[str, ...], service_url: str, limit: int,
                   timeout: float, bot_token: Any) -> ChatFile:
    """One attachment as a ChatFile; `bot_token()` is awaited only for Bot Connector files."""
    kind = str(attachment.content_type)
    if kind == DOWNLOAD_INFO:
        content = attachment.content or {}
        url = str(content.get("downloadUrl") or "")
        name, token = _name(attachment, "fil"), None
        media = "application/octet-stream"
        if not host_allowed(url, hosts):
            return ChatFile(name, None, media, f"{NOT_FETCHED} (host)")
    else:
        url, media = str(attachment.content_url), kind
        name = _name(attachment, "bild." + kind.split("/")[-1])
        same = urllib.parse.urlsplit(url).netloc == urllib.parse.urlsplit(service_url).netloc
        if not (same or host_allowed(url, hosts)):
            return ChatFile(name, None, media, f"{NOT_FETCHED} (host)")
        token = await bot_token() if same else None
    result = await fetch(url, limit, timeout, token)
    if isinstance(result, str):
        return ChatFile(name, None, media, result)
    return ChatFile(name, result, media)
