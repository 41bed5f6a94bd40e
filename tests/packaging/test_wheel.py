"""The built wheel and sdist hold every file of the packages, and nothing from outside them."""

from __future__ import annotations

import re
import tarfile
import zipfile

import pytest

from tests.packaging.conftest import git_files, packages

pytestmark = pytest.mark.slow


def test_the_wheel_carries_every_file_git_has_under_the_packages(dist):
    shipped = set(zipfile.ZipFile(dist.wheel).namelist())
    tracked = git_files(*packages())
    assert any(not name.endswith(".py") for name in tracked)  # templates, model.json, …
    missing = [name for name in tracked if name not in shipped]
    assert not missing, f"the wheel lacks {missing}: add them to the package data (MANIFEST.in)"


def test_the_sdist_carries_every_file_git_has_under_the_packages(dist):
    with tarfile.open(dist.sdist) as sdist:
        shipped = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    missing = [name for name in git_files(*packages()) if name not in shipped]
    assert not missing, f"the sdist lacks {missing}"


def test_the_wheel_holds_only_the_packages_and_no_bytecode(dist):
    names = zipfile.ZipFile(dist.wheel).namelist()
    tops = {name.split("/")[0] for name in names}
    assert tops - {t for t in tops if t.endswith(".dist-info")} == set(packages())
    assert not [n for n in names if n.endswith((".pyc", ".pyo")) or "__pycache__" in n]


def test_the_licence_is_an_spdx_expression_and_the_build_does_not_warn_about_it(dist):
    with zipfile.ZipFile(dist.wheel) as wheel:
        meta = next(wheel.read(n) for n in wheel.namelist() if n.endswith(".dist-info/METADATA"))
    assert "License-Expression: EUPL-1.2" in meta.decode()
    warnings = [line for line in dist.log.splitlines()
                if re.search(r"licen[cs]e", line, re.I) and re.search(r"warn|deprecat", line, re.I)]
    assert not warnings


def test_the_console_script_is_the_cli(dist):
    with zipfile.ZipFile(dist.wheel) as wheel:
        entry = next(wheel.read(n) for n in wheel.namelist() if n.endswith("entry_points.txt"))
    assert "diariebot = bot.cli:main" in entry.decode()
