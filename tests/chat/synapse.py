"""A real Synapse homeserver for the tests, on loopback, from its own venv (made by
`scripts/bootstrap.sh test`): configured from scratch, users registered with the shared
secret (the admin registration API, as register_new_matrix_user does)."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

VENV = Path(os.environ.get("DIARIEBOT_SYNAPSE_VENV")
            or Path.home() / ".cache" / "diariebot" / "synapse")
SERVER_NAME = "localhost"
LOOSE = {"per_second": 1000, "burst_count": 1000}  # tests must not be rate limited


def available() -> str | None:
    """Why Synapse cannot run here, or None."""
    python = VENV / "bin" / "python"
    if not python.exists():
        return f"no Synapse venv at {VENV} (run scripts/bootstrap.sh test)"
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Synapse:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.secret = secrets.token_hex(16)
        self.process: subprocess.Popen[bytes] | None = None

    def _config(self) -> dict[str, object]:
        d = self.folder
        return {
            "server_name": SERVER_NAME, "pid_file": str(d / "homeserver.pid"),
            "listeners": [{"port": self.port, "bind_addresses": ["127.0.0.1"], "type": "http",
                           "tls": False, "x_forwarded": False,
                           "resources": [{"names": ["client"], "compress": False}]}],
            "database": {"name": "sqlite3", "args": {"database": str(d / "homeserver.db")}},
            "media_store_path": str(d / "media"), "signing_key_path": str(d / "signing.key"),
            "registration_shared_secret": self.secret, "report_stats": False,
            "macaroon_secret_key": secrets.token_hex(16), "form_secret": secrets.token_hex(16),
            "trusted_key_servers": [], "suppress_key_server_warning": True,
            "enable_metrics": False, "presence": {"enabled": False},
            "url_preview_enabled": False, "max_upload_size": "50M",
            "rc_message": LOOSE, "rc_registration": LOOSE, "rc_joins": {"local": LOOSE},
            "rc_login": {"address": LOOSE, "account": LOOSE, "failed_attempts": LOOSE},
            "rc_invites": {"per_room": LOOSE, "per_user": LOOSE, "per_issuer": LOOSE},
            "rc_media_create": LOOSE, "bcrypt_rounds": 4,
        }

    def start(self) -> Synapse:
        self.folder.mkdir(parents=True, exist_ok=True)
        config = self.folder / "homeserver.yaml"
        config.write_text(json.dumps(self._config()))  # JSON is YAML
        python = str(VENV / "bin" / "python")
        base = [python, "-m", "synapse.app.homeserver", "--config-path", str(config)]
        subprocess.run([*base, "--generate-keys"], check=True, capture_output=True, timeout=120)
        log = (self.folder / "synapse.log").open("wb")
        self.process = subprocess.Popen(base, stdout=log, stderr=subprocess.STDOUT,
                                        cwd=self.folder)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"synapse exited: see {self.folder / 'synapse.log'}")
            try:
                with urllib.request.urlopen(f"{self.url}/health", timeout=2) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("synapse did not answer /health in time")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)

    def register(self, name: str, password: str) -> str:
        """A user, through the shared-secret registration API; returns the user id."""
        endpoint = f"{self.url}/_synapse/admin/v1/register"
        with urllib.request.urlopen(endpoint, timeout=10) as response:
            nonce = json.load(response)["nonce"]
        mac = hmac.new(self.secret.encode(), digestmod=hashlib.sha1)
        mac.update(b"\x00".join([nonce.encode(), name.encode(), password.encode(), b"notadmin"]))
        body = json.dumps({"nonce": nonce, "username": name, "password": password,
                           "admin": False, "mac": mac.hexdigest()}).encode()
        request = urllib.request.Request(endpoint, body, {"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as response:
            return str(json.load(response)["user_id"])
