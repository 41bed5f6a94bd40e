"""The container is the same artifact: the Dockerfile's steps replayed without a container
engine — the wheel built by `python -m build`, installed by the image's own install line (the
`venv` fixture), run as a non-root user through the same entry point, health check answered."""

from __future__ import annotations

import shlex
import socket
import subprocess
import time
from pathlib import Path

import pytest

from tests.packaging import dockerfile
from tests.packaging.conftest import ROOT, clean_env

pytestmark = pytest.mark.slow


def test_the_image_is_built_in_two_stages_from_the_wheel(stages):
    build, final = stages[0], stages[-1]
    assert len(stages) == 2 and build.name
    assert any("python -m build" in run for run in build.args("RUN"))
    assert any(a.startswith(f"--from={build.name} ") and ".whl" in a for a in final.args("COPY"))
    (install,) = [run for run in final.args("RUN") if "pip install" in run]
    words = shlex.split(install)
    after = words[words.index("install") + 1:]
    targets = [w for w in after[:after.index("&&")] if not w.startswith("-")]
    assert targets and all(t.endswith(".whl") for t in targets), install
    assert not [c for c in final.args("COPY") if not c.startswith("--from=")], "no source in the image"


def test_the_service_runs_as_an_unprivileged_user(stages):
    final = stages[-1]
    user = final.last("USER")
    assert user not in {"root", "0"} and not user.startswith("0:")
    assert any("useradd" in run and user in run for run in final.args("RUN"))


def test_compose_checks_health_as_the_image_does(stages):
    compose = yaml_healthcheck()
    (check_form,) = stages[-1].args("HEALTHCHECK")
    assert compose == dockerfile.exec_form(check_form.removeprefix("CMD "))


def yaml_healthcheck() -> list[str]:
    import json
    import re

    text = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    found = re.search(r"^\s*test: (\[.*\])\s*$", text, re.M)
    assert found, "docker-compose.yml has no healthcheck test"
    return list(json.loads(found.group(1)))[1:]  # without "CMD"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _moved(words: list[str], port: int) -> list[str]:
    """The image's command with its port and listen address moved for this machine."""
    return [str(port) if w == "8080" else "127.0.0.1" if w == "0.0.0.0" else w for w in words]


def _health(check: list[str], env: dict[str, str]) -> int:
    return subprocess.run(check, env=env, capture_output=True, timeout=30).returncode


def test_the_entry_point_serves_and_the_health_check_answers(stages, venv, tmp_path):
    final, port = stages[-1], _free_port()
    image_env = dockerfile.env(final)
    env = clean_env(PATH=f"{venv / 'bin'}:{clean_env()['PATH']}",
                    DIARIEBOT_HOME=str(tmp_path / "data"),
                    OMP_THREAD_LIMIT=image_env["OMP_THREAD_LIMIT"])
    assert image_env["DIARIEBOT_HOME"] == final.last("VOLUME")
    command = dockerfile.exec_form(final.last("ENTRYPOINT")) + dockerfile.exec_form(final.last("CMD"))
    (check_form,) = final.args("HEALTHCHECK")
    check = [c.replace(":8080/", f":{port}/")
             for c in dockerfile.exec_form(check_form.removeprefix("CMD "))]
    assert _health(check, env) != 0  # nothing listens yet: the check can fail
    server = subprocess.Popen(_moved(command, port), env=env, cwd=tmp_path,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while _health(check, env) != 0:
            assert server.poll() is None, server.stderr.read().decode()[-3000:] if server.stderr else ""
            assert time.monotonic() < deadline, "health check never answered"
            time.sleep(0.5)
    finally:
        server.terminate()
        _, err = server.communicate(timeout=30)
    assert Path(tmp_path / "data").is_dir()
    chatter = [line for line in err.decode().splitlines() if " INFO " in line
               and not line.split(" INFO ", 1)[1].startswith(("bot.", "ocr.", "connectors."))]
    assert not chatter, "third-party INFO logging in the service's output"
