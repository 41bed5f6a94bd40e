"""The production path: docker-compose.yml is a valid Compose file (no Docker engine runs
here, so it is validated, not started)."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_compose_file_is_valid():
    tool = shutil.which("docker-compose")
    if tool is None:
        if os.environ.get("CI"):
            pytest.fail("docker-compose missing: scripts/bootstrap.sh test installs it")
        pytest.skip("docker-compose not installed")
    done = subprocess.run([tool, "-f", str(ROOT / "docker-compose.yml"), "config", "-q"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


def test_compose_serves_with_a_data_volume_and_a_health_check():
    text = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    for needed in ("DIARIEBOT_HOME: /data", "data:/data", "/healthz", '"serve"'):
        assert needed in text


def test_the_postgresql_profile_is_valid_and_uses_psycopg():
    tool = shutil.which("docker-compose")
    if tool is None:
        pytest.skip("docker-compose not installed")
    done = subprocess.run([tool, "-f", str(ROOT / "docker-compose.yml"), "--profile",
                           "postgresql", "config"], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "POSTGRES_PASSWORD": "hemligt"})
    assert done.returncode == 0, done.stderr
    assert "postgresql+psycopg://diariebot:hemligt@postgres:5432/diariebot" in done.stdout
    assert "image: postgres:15" in done.stdout and "pg_isready" in done.stdout
