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
