"""End to end through the command line: registry in, a text PDF, a scan and a forwarded email
with a PDF attachment ingested and processed, the right proposals out."""

import json

import pytest

from bot.cli import main
from tests.conftest import make_email, make_pdf, make_scan


def _run(capsys, *args):
    assert main(list(args)) == 0
    return capsys.readouterr().out


@pytest.fixture
def loaded_home(tmp_path, registry_files, capsys):
    home = str(tmp_path / "home")
    for path in registry_files:
        _run(capsys, "--home", home, "registry", "import", str(path))
    return home


def _by_name(items):
    return {i["filename"]: i for i in items}


@pytest.mark.slow
def test_text_pdf_scan_and_forwarded_email_get_the_right_proposals(tmp_path, loaded_home, capsys):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "yttrande.pdf").write_bytes(make_pdf([
        "Länsstyrelsen i Västra Götalands län", "Yttrande över detaljplan för Tegelviken 3:14",
        "Er beteckning: KS 2021/0456-2", "Länsstyrelsen har inga invändningar."]))
    (inbox / "Skanning_0012.png").write_bytes(make_scan([
        "Exempelby kommun, Kommunstyrelsen", "Delårsrapport januari-augusti 2020",
        "Diarienummer KS 2020/0102", "Kommunstyrelsen godkänner delårsrapporten."]))
    attachment = make_pdf(["Beslut", "Dnr KS 2021/0456-3", "Bygglov beviljas inte."])
    (inbox / "VB_ Beslut.eml").write_bytes(make_email(
        "VB: Beslut om detaljplan", "Hej! Här är beslutet du bad om.\n/Anna",
        [("beslut.pdf", attachment, "application/pdf")]))

    out = _run(capsys, "--home", loaded_home, "ingest", str(inbox), "--submitter",
               "anna.berg@example.se")
    assert out.count("mottagen / received") == 3
    _run(capsys, "--home", loaded_home, "process", "--until-idle")
    items = _by_name(json.loads(_run(capsys, "--home", loaded_home, "items", "--json")))

    pdf = items["yttrande.pdf"]
    assert pdf["state"] == "queued"
    assert (pdf["proposals"][0]["case_number"], pdf["proposals"][0]["doc_number"]) == (
        "KS 2021/0456", 2)
    assert pdf["proposals"][0]["confidence"] in {"high", "medium"}
    assert any("sida 1" in r for r in pdf["proposals"][0]["reasons"])

    scan = items["Skanning_0012.png"]
    assert scan["proposals"][0]["case_number"] == "KS 2020/0102"

    attached = items["beslut.pdf"]
    email = items["VB_ Beslut.eml"]
    assert attached["parent_id"] == email["id"]
    assert (attached["proposals"][0]["case_number"], attached["proposals"][0]["doc_number"]) == (
        "KS 2021/0456", 3)
    assert attached["submitter"] == "anna.berg@example.se"
    for item in items.values():
        assert set(item) >= {"id", "parent_id", "filename", "media_type", "sha256", "state",
                             "duplicate_of", "submitter", "channel", "proposals"}


def test_a_document_without_a_known_case_number_gets_no_proposal(tmp_path, loaded_home, capsys):
    path = tmp_path / "okänd.pdf"
    path.write_bytes(make_pdf(["Inbjudan till julbord", "Dnr KS 2011/0999"]))
    _run(capsys, "--home", loaded_home, "ingest", str(path))
    _run(capsys, "--home", loaded_home, "process", "--until-idle")
    (item,) = json.loads(_run(capsys, "--home", loaded_home, "items", "--json"))
    assert item["state"] == "queued"
    assert item["proposals"] == []


def test_a_board_less_number_matching_two_boards_is_not_confident(tmp_path, loaded_home, capsys):
    path = tmp_path / "brev.pdf"
    path.write_bytes(make_pdf(["Angående ärende 2021/456", "Med vänlig hälsning"]))
    _run(capsys, "--home", loaded_home, "ingest", str(path))
    _run(capsys, "--home", loaded_home, "process", "--until-idle")
    (item,) = json.loads(_run(capsys, "--home", loaded_home, "items", "--json"))
    numbers = {p["case_number"] for p in item["proposals"]}
    assert numbers == {"KS 2021/0456", "BN 2021/0456"}
    assert all(p["confidence"] != "high" for p in item["proposals"])


def test_broken_file_fails_with_a_reason_and_the_rest_goes_on(tmp_path, loaded_home, capsys):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "trasig.pdf").write_bytes(b"%PDF-1.4\n garbage without xref")
    (tmp_path / "in" / "ok.pdf").write_bytes(make_pdf(["Dnr KS 2020/0102"]))
    _run(capsys, "--home", loaded_home, "ingest", str(tmp_path / "in"))
    _run(capsys, "--home", loaded_home, "process", "--until-idle")
    items = _by_name(json.loads(_run(capsys, "--home", loaded_home, "items", "--json")))
    assert items["trasig.pdf"]["state"] == "failed"
    assert items["trasig.pdf"]["state_reason"]
    assert items["ok.pdf"]["proposals"][0]["case_number"] == "KS 2020/0102"
