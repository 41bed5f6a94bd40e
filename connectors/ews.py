"""Exchange Web Services connector (exchangelib) for Exchange Server on premises: FindItem in a
folder, GetItem for the MIME content, MoveItem to a processed folder after commit. The stable
reference is Internet-Message-ID + content hash (a moved item gets a new id)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

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
VERSIONS = ("Exchange2013", "Exchange2013_SP1", "Exchange2016", "Exchange2019")


@dataclass
class EwsOptions:
    service_endpoint: str = option("", "EWS-adress / e.g. https://mail.kommun.se/EWS/Exchange.asmx",
                                   required=True)
    username: str = option("", "konto / login, DOMÄN\\namn or UPN", required=True)
    password: str = option("", "lösenord / password (or password_env, password_file)",
                           required=True, secret=True)
    mailbox: str = option("", "postlådans SMTP-adress / the intake mailbox address", required=True)
    auth_type: str = option("ntlm", "ntlm | basic")
    version: str = option("Exchange2016", "serverversion / " + " | ".join(VERSIONS))
    folder: str = option("inbox", "mapp / folder: 'inbox', 'inbox/Skannat' or a top-level path")
    processed_folder: str = option("inbox/Behandlat", "mapp för behandlade / processed folder")
    timeout: int = option(60, "sekunder per anrop / seconds per request")
    batch: int = option(200, "flest meddelanden per runda / most messages per round")


class EwsConnector:
    """The blocking exchangelib calls stay in here; the scheduler runs us in a thread."""

    def __init__(self, name: str, table: dict[str, Any], poll_seconds: float = 60.0) -> None:
        self.name = name
        self.poll_seconds = poll_seconds
        self.opts = load_options(EwsOptions, name, table)
        if self.opts.auth_type.lower() not in {"ntlm", "basic"}:
            raise ConfigError(name, "auth_type måste vara / must be ntlm or basic")
        if self.opts.version not in VERSIONS:
            raise ConfigError(name, f"version: one of {', '.join(VERSIONS)}")
        self._account: Any = None
        self._processed: Any = None

    def _where(self) -> str:
        from urllib.parse import urlsplit

        return urlsplit(self.opts.service_endpoint).netloc or self.opts.service_endpoint

    @contextmanager
    def _translate(self) -> Iterator[None]:
        """exchangelib's errors become typed connector errors (without personal data)."""
        from exchangelib import errors

        try:
            yield
        except ConnectorError:
            raise
        except (errors.UnauthorizedError, errors.ErrorAccessDenied) as error:
            raise AuthError(self.name, f"servern nekade inloggningen / login refused "
                                       f"({self._where()})") from error
        except (errors.ErrorNonExistentMailbox, errors.ErrorInvalidSmtpAddress) as error:
            raise NotFound(self.name, f"postlådan finns inte / mailbox not found "
                                      f"({self._where()})") from error
        except errors.TransportError as error:
            raise Unreachable(self.name, f"{self._where()}: {type(error).__name__}") from error
        except errors.EWSError as error:
            raise ProtocolError(self.name, f"EWS-fel / EWS error: {type(error).__name__}") \
                from error

    def _connect(self) -> Any:
        from exchangelib import BASIC, DELEGATE, NTLM, Account, Configuration, Credentials
        from exchangelib.version import Build, Version

        if self._account is None:
            builds = {"Exchange2013": Build(15, 0), "Exchange2013_SP1": Build(15, 0, 847),
                      "Exchange2016": Build(15, 1), "Exchange2019": Build(15, 2)}
            config = Configuration(
                service_endpoint=self.opts.service_endpoint,
                credentials=Credentials(self.opts.username, self.opts.password),
                auth_type=NTLM if self.opts.auth_type.lower() == "ntlm" else BASIC,
                version=Version(build=builds[self.opts.version]), max_connections=2)
            self._account = Account(primary_smtp_address=self.opts.mailbox, config=config,
                                    autodiscover=False, access_type=DELEGATE)
        return self._account

    def _folder(self, path: str, create: bool = False) -> Any:
        """'inbox/a/b' starts at the Inbox, any other path at the top of the mailbox."""
        from exchangelib import Folder
        from exchangelib.errors import ErrorFolderNotFound

        account = self._connect()
        parts = [p for p in path.split("/") if p]
        if parts and parts[0].lower() == "inbox":
            current, parts = account.inbox, parts[1:]
        else:
            current = account.msg_folder_root
        for part in parts:
            try:
                current = current // part
            except ErrorFolderNotFound:
                if not create:
                    raise NotFound(self.name, f"mappen / folder {path!r}") from None
                log.info("%s: skapar mappen / creating the processed folder", self.name)
                made = Folder(parent=current, name=part)
                made.save()
                current = made
        return current

    def fetch(self) -> Iterator[Message]:
        self._processed = None  # looked up again each round: it may have been renamed
        with self._translate():
            folder = self._folder(self.opts.folder)
            ids = list(folder.all().order_by("datetime_received")
                       .values_list("id", "changekey")[: self.opts.batch])
        log.info("%s: %d meddelanden väntar / messages waiting", self.name, len(ids))
        for item_id in ids:
            with self._translate():
                item = next(iter(self._connect().fetch(ids=[item_id],
                                                       only_fields=["mime_content"])))
            if isinstance(item, Exception):  # gone meanwhile (ErrorItemNotFound)
                continue
            yield self._message(item_id, bytes(item.mime_content or b""))

    def _message(self, item_id: tuple[str, str], mime: bytes) -> Message:
        meta = header_meta(mime)
        meta["connector"] = {"type": "ews", "folder": self.opts.folder}
        ref = f"ews:{self.opts.mailbox}/{meta['message_id'] or ''}/{meta['sha256']}"
        return Message(ref, mime, message_filename(meta), sender_address(mime), meta, item_id)

    def acknowledge(self, message: Message) -> None:
        with self._translate():
            if self._processed is None:
                self._processed = self._folder(self.opts.processed_folder, create=True)
            for result in self._connect().bulk_move(ids=[message.handle],
                                                    to_folder=self._processed):
                if isinstance(result, Exception):
                    raise result

    def check(self) -> list[str]:
        """Logs in and opens the folder; the processed folder is made when first needed."""
        try:
            with self._translate():
                self._folder(self.opts.folder)
        except ConnectorError as error:
            return [f"{error.kind}: {error.detail}"]
        return []
