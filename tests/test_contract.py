"""The documented contract: every setting has help and is in the README, `ocr --json` has the
promised shape, and every CLI command appears in the README."""

import json
from pathlib import Path

from bot.cli import build_parser, main
from bot.settings import settings_help
from tests.conftest import make_pdf

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_every_setting_has_help_and_is_documented():
    for name, _default, text in settings_help():
        assert text, name
        assert f"`{name}`" in README, f"setting {name} missing from README"


def test_every_command_is_documented():
    commands = build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    for name in commands:
        assert f"diariebot {name}" in README or f"diariebot --home DIR {name}" in README, name


def test_ocr_json_contract(tmp_path, capsys):
    path = tmp_path / "brev.pdf"
    path.write_bytes(make_pdf(["Kommunstyrelsen", "Dnr KS 2021/0456"]))
    assert main(["--home", str(tmp_path / "h"), "ocr", str(path), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    (page,) = result["pages"]
    assert {"number", "text", "confidence"} <= set(page)
    assert page["number"] == 1
    assert "KS 2021/0456" in page["text"]


def test_ocr_of_a_broken_file_says_why(tmp_path, capsys):
    path = tmp_path / "trasig.pdf"
    path.write_bytes(b"%PDF-1.7 nothing here")
    assert main(["ocr", str(path)]) == 1
    assert capsys.readouterr().err.strip()
