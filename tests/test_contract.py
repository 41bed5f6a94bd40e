"""The output contract (docs/contract.md): `ocr --json` has the promised shape; every setting
has help text. (That settings and commands are documented is tests/test_documentation.py.)"""

import json

from bot.cli import main
from bot.settings import settings_help
from tests.conftest import make_pdf


def test_every_setting_has_help():
    for name, _default, text in settings_help():
        assert text, name


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
