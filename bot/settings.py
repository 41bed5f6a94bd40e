"""One settings object: every setting has a name, a default and a line of help; read from TOML,
overridden by DIARIEBOT_* environment variables."""

from __future__ import annotations

import json
import os
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any


def _setting(default: Any, help: str) -> Any:
    if isinstance(default, list | dict):
        return field(
            default_factory=lambda: type(default)(default),
            metadata={"help": help, "default": default},
        )
    return field(default=default, metadata={"help": help, "default": default})


@dataclass
class Settings:
    """What an IT admin can configure; `diariebot settings` lists it with help."""

    home: Path = _setting(Path("data"), "Folder for the SQLite database and the blob store.")
    database_url: str = _setting("", "SQLAlchemy URL; empty = SQLite in the home folder.")
    blob_dir: str = _setting("", "Folder for original files; empty = 'blobs' in the home folder.")
    ocr_languages: str = _setting(
        "Latin+swe",
        "Tesseract models for scans, tried in order; missing ones are skipped (Latin knows §).",
    )
    ocr_dpi: int = _setting(300, "Resolution at which PDF pages are rendered for OCR.")
    ocr_workers: int = _setting(
        0, "OCR processes per item worker; 0 = in the worker itself (scale with --workers)."
    )
    board_prefixes: list[str] = _setting(
        [], "Known board prefixes (KS, BN, ...); empty = any 1-6 letter prefix."
    )
    split_auto: bool = _setting(
        True, "Cut scans at cover sheets, separator pages and protocol paragraphs by themselves."
    )
    max_file_bytes: int = _setting(200_000_000, "Largest single file accepted.")
    max_depth: int = _setting(5, "Deepest nesting of emails and archives unpacked.")
    submission_max_parts: int = _setting(
        2000, "Most items one submission may unpack into, over its whole tree (the budget)."
    )
    submission_max_bytes: int = _setting(
        2_000_000_000, "Most bytes one submission may unpack into, over its whole tree."
    )
    submission_max_pages: int = _setting(5000, "Most pages read from one submission's files.")
    submission_max_seconds: float = _setting(
        7200.0, "Most seconds spent reading one submission's pages (text layers and OCR)."
    )
    read_memory_mb: int = _setting(
        2048, "Memory (address space) of the child process that reads one document's pages."
    )
    read_seconds: float = _setting(
        1800.0, "Longest time the child reading one document's pages (and OCR) may take."
    )
    max_attempts: int = _setting(3, "Times a failing stage is retried before the item fails.")
    lease_seconds: int = _setting(600, "How long a worker holds an item before others may take it.")
    serve_workers: int = _setting(
        1, "Worker processes `serve` runs beside the web; a dead one is restarted with back-off."
    )
    poll_seconds: float = _setting(2.0, "How often the service looks for new work when idle.")
    session_hours: float = _setting(10.0, "How long a registrar stays logged in to the web queue.")
    claim_minutes: int = _setting(
        10, "How long opening an item reserves it for that registrar; others' 'next' skips it."
    )
    secure_cookies: bool = _setting(False, "Send session cookies over HTTPS only (behind TLS).")
    trusted_proxies: list[str] = _setting(
        [], "Reverse proxies (addresses or networks) whose X-Forwarded-For names the client."
    )
    public_url: str = _setting(
        "", "The queue's address as browsers see it (https://diarie.kommun.se); empty = as asked."
    )
    oidc_issuer: str = _setting(
        "", "OpenID Connect issuer URL (Entra ID, Keycloak); empty = organisation login off."
    )
    oidc_client_id: str = _setting("", "Client (application) id registered at the provider.")
    oidc_client_secret: str = _setting(
        "", "Client secret; better from DIARIEBOT_OIDC_CLIENT_SECRET or ..._FILE."
    )
    oidc_role_claim: str = _setting(
        "roles", "id_token claim holding roles or groups (dots reach inside: realm_access.roles)."
    )
    oidc_admin_value: str = _setting("admin", "Value in the role claim that makes an admin.")
    oidc_registrar_value: str = _setting(
        "registrar", "Value in the role claim that makes a registrar."
    )
    allowed_domains: list[str] = _setting(
        [], "Sender domains that may submit by email (subdomains too); empty = everyone."
    )
    require_authentication_results: bool = _setting(
        False, "Also require a passing Authentication-Results (dmarc, or spf and dkim) for them."
    )
    trusted_authserv_id: str = _setting(
        "", "Your mail server's name in Authentication-Results; empty = trust the topmost one."
    )
    receipt_smtp_host: str = _setting(
        "", "SMTP relay for receipts to submitters; empty = receipts are recorded, not sent."
    )
    receipt_smtp_port: int = _setting(25, "Port of the receipt relay.")
    receipt_smtp_starttls: bool = _setting(False, "Use STARTTLS with the receipt relay.")
    receipt_from: str = _setting(
        "", "Sender address of receipts (e.g. diariebot@kommun.se); mail from it is never answered."
    )
    receipt_batch_seconds: int = _setting(
        300, "Confirmation notices to one submitter are collected this long, then sent as one."
    )
    archive_organisation: str = _setting(
        "Kommunen", "The organisation named as archivist in exports (e.g. 'Exempelby kommun')."
    )
    export_dir: str = _setting("", "Folder for scheduled exports; empty = no scheduled export.")
    export_format: str = _setting("fgs", "Format of scheduled exports: 'manifest' or 'fgs'.")
    export_every_hours: float = _setting(24.0, "Hours between scheduled exports (with export_dir).")
    sif_url: str = _setting(
        "", "Public 360 SIF base URL (…/SI.WS.Core/SIF/); empty = no write-back to Public 360."
    )
    sif_authkey: str = _setting(
        "", "Public 360 SIF authkey; better from DIARIEBOT_SIF_AUTHKEY or ..._FILE."
    )
    sif_every_hours: float = _setting(1.0, "Hours between scheduled write-backs (with sif_url).")
    backup_dir: str = _setting(
        "", "Folder (an offline-able mount) for scheduled backups; empty = none scheduled."
    )
    backup_every_hours: float = _setting(24.0, "Hours between scheduled backups (with backup_dir).")
    backup_warn_hours: float = _setting(
        30.0, "The admin page warns when the last good backup is older than this."
    )
    backup_age_recipients: list[str] = _setting(
        [], "age public keys (age1…) to encrypt backups to; empty = unencrypted bundles."
    )
    intake_address: str = _setting(
        "", "The address people send documents to (diariet@kommun.se): named in outreach requests."
    )
    staff_addresses: dict[str, str] = _setting(
        {}, "Names (handlers, colleagues, outside parties) -> email address, for outreach requests."
    )
    board_secretaries: dict[str, str] = _setting(
        {}, "Board prefix -> the board secretary's address, asked for missing protocols."
    )
    outreach_from: str = _setting(
        "", "Sender address of outreach requests; empty = receipt_from (sent through its relay)."
    )
    outreach_period_days: int = _setting(
        30, "A person is asked for missing records at most once in this many days."
    )
    outreach_per_hour: int = _setting(
        60, "At most this many outreach requests are sent per hour; the rest wait their turn."
    )
    connectors: dict[str, dict[str, Any]] = _setting(
        {}, "Connector tables, e.g. [connectors.intake_mail] type = 'imap'."
    )

    @property
    def db_url(self) -> str:
        return self.database_url or f"sqlite:///{self.home / 'diariebot.db'}"

    @property
    def blob_path(self) -> Path:
        return Path(self.blob_dir) if self.blob_dir else self.home / "blobs"


