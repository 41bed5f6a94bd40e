"""`diariebot coverage` on the small registry: `--json` counts what the registry holds and what was
confirmed, `--year` and `--board` narrow every number, and the table names each board."""

from __future__ import annotations

import json

from bot import decisions
from bot.cli import main
from bot.db import session_scope
from tests.web.conftest import Want, queue_item


def _json(ctx, capsys, *args: str) -> dict:
    capsys.readouterr()
    assert main(["--home", str(ctx.settings.home), "coverage", "--json", *args]) == 0
    return json.loads(capsys.readouterr().out)


def _campaign(ctx) -> None:
    """KS 2021/0456-2 recovered, BN 2021/0456-1 proposed by an item in the queue."""
    item = queue_item(ctx, "y.pdf", [["Dnr KS 2021/0456-2"]], [Want("KS 2021/0456", 2, 0.95)])
    queue_item(ctx, "a.pdf", [["Ansökan om bygglov"]], [Want("BN 2021/0456", 1, 0.7)])
    with session_scope(ctx.engine) as session:
        decisions.confirm(session, item, "rut")


def test_json_counts_and_narrows_by_year_and_board(registry, capsys):
    _campaign(registry)
    whole = _json(registry, capsys)
    assert (whole["records"], whole["recovered"], whole["proposed"], whole["missing"]) == (5, 1, 1, 4)
    assert [(y["year"], y["records"]) for y in whole["by_year"]] == [(2020, 1), (2021, 4)]
    assert whole["weeks"][-1]["cumulative"] == 1
    old = _json(registry, capsys, "--year", "2020")
    assert (old["records"], old["recovered"], old["proposed"]) == (1, 0, 0)
    assert old["filters"] == {"board": None, "year": 2020} and old["weeks"] == []
    bn = _json(registry, capsys, "--board", "bn", "--year", "2021")
    assert (bn["records"], bn["recovered"], bn["proposed"]) == (1, 0, 1)
    assert [b["board"] for b in bn["by_board"]] == ["BN"]


def test_the_table_lists_boards_years_and_kinds(registry, capsys):
    _campaign(registry)
    assert main(["--home", str(registry.settings.home), "coverage"]) == 0
    out = capsys.readouterr().out
    assert "KS Kommunstyrelsen" in out and "BN Byggnadsnämnden" in out
    assert "2020" in out and "beslut" in out and "20.0%" in out
