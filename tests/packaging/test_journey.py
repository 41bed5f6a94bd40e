"""The end-to-end journey run from the installed wheel, outside the source tree: registry in,
a text PDF, a scan and a forwarded email in, processed, the right cases out."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.conftest import CASES_CSV, DOCUMENTS_CSV, make_email, make_pdf, make_scan
from tests.packaging.conftest import ROOT, clean_env

pytestmark = pytest.mark.slow


def _run(venv: Path, cwd: Path, *args: str) -> str:
    done = subprocess.run([str(venv / "bin" / "diariebot"), *args], cwd=cwd, env=clean_env(),
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"{args}: {done.stderr[-3000:]}"
    assert "Traceback" not in done.stderr
    return done.stdout


def _inbox(folder: Path) -> Path:
    folder.mkdir()
    (folder / "yttrande.pdf").write_bytes(make_pdf([
        "Länsstyrelsen i Västra Götalands län", "Yttrande över detaljplan för Tegelviken 3:14",
        "Er beteckning: KS 2021/0456-2", "Länsstyrelsen har inga invändningar."]))
    (folder / "Skanning_0012.png").write_bytes(make_scan([
        "Exempelby kommun, Kommunstyrelsen", "Delårsrapport januari-augusti 2020",
        "Diarienummer KS 2020/0102", "Kommunstyrelsen godkänner delårsrapporten."]))
    attachment = make_pdf(["Beslut", "Dnr KS 2021/0456-3", "Bygglov beviljas inte."])
    (folder / "VB_ Beslut.eml").write_bytes(make_email(
        "VB: Beslut om detaljplan", "Hej! Här är beslutet du bad om.\n/Anna",
        [("beslut.pdf", attachment, "application/pdf")]))
    return folder


def test_the_installed_package_is_the_wheel_not_the_checkout(venv, tmp_path):
    done = subprocess.run([str(venv / "bin" / "python"), "-c", "import bot; print(bot.__file__)"],
                          cwd=tmp_path, env=clean_env(), capture_output=True, text=True, timeout=60)
    where = Path(done.stdout.strip())
    assert where.is_relative_to(venv), where
    assert not where.is_relative_to(ROOT)


def test_registry_ingest_process_items_from_the_installed_wheel(venv, tmp_path):
    home = str(tmp_path / "home")
    (tmp_path / "cases.csv").write_text(CASES_CSV, encoding="utf-8")
    (tmp_path / "documents.csv").write_text(DOCUMENTS_CSV, encoding="utf-8")
    _run(venv, tmp_path, "--home", home, "registry", "import", "cases.csv", "documents.csv")
    out = _run(venv, tmp_path, "--home", home, "ingest", str(_inbox(tmp_path / "inbox")),
               "--submitter", "anna.berg@example.se")
    assert out.count("mottagen / received") == 3
    _run(venv, tmp_path, "--home", home, "process", "--until-idle")
    items = {i["filename"]: i for i in json.loads(_run(venv, tmp_path, "--home", home, "items", "--json"))}
    best = {name: (i["proposals"][0]["case_number"], i["proposals"][0]["doc_number"])
            for name, i in items.items() if i["proposals"]}
    assert best["yttrande.pdf"] == ("KS 2021/0456", 2)
    assert best["Skanning_0012.png"][0] == "KS 2020/0102"
    assert best["beslut.pdf"] == ("KS 2021/0456", 3)
    assert items["beslut.pdf"]["parent_id"] == items["VB_ Beslut.eml"]["id"]
    assert not [i for i in items.values() if i["state"] == "failed"]
