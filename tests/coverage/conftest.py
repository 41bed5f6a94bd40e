"""The demo municipality, built once for the module that asks for it: its registry imported, its
intake processed (real OCR), a registrar, a staff directory naming the handlers' addresses, and
the high-confidence proposals confirmed from the command line."""

from __future__ import annotations

import csv
import unicodedata
from pathlib import Path

import pytest

from bot.auth import add_user
from bot.cli import main
from bot.context import Context, open_context
from bot.db import session_scope
from bot.demo import prepare
from bot.settings import load_settings
from bot.worker import run_until_idle

INTAKE = "diariet@exempelby.se"
SECRETARY = "kansliet@exempelby.se"


def address_of(name: str) -> str:
    """The directory's address for a fictional employee: förnamn.efternamn, ASCII."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return ".".join(plain.lower().split()) + "@exempelby.se"


def _directory(home: Path, cases_csv: Path) -> None:
    handlers = sorted({row["handler"] for row in csv.DictReader(cases_csv.open(encoding="utf-8"))})
    lines = [f'intake_address = "{INTAKE}"', 'receipt_from = "diariebot@exempelby.se"',
             "[staff_addresses]", *[f'"{h}" = "{address_of(h)}"' for h in handlers],
             "[board_secretaries]", f'KS = "{SECRETARY}"']
    (home / "diariebot.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Context:
    home = tmp_path_factory.mktemp("demo-home")
    ctx = open_context(load_settings(home=home))
    source = prepare(ctx)
    run_until_idle(ctx)
    _directory(home, source / "cases.csv")
    with session_scope(ctx.engine) as session:
        add_user(session, "rut", "rut-lösenord-123", "registrar")
    assert main(["--home", str(home), "confirm", "--high", "--user", "rut"]) == 0
    return open_context(load_settings(home=home))
