"""Who is asking: the client's address, read from `X-Forwarded-For` only when the request came
through a reverse proxy named in `trusted_proxies` (anyone can write that header)."""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from functools import lru_cache

from aiohttp import web

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=16)
def networks(trusted: tuple[str, ...]) -> tuple[Network, ...]:
    """The configured proxies as networks (a bare address is a network of one)."""
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in trusted)


def _trusted(address: str, nets: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in nets)


def client_address(request: web.Request, trusted: Sequence[str]) -> str:
    """The peer's address; behind trusted proxies, the right-most address in X-Forwarded-For
    that is not one of them (what the outermost trusted proxy saw)."""
    peer = request.remote or "unknown"
    nets = networks(tuple(trusted))
    if not nets or not _trusted(peer, nets):
        return peer
    hops = [hop.strip() for header in request.headers.getall("X-Forwarded-For", [])
            for hop in header.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _trusted(hop, nets):
            return hop[:64]
    return hops[0][:64] if hops else peer
