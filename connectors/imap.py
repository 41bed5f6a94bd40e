"""IMAP mailbox connector (imapclient): reads a folder, identifies each message by
UIDVALIDITY + UID, and moves it to a processed folder (or flags it \\Seen) after commit."""

from __future__ import annotations

import logging
import ssl
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientError, LoginError

from connectors.base import Message
from connectors.errors import (
    AuthError,
    ConfigError,
    ConnectorError,
    NotFound,
    ProtocolError,
    Unreachable,
)
from connectors.mail import header_meta, message_filename, sender_address
from connectors.options import load_options, option

log = logging.getLogger(__name__)
SEEN = b"\\Seen"
DELETED = b"\\Deleted"
IDLE_RENEW_SECONDS = 25 * 60.0  # RFC 2177: re-issue IDLE before the server's 29 minutes
IDLE_CHECK_SECONDS = 0.5  # how often a waiting IDLE looks at the stop event


@dataclass
class ImapOptions:
    host: str = option("", "IMAP-server / IMAP server host name", required=True)
    user: str = option("", "användarnamn / login name", required=True)
    password: str = option("", "lösenord / password (or password_env, password_file)",
                           required=True, secret=True)
    port: int = option(0, "port; 0 = 993 with security ssl, else 143")
    security: str = option("ssl", "ssl | starttls | none")
    folder: str = option("INBOX", "mapp att läsa / folder to read")
    processed_folder: str = option("Behandlat", "mapp för behandlade / folder for processed mail")
    acknowledge: str = option("move", "move (to processed_folder) | seen (flag \\Seen)")
    timeout: float = option(60.0, "sekunder / seconds before a silent server is given up")
    verify_tls: bool = option(True, "kontrollera certifikatet / verify the server certificate")
    ca_file: str = option("", "egen CA-fil / own CA bundle (PEM)")
    batch: int = option(200, "flest meddelanden per runda / most messages per round")
    idle: bool = option(True, "IMAP IDLE: hämta ny post direkt / fetch new mail at once "
                              "(when the server supports it; polling remains)")


