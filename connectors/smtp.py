"""The bot's own SMTP receiver (aiosmtpd) for printers and mail relays: checks the client,
sender, recipients and size, and commits each message before it answers 250."""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import ssl
from dataclasses import dataclass
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from connectors.base import Deliver, Message
from connectors.errors import ConfigError, Unreachable
from connectors.mail import header_meta, message_filename, sender_address
from connectors.options import load_options, option

log = logging.getLogger(__name__)
Network = ipaddress.IPv4Network | ipaddress.IPv6Network

REFUSED_CLIENT = "550 5.7.1 klienten får inte lämna post / client not allowed"
REFUSED_SENDER = "550 5.7.1 avsändarens domän tas inte emot / sender domain not accepted"
REFUSED_RCPT = "550 5.1.1 mottagarens domän tas inte emot / recipient domain not accepted"
TOO_BIG = "552 5.3.4 meddelandet är för stort / message too big"
TRY_LATER = "451 4.3.0 kunde inte sparas, försök igen senare / not stored, try again later"
STORED = "250 2.0.0 mottaget / received"


@dataclass
class SmtpOptions:
    host: str = option("127.0.0.1", "adress att lyssna på / listen address (0.0.0.0 = all)")
    port: int = option(2525, "port att lyssna på / listen port")
    hostname: str = option("", "namn i hälsningen / greeting name; empty = this machine")
    allowed_clients: tuple[str, ...] = option(("127.0.0.0/8", "::1/128"),
                                        "nät (CIDR) som får lämna post / client networks")
    sender_domains: tuple[str, ...] = option((), "avsändardomäner / sender domains; any")
    recipient_domains: tuple[str, ...] = option((), "mottagardomäner / recipient domains; any")
    max_bytes: int = option(50_000_000, "största meddelande / largest message in bytes")
    tls_cert: str = option("", "certifikat (PEM) för STARTTLS / certificate; empty = no TLS")
    tls_key: str = option("", "privat nyckel (PEM) för STARTTLS / private key")
    require_tls: bool = option(False, "kräv STARTTLS före MAIL / require STARTTLS")


def domain_allowed(address: str, domains: tuple[str, ...]) -> bool:
    """True when no domains are configured, or the address is in one (or a subdomain of one)."""
    if not domains:
        return True
    domain = address.rpartition("@")[2].lower().strip(".>")
    return any(domain == d.lower() or domain.endswith("." + d.lower()) for d in domains)


def _size_param(mail_options: list[str]) -> int:
    for item in mail_options:
        key, _, value = item.partition("=")
        if key.upper() == "SIZE" and value.isdigit():
            return int(value)
    return 0


def _peer_ip(session: Session) -> str:
    peer: Any = session.peer
    return str(peer[0]) if isinstance(peer, tuple | list) else str(peer or "")


class _Handler:
    """aiosmtpd hooks; the commit runs in a worker thread so the event loop stays free."""

    def __init__(self, receiver: SmtpReceiver, deliver: Deliver) -> None:
        self.receiver = receiver
        self.deliver = deliver

    async def handle_MAIL(self, server: SMTP, session: Session, envelope: Envelope,
                          address: str, mail_options: list[str]) -> str:
        opts = self.receiver.opts
        if not self.receiver.client_allowed(_peer_ip(session)):
            return REFUSED_CLIENT
        if not domain_allowed(address, opts.sender_domains):
            return REFUSED_SENDER
        if _size_param(mail_options) > opts.max_bytes:
            return TOO_BIG
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server: SMTP, session: Session, envelope: Envelope,
                          address: str, rcpt_options: list[str]) -> str:
        if not domain_allowed(address, self.receiver.opts.recipient_domains):
            return REFUSED_RCPT
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        data = envelope.original_content or b""
        if len(data) > self.receiver.opts.max_bytes:
            return TOO_BIG
        message = self.receiver.message(data, envelope, session)
        try:
            await asyncio.to_thread(self.deliver, message)
        except Exception as error:  # any failure to commit must become a 4xx, never a 250
            log.warning("%s: meddelandet kunde inte sparas / not stored (%s)",
                        self.receiver.name, type(error).__name__)
            return TRY_LATER
        log.info("%s: 1 meddelande mottaget / message received", self.receiver.name)
        return STORED


class SmtpReceiver:
    """Started and stopped by the scheduler; not polled."""

    def __init__(self, name: str, table: dict[str, Any], poll_seconds: float = 0.0) -> None:
        self.name = name
        self.opts = load_options(SmtpOptions, name, table)
        try:
            self.networks: list[Network] = [ipaddress.ip_network(c, strict=False)
                                            for c in self.opts.allowed_clients]
        except ValueError as error:
            raise ConfigError(name, f"allowed_clients: {error}") from error
        if bool(self.opts.tls_cert) != bool(self.opts.tls_key):
            raise ConfigError(name, "tls_cert och tls_key hör ihop / go together")
        self._controller: Controller | None = None

    def client_allowed(self, peer: str) -> bool:
        try:
            address = ipaddress.ip_address(peer)
        except ValueError:
            return False
        return any(address in network for network in self.networks)

    def message(self, data: bytes, envelope: Envelope, session: Session) -> Message:
        meta = header_meta(data)
        meta["connector"] = {"type": "smtp", "peer": _peer_ip(session),
                             "helo": session.host_name, "mail_from": envelope.mail_from,
                             "rcpt_to": list(envelope.rcpt_tos)}
        ref = f"smtp:sha256:{meta['sha256']}/{meta['message_id'] or ''}"
        submitter = (envelope.mail_from or "").lower() or sender_address(data)
        return Message(ref, data, message_filename(meta), submitter, meta)

    def _tls(self) -> ssl.SSLContext | None:
        if not self.opts.tls_cert:
            return None
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        try:
            context.load_cert_chain(self.opts.tls_cert, self.opts.tls_key)
        except (OSError, ssl.SSLError) as error:
            raise ConfigError(self.name, f"TLS-certifikatet kan inte läsas / cannot load the "
                                         f"TLS certificate: {error}") from error
        return context

    def start(self, deliver: Deliver) -> None:
        """Listen; returns once the port is open (raises Unreachable when it cannot be)."""
        tls = self._tls()
        controller = Controller(
            _Handler(self, deliver), hostname=self.opts.host, port=self.opts.port,
            server_hostname=self.opts.hostname or None, data_size_limit=self.opts.max_bytes,
            tls_context=tls, require_starttls=self.opts.require_tls and tls is not None,
            decode_data=False, ready_timeout=10,
        )
        try:
            controller.start()
        except (OSError, RuntimeError) as error:
            raise Unreachable(self.name, f"kan inte lyssna på / cannot listen on "
                                         f"{self.opts.host}:{self.opts.port}: {error}") from error
        self._controller = controller
        log.info("%s: lyssnar / listening on %s:%d", self.name, self.opts.host, self.opts.port)

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def check(self) -> list[str]:
        try:
            self._tls()
        except ConfigError as error:
            return [f"{error.kind}: {error.detail}"]
        return []
