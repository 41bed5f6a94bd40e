"""Fixtures for the connector tests: a real Dovecot, mailboxes in it, and config files."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from imapclient import IMAPClient

from tests.connectors.dovecot import PASSWORD, Dovecot, available


@pytest.fixture(scope="session")
def dovecot(tls_files: tuple[Path, Path]) -> Iterator[Dovecot]:
    reason = available()
    if reason:
        pytest.skip(reason)
    server = Dovecot(tls=tls_files)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def imap_user(dovecot: Dovecot) -> str:
    return dovecot.add_user()


def imap_client(dovecot: Dovecot, user: str) -> IMAPClient:
    client = IMAPClient("127.0.0.1", port=dovecot.port, ssl=False, timeout=10)
    client.login(user, PASSWORD)
    return client


def deliver(dovecot: Dovecot, user: str, messages: list[bytes], folder: str = "INBOX") -> None:
    """IMAP APPEND, as a mail server's delivery would leave them."""
    client = imap_client(dovecot, user)
    try:
        if not client.folder_exists(folder):
            client.create_folder(folder)
        for data in messages:
            client.append(folder, data)
    finally:
        client.logout()


def folder_count(dovecot: Dovecot, user: str, folder: str) -> int:
    client = imap_client(dovecot, user)
    try:
        if not client.folder_exists(folder):
            return 0
        return int(client.folder_status(folder, [b"MESSAGES"])[b"MESSAGES"])
    finally:
        client.logout()


def imap_table(dovecot: Dovecot, user: str, **overrides: Any) -> dict[str, Any]:
    table: dict[str, Any] = {
        "type": "imap", "host": "127.0.0.1", "port": dovecot.port, "security": "none",
        "user": user, "password": PASSWORD, "timeout": 10,
    }
    table.update(overrides)
    return table


def write_config(home: Path, connectors: dict[str, dict[str, Any]]) -> Path:
    """A diariebot.toml with the given connector tables (values: str, number, bool, list)."""
    home.mkdir(parents=True, exist_ok=True)
    lines = []
    for name, table in connectors.items():
        lines.append(f"[connectors.{name}]")
        lines += [f"{key} = {json.dumps(value, ensure_ascii=False)}" for key, value in table.items()]
    path = home / "diariebot.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def tls_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and localhost, made with openssl."""
    import shutil
    import subprocess

    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-keyout", str(key), "-out", str(cert), "-subj", "/CN=localhost",
         "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
        check=True, capture_output=True,
    )
    return cert, key