class ImapConnector:
    """One IMAP folder; the blocking imapclient calls stay in here, run in a thread."""

    def __init__(self, name: str, table: dict[str, Any], poll_seconds: float = 60.0) -> None:
        self.name = name
        self.poll_seconds = poll_seconds
        self.opts = load_options(ImapOptions, name, table)
        if self.opts.security not in {"ssl", "starttls", "none"}:
            raise ConfigError(name, "security måste vara / must be ssl, starttls or none")
        if self.opts.acknowledge not in {"move", "seen"}:
            raise ConfigError(name, "acknowledge måste vara / must be move or seen")
        self._client: IMAPClient | None = None
        self._uidvalidity: int | None = None
        self._processed_ready = False
        self._last_seen: tuple[int, int] | None = None  # (UIDVALIDITY, UIDNEXT) of last fetch

    @property
    def idle_enabled(self) -> bool:
        """Whether the scheduler should wait in IDLE (the server's capability is checked then)."""
        return bool(self.opts.idle)

    @property
    def port(self) -> int:
        return self.opts.port or (993 if self.opts.security == "ssl" else 143)

    def _where(self) -> str:
        return f"{self.opts.host}:{self.port}"

    def _tls(self) -> ssl.SSLContext:
        context = ssl.create_default_context(cafile=self.opts.ca_file or None)
        if not self.opts.verify_tls:
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
        return context

    @contextmanager
    def _translate(self) -> Iterator[None]:
        """Library and socket errors become typed connector errors (no personal data in them)."""
        try:
            yield
        except ConnectorError:
            raise
        except LoginError as error:
            raise AuthError(self.name, "servern nekade inloggningen / login refused "
                                       f"({self._where()})") from error
        except (ssl.SSLError, ssl.CertificateError) as error:
            raise Unreachable(self.name, f"TLS misslyckades / TLS failed ({self._where()}): "
                                         f"{getattr(error, 'reason', None) or error}") from error
        except TimeoutError as error:
            raise Unreachable(self.name, f"{self._where()}: svarar inte / no answer") from error
        except OSError as error:
            raise Unreachable(self.name, f"{self._where()}: "
                                         f"{error.strerror or type(error).__name__}") from error
        except IMAPClientError as error:
            raise ProtocolError(self.name, f"IMAP-fel / IMAP error ({self._where()}): "
                                           f"{type(error).__name__}") from error

    def _open(self) -> IMAPClient:
        use_ssl = self.opts.security == "ssl"
        client = IMAPClient(self.opts.host, port=self.port, ssl=use_ssl,
                            ssl_context=self._tls() if use_ssl else None,
                            timeout=self.opts.timeout)
        try:
            if self.opts.security == "starttls":
                client.starttls(self._tls())
            client.login(self.opts.user, self.opts.password)
        except BaseException:
            client.shutdown()
            raise
        return client

    @contextmanager
    def _session(self) -> Iterator[IMAPClient]:
        with self._translate():
            client = self._open()
            self._processed_ready = False
            try:
                yield client
            finally:
                _close_quietly(client)

    def _select(self, client: IMAPClient, readonly: bool = False) -> int:
        return self._select_info(client, readonly)[0]

    def _select_info(self, client: IMAPClient, readonly: bool = False) -> tuple[int, int]:
        """(UIDVALIDITY, UIDNEXT) of the selected folder; UIDNEXT 0 when the server omits it."""
        if not client.folder_exists(self.opts.folder):
            raise NotFound(self.name, f"mappen / folder {self.opts.folder!r} ({self._where()})")
        info = client.select_folder(self.opts.folder, readonly=readonly)
        return int(info[b"UIDVALIDITY"]), int(info.get(b"UIDNEXT", 0))

    def fetch(self) -> Iterator[Message]:
        """The waiting messages, oldest first; the connection stays open while they are used."""
        with self._session() as client:
            self._last_seen = self._select_info(client)
            self._uidvalidity = self._last_seen[0]
            self._client = client
            try:
                criteria = ["UNSEEN"] if self.opts.acknowledge == "seen" else ["NOT", "DELETED"]
                uids = sorted(client.search(criteria))[: self.opts.batch]
                log.info("%s: %d meddelanden väntar / messages waiting", self.name, len(uids))
                for uid in uids:
                    with self._translate():
                        data = client.fetch([uid], ["BODY.PEEK[]"]).get(uid, {}).get(b"BODY[]")
                    if data is not None:  # None: expunged by someone else meanwhile
                        yield self._message(uid, self._uidvalidity, bytes(data))
            finally:
                self._client = None

    def _message(self, uid: int, uidvalidity: int, data: bytes) -> Message:
        meta = header_meta(data)
        meta["connector"] = {"type": "imap", "folder": self.opts.folder, "uid": uid,
                             "uidvalidity": uidvalidity}
        ref = f"imap:{self.opts.user}@{self.opts.host}/{self.opts.folder}/{uidvalidity}/{uid}"
        return Message(ref, data, message_filename(meta), sender_address(data), meta,
                       (uidvalidity, uid))

    def acknowledge(self, message: Message) -> None:
        """Move (or flag) the message; opens its own session when fetch() has finished."""
        uidvalidity, uid = message.handle
        if self._client is not None and self._uidvalidity == uidvalidity:
            with self._translate():
                self._apply(self._client, uid)
            return
        with self._session() as client:
            if self._select(client) != uidvalidity:
                log.warning("%s: UIDVALIDITY ändrad, kvittas nästa runda / changed, "
                            "acknowledged next round (uid %d)", self.name, uid)
                return
            self._apply(client, uid)

    def _apply(self, client: IMAPClient, uid: int) -> None:
        if self.opts.acknowledge == "seen":
            client.add_flags([uid], [SEEN])
            return
        self._ensure_processed(client)
        if client.has_capability("MOVE"):
            client.move([uid], self.opts.processed_folder)
            return
        client.copy([uid], self.opts.processed_folder)
        client.add_flags([uid], [DELETED])
        if client.has_capability("UIDPLUS"):
            client.uid_expunge([uid])
        else:
            client.expunge()

    def _ensure_processed(self, client: IMAPClient) -> None:
        if self._processed_ready:
            return
        if not client.folder_exists(self.opts.processed_folder):
            log.info("%s: skapar mappen för behandlade / creating the processed folder", self.name)
            client.create_folder(self.opts.processed_folder)
        self._processed_ready = True

    def check(self) -> list[str]:
        """Log in and select the folder read-only; every problem as one readable line."""
        try:
            with self._session() as client:
                self._select(client, readonly=True)
        except ConnectorError as error:
            return [f"{error.kind}: {error.detail}"]
        return []

    def wait_for_mail(self, timeout: float, stop: threading.Event) -> bool:
        """Wait in IMAP IDLE on an own connection: True as soon as new mail is in the folder
        (or arrived since the last fetch), False on timeout, stop, no IDLE or any error;
        an error closes the connection quietly (the interval poll still covers everything)."""
        deadline = time.monotonic() + timeout
        try:
            with self._translate():
                client = self._open()  # not _session(): a running fetch keeps its own state
            try:
                with self._translate():
                    if client.has_capability("IDLE"):
                        return self._wait(client, deadline, stop)
            finally:
                _close_quietly(client)
        except ConnectorError as error:
            log.info("%s: IDLE avbröts / IDLE interrupted: %s", self.name, error.kind)
            return False
        stop.wait(timeout)  # no IDLE on this server: polling alone, checked again later
        return False

    def _wait(self, client: IMAPClient, deadline: float, stop: threading.Event) -> bool:
        now = self._select_info(client, readonly=True)
        last = self._last_seen or now  # never fetched: what is there now is old
        if now[0] != last[0] or now[1] > last[1]:
            return True  # arrived since the last fetch, while nobody was idling
        return self._idle(client, deadline, stop)

    def _idle(self, client: IMAPClient, deadline: float, stop: threading.Event) -> bool:
        """IDLE until new mail, the deadline or stop; renewed every IDLE_RENEW_SECONDS."""
        with self._translate():
            while not stop.is_set() and time.monotonic() < deadline:
                client.idle()
                try:
                    if self._idle_round(client, deadline, stop):
                        return True
                finally:
                    client.idle_done()
        return False

    def _idle_round(self, client: IMAPClient, deadline: float, stop: threading.Event) -> bool:
        renew = min(deadline, time.monotonic() + IDLE_RENEW_SECONDS)
        while not stop.is_set():
            left = renew - time.monotonic()
            if left <= 0:
                return False
            wait = min(IDLE_CHECK_SECONDS, left)
            started = time.monotonic()
            responses = client.idle_check(timeout=wait)
            if any(_new_mail(r) for r in responses):
                return True
            if not responses and time.monotonic() - started < wait / 2:
                raise ConnectionResetError("IDLE: connection closed")  # readable, yet nothing
        return False


def _new_mail(response: Any) -> bool:
    """An untagged `n EXISTS` (or `n RECENT` with n > 0) response."""
    if not isinstance(response, tuple) or len(response) < 2:
        return False
    count, kind = response[0], response[1]
    return isinstance(count, int) and (kind == b"EXISTS" or (kind == b"RECENT" and count > 0))


def _close_quietly(client: IMAPClient) -> None:
    try:
        client.logout()
    except (IMAPClientError, OSError):
        client.shutdown()  # the connection is gone already; nothing to tell
