"""Typed connector errors: every library error becomes one of these at the connector's edge."""

from __future__ import annotations


class ConnectorError(Exception):
    """A connection problem an IT admin can act on; the text is Swedish / English.

    The text names the connector and the server, never a person, an address or a subject.
    """

    kind = "fel / error"

    def __init__(self, connector: str, detail: str) -> None:
        super().__init__(f"{connector}: {detail}")
        self.connector = connector
        self.detail = detail


class ConfigError(ConnectorError):
    """A setting is missing or wrong."""

    kind = "inställning / setting"


class AuthError(ConnectorError):
    """The server refused the credentials or the permission."""

    kind = "inloggning / credentials"


class NotFound(ConnectorError):
    """A mailbox, folder or tenant that does not exist."""

    kind = "finns inte / not found"


class Unreachable(ConnectorError):
    """The server did not answer, refused the connection, or TLS failed."""

    kind = "nås inte / unreachable"


class ProtocolError(ConnectorError):
    """The server answered something unexpected."""

    kind = "protokoll / protocol"
