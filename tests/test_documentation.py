"""The docs stay honest: every setting and every command (and sub-command) is documented in
docs/, every `diariebot …` command the docs and the README show is a real one, every
documented setting and DIARIEBOT_* variable exists, every local link leads to a page."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from bot.cli import build_parser
from bot.settings import settings_help

ROOT = Path(__file__).resolve().parents[1]
PAGES = {p.relative_to(ROOT).as_posix(): p.read_text(encoding="utf-8")
         for p in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]}
DOCS = "\n".join(text for name, text in PAGES.items() if name.startswith("docs/"))
GLOBAL_OPTIONS = {"--home": 1, "--config": 1, "-v": 0, "--verbose": 0}
SETTINGS = {name for name, _default, _help in settings_help()}


def _tree(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def command_paths(parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()):
    for name, child in _tree(parser).items():
        yield (*prefix, name)
        yield from command_paths(child, (*prefix, name))


def _code(text: str) -> list[str]:
    """Fenced blocks and inline code spans: where commands are shown, not talked about."""
    blocks = re.findall(r"^```[^\n]*\n(.*?)^```", text, re.M | re.S)
    spans = re.findall(r"`([^`\n]+)`", re.sub(r"^```.*?^```", "", text, flags=re.M | re.S))
    return blocks + spans


def shown_commands(text: str) -> list[tuple[str, ...]]:
    """Each `diariebot [global options] word word…` in code, as the words after the options."""
    found = []
    for code in _code(text):
        for match in re.finditer(r"(?<![\w./-])diariebot((?:[ \t]+[^\s|;#&)]+)+)", code):
            words = match.group(1).split()
            while words and words[0] == "diariebot":  # `docker compose exec diariebot diariebot …`
                words = words[1:]
            while words and words[0] in GLOBAL_OPTIONS:
                words = words[1 + GLOBAL_OPTIONS[words[0]]:]
            if words and not words[0].startswith(("-", "…")):
                found.append(tuple(words))
    return found


def _documented(path: tuple[str, ...]) -> bool:
    return any(words[:len(path)] == path for words in shown_commands(DOCS))


@pytest.mark.parametrize("path", [" ".join(p) for p in command_paths(build_parser())])
def test_every_command_is_documented_in_docs(path):
    assert _documented(tuple(path.split())), f"`diariebot {path}` appears nowhere in docs/"


@pytest.mark.parametrize("name", sorted(SETTINGS))
def test_every_setting_is_documented_in_docs(name):
    assert f"`{name}`" in DOCS, f"setting {name} appears nowhere in docs/"


@pytest.mark.parametrize("page", sorted(PAGES))
def test_every_command_shown_is_real(page):
    parser = build_parser()
    for words in shown_commands(PAGES[page]):
        node, tree = parser, _tree(parser)
        for word in words:
            if not tree or word.isupper():  # a leaf, or a placeholder such as COMMAND
                break
            assert word in tree, f"{page}: `diariebot {' '.join(words)}`: no command {word!r}"
            node = tree[word]
            tree = _tree(node)


@pytest.mark.parametrize("page", sorted(PAGES))
def test_every_diariebot_variable_shown_exists(page):
    extra = {"HOME", "PASSWORD"}
    for var in re.findall(r"\bDIARIEBOT_([A-Z0-9_]+)\b", PAGES[page]):
        name = var.removesuffix("_FILE").lower()
        assert name in SETTINGS or var in extra, f"{page}: DIARIEBOT_{var} is no setting"


def test_the_settings_table_names_only_real_settings():
    table = PAGES["docs/operator.md"].split("## Settings", 1)[1].split("\n## ", 1)[0]
    for cell in re.findall(r"^\| (.+?) \|", table, re.M):
        for name in re.findall(r"`([a-z_]+)`", cell):
            assert name in SETTINGS, f"docs/operator.md settings table: {name} is no setting"


@pytest.mark.parametrize("page", sorted(PAGES))
def test_every_local_link_leads_to_a_file(page):
    base = (ROOT / page).parent
    for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", PAGES[page]):
        if "://" not in target and not target.startswith("mailto:"):
            assert (base / target).exists(), f"{page}: link to {target} leads nowhere"


def test_the_readme_is_a_front_door():
    readme = PAGES["README.md"]
    assert len(readme.splitlines()) <= 120
    assert "./scripts/demo" in readme and "./scripts/test" in readme
    assert "docs/contract.md" in readme  # the output contract stays findable


def test_the_exit_codes_are_documented():
    section = PAGES["docs/operator.md"].split("### Exit codes", 1)[1].split("\n#", 1)[0]
    for code in ("`0`", "`1`", "`2`", "`130`", "`141`"):
        assert code in section
