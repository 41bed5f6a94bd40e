"""The built artifact, once per test session: the sdist and wheel built from a copy of the
checkout as a release would be, and a virtual environment outside the source tree with that
wheel installed by the Dockerfile's own install line."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.packaging import dockerfile

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Dist:
    sdist: Path
    wheel: Path
    log: str


def packages() -> list[str]:
    """The top-level packages the wheel ships, from pyproject.toml's package discovery."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["packages"]["find"]["include"]
    return sorted(p.rstrip("*") for p in patterns if (ROOT / p.rstrip("*")).is_dir())


def git_files(*paths: str) -> list[str]:
    """Files git tracks, plus new ones not ignored: what a commit of this tree would hold."""
    done = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "--", *paths],
        cwd=ROOT, capture_output=True, text=True, check=True)
    return sorted({f for f in done.stdout.splitlines() if (ROOT / f).is_file()})


def clean_env(**extra: str) -> dict[str, str]:
    """The environment without anything pointing at the checkout or the dev venv."""
    keep = {k: v for k, v in os.environ.items()
            if k not in {"PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME"} and not k.startswith("DIARIEBOT_")}
    dev_bin = str(Path(sys.executable).parent)
    keep["PATH"] = os.pathsep.join(p for p in keep.get("PATH", "").split(os.pathsep) if p != dev_bin)
    keep["OMP_THREAD_LIMIT"] = "1"
    return keep | extra


@pytest.fixture(scope="session")
def dist(tmp_path_factory) -> Dist:
    """`python -m build` of a copy of the checkout: the sdist, then the wheel from the sdist."""
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    src = tmp_path_factory.mktemp("src")
    for name in git_files():
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, src / name)
    out = tmp_path_factory.mktemp("dist")
    done = subprocess.run([sys.executable, "-m", "build", "--outdir", str(out), str(src)],
                          capture_output=True, text=True, timeout=600, cwd=out)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    (sdist,), (wheel,) = out.glob("*.tar.gz"), out.glob("*.whl")
    return Dist(sdist, wheel, done.stdout + done.stderr)


@pytest.fixture(scope="session")
def stages() -> list[dockerfile.Stage]:
    return dockerfile.parse(ROOT / "Dockerfile")


def _python_on_path(bin_dir: Path) -> Path:
    """A `python` command, as the image has one, for the replayed install line."""
    bin_dir.mkdir()
    (bin_dir / "python").symlink_to(getattr(sys, "_base_executable", sys.executable))
    return bin_dir


@pytest.fixture(scope="session")
def venv(dist, stages, tmp_path_factory) -> Path:
    """The Dockerfile's install line run here, with its paths moved into a temp folder."""
    final = stages[-1]
    copy = next(a for a in final.args("COPY") if a.startswith("--from="))
    _, wheels_in_image = copy.split()[1:]
    install = next(a for a in final.args("RUN") if ".whl" in a)
    prefix = dockerfile.env(final)["PATH"].split(":")[0].removesuffix("/bin")
    base = tmp_path_factory.mktemp("installed")
    staged, target = base / "dist", base / "venv"
    staged.mkdir()
    shutil.copy2(dist.wheel, staged)
    command = install.replace(wheels_in_image.rstrip("/"), str(staged)).replace(prefix, str(target))
    path = f"{_python_on_path(base / 'bin')}{os.pathsep}{clean_env()['PATH']}"
    done = subprocess.run(["bash", "-c", command], cwd=base, env=clean_env(PATH=path),
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return target