# also read from the file named by DIARIEBOT_<NAME>_FILE
SECRETS = ("oidc_client_secret", "sif_authkey")


def settings_help() -> list[tuple[str, Any, str]]:
    """(name, default, help) for every setting: the documentation table."""
    return [(f.name, f.metadata["default"], f.metadata["help"]) for f in fields(Settings)]


def _coerce(value: str, default: Any) -> Any:
    if isinstance(default, bool):
        return value.lower() in {"1", "true", "yes", "ja"}
    if isinstance(default, int):
        return int(value)
    if isinstance(default, float):
        return float(value)
    if isinstance(default, list):
        return [v.strip() for v in value.split(",") if v.strip()]
    if isinstance(default, Path):
        return Path(value)
    if isinstance(default, dict):  # a table from the environment: JSON, {"KS": "..."}
        return json.loads(value)
    return value


def _secret_files(values: dict[str, Any]) -> dict[str, str]:
    """Secrets named by DIARIEBOT_<NAME>_FILE (Docker/Kubernetes secrets), unless set directly."""
    found = {}
    for name in SECRETS:
        path = os.environ.get(f"DIARIEBOT_{name.upper()}_FILE")
        if path and not values.get(name):
            found[name] = Path(path).read_text(encoding="utf-8").strip()
    return found


def load_settings(home: str | Path | None = None, config: str | Path | None = None) -> Settings:
    """Defaults, then the TOML file, then DIARIEBOT_* variables, then the --home flag."""
    values: dict[str, Any] = {}
    home_path = Path(home or os.environ.get("DIARIEBOT_HOME") or "data")
    config_path = Path(config) if config else home_path / "diariebot.toml"
    if config and not config_path.is_file():
        raise ValueError(f"{config}: finns inte / does not exist")
    if config_path.is_file():
        values.update(tomllib.loads(config_path.read_text(encoding="utf-8")))
    known = {f.name: f.metadata["default"] for f in fields(Settings)}
    for name, default in known.items():
        env = os.environ.get(f"DIARIEBOT_{name.upper()}")
        if env is not None and name != "connectors":
            try:
                values[name] = _coerce(env, default)
            except ValueError as error:
                raise ValueError(f"DIARIEBOT_{name.upper()}: {error}") from error
    values.update(_secret_files(values))
    unknown = set(values) - set(known)
    if unknown:
        raise ValueError(f"okända inställningar / unknown settings: {', '.join(sorted(unknown))}")
    if "home" in values:
        values["home"] = Path(values["home"])
    if home is not None or "home" not in values:
        values["home"] = home_path
    return Settings(**values)
