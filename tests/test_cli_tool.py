"""The command line as a Unix tool, run as a user runs it (a subprocess): every error one
readable line on stderr with a documented non-zero exit, never a traceback; passwords without a
terminal; a closed pipe ends quietly; third-party chatter stays out; every option has help."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import build_parser
from bot.states import ALLOWED
from tests.conftest import CASES_CSV

ROOT = Path(__file__).resolve().parents[1]


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DIARIEBOT_")}
    return env | {"PYTHONPATH": str(ROOT), "OMP_THREAD_LIMIT": "1"} | extra


def diariebot(*args: str, stdin: str | None = None, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot", *args], input=stdin, env=_env(**env),
                          stdin=subprocess.DEVNULL if stdin is None else None,
                          capture_output=True, text=True, timeout=120)


def one_line(done: subprocess.CompletedProcess[str]) -> str:
    err = done.stderr.strip()
    assert err and "\n" not in err and "Traceback" not in err, done.stderr
    return err


def test_ocr_of_a_missing_file_is_one_line_and_fails(tmp_path):
    done = diariebot("--home", str(tmp_path), "ocr", str(tmp_path / "saknas.pdf"))
    assert done.returncode == 1
    assert "saknas.pdf" in one_line(done)


def test_an_empty_path_is_not_the_current_folder(tmp_path):
    """`diariebot ingest "$FILE"` with FILE unset must not ingest everything under `.`."""
    (tmp_path / "brev.txt").write_text("hej")
    done = subprocess.run([sys.executable, "-m", "bot", "--home", str(tmp_path / "h"), "ingest", ""],
                          cwd=tmp_path, env=_env(), capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert "''" in one_line(done)
    assert done.stdout == ""


def test_user_add_reads_the_password_from_a_pipe(tmp_path):
    done = diariebot("--home", str(tmp_path), "user", "add", "karin", stdin="ett-långt-lösen\n")
    assert done.returncode == 0, done.stderr
    from bot.auth import authenticate
    from bot.context import open_context
    from bot.db import session_scope
    from bot.settings import load_settings

    with session_scope(open_context(load_settings(tmp_path)).engine) as session:
        assert authenticate(session, "karin", "ett-långt-lösen", "127.0.0.1") is not None


def test_user_add_takes_the_password_from_the_environment(tmp_path):
    done = diariebot("--home", str(tmp_path), "user", "add", "per", "--role", "admin",
                     DIARIEBOT_PASSWORD="ett-annat-lösen")
    assert done.returncode == 0, done.stderr
    assert "per (admin)" in done.stdout


def test_user_add_without_a_terminal_or_a_password_refuses_clearly(tmp_path):
    done = diariebot("--home", str(tmp_path), "user", "add", "olle")
    assert done.returncode == 1
    assert "DIARIEBOT_PASSWORD" in one_line(done)


def test_a_reader_that_closes_the_pipe_ends_it_quietly(tmp_path):
    """`diariebot settings | head -1`: the reader is gone before we write."""
    child = subprocess.Popen([sys.executable, "-m", "bot", "--home", str(tmp_path), "settings"],
                             env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert child.stdout is not None and child.stderr is not None
    child.stdout.close()
    err = child.stderr.read().decode()
    assert child.wait(timeout=60) == 141
    assert err == ""


def test_an_unknown_state_names_the_valid_ones(tmp_path):
    done = diariebot("--home", str(tmp_path), "items", "--state", "nonsense")
    assert done.returncode == 2
    err = one_line(done)
    assert "nonsense" in err and all(state in err for state in ALLOWED)


def test_a_registry_import_with_failed_rows_fails_and_says_how_many(tmp_path):
    bad = tmp_path / "cases.csv"
    bad.write_text(CASES_CSV + "XX,Trasig rad,,,,\nYY,Också trasig,,,,\n", encoding="utf-8")
    done = diariebot("--home", str(tmp_path / "home"), "registry", "import", str(bad))
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 3 and "Traceback" not in done.stderr
    assert lines[-1].startswith("2 rad(er)")
    assert "3 nya / new" in done.stdout  # the good rows still import


def test_version():
    done = diariebot("--version")
    assert done.returncode == 0
    assert done.stdout.startswith("diariebot ")


def test_a_usage_error_is_one_line_and_exit_2():
    done = diariebot("items", "--no-such-option")
    assert done.returncode == 2
    assert "--no-such-option" in one_line(done)


def test_a_missing_settings_file_is_a_settings_error(tmp_path):
    done = diariebot("--config", str(tmp_path / "saknas.toml"), "settings")
    assert done.returncode == 2
    assert "saknas.toml" in one_line(done)


def test_an_unexpected_error_is_one_line_and_verbose_shows_the_traceback(tmp_path):
    home = tmp_path / "a-file"
    home.write_text("not a folder")
    done = diariebot("--home", str(home), "items")
    assert done.returncode == 1
    assert "-v" in one_line(done)
    verbose = diariebot("-v", "--home", str(home), "items")
    assert verbose.returncode == 1 and "Traceback" in verbose.stderr


def test_third_party_info_stays_out_of_the_output(tmp_path):
    done = diariebot("--home", str(tmp_path), "items", "--json")  # creates the database
    assert done.returncode == 0
    assert json.loads(done.stdout) == []
    assert done.stderr == ""


def _parsers(parser: argparse.ArgumentParser, path: str = "diariebot"):
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                yield from _parsers(child, f"{path} {name}")


def _bilingual(text: str | None) -> bool:
    return bool(text) and " / " in str(text)


PARSERS = list(_parsers(build_parser()))


@pytest.mark.parametrize("path,parser", PARSERS, ids=[path for path, _ in PARSERS])
def test_every_command_and_option_has_bilingual_help(path, parser):
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction):
            continue
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                assert _bilingual(choice.help), f"{path} {choice.dest}: help missing or not sv / en"
            continue
        assert _bilingual(action.help), f"{path} {action.option_strings or action.dest}: help"
